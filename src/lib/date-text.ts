// Dates as staff type them. Date inputs send YYYY-MM-DD, but text fields (and browsers
// without a date picker) receive what people write in Chinese offices: "2026年5月31日",
// "5月31日" (this year), "2026/5/31", "2026.5.31", full-width digits. Every such form
// becomes the same YYYY-MM-DD here, and nowhere else.

const FORMS: RegExp[] = [/^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?$/, /^()(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$/];

/** The YYYY-MM-DD a typed date stands for, or null when it is not a real calendar date. `today` (YYYY-MM-DD) supplies the year left out. */
export function parseDateText(text: string, today: string): string | null {
  const plain = text.normalize("NFKC").trim();
  for (const form of FORMS) {
    const m = form.exec(plain);
    if (!m) continue;
    const year = Number(m[1] || today.slice(0, 4));
    const iso = `${year}-${m[2]!.padStart(2, "0")}-${m[3]!.padStart(2, "0")}`;
    const d = new Date(Date.UTC(year, Number(m[2]) - 1, Number(m[3])));
    return d.toISOString().slice(0, 10) === iso ? iso : null;
  }
  return null;
}

/** The typed text as YYYY-MM-DD when it is a date, otherwise unchanged (so that validation reports it). */
export function normalizeDateText(text: string, today: string): string {
  return parseDateText(text, today) ?? text.trim();
}
