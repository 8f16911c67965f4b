import type { Context } from "hono";
import * as z from "zod/mini";
import type { AppEnv } from "../../env";
import { validationFailed } from "../../http/errors";
import { authorize } from "../../http/routes";
import { toFieldErrors } from "../../http/validation";
import { t } from "../../i18n/messages";
import { declareOn, kindEnv, loadRubric, recordDecision, registerSubjectKind, scoreOn, scoresSchema, type AssignmentRow, type SubjectKind } from "../../review";
import { ChoiceGroup, TextArea, TextField } from "../../ui/form";
import { CsrfField, Layout, pageInfo } from "../../ui/layout";
import { attachmentsOf, findApplication, findManagedApplication, findManagedCall } from "./queries";
import { declarationSchema } from "./schemas";
import { SUBJECT_KIND } from "./service";
import { incubationForAdmission } from "./incubations";
import { transition } from "./state";
import { Flash, Section } from "./views";

// Incubation applications as a subject of the review engine: what a reviewer sees and
// scores, the plain yes/no declaration with a reason, and what the notice's outcome
// does to the application (admission with its incubation record, or back to review).

type Form = Record<string, string | File | (string | File)[]>;
const str = (body: Form, key: string) => (typeof body[key] === "string" ? (body[key] as string) : "");

function parseOrFail<S extends z.ZodMiniType>(c: Context<AppEnv>, schema: S, value: unknown): z.output<S> {
  const result = z.safeParse(schema, value);
  if (!result.success) throw validationFailed(toFieldErrors(result.error, c.var.locale, value));
  return result.data;
}

async function subjectOf(c: Context<AppEnv>, a: AssignmentRow) {
  const data = c.var.data;
  const app = await findApplication(data, a.subject_id);
  const [call, org] = await Promise.all([
    data.selectFrom("calls").select(["title"]).where("id", "=", app.call_id).executeTakeFirstOrThrow(),
    data.selectFrom("organizations").select("name").where("id", "=", app.organization_id).executeTakeFirstOrThrow(),
  ]);
  return { app, call, org };
}

async function showPage(c: Context<AppEnv>, a: AssignmentRow): Promise<Response> {
  const data = c.var.data;
  const page = pageInfo(c);
  const l = page.locale;
  const { app, call, org } = await subjectOf(c, a);
  if (a.status === "awaiting_declaration") {
    // Nothing of the application is shown before the declaration.
    return c.html(
      <Layout page={page} title={t(l, "inc.review.declare")}>
        <h1>{t(l, "inc.review.declare")}</h1>
        <p>{call.title}</p>
        <p>{t(l, "inc.review.declareIntro")}</p>
        <p>
          {t(l, "inc.app.organization")}: {org.name}
        </p>
        <form class="stack" method="post" action={`${page.base}/review/${a.id}/declaration`}>
          <CsrfField token={page.csrfToken} />
          <ChoiceGroup
            name="conflicted"
            type="radio"
            legend={t(l, "inc.review.declare")}
            options={[
              { value: "no", label: t(l, "inc.review.noConflict") },
              { value: "yes", label: t(l, "inc.review.conflict") },
            ]}
            selected={["no"]}
          />
          <TextArea name="reason" label={t(l, "inc.review.conflictReason")} rows={2} />
          <button type="submit">{t(l, "inc.review.declare")}</button>
        </form>
      </Layout>,
    );
  }
  const rubric = (await loadRubric(data, a.rubric_id))!;
  const scores = await data.selectFrom("review_scores").select(["item_id", "score", "comment"]).where("assignment_id", "=", a.id).execute();
  const form = JSON.parse(app.form_json) as { orgIntro: string; plan: string };
  const attachments = await attachmentsOf(data, app.id);
  const editable = a.status === "clear" && !a.submitted_at;
  return c.html(
    <Layout page={page} title={t(l, "inc.review.score")}>
      <p class="crumbs">
        <a href={`${page.base}/review`}>{t(l, "review.inbox")}</a>
      </p>
      <h1>
        {t(l, "inc.review.score")} · {call.title}
      </h1>
      <Flash message={a.submitted_at ? t(l, "inc.review.submittedNote") : a.status === "conflicted" ? t(l, "inc.review.status.conflicted") : null} />
      {a.status === "clear" ? (
        <>
          <Section title={t(l, "inc.app.title")} id="content">
            <h3>{t(l, "inc.app.orgIntro")}</h3>
            <p class="prewrap">{form.orgIntro}</p>
            <h3>{t(l, "inc.app.plan")}</h3>
            <p class="prewrap">{form.plan}</p>
            <ul>
              {attachments.map((att) => (
                <li>
                  <a href={`${page.base}/incubation/attachments/${att.id}`}>{att.filename}</a>
                </li>
              ))}
            </ul>
          </Section>
          <form method="post" action={`${page.base}/review/${a.id}/scores`}>
            <CsrfField token={page.csrfToken} />
            {rubric.items.map((item) => {
              const s = scores.find((x) => x.item_id === item.id);
              return (
                <fieldset class="panel">
                  <legend>
                    {item.title} (0–{item.maxScore})
                  </legend>
                  {item.description ? <p class="hint">{item.description}</p> : null}
                  <TextField name={`score_${item.id}`} label={t(l, "inc.review.score")} value={s ? String(s.score) : ""} />
                  <TextArea name={`comment_${item.id}`} label={t(l, "inc.review.comment")} value={s?.comment ?? ""} rows={2} />
                </fieldset>
              );
            })}
            {editable ? (
              <div class="actions">
                <button type="submit" name="submit" value="no" class="secondary">
                  {t(l, "inc.review.saveScores")}
                </button>
                <button type="submit" name="submit" value="yes">
                  {t(l, "inc.review.submitScores")}
                </button>
              </div>
            ) : null}
          </form>
        </>
      ) : null}
    </Layout>,
  );
}

