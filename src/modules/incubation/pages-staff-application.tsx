import type { Hono } from "hono";
import type { AppEnv } from "../../env";
import { notFound } from "../../http/errors";
import { routes } from "../../http/routes";
import { t } from "../../i18n/messages";
import { aggregate, loadRubric, moveTo } from "../../review";
import { ChoiceGroup, SelectField, TextArea } from "../../ui/form";
import { CsrfField, Layout, pageInfo } from "../../ui/layout";
import { applicationHistory, attachmentsOf, findManagedApplication, findPark, managesPark, memberOrganizations } from "./queries";
import { decisionSchema, eligibilitySchema } from "./schemas";
import * as service from "./service";
import { allowedActions } from "./state";
import { Section, StatusBadge, when } from "./views";
import { back, parseOrFail, str, type Form } from "./pages-staff";
import { readFile } from "../../operations/files";

// Staff pages of one application: its details, eligibility, reviewers and their
// declarations, the decision; and attachments for whoever may see them.

export function registerIncubationApplicationStaffPages(app: Hono<AppEnv>): void {
  const r = routes(app, "district");

  // ----------------------------------------------------------------- one application (staff)
  r.get("/incubation/manage/applications/:id", "incubation.manage", async (c) => {
    const { app, call } = await findManagedApplication(c, c.req.param("id") ?? "");
    const data = c.var.data;
    const page = pageInfo(c);
    const l = page.locale;
    const rubric = (await loadRubric(data, call.rubric_id))!;
    const [history, attachments, org, agg] = await Promise.all([
      applicationHistory(data, app.id),
      attachmentsOf(data, app.id),
      data.selectFrom("organizations").select(["name", "kind", "uscc"]).where("id", "=", app.organization_id).executeTakeFirstOrThrow(),
      aggregate(data, rubric, [app.id]).then((m) => m.get(app.id)!),
    ]);
    const assignments = await data
      .selectFrom("review_assignments")
      .innerJoin("users", (j) => j.onRef("users.district_id", "=", "review_assignments.district_id").onRef("users.id", "=", "review_assignments.reviewer_id"))
      .select(["review_assignments.id", "review_assignments.status", "review_assignments.conflict_reason", "review_assignments.submitted_at", "users.display_name"])
      .where("review_assignments.subject_id", "=", app.id)
      .execute();
    const reviewers = await data
      .selectFrom("role_grants")
      .innerJoin("users", (j) => j.onRef("users.district_id", "=", "role_grants.district_id").onRef("users.id", "=", "role_grants.user_id"))
      .select(["users.id", "users.display_name"])
      .where("role_grants.role", "=", "reviewer")
      .execute();
    const form = JSON.parse(app.form_json) as { orgIntro: string; plan: string; teamSize: number | null; founders: { name: string; role: string }[] };
    const allowed = allowedActions(app.status);
    const incubation = await data.selectFrom("incubations").select("id").where("application_id", "=", app.id).executeTakeFirst();
    return c.html(
      <Layout page={page} title={`${org.name} · ${call.title}`}>
        <h1>{org.name}</h1>
        <p>
          <a href={`${page.base}/incubation/manage/calls/${call.id}`}>{call.title}</a> · <StatusBadge locale={l} status={app.status} />
          {app.eligibility_due_on ? ` · ${t(l, "inc.app.eligibilityDue")}: ${app.eligibility_due_on}` : ""}
          {incubation ? (
            <>
              {" · "}
              <a href={`${page.base}/incubation/incubations/${incubation.id}`}>{t(l, "inc.incubation.title")}</a>
            </>
          ) : null}
        </p>
        <Section title={t(l, "inc.app.title")} id="content">
          <h3>{t(l, "inc.app.orgIntro")}</h3>
          <p class="prewrap">{form.orgIntro}</p>
          <h3>{t(l, "inc.app.plan")}</h3>
          <p class="prewrap">{form.plan}</p>
          {form.founders.length ? (
            <>
              <h3>{t(l, "inc.app.founders")}</h3>
              <ul>
                {form.founders.map((f) => (
                  <li>
                    {f.name} {f.role}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <h3>{t(l, "inc.app.attachments")}</h3>
          <ul>
            {attachments.map((a) => (
              <li>
                <a href={`${page.base}/incubation/attachments/${a.id}`}>{a.filename}</a> ({a.material_key})
              </li>
            ))}
          </ul>
        </Section>
        {allowed.includes("pass") ? (
          <Section title={t(l, "inc.staff.eligibility")} id="eligibility">
            <form class="stack" method="post" action={`${page.base}/incubation/manage/applications/${app.id}/eligibility`}>
              <CsrfField token={page.csrfToken} />
              <input type="hidden" name="version" value={String(app.version)} />
              <ChoiceGroup
                name="outcome"
                type="radio"
                legend={t(l, "inc.staff.eligibility")}
                options={[
                  { value: "pass", label: t(l, "inc.action.pass") },
                  { value: "return", label: t(l, "inc.action.return") },
                  { value: "reject", label: t(l, "inc.action.reject_eligibility") },
                ]}
                selected={["pass"]}
              />
              <TextArea name="reasons" label={t(l, "inc.staff.reasons")} rows={3} required />
              <button type="submit">{t(l, "inc.staff.eligibility")}</button>
            </form>
          </Section>
        ) : null}
        {app.status === "in_review" || assignments.length ? (
          <Section title={t(l, "inc.call.ranking")} id="review">
            <p>
              {t(l, "inc.app.score")}: {agg.mean ?? "—"} · {t(l, "inc.app.spread")}: {agg.spread ?? "—"} · {t(l, "inc.app.reviewers")}: {agg.counted}
            </p>
            <ul>
              {assignments.map((a) => (
                <li>
                  {a.display_name} · {t(l, `inc.review.status.${a.status}`)}
                  {a.conflict_reason ? ` (${a.conflict_reason})` : ""}
                  {a.submitted_at ? ` · ${when(a.submitted_at)}` : ""}
                  {a.status === "conflicted" || a.status === "awaiting_declaration" ? (
                    <form method="post" action={`${page.base}/incubation/manage/assignments/${a.id}/move`} class="actions">
                      <CsrfField token={page.csrfToken} />
                      <SelectField name="reviewerId" label={t(l, "inc.review.status.moved")} options={reviewers.map((u) => ({ value: u.id, label: u.display_name }))} />
                      <button type="submit" class="secondary">
                        {t(l, "inc.review.status.moved")}
                      </button>
                    </form>
                  ) : null}
                </li>
              ))}
            </ul>
          </Section>
        ) : null}
        {allowed.includes("propose") ? (
          <Section title={t(l, "inc.staff.decision")} id="decision">
            <form class="stack" method="post" action={`${page.base}/incubation/manage/applications/${app.id}/decision`}>
              <CsrfField token={page.csrfToken} />
              <input type="hidden" name="version" value={String(app.version)} />
              <ChoiceGroup
                name="outcome"
                type="radio"
                legend={t(l, "inc.staff.decision")}
                options={[
                  { value: "admit", label: t(l, "inc.action.propose") },
                  { value: "reject", label: t(l, "inc.action.reject") },
                ]}
                selected={["admit"]}
              />
              <TextArea name="reasons" label={t(l, "inc.staff.reasons")} rows={3} required />
              <button type="submit">{t(l, "inc.staff.decision")}</button>
            </form>
          </Section>
        ) : null}
        <Section title={t(l, "inc.app.history")} id="history">
          <ol>
            {history.map((h) => (
              <li>
                {when(h.at)} · {t(l, `inc.status.${h.to_status as "draft"}`)} · {t(l, `role.${h.actor_role as "public"}`)}
                {h.note ? <span class="prewrap"> — {h.note}</span> : null}
              </li>
            ))}
          </ol>
        </Section>
      </Layout>,
    );
  });

  r.post("/incubation/manage/applications/:id/eligibility", "incubation.manage", async (c) => {
    const body = (await c.req.parseBody()) as Form;
    const input = parseOrFail(c, eligibilitySchema, { outcome: str(body, "outcome"), reasons: str(body, "reasons"), version: Number(str(body, "version")) });
    await service.checkEligibility(c, c.req.param("id") ?? "", input);
    return back(c, `/incubation/manage/applications/${c.req.param("id")}`);
  });

  r.post("/incubation/manage/applications/:id/decision", "incubation.manage", async (c) => {
    const body = (await c.req.parseBody()) as Form;
    const input = parseOrFail(c, decisionSchema, { outcome: str(body, "outcome"), reasons: str(body, "reasons"), version: Number(str(body, "version")) });
    await service.decide(c, c.req.param("id") ?? "", input);
    return back(c, `/incubation/manage/applications/${c.req.param("id")}`);
  });

  r.post("/incubation/manage/assignments/:id/move", "incubation.manage", async (c) => {
    const body = (await c.req.parseBody()) as Form;
    const a = await c.var.data
      .selectFrom("review_assignments")
      .select(["subject_id", "subject_kind"])
      .where("id", "=", c.req.param("id") ?? "")
      .executeTakeFirst();
    if (!a || a.subject_kind !== service.SUBJECT_KIND) throw notFound();
    await moveTo(c, c.req.param("id") ?? "", str(body, "reviewerId"));
    return back(c, `/incubation/manage/applications/${a.subject_id}#review`);
  });

  // ----------------------------------------------------------------- attachments
  r.get("/incubation/attachments/:id", "signed_in", async (c) => {
    const data = c.var.data;
    const att = await data
      .selectFrom("application_attachments")
      .selectAll()
      .where("id", "=", c.req.param("id") ?? "")
      .executeTakeFirst();
    if (!att) throw notFound();
    const user = c.var.user!;
    const app = await data.selectFrom("applications").select(["organization_id", "call_id"]).where("id", "=", att.application_id).executeTakeFirstOrThrow();
    let allowed = memberOrganizations(user).includes(app.organization_id);
    if (!allowed) {
      const reviewing = await data.selectFrom("review_assignments").select("id").where("subject_id", "=", att.application_id).where("reviewer_id", "=", user.id).where("status", "=", "clear").executeTakeFirst();
      allowed = !!reviewing;
    }
    if (!allowed) {
      const call = await data.selectFrom("calls").select("park_id").where("id", "=", app.call_id).executeTakeFirstOrThrow();
      allowed = managesPark(user, await findPark(data, call.park_id));
    }
    // Whoever may not see it is told it does not exist.
    if (!allowed) throw notFound();
    const object = await readFile(c.env, att.r2_key);
    if (!object) throw notFound();
    return new Response(object.body, {
      headers: {
        "content-type": att.content_type,
        "content-length": String(att.size),
        "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(att.filename)}`,
        "cache-control": "private, no-store",
        "x-content-type-options": "nosniff",
      },
    });
  });
}
