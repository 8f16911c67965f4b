import { t } from "../../i18n/messages";
import type { AssignmentRow, Rubric } from "../../review";
import { ChoiceGroup, ErrorSummary, TextArea, TextField } from "../../ui/form";
import { CsrfField, Layout, type PageInfo } from "../../ui/layout";
import type { FormState } from "./form-state";
import type { reviewSubject, scoresOf } from "./queries";
import { Flash, Section } from "./views";

// What a reviewer sees of an incubation application: the declaration first (nothing of
// the application before it), then the application and the rubric's score form.

type Subject = Awaited<ReturnType<typeof reviewSubject>>;
type SavedScore = Awaited<ReturnType<typeof scoresOf>>[number];

export function DeclarationPage(props: { page: PageInfo; a: AssignmentRow; subject: Subject; state?: FormState }) {
  const { page, a, subject } = props;
  const l = page.locale;
  const errors = props.state?.errors ?? [];
  const v = props.state?.values;
  return (
    <Layout page={page} title={t(l, "inc.review.declare")}>
      <h1>{t(l, "inc.review.declare")}</h1>
      <p>{subject.call.title}</p>
      <p>{t(l, "inc.review.declareIntro")}</p>
      <p>
        {t(l, "inc.app.organization")}: {subject.org.name}
      </p>
      <ErrorSummary locale={l} errors={errors} message={props.state?.message} />
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
          selected={[v?.conflicted ?? "no"]}
          errors={errors}
        />
        <TextArea name="reason" label={t(l, "inc.review.conflictReason")} rows={2} value={v?.reason} errors={errors} />
        <button type="submit">{t(l, "inc.review.declare")}</button>
      </form>
    </Layout>
  );
}

export function ScorePage(props: { page: PageInfo; a: AssignmentRow; subject: Subject; rubric: Rubric; scores: SavedScore[]; state?: FormState }) {
  const { page, a, subject, rubric } = props;
  const l = page.locale;
  const form = JSON.parse(subject.app.form_json) as { orgIntro: string; plan: string };
  const editable = a.status === "clear" && !a.submitted_at;
  const errors = props.state?.errors ?? [];
  const v = props.state?.values;
  return (
    <Layout page={page} title={t(l, "inc.review.score")}>
      <p class="crumbs">
        <a href={`${page.base}/review`}>{t(l, "review.inbox")}</a>
      </p>
      <h1>
        {t(l, "inc.review.score")} · {subject.call.title}
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
              {subject.attachments.map((att) => (
                <li>
                  <a href={`${page.base}/incubation/attachments/${att.id}`}>{att.filename}</a>
                </li>
              ))}
            </ul>
          </Section>
          <ErrorSummary locale={l} errors={errors} message={props.state?.message} />
          <form method="post" action={`${page.base}/review/${a.id}/scores`}>
            <CsrfField token={page.csrfToken} />
            {rubric.items.map((item) => {
              const s = props.scores.find((x) => x.item_id === item.id);
              const score = v ? (v[`score_${item.id}`] ?? "") : s ? String(s.score) : "";
              const comment = v ? (v[`comment_${item.id}`] ?? "") : (s?.comment ?? "");
              return (
                <fieldset class="panel">
                  <legend>
                    {item.title} (0–{item.maxScore})
                  </legend>
                  {item.description ? <p class="hint">{item.description}</p> : null}
                  <TextField name={`score_${item.id}`} label={t(l, "inc.review.score")} value={score} errors={errors} />
                  <TextArea name={`comment_${item.id}`} label={t(l, "inc.review.comment")} value={comment} rows={2} errors={errors} />
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
    </Layout>
  );
}
