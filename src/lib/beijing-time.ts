// The platform's people live in Beijing time (UTC+8, no daylight saving). Instants are
// stored as ISO-8601 UTC strings; calendar dates (YYYY-MM-DD) and times shown to people
// are Beijing ones. Every conversion between the two goes through this module.
//
// Deadlines in the rules are counted in working days (工作日) in Beijing time, on the
// State Council's holiday calendar (src/lib/holiday-calendar.ts).

import { isWorkingDay } from "./holiday-calendar";

const BEIJING_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** The instant shifted so that its UTC fields read as Beijing wall-clock fields. */
export function beijingWallClock(instant: string | number | Date): Date {
  const ms = typeof instant === "string" ? Date.parse(instant) : typeof instant === "number" ? instant : instant.getTime();
  return new Date(ms + BEIJING_OFFSET_MS);
}

/** The Beijing calendar date (YYYY-MM-DD) of an instant. */
export function beijingDate(iso: string): string {
  return beijingWallClock(iso).toISOString().slice(0, 10);
}

/** Today's date in Beijing, YYYY-MM-DD: the calendar day people there are living. */
export function beijingToday(now: number = Date.now()): string {
  return beijingWallClock(now).toISOString().slice(0, 10);
}

/** Beijing date and time of an instant, "YYYY-MM-DD HH:mm" (or with ":ss"). */
export function beijingDateTime(iso: string, precision: "minute" | "second" = "minute"): string {
  return beijingWallClock(iso)
    .toISOString()
    .slice(0, precision === "minute" ? 16 : 19)
    .replace("T", " ");
}

/** A Beijing date and wall-clock time ("HH:mm:ss") as ISO text with its +08:00 offset, for
 *  validating typed dates as instants: text that is not a date stays invalid. */
export function atBeijing(date: string, time: string): string {
  return `${date}T${time}+08:00`;
}

/** A Beijing calendar day (plus offsetDays) as the ISO instant it starts. */
export function beijingDayStart(date: string, offsetDays = 0): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - BEIJING_OFFSET_MS + offsetDays * DAY_MS).toISOString();
}

/** The last instant of a Beijing calendar date, as an ISO string (23:59:59.999 +08:00). */
export function endOfBeijingDay(date: string): string {
  return new Date(Date.parse(`${date}T23:59:59.999Z`) - BEIJING_OFFSET_MS).toISOString();
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The date n working days after the given instant's Beijing date (that day not counted). */
export function addWorkingDays(fromIso: string, n: number): string {
  let date = beijingDate(fromIso);
  let left = n;
  while (left > 0) {
    date = addDays(date, 1);
    if (isWorkingDay(date)) left -= 1;
  }
  return date;
}

/** Working days after date a up to and including date b (0 when b is not after a). */
export function workingDaysBetween(a: string, b: string): number {
  let days = 0;
  for (let d = addDays(a, 1); d <= b; d = addDays(d, 1)) if (isWorkingDay(d)) days += 1;
  return days;
}

/** Calendar months later, clamped to the month's last day (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, "0")}-${String(Math.min(d, last)).padStart(2, "0")}`;
}

/** Whole days from date a to date b (b - a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}
