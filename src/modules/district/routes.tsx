import type { Hono } from "hono";
import * as z from "zod/mini";
import type { AppEnv } from "../../env";
import { notFound } from "../../http/errors";
import { apiRoute, routes } from "../../http/routes";
import { districtDisplayName, pageInfo } from "../../ui/layout";
import { cachedHtml } from "../../http/cache";
import { homeSections } from "../../core/modules";
import { areaByCode, areaTree, homeFigures } from "./queries";
import { registerTodoRoutes } from "./todo";
import { AreasPage, HomePage } from "./views";

// The district's public face: its home page and its hierarchy, as pages and API.

const communitySchema = z.object({ code: z.string(), name: z.string(), nameEn: z.string(), kind: z.string() });
const areaSchema = z.object({ ...communitySchema.shape, communities: z.array(communitySchema) });
const districtSchema = z.object({
  code: z.string(),
  name: z.object({ zh: z.string(), en: z.string() }),
  displayName: z.object({ zh: z.string(), en: z.string() }),
  modules: z.array(z.string()),
  figures: z.object({ subdistricts: z.number(), communities: z.number(), organizations: z.number() }),
});

export function registerDistrictRoutes(app: Hono<AppEnv>): void {
  const r = routes(app, "district");
  r.get("/", "public", async (c) => {
    const [figures, ...sections] = await Promise.all([homeFigures(c.var.data), ...homeSections(c)]);
    return cachedHtml(c, <HomePage page={pageInfo(c)} district={c.var.district} user={c.var.user} figures={figures} sections={sections} />);
  });
  r.get("/areas", "public", async (c) => c.html(<AreasPage page={pageInfo(c)} tree={await areaTree(c.var.data)} />));

  apiRoute(app, { method: "GET", path: "/district", access: "public", tag: "district", summary: "The district: names, modules and headline figures", response: districtSchema }, async (c) => {
    const d = c.var.district;
    return c.json({
      code: d.code,
      name: { zh: d.nameZh, en: d.nameEn },
      displayName: { zh: districtDisplayName(d, "zh-CN"), en: districtDisplayName(d, "en") },
      modules: d.modules,
      figures: await homeFigures(c.var.data),
    });
  });

  apiRoute(app, { method: "GET", path: "/areas", access: "public", tag: "district", summary: "Sub-districts and their communities", response: z.array(areaSchema) }, async (c) => c.json(await areaTree(c.var.data)));

  apiRoute(app, { method: "GET", path: "/areas/:code", access: "public", tag: "district", summary: "One sub-district or community by its statistical code", response: areaSchema }, async (c) => {
    const area = await areaByCode(c.var.data, c.req.param("code") ?? "");
    if (!area) throw notFound();
    return c.json(area);
  });
  registerTodoRoutes(app);
}
