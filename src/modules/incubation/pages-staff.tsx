import type { Context, Hono } from "hono";
import * as z from "zod/mini";
import type { AppEnv } from "../../env";
import { validationFailed } from "../../http/errors";
import { routes } from "../../http/routes";
import { toFieldErrors } from "../../http/validation";
import { t } from "../../i18n/messages";
import { atBeijing } from "../../lib/beijing-time";
import { nowIso } from "../../lib/time";
import { handleNoticeObjection, noticePhase, type RubricItemInput } from "../../review";
import { checkedValues, ChoiceGroup, SelectField, TextArea, TextField } from "../../ui/form";
import { CsrfField, Layout, pageInfo } from "../../ui/layout";
import { findManagedPark, managesPark } from "./queries";
import { callSchema, parkUpdateSchema, spaceSchema, spaceUpdateSchema } from "./schemas";
import { PARK_SERVICES } from "./tables";
import * as service from "./service";
import * as parks from "./parks";
import { day, Section, StatusBadge, when } from "./views";

// Staff pages: parks, call set-up, queue and ranking, the notice and its objections
// (one application: pages-staff-application.tsx; incubation records and figures:
// pages-incubation.tsx). Every POST maps its form onto the API's schema and the same
// service function.

export type Form = Record<string, string | File | (string | File)[]>;
export const str = (body: Form, key: string) => (typeof body[key] === "string" ? (body[key] as string) : "");
export const back = (c: Context<AppEnv>, path: string) => c.redirect(`${c.var.base}${path}`, 303);

export function parseOrFail<S extends z.ZodMiniType>(c: Context<AppEnv>, schema: S, value: unknown): z.output<S> {
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
    const calls = parks.length
      ? await data
          .selectFrom("calls")
          .select(["id", "park_id", "title", "opens_at", "closes_at", "status"])
          .where(
            "park_id",
            "in",
            parks.map((p) => p.id),
          )
          .orderBy("closes_at", "desc")
          .execute()
      : [];
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
    const lines = (text: string) =>
      text
        .split(/\r?\n/)
        .map((x) => x.trim())
        .filter(Boolean);
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
    const id = await parks.createCall(c, input);
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
                        <button type="submit" class="secondary">
                          OK
                        </button>
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
            <ChoiceGroup
              type="checkbox"
              name="modes"
              legend={t(l, "inc.park.modes")}
              options={[
                { value: "physical", label: t(l, "inc.park.physical") },
                { value: "virtual", label: t(l, "inc.park.virtual") },
              ]}
              selected={[park.physical ? "physical" : "", park.virtual ? "virtual" : ""]}
            />
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
    await parks.updatePark(c, park.id, input);
    return back(c, `/incubation/manage/parks/${park.id}#edit`);
  });

  r.post("/incubation/manage/parks/:id/spaces", "incubation.manage", async (c) => {
    const park = await findManagedPark(c, c.req.param("id") ?? "");
    const body = (await c.req.parseBody()) as Form;
    const input = parseOrFail(c, spaceSchema, { kind: str(body, "kind"), label: str(body, "label"), capacity: Number(str(body, "capacity")) });
    await parks.addSpace(c, park.id, input);
    return back(c, `/incubation/manage/parks/${park.id}#spaces`);
  });

  r.post("/incubation/manage/spaces/:id", "incubation.manage", async (c) => {
    const body = (await c.req.parseBody()) as Form;
    const input = parseOrFail(c, spaceUpdateSchema, { status: str(body, "status") });
    const parkId = await parks.changeSpace(c, c.req.param("id") ?? "", input);
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
      ? await data
          .selectFrom("notice_objections")
          .select(["id", "notice_id", "subject_id", "name", "content", "filed_at", "status", "handling_note"])
          .where(
            "notice_id",
            "in",
            notices.map((n) => n.id),
          )
          .orderBy("filed_at")
          .execute()
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
              <a href={`${page.base}/notices/${n.id}`}>
                {when(n.starts_at)} ~ {when(n.ends_at)}
              </a>{" "}
              · {t(l, `inc.notice.phase.${noticePhase(n, nowIso())}`)}
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
                          <button type="submit" name="upheld" value="yes">
                            {t(l, "inc.notice.uphold")}
                          </button>
                          <button type="submit" name="upheld" value="no" class="secondary">
                            {t(l, "inc.notice.dismiss")}
                          </button>
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
    const notice = await handleNoticeObjection(c, c.req.param("id") ?? "", { upheld: str(body, "upheld") === "yes", note }, service.SUBJECT_KIND);
    return back(c, `/incubation/manage/calls/${notice.batchId}`);
  });
}
