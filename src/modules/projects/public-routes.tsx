import type { Context, Hono } from "hono";
import type { AppEnv } from "../../env";
import { cachedHtml } from "../../http/cache";
import { routes } from "../../http/routes";
import { CSV_CONTENT_TYPE } from "../../lib/csv";
import { pageInfo } from "../../ui/layout";
import { areaNames } from "./domain/areas";
import { needsAnsweredBy } from "./call-needs";
import { registerProjectsFeedback } from "./public-feedback";
import { fundedCsv, fundedProject, OPEN_DATA_FIELDS, publicProjects } from "./domain/public";
import { FundedProjectPage, FundedProjectsPage } from "./views/public";

// Public pages and open data of funded projects: no sign-in, no personal data.

const areasOf = (c: Context<AppEnv>) => areaNames(c.var.data);

export function registerProjectsPublic(app: Hono<AppEnv>): void {
  registerProjectsFeedback(app);
  const r = routes(app, "district");
  r.get("/projects", "public", async (c) => {
    const [projects, areas] = await Promise.all([publicProjects(c.var.data), areasOf(c)]);
    return cachedHtml(c, <FundedProjectsPage page={pageInfo(c)} projects={projects} areas={areas} />);
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
