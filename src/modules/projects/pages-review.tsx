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
import { actor, attempt, bidPage, go, param, rawForm, saved, type Status, statusOf } from "./pages";
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
    const state = parsed.ok ? await attempt(c, "setup", values, () => setUpReview(c.var.data, actor(c), param(c, "callId"), parsed.data, nowIso())) : { form: "setup", values, errors };
    return state ? reviewPage(c, state, statusOf(state)) : back(c, "setup");
  });
  r.post("/projects/calls/:callId/proposal", "projects.manage", async (c) => {
    await reviewBoard(c.var.data, actor(c), param(c, "callId"), beijingToday());
    const values = await rawForm(c);
    const state = await attempt(c, "propose", values, () => proposeAwards(c.var.data, actor(c), param(c, "callId"), nowIso()));
    return state ? reviewPage(c, state, statusOf(state)) : back(c, "proposed");
  });
  r.post("/projects/calls/:callId/proposal-change", "projects.manage", async (c) => {
    await reviewBoard(c.var.data, actor(c), param(c, "callId"), beijingToday());
    const values = await rawForm(c);
    const bidId = values.bidId ?? "";
    const parsed = parseForm(c.var.locale, proposalChangeInput, { included: values.included === "1", reason: values.reason ?? "", version: values[`version.${bidId}`] ?? "" });
    const state = parsed.ok ? await attempt(c, "change", values, () => changeProposal(c.var.data, actor(c), param(c, "callId"), bidId, parsed.data, nowIso())) : { form: "change", values, errors: parsed.errors };
    return state ? reviewPage(c, state, statusOf(state)) : back(c, "changed");
  });
  r.post("/projects/calls/:callId/notice", "projects.manage", async (c) => {
    await reviewBoard(c.var.data, actor(c), param(c, "callId"), beijingToday());
    const values = await rawForm(c);
    const parsed = parseForm(c.var.locale, awardNoticeInput, { body: values.body ?? "" });
    const days = c.var.district.settings.publicNoticeWorkingDays;
    const state = parsed.ok
      ? await attempt(c, "notice", values, () => publishAwards(c.var.data, actor(c), param(c, "callId"), { body: parsed.data.body, noticeWorkingDays: days }, nowIso()))
      : { form: "notice", values, errors: parsed.errors };
    return state ? reviewPage(c, state, statusOf(state)) : back(c, "published");
  });
  r.post("/projects/bids/:bidId/eligibility", "projects.manage", async (c) => {
    await getBid(c.var.data, actor(c), param(c, "bidId"));
    const values = await rawForm(c);
    const parsed = parseForm(c.var.locale, eligibilityInput, { outcome: values.outcome ?? "", reasons: values.reasons ?? "", version: values.version ?? "" });
    const state = parsed.ok ? await attempt(c, "eligibility", values, () => checkEligibility(c.var.data, actor(c), param(c, "bidId"), parsed.data, nowIso())) : { form: "eligibility", values, errors: parsed.errors };
    return state ? bidPage(c, state, statusOf(state)) : go(c, `/projects/bids/${param(c, "bidId")}`, "checked");
  });
}
