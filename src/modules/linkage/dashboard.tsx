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
import { fundedProjects } from "../projects";
import { type Area, areaName, loadAreas } from "./areas";
import { areaFigures, type AreaFigures } from "./assessment-figures";
import { meetingScopes, reaches } from "./meetings";

// The linkage dashboard: per 街道 and community, the quarter's figures against the
// national guidance for community social organizations (民发〔2017〕191号: at least 10 per
// urban community), and the last four quarters' trend. Staff see their own areas; the
// public page shows the same counts, which hold no personal data.

export const ORGS_PER_COMMUNITY_TARGET = 10;

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
  communities: number;
  projects: number;
  paidYuan: number;
  figures: AreaFigures;
}

async function dashboard(data: DistrictData, scopes: readonly string[], l: Locale, today: string) {
  const areas = await loadAreas(data);
  const subjects = [...areas.values()].filter((a) => reaches(scopes, a.code));
  const quarters = lastQuarters(today);
  const current = quarters[3]!;
  const [trend, orgs, funded] = await Promise.all([
    Promise.all(quarters.map((q) => areaFigures(data, q.from, q.to, subjects, areas))),
    data.selectFrom("organizations").select("area_code").where("area_code", "is not", null).execute(),
    fundedProjects(data),
  ]);
  const inside = (a: Area) => (code: string | null) => !!code?.startsWith(a.code);
  const rows: Row[] = subjects.map((a) => {
    const mine = funded.filter((p) => inside(a)(p.communityCode) && p.startsOn <= current.to && p.endsOn >= current.from);
    return {
      code: a.code,
      name: areaName(areas, a.code, l),
      orgs: orgs.filter((o) => inside(a)(o.area_code)).length,
      communities: a.level === "community" ? 1 : [...areas.values()].filter((c) => c.parent === a.code).length,
      projects: mine.length,
      paidYuan: mine.reduce((s, p) => s + p.paidYuan, 0),
      figures: trend[3]!.get(a.code)!,
    };
  });
  const totals = quarters.map((q, i) => ({ label: q.label, values: [sum(subjects, trend[i]!, "needs"), sum(subjects, trend[i]!, "answered"), sum(subjects, trend[i]!, "meetings_held")] }));
  return { quarter: current, rows, totals };
}

// Counted at the top areas in scope only, so a 街道 and its communities are not both added.
function sum(subjects: readonly Area[], figures: Map<string, AreaFigures>, key: "needs" | "answered" | "meetings_held") {
  return subjects.filter((a) => !subjects.some((p) => p !== a && a.code.startsWith(p.code))).reduce((s, a) => s + (figures.get(a.code)?.[key] ?? 0), 0);
}

const COLUMNS = ["area", "orgs", "orgsPerCommunity", "workers", "projects", "paid", "needs", "answered", "median", "meetings", "actions"] as const;
const cells = (r: Row) => {
  const f = r.figures;
  return [r.name, r.orgs, r.communities ? Math.round((r.orgs / r.communities) * 10) / 10 : null, f.workers_per_10k, r.projects, r.paidYuan, f.needs, f.answered, f.medianDays, f.meetings_held, f.actions_on_time];
};
const head = (l: Locale) => COLUMNS.map((c) => t(l, `linkage.dashboard.col.${c}` as MessageKey));

function DashboardPage(props: { page: PageInfo; data: Awaited<ReturnType<typeof dashboard>>; staff: boolean }) {
  const l = props.page.locale;
  const { quarter, rows, totals } = props.data;
  const title = t(l, props.staff ? "linkage.dashboard.title" : "linkage.dashboard.publicTitle");
  return (
    <Layout page={props.page} title={title}>
      <h1>{title}</h1>
      <p>{t(l, "linkage.dashboard.intro", { quarter: quarter.label, target: ORGS_PER_COMMUNITY_TARGET })}</p>
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
              <tr>{cells(r).map((v, i) => (i === 0 ? <th scope="row">{v}</th> : <td>{v === null ? "–" : i === 10 ? `${v}%` : v}</td>))}</tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t(l, "linkage.dashboard.trend")}</h2>
      <BarChart id="linkage-trend" title={t(l, "linkage.dashboard.trend")} description={t(l, "linkage.dashboard.trend")} series={[{ label: head(l)[6]! }, { label: head(l)[7]! }, { label: head(l)[9]! }]} rows={totals} />
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
