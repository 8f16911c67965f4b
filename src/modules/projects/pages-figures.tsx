import type { Context, Hono } from "hono";
import { PERMISSIONS } from "../../auth/permissions";
import { scopePrefixes } from "../../auth/scope";
import type { AppEnv } from "../../env";
import { routes } from "../../http/routes";
import { t } from "../../i18n/messages";
import { CSV_CONTENT_TYPE } from "../../lib/csv";
import { pageInfo } from "../../ui/layout";
import { notFound } from "../../http/errors";
import { pageNumber, readQuery } from "../../http/validation";
import * as z from "zod/mini";
import { figuresCsv, projectFigures } from "./domain/figures";
import { loadAreas } from "./pages";
import { areaName } from "./views/parts";
import { ProjectFiguresPage } from "./views/figures";

// The figures page and its CSV, for staff over the projects delivered in their scope.

/** Staff see the projects delivered in their scope: a 街道's staff their 街道's, community staff their community's. */
const scopeOf = (c: Context<AppEnv>) => scopePrefixes(c.var.user?.grants ?? [], PERMISSIONS["projects.figures"]);

/** The figures page's page of the delivery table. */
const pageQuery = z.object({ page: pageNumber });

async function labels(c: Context<AppEnv>) {
  const areas = await loadAreas(c);
  return { locale: c.var.locale, areaLabel: (code: string | null) => areaName(c.var.locale, areas, code) };
}

export function registerProjectsFigures(app: Hono<AppEnv>): void {
  const r = routes(app, "district");
  r.get("/projects/figures", "projects.figures", async (c) => {
    const { page } = readQuery(c, pageQuery);
    const { locale, areaLabel } = await labels(c);
    const scope = scopeOf(c);
    const figures = await projectFigures(c.var.data, locale, areaLabel, scope, page);
    if (!figures.delivery.length && page > 1) throw notFound();
    return c.html(<ProjectFiguresPage page={pageInfo(c)} figures={figures} at={page} scope={scope.includes("") ? [] : scope.map(areaLabel)} />);
  });
  r.get("/projects/figures.csv", "projects.figures", async (c) => {
    const l = c.var.locale;
    const section = { category: t(l, "projects.figures.byCategory"), subdistrict: t(l, "projects.figures.bySubdistrict"), organization: t(l, "projects.figures.byOrganization"), delivery: t(l, "projects.figures.delivery") };
    const csv = figuresCsv(c.var.data, await labels(c), scopeOf(c), { section, columns: [t(l, "projects.figures.section"), t(l, "projects.figures.label"), ...t(l, "projects.figures.columns").split(",")] });
    return c.body(csv, 200, { "content-type": CSV_CONTENT_TYPE, "content-disposition": `attachment; filename="projects-figures-${c.var.district.code}.csv"` });
  });
}
