import type { FieldError } from "../../http/errors";
import { t, type Locale } from "../../i18n/messages";
import { checkScores, type Rubric, type ScoreInput } from "../../review";
import { ErrorSummary } from "../../ui/form";
import { CsrfField } from "../../ui/layout";
import { aboutText } from "./evaluation-rubric-views";

// The rubric as a scoring form: indicator areas as groups, each item with its standard
// points, a score input limited to 0..points and a comment. Used for the organization's
// self-assessment, the evaluator team and the committee alike.

export function ScoreForm(props: { l: Locale; action: string; csrfToken: string | null; rubric: Rubric; skipped?: Rubric["items"]; values: Record<string, string>; errors?: FieldError[]; message?: string; readOnly?: boolean }) {
  const { l, rubric } = props;
  const areas = [...new Set(rubric.items.map((i) => i.area))];
  const total = rubric.items.reduce((s, i) => s + (Number(props.values[`s_${i.id}`]) || 0), 0);
  const max = rubric.items.reduce((s, i) => s + i.maxScore, 0);
  return (
    <>
      <ErrorSummary locale={l} errors={props.errors ?? []} message={props.message} />
      {props.skipped?.length ? (
        <div class="notice">
          <p>{t(l, "disclosure.eval.skipped")}</p>
          <ul>
            {props.skipped.map((i) => (
              <li>
                {i.area ? `${i.area} · ` : ""}
                {t(l, "disclosure.eval.skippedItem", { title: i.title, max: i.maxScore })}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <form method="post" action={props.action} novalidate>
        <CsrfField token={props.csrfToken} />
        {areas.map((area) => (
          <fieldset class="score-area">
            <legend>
              {area || t(l, "disclosure.eval.item")} ({rubric.items.filter((i) => i.area === area).reduce((s, i) => s + i.maxScore, 0)})
            </legend>
            {rubric.items
              .filter((i) => i.area === area)
              .map((item) => {
                const name = `s_${item.id}`;
                const error = props.errors?.find((e) => e.field === name);
                return (
                  <div class={error ? "field score invalid" : "field score"}>
                    <label for={`f-${name}`}>
                      {item.title} <span class="hint">{t(l, "disclosure.eval.scoreOf", { max: item.maxScore })}</span>
                    </label>
                    <span class="hint" id={`f-${name}-hint`}>
                      {aboutText(l, item.description)}
                    </span>
                    {error ? (
                      <span class="error" id={`f-${name}-error`}>
                        {error.message}
                      </span>
                    ) : null}
                    <input
                      id={`f-${name}`}
                      name={name}
                      type="number"
                      inputmode="decimal"
                      min="0"
                      max={String(item.maxScore)}
                      step="0.5"
                      value={props.values[name] ?? ""}
                      disabled={props.readOnly}
                      aria-invalid={error ? "true" : undefined}
                      aria-describedby={error ? `f-${name}-hint f-${name}-error` : `f-${name}-hint`}
                    />
                    <label for={`f-c_${item.id}`} class="visually-hidden">
                      {t(l, "disclosure.eval.comment")} · {item.title}
                    </label>
                    <input id={`f-c_${item.id}`} name={`c_${item.id}`} type="text" placeholder={t(l, "disclosure.eval.comment")} value={props.values[`c_${item.id}`] ?? ""} maxlength={500} disabled={props.readOnly} />
                  </div>
                );
              })}
          </fieldset>
        ))}
        <p>
          <strong>
            {t(l, "disclosure.eval.total")}：{Math.round(total * 100) / 100} / {max}
          </strong>
        </p>
        {props.readOnly ? null : (
          <div class="actions">
            <button type="submit" name="action" value="save" class="secondary">
              {t(l, "disclosure.eval.save")}
            </button>{" "}
            <button type="submit" name="action" value="submit">
              {t(l, "disclosure.eval.submit")}
            </button>
          </div>
        )}
      </form>
    </>
  );
}

/** Reads the scoring form: scores given, field errors by input name, and whether to hand in. */
export function readScores(l: Locale, rubric: Rubric, form: Record<string, string>): { scores: ScoreInput[]; errors: FieldError[]; submit: boolean } {
  const submit = form.action === "submit";
  const scores: ScoreInput[] = [];
  const errors: FieldError[] = [];
  const index: string[] = [];
  for (const item of rubric.items) {
    const raw = (form[`s_${item.id}`] ?? "").trim();
    if (raw === "") continue;
    const value = Number(raw);
    if (!/^\d+(\.\d+)?$/.test(raw) || !Number.isFinite(value)) {
      errors.push({ field: `s_${item.id}`, code: "score_invalid", message: t(l, "field.score_invalid") });
      continue;
    }
    const comment = (form[`c_${item.id}`] ?? "").trim().slice(0, 500);
    scores.push({ itemId: item.id, score: value, comment });
    index.push(item.id);
  }
  const known = new Set(errors.map((e) => e.field));
  for (const e of checkScores(rubric, scores, submit, {
    range: (max) => t(l, "disclosure.eval.outOfRange", { max }),
    unknown: t(l, "disclosure.eval.unknownItem"),
    missing: t(l, "disclosure.eval.missing"),
  })) {
    const m = /^scores\.(\d+)\./.exec(e.field);
    const field = m ? `s_${index[Number(m[1])]}` : e.field.replace(/^item\./, "s_");
    if (!known.has(field)) errors.push({ ...e, field });
  }
  return { scores, errors, submit };
}

/** The saved scores of an assignment as form values. */
export function scoreValues(rows: { item_id: string; score: number; comment: string }[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const r of rows) {
    values[`s_${r.item_id}`] = String(r.score);
    values[`c_${r.item_id}`] = r.comment;
  }
  return values;
}
