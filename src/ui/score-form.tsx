import type { FieldError } from "../http/errors";
import { ChoiceGroup, ErrorSummary, TextArea, TextField } from "./form";
import { CsrfField, type PageInfo } from "./layout";

// The reviewer's two forms, the same for every subject kind: the conflict-of-interest
// declaration and the rubric's scores. The review engine posts them to the kind's own
// handlers under /review/:id; a refused form comes back with what was typed and each
// error beside its field. Labels come from the kind, in the reader's language.

/** What a refused submission brings back: the typed values, the errors, a message without a field. */
export interface TypedForm {
  values: Record<string, string>;
  errors: FieldError[];
  message?: string;
}

export function DeclarationForm(props: { page: PageInfo; assignmentId: string; labels: { legend: string; no: string; yes: string; reason: string }; state?: TypedForm }) {
  const { page, labels, state } = props;
  const errors = state?.errors ?? [];
  return (
    <>
      <ErrorSummary locale={page.locale} errors={errors} message={state?.message} labels={{ conflicted: labels.legend, reason: labels.reason }} />
      <form class="stack" method="post" action={`${page.base}/review/${props.assignmentId}/declaration`}>
        <CsrfField token={page.csrfToken} />
        <ChoiceGroup
          name="conflicted"
          type="radio"
          legend={labels.legend}
          options={[
            { value: "no", label: labels.no },
            { value: "yes", label: labels.yes },
          ]}
          selected={[state?.values.conflicted ?? "no"]}
          errors={errors}
        />
        <TextArea name="reason" label={labels.reason} rows={2} value={state?.values.reason} errors={errors} />
        <button type="submit">{labels.legend}</button>
      </form>
    </>
  );
}

export interface ScoreItem {
  id: string;
  title: string;
  description: string;
  maxScore: number;
}

/** The rubric's items with the saved (or typed) score and comment; save and submit while `editable`. */
export function ScoreForm(props: {
  page: PageInfo;
  assignmentId: string;
  items: readonly ScoreItem[];
  saved: readonly { item_id: string; score: number; comment: string }[];
  editable: boolean;
  labels: { score: string; comment: string; save: string; submit: string };
  state?: TypedForm;
}) {
  const { page, labels, state } = props;
  const errors = state?.errors ?? [];
  const v = state?.values;
  return (
    <>
      <ErrorSummary
        locale={page.locale}
        errors={errors}
        message={state?.message}
        labels={Object.fromEntries(
          props.items.flatMap((item) => [
            [`score_${item.id}`, labels.score],
            [`comment_${item.id}`, labels.comment],
          ]),
        )}
      />
      <form method="post" action={`${page.base}/review/${props.assignmentId}/scores`}>
        <CsrfField token={page.csrfToken} />
        {props.items.map((item) => {
          const s = props.saved.find((x) => x.item_id === item.id);
          return (
            <fieldset class="panel">
              <legend>
                {item.title} (0–{item.maxScore})
              </legend>
              {item.description ? <p class="hint">{item.description}</p> : null}
              <TextField name={`score_${item.id}`} label={labels.score} value={v ? (v[`score_${item.id}`] ?? "") : s ? String(s.score) : ""} errors={errors} />
              <TextArea name={`comment_${item.id}`} label={labels.comment} value={v ? (v[`comment_${item.id}`] ?? "") : (s?.comment ?? "")} rows={2} errors={errors} />
            </fieldset>
          );
        })}
        {props.editable ? (
          <div class="actions">
            <button type="submit" name="submit" value="no" class="secondary">
              {labels.save}
            </button>
            <button type="submit" name="submit" value="yes">
              {labels.submit}
            </button>
          </div>
        ) : null}
      </form>
    </>
  );
}

/** The scores a ScoreForm posted: `score_<item>` (blank ones left out) with `comment_<item>`. */
export function scoresFromForm(body: Record<string, unknown>): { itemId: string; score: number; comment: string }[] {
  const text = (key: string) => (typeof body[key] === "string" ? (body[key] as string) : "");
  return Object.keys(body)
    .filter((k) => k.startsWith("score_") && text(k).trim() !== "")
    .map((k) => {
      const itemId = k.slice("score_".length);
      return { itemId, score: Number(text(k)), comment: text(`comment_${itemId}`) };
    });
}
