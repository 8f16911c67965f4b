import type { ReceiptKind } from "../core/module-contract";

export const OBJECTION_RECEIPT = "review.objection";

/** An objection on the receipt lookup: whether it was upheld, never who filed it or what the notice's subject is. */
export const objectionReceipt: ReceiptKind = {
  name: OBJECTION_RECEIPT,
  title: "review.receipt.objection",
  follow: "review.receipt.objectionFollow",
  outcome: async (data, id) => {
    const objection = await data.selectFrom("notice_objections").select("status").where("id", "=", id).executeTakeFirst();
    return objection ? `review.objection.${objection.status}` : null;
  },
};
