import { inAreas } from "../../auth/scope";
import type { DistrictData } from "../../data/district-data";
import { AppError } from "../../http/errors";
import { addDays, addMonths, addWorkingDays } from "../../lib/beijing-time";
import { newId } from "../../lib/ids";
import { creditGround, groundReference } from "./credit-grounds";
import type { EntryRow } from "./queries";
import { autoExitOn, filingStatus, reportDueFor, reportDueOn, transferOn } from "./rules";
import type { CreditList } from "./tables";

// Candidates for the credit lists found in the district's own records (民政部令第60号),
// proposed to the credit-list staff and never listed by themselves:
//   - abnormal list, ground (一) 未按照规定时限和要求向登记管理机关报送年度工作报告: the newest
//     due annual report is overdue;
//   - serious list, ground (五) 三年内两次以上受到警告或者不满5万元罚款处罚: two abnormal-list
//     entries on ground (五) (a warning or a fine under 50,000 yuan) whose penalties fall
//     within three years of each other (counted as the Civil Code counts years);
//   - serious list, ground (一) 被列入活动异常名录满2年: an abnormal-list entry still active two
//     years after its decision. Staff confirm the transfer on the entry's page
//     (credit-transfer.ts) instead of filling in the entry form.
// Staff open the entry form filled in from the facts and decide, or dismiss the proposal
// with a reason: a dismissal holds for its ground and period (the report year, the date
// of the second penalty), so the same facts are not proposed again. Only organizations
// the district registered and that are still 存续 are proposed.

/** The 办法 asks credit information to be recorded within this many working days after it forms. */
export const RECORD_WITHIN_WORKING_DAYS = 5;

/** The 办法's window for repeated minor penalties (三年内). */
export const REPEATED_PENALTY_MONTHS = 36;

export const CANDIDATE_GROUNDS = ["annual_report", "repeated_penalties", "abnormal_two_years"] as const;
export type CandidateGround = (typeof CANDIDATE_GROUNDS)[number];

const LIST_OF: Record<CandidateGround, CreditList> = { annual_report: "abnormal", repeated_penalties: "serious", abnormal_two_years: "serious" };

export interface ListingCandidate {
  ground: CandidateGround;
  organizationId: string;
  name: string;
  /** What a dismissal is remembered by: the report year, or the date of the second penalty. */
  period: string;
  /** The facts, for the to-do label and the form: {year, dueOn} or {first, second}. */
  params: Record<string, string | number>;
  /** The day the information formed, and the day it should be recorded by. */
  formedOn: string;
  recordBy: string;
  /** The abnormal-list entry a two-year proposal would move. */
  entryId?: string;
}

function candidate(ground: CandidateGround, org: { id: string; name: string }, period: string, formedOn: string, params: Record<string, string | number>): ListingCandidate {
  return { ground, organizationId: org.id, name: org.name, period, params, formedOn, recordBy: addWorkingDays(formedOn, RECORD_WITHIN_WORKING_DAYS) };
}

/** Which organizations to propose: one, or those in the areas ('' = the whole district, the default). */
interface Among {
  organizationId?: string;
  areas?: readonly string[];
}

function actionable(data: DistrictData, { organizationId, areas = [""] }: Among) {
  let query = data
    .selectFrom("organizations")
    .select(["id", "name", "kind", "org_type", "registered_on", "last_report_year", "last_report_filed_on", "list_status"])
    .where("kind", "=", "registered")
    .where("registration_status", "=", "active")
    .where("registration_scope", "=", "own")
    .where(inAreas("organizations.area_code", areas));
  if (organizationId) query = query.where("id", "=", organizationId);
  return query;
}

async function overdueReports(data: DistrictData, today: string, among: Among): Promise<ListingCandidate[]> {
  const rows = await actionable(data, among).where("filing_status", "=", "overdue").where("list_status", "=", "none").orderBy("name_key").limit(200).execute();
  const settings = data.district.settings;
  const out: ListingCandidate[] = [];
  for (const org of rows) {
    // The indexed column may lag a day behind the clock; the rule itself decides.
    const filing = filingStatus(org, today, settings);
    if (filing.status !== "overdue" || filing.year === null) continue;
    const dueOn = reportDueOn(filing.year, reportDueFor(org.org_type, settings));
    out.push(candidate("annual_report", org, String(filing.year), addDays(dueOn, 1), { year: filing.year, dueOn }));
  }
  return out;
}

