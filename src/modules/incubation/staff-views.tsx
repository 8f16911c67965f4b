import { t } from "../../i18n/messages";
import { ChoiceGroup, ErrorSummary, SelectField, TextArea, TextField } from "../../ui/form";
import { Table } from "../../ui/table";
import { CsrfField, Layout, type PageInfo } from "../../ui/layout";
import { stateFor, type FormState } from "./form-state";
import { MaterialRows } from "./material-rows";
import { callPhase, type managementOverview, type Park, type spacesOf } from "./queries";
import { PARK_SERVICES } from "./tables";
import { day, Section } from "./views";

// Staff views of the parks: the overview with the calls and the new-call form, and one
// park's details and spaces.

type Overview = Awaited<ReturnType<typeof managementOverview>>;
type Space = Awaited<ReturnType<typeof spacesOf>>[number];

const lines = (value: string | undefined) => (value ? value.split("\n").filter(Boolean) : []);

export function ManageOverviewPage(props: { page: PageInfo; overview: Overview; now: string; state?: FormState }) {
  const { page, overview } = props;
  const { parks, calls, reviewers } = overview;
  const l = page.locale;
  const state = stateFor(props.state, "call");
  const errors = state?.errors ?? [];
  const v = state?.values;
  return (
    <Layout page={page} title={t(l, "inc.staff.queue")}>
      <h1>{t(l, "inc.staff.queue")}</h1>
      <p>
        <a href={`${page.base}/incubation/dashboard`}>{t(l, "inc.dashboard.title")}</a>
      </p>
      {overview.todo.length ? (
        <section id="todo">
          <h2>{t(l, "inc.todo.title")}</h2>
          <ul>
            {overview.todo.map((item) => (
              <li>
                <a href={`${page.base}/incubation/incubations/${item.id}`}>{item.name}</a>
                {item.panelReady ? ` · ${t(l, "inc.todo.panelReady")}` : item.exitDueOn ? ` · ${t(l, "inc.todo.exitDue")} (${item.exitDueOn})` : ""}
                {item.registrationOverdueOn ? ` · ${t(l, "inc.todo.registrationOverdue")} (${item.registrationOverdueOn})` : ""}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <h2>{t(l, "inc.parks.title")}</h2>
      <ul>
        {parks.map((p) => (
          <li>
            <a href={`${page.base}/incubation/manage/parks/${p.id}`}>{p.name}</a>
          </li>
        ))}
      </ul>
      <Table head={[t(l, "inc.call.window"), t(l, "areas.name"), t(l, "staff.status")]}>
        {calls.map((call) => (
          <tr>
            <td>
              {day(call.opens_at)} ~ {day(call.closes_at)}
            </td>
            <td>
              <a href={`${page.base}/incubation/manage/calls/${call.id}`}>{call.title}</a> · {parks.find((p) => p.id === call.park_id)?.name}
            </td>
            <td>{t(l, `inc.call.${callPhase(call, props.now)}`)}</td>
          </tr>
        ))}
      </Table>
      {parks.length ? (
        <Section title={t(l, "inc.call.new")} id="new-call">
          <ErrorSummary locale={l} errors={errors} message={state?.message} />
          <form class="stack" method="post" action={`${page.base}/incubation/manage/calls`} novalidate>
            <CsrfField token={page.csrfToken} />
            <SelectField name="parkId" label={t(l, "inc.parks.title")} value={v?.parkId} errors={errors} options={parks.map((p) => ({ value: p.id, label: p.name }))} />
            <TextField name="title" label={t(l, "areas.name")} value={v?.title} errors={errors} required maxLength={100} />
            <TextField name="opensOn" type="date" label={t(l, "inc.call.opensOn")} value={v?.opensOn} errors={errors} required />
            <TextField name="closesOn" type="date" label={t(l, "inc.call.closesOn")} value={v?.closesOn} errors={errors} required />
            <TextField name="places" label={t(l, "inc.call.places")} value={v?.places} errors={errors} required />
            <TextArea name="eligibilityText" label={t(l, "inc.call.eligibility")} value={v?.eligibilityText} errors={errors} required />
            <MaterialRows locale={l} values={v} errors={errors} />
            <TextArea name="rubric" label={t(l, "inc.call.rubric")} hint="名称|权重|满分, e.g. 项目可行性|30|30" value={v?.rubric} errors={errors} rows={5} required />
            <ChoiceGroup selected={lines(v?.reviewerIds)} type="checkbox" name="reviewerIds" legend={t(l, "role.reviewer")} errors={errors} options={reviewers.map((u) => ({ value: u.id, label: u.display_name }))} />
            <button type="submit">{t(l, "inc.call.publish")}</button>
          </form>
        </Section>
      ) : null}
    </Layout>
  );
}

const SPACE_KINDS = ["workstation", "office", "meeting_room"] as const;
const SPACE_STATUSES = ["available", "occupied", "maintenance"] as const;

export function ParkManagePage(props: { page: PageInfo; park: Park; spaces: Space[]; state?: FormState }) {
  const { page, park, spaces } = props;
  const l = page.locale;
  const spaceState = stateFor(props.state, "space");
  const statusState = stateFor(props.state, "space-status");
  const parkState = stateFor(props.state, "park");
  const sv = spaceState?.values;
  const pv = parkState?.values;
  const services = pv ? lines(pv.services) : (JSON.parse(park.services_json) as string[]);
  const modes = pv ? lines(pv.modes) : [park.physical ? "physical" : "", park.virtual ? "virtual" : ""];
  return (
    <Layout page={page} title={park.name}>
      <h1>{park.name}</h1>
      <p>
        <a href={`${page.base}/incubation/parks/${park.id}`}>{t(l, "inc.parks.title")}</a>
      </p>
      <Section title={t(l, "inc.park.spaces")} id="spaces">
        <ErrorSummary locale={l} errors={statusState?.errors ?? []} message={statusState?.message} />
        <Table head={[t(l, "areas.name"), t(l, "inc.incubation.space"), t(l, "staff.status")]}>
          {spaces.map((sp) => (
            <tr>
              <td>
                {sp.label} ({sp.capacity})
              </td>
              <td>{t(l, `inc.space.${sp.kind}`)}</td>
              <td>
                <form method="post" action={`${page.base}/incubation/manage/spaces/${sp.id}`} class="actions">
                  <CsrfField token={page.csrfToken} />
                  <SelectField name="status" label={t(l, "staff.status")} value={sp.status} options={SPACE_STATUSES.map((v) => ({ value: v, label: t(l, `inc.space.${v}`) }))} />
                  <button type="submit" class="secondary">
                    OK
                  </button>
                </form>
              </td>
            </tr>
          ))}
        </Table>
        <ErrorSummary locale={l} errors={spaceState?.errors ?? []} message={spaceState?.message} />
        <form class="stack" method="post" action={`${page.base}/incubation/manage/parks/${park.id}/spaces`}>
          <CsrfField token={page.csrfToken} />
          <SelectField name="kind" label={t(l, "inc.incubation.space")} value={sv?.kind} errors={spaceState?.errors} options={SPACE_KINDS.map((v) => ({ value: v, label: t(l, `inc.space.${v}`) }))} />
          <TextField name="label" label={t(l, "areas.name")} value={sv?.label} errors={spaceState?.errors} required maxLength={40} />
          <TextField name="capacity" label={t(l, "inc.call.places")} value={sv?.capacity} errors={spaceState?.errors} required />
          <button type="submit">{t(l, "inc.park.addSpace")}</button>
        </form>
      </Section>
      <Section title={t(l, "inc.park.edit")} id="edit">
        <ErrorSummary locale={l} errors={parkState?.errors ?? []} message={parkState?.message} />
        <form class="stack" method="post" action={`${page.base}/incubation/manage/parks/${park.id}`}>
          <CsrfField token={page.csrfToken} />
          <input type="hidden" name="version" value={String(park.version)} />
          <TextField name="name" label={t(l, "areas.name")} value={pv?.name ?? park.name} errors={parkState?.errors} required maxLength={80} />
          <TextField name="operatorName" label={t(l, "inc.park.operator")} value={pv?.operatorName ?? park.operator_name} errors={parkState?.errors} required maxLength={80} />
          <TextField name="address" label={t(l, "inc.park.address")} value={pv?.address ?? park.address} errors={parkState?.errors} required maxLength={120} />
          <TextArea name="description" label={t(l, "inc.park.description")} value={pv?.description ?? park.description} errors={parkState?.errors} maxLength={2000} />
          <ChoiceGroup type="checkbox" name="services" legend={t(l, "inc.park.services")} errors={parkState?.errors} options={PARK_SERVICES.map((v) => ({ value: v, label: t(l, `inc.service.${v}`) }))} selected={services} />
          <ChoiceGroup
            type="checkbox"
            name="modes"
            legend={t(l, "inc.park.modes")}
            errors={parkState?.errors}
            options={[
              { value: "physical", label: t(l, "inc.park.physical") },
              { value: "virtual", label: t(l, "inc.park.virtual") },
            ]}
            selected={modes}
          />
          <button type="submit">{t(l, "inc.park.edit")}</button>
        </form>
      </Section>
    </Layout>
  );
}
