import type { DistrictData } from "../../../data/district-data";

// Beneficiary feedback (服务对象反馈) read for the evaluators and the project's pages:
// how many answered, the mean rating and the satisfaction figure, which counts ratings
// of 4 and 5 (满意, 非常满意) as satisfied, as satisfaction surveys of services do. No
// respondent is ever identified.

export interface FeedbackSummary {
  count: number;
  meanRating: number | null;
  /** Percent of responses rating 4 or 5, or null with no responses. */
  satisfactionPercent: number | null;
  /** The latest comments, without anything that identifies who wrote them. */
  comments: { rating: number; comment: string; on: string }[];
}

export async function feedbackSummary(data: DistrictData, contractId: string): Promise<FeedbackSummary> {
  const [totals, latest] = await data.read<Record<string, unknown>>([
    data
      .selectFrom("project_feedback")
      .select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.avg<number>("rating").as("mean"), eb.fn.sum<number>(eb.case().when("rating", ">=", 4).then(1).else(0).end()).as("satisfied")])
      .where("contract_id", "=", contractId),
    data.selectFrom("project_feedback").select(["rating", "comment", "created_at"]).where("contract_id", "=", contractId).where("comment", "<>", "").orderBy("created_at", "desc").limit(20),
  ]);
  const n = Number(totals![0]?.n ?? 0);
  return {
    count: n,
    meanRating: n ? Math.round(Number(totals![0]!.mean) * 100) / 100 : null,
    satisfactionPercent: n ? Math.round((Number(totals![0]!.satisfied) / n) * 1000) / 10 : null,
    comments: latest!.map((r) => ({ rating: Number(r.rating), comment: String(r.comment), on: String(r.created_at).slice(0, 10) })),
  };
}
