import type { Context, Hono } from "hono";
import { ReceiptNotice, receiptOf } from "../../receipts";
import { BID_RECEIPT } from "./receipt-kind";
import * as z from "zod/mini";
import { PERMISSIONS, type Permission } from "../../auth/permissions";
import type { AppEnv } from "../../env";
import { routes } from "../../http/routes";
import { readForm } from "../../http/validation";
import { beijingToday } from "../../lib/beijing-time";
import { nowIso } from "../../lib/time";
import { attempt, invalid } from "../../ui/form-state";
import { pageInfo } from "../../ui/layout";
import { areaNames } from "./domain/areas";
import { registeredWorkers } from "../posts";
import { actorOf, buysAt, confirmsFor, isBuyer, type ProjectActor } from "./actor";
import { saveDraft } from "./domain/bid-save";
import { bidsOfCall, getBid, myBidList, myBids, returnBid, submitBid, withdrawBid } from "./domain/bids";
import { createCall, getCall, isOpen, listCalls, publishCall } from "./domain/calls";
import { createBudget, createCategory, listBudgets, listCategories } from "./domain/catalogue";
import { confirmContract, contractOfBid, createContract, getContract, releaseInstalment } from "./domain/contracts";
import { deliveryLabels } from "../../notifications/log";
import { needsAnsweredBy } from "./call-needs";
import { changesOf, freeMovePercent } from "./domain/changes";
import { evaluationBoard } from "./domain/evaluation-board";
import { addExpenditure, addServiceRecord, confirmServiceRecord, deliveryOf } from "./domain/delivery";
import { bidFromForm, callFromForm, parseForm } from "./forms";
import { bidDraftInput, budgetInput, callInput, categoryInput, confirmInput, contractInput, expenditureInput, paymentInput, returnInput, serviceRecordInput, versionInput, type Party } from "./schemas";
import { BidFormPage, BidPage, MyBidsPage } from "./views/bids";
import { CallFormPage, CallPage, CallsPage } from "./views/calls";
import { CataloguePage } from "./views/catalogue";
import { ContractPage } from "./views/contract";
import { areaName, type AreaName, type FormState } from "./views/parts";

// The module's pages: they read the form, call the domain, and render; refusals a
// person can act on come back beside the form with the values kept.

export type Status = 200 | 409 | 422;

function may(c: Context<AppEnv>, permission: Permission): boolean {
  const roles: readonly string[] = PERMISSIONS[permission];
  return !!c.var.user?.grants.some((g) => roles.includes(g.role));
}
export const param = (c: Context<AppEnv>, name: string) => c.req.param(name) ?? "";
export const actor = (c: Context<AppEnv>): ProjectActor => actorOf(c.var.user!, c.var.locale);
const maybeActor = (c: Context<AppEnv>) => (c.var.user && !c.var.foreignSession ? actor(c) : null);
export const saved = (c: Context<AppEnv>) => c.req.query("saved");
/** Every field of the submitted form as typed; the page checks it against its schema. */
export const rawForm = async (c: Context<AppEnv>) => (await readForm(c, z.record(z.string(), z.string()))).values;
export const go = (c: Context<AppEnv>, path: string, flag: string) => c.redirect(`${c.var.base}${path}?saved=${flag}`, 303);

export async function loadAreas(c: Context<AppEnv>): Promise<AreaName[]> {
  return areaNames(c.var.data);
}

/** The levels an actor buys at: the district (if theirs) and their 街道. */
function levels(c: Context<AppEnv>, a: ProjectActor, areas: AreaName[]) {
  const l = c.var.locale;
  return [...(buysAt(a, null) ? [{ value: "", label: areaName(l, areas, null) }] : []), ...areas.filter((x) => x.level === "subdistrict" && buysAt(a, x.code)).map((x) => ({ value: x.code, label: areaName(l, areas, x.code) }))];
}

