// Deadlines in the rules are counted in working days (工作日) in Beijing time. Weekends
// are skipped; the State Council's yearly holiday calendar is not modelled yet, so a
// deadline that spans a public holiday comes out earlier than the legal one (never later).

const BEIJING_OFFSET_MS = 8 * 3600_000;

/** The Beijing calendar date (YYYY-MM-DD) of an instant. */
export function beijingDate(iso: string): string {
  return new Date(Date.parse(iso) + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

function isWeekend(date: string): boolean {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 || day === 6;
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The date n working days after the given instant's Beijing date (that day not counted). */
export function addWorkingDays(fromIso: string, n: number): string {
  let date = beijingDate(fromIso);
  let left = n;
  while (left > 0) {
    date = addDays(date, 1);
    if (!isWeekend(date)) left -= 1;
  }
  return date;
}

/** The last instant of a Beijing calendar date, as an ISO string (23:59:59.999 +08:00). */
export function endOfBeijingDay(date: string): string {
  return new Date(Date.parse(`${date}T23:59:59.999Z`) - BEIJING_OFFSET_MS).toISOString();
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
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}
