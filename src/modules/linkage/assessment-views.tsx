import type { FieldError } from "../../http/errors";
import { beijingDate } from "../../lib/beijing-time";
import { t, type Locale, type MessageKey } from "../../i18n/messages";
import { ChoiceGroup, ErrorSummary, SelectField, TextField } from "../../ui/form";
import { CsrfField, Layout, type PageInfo } from "../../ui/layout";
import type { Assessment, Indicator, Standing } from "./assessment";
import type { Figures } from "./assessment-figures";
import { METRICS, type Metric } from "./assessment-tables";

// The assessment for district staff (define, assign reviewers, follow the standings,
// publish) and the published ranking for everyone.

const metricLabel = (l: Locale, m: Metric) => t(l, `linkage.metric.${m}` as MessageKey);
const levelLabel = (l: Locale, level: string) => t(l, `linkage.assessment.level.${level}` as MessageKey);
const num = (v: number | null, unit = "") => (v === null ? "–" : `${v}${unit}`);
const unitOf = (m: Metric) => (m === "needs_on_time" || m === "actions_on_time" ? "%" : "");

export function FiguresList(props: { locale: Locale; figures: Figures }) {
  const l = props.locale;
  return (
    <dl class="facts">
      {METRICS.map((m) => (
        <>
          <dt>{metricLabel(l, m)}</dt>
          <dd>{num(props.figures[m], unitOf(m))}</dd>
        </>
      ))}
    </dl>
  );
}

type Row = { id: string; year: number; level: string; title: string; status?: string; published_at: string | null };

function AssessmentList(props: { page: PageInfo; rows: Row[]; href: (id: string) => string }) {
  const l = props.page.locale;
  if (!props.rows.length) return <p>{t(l, "linkage.assessment.none")}</p>;
  return (
    <ul>
      {props.rows.map((r) => (
        <li>
          <a href={props.href(r.id)}>{r.title}</a> · {r.year} · {levelLabel(l, r.level)} · {r.published_at ? `${t(l, "linkage.assessment.publishedOn")} ${beijingDate(r.published_at)}` : t(l, "linkage.assessment.scoring")}
        </li>
      ))}
    </ul>
  );
}

export const DEFAULT_INDICATORS: Record<Metric, { weight: number; target: number }> = {
  needs_on_time: { weight: 25, target: 90 },
  meetings_held: { weight: 15, target: 4 },
  actions_on_time: { weight: 20, target: 90 },
  workers_per_10k: { weight: 10, target: 5 },
};

