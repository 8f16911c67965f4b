import { sql, type Compilable } from "kysely";
import type { DistrictData } from "../../data/district-data";
import { inAreas } from "../../auth/scope";
import { AppError, notFound } from "../../http/errors";
import { t, type Locale } from "../../i18n/messages";
import { newId } from "../../lib/ids";
import { addDays, addMonths, addWorkingDays, beijingDate, endOfBeijingDay } from "../../lib/beijing-time";
import { assignReviewers, createRubric, loadRubric, publishNotice, recordDecision, type AssignmentRow, type Rubric } from "../../review";
import { rubricIdFor, rubricTemplate, totalsByRubric, typeRubrics } from "./evaluation-rubrics";
import { gradeTotal, simplifiedRubric, skippedItems } from "./evaluation-simplified";
import { evaluationEligibility, gradeFor, simplifiedOnsite, termStart, type GradeBands } from "./rules";
import type { DisclosureTables, Grade } from "./tables";
import type { Selectable } from "kysely";
import type { DisclosureActor } from "./actor";

// 社会组织评估 on the shared review engine. A round has a rubric whose items carry
// standard points (max_score) grouped in indicator areas; each evaluation (one
// organization in a round) is a review subject with three kinds of assignment: "self"
// (the organization), "evaluator" (the third-party team) and "committee" (the
// evaluation committee). The committee's total maps to a grade by the round's bands,
// goes on public notice, and becomes final when the notice settles (registerNoticeHandler).

import { SUBJECT_KIND } from "./subject-kinds";
export { SUBJECT_KIND };
export const SCORER_ROLES = ["self", "evaluator", "committee"] as const;
export type ScorerRole = (typeof SCORER_ROLES)[number];

export type RoundRow = Pick<Selectable<DisclosureTables["evaluation_rounds"]>, "id" | "title" | "year" | "rubric_id" | "type_rubrics_json" | "bands_json" | "status" | "opened_at">;

/** An evaluation as the module reads it (the table's columns but the district and who enrolled it). */
export type EvaluationRow = Omit<DisclosureTables["evaluations"], "district_id" | "enrolled_by">;

export function roundBands(round: { bands_json: string }): GradeBands {
  return JSON.parse(round.bands_json) as GradeBands;
}

export async function openRound(data: DistrictData, actor: DisclosureActor, input: { title: string; year: number }, now: string): Promise<string> {
  const id = newId();
  const rubricId = newId();
  const bands = data.district.settings.gradeBands;
  const types = await typeRubrics(data, input.title, bands.scale, now);
  await data.write(
    [
      // The common rubric serves an organization without one of the evaluated types.
      ...createRubric(data, rubricId, input.title, rubricTemplate("社会团体", bands.scale), now),
      ...types.statements,
      data.insertInto("evaluation_rounds", {
        id,
        title: input.title,
        year: input.year,
        rubric_id: rubricId,
        type_rubrics_json: JSON.stringify(types.map),
        bands_json: JSON.stringify(bands),
        status: "open",
        opened_by: actor.id,
        opened_at: now,
      }),
    ],
    { action: "evaluation.round_opened", targetType: "evaluation_round", targetId: id, after: { title: input.title, year: input.year, bands } },
  );
  return id;
}

export async function loadRound(data: DistrictData, id: string): Promise<{ round: RoundRow; rubric: Rubric }> {
  const round = (await data.selectFrom("evaluation_rounds").selectAll().where("id", "=", id).executeTakeFirst()) as RoundRow | undefined;
  if (!round) throw notFound();
  const rubric = await loadRubric(data, round.rubric_id);
  if (!rubric) throw notFound();
  return { round, rubric };
}

/** One evaluation; 404 when it is not the district's, or its organization is outside `areas` (a manager's, evaluationAreas). */
export async function loadEvaluation(data: DistrictData, id: string, areas: readonly string[] = [""]): Promise<EvaluationRow> {
  const row = (await data
    .selectFrom("evaluations")
    .selectAll()
    .where("id", "=", id)
    .$if(!areas.includes(""), (q) => q.where("organization_id", "in", data.selectFrom("organizations").select("id").where(inAreas("organizations.area_code", areas))))
    .executeTakeFirst()) as EvaluationRow | undefined;
  if (!row) throw notFound();
  return row;
}

function ineligible(locale: Locale, reasons: ReturnType<typeof evaluationEligibility>): AppError {
  const text = reasons.map((r) => t(locale, r.key, r.params)).join(locale === "en" ? "; " : "；");
  return new AppError({ status: 409, code: "ineligible", message: "disclosure.eval.ineligible", params: { reasons: text }, extra: { reasons: reasons.map((r) => r.key.replace("disclosure.eligibility.", "")) } });
}

