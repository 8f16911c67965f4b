import type { Context, Hono } from "hono";
import * as z from "zod/mini";
import { PERMISSIONS } from "../../auth/permissions";
import type { AppEnv } from "../../env";
import { AppError, notFound, type FieldError } from "../../http/errors";
import { routes } from "../../http/routes";
import { readForm, readQuery } from "../../http/validation";
import { t, type Locale } from "../../i18n/messages";
import { nowIso } from "../../lib/time";
import { prefixRange } from "../../auth/scope";
import { Checkbox, ChoiceGroup, ErrorSummary, RadioGroup, SelectField, TextArea, TextField } from "../../ui/form";
import { CsrfField, Layout, pageInfo } from "../../ui/layout";
import { answerRequest, correctEntry, entryDelayWorkingDays, enterOnList, exitAfterRectification, loadEntry, recordNewEvent, type RequestRow } from "./credit";
import { EntryHistory } from "./public-organization";
import { today } from "./public";
import { areaMap, type EntryRow, type EventRow } from "./queries";
import { claimInScope, coversArea, createOrganization, decideClaim, inStaffScope, maskedPersonal, pendingClaims, revealPersonal, staffOrganization, updateOrganization, verifyOrganization, type StaffOrg } from "./registry";
import { autoExitOn, clockStart, nameKey, seriousExitFrom, transferOn } from "./rules";
import { ABNORMAL_REASONS, creditCorrectionSchema, creditEntrySchema, creditEventSchema, creditNoteSchema, decisionSchema, organizationSchema, ORG_TYPES, SERIOUS_REASONS, SERVICE_FIELDS } from "./schemas";
import { DateText, FilingBadge, Flash, GradeBadge, ListBadge } from "./views";

// Staff pages: the registry (scoped by area), claims, and the credit lists (district
// administrators). Every write goes through registry.ts / credit.ts with its audit event.

type Areas = Awaited<ReturnType<typeof areaMap>>;

function hasRole(c: Context<AppEnv>, permission: keyof typeof PERMISSIONS): boolean {
  const allowed: readonly string[] = PERMISSIONS[permission];
  return !!c.var.user?.grants.some((g) => allowed.includes(g.role));
}

function areaOptions(c: Context<AppEnv>, areas: Areas, l: Locale) {
  const user = c.var.user!;
  const options = [...areas.entries()].filter(([code]) => coversArea(user, code)).map(([code, a]) => ({ value: code, label: `${a.level === "community" ? "　" : ""}${l === "en" && a.name_en ? a.name_en : a.name_zh} (${code})` }));
  return coversArea(user, null) ? [{ value: "", label: t(l, "disclosure.org.areaNone") }, ...options] : options;
}

function ManageNav(props: { c: Context<AppEnv> }) {
  const page = pageInfo(props.c);
  const l = page.locale;
  return (
    <p class="crumbs">
      <a href={`${page.base}/manage/organizations`}>{t(l, "disclosure.manage.title")}</a> · <a href={`${page.base}/manage/claims`}>{t(l, "disclosure.manage.claims")}</a>
      {hasRole(props.c, "credit.manage") ? (
        <>
          {" "}
          · <a href={`${page.base}/manage/credit`}>{t(l, "disclosure.manage.credit")}</a>
        </>
      ) : null}
      {hasRole(props.c, "evaluation.manage") ? (
        <>
          {" "}
          · <a href={`${page.base}/manage/evaluations`}>{t(l, "disclosure.manage.evaluations")}</a>
        </>
      ) : null}
    </p>
  );
}

// ---------------------------------------------------------------- registry

async function staffList(c: Context<AppEnv>, q: string) {
  let query = c.var.data
    .selectFrom("organizations")
    .select(["id", "name", "uscc", "verification", "kind", "registered_on", "grade", "grade_status", "grade_valid_until", "list_status", "filing_status", "last_report_year", "last_report_filed_on"])
    .where(inStaffScope(c.var.user!));
  if (q) {
    const [low, high] = prefixRange(nameKey(q));
    query = query.where("name_key", ">=", low).where("name_key", "<", high);
  }
  return query.orderBy("verification").orderBy("name_key").limit(200).execute();
}

