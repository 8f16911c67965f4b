import type { DistrictData } from "../../data/district-data";
import { notFound } from "../../http/errors";
import type { AssignmentRow } from "../../review";
import type { RequestRow } from "./credit";
import type { AppealRow } from "./evaluation-appeals";
import type { EvaluationRow, RoundRow } from "./evaluations";
import type { EntryRow, EventRow } from "./queries";
import type { DisclosureKind } from "./tables";
import { termStart } from "./rules";

// The reads behind an organization's own pages.

/** The member's own organization, with what its dashboard shows of it. */
export async function memberOrganization(data: DistrictData, id: string) {
  const org = await data
    .selectFrom("organizations")
    .select(["id", "name", "uscc", "kind", "org_type", "verification", "registered_on", "grade", "grade_status", "grade_valid_until", "list_status", "filing_status", "last_report_year", "last_report_filed_on", "registration_scope"])
    .where("id", "=", id)
    .executeTakeFirst();
  if (!org) throw notFound();
  const grade = await data.selectFrom("organization_grades").select(["valid_from", "awarded_on"]).where("organization_id", "=", id).where("status", "=", "valid").executeTakeFirst();
  return { ...org, grade_valid_from: grade ? termStart(grade) : null };
}

export type MyOrg = Awaited<ReturnType<typeof memberOrganization>>;

/** Everything an organization's dashboard lists, in one round trip. */
export async function memberDashboard(data: DistrictData, orgId: string) {
  const [disclosures, entries, events, requests, rounds, evaluations, appeals] = await data.read<Record<string, unknown>>([
    data.selectFrom("disclosures").select(["id", "kind", "report_year", "title", "current_version", "first_published_at"]).where("organization_id", "=", orgId).orderBy("first_published_at", "desc"),
    data.selectFrom("credit_list_entries").selectAll().where("organization_id", "=", orgId).orderBy("decided_on", "desc"),
    data.selectFrom("credit_list_events").select(["id", "entry_id", "kind", "on_date", "note", "detail_json", "public", "at"]).where("organization_id", "=", orgId).orderBy("at"),
    data.selectFrom("credit_requests").selectAll().where("organization_id", "=", orgId).orderBy("filed_at", "desc"),
    data.selectFrom("evaluation_rounds").selectAll().where("status", "=", "open").orderBy("opened_at", "desc"),
    data
      .selectFrom("evaluations")
      .innerJoin("evaluation_rounds", (j) => j.onRef("evaluation_rounds.district_id", "=", "evaluations.district_id").onRef("evaluation_rounds.id", "=", "evaluations.round_id"))
      .selectAll("evaluations")
      .select(["evaluation_rounds.title as round_title"])
      .where("evaluations.organization_id", "=", orgId)
      .orderBy("evaluations.enrolled_at", "desc"),
    data.selectFrom("evaluation_appeals").selectAll().where("organization_id", "=", orgId).orderBy("filed_at", "desc"),
  ]);
  return {
    disclosures: (disclosures ?? []) as { id: string; kind: DisclosureKind; report_year: number | null; title: string; current_version: number; first_published_at: string }[],
    entries: (entries ?? []) as unknown as EntryRow[],
    events: (events ?? []) as unknown as EventRow[],
    requests: (requests ?? []) as unknown as RequestRow[],
    rounds: (rounds ?? []) as unknown as RoundRow[],
    evaluations: (evaluations ?? []) as unknown as (EvaluationRow & { round_title: string })[],
    appeals: (appeals ?? []) as unknown as AppealRow[],
  };
}

export type MemberDashboard = Awaited<ReturnType<typeof memberDashboard>>;

/** A disclosure's versions and attachments, for its owner's page. */
export async function disclosureHistory(data: DistrictData, disclosureId: string) {
  const [versions, attachments] = await data.read<Record<string, unknown>>([
    data.selectFrom("disclosure_versions").select(["version", "title", "content_json", "correction_note", "published_at"]).where("disclosure_id", "=", disclosureId).orderBy("version", "desc"),
    data.selectFrom("disclosure_attachments").select(["id", "version", "filename", "size"]).where("disclosure_id", "=", disclosureId).orderBy("uploaded_at"),
  ]);
  return {
    versions: (versions ?? []) as { version: number; title: string; content_json: string; correction_note: string | null; published_at: string }[],
    attachments: (attachments ?? []) as { id: string; version: number; filename: string; size: number }[],
  };
}

/** The self-assessment's assignment (if any) and its scores so far. */
export async function selfAssessmentScores(data: DistrictData, evaluationId: string, assignment: AssignmentRow | null) {
  const found = assignment ?? ((await data.selectFrom("review_assignments").selectAll().where("subject_id", "=", evaluationId).where("scorer_role", "=", "self").executeTakeFirst()) as AssignmentRow | undefined);
  const scores = found ? await data.selectFrom("review_scores").select(["item_id", "score", "comment"]).where("assignment_id", "=", found.id).execute() : [];
  return { assignment: found, scores };
}
