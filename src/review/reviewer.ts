import type { DistrictData } from "../data/district-data";
import { AppError, validationFailed } from "../http/errors";
import { parsed } from "../http/validation";
import { t } from "../i18n/messages";
import type { Context } from "hono";
import type { AppEnv } from "../env";
import { notFound } from "../http/errors";
import { auditOf, kindEnv, subjectKind, type KindEnv, type SubjectKind } from "./kinds";
import { loadRubric } from "./rubrics";
import { checkScores, declare, findAssignment, moveAssignment, saveScores, type AssignmentRow, type ScoreInput } from "./scoring";

// What a reviewer does on an assignment, whatever its kind: declare, then score. The
// kind's rules decide what the declaration asks, whether the subject still takes scores
// and what a submission changes in the module's records.

/** A failed guard means the assignment or its subject moved on meanwhile. */
const movedOn = (code: "already_declared" | "cannot_score") => () => new AppError({ status: 409, code, message: "review.cannotScore" });

/** Validates the kind's declaration; returns the conflict it amounts to (null: none). */
export function readDeclaration(kind: SubjectKind, input: unknown, env: KindEnv): string | null {
  return kind.canScore.conflictReason(parsed(kind.canScore.declaration, input, env.locale), env);
}

export async function declareOn(data: DistrictData, kind: SubjectKind, a: AssignmentRow, conflict: string | null, env: KindEnv): Promise<void> {
  if (a.status !== "awaiting_declaration") throw new AppError({ status: 409, code: "already_declared", message: "review.cannotScore" });
  await data.write(declare(data, a, conflict !== null, conflict, env.now), auditOf(kind, a, "declared", { conflicted: conflict !== null, reason: conflict }), { stale: movedOn("already_declared") });
}

/**
 * Saves (or with submit, hands in) scores. Items already saved count towards a
 * submission; the kind's guard keeps a closed subject from taking scores, and its
 * onSubmitted runs in the same batch, after the scores.
 */
export async function scoreOn(data: DistrictData, kind: SubjectKind, a: AssignmentRow, scores: readonly ScoreInput[], submit: boolean, env: KindEnv): Promise<void> {
  if (a.status !== "clear" || a.submitted_at) throw new AppError({ status: 409, code: "cannot_score", message: "review.cannotScore" });
  const l = env.locale;
  const rubric = (await loadRubric(data, a.rubric_id))!;
  const existing = await data.selectFrom("review_scores").select("item_id").where("assignment_id", "=", a.id).execute();
  const all = [...scores, ...existing.filter((e) => !scores.some((s) => s.itemId === e.item_id)).map((e) => ({ itemId: e.item_id, score: 0, comment: "" }))];
  const errors = checkScores(rubric, submit ? all : scores, submit, {
    range: (max) => t(l, "review.outOfRange", { max }),
    unknown: t(l, "review.unknownItem"),
    missing: t(l, "review.missing"),
  }).filter((e) => !e.field.startsWith("scores.") || Number(e.field.split(".")[1]) < scores.length);
  if (errors.length) throw validationFailed(errors);
  const statements = [...kind.canScore.open(data, a), ...saveScores(data, a, scores, submit, env.now), ...(submit ? kind.onSubmitted(data, a, env.now) : [])];
  await data.write(statements, auditOf(kind, a, "scored", { submit, items: scores.length }), { stale: movedOn("cannot_score") });
}

/**
 * Moves a conflicted or undeclared assignment to another reviewer. The assignment's
 * kind says who may (404 / 403 otherwise) and who may take it over (422 otherwise).
 */
export async function moveTo(c: Context<AppEnv>, assignmentId: string, reviewerId: string): Promise<AssignmentRow> {
  const data = c.var.data;
  const a = await findAssignment(data, assignmentId);
  if (!a) throw notFound();
  const kind = subjectKind(a.subject_kind);
  await kind.canScore.authorizeMove(c, a);
  if (!(await kind.canScore.eligibleReviewer(data, a, reviewerId))) {
    throw validationFailed([{ field: "reviewerId", code: "not_a_reviewer", message: t(c.var.locale, "field.invalid_choice") }]);
  }
  await data.write(moveAssignment(data, a, reviewerId, c.var.user!.id, kindEnv(c).now), auditOf(kind, a, "moved", { to: reviewerId }));
  return a;
}
