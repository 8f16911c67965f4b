import type { Hono } from "hono";
import type { AppEnv } from "../../env";
import { notFound } from "../../http/errors";
import { routes } from "../../http/routes";
import { t } from "../../i18n/messages";
import { ChoiceGroup, SelectField, TextArea, TextField } from "../../ui/form";
import { CsrfField, Layout, pageInfo } from "../../ui/layout";
import { dashboard } from "./dashboard";
import { findPark, managesPark, memberOrganizations } from "./queries";
import { exitSchema, milestoneSchema, serviceRecordSchema } from "./schemas";
import { PARK_SERVICES } from "./tables";
import * as incubations from "./incubations";
import { Section, when } from "./views";
import { grantCovers } from "../../auth/scope";
import { back, parseOrFail, str, type Form } from "./pages-staff";

// The incubation record of an admitted organization (space, services, milestones,
// renewals, exit) and the figures per park and district.

export function registerIncubationRecordPages(app: Hono<AppEnv>): void {
  const r = routes(app, "district");

  // ----------------------------------------------------------------- incubation record
  r.get("/incubation/incubations/:id", "signed_in", async (c) => {
    const data = c.var.data;
    const inc = await data
      .selectFrom("incubations")
      .selectAll()
      .where("id", "=", c.req.param("id") ?? "")
      .executeTakeFirst();
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
              <button type="submit" class="secondary">
                {t(l, "inc.incubation.services")}
              </button>
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
              <button type="submit" class="secondary">
                {t(l, "inc.incubation.milestones")}
              </button>
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
                options={[
                  { value: "", label: t(l, "inc.incubation.virtual") },
                  ...(spaces ?? []).filter((s) => s.status === "available" || s.id === inc.space_id).map((s) => ({ value: String(s.id), label: `${s.label} (${t(l, `inc.space.${s.kind as "office"}`)})` })),
                ]}
              />
              <button type="submit" class="secondary">
                {t(l, "inc.incubation.space")}
              </button>
            </form>
          </Section>
        ) : null}
      </Layout>,
    );
  });

  r.post("/incubation/incubations/:id/exit", "incubation.manage", async (c) => {
    const body = (await c.req.parseBody()) as Form;
    const input = parseOrFail(c, exitSchema, { outcome: str(body, "outcome"), score: Number(str(body, "score") || "NaN"), reasons: str(body, "reasons"), version: Number(str(body, "version")) });
    await incubations.assessExit(c, c.req.param("id") ?? "", input);
    return back(c, `/incubation/incubations/${c.req.param("id")}`);
  });

  r.post("/incubation/incubations/:id/services", "incubation.manage", async (c) => {
    const body = (await c.req.parseBody()) as Form;
    const input = parseOrFail(c, serviceRecordSchema, { service: str(body, "service"), onDate: str(body, "onDate"), description: str(body, "description"), provider: str(body, "provider") });
    await incubations.recordService(c, c.req.param("id") ?? "", input);
    return back(c, `/incubation/incubations/${c.req.param("id")}#services`);
  });

  r.post("/incubation/incubations/:id/milestones", "incubation.manage", async (c) => {
    const body = (await c.req.parseBody()) as Form;
    const input = parseOrFail(c, milestoneSchema, { milestone: str(body, "milestone"), onDate: str(body, "onDate"), note: str(body, "note") });
    await incubations.recordMilestone(c, c.req.param("id") ?? "", input);
    return back(c, `/incubation/incubations/${c.req.param("id")}#milestones`);
  });

  r.post("/incubation/incubations/:id/space", "incubation.manage", async (c) => {
    const body = (await c.req.parseBody()) as Form;
    await incubations.allocateSpace(c, c.req.param("id") ?? "", str(body, "spaceId") || null, Number(str(body, "version")));
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
          <button type="submit" class="secondary">
            OK
          </button>
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