async function cataloguePage(c: Context<AppEnv>, state?: FormState, status: Status = 200) {
  const a = actor(c);
  const [categories, budgets, areas] = await Promise.all([listCategories(c.var.data), listBudgets(c.var.data, a, {}), loadAreas(c)]);
  return c.html(
    <CataloguePage page={pageInfo(c)} categories={categories} budgets={budgets} areas={areas} levels={levels(c, a, areas)} wide={buysAt(a, null)} year={Number(beijingToday().slice(0, 4))} saved={saved(c)} state={state} />,
    status,
  );
}

async function callFormPage(c: Context<AppEnv>, state?: FormState, status: Status = 200) {
  const a = actor(c);
  const [categories, areas] = await Promise.all([listCategories(c.var.data), loadAreas(c)]);
  const today = beijingToday();
  const defaults = { year: today.slice(0, 4), opensOn: today, instalments: "30,40,30", adminCapPercent: "10", minRegistrationMonths: "12", allowFoundingTeams: "0" };
  return c.html(<CallFormPage page={pageInfo(c)} categories={categories.filter((x) => x.active)} levels={levels(c, a, areas)} defaults={defaults} state={state} />, status);
}

async function callPage(c: Context<AppEnv>, callId: string, message?: string, status: Status = 200) {
  const a = maybeActor(c);
  const call = await getCall(c.var.data, a, callId);
  const canManage = !!a && may(c, "projects.manage") && buysAt(a, call.areaCode);
  const [categories, areas, bids] = await Promise.all([listCategories(c.var.data), loadAreas(c), canManage ? bidsOfCall(c.var.data, a!, callId) : Promise.resolve(null)]);
  return c.html(
    <CallPage page={pageInfo(c)} call={call} categories={categories} areas={areas} canManage={canManage} canBid={!!a && may(c, "projects.bid")} open={isOpen(call, beijingToday())} bids={bids} saved={saved(c)} message={message} />,
    status,
  );
}

async function bidFormPage(c: Context<AppEnv>, state?: FormState, status: Status = 200) {
  const a = actor(c);
  const call = await getCall(c.var.data, a, param(c, "callId"));
  const mine = (await myBids(c.var.data, a)).find((b) => b.callId === call.id) ?? null;
  const [categories, areas, workers] = await Promise.all([listCategories(c.var.data), loadAreas(c), registeredWorkers(c.var.data)]);
  return c.html(<BidFormPage page={pageInfo(c)} call={call} bid={mine} categories={categories} communities={areas.filter((x) => x.level === "community")} areas={areas} workers={workers} state={state} />, status);
}

export async function bidPage(c: Context<AppEnv>, state?: FormState, status: Status = 200) {
  const a = actor(c);
  const { bid, call } = await getBid(c.var.data, a, param(c, "bidId"));
  const [categories, areas, contractId, receipt] = await Promise.all([listCategories(c.var.data), loadAreas(c), contractOfBid(c.var.data, bid.id), receiptOf(c.var.data, BID_RECEIPT, bid.id)]);
  const canManage = may(c, "projects.manage") && buysAt(a, call.areaCode);
  const delivery = canManage ? (await deliveryLabels(c.var.data, c.var.locale, "project_bid", [bid.id])).get(bid.id) : undefined;
  return c.html(
    <BidPage
      page={pageInfo(c)}
      bid={bid}
      call={call}
      categories={categories}
      areas={areas}
      own={a.organizations.includes(bid.organizationId)}
      canManage={canManage}
      contractId={contractId}
      saved={saved(c)}
      state={state}
      delivery={delivery}
      receiptNotice={receipt && a.organizations.includes(bid.organizationId) ? <ReceiptNotice page={pageInfo(c)} receipt={receipt} /> : undefined}
    />,
    status,
  );
}

