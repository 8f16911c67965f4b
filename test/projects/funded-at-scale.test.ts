import { describe, expect, it } from "vitest";
import { DistrictData } from "../../src/data/district-data";
import { findDistrict } from "../../src/district-lookup/district-registry";
import { DELIVERY_PAGE, projectFigures, type FundsRow } from "../../src/modules/projects/domain/figures";
import { fundedCount, publicProjects } from "../../src/modules/projects/domain/public";
import { plans, recordingShard, type Recording } from "../fixtures/recording-shard";
import { districtWith } from "../fixtures/district";
import { Browser, testEnv } from "../helpers";
import { bulkProject, bulkWorld, STATUS, type BulkProject } from "./bulk";

// A district with more funded projects than the 1,000 its pages once read: the figures
// are counted by SQLite over all of them, and the public list pages through all of them
// in index order. 1,400 contracts (1,050 funded), checked against the formulas that made
// them; the figures of the newest 1,000 alone are worked out too, to show they differ.

const N = 1400;
const A = await bulkWorld("170395", N);
const B = await districtWith("170396", { people: { admin: "district_admin" }, shard: "DISTRICTS_1" });
const funded = Array.from({ length: N }, (_, i) => bulkProject(i + 1)).filter((p) => STATUS(p.n) !== "pending");
const newest1000 = [...funded].sort((a, b) => b.n - a.n).slice(0, 1000);
const data = async (recording?: Recording) => new DistrictData((await findDistrict(testEnv, A.code))!, recording ? recordingShard(recording, A.db) : A.db);
const label = (code: string | null) => code ?? "-";

/** The figures worked out project by project: funds per group, satisfaction and leads. */
function expected(projects: BulkProject[]) {
  const funds = (key: (p: BulkProject) => string) => {
    const out: Record<string, [number, number, number]> = {};
    for (const p of projects) {
      const g = out[key(p)] ?? [0, 0, 0];
      out[key(p)] = g;
      g[0]++;
      g[1] += p.amountYuan;
      g[2] += p.paidYuan;
    }
    return out;
  };
  const ratings = projects.flatMap((p) => p.ratings);
  return {
    byCategory: funds((p) => (p.category === "a" ? "养老扶幼" : "助残服务")),
    bySubdistrict: funds((p) => (p.community ? `${A.code}${p.community.slice(0, 3)}` : "-")),
    satisfaction: { responses: ratings.length, satisfied: ratings.filter((r) => r >= 4).length },
    leads: { projects: projects.length, certified: projects.filter((p) => p.certifiedLead).length },
  };
}
const asGroups = (rows: FundsRow[]) => Object.fromEntries(rows.map((r) => [r.label, [r.projects, r.amountYuan, r.paidYuan]]));

