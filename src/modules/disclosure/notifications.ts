import { defineNotification } from "../../core/module-contract";

// What the registry tells an organization's members: evaluation results and appeal
// answers, entry on and exit from a credit list. Each links to the organization's page.

const toOrganization = (name: string, params: readonly string[], title: [string, string], body: [string, string], example: Record<string, string>) =>
  defineNotification({ name: `disclosure.${name}`, recipients: { type: "organization" }, urgency: "normal", params, title, body, link: "/my/organization", example });

export const resultsAnnounced = toOrganization(
  "evaluation_results",
  ["round", "grade", "validUntil"],
  ["等级评估结果已公告：{grade}", "Evaluation result announced: {grade}"],
  ["“{round}”的评估结果已公告，贵组织评定为 {grade}，有效期至 {validUntil}。", "The results of “{round}” were announced: your organization is rated {grade}, valid until {validUntil}."],
  { round: "2026 年社会组织等级评估", grade: "4A", validUntil: "2031-03-31" },
);

const appealAnswered = (upheld: boolean) =>
  toOrganization(
    upheld ? "appeal_upheld" : "appeal_dismissed",
    ["answer"],
    ["评估复核申请已答复", "Your evaluation appeal was answered"],
    upheld
      ? ["评估委员会支持贵组织的复核申请，将按复核后的得分评定等级。答复：{answer}", "The evaluation committee upheld your appeal; the grade follows the revised total. Answer: {answer}"]
      : ["评估委员会维持原评估结果。答复：{answer}", "The evaluation committee kept the original result. Answer: {answer}"],
    { answer: "经复核，第 3 项得分调整为 8 分。" },
  );
export const appealUpheld = appealAnswered(true);
export const appealDismissed = appealAnswered(false);

const creditEntered = (list: "abnormal" | "serious") =>
  toOrganization(
    `credit_entered_${list}`,
    ["reason", "decidedOn"],
    list === "abnormal" ? ["贵组织被列入活动异常名录", "Your organization was put on the list of abnormal activities"] : ["贵组织被列入严重违法失信名单", "Your organization was put on the list of serious violations"],
    ["列入日期：{decidedOn}。原因：{reason}。请及时整改，整改后可申请移出。", "Decided on {decidedOn}. Reason: {reason}. Put it right; you may then ask to be taken off the list."],
    { reason: "未按规定报送年度工作报告", decidedOn: "2026-06-30" },
  );
export const creditEnteredAbnormal = creditEntered("abnormal");
export const creditEnteredSerious = creditEntered("serious");

export const creditExited = toOrganization(
  "credit_exited",
  ["onDate"],
  ["贵组织已移出信用名单", "Your organization was taken off a credit list"],
  ["自 {onDate} 起，贵组织已移出名录，信用信息随之更新。", "From {onDate} your organization is off the list, and its credit record shows it."],
  { onDate: "2026-12-31" },
);

export const annualReportDue = toOrganization(
  "annual_report_due",
  ["year", "dueOn", "days"],
  ["{year} 年度工作报告还有 {days} 天截止", "{year} annual report due in {days} days"],
  [
    "贵组织的 {year} 年度工作报告应于 {dueOn} 前报送，还有 {days} 天。逾期未报将影响评估资格，并可能被列入活动异常名录。",
    "Your organization's {year} annual report is due by {dueOn}, in {days} days. A late report affects evaluation eligibility and may put the organization on the list of abnormal activities.",
  ],
  { year: "2025", dueOn: "2026-05-31", days: "30" },
);

export const gradeExpiring = toOrganization(
  "grade_expiring",
  ["grade", "validUntil"],
  ["评估等级将于 {validUntil} 到期", "Evaluation grade expires on {validUntil}"],
  ["贵组织的评估等级 {grade} 将于 {validUntil} 到期，如需保持等级，请在到期前申请参加新一轮评估。", "Your organization's grade {grade} expires on {validUntil}. To keep a grade, apply for a new evaluation before then."],
  { grade: "4A", validUntil: "2026-12-31" },
);

export const DISCLOSURE_NOTIFICATIONS = [resultsAnnounced, appealUpheld, appealDismissed, creditEnteredAbnormal, creditEnteredSerious, creditExited, annualReportDue, gradeExpiring];
