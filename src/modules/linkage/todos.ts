import type { TodoContext, TodoItem } from "../../core/module-contract";
import { t } from "../../i18n/messages";
import { beijingToday } from "../../lib/beijing-time";
import { formatReceipt, needScopes } from "./needs";
import { meetingScopes } from "./meetings";

// Community staff's to-dos in the linkage: residents' needs still waiting for an answer
// (their working-day deadline and whether it has passed) and joint meetings' open action
// items, each within the person's areas and linking to where it is done.

/** The area prefixes to filter on, or null for the whole district. */
const within = (scopes: readonly string[]) => (scopes.includes("") ? null : scopes);

export async function linkageTodos({ data, user, locale: l, base, now }: TodoContext): Promise<TodoItem[]> {
  const needs = needScopes(user);
  const meetings = meetingScopes(user);
  const today = beijingToday(now.getTime());
  const needAreas = within(needs);
  const meetingAreas = within(meetings);
  const [waiting, actions] = await Promise.all([
    needs.length
      ? data
          .selectFrom("linkage_needs")
          .select(["id", "receipt_code", "category", "due_on", "overdue"])
          .where("status", "=", "received")
          .$if(needAreas !== null, (q) => q.where((eb) => eb.or(needAreas!.map((p) => eb("community_code", "like", `${p}%`)))))
          .orderBy("due_on")
          .limit(100)
          .execute()
      : [],
    meetings.length
      ? data
          .selectFrom("linkage_actions")
          .innerJoin("linkage_meetings as m", (j) => j.onRef("m.district_id", "=", "linkage_actions.district_id").onRef("m.id", "=", "linkage_actions.meeting_id"))
          .select(["linkage_actions.title", "linkage_actions.due_on", "linkage_actions.overdue", "m.id as meetingId", "m.title as meeting"])
          .where("linkage_actions.status", "=", "open")
          .$if(meetingAreas !== null, (q) => q.where((eb) => eb.or(meetingAreas!.map((p) => eb("m.area_code", "like", `${p}%`)))))
          .orderBy("linkage_actions.due_on")
          .limit(100)
          .execute()
      : [],
  ]);
  return [
    ...waiting.map((n) => ({
      what: t(l, "linkage.todo.need"),
      title: `${t(l, `linkage.category.${n.category}`)} · ${formatReceipt(n.receipt_code)}`,
      href: `${base}/linkage/needs/${n.id}`,
      due: n.due_on,
      overdue: n.overdue === 1 || n.due_on < today,
    })),
    ...actions.map((a) => ({
      what: t(l, "linkage.todo.action", { meeting: a.meeting }),
      title: a.title,
      href: `${base}/linkage/meetings/${a.meetingId}`,
      due: a.due_on,
      overdue: a.overdue === 1 || (a.due_on !== null && a.due_on < today),
    })),
  ];
}
