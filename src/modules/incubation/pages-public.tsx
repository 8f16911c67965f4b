import type { Context, Hono } from "hono";
import type { AppEnv } from "../../env";
import { routes } from "../../http/routes";
import { t, type MessageKey } from "../../i18n/messages";
import { nowIso } from "../../lib/time";
import { loadRubric } from "../../review";
import { pageInfo } from "../../ui/layout";
import { callPhase, findCall, findPark, memberOrganizations } from "./queries";
import { parkFacts, parksAndOpenCalls } from "./listings";
import { CallPage, ParkPage, ParksIndexPage } from "./public-views";

// Public pages of the incubation module: parks and calls (the applicant's pages are in
// pages-applicant.tsx).

const FLASH: Record<string, MessageKey> = {
  saved: "inc.app.saved",
  removed: "inc.file.removed",
  scored: "inc.review.submittedNote",
};

export function flash(c: Context<AppEnv>): string | null {
  const key = FLASH[c.req.query("done") ?? ""];
  return key ? t(c.var.locale, key) : null;
}

export function registerIncubationPublicPages(app: Hono<AppEnv>): void {
  const r = routes(app, "district");

  r.get("/incubation", "public", async (c) => {
    const { parks, calls } = await parksAndOpenCalls(c.var.data, nowIso());
    return c.html(<ParksIndexPage page={pageInfo(c)} parks={parks} calls={calls} />);
  });

  r.get("/incubation/parks/:id", "public", async (c) => {
    const data = c.var.data;
    const park = await findPark(data, c.req.param("id") ?? "");
    return c.html(<ParkPage page={pageInfo(c)} park={park} facts={await parkFacts(data, park.id, nowIso())} />);
  });

  r.get("/incubation/calls/:id", "public", async (c) => {
    const call = await findCall(c.var.data, c.req.param("id") ?? "");
    const rubric = await loadRubric(c.var.data, call.rubric_id);
    const phase = callPhase(call, nowIso());
    const canApply = phase === "open" && memberOrganizations(c.var.user).length > 0;
    return c.html(<CallPage page={pageInfo(c)} call={call} rubric={rubric} phase={phase} canApply={canApply} signedIn={!!c.var.user} />);
  });

  // The public notice pages (/notices, /notices/:noticeId with its objection form)
  // serve every kind of notice and belong to the review engine (src/review/).
}
