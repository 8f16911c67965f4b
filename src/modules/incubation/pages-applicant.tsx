import { nowIso } from "../../lib/time";
import { me } from "./request";
import type { Context, Hono } from "hono";
import type { AppEnv } from "../../env";
import { AppError, type FieldError, validationFailed } from "../../http/errors";
import { routes } from "../../http/routes";
import { toFieldErrors } from "../../http/validation";
import { t } from "../../i18n/messages";
import { Checkbox, checkedValues, ChoiceGroup, ErrorSummary, SelectField, TextArea, TextField } from "../../ui/form";
import { CsrfField, Layout, pageInfo } from "../../ui/layout";
import * as z from "zod/mini";
import { applicationHistory, attachmentsOf, findCall, findOwnApplication, materialsOf, memberOrganizations } from "./queries";
import { organizationOf, organizationsOwn } from "./listings";
import { draftSchema, type ApplicationForm } from "./schemas";
import * as service from "./service";
import { allowedActions } from "./state";
import { PARK_SERVICES } from "./tables";
import { ApplicationText, Flash, Section, StatusBadge, when } from "./views";
import { MAX_ATTACHMENT_BYTES } from "../../http/attachments";
import { allowUpload } from "../../http/uploads";
import { flash } from "./pages-public";

// The applicant's pages: apply, the draft with auto-save, attachments, submit, status
// and history, withdrawal.

