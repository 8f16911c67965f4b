import { rolesFor, type Access } from "../../auth/permissions";
import type { CurrentUser } from "../../auth/sessions";
import type { TodoContext, TodoItem } from "../../core/module-contract";
import { t } from "../../i18n/messages";
import { beijingToday } from "../../lib/beijing-time";
import { pendingClaims } from "./registry";

// Disclosure's to-dos for staff: organization claims to verify (in their area),
// objections and rectification or exit requests on credit-list entries, and appeals
// against evaluation results, the last two with the answer deadline set when filed.

function holds(user: CurrentUser, access: Access): boolean {
  const roles = rolesFor(access);
  return roles === "anyone" || roles === "any_signed_in" || user.grants.some((g) => roles.includes(g.role));
}

export async function disclosureTodos({ data, user, locale: l, base, now }: TodoContext): Promise<TodoItem[]> {
  const today = beijingToday(now.getTime());
  const items: TodoItem[] = [];
  const [claims, requests, appeals] = await Promise.all([
    holds(user, "registry.manage") ? pendingClaims(data, user) : [],
    holds(user, "credit.manage")
      ? data
          .selectFrom("credit_requests")
          .innerJoin("organizations", (j) => j.onRef("organizations.district_id", "=", "credit_requests.district_id").onRef("organizations.id", "=", "credit_requests.organization_id"))
          .select(["credit_requests.entry_id", "credit_requests.kind", "credit_requests.answer_due_on", "organizations.name"])
          .where("credit_requests.status", "=", "pending")
          .execute()
      : [],
    holds(user, "evaluation.manage")
      ? data
          .selectFrom("evaluation_appeals")
          .innerJoin("organizations", (j) => j.onRef("organizations.district_id", "=", "evaluation_appeals.district_id").onRef("organizations.id", "=", "evaluation_appeals.organization_id"))
          .select(["evaluation_appeals.evaluation_id", "evaluation_appeals.answer_due_on", "organizations.name"])
          .where("evaluation_appeals.status", "=", "pending")
          .execute()
      : [],
  ]);
  for (const c of claims) items.push({ what: t(l, "disclosure.todo.claim"), title: c.name, href: `${base}/manage/claims`, due: null, overdue: false });
  for (const r of requests) {
    items.push({ what: t(l, `disclosure.todo.credit.${r.kind}`), title: r.name, href: `${base}/manage/credit/${r.entry_id}`, due: r.answer_due_on, overdue: r.answer_due_on < today });
  }
  for (const a of appeals) {
    items.push({ what: t(l, "disclosure.todo.appeal"), title: a.name, href: `${base}/manage/evaluation/${a.evaluation_id}`, due: a.answer_due_on, overdue: a.answer_due_on < today });
  }
  return items;
}
