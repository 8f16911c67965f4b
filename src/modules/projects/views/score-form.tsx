import { type Locale, t } from "../../../i18n/messages";
import type { Rubric } from "../../../review";
import type { PageInfo } from "../../../ui/layout";
import { DeclarationForm as ReviewerDeclaration, ScoreForm as ReviewerScores } from "../../../ui/score-form";

// A project kind's reviewer forms are the shared reviewer forms with the projects'
// wording; the roadshow's items carry a prefix so the reviewer sees which part they score.

export function DeclarationForm(props: { page: PageInfo; assignmentId: string; intro: string }) {
  const l = props.page.locale;
  const labels = { legend: t(l, "projects.review.declare"), no: t(l, "projects.review.noConflict"), yes: t(l, "projects.review.conflict"), reason: t(l, "projects.review.conflictReason") };
  return (
    <>
      <p>{props.intro}</p>
      <ReviewerDeclaration page={props.page} assignmentId={props.assignmentId} labels={labels} />
    </>
  );
}

export function ScoreForm(props: { page: PageInfo; assignmentId: string; rubric: Rubric; scores: { item_id: string; score: number; comment: string }[]; editable: boolean; prefix?: (area: string, l: Locale) => string }) {
  const l = props.page.locale;
  const items = props.rubric.items.map((item) => ({ id: item.id, title: `${props.prefix?.(item.area, l) ?? ""}${item.title}`, description: item.description ?? "", maxScore: item.maxScore }));
  const labels = { score: t(l, "projects.review.scoreItem"), comment: t(l, "projects.review.comment"), save: t(l, "projects.review.saveScores"), submit: t(l, "projects.review.submitScores") };
  return <ReviewerScores page={props.page} assignmentId={props.assignmentId} items={items} saved={props.scores} editable={props.editable} labels={labels} />;
}
