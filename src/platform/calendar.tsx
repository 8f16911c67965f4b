import type { Context } from "hono";
import * as z from "zod/mini";
import { platformData } from "../data/platform-data";
import type { AppEnv } from "../env";
import type { FieldError } from "../http/errors";
import type { routes } from "../http/routes";
import { readForm } from "../http/validation";
import { t, type Locale } from "../i18n/messages";
import { beijingToday } from "../lib/beijing-time";
import { calendarFor, type YearCalendar } from "../lib/holiday-calendar";
import { nowIso } from "../lib/time";
import { ErrorSummary, TextArea, TextField } from "../ui/form";
import { CsrfField, Layout, pageInfo } from "../ui/layout";
import { calendarSaved, enteredCalendars, refreshHolidayCalendars } from "./holiday-calendars";
import { operatorAudit } from "./operators";

// /platform/calendar: the holiday calendar every working-day deadline follows. The
// operator copies next year's dates from the State Council's notice when it appears.

/** Years the console lists: shipped or entered, plus this year and the next. */
function yearsToShow(entered: readonly YearCalendar[], thisYear: number): number[] {
  const years = new Set<number>([thisYear, thisYear + 1, ...entered.map((c) => c.year)]);
  for (let y = thisYear - 1; y <= thisYear + 1; y++) if (calendarFor(y)) years.add(y);
  return [...years].sort((a, b) => b - a);
}

/** Years at or after this one with no calendar: their deadlines skip weekends only. */
export function missingCalendarYears(today: string): number[] {
  const year = Number(today.slice(0, 4));
  return [year, year + 1].filter((y) => !calendarFor(y));
}

const DATE = /^(\d{4})[-年/.](\d{1,2})[-月/.](\d{1,2})日?$/;
const MONTH_DAY = /^(\d{1,2})月(\d{1,2})日?$/;

