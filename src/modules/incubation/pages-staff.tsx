import { me } from "./request";
import type { Context, Hono } from "hono";
import type { AppEnv } from "../../env";
import { routes } from "../../http/routes";
import { atBeijing, beijingToday } from "../../lib/beijing-time";
import { normalizeDateText } from "../../lib/date-text";
import { nowIso } from "../../lib/time";
import { handleNoticeObjection, type RubricItemInput } from "../../review";
import { checkedValues } from "../../ui/form";
import { pageInfo } from "../../ui/layout";
import { CallQueuePage } from "./call-queue-view";
import { materialField, materialsFrom } from "./material-rows";
import { attempt, parseForm, requireText, str, textValues, topField, type Form, type FormState } from "./form-state";
import * as parks from "./parks";
import { findManagedPark, managementOverview, objectionCallId, spacesOf } from "./queries";
import { callSchema, parkUpdateSchema, spaceSchema, spaceUpdateSchema } from "./schemas";
import * as service from "./service";
import { ManageOverviewPage, ParkManagePage } from "./staff-views";

// Staff pages: parks, call set-up, queue and ranking, the notice and its objections
// (one application: pages-staff-application.tsx; incubation records and figures:
// pages-incubation.tsx). Every POST maps its form onto the API's schema and the same
// service function; a refused form comes back on its page with what was typed.

export const back = (c: Context<AppEnv>, path: string) => c.redirect(`${c.var.base}${path}`, 303);

type Status = 200 | 409 | 422;

async function overviewPage(c: Context<AppEnv>, state?: FormState, status: Status = 200) {
  const overview = await managementOverview(c.var.data, c.var.user);
  return c.html(<ManageOverviewPage page={pageInfo(c)} overview={overview} now={nowIso()} state={state} />, status);
}

async function parkPage(c: Context<AppEnv>, parkId: string, state?: FormState, status: Status = 200) {
  const park = await findManagedPark(c.var.data, me(c), parkId);
  const spaces = await spacesOf(c.var.data, park.id);
  return c.html(<ParkManagePage page={pageInfo(c)} park={park} spaces={spaces} state={state} />, status);
}

async function callPage(c: Context<AppEnv>, callId: string, state?: FormState, status: Status = 200) {
  const ranked = await service.ranking(c.var.data, me(c), callId, true);
  return c.html(<CallQueuePage page={pageInfo(c)} ranking={ranked} notices={ranked.notices!} now={nowIso()} state={state} />, status);
}

const CALL_FIELDS: Record<string, string> = { opensAt: "opensOn", closesAt: "closesOn" };
const PARK_FIELDS: Record<string, string> = { physical: "modes", virtual: "modes" };
const renamed = (names: Record<string, string>) => (path: string) => names[topField(path)] ?? topField(path);

function callInput(body: Form) {
  const lines = (text: string) =>
    text
      .split(/\r?\n/)
      .map((x) => x.trim())
      .filter(Boolean);
  const rubric: RubricItemInput[] = lines(str(body, "rubric")).map((line) => {
    const [title, weight, max] = line.split("|").map((x) => x.trim());
    return { title: title ?? "", description: "", weight: Number(weight), maxScore: Number(max ?? weight) };
  });
  const materials = materialsFrom(body);
  const today = beijingToday();
  return {
    parkId: str(body, "parkId"),
    title: str(body, "title"),
    opensAt: atBeijing(normalizeDateText(str(body, "opensOn"), today), "00:00:00"),
    closesAt: atBeijing(normalizeDateText(str(body, "closesOn"), today), "23:59:59"),
    places: Number(str(body, "places")),
    eligibilityText: str(body, "eligibilityText"),
    materials,
    rubric,
    reviewerIds: checkedValues(body, "reviewerIds"),
  };
}

