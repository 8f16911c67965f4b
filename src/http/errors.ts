import type { MessageKey } from "../i18n/messages";

export interface FieldError {
  field: string;
  code: string;
  message: string;
}

/**
 * Every code an error response can carry. Clients (and the problem+json `code` member)
 * rely on these, so the list is closed: a new kind of refusal is added here first.
 */
export type ErrorCode =
  // the request itself
  | "malformed_json"
  | "malformed_body"
  | "idempotency_key_invalid"
  | "invalid_encoding"
  | "payload_too_large"
  | "unsupported_media_type"
  | "validation"
  | "bad_file"
  // who is asking
  | "unauthenticated"
  | "invalid_credentials"
  | "locked"
  | "forbidden"
  | "csrf"
  | "rate_limited"
  // what is asked for
  | "not_found"
  | "district_not_found"
  | "invitation_not_found"
  | "invitation_expired"
  | "invitation_used"
  | "invitation_revoked"
  | "district_suspended"
  | "district_onboarding"
  // the state of the record
  | "conflict"
  | "idempotency_key_reused"
  | "submission_in_progress"
  | "illegal_transition"
  | "not_active"
  | "not_editable"
  | "not_pending"
  | "pending_exists"
  | "already_pending"
  | "already_declared"
  | "already_enrolled"
  | "cannot_score"
  | "declare_first"
  | "rubric_locked"
  | "round_closed"
  | "call_not_open"
  | "notice_closed"
  | "not_in_notice"
  | "appeal_window_closed"
  | "duplicate_appeal"
  | "duplicate_year"
  | "nothing_to_publish"
  | "no_scores"
  | "not_rectifiable"
  | "no_profile"
  | "ineligible"
  | "credit_listed"
  | "review_not_set_up"
  | "call_not_closed"
  | "nothing_to_propose"
  | "scores_pending"
  | "too_early"
  | "email_taken"
  | "email_has_account"
  | "email_other_district"
  | "uscc_taken"
  | "name_taken"
  // operations: storage, a district being moved between shards
  | "storage_unavailable"
  | "district_read_only"
  | "unknown_shard"
  | "same_shard"
  | "move_in_progress"
  | "target_not_empty"
  | "no_open_move"
  | "move_switched"
  // the server
  | "internal";

/** HTTP statuses an AppError may answer with. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 429 | 500 | 503;

export interface AppErrorInit {
  status: ErrorStatus;
  code: ErrorCode;
  /** The sentence shown to the user, in their language. */
  message: MessageKey;
  params?: Record<string, string | number>;
  /** Field by field, for forms and problem+json `errors`. */
  fields?: FieldError[];
  /** Machine-readable members added to the problem body (e.g. `allowed` actions). */
  extra?: Record<string, unknown>;
}

/**
 * An error a user can do something about. Thrown anywhere in a request; the app's
 * error handler turns it into application/problem+json for the API or a friendly
 * page for the browser, in the request's language.
 */
export class AppError extends Error {
  readonly status: ErrorStatus;
  readonly code: ErrorCode;
  readonly messageKey: MessageKey;
  readonly params: Record<string, string | number>;
  readonly fieldErrors: FieldError[];
  readonly extra: Record<string, unknown>;

  constructor(init: AppErrorInit) {
    super(init.code);
    this.status = init.status;
    this.code = init.code;
    this.messageKey = init.message;
    this.params = init.params ?? {};
    this.fieldErrors = init.fields ?? [];
    this.extra = init.extra ?? {};
  }
}

export const notFound = () => new AppError({ status: 404, code: "not_found", message: "error.not_found" });
export const unauthenticated = () => new AppError({ status: 401, code: "unauthenticated", message: "error.unauthenticated" });
export const forbidden = () => new AppError({ status: 403, code: "forbidden", message: "error.forbidden" });
export const csrfRejected = () => new AppError({ status: 403, code: "csrf", message: "error.csrf" });
export const validationFailed = (fields: FieldError[]) => new AppError({ status: 422, code: "validation", message: "error.validation", fields });
