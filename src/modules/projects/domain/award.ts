import { sql, type Compilable } from "kysely";
import type { DistrictData } from "../../../data/district-data";
import { recordDecision } from "../../../review";
import { organizationStanding } from "./eligibility";
import { BID_KIND } from "./review";

// What the settled notice does to a bid on it (the engine calls these through the
// subject kind, in the batch that settles the notice item).

/** The notice stands for this bid: awarded, unless its organization is now on a credit list. */
export async function awardStatements(data: DistrictData, bidId: string, now: string): Promise<Compilable[]> {
  const bid = await data.selectFrom("project_bids").select(["organization_id", "status"]).where("id", "=", bidId).executeTakeFirst();
  if (!bid) return [];
  const standing = await organizationStanding(data, bid.organization_id);
  const listed = !standing || standing.creditList !== null;
  return [
    data.guard(data.selectFrom("project_bids").select("id").where("id", "=", bidId).where("status", "=", "in_review")),
    data
      .updateTable("project_proposals")
      .set({ stage: listed ? "not_awarded" : "awarded", version: sql<number>`version + 1`, updated_at: now })
      .where("bid_id", "=", bidId),
    data
      .updateTable("project_bids")
      .set({ status: listed ? "rejected" : "awarded", version: sql<number>`version + 1`, updated_at: now })
      .where("id", "=", bidId),
    recordDecision(data, {
      subjectKind: BID_KIND,
      subjectId: bidId,
      outcome: listed ? "credit_listed" : "awarded",
      reasons: listed ? "公示期间列入信用名单，不予立项 / on a credit list when the notice settled" : "公示期满无异议 / notice period ended without upheld objection",
      decidedBy: "system",
      now,
    }),
  ];
}

/** An objection to the bid was upheld: it is not awarded. */
export async function overturnStatements(data: DistrictData, bidId: string, now: string): Promise<Compilable[]> {
  return [
    data.updateTable("project_proposals").set({ stage: "overturned", version: sql<number>`version + 1`, updated_at: now }).where("bid_id", "=", bidId),
    data.updateTable("project_bids").set({ status: "rejected", version: sql<number>`version + 1`, updated_at: now }).where("id", "=", bidId).where("status", "=", "in_review"),
    recordDecision(data, { subjectKind: BID_KIND, subjectId: bidId, outcome: "overturned", reasons: "公示异议成立 / objection upheld", decidedBy: "system", now }),
  ];
}
