import { t, type Locale } from "../../../i18n/messages";
import type { Rubric } from "../../../review";
import { ChoiceGroup, TextArea, TextField } from "../../../ui/form";
import { CsrfField, type PageInfo } from "../../../ui/layout";

// The declaration and scoring forms a project kind's reviewer page shows under
// /review/:id (the engine posts them to the kind's own handlers).

export function DeclarationForm(props: { page: PageInfo; assignmentId: string; intro: string }) {
  const { page } = props;
  const l = page.locale;
  return (
    <form class="stack" method="post" action={`${page.base}/review/${props.assignmentId}/declaration`}>
      <CsrfField token={page.csrfToken} />
      <p>{props.intro}</p>
      <ChoiceGroup
        name="conflicted"
        type="radio"
        legend={t(l, "projects.review.declare")}
        options={[
          { value: "no", label: t(l, "projects.review.noConflict") },
          { value: "yes", label: t(l, "projects.review.conflict") },
        ]}
        selected={["no"]}
      />
      <TextArea name="reason" label={t(l, "projects.review.conflictReason")} rows={2} />
      <button type="submit">{t(l, "projects.review.declare")}</button>
    </form>
  );
}

export function ScoreForm(props: { page: PageInfo; assignmentId: string; rubric: Rubric; scores: { item_id: string; score: number; comment: string }[]; editable: boolean; prefix?: (area: string, l: Locale) => string }) {
  const { page } = props;
  const l = page.locale;
  return (
    <form method="post" action={`${page.base}/review/${props.assignmentId}/scores`}>
      <CsrfField token={page.csrfToken} />
      {props.rubric.items.map((item) => {
        const s = props.scores.find((x) => x.item_id === item.id);
        return (
          <fieldset class="panel">
            <legend>
              {props.prefix?.(item.area, l) ?? ""}
              {item.title} (0–{item.maxScore})
            </legend>
            {item.description ? <p class="hint">{item.description}</p> : null}
            <TextField name={`score_${item.id}`} label={t(l, "projects.review.scoreItem")} value={s ? String(s.score) : ""} />
            <TextArea name={`comment_${item.id}`} label={t(l, "projects.review.comment")} value={s?.comment ?? ""} rows={2} />
          </fieldset>
        );
      })}
      {props.editable ? (
        <div class="actions">
          <button type="submit" name="submit" value="no" class="secondary">
            {t(l, "projects.review.saveScores")}
          </button>
          <button type="submit" name="submit" value="yes">
            {t(l, "projects.review.submitScores")}
          </button>
        </div>
      ) : null}
    </form>
  );
}
