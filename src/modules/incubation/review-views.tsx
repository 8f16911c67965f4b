import { t } from "../../i18n/messages";
import type { AssignmentRow, Rubric } from "../../review";
import { Layout, type PageInfo } from "../../ui/layout";
import { DeclarationForm, ScoreForm } from "../../ui/score-form";
import type { FormState } from "./form-state";
import type { reviewSubject, scoresOf } from "./queries";
import { ApplicationText, Flash, Section } from "./views";

// What a reviewer sees of an incubation application or an exit assessment: the
// declaration first (nothing of the subject before it), then the subject and the
// rubric's score form.

/** Whom the assignment is about, and where it comes from (the call, or the park). */
export interface Subject {
  context: string;
  orgName: string;
}
type SavedScore = Awaited<ReturnType<typeof scoresOf>>[number];

export function DeclarationPage(props: { page: PageInfo; a: AssignmentRow; subject: Subject; state?: FormState }) {
  const { page, a, subject } = props;
  const l = page.locale;
  return (
    <Layout page={page} title={t(l, "inc.review.declare")}>
      <h1>{t(l, "inc.review.declare")}</h1>
      <p>{subject.context}</p>
      <p>{t(l, "inc.review.declareIntro")}</p>
      <p>
        {t(l, "inc.app.organization")}: {subject.orgName}
      </p>
      <DeclarationForm page={page} assignmentId={a.id} labels={{ legend: t(l, "inc.review.declare"), no: t(l, "inc.review.noConflict"), yes: t(l, "inc.review.conflict"), reason: t(l, "inc.review.conflictReason") }} state={props.state} />
    </Layout>
  );
}

/** An application's text and attachments, for its reviewers. */
export function ApplicationContent(props: { page: PageInfo; subject: Awaited<ReturnType<typeof reviewSubject>> }) {
  const { page, subject } = props;
  const l = page.locale;
  const form = JSON.parse(subject.app.form_json) as { orgIntro: string; plan: string };
  return (
    <Section title={t(l, "inc.app.title")} id="content">
      <ApplicationText locale={l} form={form} />
      <ul>
        {subject.attachments.map((att) => (
          <li>
            <a href={`${page.base}/incubation/attachments/${att.id}`}>{att.filename}</a>
          </li>
        ))}
      </ul>
    </Section>
  );
}

export function ScorePage(props: { page: PageInfo; a: AssignmentRow; subject: Subject; rubric: Rubric; scores: SavedScore[]; state?: FormState; children?: unknown }) {
  const { page, a, subject, rubric } = props;
  const l = page.locale;
  return (
    <Layout page={page} title={t(l, "inc.review.score")}>
      <p class="crumbs">
        <a href={`${page.base}/review`}>{t(l, "review.inbox")}</a>
      </p>
      <h1>
        {t(l, "inc.review.score")} · {subject.context}
      </h1>
      <Flash message={a.submitted_at ? t(l, "inc.review.submittedNote") : a.status === "conflicted" ? t(l, "inc.review.status.conflicted") : null} />
      {a.status === "clear" ? (
        <>
          {props.children}
          <ScoreForm
            page={page}
            assignmentId={a.id}
            items={rubric.items}
            saved={props.scores}
            editable={a.status === "clear" && !a.submitted_at}
            labels={{ score: t(l, "inc.review.score"), comment: t(l, "inc.review.comment"), save: t(l, "inc.review.saveScores"), submit: t(l, "inc.review.submitScores") }}
            state={props.state}
          />
        </>
      ) : null}
    </Layout>
  );
}
