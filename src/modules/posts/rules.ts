import { constraintViolation } from "../../data/db-errors";
import { AppError, type FieldError } from "../../http/errors";
import { t, type Locale, type MessageKey } from "../../i18n/messages";

// The database refuses what breaks the module's rules under concurrency (triggers and
// unique keys in migrations/district/0004_posts.sql); this turns each refusal into the
// answer a person understands. Anything else is rethrown as it is.

const TRIGGER_RULE = /\b(posts|post_assignments|post_applications|social_workers)\.(\w+)/;

export function dbRule(error: unknown): string | null {
  const violation = constraintViolation(error);
  if (violation?.kind === "unique") return violation.detail ? `unique:${violation.detail}` : "unique";
  const m = violation?.kind === "trigger" ? TRIGGER_RULE.exec(violation.detail) : null;
  return m ? `${m[1]}.${m[2]}` : null;
}

export function conflict(key: MessageKey, params: Record<string, string | number> = {}, extra: Record<string, unknown> = {}, fieldErrors: FieldError[] = []) {
  return new AppError(409, "conflict", key, params, fieldErrors, extra);
}

export function fieldProblem(locale: Locale, status: 409 | 422, field: string, key: MessageKey, params: Record<string, string | number> = {}) {
  return new AppError(status, status === 422 ? "validation" : "conflict", status === 422 ? "error.validation" : key, params, [
    { field, code: key.split(".").pop()!, message: t(locale, key, params) },
  ]);
}

/**
 * Runs a write and translates the rule it broke, if any. `known` maps rule names
 * ("post_assignments.headcount_full", "unique:social_workers.certificate_no") to errors;
 * a lost optimistic-version race is always a 409.
 */
export async function guarded<T>(write: () => Promise<T>, known: Record<string, () => AppError>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const rule = dbRule(error);
    if (rule) {
      // Unique keys are named by a column ("unique:social_workers.certificate_no"); the
      // message lists every column of the key, district_id first.
      const matches = (name: string) => (name.startsWith("unique:") ? rule.startsWith("unique:") && rule.includes(name.slice(7)) : rule === name);
      for (const [name, make] of Object.entries(known)) if (matches(name)) throw make();
      if (rule.endsWith("version_conflict")) throw new AppError(409, "version_conflict", "error.conflict");
    }
    throw error;
  }
}
