import type { ReceiptKind } from "../../core/module-contract";
import type { MessageKey } from "../../i18n/messages";

export const NEED_RECEIPT = "linkage.need";

/** A resident's need on the receipt lookup: its status, as the status page words it. */
export const needReceipt: ReceiptKind = {
  name: NEED_RECEIPT,
  title: "linkage.receipt.title",
  follow: "linkage.receipt.follow",
  outcome: async (data, id) => {
    const need = await data.selectFrom("linkage_needs").select("status").where("id", "=", id).executeTakeFirst();
    return need ? (`linkage.status.${need.status}` as MessageKey) : null;
  },
};
