import type { Context, Hono } from "hono";
import type { AppEnv } from "../../env";
import { cachedHtml } from "../../http/cache";
import { openDataFile, siteOf } from "../../http/open-data";
import { notFound } from "../../http/errors";
import { routes } from "../../http/routes";
import { readQuery } from "../../http/validation";
import * as z from "zod/mini";
import { pageInfo } from "../../ui/layout";
import { areaNames } from "./domain/areas";
import { pageNumber } from "./schemas";
import { needsAnsweredBy } from "./call-needs";
import { registerProjectsFeedback } from "./public-feedback";
import { fundedCount, fundedProject, OPEN_DATA_FIELDS, OPEN_DATA_LIMIT, publicProjects } from "./domain/public";
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
  for (const format of ["csv", "json"] as const) {
    r.get(`/open-data/v1/projects.${format}`, "public", async (c) => {
      const { page, limit } = readQuery(c, openQuery());
      const [records, count] = await Promise.all([publicProjects(c.var.data, { offset: (page - 1) * limit, limit }), fundedCount(c.var.data)]);
      if (!records.length && page > 1) throw notFound();
      const next = page * limit < count ? `${siteOf(c)}/open-data/v1/projects.${format}?page=${page + 1}${limit === OPEN_DATA_LIMIT ? "" : `&limit=${limit}`}` : null;
      return openDataFile(c, format, { dataset: "projects", fields: OPEN_DATA_FIELDS, count, records, paging: { page, limit, next } });
    });
  }
}

/**
 * A page of the open data in the public list's order (`?page=` from 1, `?limit=` projects
 * a page, at most and by default OPEN_DATA_LIMIT), so that a file costs the same however
 * many projects the district has. Built on first use: on Node the module graph's import
 * cycle can evaluate this file before OPEN_DATA_LIMIT is set, which left the limit unset.
 */
let openQuerySchema: ReturnType<typeof buildOpenQuery> | null = null;
const buildOpenQuery = () => z.object({ page: pageNumber, limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(OPEN_DATA_LIMIT)), OPEN_DATA_LIMIT) });
const openQuery = () => (openQuerySchema ??= buildOpenQuery());
