import { notify } from "../../../core/module-contract";
import { issueReceipt, receiptNumbers } from "../../../receipts";
import { BID_RECEIPT } from "../receipt-kind";
import type { DistrictData } from "../../../data/district-data";
import { notFound, type FieldError } from "../../../http/errors";
import { addWorkingDays, beijingToday } from "../../../lib/beijing-time";
import { registeredWorkers, type RegisteredWorker } from "../../posts";
import { buysAt, conflict, fieldError, guardedWrite, invalid, type ProjectActor } from "../actor";
import { bidReturned, bidSubmitted } from "../notifications";
import type { BidStatus, BudgetLineKind } from "../tables";
import { getCall, isOpen, type CallView } from "./calls";
import { eligibilityProblems, organizationStanding } from "./eligibility";
import { sameDistrict } from "../../../data/joins";

// Bids: an organization's draft, saved as often as it likes while the call is open,
// then submitted (complete, eligible, within the cap and the admin-cost share),
// withdrawn by the organization, or returned by the buyer for completion.

export interface BidLine {
  kind: BudgetLineKind;
  item: string;
  amountYuan: number;
}

export interface BidView {
  id: string;
  callId: string;
  organizationId: string;
  organizationName: string;
  categoryId: string | null;
  title: string;
  targetGroup: string;
  beneficiaries: number;
  activities: string;
  indicators: string;
  communityCode: string | null;
  volunteers: number;
  amountYuan: number;
  status: BidStatus;
  returnReason: string;
  submittedAt: string | null;
  eligibilityDueOn: string | null;
  version: number;
  lines: BidLine[];
  team: (RegisteredWorker & { lead: boolean })[];
}

export const EDITABLE: readonly BidStatus[] = ["draft", "returned"];

export function bidsQuery(data: DistrictData) {
  return data
    .selectFrom("project_bids")
    .innerJoin("organizations", sameDistrict("organizations", "project_bids.organization_id"))
    .select([
      "project_bids.id",
      "project_bids.call_id as callId",
      "project_bids.organization_id as organizationId",
      "organizations.name as organizationName",
      "project_bids.category_id as categoryId",
      "project_bids.title",
      "project_bids.target_group as targetGroup",
      "project_bids.beneficiaries",
      "project_bids.activities",
      "project_bids.indicators",
      "project_bids.community_code as communityCode",
      "project_bids.volunteers",
      "project_bids.amount_yuan as amountYuan",
      "project_bids.status",
      "project_bids.return_reason as returnReason",
      "project_bids.submitted_at as submittedAt",
      "project_bids.eligibility_due_on as eligibilityDueOn",
      "project_bids.version",
    ]);
}

async function complete(data: DistrictData, rows: Omit<BidView, "lines" | "team">[]): Promise<BidView[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const [lines, team] = await data.read<Record<string, unknown>>([
    data.selectFrom("project_bid_lines").select(["bid_id", "kind", "item", "amount_yuan"]).where("bid_id", "in", ids).orderBy("bid_id").orderBy("line_no"),
    data.selectFrom("project_bid_team").select(["bid_id", "worker_id", "is_lead"]).where("bid_id", "in", ids),
  ]);
  const workers = new Map((await registeredWorkers(data, [...new Set(team!.map((m) => m.worker_id as string))])).map((w) => [w.id, w]));
  return rows.map((r) => ({
    ...r,
    lines: lines!.filter((l) => l.bid_id === r.id).map((l) => ({ kind: l.kind as BudgetLineKind, item: l.item as string, amountYuan: Number(l.amount_yuan) })),
    team: team!.filter((m) => m.bid_id === r.id && workers.has(m.worker_id as string)).map((m) => ({ ...workers.get(m.worker_id as string)!, lead: m.is_lead === 1 })),
  }));
}

/** A bid and its call, whoever asks (callers decide who may see it). */
export async function loadBid(data: DistrictData, bidId: string): Promise<{ bid: BidView; call: CallView } | null> {
  const row = await bidsQuery(data).where("project_bids.id", "=", bidId).executeTakeFirst();
  if (!row) return null;
  const call = await getCall(data, null, row.callId).catch(() => null);
  return call ? { bid: (await complete(data, [row]))[0]!, call } : null;
}

/** A bid its organization or a buyer of its call may see; 404 for anyone else. */
export async function getBid(data: DistrictData, actor: ProjectActor, bidId: string): Promise<{ bid: BidView; call: CallView }> {
  const found = await loadBid(data, bidId);
  if (!found) throw notFound();
  const own = actor.organizations.includes(found.bid.organizationId);
  if (!(own || (buysAt(actor, found.call.areaCode) && found.bid.status !== "draft"))) throw notFound();
  return found;
}

/** The actor's organizations' bids. */
export async function myBids(data: DistrictData, actor: ProjectActor): Promise<BidView[]> {
  if (!actor.organizations.length) return [];
  return complete(data, await bidsQuery(data).where("project_bids.organization_id", "in", actor.organizations).orderBy("project_bids.updated_at", "desc").limit(200).execute());
}

/** The actor's organizations' bids for their list, each with its receipt number once submitted. */
export async function myBidList(data: DistrictData, actor: ProjectActor): Promise<(BidView & { receiptNo: string | null })[]> {
  const bids = await myBids(data, actor);
  const numbers = await receiptNumbers(
    data,
    BID_RECEIPT,
    bids.map((b) => b.id),
  );
  return bids.map((b) => ({ ...b, receiptNo: numbers.get(b.id) ?? null }));
}

