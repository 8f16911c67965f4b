import type { Compilable, Expression } from "kysely";
import type { DistrictData } from "../data/district-data";
import type { FieldError } from "../http/errors";
import { newId } from "../lib/ids";
import type { Rubric } from "./rubrics";
import { round2 } from "./figures";
import type { Selectable } from "kysely";
import type { ReviewTables } from "./tables";

// Assignments, conflict-of-interest declarations, scores and their aggregation.
// A reviewer declares before seeing the subject; only "clear" assignments score; only
// submitted scores of clear assignments count. A conflicted assignment can be moved to
// another reviewer, and its history stays.

export type AssignmentRow = Pick<Selectable<ReviewTables["review_assignments"]>, "id" | "subject_kind" | "subject_id" | "rubric_id" | "reviewer_id" | "scorer_role" | "status" | "conflict_reason" | "declared_at" | "submitted_at">;

export function assignReviewers(data: DistrictData, input: { subjectKind: string; subjectId: string; rubricId: string; reviewerIds: readonly string[]; assignedBy: string; now: string; scorerRole?: string }): Compilable[] {
  return input.reviewerIds.map((reviewerId) =>
    data
      .insertInto("review_assignments", {
        id: newId(),
        subject_kind: input.subjectKind,
        subject_id: input.subjectId,
        rubric_id: input.rubricId,
        reviewer_id: reviewerId,
        scorer_role: input.scorerRole ?? "reviewer",
        status: "awaiting_declaration",
        conflict_reason: null,
        declared_at: null,
        submitted_at: null,
        assigned_by: input.assignedBy,
        assigned_at: input.now,
      })
      .onConflict((oc) => oc.doNothing()),
  );
}

export async function findAssignment(data: DistrictData, assignmentId: string): Promise<AssignmentRow | undefined> {
  return data.selectFrom("review_assignments").selectAll().where("id", "=", assignmentId).executeTakeFirst() as Promise<AssignmentRow | undefined>;
}

/** A reviewer's assignments of the given kinds, newest first (the inbox and its API). */
export async function assignmentsOfReviewer(data: DistrictData, reviewerId: string, kinds: readonly string[]): Promise<(AssignmentRow & { assigned_at: string })[]> {
  if (kinds.length === 0) return [];
  return data.selectFrom("review_assignments").selectAll().where("reviewer_id", "=", reviewerId).where("subject_kind", "in", kinds).orderBy("assigned_at", "desc").execute();
}

/** What a reviewer has scored so far on one assignment. */
export function scoresOfAssignment(data: DistrictData, assignmentId: string) {
  return data.selectFrom("review_scores").select(["item_id", "score", "comment"]).where("assignment_id", "=", assignmentId).execute();
}

/** The reviewer's declaration: conflicted (with a reason) or clear. */
export function declare(data: DistrictData, a: AssignmentRow, conflicted: boolean, reason: string | null, now: string): Compilable[] {
  return [
    data.guard(data.selectFrom("review_assignments").select("id").where("id", "=", a.id).where("status", "=", "awaiting_declaration")),
    data
      .updateTable("review_assignments")
      .set({ status: conflicted ? "conflicted" : "clear", conflict_reason: conflicted ? reason : null, declared_at: now })
      .where("id", "=", a.id),
  ];
}

/** Moves an assignment that cannot score (conflicted, or not yet declared) to another reviewer. */
export function moveAssignment(data: DistrictData, a: AssignmentRow, toReviewerId: string, by: string, now: string): Compilable[] {
  return [
    data.guard(data.selectFrom("review_assignments").select("id").where("id", "=", a.id).where("status", "in", ["conflicted", "awaiting_declaration"])),
    data.updateTable("review_assignments").set({ status: "moved" }).where("id", "=", a.id),
    ...assignReviewers(data, { subjectKind: a.subject_kind, subjectId: a.subject_id, rubricId: a.rubric_id, reviewerIds: [toReviewerId], assignedBy: by, now, scorerRole: a.scorer_role }),
  ];
}

export interface ScoreInput {
  itemId: string;
  score: number;
  comment: string;
}

/** Field errors for scores outside an item's range, unknown items, or (on submit) missing items. */
export function checkScores(rubric: Rubric, scores: readonly ScoreInput[], submit: boolean, messages: { range(max: number): string; unknown: string; missing: string }): FieldError[] {
  const errors: FieldError[] = [];
  const byId = new Map(rubric.items.map((i) => [i.id, i]));
  scores.forEach((s, index) => {
    const item = byId.get(s.itemId);
    if (!item) errors.push({ field: `scores.${index}.itemId`, code: "unknown_item", message: messages.unknown });
    else if (!(s.score >= 0 && s.score <= item.maxScore)) errors.push({ field: `scores.${index}.score`, code: "out_of_range", message: messages.range(item.maxScore) });
  });
  if (submit) {
    const given = new Set(scores.map((s) => s.itemId));
    rubric.items.forEach((item) => {
      if (!given.has(item.id)) errors.push({ field: `item.${item.id}`, code: "missing", message: messages.missing });
    });
  }
  return errors;
}

