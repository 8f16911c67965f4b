import type { Context, Hono } from "hono";
import type { AppEnv } from "../env";
import { routes } from "../http/routes";
import { t } from "../i18n/messages";
import { listDistricts, shardDatabase, shardNames, type District } from "../district-lookup/district-registry";
import { districtDisplayName, Layout, pageInfo } from "../ui/layout";
import { AUTOSAVE_JS } from "../ui/scripts";
import { STYLESHEET } from "../ui/styles";
import { registerBrandRoutes } from "./brand";

// Routes outside any district: the platform landing page, health checks, the
// stylesheet and the API description.

function LandingPage(props: { c: Context<AppEnv>; districts: District[] }) {
  const page = pageInfo(props.c);
  const l = page.locale;
  return (
    <Layout page={page} title={t(l, "platform.districts")} description={t(l, "app.tagline")}>
      <h1>{t(l, "platform.title")}</h1>
      <p class="lead">{t(l, "app.tagline")}</p>
      <h2>{t(l, "platform.districts")}</h2>
      {props.districts.length === 0 ? <p>{t(l, "platform.noDistricts")}</p> : null}
      <ul class="cards">
        {props.districts.map((d) => (
          <li class="card">
            <a href={`/d/${d.code}/`}>{districtDisplayName(d, l)}</a>
            <div>
              <small>{d.code}</small>
            </div>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

const cssEtag = `"${STYLESHEET.length.toString(36)}-${[...STYLESHEET].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) >>> 0, 7).toString(36)}"`;

export function registerPlatformRoutes(app: Hono<AppEnv>): void {
  const r = routes(app, "platform");

  r.get("/", "public", async (c) => {
    const districts = (await listDistricts(c.env)).filter((d) => d.status === "active");
    return c.html(<LandingPage c={c} districts={districts} />);
  });

  // Liveness: answers without touching any database.
  r.get("/healthz", "public", (c) => c.json({ status: "ok" }));

  // Readiness: the registry and every shard answer a trivial query.
  r.get("/readyz", "public", async (c) => {
    const checks: Record<string, "ok" | "error"> = {};
    const probe = async (name: string, db: D1Database) => {
      try {
        await db.prepare("SELECT 1").first();
        checks[name] = "ok";
      } catch {
        checks[name] = "error";
      }
    };
    await Promise.all([probe("PLATFORM", c.env.PLATFORM), ...shardNames(c.env).map((s) => probe(s, shardDatabase(c.env, s)))]);
    const ready = Object.values(checks).every((v) => v === "ok");
    c.header("cache-control", "no-store");
    return c.json({ status: ready ? "ready" : "not_ready", checks }, ready ? 200 : 503);
  });

  r.get("/static/app.css", "public", (c) => {
    if (c.req.header("if-none-match") === cssEtag) return c.body(null, 304);
    c.header("content-type", "text/css; charset=utf-8");
    c.header("cache-control", "public, max-age=3600");
    c.header("etag", cssEtag);
    return c.body(STYLESHEET);
  });

  registerBrandRoutes(app);

  r.get("/static/autosave.js", "public", (c) => {
    c.header("content-type", "text/javascript; charset=utf-8");
    c.header("cache-control", "public, max-age=3600");
    return c.body(AUTOSAVE_JS);
  });
}
