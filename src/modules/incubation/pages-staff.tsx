import type { Context, Hono } from "hono";
import * as z from "zod/mini";
import type { AppEnv } from "../../env";
import { notFound, validationFailed } from "../../http/errors";
import { routes } from "../../http/routes";
import { toFieldErrors } from "../../http/validation";
import { t } from "../../i18n/messages";
import { atBeijing } from "../../lib/beijing-time";
import { nowIso } from "../../lib/time";
import { noticePhase } from "../../review/notices";
import { loadRubric, type RubricItemInput } from "../../review/rubrics";
import { aggregate } from "../../review/scoring";
import { checkedValues, ChoiceGroup, SelectField, TextArea, TextField } from "../../ui/form";
import { CsrfField, Layout, pageInfo } from "../../ui/layout";
import { dashboard } from "./dashboard";
import { applicationHistory, attachmentsOf, findManagedApplication, findManagedPark, findPark, managesPark, memberOrganizations } from "./queries";
import { callSchema, decisionSchema, declarationSchema, eligibilitySchema, exitSchema, milestoneSchema, parkUpdateSchema, scoresSchema, serviceRecordSchema, spaceSchema, spaceUpdateSchema } from "./schemas";
import { PARK_SERVICES } from "./tables";
import * as service from "./service";
import { allowedActions } from "./state";
import { day, Flash, Section, StatusBadge, when } from "./views";
import { grantCovers } from "../../auth/scope";

// Staff pages (call set-up, queue and ranking, eligibility, assignment, decisions,
// notices and objections, incubation records, figures) and the reviewer's pages
// (declaration, then scoring). Every POST maps its form onto the API's schema and the
// same service function.

type Form = Record<string, string | File | (string | File)[]>;
const str = (body: Form, key: string) => (typeof body[key] === "string" ? (body[key] as string) : "");
const back = (c: Context<AppEnv>, path: string) => c.redirect(`${c.var.base}${path}`, 303);

function parseOrFail<S extends z.ZodMiniType>(c: Context<AppEnv>, schema: S, value: unknown): z.output<S> {
  const result = z.safeParse(schema, value);
  if (!result.success) throw validationFailed(toFieldErrors(result.error, c.var.locale, value));
  return result.data;
}