/**
 * Saves scores (and, with submit, hands them in). Only a clear, not yet submitted
 * assignment of this reviewer may score; the first score locks the rubric.
 */
export function saveScores(data: DistrictData, a: AssignmentRow, scores: readonly ScoreInput[], submit: boolean, now: string): Compilable[] {
  const statements: Compilable[] = [
    data.guard(data.selectFrom("review_assignments").select("id").where("id", "=", a.id).where("status", "=", "clear").where("submitted_at", "is", null)),
    data.updateTable("rubrics").set({ locked_at: now }).where("id", "=", a.rubric_id).where("locked_at", "is", null),
  ];
  for (const s of scores) {
    statements.push(
      data
        .insertInto("review_scores", { assignment_id: a.id, item_id: s.itemId, score: s.score, comment: s.comment, scored_at: now })
        .onConflict((oc) => oc.columns(["district_id", "assignment_id", "item_id"]).doUpdateSet({ score: s.score, comment: s.comment, scored_at: now })),
    );
  }
  if (submit) statements.push(data.updateTable("review_assignments").set({ submitted_at: now }).where("id", "=", a.id));
  return statements;
}

export interface Aggregate {
  subjectId: string;
  /** Each counted reviewer's total on a 0-100 scale. */
  totals: number[];
  mean: number | null;
  min: number | null;
  max: number | null;
  spread: number | null;
  counted: number;
  conflicted: number;
  pending: number;
  perItem: { itemId: string; mean: number | null }[];
}

/**
 * Weighted totals per reviewer, then their mean and spread, per subject. A reviewer's
 * total = Σ(score/max × weight) / Σ weight × 100. Conflicted, moved and unsubmitted
 * assignments never count.
 */
export async function aggregate(data: DistrictData, rubric: Rubric, subjectIds: readonly string[]): Promise<Map<string, Aggregate>> {
  if (subjectIds.length === 0) return new Map();
  return aggregateReviews(rubric, subjectIds, await loadReviews(data, subjectIds));
}

/** aggregate() on reviews already read (reviewReads() in the caller's own batch). */
export function aggregateReviews(rubric: Rubric, subjectIds: readonly string[], { assignmentsOf, scoresOf }: Reviews): Map<string, Aggregate> {
  const result = new Map<string, Aggregate>();
  const totalWeight = rubric.items.reduce((s, i) => s + i.weight, 0);
  const items = new Map(rubric.items.map((i) => [i.id, i]));
  for (const subjectId of subjectIds) {
    const all = assignmentsOf(subjectId);
    const mine = all.filter(counts);
    const totals = mine.map((a) => {
      const sum = scoresOf(a.id).reduce((acc, s) => {
        const item = items.get(s.item_id);
        return item ? acc + (s.score / item.maxScore) * item.weight : acc;
      }, 0);
      return round2((sum / totalWeight) * 100);
    });
    const mean = totals.length ? round2(totals.reduce((a, b) => a + b, 0) / totals.length) : null;
    const min = totals.length ? Math.min(...totals) : null;
    const max = totals.length ? Math.max(...totals) : null;
    const counted = mine.flatMap((a) => scoresOf(a.id));
    result.set(subjectId, {
      subjectId,
      totals,
      mean,
      min,
      max,
      spread: min !== null && max !== null ? round2(max - min) : null,
      counted: totals.length,
      conflicted: all.filter((a) => a.status === "conflicted").length,
      pending: all.filter(isPending).length,
      perItem: rubric.items.map((item) => {
        const values = counted.filter((s) => s.item_id === item.id).map((s) => s.score);
        return { itemId: item.id, mean: values.length ? round2(values.reduce((a, b) => a + b, 0) / values.length) : null };
      }),
    });
  }
  return result;
}

const counts = (a: AssignmentRow) => a.status === "clear" && a.submitted_at !== null;
const isPending = (a: AssignmentRow) => (a.status === "awaiting_declaration" || a.status === "clear") && a.submitted_at === null;

/** Subject ids per statement: D1 allows 100 bound parameters in one statement. */
const SUBJECTS_PER_STATEMENT = 90;

/**
 * Every assignment of the subjects and the scores of the counted ones, in one round trip
 * however many subjects (one pair of statements per chunk, all in one batch), indexed
 * for lookups by subject and by assignment.
 */
async function loadReviews(data: DistrictData, subjectIds: readonly string[]): Promise<Reviews> {
  const statements: Compilable[] = [];
  for (let i = 0; i < subjectIds.length; i += SUBJECTS_PER_STATEMENT) statements.push(...reviewReads(data, subjectIds.slice(i, i + SUBJECTS_PER_STATEMENT)));
  return indexReviews(await data.read<Record<string, unknown>>(statements));
}

