import type { Child } from "hono/jsx";
import { t, type Locale } from "../../i18n/messages";
import { beijingDate, beijingDateTime } from "../../lib/beijing-time";
import type { ApplicationStatus } from "./tables";

// Small view pieces shared by the incubation pages.

export function StatusBadge(props: { locale: Locale; status: ApplicationStatus }) {
  const tone = props.status === "admitted" ? "ok" : props.status === "rejected" || props.status === "withdrawn" ? "bad" : "warn";
  return <span class={`badge ${tone}`}>{t(props.locale, `inc.status.${props.status}`)}</span>;
}

/** Beijing date and time of an instant, e.g. 2026-12-01 09:00. */
export function when(iso: string | null | undefined): string {
  if (!iso) return "—";
  return beijingDateTime(iso);
}

export function day(iso: string | null | undefined): string {
  return iso ? beijingDate(iso) : "—";
}

export function Flash(props: { message?: string | null; tone?: "ok" | "error" }) {
  if (!props.message) return null;
  return (
    <p class={`notice ${props.tone ?? "ok"}`} role="status">
      {props.message}
    </p>
  );
}

export function Section(props: { title: string; id?: string; children?: Child }) {
  return (
    <section class="panel" aria-labelledby={props.id}>
      <h2 id={props.id}>{props.title}</h2>
      {props.children}
    </section>
  );
}
