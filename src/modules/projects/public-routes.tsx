import type { Context, Hono } from "hono";
import type { AppEnv } from "../../env";
import { cachedHtml } from "../../http/cache";
import { registerPagedOpenData } from "../../http/open-data";
import { notFound } from "../../http/errors";
import { routes } from "../../http/routes";
import { pageNumber, readQuery } from "../../http/validation";
import * as z from "zod/mini";
import { pageInfo } from "../../ui/layout";
import { areaNames } from "./domain/areas";
import { needsAnsweredBy } from "./call-needs";
import { registerProjectsFeedback } from "./public-feedback";
import { fundedCount, fundedProject, projectsOpenData, publicProjects } from "./domain/public";
import { fundsBy } from "./domain/figures";
import { areaName } from "./views/parts";
import { FundedProjectPage, FundedProjectsPage, FundsPage, PAGE_SIZES } from "./views/public";

// Public pages and open data of funded projects: no sign-in, no personal data.

const areasOf = (c: Context<AppEnv>) => areaNames(c.var.data);

/** The public list's page, page size (one of PAGE_SIZES) and, optionally, the implementing organization's id. */
const listQuery = z.object({
  page: pageNumber,
  size: z._default(z.coerce.number().check(z.refine((n) => PAGE_SIZES.includes(n))), PAGE_SIZES[1]),
  org: z.optional(z.string().check(z.regex(/^[\w-]{1,64}$/))),
});

export function registerProjectsPublic(app: Hono<AppEnv>): void {
  registerProjectsFeedback(app);
  const r = routes(app, "district");
  r.get("/projects", "public", async (c) => {
    const { page, size, org } = readQuery(c, listQuery);
    const [projects, total, areas] = await Promise.all([publicProjects(c.var.data, { offset: (page - 1) * size, limit: size }, org), fundedCount(c.var.data, org), areasOf(c)]);
    // An organization without funded projects here (or of another district) has no list to filter to.
    if (!projects.length && (page > 1 || org)) throw notFound();
    const filter = org ? { id: org, name: projects[0]!.organizationName } : undefined;
    return cachedHtml(c, <FundedProjectsPage page={pageInfo(c)} projects={projects} areas={areas} org={filter} at={{ page, size, pages: Math.ceil(total / size), total }} />);
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
  // The open data in the public list's order.
  registerPagedOpenData(r, { ...projectsOpenData()[0]!, rows: (c, window) => publicProjects(c.var.data, window), count: (c) => fundedCount(c.var.data) });
}
