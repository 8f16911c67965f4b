import type { Catalog } from "../i18n/messages";

// The review engine's own strings: the reviewer inbox and the API's refusals, the same
// for every subject kind.
export const reviewMessages = {
  "review.nav.notices": ["公示公告", "Public notices"],
  "review.inbox": ["我的评审任务", "My review assignments"],
  "review.inbox.none": ["暂无评审任务。", "No assignments."],
  "review.status.awaiting_declaration": ["待声明利益冲突", "Awaiting conflict declaration"],
  "review.status.clear": ["可评分", "Scoring"],
  "review.status.conflicted": ["已回避", "Recused"],
  "review.status.moved": ["已改派", "Reassigned"],
  "review.status.submitted": ["评分已提交", "Scores submitted"],
  "review.cannotScore": ["该评审任务当前不能评分（需先声明无利益冲突，且未提交过）。", "This assignment cannot score now (declare no conflict first; scores not yet submitted)."],
  "review.outOfRange": ["分数应在 0 到 {max} 之间。", "The score must be between 0 and {max}."],
  "review.unknownItem": ["评分项不存在。", "No such rubric item."],
  "review.missing": ["提交前须为每一项评分。", "Every item needs a score before submitting."],
  "review.notice.closed": ["公示期已结束（{date}），不再受理异议。", "The notice period ended ({date}); objections are no longer accepted."],

  // Public notices (公示), for every subject kind
  "review.notice.title": ["公示公告", "Public notices"],
  "review.notice.description": ["{district}孵化入驻、等级评估等事项的公示，公示期内可在线提出异议。", "Public notices of {district} (incubation admissions, evaluation grades): objections may be filed online while a notice is open."],
  "review.notice.none": ["暂无公示。", "No public notices."],
  "review.notice.period": ["公示期：{start} 至 {end}", "Notice period: {start} to {end}"],
  "review.notice.phase.open": ["公示中", "Open"],
  "review.notice.phase.upcoming": ["未开始", "Not yet open"],
  "review.notice.phase.closed": ["已结束", "Closed"],
  "review.notice.items": ["公示名单", "What is proposed"],
  "review.notice.label": ["名称", "Name"],
  "review.notice.proposed": ["拟定结果", "Proposed"],
  "review.notice.score": ["得分", "Score"],
  "review.notice.reviewers": ["评审人员", "Reviewers"],
  "review.notice.object": ["提出异议", "File an objection"],
  "review.notice.objectIntro": ["请如实填写。您的联系方式仅供工作人员核实，不会公开。", "Please be truthful. Your contact details are only for staff to follow up and are never published."],
  "review.notice.objectName": ["姓名或单位", "Your name or organization"],
  "review.notice.objectContact": ["联系电话或邮箱", "Phone or email"],
  "review.notice.objectSubject": ["针对", "About"],
  "review.notice.objectWhole": ["整个公示", "The whole notice"],
  "review.notice.objectContent": ["异议内容", "Your objection"],
  "review.notice.objectSubmit": ["提交异议", "Submit the objection"],
  "review.notice.objectFiled": ["异议已收到，工作人员将核实处理。", "Your objection was received and will be looked into."],
  "review.notice.objectClosed": ["公示期已结束，不能再提出异议。", "The notice period is over; objections are no longer accepted."],
  "review.notice.objections": ["已收到异议 {count} 件", "{count} objections received"],
  "review.notice.outcome.pending": ["待定", "Pending"],
  "review.notice.outcome.final": ["已确定", "Final"],
  "review.notice.outcome.overturned": ["异议成立，重新审定", "Objection upheld: to be decided again"],
  "review.notice.outcome.withdrawn": ["随整体撤回，重新审定", "Withdrawn with the whole notice: to be decided again"],
  "review.notice.issuer": ["{district}民政局", "{district} Civil Affairs Bureau"],
  "review.notice.issuedBy": ["发布单位：", "Issued by: "],
  "review.notice.supervision": ["公示期间如有异议，可通过本页提出，或拨打监督电话 {phone}。", "During the notice period, objections may be raised on this page or by calling the supervision line {phone}."],
  "review.proposed.admit": ["拟同意入驻", "Proposed for admission"],
  "review.proposed.award": ["拟立项资助", "Proposed for funding"],
  "review.notice.feed": ["公示公告订阅（Atom）", "Notices feed (Atom)"],
  "review.notice.outcome": ["状态", "Status"],
  "review.notice.kindOther": ["其他", "Other"],
  // Receipt numbers (受理回执) of objections
  "review.receipt.objection": ["对公示的异议", "An objection to a public notice"],
  "review.receipt.objectionFollow": [
    "工作人员核实后作出处理；留有联系方式的，将告知处理结果。也可凭办件编号和查询码查看。",
    "Staff look into it and decide; if you left a contact you are told the outcome. The receipt number and check code also show it.",
  ],
  "review.objection.received": ["已收到，核实中", "Received, being looked into"],
  "review.objection.upheld": ["异议成立", "Upheld"],
  "review.objection.dismissed": ["异议不成立", "Not upheld"],
} as const satisfies Catalog;

declare module "../i18n/messages" {
  interface ModuleCatalogs {
    review: typeof reviewMessages;
  }
}
