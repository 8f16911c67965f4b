import { notify } from "../../core/module-contract";
import type { DistrictData } from "../../data/district-data";
import { addDays, beijingDate } from "../../lib/beijing-time";
import { annualReportDue, gradeExpiring } from "./notifications";
import { reportDueOn } from "./rules";

// Reminders on the day a deadline is a set number of days away: last year's annual report
// 30 and 7 days before it is due, a grade 90 days before it expires. A reminder already
// in the outbox (same kind, organization and parameters) is not added again, so a second
// run for the same day sends nothing more.

export const REPORT_REMINDER_DAYS = [30, 7];
export const GRADE_REMINDER_DAYS = 90;

export async function sendReminders(caller: DistrictData, now: string): Promise<number> {
  const data = caller.asSystem();
  const today = beijingDate(now);
  const year = Number(today.slice(0, 4)) - 1;
  const settings = data.district.settings;
  const wanted: { kind: typeof annualReportDue | typeof gradeExpiring; org: string; params: Record<string, string> }[] = [];
  for (const days of REPORT_REMINDER_DAYS) {
    for (const [due, foundation] of [
      [settings.annualReportDue, false],
      [settings.annualReportDueFoundation, true],
    ] as const) {
      const dueOn = reportDueOn(year, due);
      if (dueOn !== addDays(today, days)) continue;
      const owing = await data
        .selectFrom("organizations")
        .select("id")
        .where("kind", "=", "registered")
        .where("registered_on", "<=", `${year}-12-31`)
        .where((eb) => eb.or([eb("last_report_year", "is", null), eb("last_report_year", "<", year)]))
        .where("org_type", foundation ? "=" : "<>", "基金会")
        .execute();
      for (const o of owing) wanted.push({ kind: annualReportDue, org: o.id, params: { year: String(year), dueOn, days: String(days) } });
    }
  }
  const until = addDays(today, GRADE_REMINDER_DAYS);
  const expiring = await data.selectFrom("organizations").select(["id", "grade"]).where("grade_status", "=", "valid").where("grade_valid_until", "=", until).execute();
  for (const o of expiring) wanted.push({ kind: gradeExpiring, org: o.id, params: { grade: o.grade ?? "", validUntil: until } });
  if (!wanted.length) return 0;
  const sent = await data
    .selectFrom("notification_events")
    .select(["kind", "target_id", "params_json"])
    .where("kind", "in", [annualReportDue.name, gradeExpiring.name])
    .where(
      "target_id",
      "in",
      wanted.map((w) => w.org),
    )
    .execute();
  const seen = new Set(sent.map((s) => `${s.kind}|${s.target_id}|${s.params_json}`));
  const fresh = wanted.filter((w) => !seen.has(`${w.kind.name}|${w.org}|${JSON.stringify(Object.fromEntries(w.kind.params.map((p) => [p, w.params[p]])))}`));
  if (fresh.length) await data.writeUnaudited(fresh.map((w) => notify(data, w.kind, { to: w.org, params: w.params as never, target: { type: "organization", id: w.org } })));
  return fresh.length;
}
