import type { Context } from "hono";
import type { Compilable } from "kysely";
import type * as z from "zod/mini";
import type { AuditEntry } from "../audit/append";
import type { Permission } from "../auth/permissions";
import type { DistrictData } from "../data/district-data";
import type { AppEnv } from "../env";
import { notFound } from "../http/errors";
import { nowIso } from "../lib/time";
import type { Locale } from "../i18n/messages";
import type { DistrictSettings } from "../tenants/settings";
import { assignmentsOfReviewer, findAssignment, type AssignmentRow } from "./scoring";

// A subject kind is what a module puts through review: an incubation application, an
// evaluation. The engine owns assignments, declarations, scores and notices; the kind
// says what its subject looks like to a reviewer, which declaration it asks for, when
// it still takes scores, and what a submitted score, a settled notice or an upheld
// objection change in the module's own records. Every engine endpoint resolves the kind
// of the assignment or notice first; a kind nobody registered does not exist (404).

/** What a kind needs to know about the request, without the request itself. */
export interface KindEnv {
  locale: Locale;
  settings: DistrictSettings;
  now: string;
}

/** The subject as a reviewer sees it. */
export interface SubjectSummary {
  /** What is being reviewed, e.g. the organization's name. */
  title: string;
  /** Where it comes from, e.g. the call or the evaluation round. */
  context: string;
  /** The content to score: only ever shown once the reviewer has declared no conflict. */
  content: Record<string, unknown>;
}

/** The kind's own declaration and scoring rules. */
export interface ScoreRules<Declaration> {
  /** Whether the assignment is a reviewer's task at all (an organization's self-assessment is not). */
  forReviewer(a: Pick<AssignmentRow, "scorer_role">): boolean;
  /** The declaration the kind asks for, as JSON. */
  declaration: z.ZodMiniType<Declaration>;
  /** The conflict the declaration amounts to, or null when there is none. */
  conflictReason(input: Declaration, env: KindEnv): string | null;
  /** Guards added to every score write: the subject still takes scores. */
  open(data: DistrictData, a: AssignmentRow): Compilable[];
  /** May this user move the kind's assignments to another reviewer? Throws 404 / 403 when not. */
  authorizeMove(c: Context<AppEnv>, a: AssignmentRow): Promise<void>;
  /** Whether `reviewerId` may take over the assignment. */
  eligibleReviewer(data: DistrictData, a: AssignmentRow, reviewerId: string): Promise<boolean>;
  /**
   * May this user handle this objection to one of the kind's notices? Throws 404 / 403
   * when not. `area_code` is the objected area, the one whose staff were alerted.
   */
  authorizeObjections(c: Context<AppEnv>, objection: { batch_id: string; area_code: string }): Promise<void>;
  /** Who is told of a new objection: holders of this permission (default district.manage). */
  objectionsHandledBy?: Permission;
}

/**
 * The kind's reviewer page under /review/:id: the declaration form first, then the
 * subject with its scoring form. The engine has resolved the assignment (the signed-in
 * reviewer's, of this kind) before calling.
 */
export interface ReviewerPages {
  show(c: Context<AppEnv>, a: AssignmentRow): Promise<Response>;
  /** POST /review/:id/declaration (the kind's own form fields). */
  declare(c: Context<AppEnv>, a: AssignmentRow): Promise<Response>;
  /** POST /review/:id/scores (the kind's own form fields). */
  score(c: Context<AppEnv>, a: AssignmentRow): Promise<Response>;
}

export type ReviewerAction = "declared" | "scored" | "moved";
export type ReviewerActionDetail = { conflicted?: boolean; reason?: string | null; submit?: boolean; items?: number; to?: string };

