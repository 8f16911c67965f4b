import type { DistrictData } from "../../../data/district-data";
import { notFound } from "../../../http/errors";
import type { FieldError } from "../../../http/errors";
import { newId } from "../../../lib/ids";
import { buyerCondition, buysAt, conflict, fieldError, guardedWrite, invalid, isBuyer, type ProjectActor } from "../actor";
import type { CallInput } from "../schemas";
import type { CallKind, CallStatus } from "../tables";
import { listBudgets } from "./catalogue";

// Calls for projects of both kinds: drafted and published by a buyer, open for bids
// inside their window, closed by the daily job when the window ends.

export interface CallView {
  id: string;
  kind: CallKind;
  title: string;
  description: string;
  needs: string;
  year: number;
  areaCode: string | null;
  opensOn: string;
  closesOn: string;
  projectCapYuan: number;
  totalBudgetYuan: number;
  minRegistrationMonths: number;
  allowFoundingTeams: number;
  adminCapPercent: number;
  instalments: string;
  materials: string;
  status: CallStatus;
  version: number;
  rubricId: string | null;
  roadshowOn: string | null;
  roadshowPlace: string;
  categoryIds: string[];
}

function callsQuery(data: DistrictData) {
  return data
    .selectFrom("project_calls")
    .select([
      "id",
      "kind",
      "title",
      "description",
      "needs",
      "year",
      "area_code as areaCode",
      "opens_on as opensOn",
      "closes_on as closesOn",
      "project_cap_yuan as projectCapYuan",
      "total_budget_yuan as totalBudgetYuan",
      "min_registration_months as minRegistrationMonths",
      "allow_founding_teams as allowFoundingTeams",
      "admin_cap_percent as adminCapPercent",
      "instalments",
      "materials",
      "status",
      "version",
      "rubric_id as rubricId",
      "roadshow_on as roadshowOn",
      "roadshow_place as roadshowPlace",
    ]);
}

async function withCategories(data: DistrictData, calls: Omit<CallView, "categoryIds">[]): Promise<CallView[]> {
  if (!calls.length) return [];
  const links = await data
    .selectFrom("project_call_categories")
    .select(["call_id", "category_id"])
    .where(
      "call_id",
      "in",
      calls.map((c) => c.id),
    )
    .execute();
  return calls.map((c) => ({ ...c, categoryIds: links.filter((l) => l.call_id === c.id).map((l) => l.category_id) }));
}

/** Buyers see the calls at their levels; everyone else the published ones. */
export async function listCalls(data: DistrictData, actor: ProjectActor | null): Promise<CallView[]> {
  let q = callsQuery(data);
  q = actor && isBuyer(actor) ? q.where((eb) => eb.or([buyerCondition("project_calls.area_code", actor), ...(buysAt(actor, null) ? [eb("area_code", "is", null)] : []), eb("status", "<>", "draft")])) : q.where("status", "<>", "draft");
  return withCategories(data, await q.orderBy("opens_on", "desc").limit(200).execute());
}

/** One call: a draft only for its buyers, 404 otherwise. */
export async function getCall(data: DistrictData, actor: ProjectActor | null, callId: string): Promise<CallView> {
  return callFrom(actor, await data.read(callReads(data, callId)));
}

/** The reads of one call and its categories, to send in one batch with a caller's other reads. */
export function callReads(data: DistrictData, callId: string) {
  return [callsQuery(data).where("id", "=", callId), data.selectFrom("project_call_categories").select("category_id").where("call_id", "=", callId)];
}

/** The call from the rows of callReads(): a draft only for its buyers, 404 otherwise. */
export function callFrom(actor: ProjectActor | null, [rows, links]: readonly Record<string, unknown>[][]): CallView {
  const row = rows?.[0] as Omit<CallView, "categoryIds"> | undefined;
  if (!row || (row.status === "draft" && !(actor && buysAt(actor, row.areaCode)))) throw notFound();
  return { ...row, categoryIds: (links ?? []).map((l) => l.category_id as string) };
}

export function isOpen(call: Pick<CallView, "status" | "opensOn" | "closesOn">, today: string): boolean {
  return call.status === "published" && call.opensOn <= today && today <= call.closesOn;
}

export function instalmentShares(instalments: string): number[] {
  return instalments.split(",").map(Number);
}

