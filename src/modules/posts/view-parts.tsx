import { AppError, type FieldError } from "../../http/errors";
import { t, type Locale, type MessageKey } from "../../i18n/messages";
import type { PostStatus } from "./tables";

// Small pieces the module's pages share.

/** What a failed form submission brings back to its page. */
export interface FormState {
  form: string;
  values: Record<string, string>;
  errors: FieldError[];
  message?: string;
}

export function stateFor(state: FormState | undefined, form: string): FormState | undefined {
  return state?.form === form ? state : undefined;
}

/**
 * Runs a service call for a page; refusals a person can act on (409, 422) come back as
 * a form state for the page to show beside the form, anything else propagates.
 */
export async function attempt<T>(locale: Locale, form: string, values: Record<string, string>, run: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; status: 409 | 422; state: FormState }> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    if (error instanceof AppError && (error.status === 409 || error.status === 422)) {
      const message = error.fieldErrors.length ? undefined : t(locale, error.messageKey, error.params);
      return { ok: false, status: error.status, state: { form, values, errors: error.fieldErrors, message } };
    }
    throw error;
  }
}

const STATUS_TONE: Record<PostStatus, string> = { draft: "warn", open: "ok", filled: "", closed: "bad" };

export function StatusBadge(props: { locale: Locale; status: PostStatus }) {
  return <span class={`badge ${STATUS_TONE[props.status]}`}>{t(props.locale, `posts.status.${props.status}`)}</span>;
}

/** A confirmation after a redirect (?saved=…), for the keys a page knows. */
export function SavedNotice(props: { locale: Locale; saved?: string; keys: Record<string, MessageKey> }) {
  const key = props.saved ? props.keys[props.saved] : undefined;
  return key ? (
    <p class="notice ok" role="status">
      {t(props.locale, key)}
    </p>
  ) : null;
}

export function options<T extends string>(locale: Locale, values: readonly T[], key: (v: T) => MessageKey) {
  return values.map((value) => ({ value, label: t(locale, key(value)) }));
}