/** The latest pair of minor penalties within the window, as [first, second]; null if none. */
export function repeatedPenalties(dates: readonly string[]): [string, string] | null {
  const sorted = [...dates].sort();
  for (let i = sorted.length - 1; i > 0; i--) {
    if (sorted[i]! <= addMonths(sorted[i - 1]!, REPEATED_PENALTY_MONTHS)) return [sorted[i - 1]!, sorted[i]!];
  }
  return null;
}

async function repeatedPenaltyCandidates(data: DistrictData, among: Among): Promise<ListingCandidate[]> {
  // Penalties are the ground-(五) entries that stand (an upheld objection revokes one);
  // a serious-list entry on ground (五) already records the pair up to its date.
  let query = data
    .selectFrom("credit_list_entries")
    .select(["organization_id", "list", "reason_code", "event_on", "decided_on"])
    .where("reason_code", "in", ["minor_penalty", "repeated_penalties"])
    .where((eb) => eb.or([eb("exit_reason", "is", null), eb("exit_reason", "!=", "revoked")]));
  if (among.organizationId) query = query.where("organization_id", "=", among.organizationId);
  const entries = await query.execute();
  const pairs = new Map<string, [string, string]>();
  for (const id of new Set(entries.map((e) => e.organization_id))) {
    const mine = entries.filter((e) => e.organization_id === id);
    const pair = repeatedPenalties(mine.filter((e) => e.reason_code === "minor_penalty" && e.list === "abnormal").map((e) => e.event_on ?? e.decided_on));
    if (pair && !mine.some((e) => e.reason_code === "repeated_penalties" && e.list === "serious" && (e.event_on ?? e.decided_on) >= pair[1])) pairs.set(id, pair);
  }
  if (pairs.size === 0) return [];
  const orgs = await actionable(data, { areas: among.areas })
    .where("id", "in", [...pairs.keys()])
    .orderBy("name_key")
    .execute();
  return orgs.map((org) => {
    const [first, second] = pairs.get(org.id)!;
    return candidate("repeated_penalties", org, second, second, { first, second });
  });
}

/**
 * Abnormal-list entries still active two years after their decision. The period is the
 * day the two years end (the page reads a date); a dismissal also keeps the entry, since
 * two entries decided on the same day end their two years together.
 */
async function twoYearCandidates(data: DistrictData, today: string, { organizationId, areas = [""] }: Among): Promise<ListingCandidate[]> {
  // Loose bound in SQL (month lengths differ), the exact rule in code.
  const bound = addDays(addMonths(today, -data.district.settings.abnormalToSeriousYears * 12), 4);
  let query = data
    .selectFrom("credit_list_entries")
    .innerJoin("organizations", (j) => j.onRef("organizations.district_id", "=", "credit_list_entries.district_id").onRef("organizations.id", "=", "credit_list_entries.organization_id"))
    .select([
      "credit_list_entries.id",
      "credit_list_entries.list",
      "credit_list_entries.decided_on",
      "credit_list_entries.clock_started_on",
      "credit_list_entries.needs_rectification",
      "credit_list_entries.organization_id",
      "organizations.name",
    ])
    .where("credit_list_entries.list", "=", "abnormal")
    .where("credit_list_entries.exited_on", "is", null)
    .where("credit_list_entries.decided_on", "<=", bound)
    .where(inAreas("organizations.area_code", areas));
  if (organizationId) query = query.where("credit_list_entries.organization_id", "=", organizationId);
  const out: ListingCandidate[] = [];
  for (const e of await query.orderBy("credit_list_entries.decided_on").limit(200).execute()) {
    // An entry with nothing to rectify leaves by time long before two years (the daily job).
    const leaves = autoExitOn(e, data.district.settings);
    const on = transferOn(e, data.district.settings);
    if (on && on <= today && !(leaves && leaves <= today)) out.push({ ...candidate("abnormal_two_years", { id: e.organization_id, name: e.name }, on, on, { decidedOn: e.decided_on, on }), entryId: e.id });
  }
  return out;
}

