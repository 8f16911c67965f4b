import { defineModule } from "../core/module-contract";
import served from "./served";
import { receiptsMessages } from "./messages";
import { registerReceiptKinds } from "./receipts";

/**
 * Receipt numbers (办件编号) for what people submit: modules declare their kinds in the
 * manifest (`receipts`) and put issueReceipt() in the submission's write; this module
 * serves the printable receipt and its public lookup by number and check code.
 */
export const receiptsModule = defineModule({
  name: "receipts",
  switchable: false,
  ...served,
  messages: receiptsMessages,
  tables: ["receipts"],
  setup: (modules) => registerReceiptKinds(modules.flatMap((m) => m.receipts ?? [])),
});

export { findReceipt, formatReceiptNo, issueReceipt, receiptJson, receiptNumbers, receiptOf, receiptOutput, type Receipt } from "./receipts";
export { ReceiptNo, ReceiptNotice } from "./routes";
export type { ReceiptsTables } from "./tables";
