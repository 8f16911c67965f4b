import { sql, type RawBuilder } from "kysely";
import { addMonths, daysBetween } from "../../lib/beijing-time";
import type { DistrictSettings } from "../../tenants/settings";
import { GRADES, type FilingStatus, type Grade } from "./tables";

// The disclosure and credit rules (docs/domain.md) as plain functions of dates and settings, so that
// pages, jobs and tests share one reading of them. Dates are Beijing calendar dates
// (YYYY-MM-DD); "today" is always passed in, never read from the clock here.

export type GradeBands = DistrictSettings["gradeBands"];

/**
 * The grade a total earns: the highest grade whose minimum it reaches. Each band's lower
 * bound is inclusive and totals may be fractional (the committee's mean), so with a 5A
 * minimum of 950, 949.99 is 4A and 950 and 950.5 are 5A. Null below the 1A minimum.
 */
export function gradeFor(total: number, bands: GradeBands): Grade | null {
  for (const grade of GRADES) if (total >= bands.minimums[grade]) return grade;
  return null;
}

const yearOf = (date: string) => Number(date.slice(0, 4));

/**
 * A grade's term under the revised 社会组织评估管理办法 (in force 2026-03-01): from
 * 1 January of the year after the results announcement (公告) to 31 December of the
 * fifth year (`years` is the district's gradeValidityYears, 5 by default).
 */
export function gradeTerm(announcedOn: string, years: number): { validFrom: string; validUntil: string } {
  const first = yearOf(announcedOn) + 1;
  return { validFrom: `${first}-01-01`, validUntil: `${first + years - 1}-12-31` };
}

/** Grades of 3A and above come with a certificate and plaque (证书和牌匾). */
export const CERTIFICATE_GRADES: readonly Grade[] = ["5A", "4A", "3A"];

/** Whether a grade's printable certificate is offered: 3A and above, while valid. */
export function hasCertificate(g: { grade: string; status: string }): boolean {
  return (CERTIFICATE_GRADES as readonly string[]).includes(g.grade) && g.status === "valid";
}

/** Re-evaluation may be applied for within the first 4 years of the term (评估管理办法 2026). */
export const REEVALUATION_YEARS = 4;
/**
 * Within the first 2 years of the term, the on-site part of a re-evaluation may be
 * simplified ("可以适当简化实地评估的程序和内容": 民政部 release on the revised 办法,
 * 2026-01-27); what is left out is the district's setting (evaluation-simplified.ts).
 */
export const SIMPLIFIED_ONSITE_YEARS = 2;

/** The last day of the first `years` years of a term that starts on `validFrom`. */
export function termYearsEnd(validFrom: string, years: number): string {
  return `${yearOf(validFrom) + years - 1}-12-31`;
}

/** The term's first day, for grades recorded before the revision (their term ran from the award). */
export function termStart(grade: { valid_from: string | null; awarded_on: string }): string {
  return grade.valid_from ?? grade.awarded_on;
}

// ---------------------------------------------------------------- annual-report filing

/** An overdue report is marked amber at first and red once it is this many days overdue. */
export const OVERDUE_RED_AFTER_DAYS = 30;

/** The annual-report due dates (month-day) of a district: foundations, and every other type. */
export interface ReportDues {
  annualReportDue: string;
  annualReportDueFoundation: string;
}

/**
 * The due date (month-day) of an organization type's annual report: foundations report by
 * 31 March (基金会管理条例 第三十六条), social groups and social service agencies by the
 * annual-inspection date, 31 May by default; both are district settings.
 */
export function reportDueFor(orgType: string | undefined, dues: string | ReportDues): string {
  if (typeof dues === "string") return dues;
  return orgType === "基金会" ? dues.annualReportDueFoundation : dues.annualReportDue;
}

export interface FilingInput {
  kind: string;
  org_type?: string;
  registered_on: string | null;
  last_report_year: number | null;
  last_report_filed_on: string | null;
}

export interface Filing {
  status: FilingStatus;
  /** The report year the status is about. */
  year: number | null;
  /** Days late (filed late) or days overdue (still missing). */
  days: number;
  severity: "ok" | "amber" | "red" | "neutral";
}

