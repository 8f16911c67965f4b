import { sql, type Compilable, type CompiledQuery, type Expression } from "kysely";
import type { DistrictData } from "../data/district-data";
import type { Aggregate } from "./scoring";

/** What a queue of subjects shows of aggregate(): no per-reviewer totals, no per-item means. */
export type ReviewFigures = Pick<Aggregate, "mean" | "min" | "max" | "spread" | "counted" | "conflicted" | "pending">;

export const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * aggregate()'s figures counted by SQLite, joined to the caller's own listing of subjects,
 * so a queue reads one row per subject (its own columns and its figures) instead of every
 * assignment and score, or a second result of a row per subject. The listing selects
 * `figureColumns` and left-joins `review_figures` on the subject's id; a subject with no
 * assignment has null figures.
 *
 * A reviewer's total is worked out as aggregate() does, to the same floating-point steps:
 * Σ(score / max × weight) over the rubric's items in their order, ÷ Σ weight × 100, rounded
 * half up to 2 decimals; conflicted, moved and unsubmitted assignments never count. The
 * rubric's items are read once (`review_items`), not once per assignment, and the CROSS JOIN
 * keeps them the outer loop, so the sum adds the items in order whatever the planner prefers.
 * Each score comes from `review_scores_points`, which holds it: left to itself the planner
 * takes the unique primary key, which then reads the table row for the score.
 * Each total is worked out once, in a materialized CTE: written inline, count, sum, min and
 * max would each run the per-reviewer sum again (SQLite does not share subqueries between
 * expressions).
 */
export function withReviewFigures(data: DistrictData, rubricId: string | Expression<string>, subjects: readonly string[] | Expression<string>, listing: Compilable): Compilable {
  const items = data.selectFrom("rubric_items").select(["id", "weight", "max_score"]).where("rubric_id", "=", rubricId).orderBy("position").compile();
  // Unqualified names resolve to the one table that has them (review_items has no district_id).
  const points = sql`(select sum(score / max_score * weight) from review_items cross join review_scores INDEXED BY review_scores_points where district_id = ${data.districtId} and assignment_id = review_assignments.id and item_id = review_items.id)`;
  const totals = data
    .selectFrom("review_assignments")
    .select([
      "subject_id",
      "status",
      "submitted_at",
      sql<number | null>`(CASE WHEN status = 'clear' AND submitted_at IS NOT NULL THEN CAST(coalesce(${points}, 0) / (select sum(weight) from review_items) * 100 * 100 + 0.5 AS INTEGER) / 100.0 END)`.as("total"),
    ])
    .where("subject_id", "in", subjects)
    .compile();
  const outer = listing.compile();
  const compiled = {
    ...outer,
    sql: `with review_items as materialized (${items.sql}), review_totals as materialized (${totals.sql}), review_figures as (select subject_id, count(total) counted, sum(total) sum, min(total) min, max(total) max, sum(status = 'conflicted') conflicted, sum(status in ('awaiting_declaration', 'clear') and submitted_at is null) pending from review_totals group by subject_id) ${outer.sql}`,
    parameters: [...items.parameters, ...totals.parameters, ...outer.parameters],
  } as CompiledQuery;
  return { compile: () => compiled };
}

type FiguresRow = Record<"counted" | "sum" | "min" | "max" | "conflicted" | "pending", number | null>;

/** `review_figures` for a listing's left join, and what the listing selects of it for withFigures(). */
export const reviewFigures = sql<FiguresRow & { subject_id: string }>`review_figures`.as("review_figures");
export const figureColumns = ["review_figures.counted", "review_figures.sum", "review_figures.min", "review_figures.max", "review_figures.conflicted", "review_figures.pending"] as const;

/**
 * The subject's reviews that count (clear and submitted): as a guard in a decision's own
 * batch, "some reviewer has handed in scores" holds when the decision is written, not only
 * when it was read.
 */
export function countedReviews(data: DistrictData, subjectId: string) {
  return data.selectFrom("review_assignments").select("id").where("subject_id", "=", subjectId).where("status", "=", "clear").where("submitted_at", "is not", null);
}

/**
 * A listing row with its figures (figureColumns) taken out into `aggregate`. SQLite answers
 * min, max and sum as null when no review counts, and every figure as null when the subject
 * has no assignment.
 */
export function withFigures<T extends FiguresRow>({ counted, sum, min, max, conflicted, pending, ...row }: T): Omit<T, keyof FiguresRow> & { aggregate: ReviewFigures } {
  return { ...row, aggregate: { mean: counted ? round2(sum! / counted) : null, min, max, spread: counted ? round2(max! - min!) : null, counted: counted ?? 0, conflicted: conflicted ?? 0, pending: pending ?? 0 } };
}
