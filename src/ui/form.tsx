import type { FieldError } from "../http/errors";
import { LABEL_SLOT } from "../http/form-summary";
import { t, type Locale } from "../i18n/messages";

// The summary names each field with an error and links to it; the names are filled in
// from the fields' own labels once the page is rendered (src/http/form-summary.ts).
// Form pieces with labels, hints and errors tied to their inputs (aria-describedby),
// so a screen reader announces what is wrong where it is wrong.

/**
 * `labels` names the form's fields by their keys; an entry whose field is named there is
 * labelled as it renders, the others carry a slot the render step fills from the page.
 */
export function ErrorSummary(props: { locale: Locale; errors: FieldError[]; message?: string; labels?: Readonly<Record<string, string>> }) {
  if (!props.errors.length && !props.message) return null;
  return (
    <div class="notice error" role="alert">
      <strong>{props.message ?? t(props.locale, "error.validation")}</strong>
      {props.errors.length ? (
        <ul>
          {props.errors.map((e) => (
            <li>
              <a href={`#f-${e.field}`}>
                {props.labels?.[e.field] ? `${props.labels[e.field]}${props.locale === "en" ? ": " : "："}` : <span {...{ [LABEL_SLOT]: `f-${e.field}` }} />}
                {e.message}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** The id, error and aria-describedby of a field, shared by every input component. */
function fieldParts(name: string, hint: string | undefined, errors: FieldError[] | undefined) {
  const id = `f-${name}`;
  // Every reason a field was refused shows beside it, in one message its input points at.
  const messages = (errors ?? []).filter((e) => e.field === name).map((e) => e.message);
  const error: FieldError | undefined = messages.length ? { ...errors!.find((e) => e.field === name)!, message: messages.join(" ") } : undefined;
  const describedBy = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  return { id, error, describedBy };
}

function LabelHintError(props: { id: string; label: string; hint?: string; error?: FieldError }) {
  return (
    <>
      <label for={props.id}>{props.label}</label>
      {props.hint ? (
        <span class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </span>
      ) : null}
      {props.error ? (
        <span class="error" id={`${props.id}-error`}>
          {props.error.message}
        </span>
      ) : null}
    </>
  );
}

export function TextField(props: {
  name: string;
  label: string;
  type?: "text" | "email" | "password" | "number" | "date" | "tel" | "search";
  value?: string;
  hint?: string;
  errors?: FieldError[];
  autocomplete?: string;
  required?: boolean;
  maxLength?: number;
  min?: number;
  max?: number;
  readOnly?: boolean;
  inputMode?: "numeric" | "decimal" | "tel" | "text";
  step?: string;
}) {
  const { id, error, describedBy } = fieldParts(props.name, props.hint, props.errors);
  return (
    <div class={error ? "field invalid" : "field"}>
      <LabelHintError id={id} label={props.label} hint={props.hint} error={error} />
      <input
        id={id}
        name={props.name}
        type={props.type ?? "text"}
        value={props.type === "password" ? "" : (props.value ?? "")}
        autocomplete={props.autocomplete}
        required={props.required}
        maxlength={props.maxLength}
        min={props.min}
        max={props.max}
        readonly={props.readOnly}
        inputmode={props.inputMode}
        step={props.step}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={describedBy}
      />
    </div>
  );
}

export interface Option {
  value: string;
  label: string;
}

/** A select; `groups` renders labelled option groups after the plain options. */
export function SelectField(props: {
  name: string;
  label: string;
  options: readonly Option[];
  groups?: { label: string; options: Option[] }[];
  value?: string;
  hint?: string;
  errors?: FieldError[];
  required?: boolean;
  /** A first, empty option ("choose…") when nothing is chosen yet. */
  placeholder?: string;
}) {
  const { id, error, describedBy } = fieldParts(props.name, props.hint, props.errors);
  const option = (o: Option) => (
    <option value={o.value} selected={o.value === (props.value ?? "")}>
      {o.label}
    </option>
  );
  return (
    <div class={error ? "field invalid" : "field"}>
      <LabelHintError id={id} label={props.label} hint={props.hint} error={error} />
      <select id={id} name={props.name} required={props.required} aria-invalid={error ? "true" : undefined} aria-describedby={describedBy}>
        {props.placeholder !== undefined ? <option value="">{props.placeholder}</option> : null}
        {props.options.map(option)}
        {(props.groups ?? []).map((g) => (
          <optgroup label={g.label}>{g.options.map(option)}</optgroup>
        ))}
      </select>
    </div>
  );
}

/** A labelled multi-line text box. */
export function TextArea(props: { name: string; label: string; value?: string; hint?: string; errors?: FieldError[]; rows?: number; maxLength?: number; required?: boolean }) {
  const { id, error, describedBy } = fieldParts(props.name, props.hint, props.errors);
  return (
    <div class={error ? "field invalid" : "field"}>
      <LabelHintError id={id} label={props.label} hint={props.hint} error={error} />
      <textarea id={id} name={props.name} rows={props.rows ?? 4} maxlength={props.maxLength} required={props.required} aria-invalid={error ? "true" : undefined} aria-describedby={describedBy}>
        {props.value ?? ""}
      </textarea>
    </div>
  );
}

export function FileField(props: { name: string; label: string; accept?: string; hint?: string; errors?: FieldError[]; required?: boolean }) {
  const { id, error, describedBy } = fieldParts(props.name, props.hint, props.errors);
  return (
    <div class={error ? "field invalid" : "field"}>
      <LabelHintError id={id} label={props.label} hint={props.hint} error={error} />
      <input id={id} name={props.name} type="file" accept={props.accept} required={props.required} aria-invalid={error ? "true" : undefined} aria-describedby={describedBy} />
    </div>
  );
}

/**
 * The one checkbox, with its label. Ticked, it submits `name=value` ("1" unless told);
 * unticked, nothing. Several related boxes are a ChoiceGroup, never boxes side by side.
 */
export function Checkbox(props: { name: string; label: string; checked?: boolean; value?: string; id?: string; disabled?: boolean; required?: boolean; describedBy?: string }) {
  const id = props.id ?? `f-${props.name}`;
  return (
    <>
      <input type="checkbox" id={id} name={props.name} value={props.value ?? "1"} checked={props.checked} disabled={props.disabled} required={props.required} aria-describedby={props.describedBy} /> <label for={id}>{props.label}</label>
    </>
  );
}

/** The values of a ChoiceGroup of checkboxes, as read from a submitted form. */
export function checkedValues(form: Record<string, unknown>, name: string): string[] {
  return Object.keys(form)
    .filter((k) => k.startsWith(`${name}.`) && form[k] === "1")
    .map((k) => k.slice(name.length + 1));
}

/**
 * A group of checkboxes (several of `options`) or radio buttons (one), in a fieldset.
 * Checkboxes are named `${name}.${value}` (value "1"), so that a form reads as plain
 * key-value pairs without repeated keys.
 */
export function ChoiceGroup(props: { name: string; legend: string; type: "checkbox" | "radio"; options: (Option & { hint?: string; disabled?: boolean })[]; selected: readonly string[]; hint?: string; errors?: FieldError[] }) {
  const { id, error, describedBy } = fieldParts(props.name, props.hint, props.errors);
  return (
    <fieldset class={error ? "field choices invalid" : "field choices"} id={id} aria-describedby={describedBy}>
      <legend>{props.legend}</legend>
      {props.hint ? (
        <span class="hint" id={`${id}-hint`}>
          {props.hint}
        </span>
      ) : null}
      {error ? (
        <span class="error" id={`${id}-error`}>
          {error.message}
        </span>
      ) : null}
      {props.options.map((o) => (
        <div class="choice">
          {props.type === "checkbox" ? (
            <Checkbox id={`${id}-${o.value}`} name={`${props.name}.${o.value}`} label={o.label} checked={props.selected.includes(o.value)} disabled={o.disabled} describedBy={o.hint ? `${id}-${o.value}-hint` : undefined} />
          ) : (
            <>
              <input type="radio" id={`${id}-${o.value}`} name={props.name} value={o.value} checked={props.selected.includes(o.value)} disabled={o.disabled} aria-describedby={o.hint ? `${id}-${o.value}-hint` : undefined} />
              <label for={`${id}-${o.value}`}>{o.label}</label>
            </>
          )}
          {o.hint ? (
            <span class="hint" id={`${id}-${o.value}-hint`}>
              {o.hint}
            </span>
          ) : null}
        </div>
      ))}
    </fieldset>
  );
}

/** One choice of several, as radio buttons (a ChoiceGroup with a single value). */
export function RadioGroup(props: { name: string; legend: string; options: readonly Option[]; value?: string; hint?: string; errors?: FieldError[] }) {
  return <ChoiceGroup type="radio" name={props.name} legend={props.legend} options={[...props.options]} selected={props.value ? [props.value] : []} hint={props.hint} errors={props.errors} />;
}
