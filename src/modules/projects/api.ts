import type { Context, Hono } from "hono";
import * as z from "zod/mini";
import type { AppEnv } from "../../env";
import { notFound } from "../../http/errors";
import { apiRoute } from "../../http/routes";
import { nowIso } from "../../lib/time";
import { receiptJson, receiptOutput } from "../../receipts";
import { BID_RECEIPT } from "./receipt-kind";
import { actorOf, type ProjectActor } from "./actor";
import { saveDraft } from "./domain/bid-save";
import { bidsOfCall, getBid, myBidList, returnBid, submitBid, withdrawBid } from "./domain/bids";
import { getCall, createCall, listCalls, publishCall } from "./domain/calls";
import { createBudget, createCategory, listBudgets, listCategories, updateBudget } from "./domain/catalogue";
import { addExpenditure, addServiceRecord, confirmServiceRecord, deliveryOf } from "./domain/delivery";
import { confirmContract, createContract, getContract, releaseInstalment } from "./domain/contracts";
import {
  BID_STATUSES,
  bidDraftInput,
  budgetEditInput,
  budgetInput,
  budgetsQuery,
  CALL_KINDS,
  CALL_STATUSES,
  callInput,
  categoryInput,
  confirmInput,
  CONTRACT_STATUSES,
  contractInput,
  GATES,
  INSTALMENT_STATUSES,
  LINE_KINDS,
  paymentInput,
  PURCHASE_METHODS,
  expenditureInput,
  serviceRecordInput,
  QUALIFICATION_LEVELS,
  returnInput,
  versionInput,
} from "./schemas";

// The module's JSON API (/api/v1/projects/…), described in OpenAPI from these schemas.

const created = z.object({ id: z.string() });
const categorySchema = z.object({ id: z.string(), nameZh: z.string(), nameEn: z.string(), purchaseMethod: z.enum(PURCHASE_METHODS), active: z.number() });
const budgetSchema = z.object({
  id: z.string(),
  year: z.number(),
  categoryId: z.string(),
  areaCode: z.nullable(z.string()),
  amountYuan: z.number(),
  committedYuan: z.number(),
  paidYuan: z.number(),
  remainingYuan: z.number(),
  version: z.number(),
});
const callSchema = z.object({
  id: z.string(),
  kind: z.enum(CALL_KINDS),
  title: z.string(),
  description: z.string(),
  needs: z.string(),
  year: z.number(),
  areaCode: z.nullable(z.string()),
  opensOn: z.string(),
  closesOn: z.string(),
  projectCapYuan: z.number(),
  totalBudgetYuan: z.number(),
  minRegistrationMonths: z.number(),
  allowFoundingTeams: z.number(),
  adminCapPercent: z.number(),
  instalments: z.string(),
  materials: z.string(),
  status: z.enum(CALL_STATUSES),
  version: z.number(),
  rubricId: z.nullable(z.string()),
  roadshowOn: z.nullable(z.string()),
  roadshowPlace: z.string(),
  categoryIds: z.array(z.string()),
});
const bidSchema = z.object({
  id: z.string(),
  callId: z.string(),
  organizationId: z.string(),
  organizationName: z.string(),
  categoryId: z.nullable(z.string()),
  title: z.string(),
  targetGroup: z.string(),
  beneficiaries: z.number(),
  activities: z.string(),
  indicators: z.string(),
  communityCode: z.nullable(z.string()),
  volunteers: z.number(),
  amountYuan: z.number(),
  status: z.enum(BID_STATUSES),
  returnReason: z.string(),
  submittedAt: z.nullable(z.string()),
  eligibilityDueOn: z.nullable(z.string()),
  version: z.number(),
  lines: z.array(z.object({ kind: z.enum(LINE_KINDS), item: z.string(), amountYuan: z.number() })),
  team: z.array(z.object({ id: z.string(), name: z.string(), qualification: z.enum(QUALIFICATION_LEVELS), certified: z.boolean(), lead: z.boolean() })),
});
const bidDetailSchema = z.extend(bidSchema, { receipt: receiptOutput });
const contractSchema = z.object({
  id: z.string(),
  bidId: z.string(),
  amountYuan: z.number(),
  startsOn: z.string(),
  endsOn: z.string(),
  deliverables: z.string(),
  status: z.enum(CONTRACT_STATUSES),
  confirmations: z.object({ buyer: z.nullable(z.string()), implementer: z.nullable(z.string()), community: z.nullable(z.string()) }),
  version: z.number(),
  instalments: z.array(
    z.object({
      seq: z.number(),
      sharePercent: z.number(),
      amountYuan: z.number(),
      gate: z.enum(GATES),
      status: z.enum(INSTALMENT_STATUSES),
      dueOn: z.nullable(z.string()),
      paidOn: z.nullable(z.string()),
      paymentRef: z.nullable(z.string()),
      overdue: z.number(),
    }),
  ),
});

