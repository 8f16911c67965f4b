// The State Council's yearly holiday calendar (国务院办公厅关于…年部分节假日安排的通知):
// public holidays, and the weekend days that become working days in exchange (调休上班).
// Every working-day deadline in the product reads it through isWorkingDay(). A year
// with no calendar falls back to "Monday to Friday", which can put a deadline on a
// holiday, so the operator console says which years are missing.
//
// The calendars for the years below ship with the code, from the notices named in
// `source`. The platform operator enters next year's from its notice (usually published
// in November) on /platform/calendar; an entered year replaces the shipped one.

export interface YearCalendar {
  year: number;
  /** Beijing dates (YYYY-MM-DD) that are public holidays, weekends included. */
  holidays: readonly string[];
  /** Weekend dates that are working days (调休上班). */
  workdays: readonly string[];
  /** The notice the dates come from. */
  source: string;
}

function span(from: string, to: string): string[] {
  const days: string[] = [];
  for (let d = Date.parse(`${from}T00:00:00Z`); d <= Date.parse(`${to}T00:00:00Z`); d += 86_400_000) days.push(new Date(d).toISOString().slice(0, 10));
  return days;
}

export const SHIPPED_CALENDARS: readonly YearCalendar[] = [
  {
    year: 2025,
    // 国办发明电〔2024〕12号, 2024-11-12, the first year under the revised 全国年节及纪念日放假办法.
    holidays: ["2025-01-01", ...span("2025-01-28", "2025-02-04"), ...span("2025-04-04", "2025-04-06"), ...span("2025-05-01", "2025-05-05"), ...span("2025-05-31", "2025-06-02"), ...span("2025-10-01", "2025-10-08")],
    workdays: ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"],
    source: "国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号，2024年11月12日）",
  },
  {
    year: 2026,
    holidays: [
      ...span("2026-01-01", "2026-01-03"),
      ...span("2026-02-15", "2026-02-23"),
      ...span("2026-04-04", "2026-04-06"),
      ...span("2026-05-01", "2026-05-05"),
      ...span("2026-06-19", "2026-06-21"),
      ...span("2026-09-25", "2026-09-27"),
      ...span("2026-10-01", "2026-10-07"),
    ],
    workdays: ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"],
    source: "国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）",
  },
];

interface LoadedYear {
  holidays: ReadonlySet<string>;
  workdays: ReadonlySet<string>;
  calendar: YearCalendar;
  entered: boolean;
}

let years = new Map<number, LoadedYear>();

function load(calendar: YearCalendar, entered: boolean): LoadedYear {
  return { holidays: new Set(calendar.holidays), workdays: new Set(calendar.workdays), calendar, entered };
}

/** Puts the calendars in force: the shipped ones, replaced year by year by those entered. */
export function useCalendars(entered: readonly YearCalendar[]): void {
  const next = new Map<number, LoadedYear>();
  for (const c of SHIPPED_CALENDARS) next.set(c.year, load(c, false));
  for (const c of entered) next.set(c.year, load(c, true));
  years = next;
}
useCalendars([]);

/** The calendar in force for a year, and whether the operator entered it; null if none. */
export function calendarFor(year: number): { calendar: YearCalendar; entered: boolean } | null {
  const y = years.get(year);
  return y ? { calendar: y.calendar, entered: y.entered } : null;
}

/** Whether a Beijing date is a working day: the year's calendar first, else Monday to Friday. */
export function isWorkingDay(date: string): boolean {
  const y = years.get(Number(date.slice(0, 4)));
  if (y?.holidays.has(date)) return false;
  if (y?.workdays.has(date)) return true;
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day !== 0 && day !== 6;
}
