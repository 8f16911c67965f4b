import type { Context } from "hono";
import type { Child } from "hono/jsx";
import type { AppEnv } from "../../env";
import type { FieldError } from "../../http/errors";
import { t, type Locale, type MessageKey } from "../../i18n/messages";
import { DEFAULT_SETTINGS, MODULES, SETTING_EXPLANATIONS, settingsSchema, type DistrictSettings } from "../../tenants/settings";
import type { District } from "../../tenancy/registry";
import { ChoiceGroup, ErrorSummary, FileField, SelectField, TextField, type Option } from "../../ui/form";
import { CsrfField, districtDisplayName, Layout, pageInfo } from "../../ui/layout";
import type { AreaNode } from "../district/queries";
import { DistrictContact } from "../district/routes";
import type { StaffMember } from "../staff/queries";
import { COMMUNITY_KINDS, MAX_ROWS, SUBDISTRICT_KINDS, type LineError } from "./areas-csv";
import { STEPS, type Step } from "./config";
import { INVITATION_DAYS, invitationState } from "./invitations";
import { INVITABLE_ROLES, type InvitationsTable } from "./tables";
import { beijingDateTime } from "../../lib/beijing-time";

// Pages of the onboarding wizard and of district administration. While the district is
// onboarding, every admin page shows the wizard's progress and its button saves and
// moves on; once live, the same pages are plain administration screens.

