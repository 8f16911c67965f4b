import type { Context, Hono } from "hono";
import type { DistrictData } from "../../data/district-data";
import type { AppEnv } from "../../env";
import { cachedHtml } from "../../http/cache";
import { routes } from "../../http/routes";
import { t, type Locale, type MessageKey } from "../../i18n/messages";
import { addMonths, beijingToday } from "../../lib/beijing-time";
import { CSV_CONTENT_TYPE, toCsv } from "../../lib/csv";
import { BarChart } from "../../ui/charts";
import { Layout, pageInfo, type PageInfo } from "../../ui/layout";
import { organizationsOfTypeByArea } from "../disclosure";
import { postCountsByArea, stationAreas } from "../posts";
import { runningProjects } from "../projects";
import { type Area, areaName, loadAreas } from "./areas";
import { areaFigures, share, type AreaFigures } from "./assessment-figures";
import { meetingScopes, reaches } from "./meetings";
import { type Answers, histogramMedian } from "./needs-summary";

// The linkage dashboard: per 街道 and community, the quarter's figures, community social
// organizations against the district's targets (民发〔2017〕191号: on average at least 10
// per urban community and 5 per rural one), and the last four quarters' trend of every
// figure that is dated. Staff see their own areas; the public page shows the same
// counts, which hold no personal data.

/** The organization type that counts towards the target (registered or filed with the 街道). */
export const COMMUNITY_ORG_TYPE = "社区社会组织";

interface Quarter {
  label: string;
  from: string;
  to: string;
}

/** The last four Beijing quarters, oldest first, the current one last. */
export function lastQuarters(today: string): Quarter[] {
  const start = `${today.slice(0, 5)}${String(Math.floor((Number(today.slice(5, 7)) - 1) / 3) * 3 + 1).padStart(2, "0")}-01`;
  return [-9, -6, -3, 0].map((m) => {
    const from = addMonths(start, m);
    const next = addMonths(from, 3);
    const to = new Date(Date.parse(`${next}T00:00:00Z`) - 86400000).toISOString().slice(0, 10);
    return { label: `${from.slice(0, 4)} Q${(Number(from.slice(5, 7)) + 2) / 3}`, from, to };
  });
}

interface Row {
  code: string;
  name: string;
  orgs: number;
  target: number;
  postsFilled: string | null;
  stations: number;
  projects: number;
  satisfaction: number | null;
  paidYuan: number;
  figures: AreaFigures;
}

/** The quarter's figures over the top areas in scope, so a 街道 and its communities are not both counted. */
export interface TrendPoint {
  label: string;
  needs: number;
  answered: number;
  medianDays: number | null;
  meetings: number;
  actionsOnTime: number | null;
  projects: number;
}

/** Adds up per-area counts over an area and everything under it. */
function sumWithin<T>(counts: Map<string, T>, code: string, pick: (v: T) => number): number {
  let sum = 0;
  for (const [area, v] of counts) if (area.startsWith(code)) sum += pick(v);
  return sum;
}

async function dashboard(data: DistrictData, scopes: readonly string[], l: Locale, today: string) {
  const areas = await loadAreas(data);
  const subjects = [...areas.values()].filter((a) => reaches(scopes, a.code));
  const tops = subjects.filter((a) => !subjects.some((p) => p !== a && a.code.startsWith(p.code)));
  const quarters = lastQuarters(today);
  const current = quarters[3]!;
  // Projects running in each quarter, counted per community once rather than per area shown.
  const [trend, orgs, running, posts, stations] = await Promise.all([
    areaFigures(data, quarters, subjects, areas),
    organizationsOfTypeByArea(data, COMMUNITY_ORG_TYPE),
    runningProjects(data, quarters),
    postCountsByArea(data),
    stationAreas(data),
  ]);
  const { communityOrgTarget, villageOrgTarget } = data.district.settings;
  const inside = (a: Area) => (code: string | null) => !!code?.startsWith(a.code);
  const targetOf = (a: Area) => (a.kind === "村" ? villageOrgTarget : communityOrgTarget);
  const rows: Row[] = subjects.map((a) => {
    const mine = running[3]!;
    const placed = posts.filter((p) => inside(a)(p.areaCode));
    return {
      code: a.code,
      name: areaName(areas, a.code, l),
      orgs: sumWithin(orgs, a.code, (n) => n),
      target: a.level === "community" ? targetOf(a) : [...areas.values()].filter((c) => c.parent === a.code).reduce((s, c) => s + targetOf(c), 0),
      // A post placed in a community counts there and in its 街道; one placed at the 街道 only there.
      postsFilled: `${placed.reduce((s, p) => s + p.filled, 0)} / ${placed.reduce((s, p) => s + p.developed, 0)}`,
      stations: stations.filter(inside(a)).length,
      projects: sumWithin(mine, a.code, (r) => r.projects),
      paidYuan: sumWithin(mine, a.code, (r) => r.paidYuan),
      // Residents' ratings of the projects running there: the share rating 4 or 5 of 5.
      satisfaction: share(
        sumWithin(mine, a.code, (r) => r.satisfied),
        sumWithin(mine, a.code, (r) => r.rated),
      ),
      figures: trend[3]!.get(a.code)!,
    };
  });
  const points: TrendPoint[] = quarters.map((q, i) => {
    const figures = tops.map((a) => trend[i]!.get(a.code)!);
    const total = (pick: (f: AreaFigures) => number) => figures.reduce((s, f) => s + pick(f), 0);
    const answers: Answers = new Map();
    for (const f of figures) for (const [days, n] of f.answerDays) answers.set(days, (answers.get(days) ?? 0) + n);
    return {
      label: q.label,
      needs: total((f) => f.needs),
      answered: total((f) => f.answered),
      medianDays: histogramMedian(answers),
      meetings: total((f) => f.meetings_held ?? 0),
      actionsOnTime: share(
        total((f) => f.actionsDoneOnTime),
        total((f) => f.actionsDue),
      ),
      projects: tops.reduce((s, a) => s + sumWithin(running[i]!, a.code, (r) => r.projects), 0),
    };
  });
  return { quarter: current, rows, points, targets: { urban: communityOrgTarget, rural: villageOrgTarget } };
}

