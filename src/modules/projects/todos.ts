import type { TodoContext, TodoItem } from "../../core/module-contract";
import { t } from "../../i18n/messages";
import { beijingToday } from "../../lib/beijing-time";
import { actorOf, buyerCondition, isBuyer } from "./actor";
import { dueEvaluations } from "./domain/reminders";
import { sameDistrict } from "../../data/joins";

// The buyer's to-dos in the project chain: change requests waiting for a decision,
// evaluations due by the contract's term and not yet opened, and instalments whose gate
// has passed, for staff whose scope covers the call; each links
// to the contract page where it is done.

export async function projectsTodos({ data, user, locale: l, base, now }: TodoContext): Promise<TodoItem[]> {
  const a = actorOf(user, l);
  if (!isBuyer(a)) return [];
  const contracts = (q: ReturnType<typeof data.selectFrom<"project_contracts">>) =>
    q.innerJoin("project_bids as b", sameDistrict("b", "project_contracts.bid_id")).innerJoin("project_calls as k", sameDistrict("k", "b.call_id")).where(buyerCondition("k.area_code", a));
  const today = beijingToday(now.getTime());
  const [changes, instalments, evaluations] = await Promise.all([
    contracts(data.selectFrom("project_contracts"))
      .innerJoin("project_changes as x", (j) => j.onRef("x.district_id", "=", "project_contracts.district_id").onRef("x.contract_id", "=", "project_contracts.id"))
      .select(["project_contracts.id", "x.id as change_id", "b.title", "x.created_at"])
      .where("x.status", "=", "requested")
      .orderBy("x.created_at")
      .limit(100)
      .execute(),
    contracts(data.selectFrom("project_contracts"))
      .innerJoin("project_instalments as i", (j) => j.onRef("i.district_id", "=", "project_contracts.district_id").onRef("i.contract_id", "=", "project_contracts.id"))
      .select(["project_contracts.id", "b.title", "i.seq", "i.due_on", "i.overdue"])
      .where("i.status", "=", "due")
      .orderBy("i.due_on")
      .limit(100)
      .execute(),
    dueEvaluations(data, today, (q) => q.where(buyerCondition("k.area_code", a))),
  ]);
  const href = (id: string) => `${base}/projects/contracts/${id}`;
  return [
    ...changes.map((c) => ({ what: t(l, "projects.todo.change"), title: c.title, href: href(c.id), due: null, overdue: false, about: { type: "project_change", id: c.change_id } })),
    ...evaluations.map((e) => ({ what: t(l, `projects.todo.${e.stage}Evaluation`), title: e.title, href: href(e.contractId), due: e.dueOn, overdue: e.dueOn < today, about: { type: "project_contract", id: e.contractId } })),
    ...instalments.map((i) => ({
      what: t(l, "projects.todo.instalment", { n: i.seq }),
      title: i.title,
      href: href(i.id),
      due: i.due_on,
      overdue: i.overdue === 1 || (i.due_on !== null && i.due_on < today),
      about: { type: "project_contract", id: i.id },
    })),
  ];
}