/** The due date of the annual report for `year` (it is due the following year). */
export function reportDueOn(year: number, due: string): string {
  return `${year + 1}-${due}`;
}

function owes(registeredOn: string, year: number): boolean {
  return registeredOn <= `${year}-12-31`;
}

/**
 * Filing status of the newest annual report that is due (or already filed): the report
 * for last year once it is filed or its due date has passed, otherwise the one before.
 * An organization owes a year's report when it was registered by the end of that year.
 */
export function filingStatus(org: FilingInput, today: string, dues: string | ReportDues): Filing {
  const due = reportDueFor(org.org_type, dues);
  if (org.kind !== "registered" || !org.registered_on) return { status: "none", year: null, days: 0, severity: "neutral" };
  const current = Number(today.slice(0, 4)) - 1;
  const filed = (year: number): Filing => {
    const days = Math.max(0, daysBetween(reportDueOn(year, due), org.last_report_filed_on ?? ""));
    return days > 0 ? { status: "late", year, days, severity: "amber" } : { status: "on_time", year, days: 0, severity: "ok" };
  };
  const overdue = (year: number): Filing => {
    const days = daysBetween(reportDueOn(year, due), today);
    return { status: "overdue", year, days, severity: days > OVERDUE_RED_AFTER_DAYS ? "red" : "amber" };
  };
  if (org.last_report_year === current) return filed(current);
  if (today > reportDueOn(current, due) && owes(org.registered_on, current)) return overdue(current);
  if (!owes(org.registered_on, current - 1)) return { status: "not_due", year: current, days: 0, severity: "neutral" };
  if (org.last_report_year === current - 1) return filed(current - 1);
  return overdue(current - 1);
}

/**
 * The same rule as filingStatus, as an SQL expression over an organizations row, so that
 * one UPDATE keeps the indexed filing_status column right for a whole district.
 */
export function filingStatusSql(today: string, dues: string | ReportDues): RawBuilder<FilingStatus> {
  if (typeof dues === "string" || dues.annualReportDueFoundation === dues.annualReportDue) return filingStatusForDue(today, reportDueFor(undefined, dues));
  return sql<FilingStatus>`case when org_type = '基金会' then ${filingStatusForDue(today, dues.annualReportDueFoundation)} else ${filingStatusForDue(today, dues.annualReportDue)} end`;
}

function filingStatusForDue(today: string, due: string): RawBuilder<FilingStatus> {
  const current = Number(today.slice(0, 4)) - 1;
  const previous = current - 1;
  const pastDue = today > reportDueOn(current, due) ? 1 : 0;
  return sql<FilingStatus>`(case
    when kind <> 'registered' or registered_on is null then 'none'
    when last_report_year = ${current} then (case when last_report_filed_on <= ${reportDueOn(current, due)} then 'on_time' else 'late' end)
    when ${pastDue} = 1 and registered_on <= ${`${current}-12-31`} then 'overdue'
    when registered_on > ${`${previous}-12-31`} then 'not_due'
    when last_report_year = ${previous} then (case when last_report_filed_on <= ${reportDueOn(previous, due)} then 'on_time' else 'late' end)
    else 'overdue'
  end)`;
}

// ---------------------------------------------------------------- evaluation eligibility

export interface EligibilityInput {
  kind: string;
  verification: string;
  registered_on: string | null;
  grade_status: string;
  grade_valid_until: string | null;
  /** First day of the valid grade's term (see termStart); null without a valid grade. */
  grade_valid_from: string | null;
  list_status: string;
  filing_status: string;
  registration_scope: string;
}

export type IneligibleReason =
  | { key: "disclosure.eligibility.filed"; params?: undefined }
  | { key: "disclosure.eligibility.otherAuthority"; params?: undefined }
  | { key: "disclosure.eligibility.notRegistered"; params?: undefined }
  | { key: "disclosure.eligibility.tooNew"; params: { years: number; date: string } }
  | { key: "disclosure.eligibility.reevaluationClosed"; params: { date: string; until: string } }
  | { key: "disclosure.eligibility.reportOverdue"; params?: undefined }
  | { key: "disclosure.eligibility.onList"; params?: undefined };

