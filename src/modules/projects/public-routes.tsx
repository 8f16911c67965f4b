import type { Context, Hono } from "hono";
import type { AppEnv } from "../../env";
import { cachedHtml } from "../../http/cache";
import { notFound } from "../../http/errors";
import { routes } from "../../http/routes";
import { readQuery } from "../../http/validation";
import * as z from "zod/mini";
import { CSV_CONTENT_TYPE } from "../../lib/csv";
import { pageInfo } from "../../ui/layout";
import { areaNames } from "./domain/areas";
import { needsAnsweredBy } from "./call-needs";
import { registerProjectsFeedback } from "./public-feedback";
import { fundedCount, fundedCsv, fundedProject, OPEN_DATA_FIELDS, publicProjects } from "./domain/public";
import { fundsBy } from "./domain/figures";
import { areaName } from "./views/parts";
import { FundedProjectPage, FundedProjectsPage, FundsPage, PAGE_SIZES } from "./views/public";

// Public pages and open data of funded projects: no sign-in, no personal data.

const areasOf = (c: Context<AppEnv>) => areaNames(c.var.data);

/** The public list's page and page size (one of PAGE_SIZES). */
const listQuery = z.object({
  page: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100_000)), 1),
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
  r.get("/open-data/v1/projects.csv", "public", async (c) => c.body(fundedCsv(await publicProjects(c.var.data)), 200, { "content-type": CSV_CONTENT_TYPE, "content-disposition": `inline; filename="${c.var.district.code}-projects.csv"` }));
  r.get("/open-data/v1/projects.json", "public", async (c) => {
    const records = await publicProjects(c.var.data);
    return c.json({
      dataset: "projects",
      district: c.var.district.code,
      fields: OPEN_DATA_FIELDS.map((f) => ({ name: f.name, type: f.type, description: { "zh-CN": f.zh, en: f.en } })),
      count: records.length,
      records: records.map((r) => Object.fromEntries(OPEN_DATA_FIELDS.map((f) => [f.name, r[f.name]]))),
    });
  });
}