export const applicationKind: SubjectKind<z.output<typeof declarationSchema>> = {
  kind: SUBJECT_KIND,
  label: { "zh-CN": "孵化入驻", en: "Incubation admission" },

  async render(data, a) {
    const app = await findApplication(data, a.subject_id);
    const [call, org, attachments] = await Promise.all([
      data.selectFrom("calls").select(["title"]).where("id", "=", app.call_id).executeTakeFirstOrThrow(),
      data.selectFrom("organizations").select("name").where("id", "=", app.organization_id).executeTakeFirstOrThrow(),
      attachmentsOf(data, app.id),
    ]);
    return { title: org.name, context: call.title, content: { application: { id: app.id, form: JSON.parse(app.form_json) as unknown }, attachments } };
  },

  canScore: {
    forReviewer: () => true,
    declaration: declarationSchema,
    conflictReason: (input) => (input.conflicted ? input.reason : null),
    open: () => [],
    async authorizeMove(c, a) {
      authorize(c, "incubation.manage");
      await findManagedApplication(c, a.subject_id);
    },
    async eligibleReviewer(data, _a, reviewerId) {
      return !!(await data.selectFrom("role_grants").select("user_id").where("role", "=", "reviewer").where("user_id", "=", reviewerId).executeTakeFirst());
    },
    async authorizeObjections(c, notice) {
      authorize(c, "incubation.manage");
      await findManagedCall(c, notice.batch_id);
    },
  },

  pages: {
    show: showPage,
    async declare(c, a) {
      const body = (await c.req.parseBody()) as Form;
      const input = parseOrFail(c, declarationSchema, { conflicted: str(body, "conflicted") === "yes", reason: str(body, "reason") });
      await declareOn(c.var.data, applicationKind as SubjectKind, a, input.conflicted ? input.reason : null, kindEnv(c));
      return c.redirect(`${c.var.base}/review/${a.id}`, 303);
    },
    async score(c, a) {
      const body = (await c.req.parseBody()) as Form;
      const scores = Object.keys(body)
        .filter((k) => k.startsWith("score_") && str(body, k).trim() !== "")
        .map((k) => {
          const itemId = k.slice("score_".length);
          return { itemId, score: Number(str(body, k)), comment: str(body, `comment_${itemId}`) };
        });
      const input = parseOrFail(c, scoresSchema, { scores, submit: str(body, "submit") === "yes" });
      await scoreOn(c.var.data, applicationKind as SubjectKind, a, input.scores, input.submit, kindEnv(c));
      return c.redirect(`${c.var.base}/review/${a.id}`, 303);
    },
  },

  onSubmitted: () => [],

  audit(a, action, detail) {
    if (action === "declared") return { action: detail.conflicted ? "review.conflict_declared" : "review.no_conflict_declared", targetType: "assignment", targetId: a.id, after: detail.conflicted ? { reason: detail.reason } : {} };
    if (action === "scored") return { action: detail.submit ? "review.scores_submitted" : "review.scores_saved", targetType: "assignment", targetId: a.id, after: { items: detail.items } };
    return { action: "review.moved", targetType: "assignment", targetId: a.id, after: { to: detail.to } };
  },

  // After the public notice: admission becomes final (with its incubation record), or an
  // upheld objection sends the application back to review for a new decision.
  async finalize(data, subjectId, now) {
    const app = await findApplication(data, subjectId);
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

registerSubjectKind(applicationKind);
