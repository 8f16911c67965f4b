// First, what modules' schemas are built from: the imports below reach the module list
// (through the page layout's navigation), which reaches every module's schemas, which come
// back here for these; with these evaluated first, that cycle finds them defined whatever
// file a runtime loads first.
export { createRubric, loadRubric, replaceRubricItems, rubricItemsSchema, type Rubric, type RubricItemInput } from "./rubrics";
export { conflictDeclaration, scoresSchema } from "./schemas";
import { defineModule } from "../core/module-contract";
import served from "./served";
import { registerSubjectKind, type SubjectKind } from "./kinds";
import { reviewMessages } from "./messages";
import { REVIEW_NOTIFICATIONS } from "./notifications";

/**
 * The review and public-notice engine shared by modules: rubrics, assignments, scores,
 * decisions and notices; one reviewer inbox and one set of notice pages for every
 * subject kind; the job that settles a notice when its window closes.
 */
export const reviewEngine = defineModule({
  name: "review",
  switchable: false,
  ...served,
  nav: [
    { path: "/notices", label: "review.nav.notices", access: "public", order: 40 },
    { path: "/review", label: "review.inbox", access: "review.score", order: 90 },
  ],
  messages: reviewMessages,
  notifications: REVIEW_NOTIFICATIONS,
  tables: ["rubrics", "rubric_items", "review_assignments", "review_scores", "review_figures", "review_decisions", "public_notices", "notice_items", "notice_objections"],
  // Derived from the assignments and scores by triggers, which make them again on a restore.
  unexportedTables: ["review_figures"],
  // Kinds are registered here, once every module has loaded, rather than by each module
  // at import time: a module evaluated while the engine is still loading (Node's module
  // order differs from workerd's) would otherwise call a registry that is not there yet.
  setup(modules) {
    for (const module of modules) for (const kind of module.reviewSubjects ?? []) registerSubjectKind(kind as SubjectKind);
  },
});

// The review engine's public surface: modules import the engine only through this file.

export type { KindEnv, ReviewerAction, ReviewerActionDetail, ReviewerPages, ScoreRules, SubjectKind, SubjectSummary } from "./kinds";
export { kindEnv, registerSubjectKind } from "./kinds";
export { declareOn, moveTo, readDeclaration, scoreOn } from "./reviewer";
export { declareFromForm, scoreFromForm } from "./form-posts";
export { registerReviewRoutes } from "./routes";
export { noticePhase, publishNotice, settleNotices, type NoticeItemInput, type NoticePhase } from "./notices";
export { handleNoticeObjection, NoticeClosed, objectionsInAreas, objectToNotice } from "./objections";
export { latestNotices, type NoticeRow } from "./notice-queries";
export { noticePeriod, PhaseBadge } from "./notice-pages";
export {
  aggregate,
  aggregateByRole,
  aggregateReviews,
  assignReviewers,
  indexReviews,
  reviewReads,
  checkScores,
  declare,
  findAssignment,
  moveAssignment,
  recordDecision,
  saveScores,
  type Aggregate,
  type AssignmentRow,
  type RoleAggregate,
  type ScoreInput,
} from "./scoring";
export { countedReviews, figureColumns, round2, withFigures, type ReviewFigures } from "./figures";
export type { ReviewTables } from "./tables";
