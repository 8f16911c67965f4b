import { type Compilable, sql } from "kysely";
import type { AuditEntry } from "../../audit/append";
import type { DistrictData } from "../../data/district-data";
import { AppError, notFound, validationFailed } from "../../http/errors";
import { t } from "../../i18n/messages";
import { declare, findAssignment, moveAssignment, recordDecision, saveScores, type AssignmentRow, type ReviewerAction, type ReviewerActionDetail, type Rubric, type ScoreInput } from "../../review";
import type { DisclosureActor } from "./actor";
import { evaluationWithRound, loadEvaluation, roundOf, scoringOpenGuard, settleStatements, type EvaluationRow, type RoundRow } from "./evaluations";
import { SUBJECT_KIND } from "./subject-kinds";

// The evaluator team's and the committee's work on an evaluation as a review subject:
// what their task shows, their declaration and scores, moving a task to another scorer,
// and what the engine's notice does to the evaluation when it settles or is overturned.

export type EvaluationTask = { a: AssignmentRow; evaluation: EvaluationRow; round: RoundRow; rubric: Rubric; skipped: Rubric["items"]; org: { id: string; name: string } };

const organizationOf = (data: DistrictData, id: string) => data.selectFrom("organizations").select(["id", "name"]).where("id", "=", id).executeTakeFirstOrThrow();

export async function evaluationTask(data: DistrictData, a: AssignmentRow): Promise<EvaluationTask> {
  const evaluation = await loadEvaluation(data, a.subject_id);
  const [{ round, rubric, skipped }, org] = await Promise.all([roundOf(data, evaluation), organizationOf(data, evaluation.organization_id)]);
  return { a, evaluation, round, rubric, skipped, org };
}

/** What the inbox lists for a task: the organization and the round's title. */
export async function taskSummary(data: DistrictData, a: AssignmentRow) {
  const evaluation = await loadEvaluation(data, a.subject_id);
  const [round, org] = await Promise.all([data.selectFrom("evaluation_rounds").select(["title"]).where("id", "=", evaluation.round_id).executeTakeFirstOrThrow(), organizationOf(data, evaluation.organization_id)]);
  return { evaluation, round, org };
}

export async function savedScores(data: DistrictData, a: AssignmentRow) {
  return a.status === "clear" ? data.selectFrom("review_scores").select(["item_id", "score", "comment"]).where("assignment_id", "=", a.id).execute() : [];
}

/** An active evaluator for the evaluator team's tasks, an active committee member (reviewer) for the committee's. */
export async function isEligibleScorer(data: DistrictData, scorerRole: string, reviewerId: string): Promise<boolean> {
  const found = await data
    .selectFrom("role_grants")
    .innerJoin("users", (j) => j.onRef("users.district_id", "=", "role_grants.district_id").onRef("users.id", "=", "role_grants.user_id"))
    .select("users.id")
    .where("role_grants.role", "=", scorerRole === "evaluator" ? "evaluator" : "reviewer")
    .where("users.status", "=", "active")
    .where("users.id", "=", reviewerId)
    .executeTakeFirst();
  return !!found;
}

/** Reviewers' actions are recorded against the evaluation, not the assignment: its history is the one people read. */
export function evaluationAudit(a: AssignmentRow, action: ReviewerAction, detail: ReviewerActionDetail): AuditEntry {
  if (action === "declared")
    return { action: detail.conflicted ? "evaluation.conflict_declared" : "evaluation.declared_clear", targetType: "evaluation", targetId: a.subject_id, after: { assignment: a.id, conflicted: !!detail.conflicted } };
  if (action === "scored") return { action: detail.submit ? "evaluation.scores_submitted" : "evaluation.scores_saved", targetType: "evaluation", targetId: a.subject_id, after: { assignment: a.id, role: a.scorer_role } };
  return { action: "evaluation.assignment_moved", targetType: "evaluation", targetId: a.subject_id, after: { from: a.reviewer_id, to: detail.to } };
}

export async function declareOnEvaluation(data: DistrictData, a: AssignmentRow, reason: string | null, now: string): Promise<void> {
  await data.write(declare(data, a, reason !== null, reason, now), evaluationAudit(a, "declared", { conflicted: reason !== null, reason }), {
    stale: () => new AppError({ status: 409, code: "conflict", message: "error.conflict", extra: { allowed: [] } }),
  });
}

/** The team's column on the evaluation: each counted scorer's sum, averaged (as the proposal computes it). */
const TEAM_COLUMN = { evaluator: "evaluator_total", committee: "committee_total" } as const;

