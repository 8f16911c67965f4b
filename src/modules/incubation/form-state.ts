import * as z from "zod/mini";
import { AppError, type FieldError } from "../../http/errors";
import { toFieldErrors } from "../../http/validation";
import { t, type Locale } from "../../i18n/messages";

// How a staff or reviewer form comes back after a refusal: the page re-renders itself
// with what was typed and each error beside its field (and in the summary above the
// form), instead of the generic error page.

export type Form = Record<string, string | File | (string | File)[]>;
export const str = (body: Form, key: string) => (typeof body[key] === "string" ? (body[key] as string) : "");

/** What a refused submission brings back to its page; `form` says which form on the page. */
export interface FormState {
  form: string;
  values: Record<string, string>;
  errors: FieldError[];
  message?: string;
}

export function stateFor(state: FormState | undefined, form: string): FormState | undefined {
  return state?.form === form ? state : undefined;
}

/** Thrown by `parseForm` and caught by `attempt`: the form's own field names are in the errors. */
function refused(errors: FieldError[]): AppError {
  return new AppError({ status: 422, code: "validation", message: "error.validation", fields: errors });
}

/** Validates form input against the API's schema (errors name the schema's paths; `attempt` maps them onto the form). */
export function parseForm<S extends z.ZodMiniType>(locale: Locale, schema: S, value: unknown): z.output<S> {
  const result = z.safeParse(schema, value);
  if (!result.success) throw refused(toFieldErrors(result.error, locale, value));
  return result.data;
}

/** The form field an error path belongs to: `rubric.2.weight` is the `rubric` text area. */
export const topField = (path: string) => path.split(".")[0] || path;

export function requireText(locale: Locale, value: string, field: string): string {
  if (!value.trim()) throw refused([{ field, code: "required", message: t(locale, "field.required") }]);
  return value.trim();
}

/**
 * Runs a form's work; refusals a person can act on (409, 422) come back as a form state
 * for the page to show beside the form, anything else (404, 403) propagates. `fieldOf`
 * maps the schema's and the domain's error paths onto the form's field names.
 */
export async function attempt<T>(
  locale: Locale,
  form: string,
  values: Record<string, string>,
  run: () => Promise<T>,
  fieldOf: (path: string) => string = topField,
): Promise<{ ok: true; value: T } | { ok: false; status: 409 | 422; state: FormState }> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    if (error instanceof AppError && (error.status === 409 || error.status === 422)) {
      const message = error.fieldErrors.length ? undefined : t(locale, error.messageKey, error.params);
      const errors = error.fieldErrors.map((e) => ({ ...e, field: fieldOf(e.field) }));
      return { ok: false, status: error.status, state: { form, values, errors: errors.filter((e, i) => errors.findIndex((x) => x.field === e.field) === i), message } };
    }
    throw error;
  }
}

/** The text fields of a submitted form, to keep what was typed (a checkbox group's values one per line). */
export function textValues(body: Form): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) {
    if (typeof value === "string") values[key] = value;
    else if (Array.isArray(value)) values[key] = value.filter((v) => typeof v === "string").join("\n");
  }
  return values;
}
