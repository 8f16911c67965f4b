import { describe, expect, it } from "vitest";
import { isMessageKey } from "../../src/i18n/messages";
import { MODULES } from "../../src/modules";
import { routeTable } from "../../src/http/routes";
import { allJobs, runJobs } from "../../src/jobs";
import { DAILY, EVERY_FIVE_MINUTES } from "../../src/jobs/crons";
import { MODULES as SWITCHABLE, type ModuleName } from "../../src/tenants/settings";
import { clearRegistryCache } from "../../src/district-lookup/district-registry";
import { districtTables } from "../../src/modules/onboarding/district-tables";
import { Browser, createOrganization, createUser, testEnv } from "../helpers";
import { districtWith } from "../fixtures/district";

// The district's module switch (district.modules, chosen in the onboarding wizard): a
// module switched off answers 404 on every one of its routes, pages and API alike, for
// everyone; it leaves the navigation; and its jobs skip the district. Core modules
// cannot be switched off, and no module's switch reaches another module's routes.

const D = "160301";
const SHARD = "DISTRICTS_0";
await districtWith(D, { shard: SHARD });
const org = await createOrganization(D, SHARD);
// One person holding every role, so that every navigation entry would show.
const everyone = await createUser(D, SHARD, [{ role: "district_admin" }, { role: "reviewer" }, { role: "evaluator" }, { role: "org_member", organizationId: org }, { role: "social_worker" }]);
const admin = new Browser();
expect((await admin.signIn(D, everyone.email)).status).toBe(303);

async function switchTo(modules: readonly ModuleName[]): Promise<void> {
  await testEnv.PLATFORM.prepare("UPDATE districts SET modules_json = ? WHERE code = ?").bind(JSON.stringify(modules), D).run();
  clearRegistryCache();
}
const allBut = (name: ModuleName) => SWITCHABLE.filter((m) => m !== name);

const districtRoutes = routeTable.filter((r) => r.realm === "district");
const concrete = (path: string) => `/d/${D}${path.replace(/:(\w+)/g, "x")}`.replace(/\/$/, "");
const parameterless = (path: string) => !path.includes(":");

async function call(b: Browser, method: string, path: string): Promise<Response> {
  if (method === "GET") return b.fetch(path);
  if (path.includes("/api/")) return b.api(path, { method, json: {} });
  return b.fetch(path, { method, form: { _csrf: b.csrf } });
}

async function navigationHrefs(): Promise<string[]> {
  const html = await (await admin.fetch(`/d/${D}/`)).text();
  const nav = /<nav class="main"[\s\S]*?<\/nav>/.exec(html)?.[0] ?? "";
  return [...nav.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!);
}

function moduleOf(name: string) {
  const module = MODULES.find((m) => m.name === name);
  if (!module) throw new Error(`no module ${name}`);
  return module;
}