const GRADES = ["5A", "4A", "3A", "2A", "1A"] as const;

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
export function AdminPage(props: { c: Context<AppEnv>; district: District; step?: Step; title: string; children?: Child; status?: string; errors?: FieldError[]; message?: string }) {
  const page = pageInfo(props.c);
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

function SubmitRow(props: { locale: Locale; district: District; label?: MessageKey }) {
  return <button type="submit">{t(props.locale, props.label ?? (props.district.status === "onboarding" ? "onboarding.saveContinue" : "onboarding.save"))}</button>;
}

// ---------------------------------------------------------------------------------

export function HubPage(props: { c: Context<AppEnv>; district: District; status?: string; message?: string }) {
  const page = pageInfo(props.c);
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
  const links: [string, MessageKey][] = [...STEPS.map((s) => [stepHref(page.base, s), `onboarding.step.${s}`] as [string, MessageKey]), [`${page.base}/audit`, "nav.audit"], [`${page.base}/admin/export`, "onboarding.admin.export"]];
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

export function ProfilePage(props: { c: Context<AppEnv>; district: District; values?: Record<string, string>; errors?: FieldError[]; status?: string; message?: string }) {
  const page = pageInfo(props.c);
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
    <AdminPage c={props.c} district={d} step="profile" title={t(l, "onboarding.step.profile")} status={props.status} errors={e} message={props.message}>
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
        <TextField name="logoText" label={t(l, "onboarding.profile.logoText")} hint={t(l, "onboarding.profile.logoTextHint")} value={v.logoText} errors={e} maxLength={20} />
        <SubmitRow locale={l} district={d} />
      </form>
    </AdminPage>
  );
}

// ---------------------------------------------------------------------------------

const kindOptions = (kinds: readonly string[]): Option[] => kinds.map((k) => ({ value: k, label: k }));

export interface AreasPageProps {
  c: Context<AppEnv>;
  district: District;
  tree: AreaNode[];
  status?: string;
  message?: string;
  /** Which form the errors belong to, so that only that form shows them. */
  form?: "subdistrict" | "community" | "import";
  values?: Record<string, string>;
  errors?: FieldError[];
  lineErrors?: LineError[];
}

export function lineErrorText(l: Locale, e: LineError): string {
  const message = t(l, e.key, e.params);
  return e.line === null ? message : t(l, "onboarding.csv.line", { line: e.line, message });
}

export function AreasPage(props: AreasPageProps) {
  const page = pageInfo(props.c);
  const l = page.locale;
  const d = props.district;
  const communities = props.tree.reduce((n, s) => n + s.communities.length, 0);
  const errorsFor = (form: AreasPageProps["form"]) => (props.form === form ? props.errors : undefined);
  const valuesFor = (form: AreasPageProps["form"]) => (props.form === form ? (props.values ?? {}) : {});
  const name = (a: { name: string; nameEn: string }) => (l === "en" && a.nameEn ? a.nameEn : a.name);
  const subValues = valuesFor("subdistrict");
  const comValues = valuesFor("community");
  return (
    <AdminPage c={props.c} district={d} step="areas" title={t(l, "onboarding.step.areas")} status={props.status} message={props.form ? undefined : props.message}>
      <p class="lead">{t(l, "onboarding.areas.intro")}</p>

      <section aria-labelledby="import-title">
        <h2 id="import-title">{t(l, "onboarding.areas.import")}</h2>
        {props.form === "import" && (props.lineErrors?.length || props.message) ? (
          <div class="notice error" role="alert">
            <strong>{props.lineErrors?.length ? t(l, "onboarding.areas.importFailed", { count: props.lineErrors.length }) : props.message}</strong>
            {props.lineErrors?.length ? (
              <ul class="line-errors">
                {props.lineErrors.map((e) => (
                  <li>{lineErrorText(l, e)}</li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
        <p>{t(l, "onboarding.areas.importIntro")}</p>
        <p>{t(l, "onboarding.areas.importEncoding", { max: MAX_ROWS })}</p>
        <details>
          <summary>{t(l, "onboarding.areas.example")}</summary>
          <pre>{`代码,名称,类型,英文名称\n${d.code}001,示例街道,街道,Shili Subdistrict\n${d.code}001001,示例社区,社区,\n${d.code}001002,示例村,村,`}</pre>
        </details>
        <form class="stack" method="post" action={`${page.base}/admin/areas/import`} enctype="multipart/form-data">
          <CsrfField token={page.csrfToken} />
          <FileField name="file" label={t(l, "onboarding.areas.file")} accept=".csv,.txt,text/csv" errors={errorsFor("import")} required />
          <button type="submit">{t(l, "onboarding.areas.importSubmit")}</button>
        </form>
      </section>

      <section aria-labelledby="add-sub">
        <h2 id="add-sub">{t(l, "onboarding.areas.addSubdistrict")}</h2>
        <ErrorSummary locale={l} errors={errorsFor("subdistrict") ?? []} />
        <form class="stack" method="post" action={`${page.base}/admin/areas/subdistricts`} novalidate>
          <CsrfField token={page.csrfToken} />
          <TextField
            name="code"
            label={t(l, "onboarding.areas.code")}
            hint={t(l, "onboarding.areas.subdistrictCodeHint", { district: d.code })}
            value={subValues.code}
            errors={errorsFor("subdistrict")}
            required
            maxLength={9}
            inputMode="numeric"
          />
          <TextField name="name" label={t(l, "onboarding.areas.name")} value={subValues.name} errors={errorsFor("subdistrict")} required maxLength={60} />
          <SelectField name="kind" label={t(l, "onboarding.areas.kind")} options={kindOptions(SUBDISTRICT_KINDS)} value={subValues.kind} errors={errorsFor("subdistrict")} />
          <TextField name="nameEn" label={t(l, "onboarding.areas.nameEn")} value={subValues.nameEn} errors={errorsFor("subdistrict")} maxLength={120} />
          <button type="submit" class="secondary">
            {t(l, "onboarding.areas.add")}
          </button>
        </form>
      </section>

      <section aria-labelledby="add-com">
        <h2 id="add-com">{t(l, "onboarding.areas.addCommunity")}</h2>
        {props.tree.length === 0 ? (
          <p>{t(l, "onboarding.areas.noSubdistricts")}</p>
        ) : (
          <>
            <ErrorSummary locale={l} errors={errorsFor("community") ?? []} />
            <form class="stack" method="post" action={`${page.base}/admin/areas/communities`} novalidate>
              <CsrfField token={page.csrfToken} />
              <SelectField name="parent" label={t(l, "onboarding.areas.parent")} options={props.tree.map((s) => ({ value: s.code, label: `${name(s)}（${s.code}）` }))} value={comValues.parent} errors={errorsFor("community")} />
              <TextField name="code" label={t(l, "onboarding.areas.code")} hint={t(l, "onboarding.areas.communityCodeHint")} value={comValues.code} errors={errorsFor("community")} required maxLength={12} inputMode="numeric" />
              <TextField name="name" label={t(l, "onboarding.areas.name")} value={comValues.name} errors={errorsFor("community")} required maxLength={60} />
              <SelectField name="kind" label={t(l, "onboarding.areas.kind")} options={kindOptions(COMMUNITY_KINDS)} value={comValues.kind} errors={errorsFor("community")} />
              <TextField name="nameEn" label={t(l, "onboarding.areas.nameEn")} value={comValues.nameEn} errors={errorsFor("community")} maxLength={120} />
              <button type="submit" class="secondary">
                {t(l, "onboarding.areas.add")}
              </button>
            </form>
          </>
        )}
      </section>

      <section aria-labelledby="current">
        <h2 id="current">{t(l, "onboarding.areas.current")}</h2>
        <p>{t(l, "onboarding.areas.count", { subdistricts: props.tree.length, communities })}</p>
        {props.tree.length ? (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t(l, "onboarding.areas.code")}</th>
                  <th scope="col">{t(l, "onboarding.areas.name")}</th>
                  <th scope="col">{t(l, "onboarding.areas.kind")}</th>
                  <th scope="col">{t(l, "areas.communities")}</th>
                  <th scope="col">{t(l, "onboarding.areas.actions")}</th>
                </tr>
              </thead>
              <tbody>
                {props.tree.map((s) => (
                  <tr>
                    <th scope="row">{s.code}</th>
                    <td>{name(s)}</td>
                    <td>{s.kind}</td>
                    <td>{s.communities.length}</td>
                    <td>
                      <a href={`${page.base}/admin/areas/${s.code}`} aria-label={`${t(l, "onboarding.areas.edit")} ${name(s)}`}>
                        {t(l, "onboarding.areas.edit")}
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>

      {d.status === "onboarding" ? (
        <form method="post" action={`${page.base}/admin/areas/done`}>
          <CsrfField token={page.csrfToken} />
          <input type="hidden" name="version" value={String(d.version)} />
          <button type="submit">{t(l, "onboarding.stepDone")}</button>
        </form>
      ) : null}
    </AdminPage>
  );
}

export function AreaEditPage(props: {
  c: Context<AppEnv>;
  district: District;
  area: { code: string; level: string; name: string; nameEn: string; kind: string };
  communities?: AreaNode["communities"];
  values?: Record<string, string>;
  errors?: FieldError[];
  message?: string;
}) {
  const page = pageInfo(props.c);
  const l = page.locale;
  const a = props.area;
  const v = props.values ?? { name: a.name, nameEn: a.nameEn, kind: a.kind };
  const kinds = a.level === "community" ? COMMUNITY_KINDS : SUBDISTRICT_KINDS;
  return (
    <AdminPage c={props.c} district={props.district} step="areas" title={t(l, "onboarding.areas.editTitle", { name: a.name })} errors={props.errors} message={props.message}>
      <form class="stack" method="post" action={`${page.base}/admin/areas/${a.code}`} novalidate>
        <CsrfField token={page.csrfToken} />
        <dl class="summary">
          <dt>{t(l, "onboarding.areas.code")}</dt>
          <dd>{a.code}</dd>
        </dl>
        <TextField name="name" label={t(l, "onboarding.areas.name")} value={v.name} errors={props.errors} required maxLength={60} />
        <SelectField name="kind" label={t(l, "onboarding.areas.kind")} options={kindOptions(kinds)} value={v.kind} errors={props.errors} />
        <TextField name="nameEn" label={t(l, "onboarding.areas.nameEn")} value={v.nameEn} errors={props.errors} maxLength={120} />
        <button type="submit">{t(l, "onboarding.save")}</button>
      </form>
      <form method="post" action={`${page.base}/admin/areas/${a.code}/delete`}>
        <CsrfField token={page.csrfToken} />
        <button type="submit" class="secondary">
          {t(l, "onboarding.areas.delete")}
        </button>
      </form>
      {props.communities?.length ? (
        <section aria-labelledby="communities">
          <h2 id="communities">{t(l, "areas.communities")}</h2>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t(l, "onboarding.areas.code")}</th>
                  <th scope="col">{t(l, "onboarding.areas.name")}</th>
                  <th scope="col">{t(l, "onboarding.areas.kind")}</th>
                  <th scope="col">{t(l, "onboarding.areas.actions")}</th>
                </tr>
              </thead>
              <tbody>
                {props.communities.map((cm) => (
                  <tr>
                    <th scope="row">{cm.code}</th>
                    <td>{l === "en" && cm.nameEn ? cm.nameEn : cm.name}</td>
                    <td>{cm.kind}</td>
                    <td>
                      <a href={`${page.base}/admin/areas/${cm.code}`} aria-label={`${t(l, "onboarding.areas.edit")} ${cm.name}`}>
                        {t(l, "onboarding.areas.edit")}
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
      <p>
        <a href={`${page.base}/admin/areas`}>{t(l, "onboarding.step.areas")}</a>
      </p>
    </AdminPage>
  );
}

// ---------------------------------------------------------------------------------

export function scopeLabel(l: Locale, tree: AreaNode[], scope: string): string {
  if (scope === "") return t(l, "onboarding.staff.scopeDistrict");
  for (const s of tree) {
    if (s.code === scope) return `${s.name}（${s.code}）`;
    const c = s.communities.find((x) => x.code === scope);
    if (c) return `${s.name} ${c.name}（${c.code}）`;
  }
  return scope;
}

export interface IssuedLink {
  email: string;
  link: string;
  expiresAt: string;
}

export function IssuedLinkNotice(props: { locale: Locale; issued: IssuedLink }) {
  const l = props.locale;
  return (
    <div class="notice ok" role="status">
      <p>{t(l, "onboarding.staff.linkFor", { email: props.issued.email, expires: beijingDateTime(props.issued.expiresAt) })}</p>
      <div class="field">
        <label for="invitation-link">{t(l, "onboarding.staff.link")}</label>
        <input id="invitation-link" type="text" readonly value={props.issued.link} class="link-output" />
      </div>
    </div>
  );
}

export type InvitationRow = Pick<InvitationsTable, "id" | "email" | "role" | "scope_area" | "status" | "expires_at" | "created_at">;

export function StaffAdminPage(props: {
  c: Context<AppEnv>;
  district: District;
  tree: AreaNode[];
  invitations: InvitationRow[];
  people: StaffMember[];
  issued?: IssuedLink;
  status?: string;
  message?: string;
  values?: Record<string, string>;
  errors?: FieldError[];
}) {
  const page = pageInfo(props.c);
  const l = page.locale;
  const d = props.district;
  const v = props.values ?? {};
  const me = props.c.var.user?.id;
  const scopeGroups = props.tree.map((s) => ({
    label: s.name,
    options: [{ value: s.code, label: `${s.name}（${s.code}）` }, ...s.communities.map((c) => ({ value: c.code, label: `　${c.name}（${c.code}）` }))],
  }));
  return (
    <AdminPage c={props.c} district={d} step="staff" title={t(l, "onboarding.step.staff")} status={props.status} errors={props.errors} message={props.message}>
      <p class="lead">{t(l, "onboarding.staff.intro", { days: INVITATION_DAYS })}</p>
      {props.issued ? <IssuedLinkNotice locale={l} issued={props.issued} /> : null}
      <section aria-labelledby="invite-title">
        <h2 id="invite-title">{t(l, "onboarding.staff.invite")}</h2>
        <form class="stack" method="post" action={`${page.base}/admin/staff/invitations`} novalidate>
          <CsrfField token={page.csrfToken} />
          <TextField name="email" type="email" label={t(l, "onboarding.staff.email")} value={v.email} errors={props.errors} required maxLength={254} />
          <SelectField name="role" label={t(l, "onboarding.staff.role")} options={INVITABLE_ROLES.map((r) => ({ value: r, label: t(l, `role.${r}`) }))} value={v.role ?? "subdistrict_staff"} errors={props.errors} />
          <SelectField
            name="scope"
            label={t(l, "onboarding.staff.scope")}
            hint={t(l, "onboarding.staff.scopeHint")}
            options={[{ value: "", label: t(l, "onboarding.staff.scopeDistrict") }]}
            groups={scopeGroups}
            value={v.scope ?? ""}
            errors={props.errors}
          />
          <button type="submit">{t(l, "onboarding.staff.inviteSubmit")}</button>
        </form>
      </section>

      <section aria-labelledby="invitations-title">
        <h2 id="invitations-title">{t(l, "onboarding.staff.invitations")}</h2>
        {props.invitations.length === 0 ? (
          <p>{t(l, "onboarding.staff.noInvitations")}</p>
        ) : (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t(l, "staff.email")}</th>
                  <th scope="col">{t(l, "onboarding.staff.role")}</th>
                  <th scope="col">{t(l, "onboarding.staff.scope")}</th>
                  <th scope="col">{t(l, "staff.status")}</th>
                  <th scope="col">{t(l, "onboarding.staff.expires")}</th>
                  <th scope="col">{t(l, "onboarding.areas.actions")}</th>
                </tr>
              </thead>
              <tbody>
                {props.invitations.map((inv) => {
                  const state = invitationState(inv);
                  return (
                    <tr>
                      <td>{inv.email}</td>
                      <td>{t(l, `role.${inv.role}`)}</td>
                      <td>{scopeLabel(l, props.tree, inv.scope_area)}</td>
                      <td>
                        <span class={`badge ${state === "used" ? "ok" : state === "valid" ? "warn" : "bad"}`}>{t(l, `onboarding.staff.state.${state}`)}</span>
                      </td>
                      <td>{beijingDateTime(inv.expires_at)}</td>
                      <td class="actions">
                        {inv.status === "pending" ? (
                          <>
                            <form method="post" action={`${page.base}/admin/staff/invitations/${inv.id}/resend`}>
                              <CsrfField token={page.csrfToken} />
                              <button type="submit" class="secondary" aria-label={`${t(l, "onboarding.staff.resend")} ${inv.email}`}>
                                {t(l, "onboarding.staff.resend")}
                              </button>
                            </form>
                            <form method="post" action={`${page.base}/admin/staff/invitations/${inv.id}/revoke`}>
                              <CsrfField token={page.csrfToken} />
                              <button type="submit" class="secondary" aria-label={`${t(l, "onboarding.staff.revoke")} ${inv.email}`}>
                                {t(l, "onboarding.staff.revoke")}
                              </button>
                            </form>
                          </>
                        ) : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="people-title">
        <h2 id="people-title">{t(l, "onboarding.staff.people")}</h2>
        {props.people.length === 0 ? (
          <p>{t(l, "onboarding.staff.noPeople")}</p>
        ) : (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t(l, "staff.name")}</th>
                  <th scope="col">{t(l, "staff.email")}</th>
                  <th scope="col">{t(l, "staff.roles")}</th>
                  <th scope="col">{t(l, "staff.status")}</th>
                  <th scope="col">{t(l, "onboarding.areas.actions")}</th>
                </tr>
              </thead>
              <tbody>
                {props.people.map((m) => (
                  <tr>
                    <td>{m.displayName}</td>
                    <td>{m.email}</td>
                    <td>{m.grants.map((g) => `${t(l, `role.${g.role}`)}（${scopeLabel(l, props.tree, g.scopeArea)}）`).join("；")}</td>
                    <td>
                      <span class={`badge ${m.status === "active" ? "ok" : "bad"}`}>{t(l, `staff.status.${m.status}`)}</span>
                    </td>
                    <td>
                      {m.id === me ? null : (
                        <form method="post" action={`${page.base}/admin/staff/users/${m.id}/${m.status === "active" ? "deactivate" : "reactivate"}`}>
                          <CsrfField token={page.csrfToken} />
                          <button type="submit" class="secondary" aria-label={`${t(l, m.status === "active" ? "onboarding.staff.deactivate" : "onboarding.staff.reactivate")} ${m.displayName}`}>
                            {t(l, m.status === "active" ? "onboarding.staff.deactivate" : "onboarding.staff.reactivate")}
                          </button>
                        </form>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {d.status === "onboarding" ? (
        <form method="post" action={`${page.base}/admin/staff/done`}>
          <CsrfField token={page.csrfToken} />
          <input type="hidden" name="version" value={String(d.version)} />
          <button type="submit">{t(l, "onboarding.staff.doneStep")}</button>
        </form>
      ) : null}
    </AdminPage>
  );
}

// ---------------------------------------------------------------------------------

type SettingKey = keyof DistrictSettings;

/** The inclusive range a numeric setting accepts, read from the schema's own checks. */
export function settingRange(key: SettingKey): { min: number; max: number } | null {
  const field = (settingsSchema as unknown as { _zod: { def: { shape: Record<string, { _zod: { def: { innerType?: { _zod: { def: { checks?: { _zod: { def: { check: string; value: number } } }[] } } } } } }> } } })._zod.def.shape[key];
  const checks = field?._zod.def.innerType?._zod.def.checks ?? [];
  const min = checks.find((c) => c._zod.def.check === "greater_than")?._zod.def.value;
  const max = checks.find((c) => c._zod.def.check === "less_than")?._zod.def.value;
  return min === undefined || max === undefined ? null : { min, max };
}

/** The form's flat values for a settings object: gradeBands become gradeBands.scale and gradeBands.minimums.5A… */
export function settingsValues(s: DistrictSettings): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(s)) {
    if (key === "gradeBands") continue;
    values[key] = String(value);
  }
  values["gradeBands.scale"] = String(s.gradeBands.scale);
  for (const g of GRADES) values[`gradeBands.minimums.${g}`] = String(s.gradeBands.minimums[g]);
  return values;
}

export function SettingsPage(props: { c: Context<AppEnv>; district: District; values?: Record<string, string>; errors?: FieldError[]; status?: string; message?: string }) {
  const page = pageInfo(props.c);
  const l = page.locale;
  const d = props.district;
  const v = props.values ?? settingsValues(d.settings);
  const e = props.errors;
  const explain = (key: SettingKey) => SETTING_EXPLANATIONS[key][l === "en" ? 1 : 0];
  const keys = (Object.keys(SETTING_EXPLANATIONS) as SettingKey[]).filter((k) => k !== "gradeBands" && k !== "annualReportDue");
  const bandsError = e?.find((x) => x.field === "gradeBands.minimums");
  const defaults = DEFAULT_SETTINGS.gradeBands;
  return (
    <AdminPage c={props.c} district={d} step="settings" title={t(l, "onboarding.step.settings")} status={props.status} errors={e} message={props.message}>
      <p class="lead">{t(l, "onboarding.settings.intro")}</p>
      <form class="stack" method="post" action={`${page.base}/admin/settings`} novalidate>
        <CsrfField token={page.csrfToken} />
        <input type="hidden" name="version" value={String(d.version)} />
        {keys.map((key) => {
          const range = settingRange(key);
          const hint = [explain(key), t(l, "onboarding.settings.default", { value: String(DEFAULT_SETTINGS[key]) }), range ? t(l, "onboarding.settings.range", range) : ""].filter(Boolean).join(" ");
          return <TextField name={key} type="number" label={t(l, `onboarding.setting.${key}`)} hint={hint} value={v[key]} errors={e} min={range?.min} max={range?.max} required />;
        })}
        <TextField
          name="annualReportDue"
          label={t(l, "onboarding.setting.annualReportDue")}
          hint={`${explain("annualReportDue")} ${t(l, "onboarding.settings.annualReportDueHint")} ${t(l, "onboarding.settings.default", { value: DEFAULT_SETTINGS.annualReportDue })}`}
          value={v.annualReportDue}
          errors={e}
          maxLength={5}
          required
        />
        <fieldset class={bandsError ? "field invalid" : "field"} id="f-gradeBands.minimums" aria-describedby="bands-hint">
          <legend>{t(l, "onboarding.setting.gradeBands")}</legend>
          <span class="hint" id="bands-hint">
            {explain("gradeBands")} {t(l, "onboarding.settings.default", { value: `${defaults.scale}: ${GRADES.map((g) => `${g} ${defaults.minimums[g]}`).join(" / ")}` })}
          </span>
          {bandsError ? <span class="error">{bandsError.message}</span> : null}
          <SelectField
            name="gradeBands.scale"
            label={t(l, "onboarding.settings.gradeScale")}
            options={[
              { value: "100", label: "100" },
              { value: "1000", label: "1000" },
            ]}
            value={v["gradeBands.scale"]}
            errors={e}
          />
          {GRADES.map((g) => (
            <TextField name={`gradeBands.minimums.${g}`} type="number" label={t(l, "onboarding.settings.gradeMin", { grade: g })} value={v[`gradeBands.minimums.${g}`]} errors={e} min={1} max={1000} required />
          ))}
        </fieldset>
        <SubmitRow locale={l} district={d} />
      </form>
    </AdminPage>
  );
}

export function ModulesPage(props: { c: Context<AppEnv>; district: District; selected?: string[]; errors?: FieldError[]; status?: string; message?: string }) {
  const page = pageInfo(props.c);
  const l = page.locale;
  const d = props.district;
  return (
    <AdminPage c={props.c} district={d} step="modules" title={t(l, "onboarding.step.modules")} status={props.status} errors={props.errors} message={props.message}>
      <p class="lead">{t(l, "onboarding.modules.intro")}</p>
      <form class="stack" method="post" action={`${page.base}/admin/modules`} novalidate>
        <CsrfField token={page.csrfToken} />
        <input type="hidden" name="version" value={String(d.version)} />
        <ChoiceGroup
          name="modules"
          type="checkbox"
          legend={t(l, "onboarding.modules.legend")}
          options={MODULES.map((m) => ({ value: m, label: t(l, `module.${m}`), hint: t(l, `onboarding.modules.${m}`) }))}
          selected={props.selected ?? d.modules}
          errors={props.errors}
        />
        <SubmitRow locale={l} district={d} />
      </form>
    </AdminPage>
  );
}

export function ExportPage(props: { c: Context<AppEnv>; district: District; counts: Record<string, number> }) {
  const page = pageInfo(props.c);
  const l = page.locale;
  return (
    <AdminPage c={props.c} district={props.district} title={t(l, "onboarding.admin.export")}>
      <p class="lead">{t(l, "onboarding.export.intro")}</p>
      <p class="notice">{t(l, "onboarding.export.personal")}</p>
      <h2>{t(l, "onboarding.export.tables")}</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t(l, "onboarding.export.table")}</th>
              <th scope="col">{t(l, "onboarding.export.rows")}</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(props.counts).map(([table, rows]) => (
              <tr>
                <th scope="row">{table}</th>
                <td>{rows}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <form method="post" action={`${page.base}/admin/export`}>
        <CsrfField token={page.csrfToken} />
        <button type="submit">{t(l, "onboarding.export.submit")}</button>
      </form>
    </AdminPage>
  );
}

// ---------------------------------------------------------------------------------

export function AcceptPage(props: { c: Context<AppEnv>; token: string; invitation: Pick<InvitationsTable, "email" | "role" | "scope_area">; scope: string; values?: Record<string, string>; errors?: FieldError[]; message?: string }) {
  const page = pageInfo(props.c);
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

export function ComingSoonPage(props: { c: Context<AppEnv>; district: District }) {
  const page = pageInfo(props.c);
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
