import type { Hono } from "hono";
import type { AppEnv } from "../../env";
import { cachedHtml } from "../../http/cache";
import { registerPagedOpenData } from "../../http/open-data";
import { routes } from "../../http/routes";
import { t, type Locale, type MessageKey } from "../../i18n/messages";
import { Layout, pageInfo, type PageInfo } from "../../ui/layout";
import { areaName, communityByShort, loadAreas } from "./areas";
import { needsOpenData } from "./needs-open-data";
import { needFiguresCount, needFiguresPage, needSummaries, type CommunityNeedSummary, type NeedFigures } from "./needs-summary";
import type { Community } from "./views-public";

// The public face of a community's needs: how many were raised, in which categories,
// how many have been answered and how fast. Counts only, for residents and for reuse as
// open data; the needs themselves stay with community staff.

const share = (f: NeedFigures) => (f.received ? Math.round((f.answered / f.received) * 100) : 0);
const days = (l: Locale, f: NeedFigures) => (f.medianDays === null ? t(l, "linkage.summary.none") : t(l, "linkage.summary.days", { days: f.medianDays }));

function FiguresRow(props: { l: Locale; label: string; f: NeedFigures; strong?: boolean }) {
  const { l, f } = props;
  return (
    <tr>
      <th scope="row">{props.strong ? <strong>{props.label}</strong> : props.label}</th>
      <td class="num">{f.received}</td>
      <td class="num">{f.answered}</td>
      <td class="num">{`${share(f)}%`}</td>
      <td class="num">{days(l, f)}</td>
    </tr>
  );
}

function SummaryPage(props: { page: PageInfo; community: Community; summary: CommunityNeedSummary | undefined }) {
  const { page, community, summary } = props;
  const l = page.locale;
  const title = t(l, "linkage.summary.title", { community: community.name });
  return (
    <Layout page={page} title={title} description={t(l, "linkage.summary.intro")}>
      <h1>{title}</h1>
      <p>{community.subdistrict}</p>
      <p>{t(l, "linkage.summary.intro")}</p>
      {summary ? (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t(l, "linkage.summary.category")}</th>
                <th scope="col">{t(l, "linkage.summary.received")}</th>
                <th scope="col">{t(l, "linkage.summary.answered")}</th>
                <th scope="col">{t(l, "linkage.summary.share")}</th>
                <th scope="col">{t(l, "linkage.summary.median")}</th>
              </tr>
            </thead>
            <tbody>
              {summary.byCategory.map((c) => (
                <FiguresRow l={l} label={t(l, `linkage.category.${c.category}` as MessageKey)} f={c} />
              ))}
              <FiguresRow l={l} label={t(l, "linkage.summary.total")} f={summary} strong />
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t(l, "linkage.summary.empty")}</p>
      )}
      <p>
        <a href={`${page.base}/n/${community.short}`}>{t(l, "linkage.summary.raise")}</a>
        {" · "}
        <a href={`${page.base}/open-data/v1/community-needs.csv`}>{t(l, "linkage.summary.openData")}</a>
      </p>
    </Layout>
  );
}

export function registerNeedsSummaryRoutes(app: Hono<AppEnv>): void {
  const r = routes(app, "district");

  r.get("/n/:short/summary", "public", async (c) => {
    const short = c.req.param("short") ?? "";
    // The summary is read alongside the community: an unknown one still answers 404.
    const [community, [summary]] = await Promise.all([communityByShort(c.var.data, c.var.district, c.var.locale, short), needSummaries(c.var.data, `${c.var.district.code}${short}`)]);
    return cachedHtml(c, <SummaryPage page={pageInfo(c)} community={community} summary={summary} />);
  });

  registerPagedOpenData(r, {
    ...needsOpenData()[0]!,
    count: (c) => needFiguresCount(c.var.data),
    rows: async (c, window) => {
      const [areas, rows] = await Promise.all([loadAreas(c.var.data), needFiguresPage(c.var.data, window)]);
      return rows.map((f) => ({
        community_code: f.communityCode,
        community_name: areaName(areas, f.communityCode, "zh-CN"),
        category: f.category,
        received: f.received,
        answered: f.answered,
        answered_share_percent: share(f),
        median_working_days_to_answer: f.medianDays,
      }));
    },
  });
}
