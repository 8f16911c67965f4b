import type { Context, Hono } from "hono";
import type { AppEnv } from "../../env";
import type { FieldError } from "../../http/errors";
import { routes } from "../../http/routes";
import { readForm } from "../../http/validation";
import { t } from "../../i18n/messages";
import { beijingDate } from "../../lib/beijing-time";
import { nowIso } from "../../lib/time";
import { ErrorSummary, RadioGroup, TextArea, TextField } from "../../ui/form";
import { attempt, invalid, type FormState } from "../../ui/form-state";
import { CsrfField, Layout } from "../../ui/layout";
import { actorOf } from "./actor";
import { ManageNav, staffProps, staffView, type StaffViewProps } from "./manage-common";
import { REGISTRATION_STATUSES, registrationLabel, registrationOf, registrationSchema, setRegistrationStatus } from "./registration";
import { DateText, Flash } from "./views";

// The registration authority's page for an organization's registration status.

type OrgRow = { id: string; name: string; registration_status: string; registration_status_on: string | null; registration_status_reason: string };

function Page(props: StaffViewProps & { org: OrgRow; values?: Record<string, string>; errors?: FieldError[]; message?: string }) {
  const { page, org } = props;
  const l = page.locale;
  const v = props.values ?? { status: org.registration_status, on: beijingDate(nowIso()), reason: "" };
  return (
    <Layout page={page} title={`${org.name} · ${t(l, "disclosure.registration.title")}`}>
      <ManageNav {...staffProps(props)} />
      <p class="crumbs">
        <a href={`${page.base}/manage/organizations/${org.id}`}>{org.name}</a>
      </p>
      <h1>{t(l, "disclosure.registration.title")}</h1>
      <Flash l={l} done={props.flash} />
      <p>
        {registrationLabel(l, org.registration_status)}
        {org.registration_status_on ? (
          <>
            {" · "}
            <DateText iso={org.registration_status_on} />
          </>
        ) : null}
        {org.registration_status_reason ? ` · ${org.registration_status_reason}` : ""}
      </p>
      <p class="hint">{t(l, "disclosure.registration.hint")}</p>
      <ErrorSummary locale={l} errors={props.errors ?? []} message={props.message} />
      <form class="stack" method="post" action={`${page.base}/manage/organizations/${org.id}/registration`} novalidate>
        <CsrfField token={page.csrfToken} />
        <RadioGroup name="status" legend={t(l, "disclosure.registration.status")} value={v.status} errors={props.errors} options={REGISTRATION_STATUSES.map((s) => ({ value: s, label: registrationLabel(l, s) }))} />
        <TextField name="on" type="date" label={t(l, "disclosure.registration.on")} value={v.on} errors={props.errors} required />
        <TextArea name="reason" label={t(l, "disclosure.registration.reason")} value={v.reason} errors={props.errors} maxLength={500} rows={3} />
        <button type="submit">{t(l, "disclosure.registration.submit")}</button>
      </form>
    </Layout>
  );
}

export function registerRegistrationStatusRoutes(app: Hono<AppEnv>): void {
  const r = routes(app, "district");
  const show = async (c: Context<AppEnv>, refused?: { state: FormState; status: 409 | 422 }) => {
    const org = await registrationOf(c.var.data, c.req.param("orgId") ?? "");
    const state = refused?.state;
    return c.html(<Page {...staffView(c)} org={org} values={state?.values} errors={state?.errors} message={state?.message} />, refused?.status ?? 200);
  };
  r.get("/manage/organizations/:orgId/registration", "registry.manage", (c) => show(c));
  r.post("/manage/organizations/:orgId/registration", "registry.manage", async (c) => {
    const form = await readForm(c, registrationSchema);
    if (!form.ok) return show(c, invalid("registration", form.values, form.errors));
    const orgId = c.req.param("orgId") ?? "";
    const done = await attempt(c.var.locale, "registration", form.values, () => setRegistrationStatus(c.var.data, actorOf(c.var.user!, c.var.locale), { ...form.data, orgId }, nowIso()));
    if (!done.ok) return show(c, done);
    return c.redirect(`${c.var.base}/manage/organizations/${orgId}/registration?done=disclosure.registration.done`, 303);
  });
}
