import type { DistrictData } from "../../../data/district-data";
import { notFound, type FieldError } from "../../../http/errors";
import { beijingToday } from "../../../lib/beijing-time";
import { newId } from "../../../lib/ids";
import { confirmsFor, conflict, fieldError, invalid, type ProjectActor } from "../actor";
import type { ExpenditureInput, ServiceRecordInput } from "../schemas";
import type { BudgetLineKind } from "../tables";
import { getContract, type ContractView } from "./contracts";

// Delivery of a signed contract: service records kept by the implementer and confirmed
// by the community where the service took place, and expenditures against the budget
// lines of the bid (budget against actual, line by line).

export interface ServiceRecord {
  id: string;
  heldOn: string;
  place: string;
  participants: number;
  summary: string;
  workerId: string | null;
  confirmedAt: string | null;
}

export interface LineFigures {
  lineNo: number;
  kind: BudgetLineKind;
  item: string;
  budgetYuan: number;
  spentYuan: number;
}

export interface Delivery {
  records: ServiceRecord[];
  lines: LineFigures[];
}

export async function deliveryOf(data: DistrictData, contract: ContractView): Promise<Delivery> {
  const [records, spent] = await data.read<Record<string, unknown>>([
    data
      .selectFrom("project_service_records")
      .select(["id", "held_on as heldOn", "place", "participants", "summary", "worker_id as workerId", "confirmed_at as confirmedAt"])
      .where("contract_id", "=", contract.id)
      .orderBy("held_on", "desc")
      .limit(500),
    data
      .selectFrom("project_expenditures")
      .select((eb) => ["line_no", eb.fn.sum<number>("amount_yuan").as("total")])
      .where("contract_id", "=", contract.id)
      .groupBy("line_no"),
  ]);
  const byLine = new Map(spent!.map((r) => [Number(r.line_no), Number(r.total)]));
  return {
    records: records as unknown as ServiceRecord[],
    lines: contract.bid.lines.map((l, i) => ({ lineNo: i + 1, kind: l.kind, item: l.item, budgetYuan: l.amountYuan, spentYuan: byLine.get(i + 1) ?? 0 })),
  };
}

async function implementerContract(data: DistrictData, actor: ProjectActor, contractId: string): Promise<ContractView> {
  const contract = await getContract(data, actor, contractId);
  if (!actor.organizations.includes(contract.bid.organizationId)) throw notFound();
  if (contract.status !== "signed") throw conflict("projects.error.notInDelivery");
  return contract;
}

function dateProblems(actor: ProjectActor, contract: ContractView, field: string, date: string, now: string): FieldError[] {
  if (date > beijingToday(Date.parse(now))) return [fieldError(actor, field, "projects.error.dateInFuture")];
  if (date < contract.startsOn || date > contract.endsOn) return [fieldError(actor, field, "projects.error.outsideTerm")];
  return [];
}

export async function addServiceRecord(data: DistrictData, actor: ProjectActor, contractId: string, input: ServiceRecordInput, now: string): Promise<string> {
  const contract = await implementerContract(data, actor, contractId);
  const errors = dateProblems(actor, contract, "heldOn", input.heldOn, now);
  if (input.workerId && !contract.bid.team.some((m) => m.id === input.workerId)) errors.push(fieldError(actor, "workerId", "projects.error.notInTeam"));
  if (errors.length) throw invalid(errors);
  const id = newId();
  await data.write(
    [
      data.insertInto("project_service_records", {
        id,
        contract_id: contractId,
        held_on: input.heldOn,
        place: input.place,
        participants: input.participants,
        summary: input.summary,
        worker_id: input.workerId || null,
        confirmed_by: null,
        confirmed_at: null,
        created_by: actor.id,
        created_at: now,
      }),
    ],
    { action: "projects.service_recorded", targetType: "project_contract", targetId: contractId, after: { recordId: id, heldOn: input.heldOn, participants: input.participants } },
  );
  return id;
}

/** The community of delivery confirms that a service took place as recorded. */
export async function confirmServiceRecord(data: DistrictData, actor: ProjectActor, contractId: string, recordId: string, now: string): Promise<void> {
  const contract = await getContract(data, actor, contractId);
  if (!confirmsFor(actor, contract.bid.communityCode)) throw notFound();
  const record = await data.selectFrom("project_service_records").select(["id", "confirmed_at"]).where("id", "=", recordId).where("contract_id", "=", contractId).executeTakeFirst();
  if (!record) throw notFound();
  if (record.confirmed_at) throw conflict("projects.error.alreadyConfirmed");
  await data.write(
    [
      data.guard(data.selectFrom("project_service_records").select("id").where("id", "=", recordId).where("confirmed_at", "is", null)),
      data.updateTable("project_service_records").set({ confirmed_by: actor.id, confirmed_at: now }).where("id", "=", recordId),
    ],
    { action: "projects.service_confirmed", targetType: "project_contract", targetId: contractId, after: { recordId } },
  );
}

export async function addExpenditure(data: DistrictData, actor: ProjectActor, contractId: string, input: ExpenditureInput, now: string): Promise<string> {
  const contract = await implementerContract(data, actor, contractId);
  const errors = dateProblems(actor, contract, "spentOn", input.spentOn, now);
  if (input.lineNo > contract.bid.lines.length) errors.push(fieldError(actor, "lineNo", "projects.error.unknownLine"));
  if (errors.length) throw invalid(errors);
  const id = newId();
  await data.write(
    [data.insertInto("project_expenditures", { id, contract_id: contractId, line_no: input.lineNo, spent_on: input.spentOn, amount_yuan: input.amountYuan, description: input.description, created_by: actor.id, created_at: now })],
    { action: "projects.expenditure_recorded", targetType: "project_contract", targetId: contractId, after: { expenditureId: id, ...input } },
  );
  return id;
}
