import type { DistrictData } from "../../data/district-data";
import { inAreas } from "../../auth/scope";
import { objectionsInAreas, type AssignmentRow } from "../../review";
import { roundTypeRubrics, totalsByRubric } from "./evaluation-rubrics";
import { rubricMaxSql } from "./evaluation-simplified";
import type { AppealRow } from "./evaluation-appeals";
import { roundAnnouncements, unannounced } from "./evaluation-announcements";
import { loadEvaluation, loadRound, readyProposals, SUBJECT_KIND, type EvaluationRow, type RoundRow } from "./evaluations";

// The reads behind the administrators' evaluation pages. A round spans the district, its
// managers may not: each read takes the manager's areas (evaluationAreas) and keeps the
// organizations in them, so another area's evaluation is neither listed, counted nor found.

/**
 * One round with its evaluations, their totals, appeals, objections, ready proposals and
 * results to announce, of the organizations in `areas` (objections: to items in them).
 */
export async function roundData(data: DistrictData, roundId: string, areas: readonly string[]) {
  const { round } = await loadRound(data, roundId);
  const [evaluations, appeals, objections] = await data.read<Record<string, unknown>>([
    data
      .selectFrom("evaluations")
      .innerJoin("organizations", (j) => j.onRef("organizations.district_id", "=", "evaluations.district_id").onRef("organizations.id", "=", "evaluations.organization_id"))
      .selectAll("evaluations")
      .select(["organizations.name as organization_name"])
      .where("evaluations.round_id", "=", round.id)
      .where(inAreas("organizations.area_code", areas))
      .orderBy("organizations.name_key"),
    data
      .selectFrom("evaluation_appeals")
      .innerJoin("evaluations", (j) => j.onRef("evaluations.district_id", "=", "evaluation_appeals.district_id").onRef("evaluations.id", "=", "evaluation_appeals.evaluation_id"))
      .innerJoin("organizations", (j) => j.onRef("organizations.district_id", "=", "evaluation_appeals.district_id").onRef("organizations.id", "=", "evaluation_appeals.organization_id"))
      .selectAll("evaluation_appeals")
      .select(["organizations.name as organization_name", "evaluations.simplified_onsite"])
      .select(rubricMaxSql(data).as("max_points"))
      .where("evaluations.round_id", "=", round.id)
      .where(inAreas("organizations.area_code", areas))
      .orderBy("evaluation_appeals.filed_at"),
    evaluationObjections(data, areas)
      .select([
        "notice_objections.id",
        "notice_objections.notice_id",
        "notice_objections.subject_id",
        "notice_objections.name",
        "notice_objections.content",
        "notice_objections.filed_at",
        "notice_objections.status",
        "notice_objections.handling_note",
      ])
      .where("public_notices.batch_id", "=", round.id)
      .orderBy("notice_objections.filed_at"),
  ]);
  const rows = (evaluations ?? []) as unknown as (EvaluationRow & { organization_name: string })[];
  const [totals, rubrics] = await Promise.all([totalsByRubric(data, rows), roundTypeRubrics(data, round)]);
  return {
    round,
    rubrics,
    evaluations: rows,
    totals,
    appeals: (appeals ?? []) as unknown as (AppealRow & { organization_name: string; simplified_onsite: number; max_points: number })[],
    objections: (objections ?? []) as { id: string; notice_id: string; subject_id: string | null; name: string; content: string; filed_at: string; status: string; handling_note: string | null }[],
    ready: await readyProposals(data, round, areas),
    unannounced: await unannounced(data, round.id, areas),
    announcements: await roundAnnouncements(data, round.id),
  };
}

export type RoundData = Awaited<ReturnType<typeof roundData>>;

/** The district's active evaluators and reviewers, who may be assigned to score. */
export async function scorerOptions(data: DistrictData) {
  return data
    .selectFrom("role_grants")
    .innerJoin("users", (j) => j.onRef("users.district_id", "=", "role_grants.district_id").onRef("users.id", "=", "role_grants.user_id"))
    .select(["users.id", "users.display_name", "role_grants.role"])
    .where("role_grants.role", "in", ["evaluator", "reviewer"])
    .where("users.status", "=", "active")
    .orderBy("users.display_name")
    .execute();
}

export async function allRounds(data: DistrictData): Promise<RoundRow[]> {
  return (await data.selectFrom("evaluation_rounds").selectAll().orderBy("opened_at", "desc").execute()) as RoundRow[];
}

/** The organization with this credit code in `areas`; one elsewhere is not found, as an unknown code. */
export function organizationByUscc(data: DistrictData, uscc: string, areas: readonly string[]) {
  return data.selectFrom("organizations").select("id").where("uscc", "=", uscc).where(inAreas("organizations.area_code", areas)).executeTakeFirst();
}

export async function organizationName(data: DistrictData, id: string): Promise<string> {
  return (await data.selectFrom("organizations").select("name").where("id", "=", id).executeTakeFirstOrThrow()).name;
}

/** Everyone assigned to score one evaluation, in the order they were assigned. */
export async function evaluationAssignments(data: DistrictData, evaluationId: string) {
  return (await data
    .selectFrom("review_assignments")
    .innerJoin("users", (j) => j.onRef("users.district_id", "=", "review_assignments.district_id").onRef("users.id", "=", "review_assignments.reviewer_id"))
    .selectAll("review_assignments")
    .select("users.display_name")
    .where("review_assignments.subject_id", "=", evaluationId)
    .orderBy("review_assignments.assigned_at")
    .execute()) as (AssignmentRow & { display_name: string })[];
}

export async function findAppeal(data: DistrictData, id: string): Promise<AppealRow | undefined> {
  return (await data.selectFrom("evaluation_appeals").selectAll().where("id", "=", id).executeTakeFirst()) as AppealRow | undefined;
}

/** An evaluation's appeals in the order filed; 404 when the evaluation is not the district's or not in `areas`. */
export async function appealsOfEvaluation(data: DistrictData, evaluationId: string, areas: readonly string[]) {
  await loadEvaluation(data, evaluationId, areas);
  return data.selectFrom("evaluation_appeals").selectAll().where("evaluation_id", "=", evaluationId).orderBy("filed_at").execute();
}

/** Objections to evaluation notices in `areas` (the objected item's, as their alerts go), joined to their notice. */
export function evaluationObjections(data: DistrictData, areas: readonly string[]) {
  return data
    .selectFrom("notice_objections")
    .innerJoin("public_notices", (j) => j.onRef("public_notices.district_id", "=", "notice_objections.district_id").onRef("public_notices.id", "=", "notice_objections.notice_id"))
    .where("public_notices.subject_kind", "=", SUBJECT_KIND)
    .where(objectionsInAreas(areas));
}

/** An objection to an evaluation notice in `areas`, with the notice's batch (the round). */
export function findObjection(data: DistrictData, id: string, areas: readonly string[]) {
  return evaluationObjections(data, areas).select(["notice_objections.id", "public_notices.batch_id"]).where("notice_objections.id", "=", id).executeTakeFirst();
}
