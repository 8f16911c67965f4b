import { nowIso } from "../../lib/time";
import { me } from "./request";
import type { Context, Hono } from "hono";
import type { AppEnv } from "../../env";
import { notFound } from "../../http/errors";
import { routes } from "../../http/routes";
import { aggregate, loadRubric, moveTo } from "../../review";
import { pageInfo } from "../../ui/layout";
import { ApplicationStaffPage } from "./application-staff-views";
import { attempt, parseForm, str, textValues, type Form, type FormState } from "./form-state";
import { back } from "./pages-staff";
import { applicationForStaff, assignmentSubject, findManagedApplication, visibleAttachment } from "./queries";
import { decisionSchema, eligibilitySchema } from "./schemas";
import * as service from "./service";
import { readFile } from "../../operations/files";
import { deliveryLabels } from "../../notifications/log";

// Staff pages of one application: its details, eligibility, reviewers and their
// declarations, the decision; and attachments for whoever may see them.

async function applicationPage(c: Context<AppEnv>, applicationId: string, state?: FormState, status: 200 | 409 | 422 = 200) {
  const { app, call } = await findManagedApplication(c.var.data, me(c), applicationId);
  const data = c.var.data;
  const rubric = (await loadRubric(data, call.rubric_id))!;
  const [detail, aggregates, sent] = await Promise.all([applicationForStaff(data, app), aggregate(data, rubric, [app.id]), deliveryLabels(data, c.var.locale, "application", [app.id])]);
  return c.html(<ApplicationStaffPage page={pageInfo(c)} app={app} call={call} aggregate={aggregates.get(app.id)!} detail={detail} state={state} delivery={sent.get(app.id)} />, status);
}

export function registerIncubationApplicationStaffPages(app: Hono<AppEnv>): void {
  const r = routes(app, "district");

  r.get("/incubation/manage/applications/:id", "incubation.manage", (c) => applicationPage(c, c.req.param("id") ?? ""));

  r.post("/incubation/manage/applications/:id/eligibility", "incubation.manage", async (c) => {
    const body = (await c.req.parseBody()) as Form;
    const id = c.req.param("id") ?? "";
    const done = await attempt(c.var.locale, "eligibility", textValues(body), () =>
      service.checkEligibility(c.var.data, me(c), id, parseForm(c.var.locale, eligibilitySchema, { outcome: str(body, "outcome"), reasons: str(body, "reasons"), version: Number(str(body, "version")) }), nowIso()),
    );
    if (!done.ok) return applicationPage(c, id, done.state, done.status);
    return back(c, `/incubation/manage/applications/${id}`);
  });

  r.post("/incubation/manage/applications/:id/decision", "incubation.manage", async (c) => {
    const body = (await c.req.parseBody()) as Form;
    const id = c.req.param("id") ?? "";
    const done = await attempt(c.var.locale, "decision", textValues(body), () =>
      service.decide(c.var.data, me(c), id, parseForm(c.var.locale, decisionSchema, { outcome: str(body, "outcome"), reasons: str(body, "reasons"), version: Number(str(body, "version")) }), nowIso()),
    );
    if (!done.ok) return applicationPage(c, id, done.state, done.status);
    return back(c, `/incubation/manage/applications/${id}`);
  });

  r.post("/incubation/manage/assignments/:id/move", "incubation.manage", async (c) => {
    const body = (await c.req.parseBody()) as Form;
    const assignmentId = c.req.param("id") ?? "";
    const applicationId = await assignmentSubject(c.var.data, assignmentId, service.SUBJECT_KIND);
    const done = await attempt(c.var.locale, "move", textValues(body), () => moveTo(c, assignmentId, str(body, "reviewerId")));
    if (!done.ok) return applicationPage(c, applicationId, done.state, done.status);
    return back(c, `/incubation/manage/applications/${applicationId}#review`);
  });

  r.get("/incubation/attachments/:id", "signed_in", async (c) => {
    // Whoever may not see it is told it does not exist.
    const att = await visibleAttachment(c.var.data, c.var.user!, c.req.param("id") ?? "");
    if (!att) throw notFound();
    const object = await readFile(c.env, att.r2_key);
    if (!object) throw notFound();
    return new Response(object.body, {
      headers: {
        "content-type": att.content_type,
        "content-length": String(att.size),
        "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(att.filename)}`,
        "cache-control": "private, no-store",
        "x-content-type-options": "nosniff",
      },
    });
  });
}