async function checkCall(data: DistrictData, actor: ProjectActor, input: CallInput): Promise<FieldError[]> {
  const area = input.areaCode || null;
  const errors: FieldError[] = [];
  if (!buysAt(actor, area)) errors.push(fieldError(actor, "areaCode", "projects.error.areaOutOfScope"));
  if (input.closesOn < input.opensOn) errors.push(fieldError(actor, "closesOn", "projects.error.closesBeforeOpens"));
  if (input.projectCapYuan > input.totalBudgetYuan) errors.push(fieldError(actor, "projectCapYuan", "projects.error.capAboveTotal"));
  const shares = instalmentShares(input.instalments);
  if (shares.some((s) => s < 1) || shares.reduce((a, b) => a + b, 0) !== 100) errors.push(fieldError(actor, "instalments", "projects.error.instalmentsSum"));
  if (new Set(input.categoryIds).size !== input.categoryIds.length) errors.push(fieldError(actor, "categoryIds", "projects.error.unknownCategory"));
  if (errors.length) return errors;
  // The call is paid from the budgets of its categories at its level and year.
  const budgets = isBuyer(actor) ? (await listBudgets(data, actor, { year: input.year })).filter((b) => b.areaCode === area && input.categoryIds.includes(b.categoryId)) : [];
  const categories = await data.selectFrom("project_categories").select("id").where("active", "=", 1).where("id", "in", input.categoryIds).execute();
  if (categories.length !== input.categoryIds.length) return [fieldError(actor, "categoryIds", "projects.error.unknownCategory")];
  const remaining = budgets.reduce((sum, b) => sum + b.remainingYuan, 0);
  if (input.totalBudgetYuan > remaining) errors.push(fieldError(actor, "totalBudgetYuan", "projects.error.aboveBudget", { remaining }));
  return errors;
}

export async function createCall(data: DistrictData, actor: ProjectActor, input: CallInput, now: string): Promise<string> {
  if (!isBuyer(actor)) throw notFound();
  const errors = await checkCall(data, actor, input);
  if (errors.length) throw invalid(errors);
  const id = newId();
  const { categoryIds, ...fields } = input;
  await data.write(
    [
      data.insertInto("project_calls", {
        id,
        kind: input.kind,
        title: input.title,
        description: input.description,
        needs: input.needs,
        year: input.year,
        area_code: input.areaCode || null,
        opens_on: input.opensOn,
        closes_on: input.closesOn,
        project_cap_yuan: input.projectCapYuan,
        total_budget_yuan: input.totalBudgetYuan,
        min_registration_months: input.minRegistrationMonths,
        allow_founding_teams: input.allowFoundingTeams,
        admin_cap_percent: input.adminCapPercent,
        instalments: input.instalments,
        materials: input.materials,
        status: "draft",
        version: 1,
        rubric_id: null,
        roadshow_on: null,
        created_by: actor.id,
        created_at: now,
        updated_at: now,
      }),
      data.insertInto(
        "project_call_categories",
        categoryIds.map((category_id) => ({ call_id: id, category_id })),
      ),
    ],
    { action: "projects.call_created", targetType: "project_call", targetId: id, after: { ...fields, categoryIds } },
  );
  return id;
}

/** draft → published (bids may be saved from its opening day). */
export async function publishCall(data: DistrictData, actor: ProjectActor, callId: string, version: number, now: string): Promise<void> {
  const call = await getCall(data, actor, callId);
  if (!buysAt(actor, call.areaCode)) throw notFound();
  if (call.status !== "draft") throw conflict("projects.error.notDraft");
  await guardedWrite(() =>
    data.write(
      [
        data
          .updateTable("project_calls")
          .set({ status: "published", version: version + 1, updated_at: now })
          .where("id", "=", callId)
          .where("status", "=", "draft"),
      ],
      {
        action: "projects.call_published",
        targetType: "project_call",
        targetId: callId,
        before: { status: "draft" },
        after: { status: "published" },
      },
    ),
  );
}

/** The daily job: published calls whose window ended yesterday or earlier close. */
export async function closeEndedCalls(data: DistrictData, today: string, now: string): Promise<number> {
  const due = await data.selectFrom("project_calls").select(["id", "version"]).where("status", "=", "published").where("closes_on", "<", today).execute();
  for (const call of due) {
    await data.write(
      [
        data
          .updateTable("project_calls")
          .set({ status: "closed", version: call.version + 1, updated_at: now })
          .where("id", "=", call.id)
          .where("status", "=", "published"),
      ],
      { action: "projects.call_closed", targetType: "project_call", targetId: call.id, before: { status: "published" }, after: { status: "closed" } },
    );
  }
  return due.length;
}