function selfAssignment(data: DistrictData, evaluationId: string, rubricId: string, userId: string, now: string): Compilable {
  return data.insertInto("review_assignments", {
    id: newId(),
    subject_kind: SUBJECT_KIND,
    subject_id: evaluationId,
    rubric_id: rubricId,
    reviewer_id: userId,
    scorer_role: "self",
    // The organization scores itself: there is nothing to declare.
    status: "clear",
    conflict_reason: null,
    declared_at: now,
    submitted_at: null,
    assigned_by: userId,
    assigned_at: now,
  });
}

/**
 * Puts an organization into a round after checking eligibility (docs/domain.md: registered
 * for the configured full years, last year's report not overdue, on no credit list, a
 * valid grade only within the first 4 years of its term). When the
 * organization applies itself, the applying member gets the self-assessment.
 */
export async function enrol(data: DistrictData, actor: DisclosureActor, input: { round: RoundRow; organizationId: string; selfScorer: string | null }, now: string): Promise<string> {
  const { round, organizationId, selfScorer } = input;
  if (round.status !== "open") throw new AppError({ status: 409, code: "round_closed", message: "disclosure.eval.roundClosed" });
  const [row, grade] = await Promise.all([
    data
      .selectFrom("organizations")
      .select(["id", "name", "kind", "org_type", "verification", "registered_on", "grade_status", "grade_valid_until", "list_status", "filing_status", "registration_scope", "association_subtype"])
      .where("id", "=", organizationId)
      .executeTakeFirst(),
    data.selectFrom("organization_grades").select(["valid_from", "awarded_on"]).where("organization_id", "=", organizationId).where("status", "=", "valid").executeTakeFirst(),
  ]);
  if (!row) throw notFound();
  const org = { ...row, grade_valid_from: grade ? termStart(grade) : null };
  const today = beijingDate(now);
  const settings = data.district.settings;
  const reasons = evaluationEligibility(org, today, settings);
  if (reasons.length) throw ineligible(actor.locale, reasons);
  const id = newId();
  const simplified = simplifiedOnsite(org, today, settings);
  const typeRubricId = rubricIdFor(round, row.org_type, row.association_subtype);
  const { rubricId, statements } = simplified ? await simplifiedRubric(data, typeRubricId, id, now) : { rubricId: typeRubricId, statements: [] };
  await data.write(
    [
      data.guard(data.selectFrom("evaluation_rounds").select("id").where("id", "=", round.id).where("status", "=", "open")),
      // Checked again inside the batch: a listing made since the read still refuses.
      data.guard(data.selectFrom("organizations").select("id").where("id", "=", organizationId).where("list_status", "=", "none")),
      data.insertInto("evaluations", {
        id,
        round_id: round.id,
        organization_id: organizationId,
        status: "enrolled",
        self_total: null,
        evaluator_total: null,
        committee_total: null,
        total: null,
        proposed_grade: null,
        final_grade: null,
        notice_id: null,
        version: 1,
        enrolled_by: actor.id,
        enrolled_at: now,
        finalized_at: null,
        announcement_id: null,
        simplified_onsite: simplified ? 1 : 0,
        rubric_id: rubricId,
      }),
      ...statements,
      ...(selfScorer ? [selfAssignment(data, id, rubricId, selfScorer, now)] : []),
    ],
    { action: "evaluation.enrolled", targetType: "organization", targetId: organizationId, after: { round: round.id, evaluation: id } },
    {
      stale: () => new AppError({ status: 409, code: "round_closed", message: "disclosure.eval.roundClosed" }),
      rules: { "unique:evaluations": () => new AppError({ status: 409, code: "already_enrolled", message: "disclosure.eval.alreadyEnrolled" }) },
    },
  );
  return id;
}

/** The organization's self-assessment assignment, created for the first member who opens it. */
export async function ensureSelfAssignment(data: DistrictData, actor: DisclosureActor, input: { evaluation: EvaluationRow; rubricId: string }, now: string): Promise<AssignmentRow> {
  const { evaluation, rubricId } = input;
  const find = () => data.selectFrom("review_assignments").selectAll().where("subject_id", "=", evaluation.id).where("scorer_role", "=", "self").executeTakeFirst() as Promise<AssignmentRow | undefined>;
  const existing = await find();
  if (existing) return existing;
  // Another member may have opened it meanwhile: theirs is the one.
  await data.writeIfCurrent(
    [
      data.guard(
        data
          .selectFrom("evaluations")
          .select("id")
          .where("id", "=", evaluation.id)
          .where((eb) => eb.not(eb.exists(data.selectFrom("review_assignments").select("id").where("subject_id", "=", evaluation.id).where("scorer_role", "=", "self")))),
      ),
      selfAssignment(data, evaluation.id, rubricId, actor.id, now),
    ],
    { action: "evaluation.self_assessment_started", targetType: "evaluation", targetId: evaluation.id },
  );
  return (await find())!;
}

