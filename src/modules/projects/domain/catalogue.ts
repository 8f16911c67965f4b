import { notDistrictWide } from "../../../auth/scope";
import type { DistrictData } from "../../../data/district-data";
import { notFound } from "../../../http/errors";
import { newId } from "../../../lib/ids";
import { buyerCondition, buysAt, fieldError, guardedWrite, invalid, isBuyer, type ProjectActor } from "../actor";
import type { BudgetInput, CategoryInput } from "../schemas";
import type { PurchaseMethod } from "../tables";
import { sameDistrict } from "../../../data/joins";

// 政府购买服务目录 and the yearly budgets per category and level (district or 街道),
// with what awards have committed and payments have paid out of each.

export interface Category {
  id: string;
  nameZh: string;
  nameEn: string;
  purchaseMethod: PurchaseMethod;
  active: number;
}

export async function listCategories(data: DistrictData): Promise<Category[]> {
  return data.selectFrom("project_categories").select(["id", "name_zh as nameZh", "name_en as nameEn", "purchase_method as purchaseMethod", "active"]).orderBy("created_at").orderBy("id").execute();
}

export async function createCategory(data: DistrictData, actor: ProjectActor, input: CategoryInput, now: string): Promise<string> {
  // The catalogue is the district's: only a district-wide buyer (a district-wide grant of projects.manage) edits it.
  if (!buysAt(actor, null)) throw notDistrictWide();
  const id = newId();
  await guardedWrite(
    () =>
      data.write([data.insertInto("project_categories", { id, name_zh: input.nameZh, name_en: input.nameEn, purchase_method: input.purchaseMethod, active: 1, version: 1, created_at: now, updated_at: now })], {
        action: "projects.category_created",
        targetType: "project_category",
        targetId: id,
        after: { ...input },
      }),
    () => invalid([fieldError(actor, "nameZh", "projects.error.duplicateCategory")]),
  );
  return id;
}

export interface BudgetFigures {
  id: string;
  year: number;
  categoryId: string;
  areaCode: string | null;
  amountYuan: number;
  committedYuan: number;
  paidYuan: number;
  remainingYuan: number;
  version: number;
}

const key = (year: number, category: string | null, area: string | null) => `${year}|${category ?? ""}|${area ?? ""}`;

/**
 * Budgets with committed (awarded bids), paid (paid instalments) and remaining
 * (budget − committed), for the years asked, at the levels the actor buys for.
 */
export async function listBudgets(data: DistrictData, actor: ProjectActor, filter: { year?: number }): Promise<BudgetFigures[]> {
  if (!isBuyer(actor)) throw notFound();
  let budgets = data
    .selectFrom("project_budgets")
    .select(["id", "year", "category_id as categoryId", "area_code as areaCode", "amount_yuan as amountYuan", "version"])
    .where((eb) => eb.or([buyerCondition("project_budgets.area_code", actor), ...(buysAt(actor, null) ? [eb("project_budgets.area_code", "is", null)] : [])]));
  if (filter.year) budgets = budgets.where("year", "=", filter.year);
  const [rows, committed, paid] = await data.read<Record<string, unknown>>([budgets.orderBy("year", "desc").orderBy("area_code").orderBy("category_id"), commitmentsQuery(data), paymentsQuery(data)]);
  const sums = (list: Record<string, unknown>[]) => new Map(list.map((r) => [key(Number(r.year), r.categoryId as string, (r.areaCode as string | null) ?? null), Number(r.total)]));
  const c = sums(committed!);
  const p = sums(paid!);
  return (rows as unknown as Omit<BudgetFigures, "committedYuan" | "paidYuan" | "remainingYuan">[]).map((b) => {
    const k = key(b.year, b.categoryId, b.areaCode);
    const committedYuan = c.get(k) ?? 0;
    return { ...b, committedYuan, paidYuan: p.get(k) ?? 0, remainingYuan: b.amountYuan - committedYuan };
  });
}

/** Awarded bids by the year, category and level of their call. */
export function commitmentsQuery(data: DistrictData) {
  return data
    .selectFrom("project_bids")
    .innerJoin("project_calls", sameDistrict("project_calls", "project_bids.call_id"))
    .where("project_bids.status", "=", "awarded")
    .select((eb) => ["project_calls.year as year", "project_bids.category_id as categoryId", "project_calls.area_code as areaCode", eb.fn.sum<number>("project_bids.amount_yuan").as("total")])
    .groupBy(["project_calls.year", "project_bids.category_id", "project_calls.area_code"]);
}

/** Paid instalments by the year, category and level of their call. */
export function paymentsQuery(data: DistrictData) {
  return data
    .selectFrom("project_instalments")
    .innerJoin("project_contracts", sameDistrict("project_contracts", "project_instalments.contract_id"))
    .innerJoin("project_bids", sameDistrict("project_bids", "project_contracts.bid_id"))
    .innerJoin("project_calls", sameDistrict("project_calls", "project_bids.call_id"))
    .where("project_instalments.status", "=", "paid")
    .select((eb) => ["project_calls.year as year", "project_bids.category_id as categoryId", "project_calls.area_code as areaCode", eb.fn.sum<number>("project_instalments.amount_yuan").as("total")])
    .groupBy(["project_calls.year", "project_bids.category_id", "project_calls.area_code"]);
}

export async function createBudget(data: DistrictData, actor: ProjectActor, input: BudgetInput, now: string): Promise<string> {
  const area = input.areaCode || null;
  if (!buysAt(actor, area)) throw invalid([fieldError(actor, "areaCode", "projects.error.areaOutOfScope")]);
  const [category, areaRow] = await data.read([
    data.selectFrom("project_categories").select("id").where("id", "=", input.categoryId),
    data
      .selectFrom("areas")
      .select("code")
      .where("code", "=", area ?? "")
      .where("level", "=", "subdistrict"),
  ]);
  const errors = [];
  if (!category!.length) errors.push(fieldError(actor, "categoryId", "projects.error.unknownCategory"));
  if (area && !areaRow!.length) errors.push(fieldError(actor, "areaCode", "projects.error.unknownArea"));
  if (errors.length) throw invalid(errors);
  const id = newId();
  await guardedWrite(
    () =>
      data.write([data.insertInto("project_budgets", { id, year: input.year, category_id: input.categoryId, area_code: area, amount_yuan: input.amountYuan, version: 1, created_by: actor.id, created_at: now, updated_at: now })], {
        action: "projects.budget_created",
        targetType: "project_budget",
        targetId: id,
        after: { ...input },
      }),
    () => invalid([fieldError(actor, "categoryId", "projects.error.duplicateBudget")]),
  );
  return id;
}

/** A new amount; it may not fall below what is already committed. */
export async function updateBudget(data: DistrictData, actor: ProjectActor, budgetId: string, input: { amountYuan: number; version: number }, now: string): Promise<void> {
  const budget = (await listBudgets(data, actor, {})).find((b) => b.id === budgetId);
  if (!budget) throw notFound();
  if (input.amountYuan < budget.committedYuan) throw invalid([fieldError(actor, "amountYuan", "projects.error.belowCommitted", { committed: budget.committedYuan })]);
  await guardedWrite(() =>
    data.write(
      [
        data
          .updateTable("project_budgets")
          .set({ amount_yuan: input.amountYuan, version: input.version + 1, updated_at: now })
          .where("id", "=", budgetId),
      ],
      {
        action: "projects.budget_changed",
        targetType: "project_budget",
        targetId: budgetId,
        before: { amountYuan: budget.amountYuan },
        after: { amountYuan: input.amountYuan },
      },
    ),
  );
}