function RegistryPage(props: { c: Context<AppEnv>; rows: Awaited<ReturnType<typeof staffList>>; q: string }) {
  const page = pageInfo(props.c);
  const l = page.locale;
  const settings = props.c.var.district.settings;
  const day = today();
  return (
    <Layout page={page} title={t(l, "disclosure.manage.title")}>
      <ManageNav c={props.c} />
      <h1>{t(l, "disclosure.manage.title")}</h1>
      <p>
        <a class="button" href={`${page.base}/manage/organizations/new`}>
          {t(l, "disclosure.manage.new")}
        </a>
      </p>
      <form method="get" action={`${page.base}/manage/organizations`} class="search inline" role="search">
        <TextField name="q" type="search" label={t(l, "disclosure.manage.filter")} value={props.q} maxLength={50} />
        <button type="submit">{t(l, "disclosure.directory.search")}</button>
      </form>
      {props.rows.length === 0 ? <p>{t(l, "disclosure.manage.none")}</p> : null}
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t(l, "disclosure.org.name")}</th>
              <th scope="col">{t(l, "disclosure.org.verification")}</th>
              <th scope="col">{t(l, "disclosure.org.grade")}</th>
              <th scope="col">{t(l, "disclosure.org.listStatus")}</th>
              <th scope="col">{t(l, "disclosure.org.filing")}</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((o) => (
              <tr>
                <td>
                  <a href={`${page.base}/manage/organizations/${o.id}`}>{o.name}</a>
                  <br />
                  <small>{o.uscc ?? ""}</small>
                </td>
                <td>{t(l, `disclosure.org.verification.${o.verification}`)}</td>
                <td>
                  <GradeBadge l={l} org={o} short />
                </td>
                <td>
                  <ListBadge l={l} status={o.list_status} />
                </td>
                <td>
                  <FilingBadge l={l} org={o} today={day} due={settings.annualReportDue} short />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}

function orgValues(org: StaffOrg, fields: string[]): Record<string, string> {
  const v: Record<string, string> = {
    name: org.name,
    kind: org.kind,
    uscc: org.uscc ?? "",
    orgType: org.org_type,
    registrationAuthority: org.registration_authority,
    registeredOn: org.registered_on ?? "",
    domicile: org.domicile,
    businessScope: org.business_scope,
    legalRepName: org.legal_rep_name,
    areaCode: org.area_code ?? "",
    version: String(org.version),
  };
  for (const f of fields) v[`serviceFields.${f}`] = "1";
  return v;
}

function OrganizationForm(props: { c: Context<AppEnv>; areas: Areas; action: string; values: Record<string, string>; errors?: FieldError[]; hasPersonal?: boolean }) {
  const page = pageInfo(props.c);
  const l = page.locale;
  const v = props.values;
  const e = props.errors;
  return (
    <form class="stack" method="post" action={props.action} novalidate>
      <CsrfField token={page.csrfToken} />
      <input type="hidden" name="version" value={v.version ?? ""} />
      <TextField name="name" label={t(l, "disclosure.org.name")} value={v.name} errors={e} required maxLength={100} />
      {e?.some((x) => x.code === "duplicate_name") ? (
        <div class="choice">
          <input type="checkbox" id="f-confirmDuplicateName" name="confirmDuplicateName" value="1" /> <label for="f-confirmDuplicateName">{t(l, "disclosure.org.confirmDuplicateName")}</label>
        </div>
      ) : null}
      <RadioGroup name="kind" legend={t(l, "disclosure.org.kind")} value={v.kind ?? "registered"} errors={e} options={(["registered", "founding_team"] as const).map((k) => ({ value: k, label: t(l, `disclosure.org.kind.${k}`) }))} />
      <TextField name="uscc" label={t(l, "disclosure.org.uscc")} hint={t(l, "auth.signUp.usccHint")} value={v.uscc} errors={e} maxLength={18} />
      <SelectField name="orgType" label={t(l, "disclosure.org.type")} value={v.orgType} errors={e} options={[{ value: "", label: t(l, "disclosure.orgType.none") }, ...ORG_TYPES.map((o) => ({ value: o.value, label: t(l, o.key) }))]} />
      <TextField name="registrationAuthority" label={t(l, "disclosure.org.authority")} value={v.registrationAuthority} errors={e} maxLength={60} />
      <TextField name="registeredOn" type="date" label={t(l, "disclosure.org.registeredOn")} value={v.registeredOn} errors={e} />
      <TextField name="domicile" label={t(l, "disclosure.org.domicile")} value={v.domicile} errors={e} maxLength={200} />
      <TextArea name="businessScope" label={t(l, "disclosure.org.scope")} value={v.businessScope} errors={e} maxLength={1000} rows={3} />
      <SelectField name="areaCode" label={t(l, "disclosure.org.area")} value={v.areaCode} errors={e} options={areaOptions(props.c, props.areas, l)} />
      <ChoiceGroup
        type="checkbox"
        name="serviceFields"
        legend={t(l, "disclosure.org.serviceFields")}
        options={SERVICE_FIELDS.map((f) => ({ value: f, label: t(l, `disclosure.field.${f}`) }))}
        selected={SERVICE_FIELDS.filter((f) => v[`serviceFields.${f}`])}
      />
      <fieldset class="field">
        <legend>{t(l, "disclosure.org.legalRep")}</legend>
        <TextField name="legalRepName" label={t(l, "disclosure.org.legalRep")} value={v.legalRepName} errors={e} maxLength={40} />
        <TextField name="legalRepIdNumber" label={t(l, "disclosure.org.legalRepId")} hint={t(l, "disclosure.org.legalRepIdHint")} errors={e} maxLength={18} autocomplete="off" />
        <TextField name="legalRepPhone" type="tel" label={t(l, "disclosure.org.legalRepPhone")} hint={t(l, "disclosure.org.legalRepIdHint")} errors={e} maxLength={20} autocomplete="off" />
        {props.hasPersonal ? (
          <div class="choice">
            <Checkbox name="clearPersonal" label={t(l, "disclosure.org.clearPersonal")} />
          </div>
        ) : null}
      </fieldset>
      <button type="submit">{t(l, "disclosure.manage.save")}</button>
    </form>
  );
}

function NewOrganizationPage(props: { c: Context<AppEnv>; areas: Areas; values?: Record<string, string>; errors?: FieldError[] }) {
  const page = pageInfo(props.c);
  const l = page.locale;
  return (
    <Layout page={page} title={t(l, "disclosure.manage.new")}>
      <ManageNav c={props.c} />
      <h1>{t(l, "disclosure.manage.new")}</h1>
      <ErrorSummary locale={l} errors={props.errors ?? []} />
      <OrganizationForm c={props.c} areas={props.areas} action={`${page.base}/manage/organizations`} values={props.values ?? {}} errors={props.errors} />
    </Layout>
  );
}

function EditOrganizationPage(props: {
  c: Context<AppEnv>;
  areas: Areas;
  org: StaffOrg;
  fields: string[];
  personal: { id: string | null; phone: string | null };
  revealed?: boolean;
  entries: EntryRow[];
  values?: Record<string, string>;
  errors?: FieldError[];
  message?: string;
}) {
  const page = pageInfo(props.c);
  const l = page.locale;
  const { org } = props;
  return (
    <Layout page={page} title={t(l, "disclosure.manage.edit", { name: org.name })}>
      <ManageNav c={props.c} />
      <h1>{t(l, "disclosure.manage.edit", { name: org.name })}</h1>
      <Flash l={l} done={props.c.req.query("done")} />
      <p>
        {t(l, `disclosure.org.verification.${org.verification}`)}
        {org.verification === "verified" ? (
          <>
            {" "}
            · <a href={`${page.base}/organizations/${org.id}`}>{t(l, "disclosure.manage.public")}</a>
          </>
        ) : null}
      </p>
      {org.verification === "unverified" ? (
        <form method="post" action={`${page.base}/manage/organizations/${org.id}/verify`}>
          <CsrfField token={page.csrfToken} />
          <button type="submit">{t(l, "disclosure.manage.verify")}</button>
        </form>
      ) : null}
      <section aria-labelledby="personal">
        <h2 id="personal">{t(l, "disclosure.manage.personal")}</h2>
        {props.revealed ? (
          <p class="notice" role="status">
            {t(l, "disclosure.manage.revealed")}
          </p>
        ) : null}
        <dl class="facts">
          <dt>{t(l, "disclosure.org.legalRepId")}</dt>
          <dd>{props.personal.id ?? "–"}</dd>
          <dt>{t(l, "disclosure.org.legalRepPhone")}</dt>
          <dd>{props.personal.phone ?? "–"}</dd>
        </dl>
        {hasRole(props.c, "registry.personal_data") && !props.revealed && (props.personal.id || props.personal.phone) ? (
          <form method="post" action={`${page.base}/manage/organizations/${org.id}/reveal`}>
            <CsrfField token={page.csrfToken} />
            <button type="submit" class="secondary">
              {t(l, "disclosure.manage.reveal")}
            </button>
          </form>
        ) : null}
      </section>
      <h2>{t(l, "disclosure.page.basic")}</h2>
      <ErrorSummary locale={l} errors={props.errors ?? []} message={props.message} />
      <OrganizationForm
        c={props.c}
        areas={props.areas}
        action={`${page.base}/manage/organizations/${org.id}`}
        values={props.values ?? orgValues(org, props.fields)}
        errors={props.errors}
        hasPersonal={!!(org.legal_rep_id_protected || org.legal_rep_phone_protected)}
      />
      {hasRole(props.c, "credit.manage") ? (
        <section aria-labelledby="org-credit">
          <h2 id="org-credit">{t(l, "disclosure.list.history")}</h2>
          <ul>
            {props.entries.map((e) => (
              <li>
                <a href={`${page.base}/manage/credit/${e.id}`}>
                  {t(l, `disclosure.list.${e.list}`)} · <DateText iso={e.decided_on} />
                </a>{" "}
                {e.exited_on ? t(l, "disclosure.list.left") : t(l, "disclosure.list.active")}
              </li>
            ))}
          </ul>
          <p>
            <a class="button secondary" href={`${page.base}/manage/organizations/${org.id}/credit/new`}>
              {t(l, "disclosure.credit.enter")}
            </a>
          </p>
        </section>
      ) : null}
    </Layout>
  );
}

function ClaimsPage(props: { c: Context<AppEnv>; claims: Awaited<ReturnType<typeof pendingClaims>> }) {
  const page = pageInfo(props.c);
  const l = page.locale;
  return (
    <Layout page={page} title={t(l, "disclosure.claim.list")}>
      <ManageNav c={props.c} />
      <h1>{t(l, "disclosure.claim.list")}</h1>
      <Flash l={l} done={props.c.req.query("done")} />
      {props.claims.length === 0 ? <p>{t(l, "disclosure.claim.none")}</p> : null}
      {props.claims.map((cl) => (
        <article class="card">
          <h2 class="h3">
            <a href={`${page.base}/manage/organizations/${cl.organization_id}`}>{cl.name}</a>
          </h2>
          <dl class="facts">
            <dt>{t(l, "disclosure.claim.claimant")}</dt>
            <dd>
              {cl.display_name} · {cl.email}
            </dd>
            <dt>{t(l, "disclosure.claim.position")}</dt>
            <dd>{cl.position}</dd>
            <dt>{t(l, "disclosure.claim.statement")}</dt>
            <dd class="prose">{cl.statement}</dd>
            <dt>{t(l, "disclosure.credit.filedAt")}</dt>
            <dd>
              <DateText iso={cl.filed_at} />
            </dd>
          </dl>
          <form class="stack" method="post" action={`${page.base}/manage/claims/${cl.id}`}>
            <CsrfField token={page.csrfToken} />
            <TextField name="note" label={t(l, "disclosure.claim.note")} maxLength={1000} />
            <button type="submit" name="decision" value="accept">
              {t(l, "disclosure.claim.verify")}
            </button>{" "}
            <button type="submit" name="decision" value="refuse" class="secondary">
              {t(l, "disclosure.claim.reject")}
            </button>
          </form>
        </article>
      ))}
    </Layout>
  );
}

// ---------------------------------------------------------------- credit lists

function CreditAdminPage(props: { c: Context<AppEnv>; active: (EntryRow & { name: string })[]; requests: (RequestRow & { name: string })[] }) {
  const page = pageInfo(props.c);
  const l = page.locale;
  return (
    <Layout page={page} title={t(l, "disclosure.credit.title")}>
      <ManageNav c={props.c} />
      <h1>{t(l, "disclosure.credit.title")}</h1>
      <h2>{t(l, "disclosure.credit.pendingRequests")}</h2>
      {props.requests.length === 0 ? <p>{t(l, "disclosure.credit.noRequests")}</p> : null}
      <ul>
        {props.requests.map((r) => (
          <li>
            <a href={`${page.base}/manage/credit/${r.entry_id}`}>
              {r.name} · {t(l, `disclosure.credit.request.${r.kind}`)}
            </a>{" "}
            · {t(l, "disclosure.credit.answerDue", { date: r.answer_due_on })}
          </li>
        ))}
      </ul>
      <h2>{t(l, "disclosure.credit.activeEntries")}</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t(l, "disclosure.org.name")}</th>
              <th scope="col">{t(l, "disclosure.credit.list")}</th>
              <th scope="col">{t(l, "disclosure.list.decidedOn")}</th>
              <th scope="col">{t(l, "disclosure.credit.clock")}</th>
            </tr>
          </thead>
          <tbody>
            {props.active.map((e) => (
              <tr>
                <td>
                  <a href={`${page.base}/manage/credit/${e.id}`}>{e.name}</a>
                </td>
                <td>{t(l, `disclosure.list.${e.list}`)}</td>
                <td>
                  <DateText iso={e.decided_on} />
                </td>
                <td>
                  <DateText iso={clockStart(e)} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}

function reasonOptions(l: Locale) {
  return [
    ...ABNORMAL_REASONS.map((r) => ({ value: r, label: `${t(l, "disclosure.list.abnormal")} · ${t(l, `disclosure.reason.${r}`)}` })),
    ...SERIOUS_REASONS.filter((r) => r !== "other").map((r) => ({ value: r, label: `${t(l, "disclosure.list.serious")} · ${t(l, `disclosure.reason.${r}`)}` })),
  ];
}

function NewEntryPage(props: { c: Context<AppEnv>; org: StaffOrg; values?: Record<string, string>; errors?: FieldError[] }) {
  const page = pageInfo(props.c);
  const l = page.locale;
  const v = props.values ?? { decidedOn: today(), needsRectification: "1", list: "abnormal", decidingBody: `${props.c.var.district.nameZh}民政局` };
  const e = props.errors;
  return (
    <Layout page={page} title={t(l, "disclosure.credit.enterFor", { name: props.org.name })}>
      <ManageNav c={props.c} />
      <h1>{t(l, "disclosure.credit.enterFor", { name: props.org.name })}</h1>
      <ErrorSummary locale={l} errors={e ?? []} />
      <form class="stack" method="post" action={`${page.base}/manage/organizations/${props.org.id}/credit`} novalidate>
        <CsrfField token={page.csrfToken} />
        <RadioGroup name="list" legend={t(l, "disclosure.credit.list")} value={v.list} errors={e} options={(["abnormal", "serious"] as const).map((x) => ({ value: x, label: t(l, `disclosure.list.${x}`) }))} />
        <SelectField name="reasonCode" label={t(l, "disclosure.credit.reasonCode")} value={v.reasonCode} errors={e} options={reasonOptions(l)} />
        <TextArea name="reason" label={t(l, "disclosure.credit.reason")} value={v.reason} errors={e} required maxLength={1000} rows={3} />
        <TextField name="legalBasis" label={t(l, "disclosure.list.legalBasis")} value={v.legalBasis} errors={e} required maxLength={200} />
        <TextField name="decidingBody" label={t(l, "disclosure.list.decidingBody")} value={v.decidingBody} errors={e} required maxLength={100} />
        <TextField name="eventOn" type="date" label={t(l, "disclosure.credit.eventOn")} value={v.eventOn} errors={e} required />
        <TextField name="decidedOn" type="date" label={t(l, "disclosure.list.decidedOn")} value={v.decidedOn} errors={e} required />
        <RadioGroup
          name="needsRectification"
          legend={t(l, "disclosure.credit.needsRectification")}
          value={v.needsRectification}
          errors={e}
          options={(["1", "0"] as const).map((x) => ({ value: x, label: t(l, `disclosure.credit.needsRectification.${x}`) }))}
        />
        <button type="submit">{t(l, "disclosure.credit.enter")}</button>
      </form>
    </Layout>
  );
}

function EntryPage(props: { c: Context<AppEnv>; entry: EntryRow; org: { id: string; name: string }; events: EventRow[]; requests: RequestRow[]; errors?: FieldError[]; message?: string; form?: string; values?: Record<string, string> }) {
  const page = pageInfo(props.c);
  const l = page.locale;
  const { entry } = props;
  const settings = props.c.var.district.settings;
  const day = today();
  const active = !entry.exited_on;
  const auto = autoExitOn(entry, settings);
  const transfer = transferOn(entry, settings);
  const exitFrom = seriousExitFrom(entry, settings);
  const delay = entry.event_on ? entryDelayWorkingDays(entry.event_on, entry.decided_on) : 0;
  const errorsOf = (form: string) => (props.form === form ? props.errors : undefined);
  const v = props.values ?? {};
  return (
    <Layout page={page} title={`${t(l, "disclosure.credit.entry")} · ${props.org.name}`}>
      <ManageNav c={props.c} />
      <h1>
        {t(l, `disclosure.list.${entry.list}`)} · <a href={`${page.base}/manage/organizations/${props.org.id}`}>{props.org.name}</a>
      </h1>
      <Flash l={l} done={props.c.req.query("done")} />
      <ErrorSummary locale={l} errors={props.errors ?? []} message={props.message} />
      {delay > settings.creditEntryWorkingDays ? <p class="notice">{t(l, "disclosure.credit.lateEntry", { days: delay, limit: settings.creditEntryWorkingDays })}</p> : null}
      {active ? (
        <ul class="notice">
          <li>
            {t(l, "disclosure.credit.clock")}：<DateText iso={clockStart(entry)} />
          </li>
          {auto ? <li>{t(l, "disclosure.credit.autoExitOn", { date: auto })}</li> : null}
          {transfer ? <li>{t(l, "disclosure.credit.transferOn", { date: transfer })}</li> : null}
          {exitFrom ? <li>{t(l, "disclosure.credit.exitFrom", { date: exitFrom })}</li> : null}
          {entry.exit_due_on ? <li>{t(l, "disclosure.credit.exitDue", { date: entry.exit_due_on })}</li> : null}
        </ul>
      ) : null}
      <EntryHistory l={l} entries={[entry]} events={props.events} />

      <h2>{t(l, "disclosure.credit.pendingRequests")}</h2>
      {props.requests.length === 0 ? <p>{t(l, "disclosure.credit.noRequests")}</p> : null}
      {props.requests.map((r) => (
        <article class="card">
          <h3>
            {t(l, `disclosure.credit.request.${r.kind}`)} · <DateText iso={r.filed_at} /> · {t(l, `disclosure.credit.requestStatus.${r.status}`)}
          </h3>
          <p class="prose">{r.content}</p>
          {r.status === "pending" && active ? (
            <form class="stack" method="post" action={`${page.base}/manage/credit/requests/${r.id}`}>
              <CsrfField token={page.csrfToken} />
              <p class="hint">{t(l, "disclosure.credit.answerDue", { date: r.answer_due_on })}</p>
              {r.kind === "objection" ? <p class="hint">{t(l, "disclosure.credit.acceptObjectionHint")}</p> : null}
              <TextArea name="note" label={t(l, "disclosure.credit.answer")} required maxLength={1000} rows={3} errors={errorsOf(`request-${r.id}`)} />
              <button type="submit" name="decision" value="accept">
                {t(l, "disclosure.credit.accept")}
              </button>{" "}
              <button type="submit" name="decision" value="refuse" class="secondary">
                {t(l, "disclosure.credit.refuse")}
              </button>
            </form>
          ) : r.answer ? (
            <p>
              {t(l, "disclosure.credit.answer")}：{r.answer}
            </p>
          ) : null}
        </article>
      ))}

      {active ? (
        <>
          <h2>{t(l, "disclosure.credit.newEvent")}</h2>
          <form class="stack" method="post" action={`${page.base}/manage/credit/${entry.id}/events`} novalidate>
            <CsrfField token={page.csrfToken} />
            <p class="hint">{t(l, "disclosure.credit.newEventHint")}</p>
            <TextField name="onDate" type="date" label={t(l, "disclosure.credit.onDate")} value={props.form === "event" ? v.onDate : day} errors={errorsOf("event")} required />
            <TextArea name="note" label={t(l, "disclosure.credit.note")} value={props.form === "event" ? v.note : ""} errors={errorsOf("event")} required maxLength={1000} rows={3} />
            <button type="submit">{t(l, "disclosure.credit.record")}</button>
          </form>
          {entry.list === "abnormal" && entry.rectification_verified_on ? (
            <>
              <h2>{t(l, "disclosure.credit.exitNow")}</h2>
              <form class="stack" method="post" action={`${page.base}/manage/credit/${entry.id}/exit`} novalidate>
                <CsrfField token={page.csrfToken} />
                <TextArea name="note" label={t(l, "disclosure.credit.note")} errors={errorsOf("exit")} required maxLength={1000} rows={2} />
                <button type="submit">{t(l, "disclosure.credit.exitNow")}</button>
              </form>
            </>
          ) : null}
        </>
      ) : null}
      <h2>{t(l, "disclosure.credit.correct")}</h2>
      <form class="stack" method="post" action={`${page.base}/manage/credit/${entry.id}/correct`} novalidate>
        <CsrfField token={page.csrfToken} />
        <input type="hidden" name="version" value={String(entry.version)} />
        <TextArea name="reason" label={t(l, "disclosure.credit.reason")} value={props.form === "correct" ? v.reason : entry.reason} errors={errorsOf("correct")} required maxLength={1000} rows={3} />
        <TextField name="legalBasis" label={t(l, "disclosure.list.legalBasis")} value={props.form === "correct" ? v.legalBasis : entry.legal_basis} errors={errorsOf("correct")} required maxLength={200} />
        <TextField name="decidingBody" label={t(l, "disclosure.list.decidingBody")} value={props.form === "correct" ? v.decidingBody : entry.deciding_body} errors={errorsOf("correct")} required maxLength={100} />
        <TextArea name="note" label={t(l, "disclosure.d.correctionNote")} value={props.form === "correct" ? v.note : ""} errors={errorsOf("correct")} required maxLength={500} rows={2} />
        <button type="submit" class="secondary">
          {t(l, "disclosure.credit.correct")}
        </button>
      </form>
    </Layout>
  );
}

// ---------------------------------------------------------------- routes

export function registerManageRoutes(app: Hono<AppEnv>): void {
  const r = routes(app, "district");

  r.get("/manage/organizations", "registry.manage", async (c) => {
    const { q } = readQuery(c, z.object({ q: z._default(z.string().check(z.trim(), z.maxLength(50)), "") }));
    return c.html(<RegistryPage c={c} rows={await staffList(c, q)} q={q} />);
  });

  r.get("/manage/organizations/new", "registry.manage", async (c) => c.html(<NewOrganizationPage c={c} areas={await areaMap(c.var.data)} />));

  r.post("/manage/organizations", "registry.manage", async (c) => {
    const areas = await areaMap(c.var.data);
    const form = await readForm(c, organizationSchema);
    if (!form.ok) return c.html(<NewOrganizationPage c={c} areas={areas} values={form.values} errors={form.errors} />, 422);
    try {
      const id = await createOrganization(c, form.data, new Set(areas.keys()));
      return c.redirect(`${c.var.base}/manage/organizations/${id}?done=disclosure.manage.created`, 303);
    } catch (error) {
      if (error instanceof AppError && error.status === 422) return c.html(<NewOrganizationPage c={c} areas={areas} values={form.values} errors={error.fieldErrors} />, 422);
      throw error;
    }
  });

  const editPage = async (c: Context<AppEnv>, extra: { revealed?: { id: string | null; phone: string | null }; values?: Record<string, string>; errors?: FieldError[]; message?: string; status?: number } = {}) => {
    const { org, fields } = await staffOrganization(c.var.data, c.var.user!, c.req.param("orgId") ?? "");
    const [areas, entries] = await Promise.all([areaMap(c.var.data), c.var.data.selectFrom("credit_list_entries").selectAll().where("organization_id", "=", org.id).orderBy("decided_on", "desc").execute()]);
    const personal = extra.revealed ?? (await maskedPersonal(org, c.env.PERSONAL_DATA_KEY));
    c.header("cache-control", "no-store");
    return c.html(
      <EditOrganizationPage c={c} areas={areas} org={org} fields={fields} personal={personal} revealed={!!extra.revealed} entries={entries as EntryRow[]} values={extra.values} errors={extra.errors} message={extra.message} />,
      (extra.status ?? 200) as 200,
    );
  };

  r.get("/manage/organizations/:orgId", "registry.manage", (c) => editPage(c));

  r.post("/manage/organizations/:orgId", "registry.manage", async (c) => {
    const { org } = await staffOrganization(c.var.data, c.var.user!, c.req.param("orgId") ?? "");
    const form = await readForm(c, organizationSchema);
    if (!form.ok) return editPage(c, { values: form.values, errors: form.errors, status: 422 });
    try {
      await updateOrganization(c, org, form.data, new Set((await areaMap(c.var.data)).keys()));
    } catch (error) {
      if (error instanceof AppError && error.status === 422) return editPage(c, { values: form.values, errors: error.fieldErrors, status: 422 });
      if (error instanceof AppError && error.status === 409) return editPage(c, { message: t(c.var.locale, error.messageKey), status: 409 });
      throw error;
    }
    return c.redirect(`${c.var.base}/manage/organizations/${org.id}?done=disclosure.manage.saved`, 303);
  });

  r.post("/manage/organizations/:orgId/verify", "registry.manage", async (c) => {
    const { org } = await staffOrganization(c.var.data, c.var.user!, c.req.param("orgId") ?? "");
    if (org.verification === "unverified") await verifyOrganization(c, org);
    return c.redirect(`${c.var.base}/manage/organizations/${org.id}?done=disclosure.manage.saved`, 303);
  });

  r.post("/manage/organizations/:orgId/reveal", "registry.personal_data", async (c) => {
    const { org } = await staffOrganization(c.var.data, c.var.user!, c.req.param("orgId") ?? "");
    return editPage(c, { revealed: await revealPersonal(c, org) });
  });

  r.get("/manage/claims", "registry.manage", async (c) => c.html(<ClaimsPage c={c} claims={await pendingClaims(c.var.data, c.var.user!)} />));

  r.post("/manage/claims/:claimId", "registry.manage", async (c) => {
    const claim = await claimInScope(c, c.req.param("claimId") ?? "");
    const form = await readForm(c, decisionSchema);
    if (!form.ok) return c.html(<ClaimsPage c={c} claims={await pendingClaims(c.var.data, c.var.user!)} />, 422);
    await decideClaim(c, claim, form.data.decision === "accept", form.data.note);
    return c.redirect(`${c.var.base}/manage/claims?done=${form.data.decision === "accept" ? "disclosure.claim.verified" : "disclosure.claim.rejected"}`, 303);
  });

  // ----- credit lists (district administrators)

  r.get("/manage/credit", "credit.manage", async (c) => {
    const data = c.var.data;
    const [active, requests] = await data.read<Record<string, unknown>>([
      data
        .selectFrom("credit_list_entries")
        .innerJoin("organizations", (j) => j.onRef("organizations.district_id", "=", "credit_list_entries.district_id").onRef("organizations.id", "=", "credit_list_entries.organization_id"))
        .selectAll("credit_list_entries")
        .select("organizations.name")
        .where("credit_list_entries.exited_on", "is", null)
        .orderBy("credit_list_entries.decided_on", "desc")
        .limit(500),
      data
        .selectFrom("credit_requests")
        .innerJoin("organizations", (j) => j.onRef("organizations.district_id", "=", "credit_requests.district_id").onRef("organizations.id", "=", "credit_requests.organization_id"))
        .selectAll("credit_requests")
        .select("organizations.name")
        .where("credit_requests.status", "=", "pending")
        .orderBy("credit_requests.answer_due_on"),
    ]);
    return c.html(<CreditAdminPage c={c} active={(active ?? []) as unknown as (EntryRow & { name: string })[]} requests={(requests ?? []) as unknown as (RequestRow & { name: string })[]} />);
  });

  r.get("/manage/organizations/:orgId/credit/new", "credit.manage", async (c) => {
    const { org } = await staffOrganization(c.var.data, c.var.user!, c.req.param("orgId") ?? "");
    return c.html(<NewEntryPage c={c} org={org} />);
  });

  r.post("/manage/organizations/:orgId/credit", "credit.manage", async (c) => {
    const { org } = await staffOrganization(c.var.data, c.var.user!, c.req.param("orgId") ?? "");
    const form = await readForm(c, creditEntrySchema);
    if (!form.ok) return c.html(<NewEntryPage c={c} org={org} values={form.values} errors={form.errors} />, 422);
    if (form.data.decidedOn > today()) {
      return c.html(<NewEntryPage c={c} org={org} values={form.values} errors={[{ field: "decidedOn", code: "date_future", message: t(c.var.locale, "field.date_future") }]} />, 422);
    }
    const id = await enterOnList(c.var.data, org.id, { ...form.data, needsRectification: form.data.needsRectification === "1" }, { id: c.var.user!.id, role: "district_admin" }, nowIso());
    return c.redirect(`${c.var.base}/manage/credit/${id}?done=disclosure.credit.entered`, 303);
  });

  const entryContext = async (c: Context<AppEnv>, entryId: string) => {
    const data = c.var.data;
    const entry = await loadEntry(data, entryId);
    if (!entry) throw notFound();
    const [orgs, events, requests] = await data.read<Record<string, unknown>>([
      data.selectFrom("organizations").select(["id", "name"]).where("id", "=", entry.organization_id),
      data.selectFrom("credit_list_events").select(["id", "entry_id", "kind", "on_date", "note", "detail_json", "public", "at"]).where("entry_id", "=", entry.id).orderBy("at"),
      data.selectFrom("credit_requests").selectAll().where("entry_id", "=", entry.id).orderBy("filed_at", "desc"),
    ]);
    return { entry, org: orgs![0] as { id: string; name: string }, events: (events ?? []) as unknown as EventRow[], requests: (requests ?? []) as unknown as RequestRow[] };
  };

  const entryPage = async (c: Context<AppEnv>, entryId: string, extra: { errors?: FieldError[]; message?: string; form?: string; values?: Record<string, string>; status?: number } = {}) => {
    const x = await entryContext(c, entryId);
    return c.html(<EntryPage c={c} {...x} {...extra} />, (extra.status ?? 200) as 200);
  };

  const actor = (c: Context<AppEnv>) => ({ id: c.var.user!.id, role: "district_admin" });
  const onConflict = async (c: Context<AppEnv>, entryId: string, error: unknown) => {
    if (error instanceof AppError && error.status === 409) return entryPage(c, entryId, { message: t(c.var.locale, error.messageKey, error.params), status: 409 });
    throw error;
  };

  r.get("/manage/credit/:entryId", "credit.manage", (c) => entryPage(c, c.req.param("entryId") ?? ""));

  r.post("/manage/credit/:entryId/events", "credit.manage", async (c) => {
    const { entry } = await entryContext(c, c.req.param("entryId") ?? "");
    const form = await readForm(c, creditEventSchema);
    if (!form.ok) return entryPage(c, entry.id, { errors: form.errors, form: "event", values: form.values, status: 422 });
    if (entry.exited_on) return entryPage(c, entry.id, { message: t(c.var.locale, "disclosure.credit.notActive"), status: 409 });
    try {
      await recordNewEvent(c.var.data, entry, form.data.onDate, form.data.note, actor(c), nowIso());
    } catch (error) {
      return onConflict(c, entry.id, error);
    }
    return c.redirect(`${c.var.base}/manage/credit/${entry.id}?done=disclosure.credit.recorded`, 303);
  });

  r.post("/manage/credit/:entryId/correct", "credit.manage", async (c) => {
    const { entry } = await entryContext(c, c.req.param("entryId") ?? "");
    const form = await readForm(c, creditCorrectionSchema);
    if (!form.ok) return entryPage(c, entry.id, { errors: form.errors, form: "correct", values: form.values, status: 422 });
    try {
      await correctEntry(c.var.data, entry, Number(form.data.version), form.data, form.data.note, actor(c), nowIso());
    } catch (error) {
      return onConflict(c, entry.id, error);
    }
    return c.redirect(`${c.var.base}/manage/credit/${entry.id}?done=disclosure.credit.corrected`, 303);
  });

  r.post("/manage/credit/:entryId/exit", "credit.manage", async (c) => {
    const { entry } = await entryContext(c, c.req.param("entryId") ?? "");
    const form = await readForm(c, creditNoteSchema);
    if (!form.ok) return entryPage(c, entry.id, { errors: form.errors, form: "exit", values: form.values, status: 422 });
    try {
      await exitAfterRectification(c.var.data, entry, form.data.note, actor(c), nowIso());
    } catch (error) {
      return onConflict(c, entry.id, error);
    }
    return c.redirect(`${c.var.base}/manage/credit/${entry.id}?done=disclosure.credit.exited`, 303);
  });

  r.post("/manage/credit/requests/:requestId", "credit.manage", async (c) => {
    const data = c.var.data;
    const request = (await data
      .selectFrom("credit_requests")
      .selectAll()
      .where("id", "=", c.req.param("requestId") ?? "")
      .executeTakeFirst()) as RequestRow | undefined;
    if (!request) throw notFound();
    const { entry } = await entryContext(c, request.entry_id);
    const form = await readForm(c, decisionSchema);
    if (!form.ok || form.data.note.length < 2) {
      const errors = form.ok ? [{ field: "note", code: "required", message: t(c.var.locale, "field.required") }] : form.errors;
      return entryPage(c, entry.id, { errors, form: `request-${request.id}`, status: 422 });
    }
    try {
      await answerRequest(data, request, entry, form.data.decision === "accept", form.data.note, actor(c), nowIso(), c.var.district.settings);
    } catch (error) {
      return onConflict(c, entry.id, error);
    }
    return c.redirect(`${c.var.base}/manage/credit/${entry.id}?done=disclosure.credit.answered`, 303);
  });
}
