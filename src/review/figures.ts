import type { DistrictData } from "../data/district-data";
import type { Aggregate } from "./scoring";

/** What a queue of subjects shows of aggregate(): no per-reviewer totals, no per-item means. */
export type ReviewFigures = Pick<Aggregate, "mean" | "min" | "max" | "spread" | "counted" | "conflicted" | "pending">;

export const round2 = (n: number) => Math.round(n * 100) / 100;

type FiguresRow = Record<"counted" | "sum" | "min" | "max" | "conflicted" | "pending", number | null>;

/**
 * What a queue of subjects selects of `review_figures` for withFigures(): the listing
 * left-joins the table on the subject's id and reads one row per subject. The triggers of
 * migrations/district/0043_review_figures.sql keep those rows as aggregate() would work
 * them out, so a queue sums no scores when it is read.
 */
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
