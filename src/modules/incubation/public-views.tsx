import { t } from "../../i18n/messages";
import type { Rubric } from "../../review";
import { CsrfField, Layout, type PageInfo } from "../../ui/layout";
import { Table } from "../../ui/table";
import type { parkFacts, parksAndOpenCalls } from "./listings";
import { materialsOf, type callPhase, type findCall, type Park } from "./queries";
import { when } from "./views";

// What a visitor sees of incubation: the parks and open calls, a park, a call.

type Listing = Awaited<ReturnType<typeof parksAndOpenCalls>>;
type Facts = Awaited<ReturnType<typeof parkFacts>>;

/** The calls still open for applications, with their window. */
function OpenCalls(props: { page: PageInfo; calls: readonly Record<string, string | number>[] }) {
  const { page } = props;
  const l = page.locale;
  return (
    <>
      <h2>{t(l, "inc.park.openCalls")}</h2>
      {props.calls.length ? null : <p>{t(l, "inc.park.noCalls")}</p>}
      <ul>
        {props.calls.map((call) => (
          <li>
            <a href={`${page.base}/incubation/calls/${call.id}`}>{call.title}</a> — {when(String(call.opens_at))} ~ {when(String(call.closes_at))}
          </li>
        ))}
      </ul>
    </>
  );
}

export function ParksIndexPage(props: { page: PageInfo; parks: Listing["parks"]; calls: Listing["calls"] }) {
  const { page, parks, calls } = props;
  const l = page.locale;
  return (
    <Layout page={page} title={t(l, "inc.parks.title")} description={t(l, "inc.parks.title")}>
      <h1>{t(l, "inc.parks.title")}</h1>
      {parks?.length ? null : <p>{t(l, "inc.parks.none")}</p>}
      <ul class="cards">
        {(parks ?? []).map((p) => (
          <li class="card">
            <a href={`${page.base}/incubation/parks/${p.id}`}>{p.name}</a>
            <div>
              {t(l, `inc.park.level.${p.level as "district"}`)} · {p.operator_name}
            </div>
            <div>{p.address}</div>
          </li>
        ))}
      </ul>
      <OpenCalls page={page} calls={calls} />
      <p>
        <a href={`${page.base}/notices`}>{t(l, "inc.notices")}</a>
      </p>
    </Layout>
  );
}

export function ParkPage(props: { page: PageInfo; park: Park; facts: Facts }) {
  const { page, park } = props;
  const { spaces, residents, calls } = props.facts;
  const services = JSON.parse(park.services_json) as string[];
  const l = page.locale;
  return (
    <Layout page={page} title={park.name} description={`${park.name} · ${t(l, "inc.park.services")}: ${services.map((s) => t(l, `inc.service.${s as "venue"}`)).join("、")}`}>
      <h1>{park.name}</h1>
      <dl class="facts">
        <dt>{t(l, "inc.park.operator")}</dt>
        <dd>{park.operator_name}</dd>
        <dt>{t(l, "inc.park.address")}</dt>
        <dd>{park.address}</dd>
      </dl>
      {park.description ? <p class="prewrap">{park.description}</p> : null}
      <h2>{t(l, "inc.park.services")}</h2>
      <ul>
        {services.map((s) => (
          <li>{t(l, `inc.service.${s as "venue"}`)}</li>
        ))}
        {park.virtual ? <li>{t(l, "inc.park.virtual")}</li> : null}
      </ul>
      <h2>{t(l, "inc.park.spaces")}</h2>
      <ul>
        {(spaces ?? []).map((s) => (
          <li>
            {t(l, `inc.space.${s.kind as "office"}`)} · {t(l, `inc.space.${s.status as "available"}`)}: {s.n}
          </li>
        ))}
      </ul>
      <OpenCalls page={page} calls={calls} />
      <h2>{t(l, "inc.park.residents")}</h2>
      {residents?.length ? null : <p>{t(l, "inc.park.noResidents")}</p>}
      <ul>
        {(residents ?? []).map((res) => (
          <li>
            {res.name} ({res.started_on} ~ {res.planned_end_on})
          </li>
        ))}
      </ul>
    </Layout>
  );
}

export function CallPage(props: { page: PageInfo; call: Awaited<ReturnType<typeof findCall>>; rubric: Rubric | null; phase: ReturnType<typeof callPhase>; canApply: boolean; signedIn: boolean }) {
  const { page, call, rubric, phase, canApply } = props;
  const l = page.locale;
  return (
    <Layout page={page} title={call.title}>
      <h1>{call.title}</h1>
      <p>
        <a href={`${page.base}/incubation/parks/${call.park.id}`}>{call.park.name}</a> · <span class={`badge ${phase === "open" ? "ok" : "warn"}`}>{t(l, `inc.call.${phase}`)}</span>
      </p>
      <dl class="facts">
        <dt>{t(l, "inc.call.window")}</dt>
        <dd>
          {when(call.opens_at)} ~ {when(call.closes_at)}
        </dd>
        <dt>{t(l, "inc.call.places")}</dt>
        <dd>{call.places}</dd>
      </dl>
      <h2>{t(l, "inc.call.eligibility")}</h2>
      <p class="prewrap">{call.eligibility_text}</p>
      <h2>{t(l, "inc.call.materials")}</h2>
      <ul>
        {materialsOf(call).map((m) => (
          <li>
            {m.label}
            {m.required ? " *" : ""}
          </li>
        ))}
      </ul>
      <h2>{t(l, "inc.call.rubric")}</h2>
      <Table head={[t(l, "areas.name"), t(l, "inc.review.score")]}>
        {(rubric?.items ?? []).map((i) => (
          <tr>
            <td>
              {i.title}
              {i.description ? <div class="hint">{i.description}</div> : null}
            </td>
            <td>{i.maxScore}</td>
          </tr>
        ))}
      </Table>
      {canApply ? (
        <form method="post" action={`${page.base}/incubation/calls/${call.id}/apply`}>
          <CsrfField token={page.csrfToken} />
          <button type="submit">{t(l, "inc.call.apply")}</button>
        </form>
      ) : phase === "open" && !props.signedIn ? (
        <p>
          <a class="button" href={`${page.base}/login?next=${encodeURIComponent(`${page.base}/incubation/calls/${call.id}`)}`}>
            {t(l, "inc.call.apply")}
          </a>
        </p>
      ) : null}
    </Layout>
  );
}
