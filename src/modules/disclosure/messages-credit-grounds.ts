import type { Catalog } from "../../i18n/messages";

// The credit-list grounds of 《社会组织信用信息管理办法》 and the entry form's hints, in zh-CN
// and English. Part of the disclosure module's catalog.

export const creditGroundMessages = {
  "disclosure.reason.annual_report": ["未按规定报送年度工作报告", "Annual report not filed as required"],
  "disclosure.reason.rectification": ["未按期完成整改", "Rectification not completed on time"],
  "disclosure.reason.minor_penalty": ["受到警告或不满5万元罚款处罚", "Warning or a fine under 50,000 yuan"],
  "disclosure.reason.unreachable": ["通过登记的住所无法取得联系", "Unreachable at the registered domicile"],
  "disclosure.reason.abnormal_two_years": ["列入活动异常名录满2年", "Two years on the abnormal activity list"],
  "disclosure.reason.major_fine": ["受到5万元以上罚款处罚", "Fine of 50,000 yuan or more"],
  "disclosure.reason.repeated_penalties": ["3年内2次以上受到警告或不满5万元罚款处罚", "Two or more minor penalties within 3 years"],
  "disclosure.reason.suspension": ["受到限期停止活动处罚", "Ordered to suspend activities"],
  "disclosure.reason.revocation": ["被撤销登记或吊销登记证书", "Registration revoked"],
  "disclosure.reason.other": ["其他情形", "Other"],
  "disclosure.reason.party_organization": ["未按照有关规定设立党组织", "No Party organization set up as required"],
  "disclosure.reason.fundraising": ["具有公开募捐资格的慈善组织存在《慈善组织公开募捐管理办法》第二十一条规定情形", "A charity entitled to public fundraising in a case of article 21 of the public fundraising measures"],
  "disclosure.reason.false_change_registration": ["弄虚作假办理变更登记，被撤销变更登记", "A change registered by fraud, and revoked"],
  "disclosure.reason.dishonest_debtor": ["被司法机关纳入失信被执行人名单", "Listed by a court as a dishonest judgment debtor"],
  "disclosure.ground.item": ["第（{zh}）项 {label}", "Ground ({n}): {label}"],
  "disclosure.credit.legalBasisHint": ["留空则记录该情形在《社会组织信用信息管理办法》中的条款。", "Leave empty to record the ground's place in the credit information measures."],
  "disclosure.credit.needsRectificationHint": [
    "仅“其他情形”需要选择；其余情形是否需要整改由情形决定（如未报年报、无法联系须整改，警告处罚无需整改）。",
    "Only for \u201cother\u201d grounds; every listed ground decides it (an unfiled report or an unreachable domicile needs rectification, a warning does not).",
  ],
} as const satisfies Catalog;
