import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import entry from "../../src/index";
import { DEMO_PASSWORD } from "../../src/seed/demo";
import kundulun from "../../tenants/150203-kundulun.json";
import { Browser, loadDemoDistrict, testEnv } from "../helpers";

// The hot paths the benchmark measures (npm run bench), served for real with every SQL
// statement they send recorded; each statement's query plan must reach its rows through
// an index. A full table scan here would grow with the district: 10,000 organizations
// today, more tomorrow.

await loadDemoDistrict(kundulun);
const K = "150203";

interface Recorded {
  sql: string;
  params: unknown[];
}

/** Calls that go to the database and wait for it: a batch or one statement run alone. */
const trips = { count: 0 };
const RUNS = new Set(["all", "first", "run", "raw"]);

/** The shard binding with every prepared statement (and its bound values) written down. */
function recordingShard(log: Recorded[]): D1Database {
  const real = testEnv.DISTRICTS_0;
  const wrap = (statement: D1PreparedStatement, entry: Recorded): D1PreparedStatement =>
    new Proxy(statement, {
      get(target, property) {
        if (property === "bind") {
          return (...values: unknown[]) => {
            entry.params = values;
            return wrap(target.bind(...values), entry);
          };
        }
        const value = Reflect.get(target, property);
        if (typeof property === "string" && RUNS.has(property)) trips.count++;
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  return new Proxy(real, {
    get(target, property) {
      if (property === "prepare") {
        return (sql: string) => {
          const entry = { sql, params: [] };
          log.push(entry);
          return wrap(target.prepare(sql), entry);
        };
      }
      if (property === "batch") trips.count++;
      const value = Reflect.get(target, property);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** A browser whose requests reach the app with the recording shard. */
function recordedBrowser(log: Recorded[]): Browser {
  const env = { ...testEnv, DISTRICTS_0: recordingShard(log) };
  return new Browser(async (request) => {
    const ctx = createExecutionContext();
    const response = await entry.fetch(request, env, ctx);
    await waitOnExecutionContext(ctx);
    return response;
  });
}

/** EXPLAIN QUERY PLAN of each statement; the lines that read a whole table. */
async function fullScans(log: Recorded[], sorted = false): Promise<string[]> {
  const found: string[] = [];
  for (const { sql, params } of log) {
    const plan = await testEnv.DISTRICTS_0.prepare(`EXPLAIN QUERY PLAN ${sql}`)
      .bind(...params)
      .all<{ detail: string }>();
    // A materialized CTE is scanned as its own result, like a subquery's: no table.
    const materialized = new Set(plan.results.map(({ detail }) => /^MATERIALIZE (\S+)$/.exec(detail)?.[1]));
    for (const { detail } of plan.results) {
      // Scanning a subquery's own result (e.g. the directory's bounded count) reads no table.
      if (/^SCAN (?!CONSTANT ROW|\(subquery-\d+\))/.test(detail) && !materialized.has(detail.slice(5))) found.push(`${detail}  ←  ${sql.slice(0, 160)}`);
      // A page that lists rows in an index's order reads only the rows it shows, however many there are.
      if (sorted && /TEMP B-TREE FOR .*ORDER BY/.test(detail)) found.push(`${detail}  ←  ${sql.slice(0, 160)}`);
    }
  }
  return found;
}

describe("query plans of the hot paths", () => {
  it("reach every row through an index: public pages, the review queue, the project figures, draft saving and the needs form", async () => {
    const staff = new Browser();
    expect((await staff.signIn(K, "admin@kdl.example.cn", DEMO_PASSWORD)).status).toBe(303);
    const applicant = new Browser();
    expect((await applicant.signIn(K, "org@kdl.example.cn", DEMO_PASSWORD)).status).toBe(303);
    // The demo organization starts an application to the open call, so that it has a draft to save.
    const started = await applicant.api(`/d/${K}/api/v1/incubation/calls/demo-${K}-inc-call-open/applications`, { method: "POST" });
    expect(started.status).toBe(201);
    const draftId = ((await started.json()) as { id: string }).id;
    // A purchase call open for bids, so that the organization has a bid draft to save.
    const year = Number(new Date().toISOString().slice(0, 4));
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const call = (await (
      await staff.api(`/d/${K}/api/v1/projects/calls`, {
        method: "POST",
        json: {
          kind: "purchase",
          title: "助残服务购买",
          description: "购买社区助残康复服务，服务期一年。",
          needs: "",
          year,
          areaCode: "",
          categoryIds: [`demo-${K}-category-disability`],
          opensOn: today,
          closesOn: `${year + 1}-01-31`,
          projectCapYuan: 50_000,
          totalBudgetYuan: 100_000,
          minRegistrationMonths: 12,
          allowFoundingTeams: 0,
          adminCapPercent: 10,
          instalments: "30,40,30",
          materials: "项目书",
        },
      })
    ).json()) as { id: string; version: number };
    expect((await staff.api(`/d/${K}/api/v1/projects/calls/${call.id}/publish`, { method: "POST", json: { version: call.version } })).status).toBe(200);

    const cases: { name: string; run(b: Browser): Promise<Response>; status?: number; sorted?: boolean }[] = [
      { name: "one area by code", run: (b) => b.fetch(`/d/${K}/api/v1/areas/${K}001001`) },
      { name: "organization page", run: (b) => b.fetch(`/d/${K}/organizations/demo-${K}-org-sunshine`) },
      { name: "directory search", run: (b) => b.fetch(`/d/${K}/organizations?q=${encodeURIComponent("昆都仑区阳光")}&type=${encodeURIComponent("社会服务机构")}&grade=5A`) },
      { name: "credit list", run: (b) => b.fetch(`/d/${K}/credit-lists/abnormal`) },
      { name: "directory: one character anywhere in the name", run: (b) => b.fetch(`/d/${K}/organizations?q=${encodeURIComponent("老")}`) },
      { name: "directory: two characters anywhere in the name", run: (b) => b.fetch(`/d/${K}/organizations?q=${encodeURIComponent("阳光")}&type=${encodeURIComponent("社会服务机构")}`) },
      { name: "directory: a longer keyword anywhere in the name", run: (b) => b.fetch(`/d/${K}/organizations?q=${encodeURIComponent("阳光社会工作")}`) },
      { name: "credit list keyword", run: (b) => b.fetch(`/d/${K}/credit-lists/abnormal?q=${encodeURIComponent("服务中心")}`) },
      { name: "funded projects page", run: (b) => b.fetch(`/d/${K}/projects`), sorted: true },
      { name: "projects open data (a page)", run: (b) => b.fetch(`/d/${K}/open-data/v1/projects.json?page=1&limit=100`), sorted: true },
      { name: "funded projects of one organization", run: (b) => b.fetch(`/d/${K}/projects?org=demo-${K}-org-sunshine`), sorted: true },
      { name: "registry open data (a page)", run: (b) => b.fetch(`/d/${K}/open-data/v1/organizations.json?page=2&limit=10`), sorted: true },
      { name: "grades open data (a page)", run: (b) => b.fetch(`/d/${K}/open-data/v1/grades.csv?limit=100`), sorted: true },
      { name: "grade decisions open data (a page)", run: (b) => b.fetch(`/d/${K}/open-data/v1/grade-adjustments.json?limit=100`), sorted: true },
      { name: "credit lists open data (a page)", run: (b) => b.fetch(`/d/${K}/open-data/v1/credit-lists.json?limit=100`), sorted: true },
      { name: "community needs open data (a page)", run: (b) => b.fetch(`/d/${K}/open-data/v1/community-needs.csv?limit=100`), sorted: true },
      { name: "project figures", run: (b) => b.fetch(`/d/${K}/projects/figures?page=1`) },
      { name: "project figures CSV", run: (b) => b.fetch(`/d/${K}/projects/figures.csv`) },
      { name: "community needs summary", run: (b) => b.fetch(`/d/${K}/n/001001/summary`) },
      { name: "linkage public summary", run: (b) => b.fetch(`/d/${K}/linkage-summary`) },
      { name: "bid draft save", run: (b) => b.api(`/d/${K}/api/v1/projects/calls/${call.id}/bid`, { method: "PUT", json: { title: "社区康复驿站" } }) },
      { name: "bid draft save (form)", run: (b) => b.submit(`/d/${K}/projects/calls/${call.id}/bid`, { title: "社区康复驿站", version: "1" }), status: 303 },
      {
        name: "needs form submission",
        run: (b) => b.submit(`/d/${K}/n/001001`, { _once: "bench-once-token-0001", category: "facilities", description: "楼道照明损坏，希望尽快维修。", name: "居民", phone: "13900001000", consent: "1" }),
        status: 303,
      },
      { name: "review queue", run: (b) => b.fetch(`/d/${K}/api/v1/incubation/calls/demo-${K}-inc-call-open/ranking`) },
      {
        name: "draft save",
        run: (b) => b.api(`/d/${K}/api/v1/incubation/applications/${draftId}/draft`, { method: "PUT", json: { orgIntro: "计划书草稿", plan: "", needs: [], teamSize: 5, founders: [], foundersSigned: false } }),
      },
    ];
    const tripsOf: Record<string, number> = {};
    const statementsOf: Record<string, number> = {};
    for (const c of cases) {
      const log: Recorded[] = [];
      trips.count = 0;
      const b = recordedBrowser(log);
      b.cookies = new Map((c.name === "review queue" || c.name.startsWith("project figures") ? staff : c.name === "draft save" || c.name.startsWith("bid draft save") ? applicant : new Browser()).cookies);
      const res = await c.run(b);
      expect(res.status, `${c.name}: ${await res.clone().text()}`).toBe(c.status ?? 200);
      expect(log.length, `${c.name} sent no SQL`).toBeGreaterThan(0);
      tripsOf[c.name] = trips.count;
      statementsOf[c.name] = log.length;
      expect(await fullScans(log, c.sorted), c.name).toEqual([]);
    }
    // A draft is saved every few seconds: a first save reads its checks in one batch and
    // writes in one more (one more for the session and roles). A later save of the same
    // bid is one batch after the session, its checks a guard inside the write. The form
    // reads nothing before the save either.
    expect(tripsOf["bid draft save"]).toBeLessThanOrEqual(3);
    expect(tripsOf["bid draft save (form)"]).toBeLessThanOrEqual(2);
    expect(tripsOf["draft save"]).toBeLessThanOrEqual(3);
    // Every area over four quarters: one count per kind of record, whatever the number of records.
    expect(tripsOf["linkage public summary"]).toBeLessThanOrEqual(12);
    // Each statement costs the D1 client its own work: a first save that names no community
    // and no team reads neither (the session's two, the call, its categories and the bid), then
    // writes the bid, clears its lines and team, reads the bid back and appends the event; a
    // later save sends the guard in place of the three reads.
    expect(statementsOf["bid draft save"]).toBeLessThanOrEqual(10);
    expect(statementsOf["bid draft save (form)"]).toBeLessThanOrEqual(8);
  });

  it("notices a full table scan when one is sent", async () => {
    // The check itself can fail: a query on an unindexed column is reported.
    const log: Recorded[] = [{ sql: "SELECT id FROM organizations WHERE legal_rep_name = ?", params: ["刘洋"] }];
    expect(await fullScans(log)).toEqual([expect.stringMatching(/^SCAN organizations/)]);
  });

  it("notices a list sorted outside an index where the page asks for index order", async () => {
    const log: Recorded[] = [{ sql: "SELECT id FROM organizations WHERE district_id = ? ORDER BY legal_rep_name", params: [K] }];
    expect(await fullScans(log)).toEqual([]);
    expect(await fullScans(log, true)).toEqual([expect.stringMatching(/^USE TEMP B-TREE FOR ORDER BY/)]);
  });
});
