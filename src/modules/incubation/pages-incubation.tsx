import { nowIso } from "../../lib/time";
import { me } from "./request";
import type { Context, Hono } from "hono";
import { grantCovers } from "../../auth/scope";
import type { AppEnv } from "../../env";
import { notFound } from "../../http/errors";
import { routes } from "../../http/routes";
import { pageInfo } from "../../ui/layout";
import { dashboard } from "./dashboard";
import { attempt, parseForm, str, textValues, type Form, type FormState } from "./form-state";
import { DashboardPage, IncubationRecordPage } from "./incubation-views";
import * as incubations from "./incubations";
import { back } from "./pages-staff";
import { districtReviewers, incubationRecord, managesPark, memberOrganizations } from "./queries";
import { exitPanelSchema, exitSchema, milestoneSchema, registrationDecisionSchema, serviceRecordSchema } from "./schemas";
import { assessExit, openExitReview, openPanel } from "./exit-review";
import { decideRegistration } from "./period";
import { checkedValues } from "../../ui/form";

// The incubation record of an admitted organization (space, services, milestones,
// renewals, exit) and the figures per park and district.

async function recordPage(c: Context<AppEnv>, incubationId: string, state?: FormState, status: 200 | 409 | 422 = 200) {
  const record = await incubationRecord(c.var.data, incubationId);
  const { inc, park } = record;
  const own = memberOrganizations(c.var.user).includes(inc.organization_id);
  const manages = managesPark(c.var.user, park);
  const views = (c.var.user?.grants ?? []).some((g) => g.role === "community_staff" && grantCovers(g, park.area_code));
  if (!own && !manages && !views) throw notFound();
  const [panel, reviewers] = await Promise.all([openPanel(c.var.data, inc.id), manages ? districtReviewers(c.var.data) : []]);
  return c.html(
    <IncubationRecordPage page={pageInfo(c)} record={record} manages={manages} renewals={c.var.district.settings.incubationRenewals} minPanel={c.var.district.settings.exitPanelMinimum} panel={panel} reviewers={reviewers} state={state} />,
    status,
  );
}

export function registerIncubationRecordPages(app: Hono<AppEnv>): void {
  const r = routes(app, "district");

  r.get("/incubation/incubations/:id", "signed_in", (c) => recordPage(c, c.req.param("id") ?? ""));

  r.post("/incubation/incubations/:id/exit", "incubation.manage", async (c) => {
    const body = (await c.req.parseBody()) as Form;
    const id = c.req.param("id") ?? "";
    const done = await attempt(c.var.locale, "exit", textValues(body), () =>
      assessExit(c.var.data, me(c), id, parseForm(c.var.locale, exitSchema, { outcome: str(body, "outcome"), reasons: str(body, "reasons"), version: Number(str(body, "version")) }), nowIso()),
    );
    if (!done.ok) return recordPage(c, id, done.state, done.status);
    return back(c, `/incubation/incubations/${id}#exit`);
  });

  r.post("/incubation/incubations/:id/exit-panel", "incubation.manage", async (c) => {
    const body = (await c.req.parseBody({ all: true })) as Form;
    const id = c.req.param("id") ?? "";
    const reviewerIds = checkedValues(body, "reviewerIds");
    const done = await attempt(c.var.locale, "panel", { ...textValues(body), reviewerIds: reviewerIds.join("\n") }, () =>
      openExitReview(c.var.data, me(c), id, parseForm(c.var.locale, exitPanelSchema, { reviewerIds, version: Number(str(body, "version")) }), nowIso()),
    );
    if (!done.ok) return recordPage(c, id, done.state, done.status);
    return back(c, `/incubation/incubations/${id}#exit`);
  });

  r.post("/incubation/incubations/:id/registration", "incubation.manage", async (c) => {
    const body = (await c.req.parseBody()) as Form;
    const id = c.req.param("id") ?? "";
    const done = await attempt(c.var.locale, "registration", textValues(body), () =>
      decideRegistration(
        c.var.data,
        me(c),
        id,
        parseForm(c.var.locale, registrationDecisionSchema, { decision: str(body, "decision"), dueOn: str(body, "dueOn") || undefined, reasons: str(body, "reasons"), version: Number(str(body, "version")) }),
        nowIso(),
      ),
    );
    if (!done.ok) return recordPage(c, id, done.state, done.status);
    return back(c, `/incubation/incubations/${id}`);
  });

  r.post("/incubation/incubations/:id/services", "incubation.manage", async (c) => {
    const body = (await c.req.parseBody()) as Form;
    const id = c.req.param("id") ?? "";
    const done = await attempt(c.var.locale, "service", textValues(body), () =>
      incubations.recordService(c.var.data, me(c), id, parseForm(c.var.locale, serviceRecordSchema, { service: str(body, "service"), onDate: str(body, "onDate"), description: str(body, "description"), provider: str(body, "provider") })),
    );
    if (!done.ok) return recordPage(c, id, done.state, done.status);
    return back(c, `/incubation/incubations/${id}#services`);
  });

  r.post("/incubation/incubations/:id/milestones", "incubation.manage", async (c) => {
    const body = (await c.req.parseBody()) as Form;
    const id = c.req.param("id") ?? "";
    const done = await attempt(c.var.locale, "milestone", textValues(body), () =>
      incubations.recordMilestone(c.var.data, me(c), id, parseForm(c.var.locale, milestoneSchema, { milestone: str(body, "milestone"), onDate: str(body, "onDate"), note: str(body, "note") })),
    );
    if (!done.ok) return recordPage(c, id, done.state, done.status);
    return back(c, `/incubation/incubations/${id}#milestones`);
  });

  r.post("/incubation/incubations/:id/space", "incubation.manage", async (c) => {
    const body = (await c.req.parseBody()) as Form;
    const id = c.req.param("id") ?? "";
    const done = await attempt(c.var.locale, "space", textValues(body), () => incubations.allocateSpace(c.var.data, me(c), id, str(body, "spaceId") || null, Number(str(body, "version"))));
    if (!done.ok) return recordPage(c, id, done.state, done.status);
    return back(c, `/incubation/incubations/${id}`);
  });

  r.get("/incubation/dashboard", "incubation.view", async (c) => {
    const parkId = c.req.query("park") || undefined;
    const figures = await dashboard(c.var.data, me(c), parkId);
    return c.html(<DashboardPage page={pageInfo(c)} figures={figures} parkId={parkId} />);
  });
}
