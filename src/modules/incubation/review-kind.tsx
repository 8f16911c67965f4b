import { me } from "./request";
import type { Context } from "hono";
import type * as z from "zod/mini";
import type { AppEnv } from "../../env";
import { authorize } from "../../http/routes";
import { declareOn, kindEnv, loadRubric, recordDecision, scoreOn, scoresSchema, type AssignmentRow, type SubjectKind } from "../../review";
import type { Child } from "hono/jsx";
import type { DistrictData } from "../../data/district-data";
import { pageInfo, type PageInfo } from "../../ui/layout";
import { scoresFromForm } from "../../ui/score-form";
import { attempt, parseForm, str, textValues, type Form, type FormState } from "./form-state";
import { t, type Locale } from "../../i18n/messages";
import { creditListEntriesInForce, findApplication, findManagedApplication, findManagedCall, isReviewer, reviewSubject, scoresOf } from "./queries";
import { declarationSchema } from "./schemas";
import { SUBJECT_KIND } from "./subject-kinds";
import { incubationForAdmission } from "./incubations";
import { transition } from "./state";
import { ApplicationContent, DeclarationPage, ScorePage, type Subject } from "./review-views";

// Incubation applications as a subject of the review engine: what a reviewer sees and
// scores, the plain yes/no declaration with a reason, and what the notice's outcome
// does to the application (admission with its incubation record, or back to review).

/** The engine names a score by its place in the list (`scores.1.score`) or its item (`item.<id>`); the form by its item. */
function scoreField(scores: readonly { itemId: string }[], path: string): string {
  const [head, index, part] = path.split(".");
  if (head === "scores") {
    const itemId = scores[Number(index)]?.itemId;
    if (itemId) return part === "comment" ? `comment_${itemId}` : `score_${itemId}`;
  }
  if (head === "item" && index) return `score_${index}`;
  return path;
}

/** Whom an assignment is about, and the subject as its reviewer sees it once clear to score. */
type ReviewerView = (data: DistrictData, a: AssignmentRow, page: PageInfo) => Promise<{ who: Subject; content: Child }>;

/**
 * The reviewer pages of a kind of this module: the declaration first (nothing of the
 * subject before it), then the subject and the score form, each re-rendered with what
 * was typed when refused.
 */
export function reviewerPages(kind: () => SubjectKind, view: ReviewerView): SubjectKind["pages"] {
  async function show(c: Context<AppEnv>, a: AssignmentRow, state?: FormState, status: 200 | 409 | 422 = 200): Promise<Response> {
    const data = c.var.data;
    const page = pageInfo(c);
    const { who, content } = await view(data, a, page);
    if (a.status === "awaiting_declaration") return c.html(<DeclarationPage page={page} a={a} subject={who} state={state} />, status);
    const [rubric, scores] = await Promise.all([loadRubric(data, a.rubric_id), scoresOf(data, a.id)]);
    return c.html(
      <ScorePage page={page} a={a} subject={who} rubric={rubric!} scores={scores} state={state}>
        {content}
      </ScorePage>,
      status,
    );
  }
  return {
    show: (c, a) => show(c, a),
    async declare(c, a) {
      const body = (await c.req.parseBody()) as Form;
      const done = await attempt(c.var.locale, "declaration", textValues(body), async () => {
        const input = parseForm(c.var.locale, declarationSchema, { conflicted: str(body, "conflicted") === "yes", reason: str(body, "reason") });
        await declareOn(c.var.data, kind(), a, input.conflicted ? input.reason : null, kindEnv(c));
      });
      if (!done.ok) return show(c, a, done.state, done.status);
      return c.redirect(`${c.var.base}/review/${a.id}`, 303);
    },
    async score(c, a) {
      const body = (await c.req.parseBody()) as Form;
      const scores = scoresFromForm(body);
      const done = await attempt(
        c.var.locale,
        "scores",
        textValues(body),
        async () => {
          const input = parseForm(c.var.locale, scoresSchema, { scores, submit: str(body, "submit") === "yes" });
          await scoreOn(c.var.data, kind(), a, input.scores, input.submit, kindEnv(c));
        },
        (path) => scoreField(scores, path),
      );
      if (!done.ok) return show(c, a, done.state, done.status);
      return c.redirect(`${c.var.base}/review/${a.id}`, 303);
    },
  };
}

export const applicationKind: SubjectKind<z.output<typeof declarationSchema>> = {
  kind: SUBJECT_KIND,
  label: { "zh-CN": "孵化入驻", en: "Incubation admission" },

  async render(data, a) {
    const { app, call, org, attachments } = await reviewSubject(data, a.subject_id);
    return { title: org.name, context: call.title, content: { application: { id: app.id, form: JSON.parse(app.form_json) as unknown }, attachments } };
  },

  canScore: {
    forReviewer: () => true,
    declaration: declarationSchema,
    conflictReason: (input) => (input.conflicted ? input.reason : null),
    open: () => [],
    async authorizeMove(c, a) {
      authorize(c, "incubation.manage");
      await findManagedApplication(c.var.data, me(c), a.subject_id);
    },
    async eligibleReviewer(data, _a, reviewerId) {
      return isReviewer(data, reviewerId);
    },
    objectionsHandledBy: "incubation.manage",
    async authorizeObjections(c, notice) {
      authorize(c, "incubation.manage");
      await findManagedCall(c.var.data, me(c), notice.batch_id);
    },
  },

  pages: reviewerPages(
    () => applicationKind as SubjectKind,
    async (data, a, page) => {
      const subject = await reviewSubject(data, a.subject_id);
      return { who: { context: subject.call.title, orgName: subject.org.name }, content: <ApplicationContent page={page} subject={subject} /> };
    },
  ),

  onSubmitted: () => [],

  // After the public notice: admission becomes final (with its incubation record), or an
  // upheld objection sends the application back to review for a new decision.
  async finalize(data, subjectId, now) {
    const app = await findApplication(data, subjectId);
    // Credit is checked again when admission would become final: an organization put on
    // a credit list after it applied is not admitted, and the reason is on its record.
    const entries = await creditListEntriesInForce(data, app.organization_id, now);
    const entry = entries.find((e) => e.list === "serious") ?? entries[0];
    if (entry) {
      const why = (l: Locale) => t(l, "inc.creditListedAtAdmission", { list: t(l, `inc.list.${entry.list}`), reason: entry.reason });
      const reasons = `${why("zh-CN")} / ${why("en")}`;
      return [
        ...transition(data, { application: app, action: "refuse_admission", now, locale: "zh-CN", note: reasons, set: { decided_at: now } }),
        recordDecision(data, { subjectKind: SUBJECT_KIND, subjectId, outcome: "rejected", reasons, decidedBy: "system", now }),
      ];
    }
    return [
      ...transition(data, { application: app, action: "finalize", now, locale: "zh-CN", set: { decided_at: now } }),
      recordDecision(data, { subjectKind: SUBJECT_KIND, subjectId, outcome: "admitted", reasons: "公示期满无异议 / notice period ended without upheld objection", decidedBy: "system", now }),
      await incubationForAdmission(data, app, now),
    ];
  },
  async overturn(data, subjectId, now) {
    const app = await findApplication(data, subjectId);
    return transition(data, { application: app, action: "overturn", now, locale: "zh-CN", note: "公示异议成立 / objection upheld" });
  },
};
