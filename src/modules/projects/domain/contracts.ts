import type { DistrictData } from "../../../data/district-data";
import { notify } from "../../../core/module-contract";
import { notFound } from "../../../http/errors";
import { instalmentDue, instalmentOverdue } from "../notifications";
import { bytesToHex } from "../../../lib/crypto";
import { newId } from "../../../lib/ids";
import { addDays, beijingToday } from "../../../lib/beijing-time";
import { buysAt, confirmsFor, conflict, fieldError, guardedWrite, invalid, type ProjectActor } from "../actor";
import type { ContractInput, Party } from "../schemas";
import type { ContractStatus, InstalmentGate, InstalmentStatus } from "../tables";
import { getBid, loadBid, type BidView } from "./bids";
import { instalmentShares, type CallView } from "./calls";
import { eligibilityProblems, organizationStanding } from "./eligibility";
import { sameDistrict } from "../../../data/joins";

// 项目合同 among the buyer, the implementer and the community of delivery, with the
// instalment schedule of the call. Each party confirms online (audited); when the
// third confirms, the contract is signed and the signing instalment falls due. An
// instalment is paid once: the release is guarded on its status, so of two people
// releasing it at once exactly one succeeds.

/** Days the buyer has to pay an instalment once it falls due. */
export const PAYMENT_DAYS = 15;

export interface Instalment {
  seq: number;
  sharePercent: number;
  amountYuan: number;
  gate: InstalmentGate;
  status: InstalmentStatus;
  dueOn: string | null;
  paidOn: string | null;
  paymentRef: string | null;
  overdue: number;
}

export interface ContractView {
  id: string;
  bidId: string;
  amountYuan: number;
  startsOn: string;
  endsOn: string;
  deliverables: string;
  /** The short code of the public feedback link and poster (/f/<code>). */
  feedbackCode: string;
  status: ContractStatus;
  confirmations: Record<Party, string | null>;
  version: number;
  instalments: Instalment[];
  bid: BidView;
  call: CallView;
}

/** The short code of a project's public feedback link: eight hex digits, short enough to type from a poster. */
export const newFeedbackCode = () => bytesToHex(crypto.getRandomValues(new Uint8Array(4)));

/** The schedule: first gate signing, last the final evaluation, any between the mid-term. */
export function schedule(amount: number, instalments: string): { seq: number; share: number; amount: number; gate: InstalmentGate }[] {
  const shares = instalmentShares(instalments);
  let left = amount;
  return shares.map((share, i) => {
    const last = i === shares.length - 1;
    const part = last ? left : Math.floor((amount * share) / 100);
    left -= part;
    const gate: InstalmentGate = i === 0 ? "signing" : last ? "final" : "midterm";
    return { seq: i + 1, share, amount: part, gate };
  });
}

/** A contract with its bid and call, whoever asks (callers decide who may see it); null when none. */
export async function loadContract(data: DistrictData, contractId: string): Promise<ContractView | null> {
  const [rows, instalments] = await data.read<Record<string, unknown>>([
    data.selectFrom("project_contracts").selectAll().where("id", "=", contractId),
    data
      .selectFrom("project_instalments")
      .select(["seq", "share_percent as sharePercent", "amount_yuan as amountYuan", "gate", "status", "due_on as dueOn", "paid_on as paidOn", "payment_ref as paymentRef", "overdue"])
      .where("contract_id", "=", contractId)
      .orderBy("seq"),
  ]);
  const row = rows![0];
  if (!row) return null;
  const found = await loadBid(data, row.bid_id as string);
  if (!found) return null;
  const { bid, call } = found;
  return {
    id: row.id as string,
    bidId: bid.id,
    amountYuan: Number(row.amount_yuan),
    startsOn: row.starts_on as string,
    endsOn: row.ends_on as string,
    deliverables: row.deliverables as string,
    feedbackCode: (row.feedback_code as string | null) ?? (row.id as string),
    status: row.status as ContractStatus,
    confirmations: { buyer: row.buyer_confirmed_at as string | null, implementer: row.implementer_confirmed_at as string | null, community: row.community_confirmed_at as string | null },
    version: Number(row.version),
    instalments: instalments as unknown as Instalment[],
    bid,
    call,
  };
}

