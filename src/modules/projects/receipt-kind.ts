import type { ReceiptKind } from "../../core/module-contract";

export const BID_RECEIPT = "projects.bid";

/** A bid on the receipt lookup: its stage, as the bid's page words it. */
export const bidReceipt: ReceiptKind = {
  name: BID_RECEIPT,
  title: "projects.receipt.title",
  follow: "projects.receipt.follow",
  outcome: async (data, id) => {
    const bid = await data.selectFrom("project_bids").select("status").where("id", "=", id).executeTakeFirst();
    return bid ? `projects.bidStatus.${bid.status}` : null;
  },
};
