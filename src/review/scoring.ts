import type { Compilable } from "kysely";
import type { DistrictData } from "../data/district-data";
import type { FieldError } from "../http/errors";
import { newId } from "../lib/ids";
import type { Rubric } from "./rubrics";

// Assignments, conflict-of-interest declarations, scores and their aggregation.
// A reviewer declares before seeing the subject; only "clear" assignments score; only
// submitted scores of clear assignments count. A conflicted assignment can be moved to
// another reviewer, and its history stays.

export interface AssignmentRow {
  id: string;
  subject_kind: string;
  subject_id: string;
  rubric_id: string;
  reviewer_id: string;
  scorer_role: string;
  status: "awaiting_declaration" | "clear" | "conflicted" | "moved";
  conflict_reason: string | null;
  declared_at: string | null;
  submitted_at: string | null;
}

export function assignReviewers(
  data: DistrictData,
  input: { subjectKind: string; subjectId: string; rubricId: string; reviewerIds: readonly string[]; assignedBy: string; now: string; scorerRole?: string },
): Compilable[] {
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
    data.guard(
      data.selectFrom("review_assignments").select("id").where("id", "=", a.id).where("status", "=", "clear").where("submitted_at", "is", null),
    ),
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
  const result = new Map<string, Aggregate>();
  if (subjectIds.length === 0) return result;
  const assignments: AssignmentRow[] = [];
  for (let i = 0; i < subjectIds.length; i += 90) {
    assignments.push(...((await data.selectFrom("review_assignments").selectAll().where("subject_id", "in", subjectIds.slice(i, i + 90)).execute()) as AssignmentRow[]));
  }
  const counted = assignments.filter((a) => a.status === "clear" && a.submitted_at !== null);
  const scores: { assignment_id: string; item_id: string; score: number }[] = [];
  const ids = counted.map((a) => a.id);
  for (let i = 0; i < ids.length; i += 90) {
    scores.push(...(await data.selectFrom("review_scores").select(["assignment_id", "item_id", "score"]).where("assignment_id", "in", ids.slice(i, i + 90)).execute()));
  }
  const totalWeight = rubric.items.reduce((s, i) => s + i.weight, 0);
  const items = new Map(rubric.items.map((i) => [i.id, i]));
  for (const subjectId of subjectIds) {
    const mine = counted.filter((a) => a.subject_id === subjectId);
    const totals = mine.map((a) => {
      const sum = scores.filter((s) => s.assignment_id === a.id).reduce((acc, s) => {
        const item = items.get(s.item_id);
        return item ? acc + (s.score / item.maxScore) * item.weight : acc;
      }, 0);
      return Math.round((sum / totalWeight) * 100 * 100) / 100;
    });
    const mean = totals.length ? Math.round((totals.reduce((a, b) => a + b, 0) / totals.length) * 100) / 100 : null;
    const min = totals.length ? Math.min(...totals) : null;
    const max = totals.length ? Math.max(...totals) : null;
    const all = assignments.filter((a) => a.subject_id === subjectId);
    result.set(subjectId, {
      subjectId,
      totals,
      mean,
      min,
      max,
      spread: min !== null && max !== null ? Math.round((max - min) * 100) / 100 : null,
      counted: totals.length,
      conflicted: all.filter((a) => a.status === "conflicted").length,
      pending: all.filter((a) => (a.status === "awaiting_declaration" || a.status === "clear") && a.submitted_at === null).length,
      perItem: rubric.items.map((item) => {
        const values = scores.filter((s) => s.item_id === item.id && mine.some((a) => a.id === s.assignment_id)).map((s) => s.score);
        return { itemId: item.id, mean: values.length ? Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100 : null };
      }),
    });
  }
  return result;
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
  const assignments: AssignmentRow[] = [];
  for (let i = 0; i < subjectIds.length; i += 90) {
    assignments.push(...((await data.selectFrom("review_assignments").selectAll().where("subject_id", "in", subjectIds.slice(i, i + 90)).execute()) as AssignmentRow[]));
  }
  const counted = assignments.filter((a) => a.status === "clear" && a.submitted_at !== null);
  const scores: { assignment_id: string; item_id: string; score: number }[] = [];
  const ids = counted.map((a) => a.id);
  for (let i = 0; i < ids.length; i += 90) {
    scores.push(...(await data.selectFrom("review_scores").select(["assignment_id", "item_id", "score"]).where("assignment_id", "in", ids.slice(i, i + 90)).execute()));
  }
  const itemIds = new Set(rubric.items.map((i) => i.id));
  const round2 = (n: number) => Math.round(n * 100) / 100;
  for (const subjectId of subjectIds) {
    const byRole = new Map<string, RoleAggregate>();
    const all = assignments.filter((a) => a.subject_id === subjectId);
    for (const role of [...new Set(all.map((a) => a.scorer_role))]) {
      const mine = counted.filter((a) => a.subject_id === subjectId && a.scorer_role === role);
      const totals = mine.map((a) => round2(scores.filter((s) => s.assignment_id === a.id && itemIds.has(s.item_id)).reduce((acc, s) => acc + s.score, 0)));
      const ofRole = all.filter((a) => a.scorer_role === role);
      byRole.set(role, {
        scorerRole: role,
        totals,
        mean: totals.length ? round2(totals.reduce((a, b) => a + b, 0) / totals.length) : null,
        counted: totals.length,
        conflicted: ofRole.filter((a) => a.status === "conflicted").length,
        pending: ofRole.filter((a) => (a.status === "awaiting_declaration" || a.status === "clear") && a.submitted_at === null).length,
        perItem: new Map(
          rubric.items.map((item) => {
            const values = scores.filter((s) => s.item_id === item.id && mine.some((a) => a.id === s.assignment_id)).map((s) => s.score);
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
