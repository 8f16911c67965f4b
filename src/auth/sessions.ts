import type { Context } from "hono";
import { getCookie, setCookie, deleteCookie } from "hono/cookie";
import { districtStatements, type DistrictData } from "../data/district-data";
import type { Role } from "../data/schema";
import type { AppEnv } from "../env";
import { sql } from "kysely";
import { randomToken, sha256Hex } from "../lib/crypto";
import { addMinutes, minutesBetween, nowIso } from "../lib/time";

// Sessions: a random 256-bit token in an HttpOnly cookie; only its SHA-256 is stored.
// The token is prefixed with the district code so that a cookie presented to another
// district is recognised as foreign (and that district's private routes answer 404).

export const IDLE_MINUTES = 30;
export const ABSOLUTE_MINUTES = 12 * 60;
const TOUCH_EVERY_MINUTES = 1;
export const SESSION_COOKIE = "sid";

export interface Grant {
  role: Role;
  scopeArea: string;
  organizationId: string | null;
}

export interface CurrentUser {
  id: string;
  email: string;
  displayName: string;
  grants: Grant[];
  sessionHash: string;
}

/** Secure everywhere except plain http on a loopback host (local development). */
export function cookieIsSecure(c: Context<AppEnv>): boolean {
  const url = new URL(c.req.url);
  const loopback = url.hostname === "localhost" || url.hostname === "127.0.0.1" || url.hostname.endsWith(".localhost") || url.hostname === "[::1]";
  return url.protocol === "https:" || !loopback;
}

export function cookiePath(c: Context<AppEnv>): string {
  return c.var.base || "/";
}

/** A new session row for `userId`; the caller writes it (with its audit event) and then sets the cookie. */
export async function newSession(data: DistrictData, userId: string) {
  const token = randomToken();
  const now = nowIso();
  const insert = data.insertInto("sessions", {
    id_hash: await sha256Hex(token),
    user_id: userId,
    created_at: now,
    last_seen_at: now,
    expires_at: addMinutes(now, ABSOLUTE_MINUTES),
  });
  return { insert, token };
}

export function setSessionCookie(c: Context<AppEnv>, token: string): void {
  setCookie(c, SESSION_COOKIE, `${c.var.data.districtId}.${token}`, {
    path: cookiePath(c),
    httpOnly: true,
    secure: cookieIsSecure(c),
    sameSite: "Lax",
    maxAge: ABSOLUTE_MINUTES * 60,
  });
}

export function clearSessionCookie(c: Context<AppEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { path: cookiePath(c), secure: cookieIsSecure(c) });
}

export type SessionLookup =
  | { kind: "none" }
  | { kind: "foreign" } // a valid-looking token of another district
  | { kind: "expired" }
  | { kind: "user"; user: CurrentUser /** Unread inbox messages (the bell), read for pages only. */; unread?: number };

// Every signed-in request reads its session: built once, bound per request. A page also
// shows the bell's unread count, counted in the same round trip.
const session = (data: DistrictData, p: { idHash: string }) => [
  data
    .selectFrom("sessions")
    .innerJoin("users", (j) => j.onRef("users.district_id", "=", "sessions.district_id").onRef("users.id", "=", "sessions.user_id"))
    .select(["sessions.user_id", "sessions.last_seen_at", "sessions.expires_at", "users.email", "users.display_name", "users.status"])
    .where("sessions.id_hash", "=", p.idHash),
  data
    .selectFrom("role_grants")
    .innerJoin("sessions", (j) => j.onRef("sessions.district_id", "=", "role_grants.district_id").onRef("sessions.user_id", "=", "role_grants.user_id"))
    .select(["role_grants.role", "role_grants.scope_area", "role_grants.organization_id"])
    .where("sessions.id_hash", "=", p.idHash),
];
const sessionReads = districtStatements("auth.session", session);
const sessionAndBellReads = districtStatements("auth.session.bell", (data, p: { idHash: string }) => [
  ...session(data, p),
  data
    .selectFrom("notification_deliveries")
    .innerJoin("sessions", (j) => j.onRef("sessions.district_id", "=", "notification_deliveries.district_id").onRef("sessions.user_id", "=", "notification_deliveries.user_id"))
    .select(sql<number>`count(*)`.as("n"))
    .where("sessions.id_hash", "=", p.idHash)
    .where("notification_deliveries.channel", "=", "inbox")
    .where("notification_deliveries.read_at", "is", null),
]);

/** Reads the session cookie and loads the signed-in user and their roles in one round trip. */
export async function loadSession(c: Context<AppEnv>, data: DistrictData): Promise<SessionLookup> {
  const cookie = getCookie(c, SESSION_COOKIE);
  if (!cookie) return { kind: "none" };
  const dot = cookie.indexOf(".");
  const code = cookie.slice(0, dot);
  if (dot !== 6 || !/^\d{6}$/.test(code)) return { kind: "none" };
  if (code !== data.districtId) return { kind: "foreign" };
  const idHash = await sha256Hex(cookie.slice(dot + 1));

  const page = c.req.method === "GET" && !c.req.path.includes("/api/");
  const [sessions, grants, bell] = await data.read<Record<string, string | null>>((page ? sessionAndBellReads : sessionReads)(data, { idHash }));
  const row = sessions?.[0];
  if (!row) return { kind: "none" };
  const now = nowIso();
  const idle = minutesBetween(row.last_seen_at!, now) > IDLE_MINUTES;
  if (idle || row.expires_at! <= now || row.status !== "active") {
    await data.writeUnaudited([data.deleteFrom("sessions").where("id_hash", "=", idHash)]);
    return { kind: "expired" };
  }
  if (minutesBetween(row.last_seen_at!, now) > TOUCH_EVERY_MINUTES) {
    await data.writeUnaudited([data.updateTable("sessions").set({ last_seen_at: now }).where("id_hash", "=", idHash)]);
  }
  return {
    kind: "user",
    user: {
      id: row.user_id!,
      email: row.email!,
      displayName: row.display_name!,
      sessionHash: idHash,
      grants: (grants ?? []).map((g) => ({ role: g.role as Role, scopeArea: g.scope_area ?? "", organizationId: g.organization_id ?? null })),
    },
    unread: bell ? Number(bell[0]?.n ?? 0) : undefined,
  };
}
