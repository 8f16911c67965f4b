import type { Context, Hono } from "hono";
import type { AppEnv } from "../../env";
import { cachedHtml } from "../../http/cache";
import { openDatasetsOf } from "../../core/modules";
import { OPEN_DATA_LIMIT, registerPagedOpenData, siteOf, type PagedDataset } from "../../http/open-data";
import { disclosureOpenData } from "./open-datasets";
import { routes } from "../../http/routes";
import { t } from "../../i18n/messages";
import { Layout, pageInfo } from "../../ui/layout";
import { openCount, openCreditLists, openGradeAdjustments, openGrades, openRegistry } from "./opendata-queries";

// Open data: the registry, the grades and the credit lists as CSV and JSON at stable,
// versioned URLs (/open-data/v1/…), a page at a time in the order of their public lists;
// every paged dataset of the district (other modules' too) documented on /open-data; and
// an Atom feed of public notices. The columns are chosen here, never "everything":
// personal data of legal representatives can never reach a file.

/** Where each file's rows come from, a page at a time. */
const PAGES: Record<string, Pick<PagedDataset, "rows" | "count">> = {
  organizations: { rows: (c, window) => openRegistry(c.var.data, siteOf(c), window), count: (c) => openCount(c.var.data, "organizations") },
  grades: { rows: (c, window) => openGrades(c.var.data, window), count: (c) => openCount(c.var.data, "organization_grades") },
  "grade-adjustments": { rows: (c, window) => openGradeAdjustments(c.var.data, window), count: (c) => openCount(c.var.data, "grade_adjustments") },
  "credit-lists": { rows: (c, window) => openCreditLists(c.var.data, window), count: (c) => openCount(c.var.data, "credit_list_entries") },
};

function OpenDataPage(props: { c: Context<AppEnv> }) {
  const page = pageInfo(props.c);
  const l = page.locale;
  const title = t(l, "disclosure.open.title");
  // Every module's datasets, documented here side by side, those of the modules the district runs.
  const modules: readonly string[] = props.c.var.district.modules;
  const sets = openDatasetsOf(modules);
  const description = t(l, "disclosure.open.description", { district: page.districtName ?? "" });
  return (
    <Layout page={page} title={title} description={description} meta={{ canonical: `${page.base}/open-data`, feeds: [{ title: t(l, "review.notice.feed"), href: `${page.base}/notices.atom` }] }}>
      <h1>{title}</h1>
      <p class="lead">{description}</p>
      <p>{t(l, "disclosure.open.intro")}</p>
      {sets.map((d) => (
        <section aria-labelledby={`ds-${d.dataset}`} id={d.dataset}>
          <h2 id={`ds-${d.dataset}`}>{t(l, d.title)}</h2>
          <p>
            {t(l, "disclosure.open.formats")}：<a href={`${page.base}/open-data/v1/${d.dataset}.csv`}>{`${page.origin ?? ""}${page.base}/open-data/v1/${d.dataset}.csv`}</a> ·{" "}
            <a href={`${page.base}/open-data/v1/${d.dataset}.json`}>{`${page.origin ?? ""}${page.base}/open-data/v1/${d.dataset}.json`}</a>
          </p>
          <p>{t(l, "disclosure.open.paged", { limit: OPEN_DATA_LIMIT })}</p>
          <div class="table-wrap">
            <table>
              <caption>{t(l, "disclosure.open.fields")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t(l, "disclosure.open.field")}</th>
                  <th scope="col">{t(l, "disclosure.open.type")}</th>
                  <th scope="col">{t(l, "disclosure.open.meaning")}</th>
                </tr>
              </thead>
              <tbody>
                {d.fields.map((x) => (
                  <tr>
                    <td>
                      <code>{x.name}</code>
                    </td>
                    <td>{x.type}</td>
                    <td>{l === "en" ? x.en : x.zh}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
      <section aria-labelledby="ds-feed">
        <h2 id="ds-feed">{t(l, "disclosure.open.feed")}</h2>
        <p>
          <a href={`${page.base}/notices.atom`}>{`${page.origin ?? ""}${page.base}/notices.atom`}</a>
        </p>
      </section>
    </Layout>
  );
}

export function registerOpenDataRoutes(app: Hono<AppEnv>): void {
  const r = routes(app, "district");

  r.get("/open-data", "public", (c) => cachedHtml(c, <OpenDataPage c={c} />));

  for (const dataset of disclosureOpenData()) registerPagedOpenData(r, { ...dataset, ...PAGES[dataset.dataset]! });
}