export function AssessmentsPage(props: { page: PageInfo; rows: Row[]; canRun: boolean; values?: Record<string, string>; errors?: FieldError[] }) {
  const { page } = props;
  const l = page.locale;
  const v = props.values ?? {};
  const e = props.errors;
  return (
    <Layout page={page} title={t(l, "linkage.assessment.list")}>
      <h1>{t(l, "linkage.assessment.list")}</h1>
      <p class="hint">{t(l, "linkage.assessment.intro")}</p>
      <AssessmentList page={page} rows={props.rows} href={(id) => `${page.base}/linkage/assessments/${id}`} />
      {props.canRun ? (
        <form class="stack" method="post" action={`${page.base}/linkage/assessments`} novalidate>
          <h2>{t(l, "linkage.assessment.new")}</h2>
          <ErrorSummary locale={l} errors={e ?? []} />
          <CsrfField token={page.csrfToken} />
          <TextField name="year" label={t(l, "linkage.assessment.year")} value={v.year} errors={e} required />
          <SelectField name="level" label={t(l, "linkage.assessment.levelLabel")} value={v.level} errors={e} options={["subdistrict", "community"].map((x) => ({ value: x, label: levelLabel(l, x) }))} />
          <TextField name="title" label={t(l, "linkage.assessment.title")} value={v.title} errors={e} required maxLength={100} />
          <fieldset>
            <legend>{t(l, "linkage.assessment.computed")}</legend>
            <p class="hint">{t(l, "linkage.assessment.computedHint")}</p>
            {METRICS.map((m) => (
              <div class="row">
                <TextField name={`weight_${m}`} label={`${metricLabel(l, m)} · ${t(l, "linkage.assessment.weight")}`} value={v[`weight_${m}`] ?? String(DEFAULT_INDICATORS[m].weight)} errors={e} />
                <TextField name={`target_${m}`} label={`${metricLabel(l, m)} · ${t(l, "linkage.assessment.target")}`} value={v[`target_${m}`] ?? String(DEFAULT_INDICATORS[m].target)} errors={e} />
              </div>
            ))}
          </fieldset>
          <fieldset>
            <legend>{t(l, "linkage.assessment.scoredItems")}</legend>
            <p class="hint">{t(l, "linkage.assessment.scoredHint")}</p>
            {[1, 2, 3].map((n) => (
              <div class="row">
                <TextField name={`item${n}`} label={`${t(l, "linkage.assessment.item")} ${n}`} value={v[`item${n}`]} errors={e} maxLength={60} />
                <TextField name={`item${n}Weight`} label={t(l, "linkage.assessment.weight")} value={v[`item${n}Weight`]} errors={e} />
              </div>
            ))}
          </fieldset>
          <button type="submit">{t(l, "linkage.meeting.save")}</button>
        </form>
      ) : (
        <p class="notice">{t(l, "error.districtWide")}</p>
      )}
    </Layout>
  );
}

