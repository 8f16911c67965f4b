import { t } from "../../i18n/messages";
import { ExitSection, RegistrationSection, type Panel } from "./exit-views";
import { ErrorSummary, SelectField, TextArea, TextField } from "../../ui/form";
import { Table } from "../../ui/table";
import { CsrfField, Layout, type PageInfo } from "../../ui/layout";
import type { dashboard } from "./dashboard";
import { stateFor, type FormState } from "./form-state";
import type { incubationRecord } from "./queries";
import { PARK_SERVICES } from "./tables";
import { MilestoneItems, Section, ServiceItems } from "./views";

// The incubation record of an admitted organization (space, services, milestones,
// renewals, exit; the forms for staff managing its park) and the figures.

type RecordData = Awaited<ReturnType<typeof incubationRecord>>;

export function IncubationRecordPage(props: { page: PageInfo; record: RecordData; manages: boolean; renewals: number; minPanel: number; panel: Panel; reviewers: { id: string; display_name: string }[]; state?: FormState }) {
  const { page, manages } = props;
  const { inc, park, services, milestones, spaces, org } = props.record;
  const l = page.locale;
  const space = spaces.find((s) => s.id === inc.space_id);
  const settings = { incubationRenewals: props.renewals };
  const sv = stateFor(props.state, "service");
  const ms = stateFor(props.state, "milestone");
  const sp = stateFor(props.state, "space");
  return (
    <Layout page={page} title={`${t(l, "inc.incubation.title")} · ${org.name}`}>
      <h1>
        {t(l, "inc.incubation.title")} · {org.name}
      </h1>
      <dl class="facts">
        <dt>{t(l, "inc.parks.title")}</dt>
        <dd>{park.name}</dd>
        <dt>{t(l, "staff.status")}</dt>
        <dd>{inc.status === "active" && inc.exit_due_on ? t(l, "inc.incubation.exitDueSince", { date: inc.exit_due_on }) : t(l, `inc.incubation.status.${inc.status}`)}</dd>
        {inc.end_reason ? (
          <>
            <dt>{t(l, "inc.incubation.endReason")}</dt>
            <dd>{inc.end_reason}</dd>
          </>
        ) : null}
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
            <dd>
              {inc.handback_due_on}
              {inc.space_freed_on ? ` · ${t(l, "inc.incubation.spaceFreed")} ${inc.space_freed_on}` : ""}
            </dd>
          </>
        ) : null}
      </dl>
      <Section title={t(l, "inc.incubation.services")} id="services">
        <ServiceItems locale={l} services={services} provider />
        {manages && inc.status === "active" ? (
          <form class="stack" method="post" action={`${page.base}/incubation/incubations/${inc.id}/services`}>
            <CsrfField token={page.csrfToken} />
            <ErrorSummary locale={l} errors={sv?.errors ?? []} message={sv?.message} />
            <SelectField name="service" label={t(l, "inc.park.services")} value={sv?.values.service} errors={sv?.errors} options={PARK_SERVICES.map((v) => ({ value: v, label: t(l, `inc.service.${v}`) }))} />
            <TextField name="onDate" type="date" label={t(l, "inc.record.onDate")} value={sv?.values.onDate} errors={sv?.errors} required />
            <TextArea name="description" label={t(l, "inc.park.description")} value={sv?.values.description} errors={sv?.errors} rows={2} required />
            <TextField name="provider" label={t(l, "inc.park.operator")} value={sv?.values.provider} errors={sv?.errors} />
            <button type="submit" class="secondary">
              {t(l, "inc.incubation.services")}
            </button>
          </form>
        ) : null}
      </Section>
      <Section title={t(l, "inc.incubation.milestones")} id="milestones">
        <MilestoneItems locale={l} milestones={milestones} />
        {manages && inc.status === "active" ? (
          <form class="stack" method="post" action={`${page.base}/incubation/incubations/${inc.id}/milestones`}>
            <CsrfField token={page.csrfToken} />
            <ErrorSummary locale={l} errors={ms?.errors ?? []} message={ms?.message} />
            <SelectField
              name="milestone"
              label={t(l, "inc.incubation.milestones")}
              value={ms?.values.milestone}
              errors={ms?.errors}
              options={(["registered", "first_project", "first_grant", "other"] as const).map((v) => ({ value: v, label: t(l, `inc.milestone.${v}`) }))}
            />
            <TextField name="onDate" type="date" label={t(l, "inc.record.onDate")} value={ms?.values.onDate} errors={ms?.errors} required />
            <TextArea name="note" label={t(l, "inc.review.comment")} value={ms?.values.note} errors={ms?.errors} rows={2} />
            <button type="submit" class="secondary">
              {t(l, "inc.incubation.milestones")}
            </button>
          </form>
        ) : null}
      </Section>
      <RegistrationSection page={page} record={props.record} manages={manages} state={props.state} />
      <ExitSection page={page} record={props.record} manages={manages} minPanel={props.minPanel} panel={props.panel} reviewers={props.reviewers} state={props.state} />
      {manages && inc.status === "active" ? (
        <Section title={t(l, "inc.incubation.space")} id="space">
          <ErrorSummary locale={l} errors={sp?.errors ?? []} message={sp?.message} />
          <form class="actions" method="post" action={`${page.base}/incubation/incubations/${inc.id}/space`}>
            <CsrfField token={page.csrfToken} />
            <input type="hidden" name="version" value={String(inc.version)} />
            <SelectField
              name="spaceId"
              label={t(l, "inc.incubation.space")}
              value={sp?.values.spaceId ?? inc.space_id ?? ""}
              errors={sp?.errors}
              options={[
                { value: "", label: t(l, "inc.incubation.virtual") },
                ...spaces.filter((s) => s.status === "available" || s.id === inc.space_id).map((s) => ({ value: String(s.id), label: `${s.label} (${t(l, `inc.space.${s.kind as "office"}`)})` })),
              ]}
            />
            <button type="submit" class="secondary">
              {t(l, "inc.incubation.space")}
            </button>
          </form>
        </Section>
      ) : null}
    </Layout>
  );
}

export function DashboardPage(props: { page: PageInfo; figures: Awaited<ReturnType<typeof dashboard>>; parkId?: string }) {
  const { page, figures, parkId } = props;
  const l = page.locale;
  return (
    <Layout page={page} title={t(l, "inc.dashboard.title")}>
      <h1>{t(l, "inc.dashboard.title")}</h1>
      <form method="get" class="actions">
        <SelectField name="park" label={t(l, "inc.parks.title")} value={parkId ?? ""} options={[{ value: "", label: t(l, "auth.account.scopeDistrict") }, ...figures.parks.map((p) => ({ value: p.id, label: p.name }))]} />
        <button type="submit" class="secondary">
          {t(l, "inc.dashboard.show")}
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
      <Table head={[t(l, "inc.dashboard.year"), t(l, "inc.exit.graduated"), t(l, "inc.exit.eliminated")]}>
        {figures.exitsByYear.map((y) => (
          <tr>
            <td>{y.year}</td>
            <td>{y.graduated}</td>
            <td>{y.eliminated}</td>
          </tr>
        ))}
      </Table>
    </Layout>
  );
}
