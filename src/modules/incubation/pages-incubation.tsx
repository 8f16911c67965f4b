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
import { incubationRecord, managesPark, memberOrganizations } from "./queries";
import { exitSchema, milestoneSchema, serviceRecordSchema } from "./schemas";

// The incubation record of an admitted organization (space, services, milestones,
// renewals, exit) and the figures per park and district.

async function recordPage(c: Context<AppEnv>, incubationId: string, state?: FormState, status: 200 | 409 | 422 = 200) {
  const record = await incubationRecord(c.var.data, incubationId);
  const { inc, park } = record;
  const own = memberOrganizations(c.var.user).includes(inc.organization_id);
  const manages = managesPark(c.var.user, park);
  const views = (c.var.user?.grants ?? []).some((g) => g.role === "community_staff" && grantCovers(g, park.area_code));
  if (!own && !manages && !views) throw notFound();
  return c.html(<IncubationRecordPage page={pageInfo(c)} record={record} manages={manages} renewals={c.var.district.settings.incubationRenewals} state={state} />, status);
}

export function registerIncubationRecordPages(app: Hono<AppEnv>): void {
  const r = routes(app, "district");

  r.get("/incubation/incubations/:id", "signed_in", (c) => recordPage(c, c.req.param("id") ?? ""));

  r.post("/incubation/incubations/:id/exit", "incubation.manage", async (c) => {
    const body = (await c.req.parseBody()) as Form;
    const id = c.req.param("id") ?? "";
    const done = await attempt(c, "exit", textValues(body), () =>
      incubations.assessExit(c, id, parseForm(c, exitSchema, { outcome: str(body, "outcome"), score: Number(str(body, "score") || "NaN"), reasons: str(body, "reasons"), version: Number(str(body, "version")) })),
    );
    if (!done.ok) return recordPage(c, id, done.state, done.status);
    return back(c, `/incubation/incubations/${id}`);
  });

  r.post("/incubation/incubations/:id/services", "incubation.manage", async (c) => {
    const body = (await c.req.parseBody()) as Form;
    const id = c.req.param("id") ?? "";
    const done = await attempt(c, "service", textValues(body), () =>
      incubations.recordService(c, id, parseForm(c, serviceRecordSchema, { service: str(body, "service"), onDate: str(body, "onDate"), description: str(body, "description"), provider: str(body, "provider") })),
    );
    if (!done.ok) return recordPage(c, id, done.state, done.status);
    return back(c, `/incubation/incubations/${id}#services`);
  });

  r.post("/incubation/incubations/:id/milestones", "incubation.manage", async (c) => {
    const body = (await c.req.parseBody()) as Form;
    const id = c.req.param("id") ?? "";
    const done = await attempt(c, "milestone", textValues(body), () => incubations.recordMilestone(c, id, parseForm(c, milestoneSchema, { milestone: str(body, "milestone"), onDate: str(body, "onDate"), note: str(body, "note") })));
    if (!done.ok) return recordPage(c, id, done.state, done.status);
    return back(c, `/incubation/incubations/${id}#milestones`);
  });

  r.post("/incubation/incubations/:id/space", "incubation.manage", async (c) => {
    const body = (await c.req.parseBody()) as Form;
    const id = c.req.param("id") ?? "";
    const done = await attempt(c, "space", textValues(body), () => incubations.allocateSpace(c, id, str(body, "spaceId") || null, Number(str(body, "version"))));
    if (!done.ok) return recordPage(c, id, done.state, done.status);
    return back(c, `/incubation/incubations/${id}`);
  });

  r.get("/incubation/dashboard", "incubation.view", async (c) => {
    const parkId = c.req.query("park") || undefined;
    const figures = await dashboard(c, parkId);
    return c.html(<DashboardPage page={pageInfo(c)} figures={figures} parkId={parkId} />);
  });
}
