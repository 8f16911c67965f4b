import type { FieldError } from "../../http/errors";
import { t, type Locale } from "../../i18n/messages";
import { beijingDate } from "../../lib/beijing-time";
import type { Rubric } from "../../review";
import { Checkbox, ErrorSummary, TextField } from "../../ui/form";
import { CsrfField, type PageInfo } from "../../ui/layout";
import { formRows, isBonus, rubricTotals } from "./evaluation-rubric-edit";
import { orgTypeKey } from "./schemas";
import { ASSOCIATION_SUBTYPES } from "./tables";
import { DateText } from "./views";

// A round's rubrics on its page: each one's indicators with their totals, and for the one
// being edited (?rubric=<key>) the form, or why it can no longer change.

/** What a refused rubric form brings back: which rubric, what was typed, and why. */
export interface RubricState {
  key: string;
  values?: Record<string, string>;
  errors?: FieldError[];
  message?: string;
}

/** A rubric's key as a person reads it: the type, and the kind of 社会团体 where it has one. */
export function rubricKeyLabel(l: Locale, key: string): string {
  const [type, subtype] = key.split(":");
  const typeLabel = type ? t(l, orgTypeKey(type)) : "";
  return subtype ? `${typeLabel} · ${t(l, `disclosure.subtype.${subtype as "other"}`)}` : typeLabel;
}

/** What an indicator looks at; a district's first round starts with these unwritten, which is said rather than left blank. */
export const aboutText = (l: Locale, description: string) => description || t(l, "disclosure.rubric.aboutUnwritten");

/**
 * A rubric's indicators, on the round's page and on an evaluation's (there with a column
 * per scorer role: `columns` heads them, `cells` gives an item's values).
 */
export function RubricTable(props: { l: Locale; rubric: Rubric; columns?: readonly string[]; cells?: (itemId: string) => readonly (string | number)[] }) {
  const { l } = props;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            {[t(l, "disclosure.eval.area"), t(l, "disclosure.eval.item"), t(l, "disclosure.eval.points"), ...(props.columns ?? [])].map((h) => (
              <th scope="col">{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rubric.items.map((i) => (
            <tr>
              <td>{isBonus(i) ? t(l, "disclosure.rubric.bonus") : i.area || "–"}</td>
              <td>
                {i.title}
                <br />
                <small>{aboutText(l, i.description)}</small>
              </td>
              <td>{i.maxScore}</td>
              {props.cells?.(i.id).map((v) => (
                <td>{v}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RubricForm(props: { page: PageInfo; roundId: string; rubricKey: string; rubric: Rubric; scale: number; state?: RubricState }) {
  const { page } = props;
  const l = page.locale;
  const errors = props.state?.errors ?? [];
  const rows = formRows(props.rubric, props.state?.values);
  const totalError = errors.find((e) => e.field === "total");
  return (
    <form class="stack" method="post" action={`${page.base}/manage/evaluations/${props.roundId}/rubric`} novalidate>
      <CsrfField token={page.csrfToken} />
      <input type="hidden" name="rubricFor" value={props.rubricKey} />
      <input type="hidden" name="rows" value={String(rows.length)} />
      <ErrorSummary locale={l} errors={errors} message={props.state?.message} labels={{ total: t(l, "disclosure.eval.points") }} />
      <p class="hint">{t(l, "disclosure.rubric.editHint", { scale: props.scale })}</p>
      {totalError ? (
        <p class="error" id="f-total">
          {totalError.message}
        </p>
      ) : null}
      {rows.map((r, i) => {
        const name = (f: string) => `items.${i}.${f}`;
        return (
          <fieldset class="field">
            <legend>{t(l, "disclosure.rubric.row", { n: i + 1 })}</legend>
            <div class="inline">
              <TextField name={name("order")} label={t(l, "disclosure.rubric.order")} value={r.order} errors={errors} inputMode="numeric" maxLength={2} />
              <TextField name={name("area")} label={t(l, "disclosure.eval.area")} value={r.area} errors={errors} maxLength={30} />
              <TextField name={name("title")} label={t(l, "disclosure.eval.item")} value={r.title} errors={errors} maxLength={60} />
              <TextField name={name("points")} label={t(l, "disclosure.eval.points")} value={r.points} errors={errors} inputMode="decimal" maxLength={7} />
              <TextField name={name("description")} label={t(l, "disclosure.rubric.about")} value={r.description} errors={errors} maxLength={500} />
              <div class="choice">
                <Checkbox name={name("bonus")} label={t(l, "disclosure.rubric.bonus")} checked={r.bonus === "1"} />
              </div>
            </div>
          </fieldset>
        );
      })}
      <button type="submit">{t(l, "disclosure.eval.save")}</button>
    </form>
  );
}

/** One of the round's rubrics: its indicators and totals, and the form when it is the one being edited. */
export function RubricSection(props: { page: PageInfo; roundId: string; rubricKey: string; rubric: Rubric; scale: number; editing: boolean; readOnly?: boolean; state?: RubricState; fresh?: boolean }) {
  const { page, rubric, rubricKey } = props;
  const l = page.locale;
  const totals = rubricTotals(rubric.items);
  const anchor = props.fresh ? "rubric-new" : `rubric-${encodeURIComponent(rubricKey || "common")}`;
  return (
    <section id={anchor}>
      <h2>
        {t(l, "disclosure.eval.rubric")}
        {rubricKey ? ` · ${rubricKeyLabel(l, rubricKey)}` : ""}
      </h2>
      <p>{t(l, "disclosure.rubric.totals", { base: totals.base, bonus: totals.bonus, scale: props.scale })}</p>
      {rubric.lockedAt ? (
        <p class="notice">
          {t(l, "disclosure.rubric.locked")} <DateText iso={beijingDate(rubric.lockedAt)} />
        </p>
      ) : props.readOnly ? null : props.editing ? (
        <RubricForm {...props} />
      ) : (
        <p>
          <a href={`${page.base}/manage/evaluations/${props.roundId}?rubric=${encodeURIComponent(rubricKey)}#${anchor}`}>{t(l, "disclosure.rubric.edit")}</a>
        </p>
      )}
      {props.editing && !rubric.lockedAt ? null : <RubricTable l={l} rubric={rubric} />}
    </section>
  );
}

/** Links that give a kind of 社会团体 indicators of its own, for the kinds without them. */
export function SubtypeLinks(props: { page: PageInfo; roundId: string; taken: readonly string[] }) {
  const { page } = props;
  const l = page.locale;
  const free = ASSOCIATION_SUBTYPES.filter((s) => s !== "other" && !props.taken.includes(`社会团体:${s}`));
  return free.length ? (
    <p>
      {t(l, "disclosure.rubric.subtypeAdd")}：
      {free.map((s) => (
        <>
          {" "}
          <a href={`${page.base}/manage/evaluations/${props.roundId}?rubric=${encodeURIComponent(`社会团体:${s}`)}#rubric-new`}>{t(l, `disclosure.subtype.${s}`)}</a>
        </>
      ))}
    </p>
  ) : null;
}
