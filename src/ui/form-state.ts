import { AppError, type FieldError } from "../http/errors";
import { t, type Locale } from "../i18n/messages";

// How a form comes back after a refusal: the page re-renders itself with what was typed
// and each error beside its field (and in the summary above the form), instead of the
// generic error page. Modules' pages share this one way of doing it.

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

/** The form field an error path belongs to: `rubric.2.weight` is the `rubric` text area. */
export const topField = (path: string) => path.split(".")[0] || path;

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
      // A field can be refused for several reasons at once (a bid's lines over the cap and
      // over the admin share); each shows. Only the same message twice on one field (rows
      // of one text area folded onto it) is shown once.
      const distinct = errors.filter((e, i) => errors.findIndex((x) => x.field === e.field && x.message === e.message) === i);
      return { ok: false, status: error.status, state: { form, values, errors: distinct, message } };
    }
    throw error;
  }
}

/** A submission the schema refused before any work ran, in the same shape as `attempt`'s refusal. */
export const invalid = (form: string, values: Record<string, string>, errors: FieldError[]) => ({ ok: false as const, status: 422 as const, state: { form, values, errors } as FormState });