export function registerIncubationApplicantPages(app: Hono<AppEnv>): void {
  const r = routes(app, "district");
  allowUpload("/incubation/applications/:id/attachments", MAX_ATTACHMENT_BYTES + 64 * 1024);

  r.post("/incubation/calls/:id/apply", "incubation.apply", async (c) => {
    const id = await service.startApplication(c.var.data, me(c), c.req.param("id") ?? "", nowIso());
    return c.redirect(`${c.var.base}/incubation/applications/${id}`, 303);
  });

  r.get("/incubation/my", "incubation.apply", async (c) => {
    const page = pageInfo(c);
    const l = page.locale;
    const { apps, incubations } = await organizationsOwn(c.var.data, memberOrganizations(c.var.user));
    return c.html(
      <Layout page={page} title={t(l, "inc.app.mine")}>
        <h1>{t(l, "inc.app.mine")}</h1>
        {apps?.length ? null : <p>{t(l, "inc.app.none")}</p>}
        <ul>
          {(apps ?? []).map((a) => (
            <li>
              <a href={`${page.base}/incubation/applications/${a.id}`}>{a.title}</a> <StatusBadge locale={l} status={a.status as "draft"} />
            </li>
          ))}
        </ul>
        {incubations?.length ? (
          <>
            <h2>{t(l, "inc.incubation.title")}</h2>
            <ul>
              {incubations.map((i) => (
                <li>
                  <a href={`${page.base}/incubation/incubations/${i.id}`}>{i.name}</a> · {t(l, `inc.incubation.status.${i.status as "active"}`)} ({i.started_on} ~ {i.planned_end_on})
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <p>
          <a href={`${page.base}/incubation`}>{t(l, "inc.park.openCalls")}</a>
        </p>
      </Layout>,
    );
  });

  const applicationPage = async (c: Context<AppEnv>, problems?: { errors: FieldError[]; values?: Record<string, string>; message?: string }, status?: 409 | 422) => {
    const data = c.var.data;
    const app = await findOwnApplication(c.var.data, me(c), c.req.param("id") ?? "");
    const call = await findCall(data, app.call_id);
    const [history, attachments] = await Promise.all([applicationHistory(data, app.id), attachmentsOf(data, app.id)]);
    const org = await organizationOf(data, app.organization_id);
    const page = pageInfo(c);
    const l = page.locale;
    const form = JSON.parse(app.form_json) as ApplicationForm;
    const editable = app.status === "draft" || app.status === "returned";
    const materials = materialsOf(call);
    const lastReturn = [...history].reverse().find((h) => h.to_status === "returned");
    const v = problems?.values;
    const fileError = problems?.errors.find((e) => e.field === "file");
    return c.html(
      <Layout page={page} title={`${t(l, "inc.app.title")} · ${call.title}`}>
        <h1>
          {t(l, "inc.app.title")} · {call.title}
        </h1>
        <p>
          {org.name} · <StatusBadge locale={l} status={app.status} />
          {app.eligibility_due_on && app.status === "submitted" ? ` · ${t(l, "inc.app.eligibilityDue")}: ${app.eligibility_due_on}` : ""}
        </p>
        <Flash message={flash(c)} />
        {app.status === "returned" && lastReturn ? (
          <div class="notice">
            <strong>{t(l, "inc.app.comments")}</strong>
            <p class="prewrap">{lastReturn.note}</p>
          </div>
        ) : null}
        <ErrorSummary locale={l} errors={problems?.errors ?? []} message={problems?.message} />
        {editable ? (
          <form
            class="stack"
            method="post"
            action={`${page.base}/incubation/applications/${app.id}/draft`}
            id="draft-form"
            data-autosave={`${page.base}/api/v1/incubation/applications/${app.id}/draft`}
            data-csrf={page.csrfToken ?? ""}
            novalidate
          >
            <CsrfField token={page.csrfToken} />
            <p class="hint">{t(l, "inc.app.autosave")}</p>
            <TextArea name="orgIntro" label={t(l, "inc.app.orgIntro")} value={v?.orgIntro ?? form.orgIntro} errors={problems?.errors} maxLength={2000} />
            <TextArea name="plan" label={t(l, "inc.app.plan")} value={v?.plan ?? form.plan} errors={problems?.errors} maxLength={3000} rows={8} />
            <ChoiceGroup type="checkbox" name="needs" legend={t(l, "inc.app.needs")} options={PARK_SERVICES.map((s) => ({ value: s, label: t(l, `inc.service.${s}`) }))} selected={form.needs} errors={problems?.errors} />
            <TextField name="teamSize" label={t(l, "inc.app.teamSize")} value={v?.teamSize ?? (form.teamSize ? String(form.teamSize) : "")} errors={problems?.errors} />
            {org.kind === "founding_team" ? (
              <>
                <TextArea name="founders" label={t(l, "inc.app.founders")} value={v?.founders ?? form.founders.map((f) => `${f.name}，${f.role}`).join("\n")} errors={problems?.errors} rows={4} />
                <ChoiceGroup type="checkbox" name="foundersSigned" legend={t(l, "inc.app.foundersSigned")} options={[{ value: "yes", label: t(l, "inc.app.foundersSigned") }]} selected={form.foundersSigned ? ["yes"] : []} />
              </>
            ) : null}
            <button type="submit" class="secondary">
              {t(l, "inc.app.saveDraft")}
            </button>
          </form>
        ) : (
          <Section title={t(l, "inc.app.title")} id="content">
            <ApplicationText locale={l} form={form} />
          </Section>
        )}
        <Section title={t(l, "inc.app.attachments")} id="attachments">
          <ul>
            {attachments.map((a) => (
              <li>
                {materials.find((m) => m.key === a.material_key)?.label ?? a.material_key}: <a href={`${page.base}/incubation/attachments/${a.id}`}>{a.filename}</a> ({Math.ceil(a.size / 1024)} KB)
              </li>
            ))}
          </ul>
          {editable && materials.length ? (
            <form method="post" action={`${page.base}/incubation/applications/${app.id}/attachments`} enctype="multipart/form-data">
              <CsrfField token={page.csrfToken} />
              <SelectField name="materialKey" label={t(l, "inc.call.materials")} value={v?.materialKey} errors={problems?.errors} options={materials.map((m) => ({ value: m.key, label: `${m.label}${m.required ? " *" : ""}` }))} />
              <div class={fileError ? "field invalid" : "field"}>
                <label for="f-file">{t(l, "inc.app.chooseFile")}</label>
                <span class="hint" id="f-file-hint">
                  {t(l, "inc.app.uploadHint")}
                </span>
                {fileError ? (
                  <span class="error" id="f-file-error">
                    {fileError.message}
                  </span>
                ) : null}
                <input
                  type="file"
                  id="f-file"
                  name="file"
                  accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
                  aria-describedby={fileError ? "f-file-hint f-file-error" : "f-file-hint"}
                  aria-invalid={fileError ? "true" : undefined}
                  data-max={String(MAX_ATTACHMENT_BYTES)}
                />
              </div>
              <button type="submit" class="secondary">
                {t(l, "inc.app.upload")}
              </button>
            </form>
          ) : null}
        </Section>
        <div class="actions">
          {editable ? (
            <form method="post" action={`${page.base}/incubation/applications/${app.id}/submit`}>
              <CsrfField token={page.csrfToken} />
              <input type="hidden" name="version" value={String(app.version)} />
              <div class="choice">
                <Checkbox id="f-confirm" name="confirm" value="yes" required label={t(l, "inc.app.confirm")} />
              </div>
              <button type="submit">{t(l, "inc.app.submit")}</button>
            </form>
          ) : null}
          {allowedActions(app.status).includes("withdraw") ? (
            <form method="post" action={`${page.base}/incubation/applications/${app.id}/withdraw`}>
              <CsrfField token={page.csrfToken} />
              <input type="hidden" name="version" value={String(app.version)} />
              <button type="submit" class="secondary">
                {t(l, "inc.app.withdraw")}
              </button>
            </form>
          ) : null}
        </div>
        <Section title={t(l, "inc.app.history")} id="history">
          <ol>
            {history.map((h) => (
              <li>
                {when(h.at)} · {t(l, `inc.status.${h.to_status as "draft"}`)}
                {h.note ? <span class="prewrap"> — {h.note}</span> : null}
              </li>
            ))}
          </ol>
        </Section>
        {editable ? <script nonce={page.nonce} src="/static/autosave.js" defer></script> : null}
      </Layout>,
      status ?? (problems ? 422 : 200),
    );
  };

  r.get("/incubation/applications/:id", "incubation.apply", (c) => applicationPage(c));

  // The draft form sends text; turn it into the draft's shape before validating.
  const draftFormSchema = z.object({
    orgIntro: z._default(z.string(), ""),
    plan: z._default(z.string(), ""),
    teamSize: z._default(z.string(), ""),
    founders: z._default(z.string(), ""),
  });
  r.post("/incubation/applications/:id/draft", "incubation.apply", async (c) => {
    const body = await c.req.parseBody({ all: true });
    const text = z.safeParse(draftFormSchema, { orgIntro: body.orgIntro, plan: body.plan, teamSize: body.teamSize, founders: body.founders });
    if (!text.success) throw validationFailed([]);
    const needs = checkedValues(body, "needs");
    const founders = text.data.founders
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean)
      .map((line) => {
        const [name, ...role] = line.split(/[，,]/);
        return { name: (name ?? "").trim(), role: role.join("，").trim() };
      });
    const candidate = { orgIntro: text.data.orgIntro, plan: text.data.plan, needs, teamSize: text.data.teamSize ? Number(text.data.teamSize) : null, founders, foundersSigned: checkedValues(body, "foundersSigned").includes("yes") };
    const parsed = z.safeParse(draftSchema, candidate);
    if (!parsed.success) {
      return applicationPage(c, { errors: toFieldErrors(parsed.error, c.var.locale, candidate), values: { orgIntro: text.data.orgIntro, plan: text.data.plan, teamSize: text.data.teamSize, founders: text.data.founders } });
    }
    await service.saveDraft(c.var.data, me(c), c.req.param("id") ?? "", parsed.data, nowIso());
    return c.redirect(`${c.var.base}/incubation/applications/${c.req.param("id")}?done=saved`, 303);
  });

  r.post("/incubation/applications/:id/attachments", "incubation.apply", async (c) => {
    const body = await c.req.parseBody();
    const file = body.file;
    const materialKey = typeof body.materialKey === "string" ? body.materialKey : "";
    const wantsJson = (c.req.header("accept") ?? "").includes("application/json");
    let saved: Awaited<ReturnType<typeof service.addAttachment>>;
    try {
      if (!(file instanceof File)) throw validationFailed([{ field: "file", code: "required", message: t(c.var.locale, "inc.file.empty") }]);
      saved = await service.addAttachment(c.var.data, c.env, me(c), c.req.param("id") ?? "", materialKey, { name: file.name, bytes: await file.arrayBuffer() }, nowIso());
    } catch (error) {
      // A refused file comes back on the application page, beside the file field.
      if (wantsJson || !(error instanceof AppError) || (error.status !== 409 && error.status !== 422)) throw error;
      const message = error.fieldErrors.length ? undefined : t(c.var.locale, error.messageKey, error.params);
      return applicationPage(c, { errors: error.fieldErrors, values: { materialKey }, message }, error.status);
    }
    if (wantsJson) return c.json(saved, 201);
    return c.redirect(`${c.var.base}/incubation/applications/${c.req.param("id")}#attachments`, 303);
  });

  r.post("/incubation/applications/:id/submit", "incubation.apply", async (c) => {
    const body = await c.req.parseBody();
    if (body.confirm !== "yes") throw validationFailed([{ field: "confirm", code: "required", message: t(c.var.locale, "field.required") }]);
    try {
      await service.submitApplication(c.var.data, me(c), c.req.param("id") ?? "", Number(body.version), nowIso());
    } catch (error) {
      if (error instanceof AppError && error.status === 422) return applicationPage(c, { errors: error.fieldErrors });
      throw error;
    }
    return c.redirect(`${c.var.base}/incubation/applications/${c.req.param("id")}`, 303);
  });

  r.post("/incubation/applications/:id/withdraw", "incubation.apply", async (c) => {
    const body = await c.req.parseBody();
    await service.withdrawApplication(c.var.data, me(c), c.req.param("id") ?? "", Number(body.version), nowIso());
    return c.redirect(`${c.var.base}/incubation/applications/${c.req.param("id")}`, 303);
  });
}
