import { sql, type Compilable, type Expression } from "kysely";
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
 */
export function reviewFiguresRead(data: DistrictData, rubricId: string | Expression<string>, subjects: readonly string[] | Expression<string>): Compilable {
  const weight = data.selectFrom("rubric_items").select(sql<number>`sum(rubric_items.weight)`.as("w")).where("rubric_items.rubric_id", "=", rubricId);
  const points = data
    .selectFrom("review_scores")
    .innerJoin("rubric_items", (j) => j.onRef("rubric_items.district_id", "=", "review_scores.district_id").onRef("rubric_items.id", "=", "review_scores.item_id"))
    .select(sql<number>`sum(review_scores.score / rubric_items.max_score * rubric_items.weight)`.as("p"))
    .where("rubric_items.rubric_id", "=", rubricId)
    .where(sql<boolean>`review_scores.assignment_id = review_assignments.id`);
  const total = sql<number | null>`(CASE WHEN review_assignments.status = 'clear' AND review_assignments.submitted_at IS NOT NULL THEN CAST(coalesce(${points}, 0) / ${weight} * 100 * 100 + 0.5 AS INTEGER) / 100.0 END)`;
  return data
    .selectFrom("review_assignments")
    .select([
      "review_assignments.subject_id",
      sql<number>`count(${total})`.as("counted"),
      sql<number | null>`sum(${total})`.as("sum"),
      sql<number | null>`min(${total})`.as("min"),
      sql<number | null>`max(${total})`.as("max"),
      sql<number>`sum(review_assignments.status = 'conflicted')`.as("conflicted"),
      sql<number>`sum(review_assignments.status IN ('awaiting_declaration', 'clear') AND review_assignments.submitted_at IS NULL)`.as("pending"),
    ])
    .where("review_assignments.subject_id", "in", subjects)
    .groupBy("review_assignments.subject_id");
}

/** The rows of reviewFiguresRead() by subject; a subject with no row has no assignment. */
export function figuresBySubject(rows: readonly Record<string, unknown>[]): (subjectId: string) => ReviewFigures {
  const bySubject = new Map<string, ReviewFigures>();
  for (const r of rows) {
    const counted = Number(r.counted);
    const min = counted ? Number(r.min) : null;
    const max = counted ? Number(r.max) : null;
    bySubject.set(String(r.subject_id), {
      mean: counted ? round2(Number(r.sum) / counted) : null,
      min,
      max,
      spread: min !== null && max !== null ? round2(max - min) : null,
      counted,
      conflicted: Number(r.conflicted),
      pending: Number(r.pending),
    });
  }
  const none: ReviewFigures = { mean: null, min: null, max: null, spread: null, counted: 0, conflicted: 0, pending: 0 };
  return (subjectId) => bySubject.get(subjectId) ?? none;
}
