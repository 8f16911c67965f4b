import type { DistrictData } from "../../../data/district-data";
import { notFound } from "../../../http/errors";
import { sha256Hex } from "../../../lib/crypto";
import { newId } from "../../../lib/ids";
import { lookupHash, protect } from "../../../lib/personal-data";
import { sameDistrict } from "../../../data/joins";

// Beneficiary feedback (服务对象反馈) read for the evaluators and the project's pages:
// how many answered, the mean rating and the satisfaction figure, which counts ratings
// of 4 and 5 (满意, 非常满意) as satisfied, as satisfaction surveys of services do. No
// respondent is ever identified.

/** A mean rating to one decimal, as every page and the open data show it (rounded once, from the exact mean). */
export const roundMean = (mean: number) => Math.round(mean * 10) / 10;

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
    meanRating: n ? roundMean(Number(totals![0]!.mean)) : null,
    satisfactionPercent: n ? Math.round((Number(totals![0]!.satisfied) / n) * 1000) / 10 : null,
    comments: latest!.map((r) => ({ rating: Number(r.rating), comment: String(r.comment), on: String(r.created_at).slice(0, 10) })),
  };
}

/** What a feedback link names: its short code, or (older links and the poster's first prints) the contract id. */
export const isFeedbackCode = (key: string) => /^[0-9a-f]{8}$/.test(key);

/** The project a feedback link names (by code or contract id), as the public may see it; 404 before signing. */
export async function feedbackTarget(data: DistrictData, key: string): Promise<{ id: string; code: string; title: string; organizationName: string; communityCode: string | null; open: boolean }> {
  const row = await data
    .selectFrom("project_contracts")
    .innerJoin("project_bids", sameDistrict("project_bids", "project_contracts.bid_id"))
    .innerJoin("organizations", sameDistrict("organizations", "project_bids.organization_id"))
    .select(["project_contracts.id", "project_contracts.feedback_code as code", "project_contracts.status", "project_bids.title", "project_bids.community_code as communityCode", "organizations.name as organizationName"])
    .where(isFeedbackCode(key) ? "project_contracts.feedback_code" : "project_contracts.id", "=", key)
    .where("project_contracts.status", "in", ["signed", "completed", "terminated"])
    .executeTakeFirst();
  if (!row) throw notFound();
  const { status, code, ...rest } = row;
  return { ...rest, code: code ?? row.id, open: status === "signed" };
}

/**
 * One response per respondent and project: the respondent is the phone number when one
 * is given (kept only encrypted, matched by its keyed hash), else the browser's device
 * token. Answers whether it was recorded (false: this respondent already answered).
 */
export async function recordFeedback(data: DistrictData, respondent: { phone: string; deviceToken: string; secret: string | undefined }, input: { contractId: string; rating: number; comment: string }, now: string): Promise<boolean> {
  const target = await feedbackTarget(data, input.contractId);
  if (!target.open) return false;
  const key = respondent.phone ? `p:${await lookupHash("phone", respondent.phone, respondent.secret)}` : `d:${await sha256Hex(respondent.deviceToken)}`;
  const row = {
    id: newId(),
    contract_id: input.contractId,
    rating: input.rating,
    comment: input.comment,
    respondent_key: key,
    phone_protected: respondent.phone ? await protect(respondent.phone, respondent.secret) : null,
    created_at: now,
  };
  try {
    await data.write([data.insertInto("project_feedback", row)], { action: "projects.feedback_received", targetType: "project_contract", targetId: input.contractId, after: { rating: input.rating } });
    return true;
  } catch (error) {
    if (String((error as { message?: unknown })?.message ?? error).includes("UNIQUE constraint failed")) return false;
    throw error;
  }
}
