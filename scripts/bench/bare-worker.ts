// The floor: the least a Worker on this stack can do for each kind of request (Hono,
// Kysely over D1, nothing else: no middleware, no tenancy, no layout, no i18n). The
// benchmark serves it beside the project's Worker, on the same shard, in the same
// Miniflare, so each project route can be read as a share of what the platform allows.
import { Hono } from "hono";
import { Kysely } from "kysely";
import { D1Dialect } from "kysely-d1";

interface Db {
  areas: { district_id: string; code: string; level: string; parent_code: string | null; name_zh: string; name_en: string; kind: string };
  organizations: { district_id: string; id: string; name: string; org_type: string; area_code: string | null; verification: string };
}
type Env = { DB: D1Database };

const esc = (s: string) => s.replace(/[&<>"]/g, (ch) => `&#${ch.charCodeAt(0)};`);
let cached: { d1: D1Database; db: Kysely<Db> } | null = null;
const db = (env: Env) => {
  if (cached?.d1 !== env.DB) cached = { d1: env.DB, db: new Kysely<Db>({ dialect: new D1Dialect({ database: env.DB }) }) };
  return cached.db;
};

const app = new Hono<{ Bindings: Env }>().basePath("/__bare");

app.get("/healthz", (c) => c.json({ ok: true }));

app.get("/d/:district/areas/:code", async (c) => {
  const area = await db(c.env).selectFrom("areas").select(["code", "level", "parent_code", "name_zh", "name_en", "kind"]).where("district_id", "=", c.req.param("district")).where("code", "=", c.req.param("code")).executeTakeFirst();
  return area ? c.json(area) : c.json({ error: "not_found" }, 404);
});

app.get("/d/:district/organizations/:id", async (c) => {
  const org = await db(c.env)
    .selectFrom("organizations")
    .select(["id", "name", "org_type", "area_code"])
    .where("district_id", "=", c.req.param("district"))
    .where("id", "=", c.req.param("id"))
    .where("verification", "=", "verified")
    .executeTakeFirst();
  if (!org) return c.text("not found", 404);
  return c.html(`<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>${esc(org.name)}</title><h1>${esc(org.name)}</h1><dl><dt>类型</dt><dd>${esc(org.org_type)}</dd><dt>区划</dt><dd>${esc(org.area_code ?? "")}</dd></dl></html>`);
});

app.get("/d/:district/organizations", async (c) => {
  const q = c.req.query("q") ?? "";
  const rows = await db(c.env)
    .selectFrom("organizations")
    .select(["id", "name", "org_type"])
    .where("district_id", "=", c.req.param("district"))
    .where("name", ">=", q)
    .where("name", "<", `${q}\u{10FFFF}`)
    .orderBy("name")
    .limit(20)
    .execute();
  return c.html(`<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>${esc(q)}</title><ul>${rows.map((r) => `<li><a href="organizations/${esc(r.id)}">${esc(r.name)}</a> ${esc(r.org_type)}</li>`).join("")}</ul></html>`);
});

export default app;