describe("module switch", () => {
  it("is offered exactly for the modules that declare themselves switchable", () => {
    expect(
      MODULES.filter((m) => m.switchable)
        .map((m) => m.name)
        .sort(),
    ).toEqual([...SWITCHABLE].sort());
  });

  for (const name of SWITCHABLE) {
    const own = districtRoutes.filter((r) => r.module === name);

    it(`${name} off: every one of its routes answers 404, to its users and to anonymous visitors`, async () => {
      expect(own.length).toBeGreaterThan(0);
      await switchTo(SWITCHABLE);
      // Switched on, its pages without parameters are there (an API path such as
      // /me/worker may answer 404 for a person without a record).
      for (const r of own.filter((r) => r.method === "GET" && parameterless(r.path) && !r.path.startsWith("/api/"))) {
        expect((await admin.fetch(concrete(r.path))).status, `${r.path} on`).not.toBe(404);
      }
      await switchTo(allBut(name));
      const anonymous = new Browser();
      await anonymous.fetch(`/d/${D}/login`);
      for (const r of own) {
        expect((await call(admin, r.method, concrete(r.path))).status, `${r.method} ${r.path}`).toBe(404);
        expect((await call(anonymous, r.method, concrete(r.path))).status, `${r.method} ${r.path} anonymous`).toBe(404);
      }
    });

    it(`${name} off: the other modules' routes answer as before`, async () => {
      const others = districtRoutes.filter((r) => r.module !== name && r.method === "GET" && parameterless(r.path) && !/logout|export/.test(r.path));
      expect(others.length).toBeGreaterThan(0);
      const statuses = async () => Promise.all(others.map(async (r) => `${r.module} ${r.path} ${(await admin.fetch(concrete(r.path))).status}`));
      await switchTo(SWITCHABLE);
      const on = await statuses();
      await switchTo(allBut(name));
      expect(await statuses()).toEqual(on);
    });

    it(`${name} off: its entries leave the navigation`, async () => {
      const entries = (moduleOf(name).nav ?? []).map((e) => `/d/${D}${e.path}`);
      expect(entries.length).toBeGreaterThan(0);
      await switchTo(SWITCHABLE);
      const on = await navigationHrefs();
      for (const href of entries) expect(on, href).toContain(href);
      await switchTo(allBut(name));
      const off = await navigationHrefs();
      for (const href of entries) expect(off, href).not.toContain(href);
      // Everything else stays.
      expect(off).toEqual(on.filter((href) => !entries.includes(href)));
    });

    it(`${name} off: its jobs skip the district, the others still run there`, async () => {
      const own = allJobs()
        .filter((j) => j.module.name === name)
        .map((j) => j.job.name);
      const ranHere = async () => {
        const runs = [...(await runJobs(testEnv, EVERY_FIVE_MINUTES, Date.now())), ...(await runJobs(testEnv, DAILY, Date.now()))];
        return runs.filter((r) => r.district === D).map((r) => r.job);
      };
      await switchTo(SWITCHABLE);
      const on = await ranHere();
      for (const job of own) expect(on).toContain(job);
      await switchTo(allBut(name));
      const off = await ranHere();
      for (const job of own) expect(off).not.toContain(job);
      expect(off).toEqual(on.filter((job) => !own.includes(job)));
    });
  }

  it("incubation off: a call past its end stays open until the module is back on", async () => {
    const now = new Date().toISOString();
    await testEnv.DISTRICTS_0.batch([
      testEnv.DISTRICTS_0.prepare(
        "INSERT INTO parks (district_id, id, name, level, area_code, operator_name, address, description, services_json, physical, virtual, version, created_at, updated_at) VALUES (?, 'switch-park', '园', 'district', NULL, '', '', '', '[]', 1, 0, 1, ?, ?)",
      ).bind(D, now, now),
      testEnv.DISTRICTS_0.prepare("INSERT INTO rubrics (district_id, id, title, locked_at, created_at) VALUES (?, 'switch-rubric', '评分表', NULL, ?)").bind(D, now),
      testEnv.DISTRICTS_0.prepare(
        "INSERT INTO calls (district_id, id, park_id, title, opens_at, closes_at, places, eligibility_text, materials_json, rubric_id, notice_working_days, status, created_by, created_at) VALUES (?, 'switch-call', 'switch-park', '招募', '2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z', 1, '', '[]', 'switch-rubric', 5, 'published', ?, ?)",
      ).bind(D, everyone.id, now),
    ]);
    const status = async () => (await testEnv.DISTRICTS_0.prepare("SELECT status FROM calls WHERE district_id = ? AND id = 'switch-call'").bind(D).first<{ status: string }>())?.status;
    await switchTo(allBut("incubation"));
    await runJobs(testEnv, EVERY_FIVE_MINUTES, Date.now());
    expect(await status()).toBe("published");
    await switchTo(SWITCHABLE);
    await runJobs(testEnv, EVERY_FIVE_MINUTES, Date.now());
    expect(await status()).toBe("closed");
  });

  it("leaves the core reachable with every switchable module off", async () => {
    await switchTo([]);
    for (const path of ["/", "/areas", "/staff", "/audit", "/admin", "/api/v1/district"]) {
      expect((await admin.fetch(`/d/${D}${path}`)).status, path).toBe(200);
    }
    const hrefs = await navigationHrefs();
    for (const path of ["/", "/areas", "/staff", "/audit", "/admin"]) expect(hrefs).toContain(`/d/${D}${path}`);
    await switchTo(SWITCHABLE);
  });
});

describe("route table", () => {
  it("names the module of every route, each a module of the list (or the platform side)", () => {
    const names = new Set<string>(MODULES.map((m) => m.name));
    expect(routeTable.length).toBeGreaterThan(10);
    for (const r of routeTable) {
      if (r.realm === "platform") expect(r.module, `${r.method} ${r.path}`).toBe("platform");
      else expect(names.has(r.module), `${r.method} ${r.path}: ${r.module}`).toBe(true);
    }
  });

  it("has no path registered by two modules, so a switched-off module never hides another's route", () => {
    const owner = new Map<string, string>();
    for (const r of routeTable.filter((r) => r.realm === "district")) {
      const key = `${r.method} ${r.path}`;
      const seen = owner.get(key);
      if (seen) expect(seen, key).toBe(r.module);
      owner.set(key, r.module);
    }
  });
});

describe("module manifests", () => {
  it("declare every district table of the shard, each table by one module", async () => {
    const declared = MODULES.flatMap((m) => m.tables.map((table) => ({ table, module: m.name })));
    const owners = new Map<string, string[]>();
    for (const d of declared) owners.set(d.table, [...(owners.get(d.table) ?? []), d.module]);
    for (const [table, modules] of owners) expect(modules, table).toHaveLength(1);
    // Every table a district's data lives in (what export and deletion walk) has an owner.
    for (const t of await districtTables(testEnv.DISTRICTS_0)) expect(owners.has(t.name), t.name).toBe(true);
    const existing = await testEnv.DISTRICTS_0.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all<{ name: string }>();
    for (const table of owners.keys())
      expect(
        existing.results.map((r) => r.name),
        table,
      ).toContain(table);
  });

  it("give every navigation entry and message a label in both languages", () => {
    for (const m of MODULES) {
      for (const [key, [zh, en]] of Object.entries(m.messages ?? {})) expect(zh && en, `${m.name}: ${key}`).toBeTruthy();
      for (const entry of m.nav ?? []) expect(isMessageKey(entry.label), `${m.name}: ${entry.label}`).toBe(true);
    }
  });
});
