import type { ReceiptKind } from "../../core/module-contract";

export const APPLICATION_RECEIPT = "incubation.application";

/** An application on the receipt lookup: its stage, as the applicant's page words it. */
export const applicationReceipt: ReceiptKind = {
  name: APPLICATION_RECEIPT,
  title: "inc.receipt.title",
  follow: "inc.receipt.follow",
  outcome: async (data, id) => {
    const app = await data.selectFrom("applications").select("status").where("id", "=", id).executeTakeFirst();
    return app ? `inc.status.${app.status}` : null;
  },
};