const COLUMNS = ["area", "orgs", "target", "workers", "posts", "stations", "projects", "paid", "satisfaction", "needs", "answered", "median", "meetings", "actions"] as const;
const PERCENT: readonly number[] = [COLUMNS.indexOf("satisfaction"), COLUMNS.indexOf("actions")];
const cells = (r: Row) => {
  const f = r.figures;
  return [r.name, r.orgs, r.target, f.workers_per_10k, r.postsFilled, r.stations, r.projects, r.paidYuan, r.satisfaction, f.needs, f.answered, f.medianDays, f.meetings_held, f.actions_on_time];
};
const head = (l: Locale) => COLUMNS.map((c) => t(l, `linkage.dashboard.col.${c}` as MessageKey));
const TREND = ["needs", "answered", "median", "meetings", "actions", "projects"] as const;
const trendCells = (p: TrendPoint) => [p.label, p.needs, p.answered, p.medianDays, p.meetings, p.actionsOnTime, p.projects];
const shown = (v: string | number | null, percent: boolean) => (v === null ? "–" : percent ? `${v}%` : v);

function DashboardPage(props: { page: PageInfo; data: Awaited<ReturnType<typeof dashboard>>; staff: boolean }) {
  const l = props.page.locale;
  const { quarter, rows, points, targets } = props.data;
  const title = t(l, props.staff ? "linkage.dashboard.title" : "linkage.dashboard.publicTitle");
  const col = (c: (typeof TREND)[number]) => t(l, `linkage.dashboard.col.${c}`);
  const chart = (id: string, keys: (typeof TREND)[number][], values: (p: TrendPoint) => (number | null)[]) => (
    <BarChart id={id} title={keys.map(col).join(" / ")} description={t(l, "linkage.dashboard.trend")} series={keys.map((k) => ({ label: col(k) }))} rows={points.map((p) => ({ label: p.label, values: values(p).map((v) => v ?? 0) }))} />
  );
  return (
    <Layout page={props.page} title={title}>
      <h1>{title}</h1>
      <p>{t(l, "linkage.dashboard.intro", { quarter: quarter.label })}</p>
      <p>{t(l, "linkage.dashboard.orgsCounted", { type: COMMUNITY_ORG_TYPE, urban: targets.urban, rural: targets.rural })}</p>
      {props.staff && (
        <p>
          <a class="button secondary" href={`${props.page.base}/linkage/dashboard.csv`} download="linkage-dashboard.csv">
            {t(l, "linkage.dashboard.csv")}
          </a>
        </p>
      )}
      <div class="table-scroll">
        <table>
          <thead>
            <tr>
              {head(l).map((h) => (
                <th scope="col">{h}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>{cells(r).map((v, i) => (i === 0 ? <th scope="row">{v}</th> : <td>{shown(v, PERCENT.includes(i))}</td>))}</tr>
            ))}
          </tbody>
        </table>
      </div>
      <p class="hint">{t(l, "linkage.dashboard.postsNote")}</p>
      <p class="hint">{t(l, "linkage.dashboard.satisfactionNote")}</p>
      <h2>{t(l, "linkage.dashboard.trend")}</h2>
      <div class="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{t(l, "linkage.dashboard.col.quarter")}</th>
              {TREND.map((c) => (
                <th scope="col">{col(c)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr>{trendCells(p).map((v, i) => (i === 0 ? <th scope="row">{v}</th> : <td>{shown(v, TREND[i - 1] === "actions")}</td>))}</tr>
            ))}
          </tbody>
        </table>
      </div>
      {chart("linkage-trend-needs", ["needs", "answered"], (p) => [p.needs, p.answered])}
      {chart("linkage-trend-meetings", ["meetings", "projects"], (p) => [p.meetings, p.projects])}
      {chart("linkage-trend-median", ["median"], (p) => [p.medianDays])}
      {chart("linkage-trend-actions", ["actions"], (p) => [p.actionsOnTime])}
    </Layout>
  );
}

export function registerDashboardRoutes(app: Hono<AppEnv>): void {
  const r = routes(app, "district");
  const staff = async (c: Context<AppEnv>) => dashboard(c.var.data, meetingScopes(c.var.user!), c.var.locale, beijingToday());
  r.get("/linkage/dashboard", "linkage.meetings", async (c) => c.html(<DashboardPage page={pageInfo(c)} data={await staff(c)} staff />));
  r.get("/linkage/dashboard.csv", "linkage.meetings", async (c) => {
    const { rows } = await staff(c);
    return c.body(toCsv([head(c.var.locale), ...rows.map(cells)]), 200, {
      "content-type": CSV_CONTENT_TYPE,
      "content-disposition": `attachment; filename="linkage-dashboard-${c.var.district.code}.csv"`,
      "cache-control": "no-store",
    });
  });
  r.get("/linkage-summary", "public", async (c) => cachedHtml(c, <DashboardPage page={pageInfo(c)} data={await dashboard(c.var.data, [""], c.var.locale, beijingToday())} staff={false} />));
}
