import type { ReceiptKind } from "../../core/module-contract";

export const APPEAL_RECEIPT = "disclosure.appeal";

/** An appeal (复核) on the receipt lookup: whether it was upheld, never the grade or the organization. */
export const appealReceipt: ReceiptKind = {
  name: APPEAL_RECEIPT,
  title: "disclosure.receipt.appeal",
  follow: "disclosure.receipt.appealFollow",
  outcome: async (data, id) => {
    const appeal = await data.selectFrom("evaluation_appeals").select("status").where("id", "=", id).executeTakeFirst();
    return appeal ? `disclosure.eval.appealStatus.${appeal.status}` : null;
  },
};