/** The audit entry of a reviewer's action, recorded against the assignment: what most kinds want. */
export function reviewerAudit(a: AssignmentRow, action: ReviewerAction, detail: ReviewerActionDetail): AuditEntry {
  if (action === "declared") return { action: detail.conflicted ? "review.conflict_declared" : "review.no_conflict_declared", targetType: "assignment", targetId: a.id, after: detail.conflicted ? { reason: detail.reason } : {} };
  if (action === "scored") return { action: detail.submit ? "review.scores_submitted" : "review.scores_saved", targetType: "assignment", targetId: a.id, after: { items: detail.items } };
  return { action: "review.moved", targetType: "assignment", targetId: a.id, after: { to: detail.to } };
}

/** The kind's own audit entry when it has one, else the engine's. */
export function auditOf(kind: SubjectKind, a: AssignmentRow, action: ReviewerAction, detail: ReviewerActionDetail): AuditEntry {
  return (kind.audit ?? reviewerAudit)(a, action, detail);
}

export interface SubjectKind<Declaration = unknown> {
  kind: string;
  label: Record<Locale, string>;
  /** The subject for the reviewer's page and API. */
  render(data: DistrictData, a: AssignmentRow, env: KindEnv): Promise<SubjectSummary>;
  canScore: ScoreRules<Declaration>;
  pages: ReviewerPages;
  /** The module's own record after a reviewer handed in scores (run in the same batch, after the scores). */
  onSubmitted(data: DistrictData, a: AssignmentRow, now: string): Compilable[];
  /** The audit entry of a reviewer's action on this kind; without one, the engine's (`reviewerAudit`). */
  audit?(a: AssignmentRow, action: ReviewerAction, detail: ReviewerActionDetail): AuditEntry;
  /** The proposal on notice stands: make it final. */
  finalize(data: DistrictData, subjectId: string, now: string): Promise<Compilable[]>;
  /** An objection was upheld: send the subject back for a new decision. */
  overturn(data: DistrictData, subjectId: string, now: string): Promise<Compilable[]>;
  /**
   * The notice's items are decided together (ranked against each other), so one item
   * overturned withdraws the others from the notice as well, final or not.
   */
  overturnWithdrawsNotice?: boolean;
}

const kinds = new Map<string, SubjectKind>();

export function registerSubjectKind<Declaration>(kind: SubjectKind<Declaration>): void {
  // A kind whose name is not yet defined was built inside an import cycle; registered
  // under `undefined` it would break every query on subject kinds, so fail at start-up.
  if (typeof kind.kind !== "string") throw new Error("a review subject kind has no name: its module read the name inside an import cycle");
  kinds.set(kind.kind, kind as unknown as SubjectKind);
}

/** The registered kind, or 404: a subject of a kind nobody serves does not exist. */
export function subjectKind(kind: string): SubjectKind {
  const k = kinds.get(kind);
  if (!k) throw notFound();
  return k;
}

/** The registered kind, if any (for jobs, which have no one to answer 404 to). */
export function findKind(kind: string): SubjectKind | undefined {
  return kinds.get(kind);
}

export function knownKinds(): string[] {
  return [...kinds.keys()];
}

/** The reviewer's tasks of every registered kind, newest first, each with its kind. */
export async function reviewerTasks(data: DistrictData, reviewerId: string) {
  return (await assignmentsOfReviewer(data, reviewerId, knownKinds())).map((a) => ({ a, kind: subjectKind(a.subject_kind) })).filter(({ a, kind }) => kind.canScore.forReviewer(a));
}

export function kindEnv(c: Context<AppEnv>): KindEnv {
  return { locale: c.var.locale, settings: c.var.district.settings, now: nowIso() };
}

/**
 * The signed-in reviewer's assignment with its kind. Someone else's assignment, one of
 * an unknown kind, or one that is no reviewer's task does not exist for this reviewer.
 */
export async function reviewerAssignment(c: Context<AppEnv>, assignmentId: string): Promise<{ a: AssignmentRow; kind: SubjectKind }> {
  const a = await findAssignment(c.var.data, assignmentId);
  if (!a || a.reviewer_id !== c.var.user!.id) throw notFound();
  const kind = subjectKind(a.subject_kind);
  if (!kind.canScore.forReviewer(a)) throw notFound();
  return { a, kind };
}
