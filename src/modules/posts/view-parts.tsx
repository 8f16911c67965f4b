import { t, type Locale, type MessageKey } from "../../i18n/messages";
import type { PostStatus } from "./tables";

// Small pieces the module's pages share.

export { attempt, type FormState, stateFor } from "../../ui/form-state";

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