describe("project figures over more than 1,000 funded projects", () => {
  it("count every project by category, 街道 and organization, with satisfaction and leads", async () => {
    const got = await projectFigures(await data(), "zh-CN", label);
    const want = expected(funded);
    expect({ byCategory: asGroups(got.byCategory), bySubdistrict: asGroups(got.bySubdistrict), satisfaction: got.satisfaction, leads: got.leads }).toEqual(want);
    expect(asGroups(got.byOrganization)).toEqual({ [got.byOrganization[0]!.label]: [funded.length, ...Object.values(want.byCategory).reduce((s, g) => [s[0]! + g[1], s[1]! + g[2]], [0, 0])] });
    // What reading the newest 1,000 gave is not the same.
    expect(expected(newest1000).leads.projects).toBe(1000);
    expect(expected(newest1000).byCategory).not.toEqual(want.byCategory);
    // Delivery a page at a time, newest first; the oldest on the last page, from confirmed records only.
    expect(got.delivery.map((d) => d.title)).toEqual(newest1000.slice(0, DELIVERY_PAGE).map((p) => p.title));
    const last = await projectFigures(await data(), "zh-CN", label, [""], Math.ceil(funded.length / DELIVERY_PAGE));
    const oldest = bulkProject(35); // n % 5 = 0 and n % 7 = 0: one confirmed record and one not
    expect(last.delivery.find((d) => d.title === oldest.title)).toEqual({ title: oldest.title, target: oldest.target, reached: oldest.reached, records: 1, responses: 0, satisfactionPercent: null });
  });

  it("list a page of projects on the page, every one in the CSV, reading the page in index order", async () => {
    const pages = Math.ceil(funded.length / DELIVERY_PAGE);
    const titles = (html: string) => [...html.matchAll(/>(批量项目\d+号)<\/th>/g)].map((m) => m[1]!);
    const first = await (await A.admin.b.fetch(A.path("/projects/figures?lang=zh-CN"))).text();
    expect(titles(first)).toEqual(newest1000.slice(0, DELIVERY_PAGE).map((p) => p.title));
    expect(first).toContain(`第 1 / ${pages} 页`);
    expect(first).toContain(`href="/d/${A.code}/projects/figures?page=2#delivery-h" rel="next"`);
    const lastPage = await (await A.admin.b.fetch(A.path(`/projects/figures?page=${pages}&lang=zh-CN`))).text();
    expect(titles(lastPage)).toEqual(
      funded
        .slice(0, funded.length - (pages - 1) * DELIVERY_PAGE)
        .reverse()
        .map((p) => p.title),
    );
    expect((await A.admin.b.fetch(A.path(`/projects/figures?page=${pages + 1}`))).status).toBe(404);
    expect((await A.admin.b.fetch(A.path("/projects/figures?page=0"))).status).toBe(422);
    expect((await B.admin.b.fetch(A.path("/projects/figures.csv"))).status).toBe(404);
    // The CSV: every project once, newest first, across the reads of 1,000.
    const csv = (await (await A.admin.b.fetch(A.path("/projects/figures.csv?lang=zh-CN"))).text()).split("\r\n").filter((l) => l.startsWith("服务完成情况,"));
    expect(csv.map((l) => l.split(",")[1])).toEqual([...funded].reverse().map((p) => p.title));
    const oldest = bulkProject(35);
    expect(csv).toContain(`服务完成情况,${oldest.title},1,${oldest.target},${oldest.reached},0,`);
    // A page's projects are read in the start-date index's order: no table scan, no sort.
    const recording: Recording = { statements: [], trips: [] };
    await projectFigures(await data(recording), "zh-CN", label, [""], 3);
    const found = await plans(recording.statements);
    expect(found.filter((p) => /^SCAN (?!CONSTANT ROW)/.test(p.detail))).toEqual([]);
    expect(found.filter((p) => p.sql.includes("offset") && /TEMP B-TREE/.test(p.detail))).toEqual([]);
    expect(recording.trips).toHaveLength(1);
  });

  it("keep to a 街道's projects for its staff, and come as CSV", async () => {
    const got = await projectFigures(await data(), "zh-CN", label, [`${A.code}001`]);
    const want = expected(funded.filter((p) => p.community?.startsWith("001")));
    expect({ byCategory: asGroups(got.byCategory), leads: got.leads }).toEqual({ byCategory: want.byCategory, leads: want.leads });
    const csv = await (await A.admin.b.fetch(A.path("/projects/figures.csv?lang=zh-CN"))).text();
    const a = expected(funded).byCategory.养老扶幼!;
    expect(csv.split("\r\n")).toContain(`按服务类别,养老扶幼,${a.join(",")},,`);
    expect((await B.admin.b.fetch(A.path("/projects/figures"))).status).toBe(404);
  });
});

