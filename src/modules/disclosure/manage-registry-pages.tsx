import type { FieldError } from "../../http/errors";
import { t, type MessageKey } from "../../i18n/messages";
import { beijingDate } from "../../lib/beijing-time";
import { Checkbox, ChoiceGroup, ErrorSummary, RadioGroup, SelectField, TextArea, TextField } from "../../ui/form";
import { CsrfField, Layout } from "../../ui/layout";
import { today } from "./public";
import type { AreaMap, EntryRow } from "./queries";
import type { pendingClaims, StaffOrg } from "./registry";
import { ORG_TYPES, SERVICE_FIELDS } from "./schemas";
import { ASSOCIATION_SUBTYPES } from "./tables";
import { DateText, FilingBadge, Flash, GradeBadge, ListBadge } from "./views";
import { areaOptions, hasRole, ManageNav, staffProps, type StaffViewProps } from "./manage-common";
import type { StaffListRow } from "./registry";

// The registry's staff pages: the list, an organization's form and the claims.

export function RegistryPage(props: StaffViewProps & { rows: StaffListRow[]; q: string }) {
  const page = props.page;
  const l = page.locale;
  const settings = props.district.settings;
  const day = today();
  return (
    <Layout page={page} title={t(l, "disclosure.manage.title")}>
      <ManageNav {...staffProps(props)} />
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
                  <FilingBadge l={l} org={o} today={day} due={settings} short />
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
    associationSubtype: org.association_subtype,
    registrationAuthority: org.registration_authority,
    registrationScope: org.registration_scope,
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

function OrganizationForm(props: StaffViewProps & { areas: AreaMap; action: string; values: Record<string, string>; errors?: FieldError[]; hasPersonal?: boolean }) {
  const page = props.page;
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
      <SelectField name="associationSubtype" label={t(l, "disclosure.subtype.legend")} value={v.associationSubtype ?? "other"} errors={e} options={ASSOCIATION_SUBTYPES.map((s) => ({ value: s, label: t(l, `disclosure.subtype.${s}`) }))} />
      <TextField name="registrationAuthority" label={t(l, "disclosure.org.authority")} value={v.registrationAuthority} errors={e} maxLength={60} />
      <RadioGroup
        name="registrationScope"
        legend={t(l, "disclosure.org.scope.legend")}
        value={v.registrationScope ?? "own"}
        errors={e}
        options={(["own", "other", "filed"] as const).map((s) => ({ value: s, label: t(l, `disclosure.org.scope.${s}`) }))}
      />
      <TextField name="registeredOn" type="date" label={t(l, "disclosure.org.registeredOn")} value={v.registeredOn} errors={e} />
      <TextField name="domicile" label={t(l, "disclosure.org.domicile")} value={v.domicile} errors={e} maxLength={200} />
      <TextArea name="businessScope" label={t(l, "disclosure.org.scope")} value={v.businessScope} errors={e} maxLength={1000} rows={3} />
      <SelectField name="areaCode" label={t(l, "disclosure.org.area")} value={v.areaCode} errors={e} options={areaOptions(props.user, props.areas, l)} />
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

export function NewOrganizationPage(props: StaffViewProps & { areas: AreaMap; values?: Record<string, string>; errors?: FieldError[] }) {
  const page = props.page;
  const l = page.locale;
  return (
    <Layout page={page} title={t(l, "disclosure.manage.new")}>
      <ManageNav {...staffProps(props)} />
      <h1>{t(l, "disclosure.manage.new")}</h1>
      <ErrorSummary locale={l} errors={props.errors ?? []} />
      <OrganizationForm {...staffProps(props)} areas={props.areas} action={`${page.base}/manage/organizations`} values={props.values ?? {}} errors={props.errors} />
    </Layout>
  );
}

export function EditOrganizationPage(
  props: StaffViewProps & {
    areas: AreaMap;
    org: StaffOrg;
    fields: string[];
    personal: { id: string | null; phone: string | null };
    revealed?: boolean;
    entries: EntryRow[];
    /** Proposed entries staff decided against, newest first (credit-candidates.ts). */
    dismissals?: { ground: string; period: string; reason: string; dismissed_at: string }[];
    values?: Record<string, string>;
    errors?: FieldError[];
    message?: string;
  },
) {
  const page = props.page;
  const l = page.locale;
  const { org } = props;
  return (
    <Layout page={page} title={t(l, "disclosure.manage.edit", { name: org.name })}>
      <ManageNav {...staffProps(props)} />
      <h1>{t(l, "disclosure.manage.edit", { name: org.name })}</h1>
      <Flash l={l} done={props.flash} />
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
        {hasRole(props.user, "registry.personal_data") && !props.revealed && (props.personal.id || props.personal.phone) ? (
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
        {...staffProps(props)}
        areas={props.areas}
        action={`${page.base}/manage/organizations/${org.id}`}
        values={props.values ?? orgValues(org, props.fields)}
        errors={props.errors}
        hasPersonal={!!(org.legal_rep_id_protected || org.legal_rep_phone_protected)}
      />
      <p>
        <a href={`${page.base}/manage/organizations/${org.id}/registration`}>{t(l, "disclosure.registration.title")}</a>
      </p>
      {hasRole(props.user, "evaluation.manage") ? (
        <p>
          <a href={`${page.base}/manage/organizations/${org.id}/grade`}>{t(l, "disclosure.adjust.title")}</a>
        </p>
      ) : null}
      {hasRole(props.user, "credit.manage") ? (
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
          {props.dismissals?.length ? (
            <>
              <h3>{t(l, "disclosure.candidate.dismissedList")}</h3>
              <ul>
                {props.dismissals.map((x) => (
                  <li>
                    {t(l, `disclosure.reason.${x.ground}` as MessageKey)} · {x.period} · <DateText iso={beijingDate(x.dismissed_at)} />：{x.reason}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
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

export function ClaimsPage(props: StaffViewProps & { claims: Awaited<ReturnType<typeof pendingClaims>> }) {
  const page = props.page;
  const l = page.locale;
  return (
    <Layout page={page} title={t(l, "disclosure.claim.list")}>
      <ManageNav {...staffProps(props)} />
      <h1>{t(l, "disclosure.claim.list")}</h1>
      <Flash l={l} done={props.flash} />
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
            <dt>{t(l, "disclosure.claim.certificate")}</dt>
            <dd>{cl.r2_key ? <a href={`${page.base}/manage/claims/${cl.id}/certificate`}>{t(l, "disclosure.claim.certificateOpen")}</a> : t(l, "disclosure.claim.certificateNone")}</dd>
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
