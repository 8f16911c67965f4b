import { t, type Locale, type MessageKey } from "../../i18n/messages";
import { BarChart } from "../../ui/charts";
import { Layout, type PageInfo } from "../../ui/layout";
import { percent, type Figures, type Group } from "./figures";
import { Table } from "../../ui/table";

// The district figures dashboard: each breakdown as a bar chart and, with the same
// numbers, a table.

function GroupSection(props: { l: Locale; id: string; title: MessageKey; groups: Group[] }) {
  const l = props.l;
  const title = t(l, props.title);
  const developed = t(l, "posts.figures.developed");
  const filled = t(l, "posts.figures.filled");
  return (
    <section class="panel" aria-labelledby={`${props.id}-h`}>
      <h2 id={`${props.id}-h`}>{title}</h2>
      <BarChart
        id={props.id}
        title={`${title}：${developed}、${filled}`}
        description={t(l, "posts.figures.chartDesc", { a: developed, b: filled })}
        series={[{ label: developed }, { label: filled }]}
        rows={props.groups.map((g) => ({ label: g.label, values: [g.developed, g.filled] }))}
      />
      <div class="table-wrap">
        <table>
          <caption class="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t(l, "posts.figures.group")}</th>
              <th scope="col">{developed}</th>
              <th scope="col">{filled}</th>
              <th scope="col">{t(l, "posts.figures.headcount")}</th>
              <th scope="col">{t(l, "posts.figures.inPost")}</th>
            </tr>
          </thead>
          <tbody>
            {props.groups.map((g) => (
              <tr>
                <th scope="row">{g.label}</th>
                <td>{g.developed}</td>
                <td>{g.filled}</td>
                <td>{g.headcount}</td>
                <td>{g.inPost}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function FiguresPage(props: { page: PageInfo; figures: Figures }) {
  const page = props.page;
  const l = page.locale;
  const f = props.figures;
  const withStation = f.stations.filter((s) => s.stations.length).length;
  return (
    <Layout page={page} title={t(l, "posts.figures.title")}>
      <h1>{t(l, "posts.figures.title")}</h1>
      <p class="lead">{t(l, "posts.figures.intro")}</p>
      <div class="actions">
        <a class="button secondary" href={`${page.base}/posts/figures.csv`} download="posts-figures.csv">
          {t(l, "posts.figures.csv")}
        </a>
      </div>
      <ul class="cards">
        <li class="card">
          <span class="figure">{f.byKind.reduce((s, g) => s + g.developed, 0)}</span>
          {t(l, "posts.figures.developed")}
        </li>
        <li class="card">
          <span class="figure">{f.byKind.reduce((s, g) => s + g.filled, 0)}</span>
          {t(l, "posts.figures.filled")}
        </li>
        <li class="card">
          <span class="figure">{percent(f.workers.certified, f.workers.total)}</span>
          {t(l, "posts.figures.certifiedShare")}（{f.workers.certified}/{f.workers.total}）
        </li>
        <li class="card">
          <span class="figure">
            {withStation}/{f.stations.length}
          </span>
          {t(l, "posts.figures.stations")}
        </li>
      </ul>
      <GroupSection l={l} id="by-kind" title="posts.figures.byKind" groups={f.byKind} />
      <GroupSection l={l} id="by-mode" title="posts.figures.byMode" groups={f.byMode} />
      <GroupSection l={l} id="by-host" title="posts.figures.byHostType" groups={f.byHostType} />
      <GroupSection l={l} id="by-sub" title="posts.figures.bySubdistrict" groups={f.bySubdistrict} />

      <section class="panel" aria-labelledby="workers-h">
        <h2 id="workers-h">{t(l, "posts.figures.workers")}</h2>
        <p>
          {t(l, "posts.figures.certifiedShare")}：<strong>{percent(f.workers.certified, f.workers.total)}</strong>（{f.workers.certified}/{f.workers.total}）
        </p>
        <BarChart id="levels" title={t(l, "posts.figures.workers")} description={t(l, "posts.figures.workers")} series={[{ label: t(l, "posts.figures.people") }]} rows={f.workers.byLevel.map((b) => ({ label: b.label, values: [b.n] }))} />
        <Table head={[t(l, "posts.figures.level"), t(l, "posts.figures.people")]}>
          {f.workers.byLevel.map((b) => (
            <tr>
              <th scope="row">{b.label}</th>
              <td>{b.n}</td>
            </tr>
          ))}
        </Table>
      </section>

      <section class="panel" aria-labelledby="training-h">
        <h2 id="training-h">{t(l, "posts.figures.training")}</h2>
        <p>{t(l, "posts.figures.perWorkerNote")}</p>
        {f.training.length === 0 ? (
          <p>{t(l, "posts.figures.noTraining")}</p>
        ) : (
          <>
            <BarChart
              id="training"
              title={`${t(l, "posts.figures.training")}：${t(l, "posts.figures.perWorker")}`}
              description={t(l, "posts.figures.perWorkerNote")}
              series={[{ label: t(l, "posts.figures.perWorker") }]}
              rows={f.training.map((y) => ({ label: y.year, values: [y.perWorker] }))}
            />
            <Table head={[t(l, "posts.figures.year"), t(l, "posts.figures.totalHours"), t(l, "posts.figures.trained"), t(l, "posts.figures.perWorker")]}>
              {f.training.map((y) => (
                <tr>
                  <th scope="row">{y.year}</th>
                  <td>{y.totalHours}</td>
                  <td>{y.trained}</td>
                  <td>{y.perWorker}</td>
                </tr>
              ))}
            </Table>
          </>
        )}
      </section>

      <section class="panel" aria-labelledby="stations-h">
        <h2 id="stations-h">{t(l, "posts.figures.stations")}</h2>
        <p>{t(l, "posts.figures.goal")}</p>
        <p>
          <strong>{t(l, "posts.figures.coverage", { with: withStation, without: f.stations.length - withStation, total: f.stations.length })}</strong>
        </p>
        <Table head={[t(l, "posts.figures.subdistrict"), t(l, "posts.figures.hasStation"), t(l, "posts.hostType.station")]}>
          {f.stations.map((s) => (
            <tr>
              <th scope="row">{s.name}</th>
              <td>{s.stations.length ? <span class="badge ok">✔ {t(l, "posts.figures.yes")}</span> : <span class="badge bad">✖ {t(l, "posts.figures.no")}</span>}</td>
              <td>{s.stations.join("、") || "—"}</td>
            </tr>
          ))}
        </Table>
      </section>
    </Layout>
  );
}
