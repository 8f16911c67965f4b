import type { Catalog } from "../../i18n/messages";

// A round's rubrics as staff edit them, and the kinds of 社会团体, in zh-CN and English.
// Part of the disclosure module's catalog.

export const rubricMessages = {
  "disclosure.rubric.edit": ["修改指标", "Edit the indicators"],
  "disclosure.rubric.editHint": ["清空一行即删除。基础指标合计须为 {scale} 分，加分项另计。", "Clear a row to remove it. Indicators other than bonus items add up to {scale}."],
  "disclosure.rubric.row": ["指标 {n}", "Indicator {n}"],
  "disclosure.rubric.order": ["序号", "No."],
  "disclosure.rubric.bonus": ["加分项", "Bonus item"],
  "disclosure.rubric.about": ["说明", "About"],
  "disclosure.rubric.aboutUnwritten": ["（评分说明尚未填写）", "(What this indicator looks at is not written yet)"],
  "disclosure.rubric.saved": ["评估指标已保存。", "Indicators saved."],
  "disclosure.rubric.totals": ["基础指标合计 {base} / {scale} 分，加分项合计 {bonus} 分", "Indicators {base} of {scale} points; bonus items {bonus}"],
  "disclosure.rubric.totalMismatch": ["基础指标合计 {total} 分，应为 {scale} 分。", "The indicators add up to {total}, not {scale}."],
  "disclosure.rubric.pointsInvalid": ["请填写大于 0、不超过 {max} 的分值，最多两位小数。", "Points above 0, at most {max}, two decimals."],
  "disclosure.rubric.locked": ["该类组织已有评分，评估指标已锁定，不能再修改。", "Scoring has started: the indicators are locked."],
  "disclosure.rubric.subtypeAdd": ["为社会团体类别单设指标", "Own indicators for a kind of 社会团体"],
  "disclosure.subtype.legend": ["社会团体类别", "Kind of 社会团体"],
  "disclosure.subtype.other": ["未细分", "Not specified"],
  "disclosure.subtype.industry": ["行业协会商会", "Trade association"],
  "disclosure.subtype.academic": ["学术类社团", "Academic association"],
  "disclosure.subtype.federation": ["联合类社团", "Federation"],
  "disclosure.subtype.professional": ["专业类社团", "Professional association"],
} as const satisfies Catalog;
