import type { Context, Hono } from "hono";
import * as z from "zod/mini";
import type { AppEnv } from "../../env";
import { apiRoute } from "../../http/routes";
import { beijingToday } from "../../lib/beijing-time";
import { nowIso } from "../../lib/time";
import { actorOf, type ProjectActor } from "./actor";
import { getBid } from "./domain/bids";
import { checkEligibility, changeProposal, proposeAwards, publishAwards, setUpReview } from "./domain/review";
import { reviewBoard } from "./domain/review-board";
import { awardNoticeInput, BID_STATUSES, eligibilityInput, proposalChangeInput, reviewSetupInput } from "./schemas";

// The JSON API of a call's review and award (/api/v1/projects/…). Reviewers declare and
// score through the review engine's own API (/api/v1/review/assignments/…).

const param = (c: Context<AppEnv>, name: string) => c.req.param(name) ?? "";
const actor = (c: Context<AppEnv>): ProjectActor => actorOf(c.var.user!, c.var.locale);

const STAGES = ["draft", "in_notice", "awarded", "not_awarded", "overturned"] as const;
const person = z.object({ id: z.string(), name: z.string() });
const boardSchema = z.object({
  callId: z.string(),
  budgetYuan: z.number(),
  roadshowOn: z.nullable(z.string()),
  roadshowPlace: z.string(),
  rubric: z.nullable(z.object({ id: z.string(), lockedAt: z.nullable(z.string()), items: z.array(z.object({ id: z.string(), area: z.string(), title: z.string(), weight: z.number(), maxScore: z.number() })) })),
  reviewers: z.array(person),
  awaitingEligibility: z.array(z.object({ bidId: z.string(), title: z.string(), organizationName: z.string(), amountYuan: z.number(), eligibilityDueOn: z.nullable(z.string()), overdue: z.boolean(), version: z.number() })),
  ranking: z.array(
    z.object({
      bidId: z.string(),
      title: z.string(),
      organizationName: z.string(),
      amountYuan: z.number(),
      status: z.enum(BID_STATUSES),
      grade: z.nullable(z.string()),
      score: z.nullable(z.number()),
      spread: z.nullable(z.number()),
      counted: z.number(),
      pending: z.number(),
      conflicted: z.number(),
      rank: z.number(),
    }),
  ),
  proposal: z.array(
    z.object({
      bidId: z.string(),
      rank: z.number(),
      score: z.nullable(z.number()),
      amountYuan: z.number(),
      byRule: z.boolean(),
      included: z.boolean(),
      reason: z.string(),
      stage: z.enum(STAGES),
      noticeId: z.nullable(z.string()),
      version: z.number(),
    }),
  ),
  proposedYuan: z.number(),
});

async function boardJson(c: Context<AppEnv>) {
  const b = await reviewBoard(c.var.data, actor(c), param(c, "callId"), beijingToday());
  return {
    callId: b.call.id,
    budgetYuan: b.call.totalBudgetYuan,
    roadshowOn: b.call.roadshowOn,
    roadshowPlace: b.call.roadshowPlace,
    rubric: b.rubric ? { id: b.rubric.id, lockedAt: b.rubric.lockedAt, items: b.rubric.items.map((i) => ({ id: i.id, area: i.area, title: i.title, weight: i.weight, maxScore: i.maxScore })) } : null,
    reviewers: b.reviewers,
    awaitingEligibility: b.awaitingEligibility,
    ranking: b.ranking,
    proposal: b.proposal.map(({ title: _t, organizationName: _o, ...p }) => p),
    proposedYuan: b.proposedYuan,
  };
}

export function registerProjectsReviewApi(app: Hono<AppEnv>): void {
  const tag = "projects";
  apiRoute(app, { method: "GET", path: "/projects/calls/:callId/review", access: "projects.manage", tag, summary: "A call's review: set-up, eligibility deadlines, ranking and award proposal", response: boardSchema }, async (c) =>
    c.json(await boardJson(c)),
  );
  apiRoute(
    app,
    {
      method: "PUT",
      path: "/projects/calls/:callId/review",
      access: "projects.manage",
      tag,
      summary: "Set the call's reviewers and optional roadshow (its score becomes a part of the rubric); `version` is the call's",
      body: reviewSetupInput,
      response: boardSchema,
    },
    async (c, { body }) => {
      await setUpReview(c.var.data, actor(c), param(c, "callId"), body, nowIso());
      return c.json(await boardJson(c));
    },
  );
  apiRoute(
    app,
    {
      method: "POST",
      path: "/projects/bids/:bidId/eligibility",
      access: "projects.manage",
      tag,
      summary: "The eligibility check (资格初审): pass sends the bid to the call's reviewers; reject needs reasons",
      body: eligibilityInput,
      response: z.object({ id: z.string(), status: z.enum(BID_STATUSES), version: z.number() }),
    },
    async (c, { body }) => {
      const a = actor(c);
      await checkEligibility(c.var.data, a, param(c, "bidId"), body, nowIso());
      const { bid } = await getBid(c.var.data, a, param(c, "bidId"));
      return c.json({ id: bid.id, status: bid.status, version: bid.version });
    },
  );
  apiRoute(
    app,
    { method: "POST", path: "/projects/calls/:callId/proposal", access: "projects.manage", tag, summary: "Propose awards by rank within the call's budget, skipping a bid that does not fit (once every score is in)", response: boardSchema },
    async (c) => {
      await proposeAwards(c.var.data, actor(c), param(c, "callId"), nowIso());
      return c.json(await boardJson(c));
    },
  );
  apiRoute(
    app,
    {
      method: "POST",
      path: "/projects/calls/:callId/proposal/:bidId",
      access: "projects.manage",
      tag,
      summary: "Include a bid in the proposal or leave it out, with the reason; never above the budget",
      body: proposalChangeInput,
      response: boardSchema,
    },
    async (c, { body }) => {
      await changeProposal(c.var.data, actor(c), param(c, "callId"), param(c, "bidId"), body, nowIso());
      return c.json(await boardJson(c));
    },
  );
  apiRoute(
    app,
    {
      method: "POST",
      path: "/projects/calls/:callId/notice",
      access: "projects.manage",
      tag,
      summary: "Put the proposal on public notice (公示) for the district's notice period; the bids are awarded when it settles",
      body: awardNoticeInput,
      response: z.object({ noticeId: z.string() }),
      responseStatus: 201,
    },
    async (c, { body }) => c.json({ noticeId: await publishAwards(c.var.data, actor(c), param(c, "callId"), { body: body.body, noticeWorkingDays: c.var.district.settings.publicNoticeWorkingDays }, nowIso()) }, 201),
  );
}
