import { describe, expect, it, vi } from "vitest";
import { lastQuarters } from "../../src/modules/linkage/dashboard";
import { Browser } from "../helpers";
import { districtWith } from "../fixtures/district";
import { POSTS_CAST } from "../posts/fixtures";

// The linkage dashboard: this quarter's needs received and answered with the median in
// working days, community social organizations (that type only) against the district's
// targets for 社区 and 村, social-work posts filled and stations per 街道 and community, the quarterly trend, per
// 街道 and community within the viewer's scope, its CSV, the public summary without
// personal data, and another district not counting this one's needs.

// A fixed Monday in 2026 Q4, so the working days below are known.
vi.useFakeTimers({ toFake: ["Date"], now: Date.parse("2026-11-16T02:00:00Z") });

const A = await districtWith("170331", { ...POSTS_CAST, settings: { communityOrgTarget: 8, villageOrgTarget: 4 } });
const B = await districtWith("170332", { ...POSTS_CAST, shard: "DISTRICTS_1" });
const C1 = `${A.code}001001`;

const run = (sql: string, ...values: (string | number | null)[]) =>
  A.db
    .prepare(sql)
    .bind(...values)
    .run();
// Received Monday 2 November; answered Wednesday 4 (2 working days) and Monday 9 (5 working
// days, 7 calendar days): the median is 3.5 working days.
// The answer's write keeps its working days on the need, as the answer form does.
for (const [id, answeredAt, days] of [
  ["d1", "2026-11-04T02:00:00Z", 2],
  ["d2", "2026-11-09T02:00:00Z", 5],
  ["d3", null, null],
] as const)
  await run(
    "INSERT INTO linkage_needs (district_id, id, receipt_code, community_code, category, description, source, status, priority, due_on, received_at, answered_at, answer_working_days, resident_name, created_at, updated_at) VALUES (?, ?, ?, ?, 'elderly', '助餐', 'visit', 'accepted', 'normal', '2026-11-09', '2026-11-02T02:00:00Z', ?, ?, '张三丰', '2026-11-02T02:00:00Z', '2026-11-02T02:00:00Z')",
    A.code,
    id,
    `R${id}`,
    C1,
    answeredAt,
    days,
  );
// Two community social organizations in the first community and a 社会团体 that does not count.
for (const [id, type] of [
  ["o1", "社区社会组织"],
  ["o2", "社区社会组织"],
  ["o3", "社会团体"],
] as const)
  await run(
    "INSERT INTO organizations (district_id, id, name, kind, org_type, area_code, verification, created_at, updated_at) VALUES (?, ?, ?, 'founding_team', ?, ?, 'verified', '2026-01-01', '2026-01-01')",
    A.code,
    id,
    `组织${id}`,
    type,
    C1,
  );
await run("UPDATE areas SET kind = '村' WHERE district_id = ? AND code = ?", A.code, `${A.code}001002`);
// One post of two filled in the first community, one filled post placed at the first 街道 itself and a draft that does not count.
await run("INSERT INTO post_hosts (district_id, id, host_type, name, area_code, created_at, updated_at) VALUES (?, 'h1', 'department', '街道办', ?, '2026-01-01', '2026-01-01')", A.code, `${A.code}001`);
// A social-work station in the first community.
await run("INSERT INTO post_hosts (district_id, id, host_type, name, area_code, created_at, updated_at) VALUES (?, 'h2', 'station', '社工站', ?, '2026-01-01', '2026-01-01')", A.code, C1);
for (const [id, status, area] of [
  ["p1", "filled", C1],
  ["p2", "open", C1],
  ["p3", "filled", `${A.code}001`],
  ["p4", "draft", C1],
] as const)
  await run(
    "INSERT INTO posts (district_id, id, host_id, area_code, title, kind, mode, funding, work_content, responsibilities, work_steps, qualification, headcount, status, version, created_at, updated_at) VALUES (?, ?, 'h1', ?, '社工岗', 'professional', 'post_development', 'government_purchased', 'x', 'x', 'x', 'none', 1, ?, 1, '2026-01-01', '2026-01-01')",
    A.code,
    id,
    area,
    status,
  );

