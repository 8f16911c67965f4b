import type { MiddlewareHandler } from "hono";
import type { Compilable } from "kysely";
import { platformData, type PlatformData } from "../data/platform-data";
import type { AppEnv } from "../env";
import { useCalendars, type YearCalendar } from "../lib/holiday-calendar";

// Keeps the holiday calendars entered by operators in force in this isolate. Deadlines
// are computed synchronously all over the product, so the entered years are read from
// PLATFORM at most once a minute per isolate and handed to src/lib/holiday-calendar.ts.

const REFRESH_MS = 60_000;
let loadedAt = 0;

export async function enteredCalendars(platform: PlatformData): Promise<YearCalendar[]> {
  const rows = await platform.selectFrom("holiday_calendars").selectAll().orderBy("year").execute();
  return rows.map((r) => ({ year: r.year, holidays: JSON.parse(r.holidays_json) as string[], workdays: JSON.parse(r.workdays_json) as string[], source: r.source }));
}

/** A year's calendar as entered (replacing the year's earlier entry), for the operator's audited batch. */
export function calendarSaved(platform: PlatformData, row: { year: number; holidays_json: string; workdays_json: string; source: string; updated_by: string; updated_at: string }): Compilable {
  return platform
    .insertInto("holiday_calendars")
    .values(row)
    .onConflict((oc) => oc.column("year").doUpdateSet(row));
}

/** Reads the entered calendars unless this isolate did so within the last minute (or forced). */
export async function refreshHolidayCalendars(env: { PLATFORM: D1Database }, force = false): Promise<void> {
  if (!force && Date.now() - loadedAt < REFRESH_MS) return;
  useCalendars(await enteredCalendars(platformData(env)));
  loadedAt = Date.now();
}

/** Every request computes its deadlines on the current calendar. */
export const holidayCalendars: MiddlewareHandler<AppEnv> = async (c, next) => {
  await refreshHolidayCalendars(c.env);
  await next();
};