export async function contractPage(c: Context<AppEnv>, state?: FormState, status: Status = 200) {
  const a = actor(c);
  const contract = await getContract(c.var.data, a, param(c, "contractId"));
  const mayConfirm: Party[] = [];
  if (buysAt(a, contract.call.areaCode) && isBuyer(a)) mayConfirm.push("buyer");
  if (a.organizations.includes(contract.bid.organizationId)) mayConfirm.push("implementer");
  if (confirmsFor(a, contract.bid.communityCode)) mayConfirm.push("community");
  const canPay = may(c, "projects.manage") && buysAt(a, contract.call.areaCode);
  const delivery = contract.status === "pending" ? null : await deliveryOf(c.var.data, contract);
  const canRecord = contract.status === "signed" && may(c, "projects.bid") && a.organizations.includes(contract.bid.organizationId);
  const canConfirmRecords = may(c, "projects.confirm") && confirmsFor(a, contract.bid.communityCode);
  const evaluations = contract.status === "pending" ? null : await evaluationBoard(c.var.data, a, contract, may(c, "projects.manage"));
  const changes =
    contract.status === "pending"
      ? null
      : {
          changes: await changesOf(c.var.data, contract.id),
          canRequest: canRecord,
          canDecide: canPay && contract.status === "signed",
          workers: canRecord ? await registeredWorkers(c.var.data) : [],
          freeMovePercent: freeMovePercent(c.var.data),
        };
  // Staff of the contract read each need (its handlers follow the link); the organization sees them counted, as the public does.
  const staff = canPay || confirmsFor(a, contract.bid.communityCode);
  const needs = c.var.district.modules.includes("linkage") ? { needs: await needsAnsweredBy(c.var.data, contract.id, staff), detail: staff, link: staff && may(c, "linkage.needs") } : null;
  return c.html(
    <ContractPage
      needs={needs}
      page={pageInfo(c)}
      contract={contract}
      areas={await loadAreas(c)}
      mayConfirm={mayConfirm}
      canPay={canPay}
      delivery={delivery}
      evaluations={evaluations}
      changes={changes}
      canRecord={canRecord}
      canConfirmRecords={canConfirmRecords}
      saved={saved(c)}
      state={state}
    />,
    status,
  );
}

