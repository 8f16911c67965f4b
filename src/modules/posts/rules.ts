import { AppError, type FieldError } from "../../http/errors";
import { t, type Locale, type MessageKey } from "../../i18n/messages";

// The errors of the posts module's rules. The database enforces them under concurrency
// (triggers and unique keys in migrations/district/0004_posts.sql); DistrictData.write()
// maps each refusal to one of these through its `rules` option.

export function conflict(key: MessageKey, params: Record<string, string | number> = {}, extra: Record<string, unknown> = {}, fieldErrors: FieldError[] = []) {
  return new AppError({ status: 409, code: "conflict", message: key, params, fields: fieldErrors, extra });
}

export function fieldProblem(locale: Locale, status: 409 | 422, field: string, key: MessageKey, params: Record<string, string | number> = {}) {
  return new AppError({ status, code: status === 422 ? "validation" : "conflict", message: status === 422 ? "error.validation" : key, params, fields: [{ field, code: key.split(".").pop()!, message: t(locale, key, params) }] });
}
