import { sql, type Compilable, type Selectable } from "kysely";
import type { DistrictData } from "../../../data/district-data";
import { notify } from "../../../core/module-contract";
import { notFound } from "../../../http/errors";
import { newId } from "../../../lib/ids";
import { registeredWorkers } from "../../posts";
import { buysAt, conflict, fieldError, guardedWrite, invalid, type ProjectActor } from "../actor";
import type { ChangeDecisionInput, ChangeInput } from "../schemas";
import { changeApproved, changeRefused, changeRequested } from "../notifications";
import type { ChangeKind, ChangeStatus, ProjectChangesTable } from "../tables";
import { getContract, type ContractView } from "./contracts";

// Changes to a contract in delivery (项目变更). Moving money between budget lines within
// a small share of the contract is the implementer's own management and applies at once;
// moving more, replacing the project lead or extending the term needs the buyer's
// approval, and a refusal gives reasons. Every applied change is a numbered revision
// whose before and after are kept. One request is open at a time; a decision is guarded
// on the version read, so of two decisions at once one wins.

/** Moves up to this share of the contract amount need no approval (percent, a district setting). */
export const freeMovePercent = (data: DistrictData) => data.district.settings.changeFreeMovePercent;

export interface ChangeView {
  id: string;
  kind: ChangeKind;
  fromLine: number | null;
  toLine: number | null;
  amountYuan: number | null;
  workerId: string | null;
  endsOn: string | null;
  reason: string;
  status: ChangeStatus;
  decisionReasons: string;
  revision: number | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  createdAt: string;
  decidedAt: string | null;
  version: number;
}

export async function changesOf(data: DistrictData, contractId: string): Promise<ChangeView[]> {
  return (await data.selectFrom("project_changes").selectAll().where("contract_id", "=", contractId).orderBy("created_at", "desc").limit(200).execute()).map(toView);
}

/** One change as its contract's parties see it (404 for anyone else). */
export async function changeById(data: DistrictData, actor: ProjectActor, changeId: string): Promise<ChangeView> {
  const row = await data.selectFrom("project_changes").selectAll().where("id", "=", changeId).executeTakeFirst();
  if (!row) throw notFound();
  await getContract(data, actor, row.contract_id);
  return toView(row);
}

function toView(r: Selectable<ProjectChangesTable>): ChangeView {
  return {
    id: r.id,
    kind: r.kind,
    fromLine: r.from_line,
    toLine: r.to_line,
    amountYuan: r.amount_yuan,
    workerId: r.worker_id,
    endsOn: r.ends_on,
    reason: r.reason,
    status: r.status,
    decisionReasons: r.decision_reasons,
    revision: r.revision,
    before: r.before_json ? JSON.parse(r.before_json) : null,
    after: r.after_json ? JSON.parse(r.after_json) : null,
    createdAt: r.created_at,
    decidedAt: r.decided_at,
    version: r.version,
  };
}

type Plan = { before: Record<string, unknown>; after: Record<string, unknown>; apply: Compilable[] };

/** What applying the change writes, checked against the contract as it stands now. */
async function plan(data: DistrictData, actor: ProjectActor, contract: ContractView, c: Pick<ChangeView, "kind" | "fromLine" | "toLine" | "amountYuan" | "workerId" | "endsOn">): Promise<Plan> {
  const bid = contract.bid;
  if (c.kind === "budget") {
    const from = bid.lines[(c.fromLine ?? 0) - 1];
    const to = bid.lines[(c.toLine ?? 0) - 1];
    const amount = c.amountYuan ?? 0;
    if (!from) throw invalid([fieldError(actor, "fromLine", "projects.change.noLine")]);
    if (!to || c.toLine === c.fromLine) throw invalid([fieldError(actor, "toLine", "projects.change.noLine")]);
    if (amount <= 0 || amount > from.amountYuan) throw invalid([fieldError(actor, "amountYuan", "projects.change.tooMuch", { n: from.amountYuan })]);
    const line = (no: number, delta: number) =>
      data
        .updateTable("project_bid_lines")
        .set({ amount_yuan: sql<number>`amount_yuan + ${delta}` })
        .where("bid_id", "=", bid.id)
        .where("line_no", "=", no);
    return {
      before: { [c.fromLine!]: from.amountYuan, [c.toLine!]: to.amountYuan },
      after: { [c.fromLine!]: from.amountYuan - amount, [c.toLine!]: to.amountYuan + amount },
      apply: [
        data.guard(data.selectFrom("project_bid_lines").select("line_no").where("bid_id", "=", bid.id).where("line_no", "=", c.fromLine!).where("amount_yuan", "=", from.amountYuan)),
        line(c.fromLine!, -amount),
        line(c.toLine!, amount),
      ],
    };
  }
  if (c.kind === "lead") {
    const lead = bid.team.find((m) => m.lead);
    const [worker] = c.workerId ? await registeredWorkers(data, [c.workerId]) : [];
    if (!worker || worker.id === lead?.id) throw invalid([fieldError(actor, "workerId", "projects.change.noWorker")]);
    return {
      before: { lead: lead?.name ?? "" },
      after: { lead: worker.name },
      apply: [
        data.updateTable("project_bid_team").set({ is_lead: 0 }).where("bid_id", "=", bid.id),
        data.insertInto("project_bid_team", { bid_id: bid.id, worker_id: worker.id, is_lead: 1 }).onConflict((oc) => oc.columns(["district_id", "bid_id", "worker_id"]).doUpdateSet({ is_lead: 1 })),
      ],
    };
  }
  if (!c.endsOn || c.endsOn <= contract.endsOn) throw invalid([fieldError(actor, "endsOn", "projects.change.laterEnd", { date: contract.endsOn })]);
  return {
    before: { endsOn: contract.endsOn },
    after: { endsOn: c.endsOn },
    apply: [data.updateTable("project_contracts").set({ ends_on: c.endsOn, version: sql<number>`version + 1` }).where("id", "=", contract.id).where("ends_on", "=", contract.endsOn)],
  };
}

