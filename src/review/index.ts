// The review engine's public surface: modules import the engine only through this file.

export type { KindEnv, ReviewerAction, ReviewerPages, ScoreRules, SubjectKind, SubjectSummary } from "./kinds";
export { kindEnv, registerSubjectKind } from "./kinds";
export { declareOn, moveTo, readDeclaration, scoreOn } from "./reviewer";
export { registerReviewRoutes } from "./routes";
export { noticePhase, publishNotice, settleNotices, settleNoticesJob, type NoticeItemInput, type NoticePhase } from "./notices";
export { handleNoticeObjection, NoticeClosed, objectToNotice } from "./objections";
export { latestNotices, type NoticeRow } from "./notice-queries";
export { noticePeriod, PhaseBadge } from "./notice-pages";
export { createRubric, loadRubric, replaceRubricItems, rubricItemsSchema, type Rubric, type RubricItemInput } from "./rubrics";
export { aggregate, aggregateByRole, assignReviewers, checkScores, declare, findAssignment, moveAssignment, recordDecision, saveScores, type Aggregate, type AssignmentRow, type RoleAggregate, type ScoreInput } from "./scoring";
export { scoresSchema } from "./schemas";
export type { ReviewTables } from "./tables";