/** Every standing proposal, without those dismissed for the same ground and period. */
export async function listingCandidates(data: DistrictData, today: string, among: Among = {}): Promise<ListingCandidate[]> {
  const [reports, penalties, transfers, dismissed] = await Promise.all([
    overdueReports(data, today, among),
    repeatedPenaltyCandidates(data, among),
    twoYearCandidates(data, today, among),
    data.selectFrom("credit_candidate_dismissals").select(["organization_id", "ground", "period", "entry_id"]).execute(),
  ]);
  // A dismissal without an entry (kept before dismissals named theirs) holds for the day's entries.
  const gone = new Set(dismissed.map((d) => `${d.organization_id}|${d.ground}|${d.period}|${d.entry_id}`));
  return [...reports, ...penalties, ...transfers].filter((c) => !gone.has(`${c.organizationId}|${c.ground}|${c.period}|`) && !gone.has(`${c.organizationId}|${c.ground}|${c.period}|${c.entryId ?? ""}`));
}

/** The standing proposal of this ground (and period and entry, when given) for the organization. */
export async function candidateFor(data: DistrictData, today: string, organizationId: string, ground: string | undefined, period?: string, entryId?: string): Promise<ListingCandidate | undefined> {
  if (!ground) return undefined;
  return (await listingCandidates(data, today, { organizationId })).find((c) => c.ground === ground && (period === undefined || c.period === period) && (!entryId || c.entryId === entryId));
}

/** The standing two-year proposal that would move this entry, if any. */
export async function transferCandidateOf(data: DistrictData, today: string, entry: Pick<EntryRow, "id" | "organization_id">): Promise<ListingCandidate | undefined> {
  return (await listingCandidates(data, today, { organizationId: entry.organization_id })).find((c) => c.entryId === entry.id);
}

/** The entry form as the candidate fills it in; staff may still change every field or not submit. */
export function candidateEntryValues(c: ListingCandidate, today: string, decidingBody: string): Record<string, string> {
  const list = LIST_OF[c.ground];
  const reason = c.ground === "annual_report" ? `未按照规定时限和要求向登记管理机关报送${c.params.year}年度工作报告（应于${c.params.dueOn}前报送）。` : `三年内两次受到警告或者不满5万元罚款处罚（${c.params.first}、${c.params.second}）。`;
  return {
    list,
    reasonCode: c.ground,
    reason,
    legalBasis: groundReference(creditGround(list, c.ground)!),
    decidingBody,
    eventOn: c.formedOn,
    decidedOn: today,
    needsRectification: c.ground === "annual_report" ? "1" : "0",
  };
}

/**
 * Dismisses a standing proposal with the reason, audited. The unique key on the
 * organization, ground, period and entry refuses a second dismissal of the same facts.
 */
export async function dismissCandidate(data: DistrictData, actorId: string, c: ListingCandidate, reason: string, now: string): Promise<string> {
  const id = newId();
  await data.write(
    [data.insertInto("credit_candidate_dismissals", { id, organization_id: c.organizationId, ground: c.ground, period: c.period, entry_id: c.entryId ?? "", reason, dismissed_by: actorId, dismissed_at: now })],
    { action: "credit.candidate_dismissed", targetType: "organization", targetId: c.organizationId, after: { dismissal: id, ground: c.ground, period: c.period, entry: c.entryId, reason } },
    { rules: { "unique:credit_candidate_dismissals": () => new AppError({ status: 409, code: "conflict", message: "disclosure.candidate.alreadyDismissed" }) } },
  );
  return id;
}

/** The candidates staff dismissed for one organization, newest first, with their reasons. */
export function dismissalsOf(data: DistrictData, organizationId: string) {
  return data.selectFrom("credit_candidate_dismissals").select(["ground", "period", "reason", "dismissed_at"]).where("organization_id", "=", organizationId).orderBy("dismissed_at", "desc").execute();
}
