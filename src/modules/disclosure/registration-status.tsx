import type { Context, Hono } from "hono";
import { sql, type Compilable } from "kysely";
import * as z from "zod/mini";
import type { DistrictData } from "../../data/district-data";
import type { AppEnv } from "../../env";
import { AppError, notFound, validationFailed, type FieldError } from "../../http/errors";
import { isoDate, paragraph } from "../../http/fields";
import { routes } from "../../http/routes";
import { readForm } from "../../http/validation";
import { t, type Locale } from "../../i18n/messages";
import { beijingDate } from "../../lib/beijing-time";
import { nowIso } from "../../lib/time";
import { ErrorSummary, RadioGroup, TextArea, TextField } from "../../ui/form";
import { CsrfField, Layout } from "../../ui/layout";
import { BLOCKING, eventInsert, listStatusUpdate } from "./credit";
import { ManageNav, staffProps, staffView, type StaffViewProps } from "./manage-common";
import { DateText, Flash } from "./views";

// Registration status (登记状态) under 民政部令第60号《社会组织信用信息管理办法》: an
// organization whose registration was revoked (撤销) or whose certificate was revoked
// (吊销) and which is on a credit list leaves it only when its deregistration (注销) is
// complete; the registration authority then removes it (docs/domain.md, "Credit lists").

export const REGISTRATION_STATUSES = ["active", "deregistered", "revoked", "license_revoked"] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

const schema = z.strictObject({ status: z.enum(REGISTRATION_STATUSES), on: isoDate(), reason: z._default(paragraph(0, 500), "") });

/** Records the registration status; 注销 after 撤销 or 吊销 ends the organization's active credit-list entries in the same batch. */
export async function setRegistrationStatus(data: DistrictData, orgId: string, input: z.output<typeof schema>, user: { id: string; role: string }, locale: Locale, now: string): Promise<void> {
  const org = await data.selectFrom("organizations").select(["id", "registration_status", "registered_on"]).where("id", "=", orgId).executeTakeFirst();
  if (!org) throw notFound();
  const errors: FieldError[] = [];
  if (input.on > beijingDate(now)) errors.push({ field: "on", code: "date_future", message: t(locale, "disclosure.registration.future") });
  if (input.status !== "active" && input.reason.trim() === "") errors.push({ field: "reason", code: "required", message: t(locale, "disclosure.registration.reasonRequired") });
  if (errors.length) throw validationFailed(errors);
  const statements: Compilable[] = [
    data.guard(data.selectFrom("organizations").select("id").where("id", "=", orgId).where("registration_status", "=", org.registration_status)),
    data.updateTable("organizations").set({ registration_status: input.status, registration_status_on: input.on, registration_status_reason: input.reason, updated_at: now }).where("id", "=", orgId),
  ];
  let ended = 0;
  if (input.status === "deregistered" && (BLOCKING as readonly string[]).includes(org.registration_status)) {
    const active = await data.selectFrom("credit_list_entries").select(["id", "version"]).where("organization_id", "=", orgId).where("exited_on", "is", null).execute();
    const note = t("zh-CN", "disclosure.registration.exitNote");
    for (const e of active) {
      statements.push(
        data.updateTable("credit_list_entries").set({ exited_on: input.on, exit_note: note, exited_by: user.id, version: sql`version + 1` }).where("id", "=", e.id).where("exited_on", "is", null),
        eventInsert(data, { entryId: e.id, organizationId: orgId, kind: "exited", onDate: input.on, note, detail: { reason: "deregistered" }, actor: user, now }),
      );
    }
    ended = active.length;
    statements.push(listStatusUpdate(data, orgId, now));
  }
  await data.write(
    statements,
    { action: "organization.registration_status", targetType: "organization", targetId: orgId, before: { status: org.registration_status }, after: { status: input.status, on: input.on, reason: input.reason, entriesEnded: ended } },
    { stale: () => new AppError({ status: 409, code: "conflict", message: "error.conflict", extra: { allowed: [] } }) },
  );
}

/** The label a person reads: 存续 / 已注销 / 已撤销登记 / 已吊销登记证书. */
export function registrationLabel(l: Locale, status: string): string {
  return t(l, `disclosure.registration.status.${(REGISTRATION_STATUSES as readonly string[]).includes(status) ? status : "active"}` as "disclosure.registration.status.active");
}

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
  const show = async (c: Context<AppEnv>, extra: { values?: Record<string, string>; errors?: FieldError[]; message?: string; status?: 200 | 409 | 422 } = {}) => {
    const org = await c.var.data
      .selectFrom("organizations")
      .select(["id", "name", "registration_status", "registration_status_on", "registration_status_reason"])
      .where("id", "=", c.req.param("orgId") ?? "")
      .executeTakeFirst();
    if (!org) throw notFound();
    return c.html(<Page {...staffView(c)} org={org} values={extra.values} errors={extra.errors} message={extra.message} />, extra.status ?? 200);
  };
  r.get("/manage/organizations/:orgId/registration", "registry.manage", (c) => show(c));
  r.post("/manage/organizations/:orgId/registration", "registry.manage", async (c) => {
    const form = await readForm(c, schema);
    if (!form.ok) return show(c, { values: form.values, errors: form.errors, status: 422 });
    const orgId = c.req.param("orgId") ?? "";
    try {
      await setRegistrationStatus(c.var.data, orgId, form.data, { id: c.var.user!.id, role: "district_admin" }, c.var.locale, nowIso());
    } catch (error) {
      if (error instanceof AppError && error.status === 422) return show(c, { values: form.values, errors: error.fieldErrors, status: 422 });
      if (error instanceof AppError && error.status === 409) return show(c, { values: form.values, message: t(c.var.locale, error.messageKey), status: 409 });
      throw error;
    }
    return c.redirect(`${c.var.base}/manage/organizations/${orgId}/registration?done=disclosure.registration.done`, 303);
  });
}