export async function getContract(data: DistrictData, actor: ProjectActor, contractId: string): Promise<ContractView> {
  const contract = await loadContract(data, contractId);
  if (!contract) throw notFound();
  // Parties reach the contract through its bid: the organization, the buyer, and the
  // community staff of the community of delivery.
  const { bid, call } = contract;
  const party = actor.organizations.includes(bid.organizationId) || buysAt(actor, call.areaCode) || confirmsFor(actor, bid.communityCode);
  if (!party) throw notFound();
  return contract;
}

export async function contractOfBid(data: DistrictData, bidId: string): Promise<string | null> {
  return (await data.selectFrom("project_contracts").select("id").where("bid_id", "=", bidId).executeTakeFirst())?.id ?? null;
}

/** The buyer drafts the contract of an awarded bid; the amount is the bid's. */
export async function createContract(data: DistrictData, actor: ProjectActor, bidId: string, input: ContractInput, now: string): Promise<string> {
  const { bid, call } = await getBid(data, actor, bidId);
  if (!buysAt(actor, call.areaCode)) throw notFound();
  if (bid.status !== "awarded") throw conflict("projects.error.notAwarded");
  if (input.endsOn <= input.startsOn) throw invalid([fieldError(actor, "endsOn", "projects.error.endsBeforeStarts")]);
  if (input.endsOn > addDays(input.startsOn, 366)) throw invalid([fieldError(actor, "endsOn", "projects.error.termTooLong")]);
  const id = newId();
  const parts = schedule(bid.amountYuan, call.instalments);
  await guardedWrite(
    () =>
      data.write(
        [
          data.insertInto("project_contracts", {
            id,
            bid_id: bidId,
            amount_yuan: bid.amountYuan,
            starts_on: input.startsOn,
            ends_on: input.endsOn,
            deliverables: input.deliverables,
            status: "pending",
            feedback_code: newFeedbackCode(),
            buyer_confirmed_by: null,
            buyer_confirmed_at: null,
            implementer_confirmed_by: null,
            implementer_confirmed_at: null,
            community_confirmed_by: null,
            community_confirmed_at: null,
            version: 1,
            created_by: actor.id,
            created_at: now,
            updated_at: now,
          }),
          data.insertInto(
            "project_instalments",
            parts.map((p) => ({ contract_id: id, seq: p.seq, share_percent: p.share, amount_yuan: p.amount, gate: p.gate, status: "scheduled" as const, due_on: null, paid_on: null, payment_ref: null, paid_by: null, overdue: 0 })),
          ),
        ],
        { action: "projects.contract_created", targetType: "project_contract", targetId: id, after: { bidId, amountYuan: bid.amountYuan, instalments: call.instalments, ...input } },
      ),
    () => conflict("projects.error.contractExists"),
  );
  return id;
}

/** One party confirms; the third confirmation signs the contract and makes the signing instalment due. */
export async function confirmContract(data: DistrictData, actor: ProjectActor, contractId: string, input: { party: Party; version: number }, now: string): Promise<void> {
  const contract = await getContract(data, actor, contractId);
  const allowed = input.party === "buyer" ? buysAt(actor, contract.call.areaCode) : input.party === "implementer" ? actor.organizations.includes(contract.bid.organizationId) : confirmsFor(actor, contract.bid.communityCode);
  if (!allowed) throw invalid([fieldError(actor, "party", "projects.error.notThisParty")]);
  if (contract.status !== "pending") throw conflict("projects.error.notPending", {}, "not_pending");
  if (contract.confirmations[input.party]) throw conflict("projects.error.alreadyConfirmed");
  const signs = Object.entries(contract.confirmations).filter(([p, at]) => p !== input.party && at).length === 2;
  const today = beijingToday(Date.parse(now));
  const first = signs ? dueNotice(data, contract, "signing", addDays(today, PAYMENT_DAYS)) : [];
  const set = { [`${input.party}_confirmed_by`]: actor.id, [`${input.party}_confirmed_at`]: now, version: input.version + 1, updated_at: now, ...(signs ? { status: "signed" as const } : {}) };
  await guardedWrite(() =>
    data.write(
      [
        data.guard(data.selectFrom("project_contracts").select("id").where("id", "=", contractId).where("version", "=", input.version).where("status", "=", "pending")),
        data.updateTable("project_contracts").set(set).where("id", "=", contractId),
        ...(signs
          ? [
              data
                .updateTable("project_instalments")
                .set({ status: "due", due_on: addDays(today, PAYMENT_DAYS) })
                .where("contract_id", "=", contractId)
                .where("gate", "=", "signing")
                .where("status", "=", "scheduled"),
              ...first,
            ]
          : []),
      ],
      { action: signs ? "projects.contract_signed" : "projects.contract_confirmed", targetType: "project_contract", targetId: contractId, after: { party: input.party } },
    ),
  );
}