/** Bids of a call for its buyers (drafts stay the organization's own). */
export async function bidsOfCall(data: DistrictData, actor: ProjectActor, callId: string): Promise<BidView[]> {
  const call = await getCall(data, actor, callId);
  if (!buysAt(actor, call.areaCode)) throw notFound();
  return complete(data, await bidsQuery(data).where("project_bids.call_id", "=", callId).where("project_bids.status", "<>", "draft").orderBy("project_bids.submitted_at").execute());
}

export function adminShare(lines: readonly BidLine[]): { total: number; admin: number } {
  const total = lines.reduce((s, l) => s + l.amountYuan, 0);
  const admin = lines.filter((l) => l.kind === "admin").reduce((s, l) => s + l.amountYuan, 0);
  return { total, admin };
}

/** What a bid lacks before it may be submitted, as field errors. */
export function submissionProblems(actor: ProjectActor, bid: BidView, call: CallView): FieldError[] {
  const errors: FieldError[] = [];
  const need = (field: string, ok: boolean) => ok || errors.push(fieldError(actor, field, "projects.error.requiredToSubmit"));
  need("title", bid.title.length >= 4);
  need("categoryId", !!bid.categoryId && call.categoryIds.includes(bid.categoryId));
  need("targetGroup", bid.targetGroup.length >= 2);
  need("beneficiaries", bid.beneficiaries > 0);
  need("activities", bid.activities.length >= 10);
  need("indicators", bid.indicators.length >= 4);
  need("communityCode", !!bid.communityCode);
  need("lines", bid.lines.length > 0);
  const { total, admin } = adminShare(bid.lines);
  if (total > call.projectCapYuan) errors.push(fieldError(actor, "lines", "projects.error.aboveCap", { cap: call.projectCapYuan }));
  if (total > 0 && admin * 100 > total * call.adminCapPercent) errors.push(fieldError(actor, "lines", "projects.error.adminCap", { percent: call.adminCapPercent }));
  if (!bid.team.some((m) => m.lead)) errors.push(fieldError(actor, "team", "projects.error.noLead"));
  return errors;
}

async function move(data: DistrictData, bid: BidView, to: BidStatus, version: number, now: string, extra: { return_reason?: string; submitted_at?: string; eligibility_due_on?: string }, action: string, call?: CallView) {
  // Those concerned hear of a submission or a return, in the same batch as the change.
  const params = { bid: bid.title, call: call?.title ?? "", bidId: bid.id };
  const target = { type: "project_bid", id: bid.id };
  const notice =
    to === "returned"
      ? [notify(data, bidReturned, { to: bid.organizationId, params, target })]
      : to === "submitted"
        ? [notify(data, bidSubmitted, { to: call?.areaCode ?? "", params: { ...params, organization: bid.organizationName }, target })]
        : [];
  await guardedWrite(() =>
    data.write(
      [
        data.guard(data.selectFrom("project_bids").select("id").where("id", "=", bid.id).where("status", "=", bid.status).where("version", "=", version)),
        data
          .updateTable("project_bids")
          .set({ status: to, version: version + 1, updated_at: now, ...extra })
          .where("id", "=", bid.id),
        ...notice,
        ...(to === "submitted" ? [issueReceipt(data, BID_RECEIPT, bid.id, now)] : []),
      ],
      { action, targetType: "project_bid", targetId: bid.id, before: { status: bid.status }, after: { status: to, ...(extra.return_reason ? { reason: extra.return_reason } : {}) } },
    ),
  );
}

/** Submits the bid; the eligibility check is due within `eligibilityWorkingDays` working days (a district setting). */
export async function submitBid(data: DistrictData, actor: ProjectActor, bidId: string, version: number, now: string, eligibilityWorkingDays = 5): Promise<void> {
  const { bid, call } = await getBid(data, actor, bidId);
  if (!actor.organizations.includes(bid.organizationId)) throw notFound();
  if (!EDITABLE.includes(bid.status)) throw conflict("projects.error.notEditable", {}, "not_editable");
  const today = beijingToday(Date.parse(now));
  if (!isOpen(call, today)) throw conflict("projects.error.callNotOpen", {}, "call_not_open");
  const problems = submissionProblems(actor, bid, call);
  if (problems.length) throw invalid(problems);
  const standing = await organizationStanding(data, bid.organizationId);
  const refusals = standing ? eligibilityProblems(call, standing, today) : ["projects.eligibility.creditList" as const];
  if (refusals.length) throw conflict(refusals[0]!, {}, refusals[0] === "projects.eligibility.creditList" ? "credit_listed" : "ineligible");
  await move(data, bid, "submitted", version, now, { submitted_at: now, return_reason: "", eligibility_due_on: addWorkingDays(now, eligibilityWorkingDays) }, "projects.bid_submitted", call);
}

export async function withdrawBid(data: DistrictData, actor: ProjectActor, bidId: string, version: number, now: string): Promise<void> {
  const { bid } = await getBid(data, actor, bidId);
  if (!actor.organizations.includes(bid.organizationId)) throw notFound();
  if (!["draft", "submitted", "returned"].includes(bid.status)) throw conflict("projects.error.notWithdrawable");
  await move(data, bid, "withdrawn", version, now, {}, "projects.bid_withdrawn");
}

/** The buyer sends a submitted bid back for completion, saying what is missing. */
export async function returnBid(data: DistrictData, actor: ProjectActor, bidId: string, input: { reason: string; version: number }, now: string): Promise<void> {
  const { bid, call } = await getBid(data, actor, bidId);
  if (!buysAt(actor, call.areaCode)) throw notFound();
  if (bid.status !== "submitted") throw conflict("projects.error.notSubmitted");
  await move(data, bid, "returned", input.version, now, { return_reason: input.reason }, "projects.bid_returned", call);
}
