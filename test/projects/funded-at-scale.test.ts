import { describe, expect, it } from "vitest";
import { DistrictData } from "../../src/data/district-data";
import { findDistrict } from "../../src/district-lookup/district-registry";
import { projectFigures, type FundsRow } from "../../src/modules/projects/domain/figures";
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
    // Delivery for each funded project, the oldest included, from confirmed records only.
    expect(got.delivery).toHaveLength(funded.length);
    const oldest = bulkProject(35); // n % 5 = 0 and n % 7 = 0: one confirmed record and one not
    expect(got.delivery.find((d) => d.title === oldest.title)).toEqual({ title: oldest.title, target: oldest.target, reached: oldest.reached, records: 1, responses: 0, satisfactionPercent: null });
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
    // The open data hold them all.
    expect(((await (await visitor.fetch(A.path("/open-data/v1/projects.json"))).json()) as { count: number }).count).toBe(funded.length);
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