function StandingsTable(props: { locale: Locale; indicators: Indicator[]; items: { title: string }[]; rows: Standing[]; areaName: (code: string) => string; live: boolean }) {
  const l = props.locale;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t(l, "linkage.assessment.rank")}</th>
            <th scope="col">{t(l, "linkage.assessment.area")}</th>
            {props.indicators.map((i) => (
              <th scope="col">{metricLabel(l, i.metric)}</th>
            ))}
            {props.items.map((i) => (
              <th scope="col">{i.title}</th>
            ))}
            <th scope="col">{t(l, "linkage.assessment.total")}</th>
            {props.live ? <th scope="col">{t(l, "linkage.assessment.reviews")}</th> : null}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr>
              <td>{num(r.rank)}</td>
              <th scope="row">{props.areaName(r.areaCode)}</th>
              {props.indicators.map((i) => (
                <td>{num(r.figures[i.metric], unitOf(i.metric))}</td>
              ))}
              {r.scored.map((s) => (
                <td>{num(s)}</td>
              ))}
              <td>
                <strong>{num(r.total)}</strong>
              </td>
              {props.live ? <td>{t(l, "linkage.assessment.reviewCount", { counted: r.counted, pending: r.pending })}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export interface AssessmentPageProps {
  page: PageInfo;
  assessment: Assessment;
  indicators: Indicator[];
  items: { title: string; weight: number }[];
  rows: Standing[];
  areaName: (code: string) => string;
  reviewers: { id: string; display_name: string }[];
  assigned: string[];
  canRun: boolean;
  errors?: FieldError[];
  message?: string;
}

export function AssessmentPage(props: AssessmentPageProps) {
  const { page, assessment: a } = props;
  const l = page.locale;
  const base = `${page.base}/linkage/assessments/${a.id}`;
  const onNotice = a.status === "scoring" && a.notice_id !== null;
  const scoring = a.status === "scoring" && !onNotice;
  return (
    <Layout page={page} title={a.title}>
      <p class="crumbs">
        <a href={`${page.base}/linkage/assessments`}>{t(l, "linkage.assessment.list")}</a>
      </p>
      <h1>{a.title}</h1>
      <ErrorSummary locale={l} errors={props.errors ?? []} message={props.message} />
      <p>
        {a.year} · {levelLabel(l, a.level)} · {onNotice ? t(l, "linkage.assessment.onNotice") : scoring ? t(l, "linkage.assessment.scoring") : `${t(l, "linkage.assessment.publishedOn")} ${a.published_at ? beijingDate(a.published_at) : ""}`}
        {onNotice ? (
          <>
            {" · "}
            <a href={`${page.base}/notices/${a.notice_id}`}>{t(l, "linkage.assessment.noticePage")}</a>
          </>
        ) : null}
        {a.status !== "published" ? null : (
          <>
            {" · "}
            <a href={`${page.base}/assessments/${a.id}`}>{t(l, "linkage.assessment.publicPage")}</a>
          </>
        )}
      </p>
      <h2>{t(l, "linkage.assessment.indicators")}</h2>
      <ul>
        {props.indicators.map((i) => (
          <li>
            {metricLabel(l, i.metric)} · {t(l, "linkage.assessment.weight")} {i.weight} · {t(l, "linkage.assessment.target")} {i.target}
            {unitOf(i.metric)}
          </li>
        ))}
        {props.items.map((i) => (
          <li>
            {i.title} · {t(l, "linkage.assessment.weight")} {i.weight} · {t(l, "linkage.assessment.byReviewers")}
          </li>
        ))}
      </ul>
      <h2>{t(l, scoring ? "linkage.assessment.standings" : "linkage.assessment.ranking")}</h2>
      <StandingsTable locale={l} indicators={props.indicators} items={props.items} rows={props.rows} areaName={props.areaName} live={scoring} />
      {props.canRun && scoring && props.items.length ? (
        <form class="stack" method="post" action={`${base}/reviewers`}>
          <CsrfField token={page.csrfToken} />
          <ChoiceGroup
            name="reviewerIds"
            type="checkbox"
            legend={t(l, "linkage.assessment.reviewers")}
            hint={t(l, "linkage.assessment.reviewersHint")}
            options={props.reviewers.map((r) => ({ value: r.id, label: r.display_name, disabled: props.assigned.includes(r.id) }))}
            selected={props.assigned}
            errors={props.errors}
          />
          <button type="submit" class="secondary">
            {t(l, "linkage.assessment.assign")}
          </button>
        </form>
      ) : null}
      {props.canRun && scoring ? (
        <form method="post" action={`${base}/publish`}>
          <CsrfField token={page.csrfToken} />
          <input type="hidden" name="version" value={String(a.version)} />
          <p class="hint">{t(l, "linkage.assessment.publishHint")}</p>
          <button type="submit">{t(l, "linkage.assessment.publish")}</button>
        </form>
      ) : null}
    </Layout>
  );
}

export function PublicAssessmentsPage(props: { page: PageInfo; rows: Row[] }) {
  const { page } = props;
  const l = page.locale;
  return (
    <Layout page={page} title={t(l, "linkage.assessment.publicList")}>
      <h1>{t(l, "linkage.assessment.publicList")}</h1>
      <p class="hint">{t(l, "linkage.assessment.intro")}</p>
      <AssessmentList page={page} rows={props.rows} href={(id) => `${page.base}/assessments/${id}`} />
    </Layout>
  );
}

export function PublicAssessmentPage(props: { page: PageInfo; assessment: Assessment; indicators: Indicator[]; items: { title: string; weight: number }[]; rows: Standing[]; areaName: (code: string) => string }) {
  const { page, assessment: a } = props;
  const l = page.locale;
  return (
    <Layout page={page} title={a.title}>
      <p class="crumbs">
        <a href={`${page.base}/assessments`}>{t(l, "linkage.assessment.publicList")}</a>
      </p>
      <h1>{a.title}</h1>
      <p>
        {a.year} · {levelLabel(l, a.level)} · {t(l, "linkage.assessment.publishedOn")} {a.published_at ? beijingDate(a.published_at) : ""}
      </p>
      <p class="hint">{t(l, "linkage.assessment.method")}</p>
      <StandingsTable locale={l} indicators={props.indicators} items={props.items} rows={props.rows} areaName={props.areaName} live={false} />
    </Layout>
  );
}