export function registerProjectsPages(app: Hono<AppEnv>): void {
  const r = routes(app, "district");

  r.get("/projects/catalogue", "projects.manage", (c) => cataloguePage(c));
  r.post("/projects/catalogue/categories", "projects.manage", async (c) => {
    const values = await rawForm(c);
    const parsed = parseForm(c.var.locale, categoryInput, values);
    const done = parsed.ok ? await attempt(c.var.locale, "category", values, () => createCategory(c.var.data, actor(c), parsed.data, nowIso())) : invalid("category", values, parsed.errors);
    return done.ok ? go(c, "/projects/catalogue", "category") : cataloguePage(c, done.state, done.status);
  });
  r.post("/projects/catalogue/budgets", "projects.manage", async (c) => {
    const values = await rawForm(c);
    const parsed = parseForm(c.var.locale, budgetInput, values);
    const done = parsed.ok ? await attempt(c.var.locale, "budget", values, () => createBudget(c.var.data, actor(c), parsed.data, nowIso())) : invalid("budget", values, parsed.errors);
    return done.ok ? go(c, "/projects/catalogue", "budget") : cataloguePage(c, done.state, done.status);
  });

  r.get("/projects/calls", "public", async (c) => {
    const a = maybeActor(c);
    const [calls, categories, areas] = await Promise.all([listCalls(c.var.data, a), listCategories(c.var.data), loadAreas(c)]);
    return c.html(<CallsPage page={pageInfo(c)} calls={calls} categories={categories} areas={areas} canCreate={!!a && may(c, "projects.manage")} />);
  });
  r.get("/projects/calls/new", "projects.manage", (c) => callFormPage(c));
  r.post("/projects/calls", "projects.manage", async (c) => {
    const values = await rawForm(c);
    const parsed = parseForm(c.var.locale, callInput, callFromForm(values));
    let id = "";
    const done = parsed.ok
      ? await attempt(c.var.locale, "call", values, async () => {
          id = await createCall(c.var.data, actor(c), parsed.data, nowIso());
        })
      : invalid("call", values, parsed.errors);
    return done.ok ? go(c, `/projects/calls/${id}`, "call") : callFormPage(c, done.state, done.status);
  });
  r.get("/projects/calls/:callId", "public", (c) => callPage(c, param(c, "callId")));
  r.post("/projects/calls/:callId/publish", "projects.manage", async (c) => {
    const values = await rawForm(c);
    const a = actor(c);
    await getCall(c.var.data, a, param(c, "callId"));
    const parsed = parseForm(c.var.locale, versionInput, { version: values.version ?? "" });
    const done = parsed.ok ? await attempt(c.var.locale, "publish", values, () => publishCall(c.var.data, a, param(c, "callId"), parsed.data.version, nowIso())) : invalid("publish", values, parsed.errors);
    return done.ok ? go(c, `/projects/calls/${param(c, "callId")}`, "published") : callPage(c, param(c, "callId"), done.state.message ?? done.state.errors[0]?.message, done.status);
  });

  r.get("/projects/calls/:callId/bid", "projects.bid", (c) => bidFormPage(c));
  r.post("/projects/calls/:callId/bid", "projects.bid", async (c) => {
    const values = await rawForm(c);
    const a = actor(c);
    // No call read first: the save reads the call in its own batch and answers 404 for one
    // this organization may not see, and a refused form re-renders from the call page's read.
    const parsed = parseForm(c.var.locale, bidDraftInput, bidFromForm(values));
    let id = "";
    const done = parsed.ok
      ? await attempt(c.var.locale, "bid", values, async () => {
          id = (await saveDraft(c.var.data, a, param(c, "callId"), parsed.data, nowIso())).id;
        })
      : invalid("bid", values, parsed.errors);
    return done.ok ? go(c, `/projects/bids/${id}`, "bid") : bidFormPage(c, done.state, done.status);
  });
  r.get("/projects/my-bids", "projects.bid", async (c) => c.html(<MyBidsPage page={pageInfo(c)} bids={await myBidList(c.var.data, actor(c))} />));

  r.get("/projects/bids/:bidId", "signed_in", (c) => bidPage(c));
  for (const [verb, access, run, flag] of [
    ["submit", "projects.bid", submitBid, "submitted"],
    ["withdraw", "projects.bid", withdrawBid, "withdrawn"],
  ] as const) {
    r.post(`/projects/bids/:bidId/${verb}`, access, async (c) => {
      const values = await rawForm(c);
      const a = actor(c);
      await getBid(c.var.data, a, param(c, "bidId"));
      const parsed = parseForm(c.var.locale, versionInput, { version: values.version ?? "" });
      const done = parsed.ok
        ? await attempt(c.var.locale, "action", values, () => run(c.var.data, a, param(c, "bidId"), parsed.data.version, nowIso(), c.var.district.settings.eligibilityCheckWorkingDays))
        : invalid("action", values, parsed.errors);
      return done.ok ? go(c, `/projects/bids/${param(c, "bidId")}`, flag) : bidPage(c, done.state, done.status);
    });
  }
  r.post("/projects/bids/:bidId/return", "projects.manage", async (c) => {
    const values = await rawForm(c);
    const a = actor(c);
    await getBid(c.var.data, a, param(c, "bidId"));
    const parsed = parseForm(c.var.locale, returnInput, { reason: values.reason ?? "", version: values.version ?? "" });
    const done = parsed.ok ? await attempt(c.var.locale, "return", values, () => returnBid(c.var.data, a, param(c, "bidId"), parsed.data, nowIso())) : invalid("return", values, parsed.errors);
    return done.ok ? go(c, `/projects/bids/${param(c, "bidId")}`, "returned") : bidPage(c, done.state, done.status);
  });
  r.post("/projects/bids/:bidId/contract", "projects.manage", async (c) => {
    const values = await rawForm(c);
    const a = actor(c);
    await getBid(c.var.data, a, param(c, "bidId"));
    const parsed = parseForm(c.var.locale, contractInput, { startsOn: values.startsOn ?? "", endsOn: values.endsOn ?? "", deliverables: values.deliverables ?? "" });
    let id = "";
    const done = parsed.ok
      ? await attempt(c.var.locale, "contract", values, async () => {
          id = await createContract(c.var.data, a, param(c, "bidId"), parsed.data, nowIso());
        })
      : invalid("contract", values, parsed.errors);
    return done.ok ? go(c, `/projects/contracts/${id}`, "contract") : bidPage(c, done.state, done.status);
  });

  r.get("/projects/contracts/:contractId", "signed_in", (c) => contractPage(c));
  r.post("/projects/contracts/:contractId/confirm", "signed_in", async (c) => {
    const values = await rawForm(c);
    const a = actor(c);
    await getContract(c.var.data, a, param(c, "contractId"));
    const parsed = parseForm(c.var.locale, confirmInput, { party: values.party ?? "", version: values.version ?? "" });
    const done = parsed.ok ? await attempt(c.var.locale, "confirm", values, () => confirmContract(c.var.data, a, param(c, "contractId"), parsed.data, nowIso())) : invalid("confirm", values, parsed.errors);
    return done.ok ? go(c, `/projects/contracts/${param(c, "contractId")}`, "confirmed") : contractPage(c, done.state, done.status);
  });
  for (const [path, form, schema, run] of [
    ["records", "record", serviceRecordInput, addServiceRecord],
    ["expenditures", "expenditure", expenditureInput, addExpenditure],
  ] as const) {
    r.post(`/projects/contracts/:contractId/${path}`, "projects.bid", async (c) => {
      const values = await rawForm(c);
      const a = actor(c);
      await getContract(c.var.data, a, param(c, "contractId"));
      const parsed = parseForm(c.var.locale, schema, values);
      const done = parsed.ok ? await attempt(c.var.locale, form, values, () => (run as (...args: unknown[]) => Promise<string>)(c.var.data, a, param(c, "contractId"), parsed.data, nowIso())) : invalid(form, values, parsed.errors);
      return done.ok ? go(c, `/projects/contracts/${param(c, "contractId")}`, "delivery") : contractPage(c, done.state, done.status);
    });
  }
  r.post("/projects/contracts/:contractId/records/:recordId/confirm", "projects.confirm", async (c) => {
    const values = await rawForm(c);
    const a = actor(c);
    await getContract(c.var.data, a, param(c, "contractId"));
    const done = await attempt(c.var.locale, "confirm", values, () => confirmServiceRecord(c.var.data, a, param(c, "contractId"), param(c, "recordId"), nowIso()));
    return done.ok ? go(c, `/projects/contracts/${param(c, "contractId")}`, "delivery") : contractPage(c, done.state, done.status);
  });
  r.post("/projects/contracts/:contractId/instalments/:seq/release", "projects.manage", async (c) => {
    const values = await rawForm(c);
    const a = actor(c);
    await getContract(c.var.data, a, param(c, "contractId"));
    const parsed = parseForm(c.var.locale, paymentInput, { paidOn: values.paidOn ?? "", reference: values.reference ?? "" });
    const seq = Number(param(c, "seq"));
    const done = parsed.ok
      ? await attempt(c.var.locale, "release", values, () => releaseInstalment(c.var.data, a, param(c, "contractId"), Number.isInteger(seq) ? seq : -1, parsed.data, nowIso()))
      : invalid("release", values, parsed.errors);
    return done.ok ? go(c, `/projects/contracts/${param(c, "contractId")}`, "paid") : contractPage(c, done.state, done.status);
  });
}
