import type { Context, Hono } from "hono";
import type { AppEnv } from "../../env";
import { routes } from "../../http/routes";
import { beijingToday } from "../../lib/beijing-time";
import { nowIso } from "../../lib/time";
import { checkedValues } from "../../ui/form";
import { pageInfo } from "../../ui/layout";
import { getBid } from "./domain/bids";
import { changeProposal, checkEligibility, proposeAwards, publishAwards, setUpReview } from "./domain/review";
import { reviewBoard } from "./domain/review-board";
import { parseForm } from "./forms";
import { attempt, invalid } from "../../ui/form-state";
import { actor, bidPage, go, param, rawForm, saved, type Status } from "./pages";
import { awardNoticeInput, eligibilityInput, proposalChangeInput, reviewSetupInput } from "./schemas";
import { ReviewPage } from "./views/review";
import type { FormState } from "./views/parts";

// The buyer's review pages: set-up, eligibility (on the bid's page), proposal and notice.
// Each reads the call or bid first, so another district's id answers 404 before any
// validation, and a refusal comes back beside its form with the values kept.

async function reviewPage(c: Context<AppEnv>, state?: FormState, status: Status = 200) {
  const today = beijingToday();
  const board = await reviewBoard(c.var.data, actor(c), param(c, "callId"), today);
  return c.html(<ReviewPage page={pageInfo(c)} board={board} today={today} saved={saved(c)} state={state} />, status);
}

export function registerProjectsReviewPages(app: Hono<AppEnv>): void {
  const r = routes(app, "district");
  const back = (c: Context<AppEnv>, flag: string) => go(c, `/projects/calls/${param(c, "callId")}/review`, flag);

  r.get("/projects/calls/:callId/review", "projects.manage", (c) => reviewPage(c));
  r.post("/projects/calls/:callId/review", "projects.manage", async (c) => {
    await reviewBoard(c.var.data, actor(c), param(c, "callId"), beijingToday());
    const values = await rawForm(c);
    const parsed = parseForm(c.var.locale, reviewSetupInput, { reviewerIds: checkedValues(values, "reviewerIds"), roadshowOn: values.roadshowOn ?? "", roadshowPlace: values.roadshowPlace ?? "", version: values.version ?? "" });
    const errors = parsed.ok ? [] : parsed.errors.map((e) => ({ ...e, field: e.field.startsWith("reviewerIds") ? "reviewerIds" : e.field }));
    const done = parsed.ok ? await attempt(c.var.locale, "setup", values, () => setUpReview(c.var.data, actor(c), param(c, "callId"), parsed.data, nowIso())) : invalid("setup", values, errors);
    return done.ok ? back(c, "setup") : reviewPage(c, done.state, done.status);
  });
  r.post("/projects/calls/:callId/proposal", "projects.manage", async (c) => {
    await reviewBoard(c.var.data, actor(c), param(c, "callId"), beijingToday());
    const values = await rawForm(c);
    const done = await attempt(c.var.locale, "propose", values, () => proposeAwards(c.var.data, actor(c), param(c, "callId"), nowIso()));
    return done.ok ? back(c, "proposed") : reviewPage(c, done.state, done.status);
  });
  r.post("/projects/calls/:callId/proposal-change", "projects.manage", async (c) => {
    await reviewBoard(c.var.data, actor(c), param(c, "callId"), beijingToday());
    const values = await rawForm(c);
    const bidId = values.bidId ?? "";
    const parsed = parseForm(c.var.locale, proposalChangeInput, { included: values.included === "1", reason: values.reason ?? "", version: values[`version.${bidId}`] ?? "" });
    const done = parsed.ok ? await attempt(c.var.locale, "change", values, () => changeProposal(c.var.data, actor(c), param(c, "callId"), bidId, parsed.data, nowIso())) : invalid("change", values, parsed.errors);
    return done.ok ? back(c, "changed") : reviewPage(c, done.state, done.status);
  });
  r.post("/projects/calls/:callId/notice", "projects.manage", async (c) => {
    await reviewBoard(c.var.data, actor(c), param(c, "callId"), beijingToday());
    const values = await rawForm(c);
    const parsed = parseForm(c.var.locale, awardNoticeInput, { body: values.body ?? "" });
    const days = c.var.district.settings.publicNoticeWorkingDays;
    const done = parsed.ok
      ? await attempt(c.var.locale, "notice", values, () => publishAwards(c.var.data, actor(c), param(c, "callId"), { body: parsed.data.body, noticeWorkingDays: days }, nowIso()))
      : invalid("notice", values, parsed.errors);
    return done.ok ? back(c, "published") : reviewPage(c, done.state, done.status);
  });
  r.post("/projects/bids/:bidId/eligibility", "projects.manage", async (c) => {
    await getBid(c.var.data, actor(c), param(c, "bidId"));
    const values = await rawForm(c);
    const parsed = parseForm(c.var.locale, eligibilityInput, { outcome: values.outcome ?? "", reasons: values.reasons ?? "", version: values.version ?? "" });
    const done = parsed.ok ? await attempt(c.var.locale, "eligibility", values, () => checkEligibility(c.var.data, actor(c), param(c, "bidId"), parsed.data, nowIso())) : invalid("eligibility", values, parsed.errors);
    return done.ok ? go(c, `/projects/bids/${param(c, "bidId")}`, "checked") : bidPage(c, done.state, done.status);
  });
}
