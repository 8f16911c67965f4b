import type { DistrictData } from "../../../data/district-data";
import { loadRubric, type Rubric } from "../../../review";
import type { ProjectActor } from "../actor";
import { bidsOfCall } from "./bids";
import type { CallView } from "./calls";
import { callReviewers, proposalOf, rankCall, type ProposalRow, type RankedBid } from "./review";
import { sameDistrict } from "../../../data/joins";

// Everything the buyer needs to run a call's review on one page: the set-up, the bids
// awaiting the eligibility check with their deadlines, the ranking and the proposal.

export interface ReviewBoard {
  call: CallView;
  rubric: Rubric | null;
  reviewers: { id: string; name: string }[];
  /** Every reviewer of the district, to choose from. */
  pool: { id: string; name: string }[];
  awaitingEligibility: { bidId: string; title: string; organizationName: string; amountYuan: number; eligibilityDueOn: string | null; overdue: boolean; version: number }[];
  ranking: RankedBid[];
  proposal: ProposalRow[];
  proposedYuan: number;
}

export async function reviewBoard(data: DistrictData, actor: ProjectActor, callId: string, today: string): Promise<ReviewBoard> {
  const { call, rows } = await rankCall(data, actor, callId);
  const [rubric, reviewers, pool, bids, proposal] = await Promise.all([
    call.rubricId ? loadRubric(data, call.rubricId) : Promise.resolve(null),
    callReviewers(data, callId),
    data
      .selectFrom("role_grants")
      .innerJoin("users", sameDistrict("users", "role_grants.user_id"))
      .select(["users.id", "users.display_name as name"])
      .distinct()
      .where("role_grants.role", "=", "reviewer")
      .orderBy("users.display_name")
      .limit(200)
      .execute(),
    bidsOfCall(data, actor, callId),
    proposalOf(data, callId),
  ]);
  return {
    call,
    rubric,
    reviewers,
    pool,
    awaitingEligibility: bids
      .filter((b) => b.status === "submitted")
      .map((b) => ({ bidId: b.id, title: b.title, organizationName: b.organizationName, amountYuan: b.amountYuan, eligibilityDueOn: b.eligibilityDueOn, overdue: !!b.eligibilityDueOn && b.eligibilityDueOn < today, version: b.version })),
    ranking: rows,
    proposal,
    proposedYuan: proposal.filter((p) => p.included).reduce((s, p) => s + p.amountYuan, 0),
  };
}
