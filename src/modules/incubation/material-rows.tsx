import type { FieldError } from "../../http/errors";
import { t, type Locale } from "../../i18n/messages";
import { Checkbox, TextField } from "../../ui/form";

// The call form's required materials as rows (name, required) rather than a syntax to
// learn. Without JavaScript, "add a row" submits the form, which comes back with every
// value kept and one more blank row; blank rows are ignored when the call is created.

export const MAX_MATERIALS = 20;
const BLANK_ROWS = 3;

type Body = Record<string, unknown>;
const text = (body: Body, key: string) => (typeof body[key] === "string" ? (body[key] as string).trim() : "");

/** How many rows the form shows: what was submitted, plus one when "add a row" was pressed. */
export function materialRowCount(values: Record<string, string> | undefined): number {
  const submitted = Number(values?.materialRows) || BLANK_ROWS;
  return Math.min(MAX_MATERIALS, Math.max(BLANK_ROWS, submitted + (values?.addMaterial ? 1 : 0)));
}

/** The rows a person filled in, each with a key the applicants' uploads are filed under. */
export function materialsFrom(body: Body): { key: string; label: string; required: boolean }[] {
  const rows = Math.min(MAX_MATERIALS, Number(text(body, "materialRows")) || BLANK_ROWS);
  const materials: { key: string; label: string; required: boolean }[] = [];
  for (let i = 0; i < rows; i++) {
    const label = text(body, `materials.${i}.name`);
    if (label) materials.push({ key: `m${i + 1}`, label, required: text(body, `materials.${i}.required`) === "1" });
  }
  return materials;
}

/** Maps a schema path such as `materials.2.label` onto the row's field (the rows with a name keep their index in the key). */
export function materialField(path: string, materials: { key: string }[]): string | null {
  const m = /^materials\.(\d+)\./.exec(path);
  if (!m) return null;
  const key = materials[Number(m[1])]?.key;
  return key ? `materials.${Number(key.slice(1)) - 1}.name` : "materials";
}

export function MaterialRows(props: { locale: Locale; values?: Record<string, string>; errors: FieldError[] }) {
  const l = props.locale;
  const count = materialRowCount(props.values);
  const rows = Array.from({ length: count }, (_, i) => i);
  const groupError = props.errors.find((e) => e.field === "materials");
  return (
    <fieldset class={groupError ? "field materials invalid" : "field materials"} id="f-materials">
      <legend>{t(l, "inc.call.materials")}</legend>
      <span class="hint">{t(l, "inc.materials.hint")}</span>
      {groupError ? <span class="error">{groupError.message}</span> : null}
      <input type="hidden" name="materialRows" value={String(count)} />
      {rows.map((i) => (
        <div class="material-row">
          <TextField name={`materials.${i}.name`} label={t(l, "inc.materials.name", { n: i + 1 })} value={props.values?.[`materials.${i}.name`]} errors={props.errors} maxLength={60} />
          <Checkbox name={`materials.${i}.required`} label={t(l, "inc.materials.required")} checked={props.values ? props.values[`materials.${i}.required`] === "1" : i === 0} />
        </div>
      ))}
      {count < MAX_MATERIALS ? (
        <button type="submit" name="addMaterial" value="1" class="secondary" formnovalidate>
          {t(l, "inc.materials.add")}
        </button>
      ) : null}
    </fieldset>
  );
}
