import type { FieldError } from "../http/errors";
import { t, type Locale } from "../i18n/messages";

// Form pieces with labels, hints and errors tied to their inputs (aria-describedby),
// so a screen reader announces what is wrong where it is wrong.

export function ErrorSummary(props: { locale: Locale; errors: FieldError[]; message?: string }) {
  if (!props.errors.length && !props.message) return null;
  return (
    <div class="notice error" role="alert">
      <strong>{props.message ?? t(props.locale, "error.validation")}</strong>
      {props.errors.length ? (
        <ul>
          {props.errors.map((e) => (
            <li>
              <a href={`#f-${e.field}`}>{e.message}</a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function TextField(props: {
  name: string;
  label: string;
  type?: "text" | "email" | "password" | "date" | "number" | "tel";
  inputMode?: "numeric" | "decimal" | "tel";
  value?: string;
  hint?: string;
  errors?: FieldError[];
  autocomplete?: string;
  required?: boolean;
  maxLength?: number;
}) {
  const id = `f-${props.name}`;
  const error = props.errors?.find((e) => e.field === props.name);
  const describedBy = [props.hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div class={error ? "field invalid" : "field"}>
      <label for={id}>{props.label}</label>
      {props.hint ? <span class="hint" id={`${id}-hint`}>{props.hint}</span> : null}
      {error ? <span class="error" id={`${id}-error`}>{error.message}</span> : null}
      <input
        id={id}
        name={props.name}
        type={props.type ?? "text"}
        value={props.type === "password" ? "" : (props.value ?? "")}
        autocomplete={props.autocomplete}
        inputmode={props.inputMode}
        required={props.required}
        maxlength={props.maxLength}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={describedBy}
      />
    </div>
  );
}

function describedBy(id: string, hint: string | undefined, error: FieldError | undefined) {
  return [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
}

/** A labelled multi-line text box. */
export function TextArea(props: { name: string; label: string; value?: string; hint?: string; errors?: FieldError[]; required?: boolean; maxLength?: number; rows?: number }) {
  const id = `f-${props.name}`;
  const error = props.errors?.find((e) => e.field === props.name);
  return (
    <div class={error ? "field invalid" : "field"}>
      <label for={id}>{props.label}</label>
      {props.hint ? <span class="hint" id={`${id}-hint`}>{props.hint}</span> : null}
      {error ? <span class="error" id={`${id}-error`}>{error.message}</span> : null}
      <textarea id={id} name={props.name} rows={props.rows ?? 5} required={props.required} maxlength={props.maxLength} aria-invalid={error ? "true" : undefined} aria-describedby={describedBy(id, props.hint, error)}>
        {props.value ?? ""}
      </textarea>
    </div>
  );
}

/** A labelled drop-down. */
export function SelectField(props: {
  name: string;
  label: string;
  options: readonly { value: string; label: string }[];
  value?: string;
  hint?: string;
  errors?: FieldError[];
  required?: boolean;
  /** A first, empty option ("choose…") when nothing is chosen yet. */
  placeholder?: string;
}) {
  const id = `f-${props.name}`;
  const error = props.errors?.find((e) => e.field === props.name);
  return (
    <div class={error ? "field invalid" : "field"}>
      <label for={id}>{props.label}</label>
      {props.hint ? <span class="hint" id={`${id}-hint`}>{props.hint}</span> : null}
      {error ? <span class="error" id={`${id}-error`}>{error.message}</span> : null}
      <select id={id} name={props.name} required={props.required} aria-invalid={error ? "true" : undefined} aria-describedby={describedBy(id, props.hint, error)}>
        {props.placeholder !== undefined ? <option value="">{props.placeholder}</option> : null}
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === (props.value ?? "")}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A group of checkboxes (or radio buttons) with a legend. */
export function ChoiceGroup(props: { name: string; legend: string; type?: "checkbox" | "radio"; options: { value: string; label: string }[]; checked?: readonly string[]; errors?: FieldError[] }) {
  const error = props.errors?.find((e) => e.field === props.name);
  return (
    <fieldset class={error ? "field invalid" : "field"} id={`f-${props.name}`}>
      <legend>{props.legend}</legend>
      {error ? <span class="error">{error.message}</span> : null}
      {props.options.map((o, i) => (
        <div class="choice">
          <input type={props.type ?? "checkbox"} id={`f-${props.name}-${i}`} name={props.name} value={o.value} checked={props.checked?.includes(o.value)} />{" "}
          <label for={`f-${props.name}-${i}`}>{o.label}</label>
        </div>
      ))}
    </fieldset>
  );
}
