import type * as z from "zod/mini";
import { type AppError, type FieldError, validationFailed } from "../../http/errors";
import { parsed } from "../../http/validation";
import { t, type Locale } from "../../i18n/messages";
import { attempt, type FormState, stateFor, topField } from "../../ui/form-state";

export { attempt, type FormState, stateFor, topField };

// Reading the staff and reviewer forms: parsing against the API's schema so that a
// refusal names the form's fields. How the page then comes back with what was typed is
// the platform's one way, src/ui/form-state.ts.

export type Form = Record<string, string | File | (string | File)[]>;
export const str = (body: Form, key: string) => (typeof body[key] === "string" ? (body[key] as string) : "");

/** Thrown by `parseForm` and caught by `attempt`: the form's own field names are in the errors. */
function refused(errors: FieldError[]): AppError {
  return validationFailed(errors);
}

/** Validates form input against the API's schema (errors name the schema's paths; `attempt` maps them onto the form). */
export function parseForm<S extends z.ZodMiniType>(locale: Locale, schema: S, value: unknown): z.output<S> {
  return parsed(schema, value, locale);
}

export function requireText(locale: Locale, value: string, field: string): string {
  if (!value.trim()) throw refused([{ field, code: "required", message: t(locale, "field.required") }]);
  return value.trim();
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
