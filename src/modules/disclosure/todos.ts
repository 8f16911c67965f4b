import { type Access, mayAccess } from "../../auth/permissions";
import { inAreas } from "../../auth/scope";
import type { TodoContext, TodoItem } from "../../core/module-contract";
import { t } from "../../i18n/messages";
import { beijingDate, beijingToday } from "../../lib/beijing-time";
import { pendingClaims } from "./registry";
import { actorOf, creditAreas, evaluationAreas } from "./actor";
import { listingCandidates } from "./credit-candidates";
import { evaluationObjections } from "./evaluation-queries";

// Disclosure's to-dos for staff: organization claims to verify (in their area),
// objections and rectification or exit requests on credit-list entries, and appeals
// against evaluation results, the last two with the answer deadline set when filed;
// objections to an evaluation notice not yet handled; and organizations the registry's
// facts propose for a credit list (credit-candidates.ts). Evaluation tasks are those of
// the manager's areas, as on the round page; credit tasks those of the credit manager's
// areas, as on the credit page.

export async function disclosureTodos({ data, user, locale: l, base, now }: TodoContext): Promise<TodoItem[]> {
  const roles = user.grants.map((g) => g.role);
  const holds = (access: Access) => mayAccess(roles, access);
  const today = beijingToday(now.getTime());
  const items: TodoItem[] = [];
  const areas = evaluationAreas(user);
  const credit = creditAreas(user);
  const [claims, requests, appeals, objections, candidates] = await Promise.all([
    holds("registry.manage") ? pendingClaims(data, actorOf(user, l)) : [],
    holds("credit.manage")
      ? data
          .selectFrom("credit_requests")
          .innerJoin("organizations", (j) => j.onRef("organizations.district_id", "=", "credit_requests.district_id").onRef("organizations.id", "=", "credit_requests.organization_id"))
          .select(["credit_requests.entry_id", "credit_requests.kind", "credit_requests.answer_due_on", "organizations.name"])
          .where("credit_requests.status", "=", "pending")
          .where(inAreas("organizations.area_code", credit))
          .execute()
      : [],
    holds("evaluation.manage")
      ? data
          .selectFrom("evaluation_appeals")
          .innerJoin("organizations", (j) => j.onRef("organizations.district_id", "=", "evaluation_appeals.district_id").onRef("organizations.id", "=", "evaluation_appeals.organization_id"))
          .select(["evaluation_appeals.evaluation_id", "evaluation_appeals.answer_due_on", "organizations.name"])
          .where("evaluation_appeals.status", "=", "pending")
          .where(inAreas("organizations.area_code", areas))
          .execute()
      : [],
    holds("evaluation.manage")
      ? evaluationObjections(data, areas)
          .leftJoin("notice_items", (j) =>
            j.onRef("notice_items.district_id", "=", "notice_objections.district_id").onRef("notice_items.notice_id", "=", "notice_objections.notice_id").onRef("notice_items.subject_id", "=", "notice_objections.subject_id"),
          )
          .select(["notice_objections.id", "public_notices.batch_id", "public_notices.ends_at", "public_notices.title", "notice_items.label"])
          .where("notice_objections.status", "=", "received")
          .execute()
      : [],
    holds("credit.manage") ? listingCandidates(data, today, { areas: credit }) : [],
  ]);
  for (const c of claims) items.push({ what: t(l, "disclosure.todo.claim"), title: c.name, href: `${base}/manage/claims`, due: null, overdue: false });
  for (const r of requests) {
    items.push({ what: t(l, `disclosure.todo.credit.${r.kind}`), title: r.name, href: `${base}/manage/credit/${r.entry_id}`, due: r.answer_due_on, overdue: r.answer_due_on < today, about: { type: "credit_entry", id: r.entry_id } });
  }
  for (const a of appeals) {
    items.push({ what: t(l, "disclosure.todo.appeal"), title: a.name, href: `${base}/manage/evaluation/${a.evaluation_id}`, due: a.answer_due_on, overdue: a.answer_due_on < today, about: { type: "evaluation", id: a.evaluation_id } });
  }
  // No source sets a deadline for answering an objection to the 公示 (办法 2010 art. 16 lists
  // 受理复核申请和举报 after it, with no time limit); the notice cannot settle while one is
  // open, so it is due by the notice's last day and overdue once the notice has ended.
  for (const o of objections) {
    const due = beijingDate(o.ends_at);
    items.push({ what: t(l, "disclosure.todo.objection"), title: o.label ?? o.title, href: `${base}/manage/evaluations/${o.batch_id}#objections`, due, overdue: due < today, about: { type: "objection", id: o.id } });
  }
  // Proposed listings: due when the 办法's recording period after the information formed ends.
  for (const p of candidates) {
    items.push({
      what: t(l, `disclosure.todo.candidate.${p.ground}`, p.params),
      title: p.name,
      href: p.entryId ? `${base}/manage/credit/${p.entryId}` : `${base}/manage/organizations/${p.organizationId}/credit/new?candidate=${p.ground}`,
      due: p.recordBy,
      overdue: p.recordBy < today,
    });
  }
  return items;
}
