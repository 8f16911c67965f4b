import type { Catalog } from "../../i18n/messages";

// A round's rubrics as staff edit them, and the kinds of 社会团体, in zh-CN and English.
// Part of the disclosure module's catalog.

export const rubricMessages = {
  "disclosure.rubric.edit": ["修改指标", "Edit the indicators"],
  "disclosure.rubric.editHint": [
    "按序号排列；清空一行即删除该指标。基础指标合计须为 {scale} 分，加分项另计。第一个评分保存后，该类指标即锁定。",
    "Indicators are listed by their number; clear a row to remove it. The indicators other than bonus items must add up to {scale} points; bonus items come on top. The first score saved locks them.",
  ],
  "disclosure.rubric.row": ["指标 {n}", "Indicator {n}"],
  "disclosure.rubric.order": ["序号", "No."],
  "disclosure.rubric.bonus": ["加分项", "Bonus item"],
  "disclosure.rubric.about": ["说明", "What it looks at"],
  "disclosure.rubric.addRow": ["增加一行", "Add a row"],
  "disclosure.rubric.save": ["保存指标", "Save the indicators"],
  "disclosure.rubric.saved": ["评估指标已保存。", "The indicators are saved."],
  "disclosure.rubric.totals": ["基础指标合计 {base} / {scale} 分，加分项合计 {bonus} 分", "Indicators total {base} of {scale} points; bonus items {bonus} points"],
  "disclosure.rubric.totalLabel": ["合计", "Total"],
  "disclosure.rubric.totalMismatch": ["基础指标合计 {total} 分，应为 {scale} 分。", "The indicators add up to {total} points; they must add up to {scale}."],
  "disclosure.rubric.pointsInvalid": ["请填写大于 0、不超过 {max} 的分值，最多两位小数。", "Enter points above 0 and at most {max}, with up to two decimals."],
  "disclosure.rubric.orderInvalid": ["序号为 1 到 99 的整数。", "The number is a whole number from 1 to 99."],
  "disclosure.rubric.none": ["至少需要一项指标。", "At least one indicator is needed."],
  "disclosure.rubric.locked": ["该类组织已有评分，评估指标已锁定，不能再修改。", "Scoring has started for this type: its indicators are locked and can no longer change."],
  "disclosure.rubric.lockedSince": ["{date} 已保存第一个评分，指标已锁定：修改会让已给出的分数失去依据。", "The first score was saved on {date}, so the indicators are locked: a change would leave scores already given without their basis."],
  "disclosure.rubric.subtypeAdd": ["为社会团体类别单设指标", "Separate indicators for a kind of 社会团体"],
  "disclosure.rubric.subtypeHint": [
    "行业协会商会、学术类、联合类和专业类社团可各用一套指标，从本批次的社会团体指标复制后修改；未单设的类别仍用社会团体指标。已纳入评估的组织保留原有指标。",
    "Trade associations and academic, federation and professional associations may each have indicators of their own, copied from this round's 社会团体 indicators to edit; a kind without its own uses the 社会团体 ones. Organizations already enrolled keep the indicators they were enrolled on.",
  ],
  "disclosure.rubric.subtypeAdded": ["已单设该类别的指标。", "The kind now has indicators of its own."],
  "disclosure.rubric.subtypeExists": ["该类别已有单设的指标。", "This kind already has indicators of its own."],
  "disclosure.rubric.noTypes": ["本批次开启于分类评估之前，只有一套通用指标。", "This round was opened before rubrics by type and has one common rubric."],
  "disclosure.subtype.legend": ["社会团体类别", "Kind of 社会团体"],
  "disclosure.subtype.hint": ["仅社会团体填写，用于分类评估；默认“未细分”。", "For 社会团体 only, to evaluate it on its kind's indicators; “not specified” by default."],
  "disclosure.subtype.other": ["未细分", "Not specified"],
  "disclosure.subtype.industry": ["行业协会商会", "Trade association or chamber of commerce"],
  "disclosure.subtype.academic": ["学术类社团", "Academic association"],
  "disclosure.subtype.federation": ["联合类社团", "Federation"],
  "disclosure.subtype.professional": ["专业类社团", "Professional association"],
} as const satisfies Catalog;
