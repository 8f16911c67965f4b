import type { TodoContext, TodoItem } from "../../core/module-contract";
import { t } from "../../i18n/messages";
import { beijingToday } from "../../lib/beijing-time";
import { managesPark, memberOrganizations } from "./queries";

// Incubation's to-dos: for park staff, eligibility answers due (by the working-day
// deadline set at submission) and objections to notices waiting for an answer; for an
// applicant, applications returned for changes.

export async function incubationTodos({ data, user, locale: l, base, now }: TodoContext): Promise<TodoItem[]> {
  const today = beijingToday(now.getTime());
  const items: TodoItem[] = [];
  const staff = user.grants.some((g) => g.role === "district_admin" || g.role === "subdistrict_staff");
  if (staff) {
    const [due, objections] = await Promise.all([
      data
        .selectFrom("applications")
        .innerJoin("organizations", (j) => j.onRef("organizations.district_id", "=", "applications.district_id").onRef("organizations.id", "=", "applications.organization_id"))
        .innerJoin("calls", (j) => j.onRef("calls.district_id", "=", "applications.district_id").onRef("calls.id", "=", "applications.call_id"))
        .innerJoin("parks", (j) => j.onRef("parks.district_id", "=", "calls.district_id").onRef("parks.id", "=", "calls.park_id"))
        .select(["applications.id", "applications.eligibility_due_on", "organizations.name", "calls.title", "parks.area_code"])
        .where("applications.status", "=", "submitted")
        .execute(),
      data
        .selectFrom("notice_objections")
        .innerJoin("public_notices", (j) => j.onRef("public_notices.district_id", "=", "notice_objections.district_id").onRef("public_notices.id", "=", "notice_objections.notice_id"))
        .innerJoin("calls", (j) => j.onRef("calls.district_id", "=", "public_notices.district_id").onRef("calls.id", "=", "public_notices.batch_id"))
        .innerJoin("parks", (j) => j.onRef("parks.district_id", "=", "calls.district_id").onRef("parks.id", "=", "calls.park_id"))
        .select(["notice_objections.filed_at", "calls.id as call_id", "calls.title", "parks.area_code"])
        .where("public_notices.subject_kind", "=", "application")
        .where("notice_objections.status", "=", "received")
        .execute(),
    ]);
    for (const a of due.filter((row) => managesPark(user, row))) {
      items.push({
        what: t(l, "inc.todo.eligibility"),
        title: `${a.name}（${a.title}）`,
        href: `${base}/incubation/manage/applications/${a.id}`,
        due: a.eligibility_due_on,
        overdue: a.eligibility_due_on !== null && a.eligibility_due_on < today,
      });
    }
    for (const o of objections.filter((row) => managesPark(user, row))) {
      items.push({ what: t(l, "inc.todo.objection"), title: o.title, href: `${base}/incubation/manage/calls/${o.call_id}`, due: null, overdue: false });
    }
  }
  const orgs = memberOrganizations(user);
  if (orgs.length) {
    const returned = await data
      .selectFrom("applications")
      .innerJoin("calls", (j) => j.onRef("calls.district_id", "=", "applications.district_id").onRef("calls.id", "=", "applications.call_id"))
      .select(["applications.id", "calls.title"])
      .where("applications.organization_id", "in", orgs)
      .where("applications.status", "=", "returned")
      .execute();
    for (const a of returned) {
      items.push({ what: t(l, "inc.todo.returned"), title: a.title, href: `${base}/incubation/applications/${a.id}`, due: null, overdue: false });
    }
  }
  return items;
}