export function registerIncubationStaffPages(app: Hono<AppEnv>): void {
  const r = routes(app, "district");

  // ----------------------------------------------------------------- overview and call set-up
  r.get("/incubation/manage", "incubation.manage", async (c) => {
    const page = pageInfo(c);
    const l = page.locale;
    const data = c.var.data;
    const parks = (await data.selectFrom("parks").select(["id", "name", "area_code"]).orderBy("name").execute()).filter((p) => managesPark(c.var.user, p));
    const calls = parks.length ? await data.selectFrom("calls").select(["id", "park_id", "title", "opens_at", "closes_at", "status"]).where("park_id", "in", parks.map((p) => p.id)).orderBy("closes_at", "desc").execute() : [];
    const reviewers = await data
      .selectFrom("role_grants")
      .innerJoin("users", (j) => j.onRef("users.district_id", "=", "role_grants.district_id").onRef("users.id", "=", "role_grants.user_id"))
      .select(["users.id", "users.display_name"])
      .where("role_grants.role", "=", "reviewer")
      .where("users.status", "=", "active")
      .execute();
    const now = nowIso();
    return c.html(
      <Layout page={page} title={t(l, "inc.staff.queue")}>
        <h1>{t(l, "inc.staff.queue")}</h1>
        <p>
          <a href={`${page.base}/incubation/dashboard`}>{t(l, "inc.dashboard.title")}</a>
        </p>
        <h2>{t(l, "inc.parks.title")}</h2>
        <ul>
          {parks.map((p) => (
            <li>
              <a href={`${page.base}/incubation/manage/parks/${p.id}`}>{p.name}</a>
            </li>
          ))}
        </ul>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t(l, "inc.call.window")}</th>
                <th scope="col">{t(l, "areas.name")}</th>
                <th scope="col">{t(l, "staff.status")}</th>
              </tr>
            </thead>
            <tbody>
              {calls.map((call) => (
                <tr>
                  <td>
                    {day(call.opens_at)} ~ {day(call.closes_at)}
                  </td>
                  <td>
                    <a href={`${page.base}/incubation/manage/calls/${call.id}`}>{call.title}</a> · {parks.find((p) => p.id === call.park_id)?.name}
                  </td>
                  <td>{t(l, `inc.call.${call.status === "closed" || now >= call.closes_at ? "closed" : now < call.opens_at ? "upcoming" : "open"}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {parks.length ? (
          <Section title={t(l, "inc.call.new")} id="new-call">
            <form class="stack" method="post" action={`${page.base}/incubation/manage/calls`} novalidate>
              <CsrfField token={page.csrfToken} />
              <SelectField name="parkId" label={t(l, "inc.parks.title")} options={parks.map((p) => ({ value: p.id, label: p.name }))} />
              <TextField name="title" label={t(l, "areas.name")} required maxLength={100} />
              <TextField name="opensOn" label={`${t(l, "inc.call.window")} (YYYY-MM-DD)`} required />
              <TextField name="closesOn" label={`${t(l, "inc.call.window")} ~ (YYYY-MM-DD)`} required />
              <TextField name="places" label={t(l, "inc.call.places")} required />
              <TextArea name="eligibilityText" label={t(l, "inc.call.eligibility")} required />
              <TextArea name="materials" label={t(l, "inc.call.materials")} hint="key|名称|required, e.g. plan|孵化计划书|required" rows={3} />
              <TextArea name="rubric" label={t(l, "inc.call.rubric")} hint="名称|权重|满分, e.g. 项目可行性|30|30" rows={5} required />
              <ChoiceGroup selected={[]} type="checkbox" name="reviewerIds" legend={t(l, "role.reviewer")} options={reviewers.map((u) => ({ value: u.id, label: u.display_name }))} />
              <button type="submit">{t(l, "inc.call.publish")}</button>
            </form>
          </Section>
        ) : null}
      </Layout>,
    );
  });

  r.post("/incubation/manage/calls", "incubation.manage", async (c) => {
    const body = (await c.req.parseBody({ all: true })) as Form;
    const lines = (text: string) => text.split(/\r?\n/).map((x) => x.trim()).filter(Boolean);
    const rubric: RubricItemInput[] = lines(str(body, "rubric")).map((line) => {
      const [title, weight, max] = line.split("|").map((x) => x.trim());
      return { title: title ?? "", description: "", weight: Number(weight), maxScore: Number(max ?? weight) };
    });
    const materials = lines(str(body, "materials")).map((line) => {
      const [key, label, required] = line.split("|").map((x) => x.trim());
      return { key: key ?? "", label: label ?? "", required: required === "required" };
    });
    const input = parseOrFail(c, callSchema, {
      parkId: str(body, "parkId"),
      title: str(body, "title"),
      opensAt: atBeijing(str(body, "opensOn"), "00:00:00"),
      closesAt: atBeijing(str(body, "closesOn"), "23:59:59"),
      places: Number(str(body, "places")),
      eligibilityText: str(body, "eligibilityText"),
      materials,
      rubric,
      reviewerIds: checkedValues(body, "reviewerIds"),
    });
    const id = await service.createCall(c, input);
    return back(c, `/incubation/manage/calls/${id}`);
  });


  // ----------------------------------------------------------------- one park: details and spaces
  r.get("/incubation/manage/parks/:id", "incubation.manage", async (c) => {
    const park = await findManagedPark(c, c.req.param("id") ?? "");
    const page = pageInfo(c);
    const l = page.locale;
    const spaces = await c.var.data.selectFrom("park_spaces").selectAll().where("park_id", "=", park.id).orderBy("label").execute();
    const services = JSON.parse(park.services_json) as string[];
    return c.html(
      <Layout page={page} title={park.name}>
        <h1>{park.name}</h1>
        <p>
          <a href={`${page.base}/incubation/parks/${park.id}`}>{t(l, "inc.parks.title")}</a>
        </p>
        <Section title={t(l, "inc.park.spaces")} id="spaces">
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t(l, "areas.name")}</th>
                  <th scope="col">{t(l, "inc.incubation.space")}</th>
                  <th scope="col">{t(l, "staff.status")}</th>
                </tr>
              </thead>
              <tbody>
                {spaces.map((sp) => (
                  <tr>
                    <td>
                      {sp.label} ({sp.capacity})
                    </td>
                    <td>{t(l, `inc.space.${sp.kind}`)}</td>
                    <td>
                      <form method="post" action={`${page.base}/incubation/manage/spaces/${sp.id}`} class="actions">
                        <CsrfField token={page.csrfToken} />
                        <SelectField name="status" label={t(l, "staff.status")} value={sp.status} options={(["available", "occupied", "maintenance"] as const).map((v) => ({ value: v, label: t(l, `inc.space.${v}`) }))} />
                        <button type="submit" class="secondary">OK</button>
                      </form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <form class="stack" method="post" action={`${page.base}/incubation/manage/parks/${park.id}/spaces`}>
            <CsrfField token={page.csrfToken} />
            <SelectField name="kind" label={t(l, "inc.incubation.space")} options={(["workstation", "office", "meeting_room"] as const).map((v) => ({ value: v, label: t(l, `inc.space.${v}`) }))} />
            <TextField name="label" label={t(l, "areas.name")} required maxLength={40} />
            <TextField name="capacity" label={t(l, "inc.call.places")} required />
            <button type="submit">{t(l, "inc.park.addSpace")}</button>
          </form>
        </Section>
        <Section title={t(l, "inc.park.edit")} id="edit">
          <form class="stack" method="post" action={`${page.base}/incubation/manage/parks/${park.id}`}>
            <CsrfField token={page.csrfToken} />
            <input type="hidden" name="version" value={String(park.version)} />
            <TextField name="name" label={t(l, "areas.name")} value={park.name} required maxLength={80} />
            <TextField name="operatorName" label={t(l, "inc.park.operator")} value={park.operator_name} required maxLength={80} />
            <TextField name="address" label={t(l, "inc.park.address")} value={park.address} required maxLength={120} />
            <TextArea name="description" label={t(l, "inc.park.description")} value={park.description} maxLength={2000} />
            <ChoiceGroup type="checkbox" name="services" legend={t(l, "inc.park.services")} options={PARK_SERVICES.map((v) => ({ value: v, label: t(l, `inc.service.${v}`) }))} selected={services} />
            <ChoiceGroup type="checkbox" name="modes" legend={t(l, "inc.park.modes")} options={[{ value: "physical", label: t(l, "inc.park.physical") }, { value: "virtual", label: t(l, "inc.park.virtual") }]} selected={[park.physical ? "physical" : "", park.virtual ? "virtual" : ""]} />
            <button type="submit">{t(l, "inc.park.edit")}</button>
          </form>
        </Section>
      </Layout>,
    );
  });

  r.post("/incubation/manage/parks/:id", "incubation.manage", async (c) => {
    const park = await findManagedPark(c, c.req.param("id") ?? "");
    const body = (await c.req.parseBody({ all: true })) as Form;
    const list = (key: string) => checkedValues(body, key);
    const input = parseOrFail(c, parkUpdateSchema, {
      name: str(body, "name"),
      operatorName: str(body, "operatorName"),
      address: str(body, "address"),
      description: str(body, "description"),
      services: list("services"),
      physical: list("modes").includes("physical"),
      virtual: list("modes").includes("virtual"),
      version: Number(str(body, "version")),
    });
    await service.updatePark(c, park.id, input);
    return back(c, `/incubation/manage/parks/${park.id}#edit`);
  });

  r.post("/incubation/manage/parks/:id/spaces", "incubation.manage", async (c) => {
    const park = await findManagedPark(c, c.req.param("id") ?? "");
    const body = (await c.req.parseBody()) as Form;
    const input = parseOrFail(c, spaceSchema, { kind: str(body, "kind"), label: str(body, "label"), capacity: Number(str(body, "capacity")) });
    await service.addSpace(c, park.id, input);
    return back(c, `/incubation/manage/parks/${park.id}#spaces`);
  });

  r.post("/incubation/manage/spaces/:id", "incubation.manage", async (c) => {
    const body = (await c.req.parseBody()) as Form;
    const input = parseOrFail(c, spaceUpdateSchema, { status: str(body, "status") });
    const parkId = await service.changeSpace(c, c.req.param("id") ?? "", input);
    return back(c, `/incubation/manage/parks/${parkId}#spaces`);
  });

  // ----------------------------------------------------------------- call queue, ranking, notice
  r.get("/incubation/manage/calls/:id", "incubation.manage", async (c) => {
    const { call, rubric, rows } = await service.ranking(c, c.req.param("id") ?? "");
    const page = pageInfo(c);
    const l = page.locale;
    const data = c.var.data;
    const notices = await data.selectFrom("public_notices").select(["id", "title", "starts_at", "ends_at", "status"]).where("batch_id", "=", call.id).orderBy("published_at", "desc").execute();
    const objections = notices.length
      ? await data.selectFrom("notice_objections").select(["id", "notice_id", "subject_id", "name", "content", "filed_at", "status", "handling_note"]).where("notice_id", "in", notices.map((n) => n.id)).orderBy("filed_at").execute()
      : [];
    const today = day(nowIso());
    return c.html(
      <Layout page={page} title={call.title}>
        <h1>{call.title}</h1>
        <p>
          {call.park.name} · {when(call.opens_at)} ~ {when(call.closes_at)} · {t(l, "inc.call.places")} {call.places}
          {rubric.lockedAt ? ` · ${t(l, "inc.review.rubricLocked")}` : ""}
        </p>
        <h2>{t(l, "inc.call.ranking")}</h2>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t(l, "inc.app.organization")}</th>
                <th scope="col">{t(l, "staff.status")}</th>
                <th scope="col">{t(l, "inc.app.score")}</th>
                <th scope="col">{t(l, "inc.app.spread")}</th>
                <th scope="col">{t(l, "inc.app.reviewers")}</th>
                <th scope="col">{t(l, "inc.app.eligibilityDue")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row, i) => (
                <tr>
                  <td>{i + 1}</td>
                  <td>
                    <a href={`${page.base}/incubation/manage/applications/${row.id}`}>{row.organization}</a>
                  </td>
                  <td>
                    <StatusBadge locale={l} status={row.status} />
                  </td>
                  <td>{row.aggregate.mean ?? "—"}</td>
                  <td>{row.aggregate.spread ?? "—"}</td>
                  <td>
                    {row.aggregate.counted}
                    {row.aggregate.conflicted ? ` (${t(l, "inc.review.status.conflicted")} ${row.aggregate.conflicted})` : ""}
                  </td>
                  <td>
                    {row.status === "submitted" && row.eligibility_due_on ? (
                      <>
                        {row.eligibility_due_on}
                        {row.eligibility_due_on < today ? <strong class="badge bad"> {t(l, "inc.app.overdue")}</strong> : null}
                      </>
                    ) : (
                      "—"
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {rows.some((r) => r.status === "proposed") ? (
          <Section title={t(l, "inc.staff.publishNotice")} id="publish">
            <form class="stack" method="post" action={`${page.base}/incubation/manage/calls/${call.id}/notice`}>
              <CsrfField token={page.csrfToken} />
              <TextArea name="body" label={t(l, "inc.notice.title")} rows={3} />
              <button type="submit">{t(l, "inc.staff.publishNotice")}</button>
            </form>
          </Section>
        ) : null}
        {notices.map((n) => (
          <Section title={n.title} id={`n-${n.id}`}>
            <p>
              <a href={`${page.base}/notices/${n.id}`}>{when(n.starts_at)} ~ {when(n.ends_at)}</a> · {t(l, `inc.notice.phase.${noticePhase(n, nowIso())}`)}
            </p>
            <h3>{t(l, "inc.notice.objections")}</h3>
            <ul>
              {objections
                .filter((o) => o.notice_id === n.id)
                .map((o) => (
                  <li>
                    <p>
                      {when(o.filed_at)} · {o.name} · {o.subject_id ? rows.find((r) => r.id === o.subject_id)?.organization : t(l, "inc.notice.aboutAll")}
                    </p>
                    <p class="prewrap">{o.content}</p>
                    {o.status === "received" ? (
                      <form method="post" action={`${page.base}/incubation/manage/objections/${o.id}`}>
                        <CsrfField token={page.csrfToken} />
                        <TextArea name="note" label={t(l, "inc.staff.reasons")} rows={2} required />
                        <div class="actions">
                          <button type="submit" name="upheld" value="yes">{t(l, "inc.notice.uphold")}</button>
                          <button type="submit" name="upheld" value="no" class="secondary">{t(l, "inc.notice.dismiss")}</button>
                        </div>
                      </form>
                    ) : (
                      <p>
                        <strong>{t(l, o.status === "upheld" ? "inc.notice.uphold" : "inc.notice.dismiss")}</strong>: {o.handling_note}
                      </p>
                    )}
                  </li>
                ))}
            </ul>
          </Section>
        ))}
      </Layout>,
    );
  });

  r.post("/incubation/manage/calls/:id/notice", "incubation.manage", async (c) => {
    const body = (await c.req.parseBody()) as Form;
    await service.publishCallNotice(c, c.req.param("id") ?? "", { body: str(body, "body").trim() });
    return back(c, `/incubation/manage/calls/${c.req.param("id")}`);
  });

  r.post("/incubation/manage/objections/:id", "incubation.manage", async (c) => {
    const body = (await c.req.parseBody()) as Form;
    const note = str(body, "note").trim();
    if (!note) throw validationFailed([{ field: "note", code: "required", message: t(c.var.locale, "field.required") }]);
    await service.handleNoticeObjection(c, c.req.param("id") ?? "", { upheld: str(body, "upheld") === "yes", note });
    const objection = await c.var.data.selectFrom("notice_objections").select("notice_id").where("id", "=", c.req.param("id") ?? "").executeTakeFirstOrThrow();
    const notice = await c.var.data.selectFrom("public_notices").select("batch_id").where("id", "=", objection.notice_id).executeTakeFirstOrThrow();
    return back(c, `/incubation/manage/calls/${notice.batch_id}`);
  });

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
              <ChoiceGroup name="outcome" type="radio" legend={t(l, "inc.staff.eligibility")} options={[{ value: "pass", label: t(l, "inc.action.pass") }, { value: "return", label: t(l, "inc.action.return") }, { value: "reject", label: t(l, "inc.action.reject_eligibility") }]} selected={["pass"]} />
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
                      <button type="submit" class="secondary">{t(l, "inc.review.status.moved")}</button>
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
              <ChoiceGroup name="outcome" type="radio" legend={t(l, "inc.staff.decision")} options={[{ value: "admit", label: t(l, "inc.action.propose") }, { value: "reject", label: t(l, "inc.action.reject") }]} selected={["admit"]} />
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
    const a = await c.var.data.selectFrom("review_assignments").select("subject_id").where("id", "=", c.req.param("id") ?? "").executeTakeFirst();
    if (!a) throw notFound();
    await service.moveReviewer(c, c.req.param("id") ?? "", str(body, "reviewerId"));
    return back(c, `/incubation/manage/applications/${a.subject_id}#review`);
  });

  // ----------------------------------------------------------------- attachments
  r.get("/incubation/attachments/:id", "signed_in", async (c) => {
    const data = c.var.data;
    const att = await data.selectFrom("application_attachments").selectAll().where("id", "=", c.req.param("id") ?? "").executeTakeFirst();
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
    const object = await c.env.FILES.get(att.r2_key);
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

  // ----------------------------------------------------------------- reviewers
  r.get("/review", "review.score", async (c) => {
    const page = pageInfo(c);
    const l = page.locale;
    const rows = await c.var.data
      .selectFrom("review_assignments")
      .innerJoin("applications", (j) => j.onRef("applications.district_id", "=", "review_assignments.district_id").onRef("applications.id", "=", "review_assignments.subject_id"))
      .innerJoin("calls", (j) => j.onRef("calls.district_id", "=", "applications.district_id").onRef("calls.id", "=", "applications.call_id"))
      .select(["review_assignments.id", "review_assignments.status", "review_assignments.submitted_at", "calls.title"])
      .where("review_assignments.reviewer_id", "=", c.var.user!.id)
      .orderBy("review_assignments.assigned_at", "desc")
      .execute();
    return c.html(
      <Layout page={page} title={t(l, "inc.review.mine")}>
        <h1>{t(l, "inc.review.mine")}</h1>
        {rows.length ? null : <p>{t(l, "inc.review.none")}</p>}
        <ul>
          {rows.map((a, i) => (
            <li>
              <a href={`${page.base}/review/${a.id}`}>
                {a.title} #{i + 1}
              </a>{" "}
              · {a.submitted_at ? t(l, "inc.review.submittedNote") : t(l, `inc.review.status.${a.status}`)}
            </li>
          ))}
        </ul>
      </Layout>,
    );
  });

  r.get("/review/:id", "review.score", async (c) => {
    const a = await service.reviewerAssignment(c, c.req.param("id") ?? "");
    const data = c.var.data;
    const page = pageInfo(c);
    const l = page.locale;
    const app = await data.selectFrom("applications").selectAll().where("id", "=", a.subject_id).executeTakeFirstOrThrow();
    const call = await data.selectFrom("calls").select(["title"]).where("id", "=", app.call_id).executeTakeFirstOrThrow();
    if (a.status === "awaiting_declaration") {
      // Nothing of the application is shown before the declaration.
      return c.html(
        <Layout page={page} title={t(l, "inc.review.declare")}>
          <h1>{t(l, "inc.review.declare")}</h1>
          <p>{call.title}</p>
          <p>{t(l, "inc.review.declareIntro")}</p>
          <p>
            {t(l, "inc.app.organization")}: {(await data.selectFrom("organizations").select("name").where("id", "=", app.organization_id).executeTakeFirstOrThrow()).name}
          </p>
          <form class="stack" method="post" action={`${page.base}/review/${a.id}/declaration`}>
            <CsrfField token={page.csrfToken} />
            <ChoiceGroup name="conflicted" type="radio" legend={t(l, "inc.review.declare")} options={[{ value: "no", label: t(l, "inc.review.noConflict") }, { value: "yes", label: t(l, "inc.review.conflict") }]} selected={["no"]} />
            <TextArea name="reason" label={t(l, "inc.review.conflictReason")} rows={2} />
            <button type="submit">{t(l, "inc.review.declare")}</button>
          </form>
        </Layout>,
      );
    }
    const rubric = (await loadRubric(data, a.rubric_id))!;
    const scores = await data.selectFrom("review_scores").select(["item_id", "score", "comment"]).where("assignment_id", "=", a.id).execute();
    const form = JSON.parse(app.form_json) as { orgIntro: string; plan: string };
    const attachments = await attachmentsOf(data, app.id);
    const editable = a.status === "clear" && !a.submitted_at;
    return c.html(
      <Layout page={page} title={t(l, "inc.review.score")}>
        <h1>
          {t(l, "inc.review.score")} · {call.title}
        </h1>
        <Flash message={a.submitted_at ? t(l, "inc.review.submittedNote") : a.status === "conflicted" ? t(l, "inc.review.status.conflicted") : null} />
        {a.status === "clear" ? (
          <>
            <Section title={t(l, "inc.app.title")} id="content">
              <h3>{t(l, "inc.app.orgIntro")}</h3>
              <p class="prewrap">{form.orgIntro}</p>
              <h3>{t(l, "inc.app.plan")}</h3>
              <p class="prewrap">{form.plan}</p>
              <ul>
                {attachments.map((att) => (
                  <li>
                    <a href={`${page.base}/incubation/attachments/${att.id}`}>{att.filename}</a>
                  </li>
                ))}
              </ul>
            </Section>
            <form method="post" action={`${page.base}/review/${a.id}/scores`}>
              <CsrfField token={page.csrfToken} />
              {rubric.items.map((item) => {
                const s = scores.find((x) => x.item_id === item.id);
                return (
                  <fieldset class="panel">
                    <legend>
                      {item.title} (0–{item.maxScore})
                    </legend>
                    {item.description ? <p class="hint">{item.description}</p> : null}
                    <TextField name={`score_${item.id}`} label={t(l, "inc.review.score")} value={s ? String(s.score) : ""} />
                    <TextArea name={`comment_${item.id}`} label={t(l, "inc.review.comment")} value={s?.comment ?? ""} rows={2} />
                  </fieldset>
                );
              })}
              {editable ? (
                <div class="actions">
                  <button type="submit" name="submit" value="no" class="secondary">{t(l, "inc.review.saveScores")}</button>
                  <button type="submit" name="submit" value="yes">{t(l, "inc.review.submitScores")}</button>
                </div>
              ) : null}
            </form>
          </>
        ) : null}
      </Layout>,
    );
  });

  r.post("/review/:id/declaration", "review.score", async (c) => {
    const body = (await c.req.parseBody()) as Form;
    const input = parseOrFail(c, declarationSchema, { conflicted: str(body, "conflicted") === "yes", reason: str(body, "reason") });
    await service.declareConflict(c, c.req.param("id") ?? "", input.conflicted, input.reason);
    return back(c, `/review/${c.req.param("id")}`);
  });

  r.post("/review/:id/scores", "review.score", async (c) => {
    const body = (await c.req.parseBody()) as Form;
    const scores = Object.keys(body)
      .filter((k) => k.startsWith("score_") && str(body, k).trim() !== "")
      .map((k) => {
        const itemId = k.slice("score_".length);
        return { itemId, score: Number(str(body, k)), comment: str(body, `comment_${itemId}`) };
      });
    const input = parseOrFail(c, scoresSchema, { scores, submit: str(body, "submit") === "yes" });
    await service.scoreAssignment(c, c.req.param("id") ?? "", input.scores, input.submit);
    return back(c, `/review/${c.req.param("id")}`);
  });

  // ----------------------------------------------------------------- incubation record
  r.get("/incubation/incubations/:id", "signed_in", async (c) => {
    const data = c.var.data;
    const inc = await data.selectFrom("incubations").selectAll().where("id", "=", c.req.param("id") ?? "").executeTakeFirst();
    if (!inc) throw notFound();
    const park = await findPark(data, inc.park_id);
    const own = memberOrganizations(c.var.user).includes(inc.organization_id);
    const manages = managesPark(c.var.user, park);
    const views = (c.var.user?.grants ?? []).some((g) => g.role === "community_staff" && grantCovers(g, park.area_code));
    if (!own && !manages && !views) throw notFound();
    const [services, milestones, exits, spaces] = await data.read<Record<string, string | number>>([
      data.selectFrom("incubation_services").selectAll().where("incubation_id", "=", inc.id).orderBy("on_date"),
      data.selectFrom("incubation_milestones").selectAll().where("incubation_id", "=", inc.id).orderBy("on_date"),
      data.selectFrom("exit_assessments").selectAll().where("incubation_id", "=", inc.id).orderBy("assessed_at"),
      data.selectFrom("park_spaces").select(["id", "label", "kind", "status"]).where("park_id", "=", park.id).orderBy("label"),
    ]);
    const org = await data.selectFrom("organizations").select("name").where("id", "=", inc.organization_id).executeTakeFirstOrThrow();
    const page = pageInfo(c);
    const l = page.locale;
    const space = (spaces ?? []).find((s) => s.id === inc.space_id);
    const settings = c.var.district.settings;
    return c.html(
      <Layout page={page} title={`${t(l, "inc.incubation.title")} · ${org.name}`}>
        <h1>
          {t(l, "inc.incubation.title")} · {org.name}
        </h1>
        <dl class="facts">
          <dt>{t(l, "inc.parks.title")}</dt>
          <dd>{park.name}</dd>
          <dt>{t(l, "staff.status")}</dt>
          <dd>{t(l, `inc.incubation.status.${inc.status}`)}</dd>
          <dt>{t(l, "inc.incubation.period")}</dt>
          <dd>
            {inc.started_on} ~ {inc.planned_end_on}
          </dd>
          <dt>{t(l, "inc.incubation.space")}</dt>
          <dd>{space ? `${space.label} (${t(l, `inc.space.${space.kind as "office"}`)})` : inc.virtual ? t(l, "inc.incubation.virtual") : "—"}</dd>
          <dt>{t(l, "inc.incubation.renewals")}</dt>
          <dd>
            {inc.renewals_used} / {settings.incubationRenewals}
          </dd>
          {inc.registration_due_on ? (
            <>
              <dt>{t(l, "inc.incubation.registrationDue")}</dt>
              <dd>{inc.registration_due_on}</dd>
            </>
          ) : null}
          {inc.handback_due_on ? (
            <>
              <dt>{t(l, "inc.incubation.handback")}</dt>
              <dd>{inc.handback_due_on}</dd>
            </>
          ) : null}
        </dl>
        <Section title={t(l, "inc.incubation.services")} id="services">
          <ul>
            {(services ?? []).map((s) => (
              <li>
                {s.on_date} · {t(l, `inc.service.${s.service as "venue"}`)} · {s.description} {s.provider ? `(${s.provider})` : ""}
              </li>
            ))}
          </ul>
          {manages && inc.status === "active" ? (
            <form class="stack" method="post" action={`${page.base}/incubation/incubations/${inc.id}/services`}>
              <CsrfField token={page.csrfToken} />
              <SelectField name="service" label={t(l, "inc.park.services")} options={PARK_SERVICES.map((v) => ({ value: v, label: t(l, `inc.service.${v}`) }))} />
              <TextField name="onDate" label={`${t(l, "inc.dashboard.year")} (YYYY-MM-DD)`} required />
              <TextArea name="description" label={t(l, "inc.park.description")} rows={2} required />
              <TextField name="provider" label={t(l, "inc.park.operator")} />
              <button type="submit" class="secondary">{t(l, "inc.incubation.services")}</button>
            </form>
          ) : null}
        </Section>
        <Section title={t(l, "inc.incubation.milestones")} id="milestones">
          <ul>
            {(milestones ?? []).map((m) => (
              <li>
                {m.on_date} · {t(l, `inc.milestone.${m.milestone as "other"}`)} {m.note ? `— ${m.note}` : ""}
              </li>
            ))}
          </ul>
          {manages && inc.status === "active" ? (
            <form class="stack" method="post" action={`${page.base}/incubation/incubations/${inc.id}/milestones`}>
              <CsrfField token={page.csrfToken} />
              <SelectField name="milestone" label={t(l, "inc.incubation.milestones")} options={(["registered", "first_project", "first_grant", "other"] as const).map((v) => ({ value: v, label: t(l, `inc.milestone.${v}`) }))} />
              <TextField name="onDate" label={`${t(l, "inc.dashboard.year")} (YYYY-MM-DD)`} required />
              <TextArea name="note" label={t(l, "inc.review.comment")} rows={2} />
              <button type="submit" class="secondary">{t(l, "inc.incubation.milestones")}</button>
            </form>
          ) : null}
        </Section>
        <Section title={t(l, "inc.incubation.exit")} id="exit">
          <ul>
            {(exits ?? []).map((e) => (
              <li>
                {when(String(e.assessed_at))} · {t(l, `inc.exit.${e.outcome as "graduated"}`)} · {e.score} · {e.reasons}
              </li>
            ))}
          </ul>
          {manages && inc.status === "active" ? (
            <form class="stack" method="post" action={`${page.base}/incubation/incubations/${inc.id}/exit`}>
              <CsrfField token={page.csrfToken} />
              <input type="hidden" name="version" value={String(inc.version)} />
              <ChoiceGroup name="outcome" type="radio" legend={t(l, "inc.incubation.exit")} options={(["graduated", "extended", "eliminated"] as const).map((o) => ({ value: o, label: t(l, `inc.exit.${o}`) }))} selected={["graduated"]} />
              <TextField name="score" label={t(l, "inc.review.score")} />
              <TextArea name="reasons" label={t(l, "inc.staff.reasons")} rows={3} />
              <button type="submit">{t(l, "inc.incubation.exit")}</button>
            </form>
          ) : null}
        </Section>
        {manages && inc.status === "active" ? (
          <Section title={t(l, "inc.incubation.space")} id="space">
            <form class="actions" method="post" action={`${page.base}/incubation/incubations/${inc.id}/space`}>
              <CsrfField token={page.csrfToken} />
              <input type="hidden" name="version" value={String(inc.version)} />
              <SelectField
                name="spaceId"
                label={t(l, "inc.incubation.space")}
                value={inc.space_id ?? ""}
                options={[{ value: "", label: t(l, "inc.incubation.virtual") }, ...(spaces ?? []).filter((s) => s.status === "available" || s.id === inc.space_id).map((s) => ({ value: String(s.id), label: `${s.label} (${t(l, `inc.space.${s.kind as "office"}`)})` }))]}
              />
              <button type="submit" class="secondary">{t(l, "inc.incubation.space")}</button>
            </form>
          </Section>
        ) : null}
      </Layout>,
    );
  });

  r.post("/incubation/incubations/:id/exit", "incubation.manage", async (c) => {
    const body = (await c.req.parseBody()) as Form;
    const input = parseOrFail(c, exitSchema, { outcome: str(body, "outcome"), score: Number(str(body, "score") || "NaN"), reasons: str(body, "reasons"), version: Number(str(body, "version")) });
    await service.assessExit(c, c.req.param("id") ?? "", input);
    return back(c, `/incubation/incubations/${c.req.param("id")}`);
  });

  r.post("/incubation/incubations/:id/services", "incubation.manage", async (c) => {
    const body = (await c.req.parseBody()) as Form;
    const input = parseOrFail(c, serviceRecordSchema, { service: str(body, "service"), onDate: str(body, "onDate"), description: str(body, "description"), provider: str(body, "provider") });
    await service.recordService(c, c.req.param("id") ?? "", input);
    return back(c, `/incubation/incubations/${c.req.param("id")}#services`);
  });

  r.post("/incubation/incubations/:id/milestones", "incubation.manage", async (c) => {
    const body = (await c.req.parseBody()) as Form;
    const input = parseOrFail(c, milestoneSchema, { milestone: str(body, "milestone"), onDate: str(body, "onDate"), note: str(body, "note") });
    await service.recordMilestone(c, c.req.param("id") ?? "", input);
    return back(c, `/incubation/incubations/${c.req.param("id")}#milestones`);
  });

  r.post("/incubation/incubations/:id/space", "incubation.manage", async (c) => {
    const body = (await c.req.parseBody()) as Form;
    await service.allocateSpace(c, c.req.param("id") ?? "", str(body, "spaceId") || null, Number(str(body, "version")));
    return back(c, `/incubation/incubations/${c.req.param("id")}`);
  });

  // ----------------------------------------------------------------- figures
  r.get("/incubation/dashboard", "incubation.view", async (c) => {
    const parkId = c.req.query("park") || undefined;
    const figures = await dashboard(c, parkId);
    const page = pageInfo(c);
    const l = page.locale;
    return c.html(
      <Layout page={page} title={t(l, "inc.dashboard.title")}>
        <h1>{t(l, "inc.dashboard.title")}</h1>
        <form method="get" class="actions">
          <SelectField name="park" label={t(l, "inc.parks.title")} value={parkId ?? ""} options={[{ value: "", label: t(l, "auth.account.scopeDistrict") }, ...figures.parks.map((p) => ({ value: p.id, label: p.name }))]} />
          <button type="submit" class="secondary">OK</button>
        </form>
        <h2>{t(l, "inc.dashboard.byState")}</h2>
        <table>
          <tbody>
            {Object.entries(figures.byState).map(([status, n]) => (
              <tr>
                <th scope="row">{t(l, `inc.status.${status as "draft"}`)}</th>
                <td>{n}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <dl class="facts">
          <dt>{t(l, "inc.dashboard.avgDays")}</dt>
          <dd>{figures.averageDaysToDecision ?? "—"}</dd>
          <dt>{t(l, "inc.dashboard.occupancy")}</dt>
          <dd>
            {figures.occupancy.occupied} / {figures.occupancy.spaces}
            {figures.occupancy.rate !== null ? ` (${figures.occupancy.rate}%)` : ""}
          </dd>
        </dl>
        <h2>{t(l, "inc.dashboard.exits")}</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">{t(l, "inc.dashboard.year")}</th>
              <th scope="col">{t(l, "inc.exit.graduated")}</th>
              <th scope="col">{t(l, "inc.exit.eliminated")}</th>
            </tr>
          </thead>
          <tbody>
            {figures.exitsByYear.map((y) => (
              <tr>
                <td>{y.year}</td>
                <td>{y.graduated}</td>
                <td>{y.eliminated}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Layout>,
    );
  });

}