/** The next revision number; the unique index makes the second of two concurrent approvals fail. */
async function nextRevision(data: DistrictData, contractId: string): Promise<number> {
  const row = await data
    .selectFrom("project_changes")
    .select((eb) => eb.fn.max("revision").as("n"))
    .where("contract_id", "=", contractId)
    .executeTakeFirst();
  return Number(row?.n ?? 0) + 1;
}

/** The implementer asks for a change; a small budget move applies at once. Answers the change's id. */
export async function requestChange(data: DistrictData, actor: ProjectActor, contractId: string, input: ChangeInput, now: string): Promise<string> {
  const contract = await getContract(data, actor, contractId);
  if (!actor.organizations.includes(contract.bid.organizationId)) throw notFound();
  if (contract.status !== "signed") throw conflict("projects.change.notInDelivery", {}, "illegal_transition");
  const change = { kind: input.kind, fromLine: input.fromLine || null, toLine: input.toLine || null, amountYuan: input.amountYuan || null, workerId: input.workerId || null, endsOn: input.endsOn || null };
  const p = await plan(data, actor, contract, change);
  const free = input.kind === "budget" && (input.amountYuan * 100) / contract.amountYuan <= freeMovePercent(data);
  const id = newId();
  const target = { type: "project_change", id };
  const row = {
    id,
    contract_id: contractId,
    kind: input.kind,
    from_line: change.fromLine,
    to_line: change.toLine,
    amount_yuan: change.amountYuan,
    worker_id: change.workerId,
    ends_on: change.endsOn,
    reason: input.reason,
    status: (free ? "approved" : "requested") as ChangeStatus,
    decision_reasons: "",
    revision: free ? await nextRevision(data, contractId) : null,
    before_json: JSON.stringify(p.before),
    after_json: free ? JSON.stringify(p.after) : null,
    requested_by: actor.id,
    decided_by: null,
    decided_at: free ? now : null,
    version: 1,
    created_at: now,
  };
  await guardedWrite(
    () =>
      data.write(
        [
          data.insertInto("project_changes", row),
          ...(free ? p.apply : [notify(data, changeRequested, { to: contract.call.areaCode ?? "", params: { bid: contract.bid.title, organization: contract.bid.organizationName, contractId }, target })]),
        ],
        {
          action: free ? "projects.change_applied" : "projects.change_requested",
          targetType: "project_contract",
          targetId: contractId,
          after: { change: id, kind: input.kind, ...p.after },
        },
      ),
    () => conflict("projects.change.alreadyOpen", {}, "pending_exists"),
  );
  return id;
}

/** The buyer approves (the change applies as the next revision) or refuses with reasons. */
export async function decideChange(data: DistrictData, actor: ProjectActor, changeId: string, input: ChangeDecisionInput, now: string, contractId?: string): Promise<ChangeStatus> {
  const row = await data.selectFrom("project_changes").select(["contract_id"]).where("id", "=", changeId).executeTakeFirst();
  if (!row || (contractId !== undefined && row.contract_id !== contractId)) throw notFound();
  const contract = await getContract(data, actor, row.contract_id);
  if (!buysAt(actor, contract.call.areaCode)) throw notFound();
  const change = (await changesOf(data, contract.id)).find((c) => c.id === changeId)!;
  if (change.status !== "requested") throw conflict("projects.change.decided", {}, "illegal_transition");
  const approve = input.approve === 1;
  if (!approve && input.reasons.length < 2) throw invalid([fieldError(actor, "reasons", "projects.evaluation.reasonsNeeded")]);
  const p = approve ? await plan(data, actor, contract, change) : null;
  const guard = data.guard(data.selectFrom("project_changes").select("id").where("id", "=", changeId).where("status", "=", "requested").where("version", "=", input.version));
  const update = data
    .updateTable("project_changes")
    .set({
      status: approve ? "approved" : "refused",
      decision_reasons: input.reasons,
      revision: approve ? await nextRevision(data, contract.id) : null,
      after_json: p ? JSON.stringify(p.after) : null,
      decided_by: actor.id,
      decided_at: now,
      version: input.version + 1,
    })
    .where("id", "=", changeId);
  const told = notify(data, approve ? changeApproved : changeRefused, {
    to: contract.bid.organizationId,
    params: { bid: contract.bid.title, reasons: input.reasons, contractId: contract.id },
    target: { type: "project_change", id: changeId },
  });
  await guardedWrite(() =>
    data.write([guard, update, ...(p?.apply ?? []), told], {
      action: approve ? "projects.change_approved" : "projects.change_refused",
      targetType: "project_contract",
      targetId: contract.id,
      before: change.before,
      after: { change: changeId, reasons: input.reasons, ...(p?.after ?? {}) },
    }),
  );
  return approve ? "approved" : "refused";
}
