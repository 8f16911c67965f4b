import { nowIso } from "../../lib/time";
import { ReceiptNotice, receiptOf } from "../../receipts";
import { APPLICATION_RECEIPT } from "./receipt-kind";
import { me } from "./request";
import type { Context, Hono } from "hono";
import type { AppEnv } from "../../env";
import { validationFailed } from "../../http/errors";
import { attempt } from "../../ui/form-state";
import { routes } from "../../http/routes";
import { toFieldErrors } from "../../http/validation";
import { t } from "../../i18n/messages";
import { checkedValues } from "../../ui/form";
import { pageInfo } from "../../ui/layout";
import * as z from "zod/mini";
import { applicationHistory, attachmentsOf, findCall, findOwnApplication, memberOrganizations } from "./queries";
import { organizationOf, organizationsOwn } from "./listings";
import { draftSchema } from "./schemas";
import * as service from "./service";
import { MAX_ATTACHMENT_BYTES } from "../../http/attachments";
import { allowUpload } from "../../http/uploads";
import { flash } from "./pages-public";
import { ApplicationPage, MyApplicationsPage, type Problems } from "./applicant-views";

// The applicant's pages: apply, the draft with auto-save, attachments, submit, status
// and history, withdrawal.

export function registerIncubationApplicantPages(app: Hono<AppEnv>): void {
  const r = routes(app, "district");
  allowUpload("/incubation/applications/:id/attachments", MAX_ATTACHMENT_BYTES + 64 * 1024);
  allowUpload("/incubation/applications/:id/attachments/:attachmentId/replace", MAX_ATTACHMENT_BYTES + 64 * 1024);
  allowUpload("/incubation/applications/:id/attachments/:attachmentId/delete", MAX_ATTACHMENT_BYTES + 64 * 1024);

  r.post("/incubation/calls/:id/apply", "incubation.apply", async (c) => {
    const id = await service.startApplication(c.var.data, me(c), c.req.param("id") ?? "", nowIso());
    return c.redirect(`${c.var.base}/incubation/applications/${id}`, 303);
  });

  r.get("/incubation/my", "incubation.apply", async (c) => {
    const own = await organizationsOwn(c.var.data, memberOrganizations(c.var.user));
    return c.html(<MyApplicationsPage page={pageInfo(c)} own={own} />);
  });

  const applicationPage = async (c: Context<AppEnv>, problems?: Problems, status?: 409 | 422) => {
    const data = c.var.data;
    const app = await findOwnApplication(c.var.data, me(c), c.req.param("id") ?? "");
    const call = await findCall(data, app.call_id);
    const [history, attachments, submittedFiles] = await Promise.all([applicationHistory(data, app.id), attachmentsOf(data, app.id), service.submittedAttachmentIds(data, app.id)]);
    const [org, receipt] = await Promise.all([organizationOf(data, app.organization_id), receiptOf(data, APPLICATION_RECEIPT, app.id)]);
    const notice = receipt ? <ReceiptNotice page={pageInfo(c)} receipt={receipt} /> : null;
    return c.html(<ApplicationPage page={pageInfo(c)} app={app} call={call} org={org} history={history} attachments={attachments} submittedFiles={submittedFiles} flash={flash(c)} problems={problems} receiptNotice={notice} />, status);
  };

  r.get("/incubation/applications/:id", "incubation.apply", (c) => applicationPage(c));

  // The draft form sends text; turn it into the draft's shape before validating.
  const draftFormSchema = z.object({
    orgIntro: z._default(z.string(), ""),
    plan: z._default(z.string(), ""),
    teamSize: z._default(z.string(), ""),
    founders: z._default(z.string(), ""),
  });
  // The draft's text fields, as typed; a refusal shows them again.
  const typed = (body: Record<string, unknown>) => {
    const text = z.safeParse(draftFormSchema, { orgIntro: body.orgIntro, plan: body.plan, teamSize: body.teamSize, founders: body.founders });
    if (!text.success) throw validationFailed([]);
    return text.data;
  };
  // Saves what the draft form carries, or says what is wrong with it.
  const saveTyped = async (c: Context<AppEnv>, body: Record<string, string | File | (string | File)[]>): Promise<Problems | null> => {
    const text = typed(body);
    const founders = text.founders
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean)
      .map((line) => {
        const [name, ...role] = line.split(/[，,]/);
        return { name: (name ?? "").trim(), role: role.join("，").trim() };
      });
    const candidate = {
      orgIntro: text.orgIntro,
      plan: text.plan,
      needs: checkedValues(body, "needs"),
      teamSize: text.teamSize ? Number(text.teamSize) : null,
      founders,
      foundersSigned: checkedValues(body, "foundersSigned").includes("yes"),
    };
    const parsed = z.safeParse(draftSchema, candidate);
    if (!parsed.success) return { errors: toFieldErrors(parsed.error, c.var.locale, candidate), values: text };
    await service.saveDraft(c.var.data, me(c), c.req.param("id") ?? "", parsed.data, nowIso());
    return null;
  };
  r.post("/incubation/applications/:id/draft", "incubation.apply", async (c) => {
    const problems = await saveTyped(c, await c.req.parseBody({ all: true }));
    if (problems) return applicationPage(c, problems);
    return c.redirect(`${c.var.base}/incubation/applications/${c.req.param("id")}?done=saved`, 303);
  });

  // Upload, replace and remove are buttons of the draft form, so each keeps what was typed
  // since the last save before it acts on a file, whatever becomes of the file.
  const fileAction = async (c: Context<AppEnv>, act: (body: Record<string, string | File | (string | File)[]>) => Promise<Response>) => {
    const body = await c.req.parseBody({ all: true });
    const materialKey = typeof body.materialKey === "string" ? body.materialKey : "";
    if ("plan" in body) {
      const problems = await saveTyped(c, body);
      if (problems) return applicationPage(c, { ...problems, values: { ...problems.values, materialKey } }, 422);
    }
    if ((c.req.header("accept") ?? "").includes("application/json")) return act(body);
    // A refused file comes back on the application page, beside the file field.
    const done = await attempt(c.var.locale, "attachment", { materialKey }, () => act(body));
    if (!done.ok) return applicationPage(c, { errors: done.state.errors, values: done.state.values, message: done.state.message }, done.status);
    return done.value;
  };
  const upload = (c: Context<AppEnv>, replaces?: string) =>
    fileAction(c, async (body) => {
      const file = body.file;
      if (!(file instanceof File) || file.size === 0) throw validationFailed([{ field: "file", code: "required", message: t(c.var.locale, "inc.file.empty") }]);
      const materialKey = typeof body.materialKey === "string" ? body.materialKey : "";
      const saved = await service.addAttachment(c.var.data, c.env, me(c), c.req.param("id") ?? "", materialKey, { name: file.name, bytes: await file.arrayBuffer() }, nowIso(), replaces);
      if ((c.req.header("accept") ?? "").includes("application/json")) return c.json(saved, 201);
      return c.redirect(`${c.var.base}/incubation/applications/${c.req.param("id")}#attachments`, 303);
    });
  r.post("/incubation/applications/:id/attachments", "incubation.apply", (c) => upload(c));
  r.post("/incubation/applications/:id/attachments/:attachmentId/replace", "incubation.apply", (c) => upload(c, c.req.param("attachmentId") ?? ""));
  r.post("/incubation/applications/:id/attachments/:attachmentId/delete", "incubation.apply", (c) =>
    fileAction(c, async () => {
      await service.removeAttachment(c.var.data, c.env, me(c), c.req.param("id") ?? "", c.req.param("attachmentId") ?? "");
      return c.redirect(`${c.var.base}/incubation/applications/${c.req.param("id")}?done=removed#attachments`, 303);
    }),
  );

  r.post("/incubation/applications/:id/submit", "incubation.apply", async (c) => {
    const body = await c.req.parseBody();
    if (body.confirm !== "yes") throw validationFailed([{ field: "confirm", code: "required", message: t(c.var.locale, "field.required") }]);
    const done = await attempt(c.var.locale, "submit", {}, () => service.submitApplication(c.var.data, me(c), c.req.param("id") ?? "", Number(body.version), nowIso()));
    if (!done.ok) return applicationPage(c, { errors: done.state.errors, message: done.state.message }, done.status);
    return c.redirect(`${c.var.base}/incubation/applications/${c.req.param("id")}`, 303);
  });

  r.post("/incubation/applications/:id/withdraw", "incubation.apply", async (c) => {
    const body = await c.req.parseBody();
    await service.withdrawApplication(c.var.data, me(c), c.req.param("id") ?? "", Number(body.version), nowIso());
    return c.redirect(`${c.var.base}/incubation/applications/${c.req.param("id")}`, 303);
  });
}
