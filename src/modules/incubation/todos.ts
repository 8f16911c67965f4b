import type { TodoContext, TodoItem } from "../../core/module-contract";
import { t } from "../../i18n/messages";
import { beijingToday } from "../../lib/beijing-time";
import { managesPark, memberOrganizations } from "./queries";

// Incubation's to-dos: for park staff, eligibility answers due (by the working-day
// deadline set at submission), objections to notices waiting for an answer, exit
// assessments due after a period ended and founding teams past their registration
// deadline; for an applicant, applications returned for changes.

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
        .select(["notice_objections.id", "notice_objections.filed_at", "calls.id as call_id", "calls.title", "parks.area_code"])
        .where("public_notices.subject_kind", "=", "application")
        .where("notice_objections.status", "=", "received")
        .execute(),
    ]);
    const periods = await data
      .selectFrom("incubations")
      .innerJoin("organizations", (j) => j.onRef("organizations.district_id", "=", "incubations.district_id").onRef("organizations.id", "=", "incubations.organization_id"))
      .innerJoin("parks", (j) => j.onRef("parks.district_id", "=", "incubations.district_id").onRef("parks.id", "=", "incubations.park_id"))
      .select(["incubations.id", "incubations.exit_due_on", "incubations.registration_overdue_on", "incubations.registration_due_on", "organizations.name", "parks.area_code"])
      .where("incubations.status", "=", "active")
      .where((eb) => eb.or([eb("incubations.exit_due_on", "is not", null), eb("incubations.registration_overdue_on", "is not", null)]))
      .execute();
    for (const i of periods.filter((row) => managesPark(user, row))) {
      const href = `${base}/incubation/incubations/${i.id}`;
      // Both are already past their date: the period ended, or the registration deadline passed.
      if (i.exit_due_on) items.push({ what: t(l, "inc.todo.page.exitDue"), title: i.name, href, due: i.exit_due_on, overdue: true });
      if (i.registration_overdue_on) items.push({ what: t(l, "inc.todo.page.registrationOverdue"), title: i.name, href, due: i.registration_due_on, overdue: true });
    }
    for (const a of due.filter((row) => managesPark(user, row))) {
      items.push({
        what: t(l, "inc.todo.eligibility"),
        title: `${a.name}（${a.title}）`,
        href: `${base}/incubation/manage/applications/${a.id}`,
        due: a.eligibility_due_on,
        overdue: a.eligibility_due_on !== null && a.eligibility_due_on < today,
        about: { type: "application", id: a.id },
      });
    }
    for (const o of objections.filter((row) => managesPark(user, row))) {
      items.push({ what: t(l, "inc.todo.objection"), title: o.title, href: `${base}/incubation/manage/calls/${o.call_id}`, due: null, overdue: false, about: { type: "objection", id: o.id } });
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
      items.push({ what: t(l, "inc.todo.returned"), title: a.title, href: `${base}/incubation/applications/${a.id}`, due: null, overdue: false, about: { type: "application", id: a.id } });
    }
  }
  return items;
}