/** An evaluation's round and the rubric it is scored on (its type's, chosen at enrolment). */
export async function roundOf(data: DistrictData, evaluation: { round_id: string; rubric_id: string }): Promise<{ round: RoundRow; rubric: Rubric; skipped: Rubric["items"] }> {
  const [{ round }, rubric] = await Promise.all([loadRound(data, evaluation.round_id), loadRubric(data, evaluation.rubric_id)]);
  if (!rubric) throw notFound();
  return { round, rubric, skipped: await skippedItems(data, rubric) };
}

/** Scoring happens while the evaluation is enrolled (or returned for re-scoring). */
export function scoringOpenGuard(data: DistrictData, evaluationId: string): Compilable {
  return data.guard(data.selectFrom("evaluations").select("id").where("id", "=", evaluationId).where("status", "in", ["enrolled", "returned"]));
}

export async function assignScorers(data: DistrictData, actor: DisclosureActor, input: { evaluation: EvaluationRow; rubricId: string; evaluators: string[]; committee: string[] }, now: string): Promise<void> {
  const { evaluation, rubricId, evaluators, committee } = input;
  const by = actor.id;
  await data.write(
    [
      ...assignReviewers(data, { subjectKind: SUBJECT_KIND, subjectId: evaluation.id, rubricId, reviewerIds: evaluators, assignedBy: by, now, scorerRole: "evaluator" }),
      ...assignReviewers(data, { subjectKind: SUBJECT_KIND, subjectId: evaluation.id, rubricId, reviewerIds: committee, assignedBy: by, now, scorerRole: "committee" }),
    ],
    { action: "evaluation.scorers_assigned", targetType: "evaluation", targetId: evaluation.id, after: { evaluators, committee } },
  );
}

/**
 * The 2-year rule (reviewerCoolingOffYears): whoever worked for the organization less
 * than that long ago is conflicted, as is anyone declaring another interest.
 */
export function conflictFrom(input: { workedFor: "yes" | "no"; lastWorkedOn: string; otherConflict: string }, today: string, years: number, locale: Locale): string | null {
  if (input.workedFor === "yes" && addMonths(input.lastWorkedOn, years * 12) > today) return t(locale, "disclosure.eval.coolingOff", { date: input.lastWorkedOn, years });
  if (input.otherConflict.trim() !== "") return input.otherConflict.trim();
  return null;
}

// ---------------------------------------------------------------- proposal and notice

export interface Proposal {
  /** With the organization's 街道 or 社区: whose staff hear of objections to its grade. */
  evaluation: EvaluationRow & { area_code?: string | null };
  organizationName: string;
  self: number | null;
  evaluator: number | null;
  committee: number | null;
  grade: Grade | null;
}

/** Evaluations of the round in `areas` whose committee has handed in every score, with their proposed grade. */
export async function readyProposals(data: DistrictData, round: RoundRow, areas: readonly string[]): Promise<Proposal[]> {
  const rows = (await data
    .selectFrom("evaluations")
    .innerJoin("organizations", (j) => j.onRef("organizations.district_id", "=", "evaluations.district_id").onRef("organizations.id", "=", "evaluations.organization_id"))
    .selectAll("evaluations")
    .select(["organizations.name as organization_name", "organizations.area_code"])
    .where("evaluations.round_id", "=", round.id)
    .where("evaluations.status", "in", ["enrolled", "returned"])
    .where(inAreas("organizations.area_code", areas))
    .execute()) as (EvaluationRow & { organization_name: string; area_code: string | null })[];
  const totals = await totalsByRubric(data, rows);
  const bands = roundBands(round);
  const ready: Proposal[] = [];
  for (const row of rows) {
    const roles = totals.get(row.id);
    const committee = roles?.get("committee");
    if (!committee || committee.counted === 0 || committee.pending > 0 || committee.mean === null) continue;
    ready.push({
      evaluation: row,
      organizationName: row.organization_name,
      self: roles?.get("self")?.mean ?? null,
      evaluator: roles?.get("evaluator")?.mean ?? null,
      committee: committee.mean,
      grade: gradeFor(await gradeTotal(data, row.rubric_id, committee.mean, bands.scale), bands),
    });
  }
  return ready;
}