/** Keeps the team's column up to date; runs after the hand-in's own statements in the same batch, so it counts them. */
export function teamColumnUpdate(data: DistrictData, a: AssignmentRow): Compilable[] {
  const column = TEAM_COLUMN[a.scorer_role as keyof typeof TEAM_COLUMN];
  if (!column) return [];
  const mean = sql<number | null>`(SELECT round(avg(t.total), 2) FROM (
      SELECT sum(s.score) AS total FROM review_assignments ra
      JOIN review_scores s ON s.district_id = ra.district_id AND s.assignment_id = ra.id
      WHERE ra.district_id = ${data.districtId} AND ra.subject_id = ${a.subject_id} AND ra.scorer_role = ${a.scorer_role}
        AND ra.status = 'clear' AND ra.submitted_at IS NOT NULL
      GROUP BY ra.id) t)`;
  return [
    data
      .updateTable("evaluations")
      .set({ [column]: mean })
      .where("id", "=", a.subject_id),
  ];
}

/** Saves or hands in scores while the evaluation is open; false when scoring closed meanwhile. */
export async function scoreEvaluation(data: DistrictData, a: AssignmentRow, input: { scores: ScoreInput[]; submit: boolean }, now: string): Promise<boolean> {
  if (a.status !== "clear") throw new AppError({ status: 409, code: "illegal_transition", message: "disclosure.eval.locked", extra: { allowed: a.status === "awaiting_declaration" ? ["declare"] : [] } });
  const written = await data.writeIfCurrent(
    [scoringOpenGuard(data, a.subject_id), ...saveScores(data, a, input.scores, input.submit, now), ...(input.submit ? teamColumnUpdate(data, a) : [])],
    evaluationAudit(a, "scored", { submit: input.submit, items: input.scores.length }),
  );
  return written !== null;
}

/** The organization's own scores on its self-assessment task; false when scoring closed meanwhile. */
export async function saveSelfAssessment(data: DistrictData, a: AssignmentRow, input: { scores: ScoreInput[]; submit: boolean }, now: string): Promise<boolean> {
  const written = await data.writeIfCurrent([scoringOpenGuard(data, a.subject_id), ...saveScores(data, a, input.scores, input.submit, now)], {
    action: input.submit ? "evaluation.self_submitted" : "evaluation.self_saved",
    targetType: "evaluation",
    targetId: a.subject_id,
  });
  return written !== null;
}

/** An evaluation's task by its id; any other kind's answers 404. */
export async function evaluationAssignment(data: DistrictData, assignmentId: string): Promise<AssignmentRow> {
  const a = await findAssignment(data, assignmentId);
  if (!a || a.subject_kind !== SUBJECT_KIND) throw notFound();
  return a;
}

/** Moves an evaluation task that cannot score to another scorer of the same team. */
export async function moveScorer(data: DistrictData, actor: DisclosureActor, input: { assignment: AssignmentRow; to: string }, now: string): Promise<void> {
  const a = input.assignment;
  if (!(await isEligibleScorer(data, a.scorer_role, input.to))) throw validationFailed([{ field: "to", code: "invalid_choice", message: t(actor.locale, "field.invalid_choice") }]);
  await data.write(moveAssignment(data, a, input.to, actor.id, now), evaluationAudit(a, "moved", { to: input.to }));
}

/** Settles the evaluation when its notice closes; a pending appeal holds the result until it is answered. */
export async function finalizeEvaluation(data: DistrictData, evaluationId: string, now: string): Promise<Compilable[]> {
  const e = await evaluationWithRound(data, evaluationId);
  if (!e) return [];
  return [
    data.guard(
      data
        .selectFrom("evaluations")
        .select("id")
        .where("id", "=", evaluationId)
        .where("status", "=", "in_notice")
        .where((eb) => eb.not(eb.exists(data.selectFrom("evaluation_appeals").select("id").where("evaluation_id", "=", evaluationId).where("status", "=", "pending")))),
    ),
    ...settleStatements(data, e, now),
  ];
}

/** An upheld objection returns the evaluation to the committee: its hand-ins reopen, the scores stay as a start. */
export function overturnEvaluation(data: DistrictData, evaluationId: string, now: string): Compilable[] {
  return [
    data.updateTable("evaluations").set({ status: "returned", proposed_grade: null, version: sql`version + 1` }).where("id", "=", evaluationId).where("status", "=", "in_notice"),
    data.updateTable("review_assignments").set({ submitted_at: null }).where("subject_id", "=", evaluationId).where("scorer_role", "=", "committee").where("status", "=", "clear"),
    recordDecision(data, { subjectKind: SUBJECT_KIND, subjectId: evaluationId, outcome: "returned", reasons: "公示期间异议成立，退回重新评审", decidedBy: "system", now }),
  ];
}
