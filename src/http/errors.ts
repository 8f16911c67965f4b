import type { MessageKey } from "../i18n/messages";

export interface FieldError {
  field: string;
  code: string;
  message: string;
}

/**
 * An error a user can do something about. Thrown anywhere in a request; the app's
 * error handler turns it into application/problem+json for the API or a friendly
 * page for the browser, in the request's language.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messageKey: MessageKey,
    readonly params: Record<string, string | number> = {},
    readonly fieldErrors: FieldError[] = [],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(code);
  }
}

export const notFound = () => new AppError(404, "not_found", "error.not_found");
export const unauthenticated = () => new AppError(401, "unauthenticated", "error.unauthenticated");
export const forbidden = () => new AppError(403, "forbidden", "error.forbidden");
export const csrfRejected = () => new AppError(403, "csrf", "error.csrf");
export const validationFailed = (fieldErrors: FieldError[]) =>
  new AppError(422, "validation", "error.validation", {}, fieldErrors);
