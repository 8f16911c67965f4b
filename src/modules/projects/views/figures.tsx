import { t, type Locale, type MessageKey } from "../../../i18n/messages";
import { BarChart } from "../../../ui/charts";
import { Layout, type PageInfo } from "../../../ui/layout";
import { DELIVERY_PAGE, type FundsRow, type ProjectFigures } from "../domain/figures";
import { Pager, queryString } from "../../../ui/pager";
import { Table } from "../../../ui/table";
import { yuan } from "./parts";

const percent = (part: number, whole: number) => (whole ? `${Math.round((part * 1000) / whole) / 10}%` : "—");

export function Funds(props: { l: Locale; id: string; title: MessageKey; rows: FundsRow[]; children?: unknown }) {
  const { l } = props;
  return (
    <section class="panel" aria-labelledby={`${props.id}-h`}>
      <h2 id={`${props.id}-h`}>{t(l, props.title)}</h2>
      <BarChart
        id={props.id}
        title={t(l, props.title)}
        description={t(l, "projects.figures.fundsChart")}
        series={[{ label: t(l, "projects.figures.amount") }, { label: t(l, "projects.figures.paid") }]}
        rows={props.rows.map((r) => ({ label: r.label, values: [Math.round(r.amountYuan / 1000), Math.round(r.paidYuan / 1000)] }))}
      />
      <Table head={[t(l, props.title), t(l, "projects.figures.projects"), t(l, "projects.contract.amount"), t(l, "projects.catalogue.paid")]}>
        {props.rows.map((r) => (
          <tr>
            <th scope="row">{r.label}</th>
            <td>{r.projects}</td>
            <td>{yuan(l, r.amountYuan)}</td>
            <td>{yuan(l, r.paidYuan)}</td>
          </tr>
        ))}
      </Table>
      {props.children}
    </section>
  );
}

/** The figures with the organizations of most funds and page `at` of the projects' delivery; the CSV holds all. */
export function ProjectFiguresPage(props: { page: PageInfo; figures: ProjectFigures; at: number; scope: string[] }) {
  const { page, figures: f } = props;
  const l = page.locale;
  const csv = `${page.base}/projects/figures.csv`;
  const more = f.organizations - f.byOrganization.length;
  return (
    <Layout page={page} title={t(l, "projects.figures.title")}>
      <h1>{t(l, "projects.figures.title")}</h1>
      {props.scope.length ? <p class="lead">{t(l, "projects.figures.scope", { areas: props.scope.join("、") })}</p> : null}
      <div class="actions">
        <a class="button secondary" href={csv} download="projects-figures.csv">
          {t(l, "projects.figures.csv")}
        </a>
      </div>
      <ul class="cards">
        <li class="card">
          <span class="figure">{f.leads.projects}</span>
          {t(l, "projects.figures.projects")}
        </li>
        <li class="card">
          <span class="figure">{percent(f.satisfaction.satisfied, f.satisfaction.responses)}</span>
          {t(l, "projects.feedback.satisfaction")}（{t(l, "projects.feedback.count", { n: f.satisfaction.responses })}）
        </li>
        <li class="card">
          <span class="figure">{percent(f.leads.certified, f.leads.projects)}</span>
          {t(l, "projects.figures.certifiedLeads")}（{f.leads.certified}/{f.leads.projects}）
        </li>
      </ul>
      <Funds l={l} id="by-category" title="projects.figures.byCategory" rows={f.byCategory} />
      <Funds l={l} id="by-subdistrict" title="projects.figures.bySubdistrict" rows={f.bySubdistrict} />
      <Funds l={l} id="by-organization" title="projects.figures.byOrganization" rows={f.byOrganization}>
        {more > 0 ? (
          <p class="hint">
            <a href={csv}>{t(l, "projects.figures.moreOrganizations", { n: more })}</a>
          </p>
        ) : null}
      </Funds>
      <section class="panel" aria-labelledby="delivery-h">
        <h2 id="delivery-h">{t(l, "projects.figures.delivery")}</h2>
        <BarChart
          id="delivery"
          title={t(l, "projects.figures.delivery")}
          description={t(l, "projects.figures.deliveryChart")}
          series={[{ label: t(l, "projects.figures.target") }, { label: t(l, "projects.figures.reached") }]}
          rows={f.delivery.map((d) => ({ label: d.title, values: [d.target, d.reached] }))}
        />
        <Table head={[t(l, "projects.figures.project"), t(l, "projects.figures.records"), t(l, "projects.figures.target"), t(l, "projects.figures.reached"), t(l, "projects.feedback.satisfaction")]}>
          {f.delivery.map((d) => (
            <tr>
              <th scope="row">{d.title}</th>
              <td>{d.records}</td>
              <td>{d.target}</td>
              <td>
                {d.reached} ({percent(d.reached, d.target)})
              </td>
              <td>{d.responses ? `${d.satisfactionPercent}% · ${t(l, "projects.feedback.count", { n: d.responses })}` : t(l, "projects.feedback.none")}</td>
            </tr>
          ))}
        </Table>
        <Pager l={l} page={props.at} pages={Math.ceil(f.leads.projects / DELIVERY_PAGE)} href={(n) => `${page.base}/projects/figures${queryString({ page: n })}#delivery-h`} />
      </section>
    </Layout>
  );
}
