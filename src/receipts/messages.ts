import type { Catalog } from "../i18n/messages";

// Wording of receipts (受理回执) and their public lookup.

export const receiptsMessages = {
  "receipts.title": ["受理回执", "Acknowledgement of receipt"],
  "receipts.lookupTitle": ["办件查询", "Look up a receipt"],
  "receipts.lookupIntro": ["输入受理回执上的办件编号和查询码，查看办理结果。", "Enter the receipt number and check code printed on your acknowledgement to see the outcome."],
  "receipts.no": ["办件编号", "Receipt number"],
  "receipts.check": ["查询码", "Check code"],
  "receipts.lookup": ["查询", "Look up"],
  "receipts.notFound": ["没有找到这个办件，请核对办件编号和查询码。", "No receipt matches this number and check code; check both and try again."],
  "receipts.required": ["请填写办件编号和查询码。", "Enter the receipt number and the check code."],
  "receipts.what": ["受理事项", "Received"],
  "receipts.issuedAt": ["受理日期", "Received on"],
  "receipts.outcome": ["办理结果", "Outcome"],
  "receipts.follow": ["如何查询", "How to follow it"],
  "receipts.followLookup": ["凭办件编号和查询码在本区网站“办件查询”页查看办理结果：{link}", "See the outcome on the district's receipt lookup page with the number and check code: {link}"],
  "receipts.print": ["打印回执", "Print the receipt"],
  "receipts.keep": ["请记下办件编号和查询码：", "Keep the receipt number and check code:"],
  "receipts.issuer": ["{district}民政局", "{district} Civil Affairs Bureau"],
  "receipts.issuedBy": ["受理单位：", "Issued by: "],
} as const satisfies Catalog;

declare module "../i18n/messages" {
  interface ModuleCatalogs {
    receipts: typeof receiptsMessages;
  }
}