type ScoreRow = { assignment_id: string; item_id: string; score: number };
export interface Reviews {
  assignmentsOf(subjectId: string): AssignmentRow[];
  scoresOf(assignmentId: string): ScoreRow[];
}

/**
 * Every assignment of the subjects and the scores of the counted ones: two statements. The
 * subjects may be a subquery of ids (a call's applications), so a caller's batch can read
 * them with everything else in one round trip.
 */
export function reviewReads(data: DistrictData, subjects: readonly string[] | Expression<string>): [Compilable, Compilable] {
  return [
    data.selectFrom("review_assignments").selectAll().where("subject_id", "in", subjects),
    data
      .selectFrom("review_scores")
      .innerJoin("review_assignments", (j) => j.onRef("review_assignments.district_id", "=", "review_scores.district_id").onRef("review_assignments.id", "=", "review_scores.assignment_id"))
      .select(["review_scores.assignment_id", "review_scores.item_id", "review_scores.score"])
      .where("review_assignments.subject_id", "in", subjects)
      .where("review_assignments.status", "=", "clear")
      .where("review_assignments.submitted_at", "is not", null),
  ];
}

/** The results of reviewReads() pairs (assignments, scores, assignments, …), indexed by subject and by assignment. */
export function indexReviews(results: readonly Record<string, unknown>[][]): Reviews {
  const bySubject = new Map<string, AssignmentRow[]>();
  const byAssignment = new Map<string, ScoreRow[]>();
  results.forEach((rows, index) => {
    for (const row of rows) {
      if (index % 2 === 0) {
        const a = row as unknown as AssignmentRow;
        const list = bySubject.get(a.subject_id);
        if (list) list.push(a);
        else bySubject.set(a.subject_id, [a]);
      } else {
        const s = row as unknown as ScoreRow;
        const list = byAssignment.get(s.assignment_id);
        if (list) list.push(s);
        else byAssignment.set(s.assignment_id, [s]);
      }
    }
  });
  return { assignmentsOf: (subjectId: string) => bySubject.get(subjectId) ?? [], scoresOf: (assignmentId: string) => byAssignment.get(assignmentId) ?? [] };
}

export interface RoleAggregate {
  scorerRole: string;
  /** Each counted scorer's total in points (Σ scores), not scaled. */
  totals: number[];
  mean: number | null;
  counted: number;
  conflicted: number;
  pending: number;
  perItem: Map<string, number | null>;
}

/**
 * Totals in points (the plain sum of item scores) per scorer role, per subject: for
 * rubrics whose items carry standard points, such as evaluations with their
 * self-assessment, evaluator-team and committee columns. The same counting rule as
 * aggregate(): conflicted, moved and unsubmitted assignments never count.
 */
export async function aggregateByRole(data: DistrictData, rubric: Rubric, subjectIds: readonly string[]): Promise<Map<string, Map<string, RoleAggregate>>> {
  const result = new Map<string, Map<string, RoleAggregate>>();
  if (subjectIds.length === 0) return result;
  const { assignmentsOf, scoresOf } = await loadReviews(data, subjectIds);
  const itemIds = new Set(rubric.items.map((i) => i.id));
  for (const subjectId of subjectIds) {
    const byRole = new Map<string, RoleAggregate>();
    const all = assignmentsOf(subjectId);
    for (const role of [...new Set(all.map((a) => a.scorer_role))]) {
      const ofRole = all.filter((a) => a.scorer_role === role);
      const mine = ofRole.filter(counts);
      const totals = mine.map((a) =>
        round2(
          scoresOf(a.id)
            .filter((s) => itemIds.has(s.item_id))
            .reduce((acc, s) => acc + s.score, 0),
        ),
      );
      const counted = mine.flatMap((a) => scoresOf(a.id));
      byRole.set(role, {
        scorerRole: role,
        totals,
        mean: totals.length ? round2(totals.reduce((a, b) => a + b, 0) / totals.length) : null,
        counted: totals.length,
        conflicted: ofRole.filter((a) => a.status === "conflicted").length,
        pending: ofRole.filter(isPending).length,
        perItem: new Map(
          rubric.items.map((item) => {
            const values = counted.filter((s) => s.item_id === item.id).map((s) => s.score);
            return [item.id, values.length ? round2(values.reduce((a, b) => a + b, 0) / values.length) : null];
          }),
        ),
      });
    }
    result.set(subjectId, byRole);
  }
  return result;
}

/** A decision with its reasons; the newest one per subject is the one in force. */
export function recordDecision(data: DistrictData, input: { subjectKind: string; subjectId: string; outcome: string; reasons: string; decidedBy: string; now: string }): Compilable {
  return data.insertInto("review_decisions", {
    id: newId(),
    subject_kind: input.subjectKind,
    subject_id: input.subjectId,
    outcome: input.outcome,
    reasons: input.reasons,
    decided_by: input.decidedBy,
    decided_at: input.now,
  });
}
