import type { Child } from "hono/jsx";
import type { FieldError } from "../../http/errors";
import { isMessageKey, t, type Locale, type MessageKey } from "../../i18n/messages";
import type { District } from "../../district-lookup/district-registry";
import { ErrorSummary, TextField } from "../../ui/form";
import { CsrfField, districtDisplayName, Layout, type PageInfo } from "../../ui/layout";
import { DistrictContact } from "../district";
import { STEPS, type Step } from "./config";
import type { InvitationsTable } from "./tables";
import { Table } from "../../ui/table";

// Pages of the onboarding wizard and of district administration. While the district is
// onboarding, every admin page shows the wizard's progress and its button saves and
// moves on; once live, the same pages are plain administration screens. The hierarchy,
// staff and settings pages have their own files.

export const GRADES = ["5A", "4A", "3A", "2A", "1A"] as const;

export function stepHref(base: string, step: Step): string {
  return `${base}/admin/${step}`;
}

export function nextStep(district: District, after?: Step): Step | null {
  const start = after ? STEPS.indexOf(after) + 1 : 0;
  return [...STEPS.slice(start), ...STEPS.slice(0, start)].find((s) => !district.onboardingSteps.includes(s)) ?? null;
}

function Progress(props: { locale: Locale; base: string; district: District; current?: Step }) {
  const l = props.locale;
  const done = props.district.onboardingSteps.filter((s) => (STEPS as readonly string[]).includes(s)).length;
  return (
    <nav class="steps" aria-labelledby="progress-title">
      <h2 id="progress-title">
        {t(l, "onboarding.progress")} <small>{t(l, "onboarding.progress.count", { done, total: STEPS.length })}</small>
      </h2>
      <ol>
        {STEPS.map((s) => {
          const isDone = props.district.onboardingSteps.includes(s);
          const state = isDone ? "done" : s === props.current ? "current" : "todo";
          return (
            <li class={`step ${state}`} aria-current={s === props.current ? "step" : undefined}>
              <a href={stepHref(props.base, s)}>{t(l, `onboarding.step.${s}`)}</a> <span class="state">（{t(l, `onboarding.progress.${state}`)}）</span>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

/** The frame of every admin page: the wizard's progress while onboarding, else a back link. */
export function AdminPage(props: { page: PageInfo; district: District; step?: Step; title: string; children?: Child; status?: string; errors?: FieldError[]; message?: string }) {
  const page = props.page;
  const l = page.locale;
  const onboarding = props.district.status === "onboarding";
  return (
    <Layout page={page} title={props.title}>
      {onboarding ? (
        <p>
          <a href={`${page.base}/admin`}>{t(l, "onboarding.wizard.title")}</a>
        </p>
      ) : (
        <p>
          <a href={`${page.base}/admin`}>{t(l, "onboarding.back")}</a>
        </p>
      )}
      <h1>{props.title}</h1>
      {onboarding ? <Progress locale={l} base={page.base} district={props.district} current={props.step} /> : null}
      {props.status ? (
        <p class="notice ok" role="status">
          {props.status}
        </p>
      ) : null}
      <ErrorSummary locale={l} errors={props.errors ?? []} message={props.message} />
      {props.children}
    </Layout>
  );
}

export function SubmitRow(props: { locale: Locale; district: District; label?: MessageKey }) {
  return <button type="submit">{t(props.locale, props.label ?? (props.district.status === "onboarding" ? "onboarding.saveContinue" : "onboarding.save"))}</button>;
}

/** While onboarding, the button that marks a step done once its lists are filled in. */
export function StepDoneForm(props: { page: PageInfo; district: District; step: Step; label: MessageKey }) {
  if (props.district.status !== "onboarding") return null;
  return (
    <form method="post" action={`${stepHref(props.page.base, props.step)}/done`}>
      <CsrfField token={props.page.csrfToken} />
      <input type="hidden" name="version" value={String(props.district.version)} />
      <button type="submit">{t(props.page.locale, props.label)}</button>
    </form>
  );
}

// ---------------------------------------------------------------------------------

/** `exports`: the data export is offered only to a district-wide holder (export.ts). */
export function HubPage(props: { page: PageInfo; district: District; status?: string; message?: string; exports: boolean }) {
  const page = props.page;
  const l = page.locale;
  const d = props.district;
  if (d.status === "onboarding") {
    const next = nextStep(d);
    const missing = STEPS.filter((s) => !d.onboardingSteps.includes(s));
    return (
      <Layout page={page} title={t(l, "onboarding.wizard.title")}>
        <h1>{t(l, "onboarding.wizard.title")}</h1>
        {props.status ? (
          <p class="notice ok" role="status">
            {props.status}
          </p>
        ) : null}
        <ErrorSummary locale={l} errors={[]} message={props.message} />
        <p class="lead">{t(l, "onboarding.wizard.intro")}</p>
        <Progress locale={l} base={page.base} district={d} />
        {next ? (
          <p>
            <a class="button" href={stepHref(page.base, next)}>
              {t(l, "onboarding.continue", { step: t(l, `onboarding.step.${next}`) })}
            </a>
          </p>
        ) : null}
        <section aria-labelledby="launch">
          <h2 id="launch">{t(l, "onboarding.launch.title")}</h2>
          {missing.length ? (
            <p>{t(l, "onboarding.launch.notReady", { steps: missing.map((s) => t(l, `onboarding.step.${s}`)).join("、") })}</p>
          ) : (
            <form method="post" action={`${page.base}/admin/launch`}>
              <CsrfField token={page.csrfToken} />
              <input type="hidden" name="version" value={String(d.version)} />
              <p>{t(l, "onboarding.launch.ready")}</p>
              <button type="submit">{t(l, "onboarding.launch.submit")}</button>
            </form>
          )}
        </section>
      </Layout>
    );
  }
  const links: [string, MessageKey][] = [
    ...STEPS.map((s) => [stepHref(page.base, s), `onboarding.step.${s}`] as [string, MessageKey]),
    [`${page.base}/audit`, "nav.audit"],
    ...(props.exports ? [[`${page.base}/admin/export`, "onboarding.admin.export"] as [string, MessageKey]] : []),
  ];
  return (
    <Layout page={page} title={t(l, "onboarding.admin.title")}>
      <h1>{t(l, "onboarding.admin.title")}</h1>
      {props.status ? (
        <p class="notice ok" role="status">
          {props.status}
        </p>
      ) : null}
      <p class="lead">{t(l, "onboarding.admin.intro")}</p>
      <ul class="cards">
        {links.map(([href, key]) => (
          <li class="card">
            <a href={href}>{t(l, key)}</a>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

// ---------------------------------------------------------------------------------

/** The district's own short name with 民政, as bureaus sign themselves: 徐汇区 gives 徐汇民政. */
function logoExample(nameZh: string): string {
  const short = nameZh.replace(/^.*?[省市州盟]/, "").replace(/(自治县|自治旗|新区|区|县|旗|市)$/, "");
  return `${short || nameZh}民政`;
}

export function ProfilePage(props: { page: PageInfo; district: District; values?: Record<string, string>; errors?: FieldError[]; status?: string; message?: string }) {
  const page = props.page;
  const l = page.locale;
  const d = props.district;
  const v = props.values ?? {
    nameZh: d.nameZh,
    nameEn: d.nameEn,
    parentNameZh: d.parentNameZh,
    parentNameEn: d.parentNameEn,
    ...d.profile,
  };
  const e = props.errors;
  return (
    <AdminPage page={page} district={d} step="profile" title={t(l, "onboarding.step.profile")} status={props.status} errors={e} message={props.message}>
      <p class="lead">{t(l, "onboarding.profile.intro")}</p>
      <form class="stack" method="post" action={`${page.base}/admin/profile`} novalidate>
        <CsrfField token={page.csrfToken} />
        <input type="hidden" name="version" value={String(d.version)} />
        <TextField name="nameZh" label={t(l, "onboarding.profile.nameZh")} value={v.nameZh} errors={e} required maxLength={60} />
        <TextField name="nameEn" label={t(l, "onboarding.profile.nameEn")} value={v.nameEn} errors={e} required maxLength={120} />
        <TextField name="parentNameZh" label={t(l, "onboarding.profile.parentNameZh")} value={v.parentNameZh} errors={e} maxLength={60} />
        <TextField name="parentNameEn" label={t(l, "onboarding.profile.parentNameEn")} value={v.parentNameEn} errors={e} maxLength={120} />
        <TextField name="address" label={t(l, "onboarding.profile.address")} value={v.address} errors={e} maxLength={120} autocomplete="street-address" />
        <TextField name="phone" label={t(l, "onboarding.profile.phone")} hint={t(l, "onboarding.profile.phoneHint")} value={v.phone} errors={e} maxLength={30} />
        <TextField name="email" type="email" label={t(l, "onboarding.profile.email")} value={v.email} errors={e} maxLength={254} />
        <TextField name="logoText" label={t(l, "onboarding.profile.logoText")} hint={t(l, "onboarding.profile.logoTextHint", { example: logoExample(d.nameZh) })} value={v.logoText} errors={e} maxLength={20} />
        <SubmitRow locale={l} district={d} />
      </form>
    </AdminPage>
  );
}

/** A table as people name it; a table added without a label yet keeps its own name. */
export function tableLabel(l: Locale, table: string): string {
  const key = `onboarding.table.${table}`;
  return isMessageKey(key) ? t(l, key) : table;
}

export function ExportPage(props: { page: PageInfo; district: District; counts: Record<string, number> }) {
  const page = props.page;
  const l = page.locale;
  return (
    <AdminPage page={page} district={props.district} title={t(l, "onboarding.admin.export")}>
      <p class="lead">{t(l, "onboarding.export.intro")}</p>
      <p class="notice">{t(l, "onboarding.export.personal")}</p>
      <h2>{t(l, "onboarding.export.tables")}</h2>
      <Table head={[t(l, "onboarding.export.table"), t(l, "onboarding.export.rows")]}>
        {Object.entries(props.counts).map(([table, rows]) => (
          <tr>
            <th scope="row">{tableLabel(l, table)}</th>
            <td>{rows}</td>
          </tr>
        ))}
      </Table>
      <form method="post" action={`${page.base}/admin/export`}>
        <CsrfField token={page.csrfToken} />
        <button type="submit">{t(l, "onboarding.export.submit")}</button>
      </form>
    </AdminPage>
  );
}

// ---------------------------------------------------------------------------------

export function AcceptPage(props: { page: PageInfo; token: string; invitation: Pick<InvitationsTable, "email" | "role" | "scope_area">; scope: string; values?: Record<string, string>; errors?: FieldError[]; message?: string }) {
  const page = props.page;
  const l = page.locale;
  const inv = props.invitation;
  return (
    <Layout page={page} title={t(l, "onboarding.accept.title")}>
      <h1>{t(l, "onboarding.accept.title")}</h1>
      <p class="lead">{t(l, "onboarding.accept.intro", { role: t(l, `role.${inv.role}`), scope: props.scope, district: page.districtName ?? "" })}</p>
      <ErrorSummary locale={l} errors={props.errors ?? []} message={props.message} />
      <form class="stack" method="post" action={`${page.base}/invite/${props.token}`} novalidate>
        <CsrfField token={page.csrfToken} />
        <dl class="summary">
          <dt>{t(l, "onboarding.accept.email")}</dt>
          <dd>{inv.email}</dd>
        </dl>
        <TextField name="displayName" label={t(l, "auth.displayName")} value={props.values?.displayName} errors={props.errors} autocomplete="name" required maxLength={40} />
        <TextField name="password" type="password" label={t(l, "auth.newPassword")} hint={t(l, "auth.passwordHint")} errors={props.errors} autocomplete="new-password" required maxLength={128} />
        <button type="submit">{t(l, "onboarding.accept.submit")}</button>
      </form>
    </Layout>
  );
}

export function ComingSoonPage(props: { page: PageInfo; district: District }) {
  const page = props.page;
  const l = page.locale;
  const d = props.district;
  const p = d.profile;
  return (
    <Layout page={page} title={t(l, "onboarding.comingSoon.title")}>
      {p.logoText ? <p class="logo-text">{p.logoText}</p> : null}
      <h1>{t(l, "onboarding.comingSoon.heading", { district: districtDisplayName(d, l) })}</h1>
      <p class="lead">{t(l, "onboarding.comingSoon.body")}</p>
      <DistrictContact locale={l} profile={p} />
      <p>
        {t(l, "onboarding.comingSoon.staff")} <a href={`${page.base}/login`}>{t(l, "layout.signIn")}</a>
      </p>
    </Layout>
  );
}