/** Tells the buyer's staff that the instalment behind `gate` falls due, if one waits on it. */
export function dueNotice(data: DistrictData, contract: ContractView, gate: InstalmentGate, dueOn: string) {
  const waiting = contract.instalments.find((i) => i.gate === gate && i.status === "scheduled");
  if (!waiting) return [];
  return [notify(data, instalmentDue, { to: contract.call.areaCode ?? "", params: { bid: contract.bid.title, seq: waiting.seq, dueOn, contractId: contract.id }, target: { type: "project_contract", id: contract.id } })];
}

/** The buyer releases a due instalment once, after checking the implementer's standing again. */
export async function releaseInstalment(data: DistrictData, actor: ProjectActor, contractId: string, seq: number, input: { paidOn: string; reference: string }, now: string): Promise<void> {
  const contract = await getContract(data, actor, contractId);
  if (!buysAt(actor, contract.call.areaCode)) throw notFound();
  const instalment = contract.instalments.find((i) => i.seq === seq);
  if (!instalment) throw notFound();
  if (instalment.status !== "due") throw conflict(instalment.status === "paid" ? "projects.error.alreadyPaid" : "projects.error.notDue");
  if (input.paidOn > beijingToday(Date.parse(now))) throw invalid([fieldError(actor, "paidOn", "projects.error.dateInFuture")]);
  const standing = await organizationStanding(data, contract.bid.organizationId);
  if (!standing || eligibilityProblems({ minRegistrationMonths: 0, allowFoundingTeams: 1 }, standing, beijingToday(Date.parse(now))).length) throw conflict("projects.eligibility.creditList", {}, "credit_listed");
  const where = data.selectFrom("project_instalments").select("seq").where("contract_id", "=", contractId).where("seq", "=", seq).where("status", "=", "due");
  await guardedWrite(() =>
    data.write(
      [
        data.guard(where),
        data
          .updateTable("project_instalments")
          .set({ status: "paid", paid_on: input.paidOn, payment_ref: input.reference, paid_by: actor.id, overdue: 0 })
          .where("contract_id", "=", contractId)
          .where("seq", "=", seq)
          .where("status", "=", "due"),
      ],
      { action: "projects.instalment_paid", targetType: "project_contract", targetId: contractId, after: { seq, amountYuan: instalment.amountYuan, paidOn: input.paidOn, reference: input.reference } },
    ),
  );
}

/** The daily job: due instalments past their payment date are flagged overdue. */
export async function flagOverdueInstalments(data: DistrictData, today: string): Promise<number> {
  const late = await data
    .selectFrom("project_instalments")
    .innerJoin("project_contracts as c", sameDistrict("c", "project_instalments.contract_id"))
    .innerJoin("project_bids as b", sameDistrict("b", "c.bid_id"))
    .innerJoin("project_calls as k", sameDistrict("k", "b.call_id"))
    .select(["project_instalments.contract_id", "project_instalments.seq", "project_instalments.due_on", "b.title", "k.area_code"])
    .where("project_instalments.status", "=", "due")
    .where("project_instalments.overdue", "=", 0)
    .where("project_instalments.due_on", "<", today)
    .execute();
  for (const i of late) {
    const told = notify(data, instalmentOverdue, { to: i.area_code ?? "", params: { bid: i.title, seq: i.seq, dueOn: i.due_on!, contractId: i.contract_id }, target: { type: "project_contract", id: i.contract_id } });
    await data.write([data.updateTable("project_instalments").set({ overdue: 1 }).where("contract_id", "=", i.contract_id).where("seq", "=", i.seq).where("status", "=", "due"), told], {
      action: "projects.instalment_overdue",
      targetType: "project_contract",
      targetId: i.contract_id,
      after: { seq: i.seq },
    });
  }
  return late.length;
}