const param = (c: Context<AppEnv>, name: string) => c.req.param(name) ?? "";
const actor = (c: Context<AppEnv>): ProjectActor => actorOf(c.var.user!, c.var.locale);
const maybeActor = (c: Context<AppEnv>): ProjectActor | null => (c.var.user && !c.var.foreignSession ? actorOf(c.var.user, c.var.locale) : null);

async function contractJson(c: Context<AppEnv>, id: string) {
  const { bid: _bid, call: _call, ...contract } = await getContract(c.var.data, actor(c), id);
  return contract;
}

const deliverySchema = z.object({
  records: z.array(z.object({ id: z.string(), heldOn: z.string(), place: z.string(), participants: z.number(), summary: z.string(), workerId: z.nullable(z.string()), confirmedAt: z.nullable(z.string()) })),
  lines: z.array(z.object({ lineNo: z.number(), kind: z.enum(LINE_KINDS), item: z.string(), budgetYuan: z.number(), spentYuan: z.number() })),
});

async function deliveryJson(c: Context<AppEnv>, id: string) {
  return deliveryOf(c.var.data, await getContract(c.var.data, actor(c), id));
}

export function registerProjectsApi(app: Hono<AppEnv>): void {
  const tag = "projects";

  apiRoute(app, { method: "GET", path: "/projects/categories", access: "projects.manage", tag, summary: "The service catalogue (政府购买服务目录)", response: z.array(categorySchema) }, async (c) => c.json(await listCategories(c.var.data)));
  apiRoute(app, { method: "POST", path: "/projects/categories", access: "projects.manage", tag, summary: "Add a service category (district-wide buyers)", body: categoryInput, response: created, responseStatus: 201 }, async (c, { body }) =>
    c.json({ id: await createCategory(c.var.data, actor(c), body, nowIso()) }, 201),
  );

  apiRoute(
    app,
    { method: "GET", path: "/projects/budgets", access: "projects.manage", tag, summary: "Yearly budgets at the buyer's levels, with committed, paid and remaining amounts", query: budgetsQuery, response: z.array(budgetSchema) },
    async (c, { query }) => c.json(await listBudgets(c.var.data, actor(c), query)),
  );
  apiRoute(
    app,
    { method: "POST", path: "/projects/budgets", access: "projects.manage", tag, summary: "Set a yearly budget for a category at district or sub-district level", body: budgetInput, response: created, responseStatus: 201 },
    async (c, { body }) => c.json({ id: await createBudget(c.var.data, actor(c), body, nowIso()) }, 201),
  );
  apiRoute(
    app,
    { method: "PUT", path: "/projects/budgets/:budgetId", access: "projects.manage", tag, summary: "Change a budget's amount (not below what is committed); `version` as read", body: budgetEditInput, response: budgetSchema },
    async (c, { body }) => {
      const a = actor(c);
      await updateBudget(c.var.data, a, param(c, "budgetId"), body, nowIso());
      const budget = (await listBudgets(c.var.data, a, {})).find((b) => b.id === param(c, "budgetId"));
      if (!budget) throw notFound();
      return c.json(budget);
    },
  );

  apiRoute(app, { method: "GET", path: "/projects/calls", access: "public", tag, summary: "Published calls (buyers also see their drafts)", response: z.array(callSchema) }, async (c) => c.json(await listCalls(c.var.data, maybeActor(c))));
  apiRoute(
    app,
    { method: "POST", path: "/projects/calls", access: "projects.manage", tag, summary: "Draft a call (公益创投 or 政府购买服务) within the remaining budget", body: callInput, response: callSchema, responseStatus: 201 },
    async (c, { body }) => {
      const id = await createCall(c.var.data, actor(c), body, nowIso());
      return c.json(await getCall(c.var.data, actor(c), id), 201);
    },
  );
  apiRoute(app, { method: "GET", path: "/projects/calls/:callId", access: "public", tag, summary: "One call (a draft only for its buyers)", response: callSchema }, async (c) =>
    c.json(await getCall(c.var.data, maybeActor(c), param(c, "callId"))),
  );
  apiRoute(app, { method: "POST", path: "/projects/calls/:callId/publish", access: "projects.manage", tag, summary: "Publish a draft call", body: versionInput, response: callSchema }, async (c, { body }) => {
    await publishCall(c.var.data, actor(c), param(c, "callId"), body.version, nowIso());
    return c.json(await getCall(c.var.data, actor(c), param(c, "callId")));
  });
  apiRoute(app, { method: "GET", path: "/projects/calls/:callId/bids", access: "projects.manage", tag, summary: "Bids submitted to a call", response: z.array(bidSchema) }, async (c) =>
    c.json(await bidsOfCall(c.var.data, actor(c), param(c, "callId"))),
  );
  apiRoute(
    app,
    {
      method: "PUT",
      path: "/projects/calls/:callId/bid",
      access: "projects.bid",
      tag,
      summary: "Save the organization's draft bid to a call (created on the first save; `version` as read afterwards)",
      body: bidDraftInput,
      response: bidSchema,
    },
    async (c, { body }) => {
      return c.json(await saveDraft(c.var.data, actor(c), param(c, "callId"), body, nowIso()));
    },
  );

  apiRoute(
    app,
    { method: "GET", path: "/projects/bids", access: "projects.bid", tag, summary: "The organization's own bids, each with its receipt number once submitted", response: z.array(z.extend(bidSchema, { receiptNo: z.nullable(z.string()) })) },
    async (c) => c.json(await myBidList(c.var.data, actor(c))),
  );
  // The receipt goes to the bid's organization, as its page shows it there.
  const withReceipt = async (c: Context<AppEnv>, a: ProjectActor, bid: z.output<typeof bidSchema>) => ({
    ...bid,
    receipt: a.organizations.includes(bid.organizationId) ? await receiptJson(c.var.data, BID_RECEIPT, bid.id) : null,
  });
  apiRoute(app, { method: "GET", path: "/projects/bids/:bidId", access: "signed_in", tag, summary: "One bid with its receipt (its organization, or the buyers of its call once submitted)", response: bidDetailSchema }, async (c) =>
    c.json(await withReceipt(c, actor(c), (await getBid(c.var.data, actor(c), param(c, "bidId"))).bid)),
  );
  for (const [verb, access, run, summary] of [
    ["submit", "projects.bid", submitBid, "Submit a complete, eligible bid within the cap and the admin-cost share"],
    ["withdraw", "projects.bid", withdrawBid, "Withdraw a bid before review"],
  ] as const) {
    apiRoute(app, { method: "POST", path: `/projects/bids/:bidId/${verb}`, access, tag, summary, body: versionInput, response: bidDetailSchema }, async (c, { body }) => {
      const a = actor(c);
      await run(c.var.data, a, param(c, "bidId"), body.version, nowIso(), c.var.district.settings.eligibilityCheckWorkingDays);
      return c.json(await withReceipt(c, a, (await getBid(c.var.data, a, param(c, "bidId"))).bid));
    });
  }
  apiRoute(app, { method: "POST", path: "/projects/bids/:bidId/return", access: "projects.manage", tag, summary: "Return a submitted bid for completion, with the reason", body: returnInput, response: bidSchema }, async (c, { body }) => {
    const a = actor(c);
    await returnBid(c.var.data, a, param(c, "bidId"), body, nowIso());
    return c.json((await getBid(c.var.data, a, param(c, "bidId"))).bid);
  });

  apiRoute(
    app,
    {
      method: "POST",
      path: "/projects/bids/:bidId/contract",
      access: "projects.manage",
      tag,
      summary: "Draft the contract of an awarded bid, with the call's instalment schedule",
      body: contractInput,
      response: contractSchema,
      responseStatus: 201,
    },
    async (c, { body }) => c.json(await contractJson(c, await createContract(c.var.data, actor(c), param(c, "bidId"), body, nowIso())), 201),
  );
  apiRoute(app, { method: "GET", path: "/projects/contracts/:contractId", access: "signed_in", tag, summary: "A contract, for its three parties", response: contractSchema }, async (c) =>
    c.json(await contractJson(c, param(c, "contractId"))),
  );
  apiRoute(
    app,
    { method: "POST", path: "/projects/contracts/:contractId/confirm", access: "signed_in", tag, summary: "Confirm the contract as one of its parties; the third confirmation signs it", body: confirmInput, response: contractSchema },
    async (c, { body }) => {
      await confirmContract(c.var.data, actor(c), param(c, "contractId"), body, nowIso());
      return c.json(await contractJson(c, param(c, "contractId")));
    },
  );
  apiRoute(
    app,
    {
      method: "POST",
      path: "/projects/contracts/:contractId/instalments/:seq/release",
      access: "projects.manage",
      tag,
      summary: "Release a due instalment (once; refused for an organization on a credit list)",
      body: paymentInput,
      response: contractSchema,
    },
    async (c, { body }) => {
      const seq = Number(param(c, "seq"));
      if (!Number.isInteger(seq)) throw notFound();
      await releaseInstalment(c.var.data, actor(c), param(c, "contractId"), seq, body, nowIso());
      return c.json(await contractJson(c, param(c, "contractId")));
    },
  );

  apiRoute(app, { method: "GET", path: "/projects/contracts/:contractId/delivery", access: "signed_in", tag, summary: "Service records and budget against actual spending, for the contract's parties", response: deliverySchema }, async (c) =>
    c.json(await deliveryJson(c, param(c, "contractId"))),
  );
  apiRoute(
    app,
    {
      method: "POST",
      path: "/projects/contracts/:contractId/records",
      access: "projects.bid",
      tag,
      summary: "Record a service delivered under a signed contract (the implementer)",
      body: serviceRecordInput,
      response: deliverySchema,
      responseStatus: 201,
    },
    async (c, { body }) => {
      await addServiceRecord(c.var.data, actor(c), param(c, "contractId"), body, nowIso());
      return c.json(await deliveryJson(c, param(c, "contractId")), 201);
    },
  );
  apiRoute(
    app,
    { method: "POST", path: "/projects/contracts/:contractId/records/:recordId/confirm", access: "projects.confirm", tag, summary: "Confirm, for the community of delivery, that a recorded service took place", response: deliverySchema },
    async (c) => {
      await confirmServiceRecord(c.var.data, actor(c), param(c, "contractId"), param(c, "recordId"), nowIso());
      return c.json(await deliveryJson(c, param(c, "contractId")));
    },
  );
  apiRoute(
    app,
    {
      method: "POST",
      path: "/projects/contracts/:contractId/expenditures",
      access: "projects.bid",
      tag,
      summary: "Record an expenditure against a budget line (the implementer)",
      body: expenditureInput,
      response: deliverySchema,
      responseStatus: 201,
    },
    async (c, { body }) => {
      await addExpenditure(c.var.data, actor(c), param(c, "contractId"), body, nowIso());
      return c.json(await deliveryJson(c, param(c, "contractId")), 201);
    },
  );
}