/**
 * 社会组织评估 eligibility under the revised 办法 (in force 2026-03-01): registered (and
 * verified) for the configured full years, last year's annual report not overdue, and on
 * no credit list. A valid grade no longer bars an organization during the first 4 years
 * of its term (re-evaluation); the revision dropped the bars for a failed or twice-basic
 * annual inspection, an open investigation and a minor administrative penalty, which the
 * product never stored as bars.
 */
export function evaluationEligibility(org: EligibilityInput, today: string, settings: DistrictSettings): IneligibleReason[] {
  const reasons: IneligibleReason[] = [];
  // A bureau evaluates the organizations it registered (办法 art. 5 of 2010: by registration
  // authority); filed community organizations are not registered at all.
  if (org.registration_scope === "filed") reasons.push({ key: "disclosure.eligibility.filed" });
  else if (org.registration_scope === "other") reasons.push({ key: "disclosure.eligibility.otherAuthority" });
  if (org.kind !== "registered" || org.verification !== "verified" || !org.registered_on) {
    reasons.push({ key: "disclosure.eligibility.notRegistered" });
  } else {
    const eligibleFrom = addMonths(org.registered_on, settings.evaluationEligibleAfterYears * 12);
    if (eligibleFrom > today) reasons.push({ key: "disclosure.eligibility.tooNew", params: { years: settings.evaluationEligibleAfterYears, date: eligibleFrom } });
  }
  if (org.grade_status === "valid") {
    const closes = reevaluationCloses(org, settings);
    if (today > closes) reasons.push({ key: "disclosure.eligibility.reevaluationClosed", params: { date: closes, until: org.grade_valid_until ?? "" } });
  }
  if (org.filing_status === "overdue") reasons.push({ key: "disclosure.eligibility.reportOverdue" });
  if (org.list_status !== "none") reasons.push({ key: "disclosure.eligibility.onList" });
  return reasons;
}

function termFrom(org: Pick<EligibilityInput, "grade_valid_from" | "grade_valid_until">, settings: DistrictSettings): string {
  return org.grade_valid_from ?? `${yearOf(org.grade_valid_until ?? "0000") - settings.gradeValidityYears + 1}-01-01`;
}

/** The last day a valid grade's holder may apply for re-evaluation. */
export function reevaluationCloses(org: Pick<EligibilityInput, "grade_valid_from" | "grade_valid_until">, settings: DistrictSettings): string {
  return termYearsEnd(termFrom(org, settings), REEVALUATION_YEARS);
}

/** Whether a re-evaluation applied for on `today` may have a simplified on-site part. */
export function simplifiedOnsite(org: Pick<EligibilityInput, "grade_status" | "grade_valid_from" | "grade_valid_until">, today: string, settings: DistrictSettings): boolean {
  return org.grade_status === "valid" && today <= termYearsEnd(termFrom(org, settings), SIMPLIFIED_ONSITE_YEARS);
}

// ---------------------------------------------------------------- credit-list clocks

export interface EntryClock {
  list: string;
  decided_on: string;
  clock_started_on: string | null;
  needs_rectification: number;
}

/** When the entry's clock started: the decision, or the newest event since. */
export function clockStart(entry: EntryClock): string {
  return entry.clock_started_on ?? entry.decided_on;
}

/** Abnormal list with nothing to rectify: leaves by itself on this date. */
export function autoExitOn(entry: EntryClock, settings: DistrictSettings): string | null {
  if (entry.list !== "abnormal" || entry.needs_rectification) return null;
  return addMonths(clockStart(entry), settings.abnormalListAutoExitMonths);
}

/** Abnormal list: moves to the serious list on this date (time on the list, from the decision). */
export function transferOn(entry: EntryClock, settings: DistrictSettings): string | null {
  if (entry.list !== "abnormal") return null;
  return addMonths(entry.decided_on, settings.abnormalToSeriousYears * 12);
}

/** Serious list: the organization may apply to leave from this date (no new events since). */
export function seriousExitFrom(entry: EntryClock, settings: DistrictSettings): string | null {
  if (entry.list !== "serious") return null;
  return addMonths(clockStart(entry), settings.seriousListExitYears * 12);
}

// ---------------------------------------------------------------- search

/** What a name is searched by: normalised like stored names, no spaces, ASCII lower-cased (mirrors the SQL trigger). */
export { nameKey } from "../../lib/names";