export async function publishProposals(data: DistrictData, actor: DisclosureActor, input: { round: RoundRow; proposals: Proposal[] }, now: string): Promise<string> {
  const { round, proposals } = input;
  const l = actor.locale;
  const noticeId = newId();
  const endsAt = endOfBeijingDay(addWorkingDays(now, data.district.settings.publicNoticeWorkingDays));
  const scorers = await data
    .selectFrom("review_assignments")
    .innerJoin("users", (j) => j.onRef("users.district_id", "=", "review_assignments.district_id").onRef("users.id", "=", "review_assignments.reviewer_id"))
    .select(["users.display_name", "review_assignments.scorer_role"])
    .where("review_assignments.subject_id", "in", proposals.map((p) => p.evaluation.id).slice(0, 90))
    .where("review_assignments.scorer_role", "in", ["evaluator", "committee"])
    .where("review_assignments.status", "=", "clear")
    .execute();
  const names = [...new Set(scorers.map((s) => s.display_name))].join("、");
  const statements: Compilable[] = [];
  for (const p of proposals) {
    statements.push(
      data.guard(data.selectFrom("evaluations").select("id").where("id", "=", p.evaluation.id).where("version", "=", p.evaluation.version)),
      data
        .updateTable("evaluations")
        .set({ status: "in_notice", self_total: p.self, evaluator_total: p.evaluator, committee_total: p.committee, total: p.committee, proposed_grade: p.grade, notice_id: noticeId, version: p.evaluation.version + 1 })
        .where("id", "=", p.evaluation.id),
    );
  }
  statements.push(
    ...publishNotice(data, {
      noticeId,
      subjectKind: SUBJECT_KIND,
      batchId: round.id,
      title: t("zh-CN", "disclosure.eval.noticeTitle", { round: round.title }),
      body: t("zh-CN", "disclosure.eval.noticeBody"),
      reviewersText: names,
      startsAt: now,
      endsAt,
      items: proposals.map((p) => ({ subjectId: p.evaluation.id, label: p.organizationName, proposedOutcome: p.grade ?? t("zh-CN", "disclosure.grade.noGrade"), score: p.committee, areaCode: p.evaluation.area_code ?? null })),
      by: actor.id,
      now,
    }),
  );
  await data.write(statements, { action: "evaluation.proposals_published", targetType: "evaluation_round", targetId: round.id, after: { notice: noticeId, evaluations: proposals.map((p) => p.evaluation.id), endsAt, locale: l } });
  return noticeId;
}

// ---------------------------------------------------------------- settling and expiry

export async function evaluationWithRound(data: DistrictData, id: string) {
  return data
    .selectFrom("evaluations")
    .innerJoin("evaluation_rounds", (j) => j.onRef("evaluation_rounds.district_id", "=", "evaluations.district_id").onRef("evaluation_rounds.id", "=", "evaluations.round_id"))
    .select(["evaluations.id", "evaluations.organization_id", "evaluations.proposed_grade", "evaluations.total", "evaluations.version", "evaluation_rounds.bands_json"])
    .where("evaluations.id", "=", id)
    .executeTakeFirst();
}

/**
 * The statements that settle an evaluation once its notice is over: the result is final
 * but awards nothing until it is announced (announceResults), whose date starts the term.
 */
export function settleStatements(data: DistrictData, e: { id: string; proposed_grade: string | null }, now: string): Compilable[] {
  return [
    data.updateTable("evaluations").set({ status: "final", final_grade: e.proposed_grade, finalized_at: now, version: sql`version + 1` }).where("id", "=", e.id),
    recordDecision(data, { subjectKind: SUBJECT_KIND, subjectId: e.id, outcome: e.proposed_grade ?? "no_grade", reasons: "公示期满，无成立的异议和待答复的复核", decidedBy: "system", now }),
  ];
}

/** Grades past their last valid day become expired (and show so publicly). Idempotent. */
export async function expireGrades(caller: DistrictData, now: string): Promise<number> {
  const data = caller.asSystem();
  const today = beijingDate(now);
  // A grade suspended by a serious-list entry also ends with its term.
  const due = await data.selectFrom("organization_grades").select(["id", "organization_id", "grade", "valid_until", "status"]).where("status", "in", ["valid", "suspended"]).where("valid_until", "<", today).execute();
  let changed = 0;
  for (const g of due) {
    const written = await data.writeIfCurrent(
      [
        data.guard(data.selectFrom("organization_grades").select("id").where("id", "=", g.id).where("status", "=", g.status)),
        data
          .updateTable("organization_grades")
          .set({ status: "expired", ended_on: addDays(g.valid_until, 1) })
          .where("id", "=", g.id),
        data.updateTable("organizations").set({ grade_status: "expired", updated_at: now }).where("id", "=", g.organization_id).where("grade_status", "=", "valid").where("grade_valid_until", "=", g.valid_until),
      ],
      { action: "grade.expired", targetType: "organization", targetId: g.organization_id, after: { grade: g.grade, validUntil: g.valid_until } },
    );
    if (written) changed += 1;
  }
  return changed;
}
