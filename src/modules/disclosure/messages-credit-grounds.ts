import type { Catalog } from "../../i18n/messages";

// The credit-list grounds of 《社会组织信用信息管理办法》 not named elsewhere, and the
// entry form's hints, in zh-CN and English. Part of the disclosure module's catalog.

export const creditGroundMessages = {
  "disclosure.reason.party_organization": ["未按照有关规定设立党组织", "No Party organization set up as required"],
  "disclosure.reason.fundraising": ["具有公开募捐资格的慈善组织存在《慈善组织公开募捐管理办法》第二十一条规定情形", "A charity entitled to public fundraising in a case of article 21 of the public fundraising measures"],
  "disclosure.reason.false_change_registration": ["弄虚作假办理变更登记，被撤销变更登记", "A change registered by fraud, and revoked"],
  "disclosure.reason.dishonest_debtor": ["被司法机关纳入失信被执行人名单", "Listed by a court as a dishonest judgment debtor"],
  "disclosure.credit.legalBasisHint": ["留空则记录该情形在《社会组织信用信息管理办法》中的条款。", "Leave empty to record the ground's place in the credit information measures."],
  "disclosure.credit.needsRectificationHint": [
    "仅“其他情形”需要选择；其余情形是否需要整改由情形决定（如未报年报、无法联系须整改，警告处罚无需整改）。",
    "Only for \u201cother\u201d grounds; every listed ground decides it (an unfiled report or an unreachable domicile needs rectification, a warning does not).",
  ],
} as const satisfies Catalog;