describe("the public projects list over more than 1,000 funded projects", () => {
  const visitor = new Browser();
  const ids = (html: string) => [...html.matchAll(/\/projects\/funded\/(c-\d+)"/g)].map((m) => m[1]!);

  it("pages through every one, newest first, none twice; the funds page sums all", async () => {
    const first = await visitor.fetch(A.path("/projects?lang=zh-CN"));
    expect(first.status).toBe(200);
    const html = await first.text();
    expect(html).toContain(`共 ${funded.length} 个项目`);
    expect(html).toContain(`第 1 / ${Math.ceil(funded.length / 50)} 页`);
    expect(html).toContain(`href="/d/${A.code}/projects?page=2" rel="next"`);
    expect(ids(html)).toEqual(
      funded
        .slice(-50)
        .reverse()
        .map((p) => p.id),
    );
    // The funds by category, on their own page, count all of them.
    const a = expected(funded).byCategory.养老扶幼!;
    expect(await (await visitor.fetch(A.path("/projects/funds?lang=zh-CN"))).text()).toMatch(new RegExp(`>养老扶幼</th><td[^>]*>${a[0]}</td>`));
    const seen: string[] = [];
    for (let page = 1; page <= Math.ceil(funded.length / 100); page++) seen.push(...ids(await (await visitor.fetch(A.path(`/projects?size=100&page=${page}&lang=zh-CN`))).text()));
    expect(seen).toEqual([...funded].reverse().map((p) => p.id));
    expect(ids(await (await visitor.fetch(A.path("/projects?size=20"))).text())).toHaveLength(20);
    // Past the last page, and a page size not offered.
    expect((await visitor.fetch(A.path(`/projects?page=${Math.ceil(funded.length / 50) + 1}`))).status).toBe(404);
    expect((await visitor.fetch(A.path("/projects?size=7"))).status).toBe(422);
  });

  it("serves the open data a page at a time, with the next page linked, until every project is served once", async () => {
    type Page = { count: number; page: number; limit: number; next: string | null; schema: string; records: { id: string }[] };
    const first = await visitor.fetch(A.path("/open-data/v1/projects.json"));
    const one = (await first.json()) as Page;
    expect([one.count, one.page, one.limit, one.records.length]).toEqual([funded.length, 1, 1000, 1000]);
    const next = `https://sanshe.test/d/${A.code}/open-data/v1/projects.json?page=2`;
    expect(one.next).toBe(next);
    expect(first.headers.get("link")).toBe(`<https://sanshe.test/d/${A.code}/open-data#projects>; rel="describedby", <${next}>; rel="next"`);
    const second = await visitor.fetch(new URL(one.next!).pathname + new URL(one.next!).search);
    const two = (await second.json()) as Page;
    expect([two.count, two.page, two.next, two.records.length]).toEqual([funded.length, 2, null, funded.length - 1000]);
    expect(second.headers.get("link")).toBe(`<https://sanshe.test/d/${A.code}/open-data#projects>; rel="describedby"`);
    expect([...one.records, ...two.records].map((r) => r.id)).toEqual([...funded].reverse().map((p) => p.id));
    // Revalidated by its ETag; reusable for a minute.
    expect(first.headers.get("cache-control")).toBe("public, max-age=60");
    expect((await visitor.fetch(A.path("/open-data/v1/projects.json"), { headers: { "if-none-match": first.headers.get("etag")! } })).status).toBe(304);
    // The CSV in pages of a chosen size, the header on each.
    const csv = await visitor.fetch(A.path("/open-data/v1/projects.csv?page=2&limit=500"));
    expect(csv.headers.get("link")).toContain(`<https://sanshe.test/d/${A.code}/open-data/v1/projects.csv?page=3&limit=500>; rel="next"`);
    const lines = (await csv.text()).trim().split("\r\n");
    expect(lines[0]).toMatch(/^\uFEFF?id,title,/);
    expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual(
      [...funded]
        .reverse()
        .slice(500, 1000)
        .map((p) => p.id),
    );
    // Past the last page, and more than a page holds.
    expect((await visitor.fetch(A.path("/open-data/v1/projects.csv?page=4&limit=500"))).status).toBe(404);
    expect((await visitor.fetch(A.path("/open-data/v1/projects.json?limit=5000"))).status).toBe(422);
  });

  it("reads a page in index order, with no sort and no table scan", async () => {
    const recording: Recording = { statements: [], trips: [] };
    const d = await data(recording);
    const page = await publicProjects(d, { offset: 100, limit: 50 });
    expect(page.map((p) => p.id)).toEqual(
      funded
        .slice(-150, -100)
        .reverse()
        .map((p) => p.id),
    );
    expect(await fundedCount(d)).toBe(funded.length);
    const bad = (await plans(recording.statements)).filter((p) => /^SCAN (?!CONSTANT ROW)|TEMP B-TREE FOR ORDER BY/.test(p.detail));
    expect(bad).toEqual([]);
  });

  it("answers another district's project with 404", async () => {
    expect((await visitor.fetch(B.path(`/projects/funded/${funded[0]!.id}`))).status).toBe(404);
    expect(ids(await (await visitor.fetch(B.path("/projects"))).text())).toEqual([]);
    expect(await (await visitor.fetch(B.path("/projects/funds?lang=zh-CN"))).text()).not.toContain("助残服务");
  });
});

describe("the figures' organizations at scale", () => {
  it("name the ten with the most funds, count the others, and list all of them in the CSV", async () => {
    // The contracts spread over 13 organizations: copies of the bidding one, bid n going to the (n % 13)th.
    const orgId = (await A.db.prepare("SELECT organization_id FROM project_bids WHERE district_id = ? AND id = 'bid-1'").bind(A.code).first<string>("organization_id"))!;
    const columns = (await A.db.prepare("SELECT name FROM pragma_table_info('organizations')").all<{ name: string }>()).results.map((c) => c.name);
    const set: Record<string, string> = { id: "'org-' || k", name: "'承接组织' || k || '号'", uscc: "NULL" };
    await A.db.batch([
      A.db
        .prepare(
          `INSERT INTO organizations (${columns.join(", ")}) WITH RECURSIVE s(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM s WHERE k < 12) SELECT ${columns.map((c) => set[c] ?? c).join(", ")} FROM organizations, s WHERE district_id = ? AND id = ?`,
        )
        .bind(A.code, orgId),
      A.db.prepare("UPDATE project_bids SET version = version + 1, organization_id = 'org-' || (CAST(substr(id, 5) AS INTEGER) % 13) WHERE district_id = ? AND id LIKE 'bid-%' AND CAST(substr(id, 5) AS INTEGER) % 13 > 0").bind(A.code),
    ]);
    const byOrg = new Map<string, number>();
    for (const p of funded) byOrg.set(p.n % 13 ? `承接组织${p.n % 13}号` : "", (byOrg.get(p.n % 13 ? `承接组织${p.n % 13}号` : "") ?? 0) + p.amountYuan);
    const ranked = [...byOrg].sort((a, b) => b[1] - a[1]);
    const got = await projectFigures(await data(), "zh-CN", label);
    expect(got.organizations).toBe(13);
    expect(got.byOrganization.map((r) => r.amountYuan)).toEqual(ranked.slice(0, 10).map(([, amount]) => amount));
    const html = await (await A.admin.b.fetch(A.path("/projects/figures?lang=zh-CN"))).text();
    expect(html).toContain(`<a href="/d/${A.code}/projects/figures.csv">另有 3 个组织，见 CSV</a>`);
    const csv = (await (await A.admin.b.fetch(A.path("/projects/figures.csv?lang=zh-CN"))).text()).split("\r\n").filter((l) => l.startsWith("按承接组织,"));
    expect(csv).toHaveLength(13);
    expect(csv.map((l) => Number(l.split(",")[3]))).toEqual(ranked.map(([, amount]) => amount));
  });
});

describe("an organization's funded projects at scale", () => {
  const visitor = new Browser();
  const ids = (html: string) => [...html.matchAll(/\/projects\/funded\/(c-\d+)"/g)].map((m) => m[1]!);
  // After the figures' test above, bid n went to org-(n % 13) (n % 13 > 0).
  const ofOrg1 = funded.filter((p) => p.n % 13 === 1).reverse();

  it("shows the newest 10 on its page with how many there are, and the rest on the list filtered to it", async () => {
    expect(ofOrg1.length).toBeGreaterThan(50);
    const page = await (await visitor.fetch(A.path("/organizations/org-1?lang=zh-CN"))).text();
    expect(ids(page)).toEqual(ofOrg1.slice(0, 10).map((p) => p.id));
    expect(page).toContain(`共 ${ofOrg1.length} 个项目 · <a href="/d/${A.code}/projects?org=org-1">查看该组织的全部项目</a>`);
    const list = await (await visitor.fetch(A.path("/projects?org=org-1&lang=zh-CN"))).text();
    expect(list).toContain(`仅显示承接组织“承接组织1号”的项目 · <a href="/d/${A.code}/projects">显示全部项目</a>`);
    expect(list).toContain(`共 ${ofOrg1.length} 个项目`);
    expect(ids(list)).toEqual(ofOrg1.slice(0, 50).map((p) => p.id));
    expect(list).toContain(`href="/d/${A.code}/projects?org=org-1&amp;page=2" rel="next"`);
    const second = await (await visitor.fetch(A.path("/projects?org=org-1&page=2&lang=zh-CN"))).text();
    expect(ids(second)).toEqual(ofOrg1.slice(50, 100).map((p) => p.id));
    expect(await (await visitor.fetch(A.path("/projects?org=org-1&lang=en"))).text()).toContain("Only projects implemented by 承接组织1号");
  });

  it("refuses an organization key that is not one, and answers 404 for one with no projects here", async () => {
    const bad = await visitor.fetch(A.path("/projects?org=%27%3B--"));
    expect(bad.status).toBe(422);
    expect((await visitor.fetch(A.path("/projects?org=org-99"))).status).toBe(404);
    expect((await visitor.fetch(B.path("/projects?org=org-1"))).status).toBe(404);
  });
});
