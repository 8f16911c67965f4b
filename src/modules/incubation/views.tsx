import type { Child } from "hono/jsx";
import { t, type Locale } from "../../i18n/messages";
import { beijingDate, beijingDateTime } from "../../lib/beijing-time";
import { ChoiceGroup, ErrorSummary, TextArea } from "../../ui/form";
import { CsrfField, type PageInfo } from "../../ui/layout";
import type { FormState } from "./form-state";
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

/**
 * A staff decision on a versioned record: one choice among outcomes, the reasons, and
 * any fields the decision needs between them; a refused one keeps what was typed.
 */
/** A decision's outcome starts unchosen: a default would let a hurried click decide for the applicant. */
export function DecisionForm(props: { page: PageInfo; action: string; version: number; name: string; legend: string; options: { value: string; label: string }[]; state?: FormState; children?: Child }) {
  const { page, state } = props;
  const l = page.locale;
  return (
    <form class="stack" method="post" action={props.action}>
      <CsrfField token={page.csrfToken} />
      <input type="hidden" name="version" value={String(props.version)} />
      <ErrorSummary locale={l} errors={state?.errors ?? []} message={state?.message} />
      <ChoiceGroup name={props.name} type="radio" legend={props.legend} errors={state?.errors} options={props.options} selected={[state?.values[props.name] ?? ""]} />
      {props.children}
      <TextArea name="reasons" label={t(l, "inc.staff.reasons")} value={state?.values.reasons} errors={state?.errors} rows={3} required />
      <button type="submit">{props.legend}</button>
    </form>
  );
}

type Row = Record<string, string | number | null>;

/** The services an incubated organization received, with who provided them where asked. */
export function ServiceItems(props: { locale: Locale; services: Row[]; provider?: boolean }) {
  const l = props.locale;
  return (
    <ul>
      {props.services.map((s) => (
        <li>
          {s.on_date} · {t(l, `inc.service.${s.service as "venue"}`)} · {s.description}
          {props.provider && s.provider ? ` (${s.provider})` : ""}
        </li>
      ))}
    </ul>
  );
}

export function MilestoneItems(props: { locale: Locale; milestones: Row[] }) {
  const l = props.locale;
  return (
    <ul>
      {props.milestones.map((m) => (
        <li>
          {m.on_date} · {t(l, `inc.milestone.${m.milestone as "other"}`)} {m.note ? `— ${m.note}` : ""}
        </li>
      ))}
    </ul>
  );
}

/** What the organization wrote: its introduction and its plan for the incubation. */
export function ApplicationText(props: { locale: Locale; form: { orgIntro: string; plan: string } }) {
  const l = props.locale;
  return (
    <>
      <h3>{t(l, "inc.app.orgIntro")}</h3>
      <p class="prewrap">{props.form.orgIntro}</p>
      <h3>{t(l, "inc.app.plan")}</h3>
      <p class="prewrap">{props.form.plan}</p>
    </>
  );
}

/**
 * A history entry's note. Publishing a notice records the notice's id there, which a
 * person reads as a link to that notice rather than as the id.
 */
export function HistoryNote(props: { page: PageInfo; note: string }) {
  if (!props.note) return null;
  if (/^[0-9a-z]{9}[0-9a-f]{16}$/.test(props.note)) {
    return (
      <>
        {" — "}
        <a href={`${props.page.base}/notices/${props.note}`}>{t(props.page.locale, "inc.app.seeNotice")}</a>
      </>
    );
  }
  return <span class="prewrap"> — {props.note}</span>;
}