function isoDate(text: string, year: number): string | null {
  const full = DATE.exec(text);
  const md = full ? null : MONTH_DAY.exec(text);
  const [y, m, d] = full ? [Number(full[1]), Number(full[2]), Number(full[3])] : md ? [year, Number(md[1]), Number(md[2])] : [NaN, NaN, NaN];
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return null;
  const iso = `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
  return new Date(`${iso}T00:00:00Z`).toISOString().slice(0, 10) === iso ? iso : null;
}

/**
 * Dates typed the way the notice writes them: one per line or separated by commas or
 * 、, as 2026-10-01, 2026年10月1日 or 10月1日, and ranges with 至, 到 or ~.
 * Returns the sorted dates, or the first piece it could not read.
 */
export function parseDates(text: string, year: number): { dates: string[] } | { bad: string } {
  const dates = new Set<string>();
  for (const piece of text
    .split(/[\n,，、;；]+/)
    .map((p) => p.replace(/\s+/g, ""))
    .filter(Boolean)) {
    const [fromText, toText, ...rest] = piece.split(/至|到|~|～/);
    const from = isoDate(fromText!, year);
    // "10月1日至7日": the end may omit the month.
    const to = toText === undefined ? from : (isoDate(toText, year) ?? (from && /^\d{1,2}日?$/.test(toText) ? isoDate(`${from.slice(5, 7)}月${toText.replace("日", "")}日`, year) : null));
    if (!from || !to || rest.length || to < from) return { bad: piece };
    for (let d = from; d <= to; d = new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)) dates.add(d);
  }
  return { dates: [...dates].sort() };
}

const calendarSchema = z.object({
  year: z.string().check(z.regex(/^20\d\d$/)),
  holidays: z.string().check(z.minLength(1), z.maxLength(4000)),
  workdays: z._default(z.string().check(z.maxLength(2000)), ""),
  source: z.string().check(z.minLength(1), z.maxLength(300)),
});

/** Checks the typed calendar; field errors in the operator's language, or the calendar. */
export function readCalendar(input: z.output<typeof calendarSchema>, l: Locale): { calendar: YearCalendar } | { errors: FieldError[] } {
  const year = Number(input.year);
  const errors: FieldError[] = [];
  const read = (field: "holidays" | "workdays") => {
    const result = parseDates(input[field], year);
    if ("bad" in result) {
      errors.push({ field, code: "invalid_format", message: t(l, "platform.calendar.badDate", { text: result.bad }) });
      return [];
    }
    const outside = result.dates.find((d) => !d.startsWith(`${year}-`));
    if (outside) errors.push({ field, code: "invalid_format", message: t(l, "platform.calendar.otherYear", { date: outside, year }) });
    return result.dates;
  };
  const holidays = read("holidays");
  const workdays = read("workdays");
  const both = workdays.find((d) => holidays.includes(d));
  if (both) errors.push({ field: "workdays", code: "invalid_format", message: t(l, "platform.calendar.both", { date: both }) });
  const weekday = workdays.find((d) => ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()));
  if (weekday) errors.push({ field: "workdays", code: "invalid_format", message: t(l, "platform.calendar.notWeekend", { date: weekday }) });
  return errors.length ? { errors } : { calendar: { year, holidays, workdays, source: input.source.trim() } };
}

function CalendarPage(props: { c: Context<AppEnv>; entered: YearCalendar[]; values?: Record<string, string>; errors?: FieldError[]; status?: string }) {
  const page = pageInfo(props.c);
  const l = page.locale;
  const today = beijingToday();
  const thisYear = Number(today.slice(0, 4));
  const missing = missingCalendarYears(today);
  const v = props.values ?? { year: String(missing[0] ?? thisYear + 1) };
  return (
    <Layout page={page} title={t(l, "platform.calendar.title")}>
      <h1>{t(l, "platform.calendar.title")}</h1>
      <p>
        <a href="/platform">{t(l, "platform.console")}</a>
      </p>
      <p>{t(l, "platform.calendar.intro")}</p>
      {props.status ? (
        <p class="notice ok" role="status">
          {props.status}
        </p>
      ) : null}
      {missing.map((year) => (
        <p class="notice warn" role="status">
          {t(l, "platform.calendar.missing", { year })}
        </p>
      ))}
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t(l, "platform.calendar.year")}</th>
              <th scope="col">{t(l, "platform.calendar.holidayCount")}</th>
              <th scope="col">{t(l, "platform.calendar.workdayCount")}</th>
              <th scope="col">{t(l, "platform.calendar.source")}</th>
              <th scope="col">{t(l, "platform.calendar.origin")}</th>
            </tr>
          </thead>
          <tbody>
            {yearsToShow(props.entered, thisYear).map((year) => {
              const found = calendarFor(year);
              return (
                <tr>
                  <th scope="row">{year}</th>
                  <td>{found ? found.calendar.holidays.length : "—"}</td>
                  <td>{found ? found.calendar.workdays.length : "—"}</td>
                  <td>{found ? found.calendar.source : t(l, "platform.calendar.none")}</td>
                  <td>{found ? t(l, found.entered ? "platform.calendar.entered" : "platform.calendar.shipped") : t(l, "platform.calendar.weekendsOnly")}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <h2>{t(l, "platform.calendar.enter")}</h2>
      <ErrorSummary locale={l} errors={props.errors ?? []} />
      <form class="stack" method="post" action="/platform/calendar" novalidate>
        <CsrfField token={page.csrfToken} />
        <TextField name="year" type="number" label={t(l, "platform.calendar.year")} value={v.year} errors={props.errors} required />
        <TextArea name="holidays" label={t(l, "platform.calendar.holidays")} hint={t(l, "platform.calendar.datesHint")} value={v.holidays} errors={props.errors} rows={8} required />
        <TextArea name="workdays" label={t(l, "platform.calendar.workdays")} hint={t(l, "platform.calendar.workdaysHint")} value={v.workdays} errors={props.errors} rows={3} />
        <TextField name="source" label={t(l, "platform.calendar.source")} hint={t(l, "platform.calendar.sourceHint")} value={v.source} errors={props.errors} required />
        <button type="submit">{t(l, "platform.calendar.save")}</button>
      </form>
    </Layout>
  );
}

export function registerCalendarRoutes(r: ReturnType<typeof routes>): void {
  r.get("/calendar", "operator", async (c) => {
    const entered = await enteredCalendars(platformData(c.env));
    const saved = c.req.query("saved");
    return c.html(<CalendarPage c={c} entered={entered} status={saved ? t(c.var.locale, "platform.calendar.saved", { year: saved }) : undefined} />);
  });
  r.post("/calendar", "operator", async (c) => {
    const l = c.var.locale;
    const platform = platformData(c.env);
    const form = await readForm(c, calendarSchema);
    if (!form.ok) return c.html(<CalendarPage c={c} entered={await enteredCalendars(platform)} values={form.values} errors={form.errors} />, 422);
    const checked = readCalendar(form.data, l);
    if ("errors" in checked) return c.html(<CalendarPage c={c} entered={await enteredCalendars(platform)} values={form.values} errors={checked.errors} />, 422);
    const cal = checked.calendar;
    const operator = c.get("operator")!;
    const row = { year: cal.year, holidays_json: JSON.stringify(cal.holidays), workdays_json: JSON.stringify(cal.workdays), source: cal.source, updated_by: operator.id, updated_at: nowIso() };
    await operatorAudit(c, operator.id, [calendarSaved(platform, row)], {
      action: "platform.holiday_calendar_saved",
      targetType: "holiday_calendar",
      targetId: String(cal.year),
      after: { holidays: cal.holidays.length, workdays: cal.workdays.length, source: cal.source },
    });
    await refreshHolidayCalendars(c.env, true);
    return c.redirect(`/platform/calendar?saved=${cal.year}`, 303);
  });
}