describe("linkage dashboard", () => {
  it("names the last four quarters, oldest first", () => {
    expect(lastQuarters("2026-02-10").map((q) => [q.label, q.from, q.to])).toEqual([
      ["2025 Q2", "2025-04-01", "2025-06-30"],
      ["2025 Q3", "2025-07-01", "2025-09-30"],
      ["2025 Q4", "2025-10-01", "2025-12-31"],
      ["2026 Q1", "2026-01-01", "2026-03-31"],
    ]);
  });

  it("counts needs, answers and the median working days per area, in the viewer's scope, in both languages and as CSV", async () => {
    const page = await (await A.sub.b.fetch(A.path("/linkage/dashboard"))).text();
    expect(page).toContain("三社联动看板");
    expect(page).toContain("<svg");
    expect(page).toMatch(/<td[^>]*>3<\/td><td[^>]*>2<\/td><td[^>]*>3.5<\/td>/); // received, answered, median
    const csv = await (await A.community.b.fetch(A.path("/linkage/dashboard.csv"))).text();
    const lines = csv.trim().split("\r\n");
    expect(lines).toHaveLength(2); // the header and the one community in scope
    expect(lines[1]).toContain(",3,2,3.5,");
    const en = await (await A.admin.b.fetch(A.path("/linkage/dashboard?lang=en"))).text();
    expect(en).toContain("Median working days to answer");
    expect(en).not.toContain("linkage.dashboard");
  });

  it("counts community social organizations only, against the district's targets for 社区 and 村, and posts filled per 街道 and community", async () => {
    const rows = (await (await A.admin.b.fetch(A.path("/linkage/dashboard.csv"))).text()).trim().split("\r\n");
    const row = (name: string) => rows.find((r) => r.startsWith(`${name},`) || r.includes(`· ${name},`))!;
    // area, organizations, target, workers per 10,000, posts filled / developed, ...
    // ..., posts filled / developed, stations, projects running, paid, satisfaction (none rated: empty), ...
    expect(row("第1街道第1社区")).toMatch(/,2,8,[^,]*,1 \/ 2,1,0,0,,/); // a community counts the posts and the station placed in it
    expect(row("第1街道第2社区")).toMatch(/,0,4,[^,]*,0 \/ 0,0,/); // a 村
    expect(row("第1街道")).toMatch(/^第1街道,2,12,[^,]*,2 \/ 3,1,/); // its communities' posts and its own
    expect(row("第2街道")).toMatch(/^第2街道,0,16,[^,]*,0 \/ 0,0,/);
    const page = await (await A.admin.b.fetch(A.path("/linkage/dashboard?lang=zh-CN"))).text();
    expect(page).toContain("只计组织类型为社区社会组织的组织");
    expect(page).toContain("社会工作站（个）");
    expect(page).toContain("在办项目居民满意度");
  });

  it("shows every dated figure by quarter, the current one last", async () => {
    const page = await (await A.admin.b.fetch(A.path("/linkage/dashboard?lang=en"))).text();
    const trend = page.slice(page.indexOf("Last four quarters"));
    const cells = (q: string) =>
      [
        ...trend
          .slice(trend.indexOf(`scope="row">${q}<`))
          .split("</tr>")[0]!
          .matchAll(/<td[^>]*>([^<]*)<\/td>/g),
      ].map((m) => m[1]);
    // needs, answered, median working days, meetings, actions on time, projects running
    for (const q of ["2026 Q1", "2026 Q2", "2026 Q3"]) expect(cells(q)).toEqual(["0", "0", "–", "0", "–", "0"]);
    expect(cells("2026 Q4")).toEqual(["3", "2", "3.5", "0", "–", "0"]);
    expect(trend).toContain("Median working days to answer");
  });

  it("publishes the counts without personal data, and another district does not count them", async () => {
    const open = await (await new Browser().fetch(A.path("/linkage-summary"))).text();
    expect(open).toContain("三社联动概况");
    expect(open).not.toContain("张三丰");
    expect(open).not.toContain(".csv");
    const other = await (await B.admin.b.fetch(B.path("/linkage/dashboard.csv"))).text();
    expect(other).not.toContain(",3,2,3,");
    expect((await A.org.b.fetch(A.path("/linkage/dashboard"))).status).toBe(403);
  });
});
