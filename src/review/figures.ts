import { sql, type Compilable, type CompiledQuery, type Expression } from "kysely";
import type { DistrictData } from "../data/district-data";
import type { Aggregate } from "./scoring";

/** What a queue of subjects shows of aggregate(): no per-reviewer totals, no per-item means. */
export type ReviewFigures = Pick<Aggregate, "mean" | "min" | "max" | "spread" | "counted" | "conflicted" | "pending">;

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * aggregate()'s figures counted by SQLite: one row per subject that has assignments, so a
 * queue reads a row per subject instead of every assignment and score. A reviewer's total
 * is worked out as aggregate() does, to the same floating-point steps: Σ(score / max ×
 * weight) over the rubric's items, ÷ Σ weight × 100, rounded half up to 2 decimals;
 * conflicted, moved and unsubmitted assignments never count.
 *
 * Each total is worked out once, in a materialized CTE: written inline, count, sum, min and
 * max would each run the per-reviewer sum again (SQLite does not share subqueries between
 * expressions), four times the work of the queue's largest read.
 */
export function reviewFiguresRead(data: DistrictData, rubricId: string | Expression<string>, subjects: readonly string[] | Expression<string>): Compilable {
  const weight = data.selectFrom("rubric_items").select(sql<number>`sum(rubric_items.weight)`.as("w")).where("rubric_items.rubric_id", "=", rubricId);
  const points = data
    .selectFrom("review_scores")
    .innerJoin("rubric_items", (j) => j.onRef("rubric_items.district_id", "=", "review_scores.district_id").onRef("rubric_items.id", "=", "review_scores.item_id"))
    .select(sql<number>`sum(review_scores.score / rubric_items.max_score * rubric_items.weight)`.as("p"))
    .where("rubric_items.rubric_id", "=", rubricId)
    .where(sql<boolean>`review_scores.assignment_id = review_assignments.id`);
  const perReviewer = data
    .selectFrom("review_assignments")
    .select([
      "review_assignments.subject_id",
      "review_assignments.status",
      "review_assignments.submitted_at",
      sql<number | null>`(CASE WHEN review_assignments.status = 'clear' AND review_assignments.submitted_at IS NOT NULL THEN CAST(coalesce(${points}, 0) / ${weight} * 100 * 100 + 0.5 AS INTEGER) / 100.0 END)`.as("total"),
    ])
    .where("review_assignments.subject_id", "in", subjects)
    .compile();
  const compiled = {
    ...perReviewer,
    sql: `with totals as materialized (${perReviewer.sql}) select subject_id, count(total) counted, sum(total) sum, min(total) min, max(total) max, sum(status = 'conflicted') conflicted, sum(status in ('awaiting_declaration', 'clear') and submitted_at is null) pending from totals group by subject_id`,
  } as CompiledQuery;
  return { compile: () => compiled };
}

/**
 * The subject's reviews that count (clear and submitted): as a guard in a decision's own
 * batch, "some reviewer has handed in scores" holds when the decision is written, not only
 * when it was read.
 */
export function countedReviews(data: DistrictData, subjectId: string) {
  return data.selectFrom("review_assignments").select("id").where("subject_id", "=", subjectId).where("status", "=", "clear").where("submitted_at", "is not", null);
}

type FiguresRow = Omit<ReviewFigures, "mean" | "spread"> & { subject_id: string; sum: number | null };

/**
 * The rows of reviewFiguresRead() by subject; a subject with no row has no assignment. SQLite
 * answers min, max and sum as null when no review counts, and the counts as integers.
 */
export function figuresBySubject(rows: readonly Record<string, unknown>[]): (subjectId: string) => ReviewFigures {
  const bySubject = new Map<string, ReviewFigures>();
  for (const { subject_id, sum, ...r } of rows as FiguresRow[]) bySubject.set(subject_id, { ...r, mean: r.counted ? round2(sum! / r.counted) : null, spread: r.counted ? round2(r.max! - r.min!) : null });
  const none: ReviewFigures = { mean: null, min: null, max: null, spread: null, counted: 0, conflicted: 0, pending: 0 };
  return (subjectId) => bySubject.get(subjectId) ?? none;
}
