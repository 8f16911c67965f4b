import type { Context, Hono } from "hono";
import type { AppEnv } from "../../env";
import { cachedHtml, conditional } from "../../http/cache";
import { publicOrigin } from "../../http/origin";
import { notFound } from "../../http/errors";
import { routes } from "../../http/routes";
import { readQuery } from "../../http/validation";
import * as z from "zod/mini";
import { CSV_CONTENT_TYPE } from "../../lib/csv";
import { pageInfo } from "../../ui/layout";
import { areaNames } from "./domain/areas";
import { pageNumber } from "./schemas";
import { needsAnsweredBy } from "./call-needs";
import { registerProjectsFeedback } from "./public-feedback";
import { fundedCount, fundedCsv, fundedProject, OPEN_DATA_FIELDS, OPEN_DATA_LIMIT, publicProjects } from "./domain/public";
import { fundsBy } from "./domain/figures";
import { areaName } from "./views/parts";
import { FundedProjectPage, FundedProjectsPage, FundsPage, PAGE_SIZES } from "./views/public";

// Public pages and open data of funded projects: no sign-in, no personal data.

const areasOf = (c: Context<AppEnv>) => areaNames(c.var.data);

/** The public list's page and page size (one of PAGE_SIZES). */
const listQuery = z.object({
  page: pageNumber,
  size: z._default(z.coerce.number().check(z.refine((n) => PAGE_SIZES.includes(n))), PAGE_SIZES[1]),
});

export function registerProjectsPublic(app: Hono<AppEnv>): void {
  registerProjectsFeedback(app);
  const r = routes(app, "district");
  r.get("/projects", "public", async (c) => {
    const { page, size } = readQuery(c, listQuery);
    const [projects, total, areas] = await Promise.all([publicProjects(c.var.data, { offset: (page - 1) * size, limit: size }), fundedCount(c.var.data), areasOf(c)]);
    if (!projects.length && page > 1) throw notFound();
    return cachedHtml(c, <FundedProjectsPage page={pageInfo(c)} projects={projects} areas={areas} at={{ page, size, pages: Math.ceil(total / size), total }} />);
  });
  // Summed over every funded project: a page of its own, so that the list's pages cost
  // the same however many projects the district has.
  r.get("/projects/funds", "public", async (c) => {
    const areas = await areasOf(c);
    const funds = await fundsBy(c.var.data, { locale: c.var.locale, areaLabel: (code) => areaName(c.var.locale, areas, code) });
    return cachedHtml(c, <FundsPage page={pageInfo(c)} funds={funds} />);
  });
  r.get("/projects/funded/:contractId", "public", async (c) => {
    const id = c.req.param("contractId") ?? "";
    const [project, areas, needs] = await Promise.all([fundedProject(c.var.data, id), areasOf(c), c.var.district.modules.includes("linkage") ? needsAnsweredBy(c.var.data, id, false) : []]);
    return cachedHtml(c, <FundedProjectPage page={pageInfo(c)} project={project} areas={areas} needs={needs} />);
  });
  r.get("/open-data/v1/projects.csv", "public", async (c) => {
    const at = await openPage(c, "csv");
    return conditional(c, fundedCsv(at.records), { contentType: CSV_CONTENT_TYPE, reusable: true, headers: { ...at.headers, "content-disposition": `inline; filename="${c.var.district.code}-projects.csv"` } });
  });
  r.get("/open-data/v1/projects.json", "public", async (c) => {
    const { records, headers, ...at } = await openPage(c, "json");
    const body = JSON.stringify({
      dataset: "projects",
      district: c.var.district.code,
      ...at,
      fields: OPEN_DATA_FIELDS.map((f) => ({ name: f.name, type: f.type, description: { "zh-CN": f.zh, en: f.en } })),
      records: records.map((r) => Object.fromEntries(OPEN_DATA_FIELDS.map((f) => [f.name, r[f.name]]))),
    });
    return conditional(c, body, { contentType: "application/json; charset=utf-8", reusable: true, headers });
  });
}

/** A page of the open data: `?page=` from 1, `?limit=` projects a page (at most and by default OPEN_DATA_LIMIT). */
const openQuery = z.object({ page: pageNumber, limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(OPEN_DATA_LIMIT)), OPEN_DATA_LIMIT) });

/**
 * One page of the open data in the public list's order, so that a file costs the same
 * however many projects the district has; with the links a client follows (the fields'
 * documentation, and the next page while there is one) in the Link header and the JSON.
 */
async function openPage(c: Context<AppEnv>, format: "csv" | "json") {
  const { page, limit } = readQuery(c, openQuery);
  const [records, count] = await Promise.all([publicProjects(c.var.data, { offset: (page - 1) * limit, limit }), fundedCount(c.var.data)]);
  if (!records.length && page > 1) throw notFound();
  const site = `${publicOrigin(c)}${c.var.base}`;
  const schema = `${site}/projects#open-data`;
  const next = page * limit < count ? `${site}/open-data/v1/projects.${format}?page=${page + 1}${limit === OPEN_DATA_LIMIT ? "" : `&limit=${limit}`}` : null;
  return { schema, count, page, limit, next, records, headers: { link: `<${schema}>; rel="describedby"${next ? `, <${next}>; rel="next"` : ""}` } };
}