export function registerIncubationStaffPages(app: Hono<AppEnv>): void {
  const r = routes(app, "district");

  r.get("/incubation/manage", "incubation.manage", (c) => overviewPage(c));

  r.post("/incubation/manage/calls", "incubation.manage", async (c) => {
    const body = (await c.req.parseBody({ all: true })) as Form;
    const values = { ...textValues(body), reviewerIds: checkedValues(body, "reviewerIds").join("\n") };
    if (body.addMaterial) return overviewPage(c, { form: "call", values, errors: [] });
    const input = callInput(body);
    const fieldOf = (path: string) => materialField(path, input.materials) ?? renamed(CALL_FIELDS)(path);
    const done = await attempt(c.var.locale, "call", values, () => parks.createCall(c.var.data, me(c), parseForm(c.var.locale, callSchema, input), nowIso()), fieldOf);
    if (!done.ok) return overviewPage(c, done.state, done.status);
    return back(c, `/incubation/manage/calls/${done.value}`);
  });

  r.get("/incubation/manage/parks/:id", "incubation.manage", (c) => parkPage(c, c.req.param("id") ?? ""));

  r.post("/incubation/manage/parks/:id", "incubation.manage", async (c) => {
    const park = await findManagedPark(c.var.data, me(c), c.req.param("id") ?? "");
    const body = (await c.req.parseBody({ all: true })) as Form;
    const services = checkedValues(body, "services");
    const modes = checkedValues(body, "modes");
    const values = { ...textValues(body), services: services.join("\n"), modes: modes.join("\n") };
    const done = await attempt(
      c.var.locale,
      "park",
      values,
      () =>
        parks.updatePark(
          c.var.data,
          me(c),
          park.id,
          parseForm(c.var.locale, parkUpdateSchema, {
            name: str(body, "name"),
            operatorName: str(body, "operatorName"),
            address: str(body, "address"),
            description: str(body, "description"),
            services,
            physical: modes.includes("physical"),
            virtual: modes.includes("virtual"),
            version: Number(str(body, "version")),
          }),
          nowIso(),
        ),
      renamed(PARK_FIELDS),
    );
    if (!done.ok) return parkPage(c, park.id, done.state, done.status);
    return back(c, `/incubation/manage/parks/${park.id}#edit`);
  });

  r.post("/incubation/manage/parks/:id/spaces", "incubation.manage", async (c) => {
    const park = await findManagedPark(c.var.data, me(c), c.req.param("id") ?? "");
    const body = (await c.req.parseBody()) as Form;
    const done = await attempt(c.var.locale, "space", textValues(body), () =>
      parks.addSpace(c.var.data, me(c), park.id, parseForm(c.var.locale, spaceSchema, { kind: str(body, "kind"), label: str(body, "label"), capacity: Number(str(body, "capacity")) }), nowIso()),
    );
    if (!done.ok) return parkPage(c, park.id, done.state, done.status);
    return back(c, `/incubation/manage/parks/${park.id}#spaces`);
  });

  r.post("/incubation/manage/spaces/:id", "incubation.manage", async (c) => {
    const body = (await c.req.parseBody()) as Form;
    const spaceId = c.req.param("id") ?? "";
    const parkId = await parks.parkOfSpace(c.var.data, me(c), spaceId);
    const done = await attempt(c.var.locale, "space-status", textValues(body), () => parks.changeSpace(c.var.data, me(c), spaceId, parseForm(c.var.locale, spaceUpdateSchema, { status: str(body, "status") })));
    if (!done.ok) return parkPage(c, parkId, done.state, done.status);
    return back(c, `/incubation/manage/parks/${parkId}#spaces`);
  });

  r.get("/incubation/manage/calls/:id", "incubation.manage", (c) => callPage(c, c.req.param("id") ?? ""));

  r.post("/incubation/manage/calls/:id/notice", "incubation.manage", async (c) => {
    const body = (await c.req.parseBody()) as Form;
    const callId = c.req.param("id") ?? "";
    const done = await attempt(c.var.locale, "notice", textValues(body), () => service.publishCallNotice(c.var.data, me(c), callId, { body: str(body, "body").trim() }, nowIso()));
    if (!done.ok) return callPage(c, callId, done.state, done.status);
    return back(c, `/incubation/manage/calls/${callId}`);
  });

  r.post("/incubation/manage/objections/:id", "incubation.manage", async (c) => {
    const body = (await c.req.parseBody()) as Form;
    const objectionId = c.req.param("id") ?? "";
    const callId = await objectionCallId(c.var.data, objectionId);
    const done = await attempt(c.var.locale, `objection-${objectionId}`, textValues(body), () =>
      handleNoticeObjection(c, objectionId, { upheld: str(body, "upheld") === "yes", note: requireText(c.var.locale, str(body, "note"), "note") }, service.SUBJECT_KIND),
    );
    if (!done.ok) return callPage(c, callId, done.state, done.status);
    return back(c, `/incubation/manage/calls/${done.value.batchId}`);
  });
}
