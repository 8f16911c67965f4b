import type { Catalog } from "../../i18n/messages";

// Grades during their term (tracking and verification evaluations, suspension by the
// serious list), in zh-CN and English. Part of the disclosure module's catalog.

export const gradeMessages = {
  "disclosure.open.gradeAdjustments": ["评估等级调整", "Grade adjustments"],
  "disclosure.grade.status.adjusted": ["已调整", "Adjusted"],
  "disclosure.grade.status.cancelled": ["已取消", "Cancelled"],
  "disclosure.grade.status.suspended": ["暂停（待核查评估）", "Suspended (pending verification)"],
  "disclosure.adjust.title": ["跟踪评估与核查评估", "Tracking and verification evaluations"],
  "disclosure.adjust.hint": [
    "民政部门可抽选 4A 及以上等级的社会组织进行跟踪评估；有效期内发生可能影响等级的情形，应进行核查评估，并据结果调整等级。",
    "The bureau may sample organizations graded 4A and above for tracking evaluations; when something during the term may affect a grade, a verification evaluation is due, and the grade is adjusted by its result.",
  ],
  "disclosure.adjust.history": ["等级调整记录", "Grade decisions"],
  "disclosure.adjust.none": ["无。", "None."],
  "disclosure.adjust.current": ["当前等级：{grade}（{status}），有效期至 {until}", "Current grade: {grade} ({status}), valid until {until}"],
  "disclosure.adjust.kind": ["评估类型", "Kind"],
  "disclosure.adjust.kind.tracking": ["跟踪评估", "Tracking evaluation"],
  "disclosure.adjust.kind.verification": ["核查评估", "Verification evaluation"],
  "disclosure.adjust.kind.credit_list": ["列入严重违法失信名单", "Serious-violation list"],
  "disclosure.adjust.outcome": ["结果", "Result"],
  "disclosure.adjust.outcome.kept": ["维持等级", "Grade kept"],
  "disclosure.adjust.outcome.raised": ["提高等级", "Grade raised"],
  "disclosure.adjust.outcome.lowered": ["降低等级", "Grade lowered"],
  "disclosure.adjust.outcome.cancelled": ["取消等级", "Grade cancelled"],
  "disclosure.adjust.outcome.suspended": ["等级暂停", "Grade suspended"],
  "disclosure.adjust.toGrade": ["调整后的等级", "New grade"],
  "disclosure.adjust.toGradeNone": ["（不适用）", "(not applicable)"],
  "disclosure.adjust.reason": ["理由", "Reason"],
  "disclosure.adjust.decidedOn": ["决定日期", "Decided on"],
  "disclosure.adjust.submit": ["记录评估结果", "Record the result"],
  "disclosure.adjust.done": ["等级评估结果已记录。", "The result is recorded."],
  "disclosure.adjust.noGrade": ["该组织没有有效或暂停的评估等级。", "The organization has no valid or suspended grade."],
  "disclosure.adjust.future": ["决定日期不能晚于今天。", "The decision date cannot be in the future."],
  "disclosure.adjust.beforeAward": ["决定日期不能早于等级评定之日（{date}）。", "The decision cannot be dated before the grade was awarded ({date})."],
  "disclosure.adjust.trackingOnly": ["跟踪评估只适用于有效的 4A 及以上等级。", "Tracking evaluations apply to valid grades of 4A and above only."],
  "disclosure.adjust.seriousList": ["列入严重违法失信名单期间，只能取消等级。", "While the organization is on the serious-violation list, the grade can only be cancelled."],
  "disclosure.adjust.notHigher": ["请选择高于 {grade} 的等级。", "Choose a grade above {grade}."],
  "disclosure.adjust.notLower": ["请选择低于 {grade} 的等级。", "Choose a grade below {grade}."],
  "disclosure.adjust.suspendedReason": ["列入严重违法失信名单（{reason}），等级暂停，待核查评估", "Put on the serious-violation list ({reason}); the grade is suspended pending a verification evaluation"],
} as const satisfies Catalog;
