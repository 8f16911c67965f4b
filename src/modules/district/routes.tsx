import type { Context, Hono } from "hono";
import * as z from "zod/mini";
import type { AppEnv } from "../../env";
import { notFound } from "../../http/errors";
import { apiRoute, routes } from "../../http/routes";
import { t, type Locale } from "../../i18n/messages";
import type { DistrictProfile } from "../../tenants/profile";
import { districtDisplayName, Layout, pageInfo } from "../../ui/layout";
import { cachedHtml } from "../../http/cache";
import { homeSections } from "../../core/modules";
import { areaByCode, areaTree, homeFigures, type AreaNode } from "./queries";

// The district's public face for the foundation: its home page and its hierarchy.

function HomePage(props: { c: Context<AppEnv>; figures: Awaited<ReturnType<typeof homeFigures>>; sections?: unknown[] }) {
  const page = pageInfo(props.c);
  const l = page.locale;
  const district = props.c.var.district;
  const user = props.c.var.user;
  return (
    <Layout page={page} title={t(l, "nav.home")} description={t(l, "home.intro")} meta={{ ogTitle: t(l, "home.title", { district: page.districtName! }) }}>
      {district.profile.logoText ? <p class="logo-text">{district.profile.logoText}</p> : null}
      <h1>{t(l, "home.title", { district: page.districtName! })}</h1>
      <p class="lead">{t(l, "home.intro")}</p>
      {user ? (
        <section class="notice" aria-labelledby="welcome">
          <strong id="welcome">{t(l, "home.welcome", { name: user.displayName })}</strong>
          <div>
            {t(l, "home.yourRoles")}: {[...new Set(user.grants.map((g) => t(l, `role.${g.role}`)))].join("、")}
          </div>
        </section>
      ) : null}
      <h2>{t(l, "home.figures")}</h2>
      <ul class="cards">
        <li class="card">
          <span class="figure">{props.figures.subdistricts}</span>
          {t(l, "home.subdistricts")}
        </li>
        <li class="card">
          <span class="figure">{props.figures.communities}</span>
          {t(l, "home.communities")}
        </li>
        <li class="card">
          <span class="figure">{props.figures.organizations}</span>
          {t(l, "home.organizations")}
        </li>
      </ul>
      {(props.sections ?? []) as never}
      <h2>{t(l, "home.modules")}</h2>
      <ul class="cards">
        {district.modules.map((m) => (
          <li class="card">{t(l, `module.${m}`)}</li>
        ))}
      </ul>
      <DistrictContact locale={l} profile={district.profile} />
    </Layout>
  );
}

/** The bureau's public contact details (the district profile), when given. */
export function DistrictContact(props: { locale: Locale; profile: DistrictProfile }) {
  const l = props.locale;
  const p = props.profile;
  const items = [
    ["onboarding.profile.address", p.address],
    ["onboarding.profile.phone", p.phone],
    ["onboarding.profile.email", p.email],
  ] as const;
  if (!items.some(([, v]) => v)) return null;
  return (
    <section aria-labelledby="contact">
      <h2 id="contact">{t(l, "onboarding.comingSoon.contact")}</h2>
      <dl class="summary">
        {items.map(([key, value]) =>
          value ? (
            <>
              <dt>{t(l, key)}</dt>
              <dd>{value}</dd>
            </>
          ) : null,
        )}
      </dl>
    </section>
  );
}

function AreasPage(props: { c: Context<AppEnv>; tree: AreaNode[] }) {
  const page = pageInfo(props.c);
  const l = page.locale;
  const name = (a: { name: string; nameEn: string }) => (l === "en" && a.nameEn ? a.nameEn : a.name);
  return (
    <Layout page={page} title={t(l, "areas.title")}>
      <h1>{t(l, "areas.title")}</h1>
      {props.tree.length === 0 ? <p>{t(l, "areas.none")}</p> : null}
      {props.tree.map((s) => (
        <section aria-labelledby={`a-${s.code}`}>
          <h2 id={`a-${s.code}`}>
            {name(s)} <small>({s.code})</small>
          </h2>
          <div class="table-wrap">
            <table>
              <caption class="visually-hidden">{t(l, "areas.communities")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t(l, "areas.name")}</th>
                  <th scope="col">{t(l, "areas.code")}</th>
                </tr>
              </thead>
              <tbody>
                {s.communities.map((cm) => (
                  <tr>
                    <td>{name(cm)}</td>
                    <td>{cm.code}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </Layout>
  );
}

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
    return cachedHtml(c, <HomePage c={c} figures={figures} sections={sections} />);
  });
  r.get("/areas", "public", async (c) => c.html(<AreasPage c={c} tree={await areaTree(c.var.data)} />));

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
}
