import { sql, type RawBuilder } from "kysely";

// The sign-in lockout (5 failures in 15 minutes per address) must hold under parallel
// attempts. Each attempt first reserves its place: one batch inserts a failure row and
// reads the address's recent rows back. An attempt goes ahead only if fewer than five
// rows were reserved before its own, so the sixth concurrent attempt is refused however
// the requests interleave. A wrong password leaves its row in place as the failure; a
// right one removes its own row and those reserved before it, never later ones.

export const LOCKOUT_FAILURES = 5;
export const LOCKOUT_WINDOW_MINUTES = 15;

/** SQLite's implicit row id, which grows with every insert: the order attempts were reserved in. */
export const rowid: RawBuilder<number> = sql<number>`rowid`;

export interface ReservedAttempt {
  rowid: number;
  failed_at: string;
}

/**
 * Minutes until `own` may try again, or 0 if it may go ahead now: counts only the
 * attempts reserved before it within the window (`recent` holds the window's rows).
 */
export function lockoutMinutes(recent: readonly ReservedAttempt[], own: number, now = Date.now()): number {
  const earlier = recent.filter((r) => r.rowid < own).sort((a, b) => (a.failed_at < b.failed_at ? 1 : a.failed_at > b.failed_at ? -1 : b.rowid - a.rowid));
  if (earlier.length < LOCKOUT_FAILURES) return 0;
  const fifthLatest = earlier[LOCKOUT_FAILURES - 1]!.failed_at;
  const until = Date.parse(fifthLatest) + LOCKOUT_WINDOW_MINUTES * 60_000;
  return Math.max(1, Math.ceil((until - now) / 60_000));
}
