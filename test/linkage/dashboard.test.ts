import { describe, expect, it } from "vitest";
import { beijingDayStart, beijingToday } from "../../src/lib/beijing-time";
import { lastQuarters } from "../../src/modules/linkage/dashboard";
import { Browser } from "../helpers";
import { districtWith } from "../fixtures/district";
import { POSTS_CAST } from "../posts/fixtures";

// The linkage dashboard: this quarter's needs received and answered with the median days,
// per 街道 and community within the viewer's scope, its CSV, the public summary without
// personal data, a community's public needs counts, and another district not counting
// this one's needs.

const A = await districtWith("170331", POSTS_CAST);
const B = await districtWith("170332", { ...POSTS_CAST, shard: "DISTRICTS_1" });
const C1 = `${A.code}001001`;

const quarter = lastQuarters(beijingToday())[3]!;
const at = (days: number) => new Date(Date.parse(beijingDayStart(quarter.from)) + days * 86400000 + 3600000).toISOString();
for (const [id, answeredAfter] of [
  ["d1", 2],
  ["d2", 4],
  ["d3", null],
] as const)
  await A.db
    .prepare(
      "INSERT INTO linkage_needs (district_id, id, receipt_code, community_code, category, description, source, status, priority, due_on, received_at, answered_at, resident_name, created_at, updated_at) VALUES (?, ?, ?, ?, 'elderly', '助餐', 'visit', 'accepted', 'normal', ?, ?, ?, '张三丰', ?, ?)",
    )
    .bind(A.code, id, `R${id}`, C1, quarter.to, at(0), answeredAfter === null ? null : at(answeredAfter), at(0), at(0))
    .run();

describe("linkage dashboard", () => {
  it("names the last four quarters, oldest first", () => {
    expect(lastQuarters("2026-02-10").map((q) => [q.label, q.from, q.to])).toEqual([
      ["2025 Q2", "2025-04-01", "2025-06-30"],
      ["2025 Q3", "2025-07-01", "2025-09-30"],
      ["2025 Q4", "2025-10-01", "2025-12-31"],
      ["2026 Q1", "2026-01-01", "2026-03-31"],
    ]);
  });

  it("counts needs, answers and the median days per area, in the viewer's scope, in both languages and as CSV", async () => {
    const page = await (await A.sub.b.fetch(A.path("/linkage/dashboard"))).text();
    expect(page).toContain("三社联动看板");
    expect(page).toContain("<svg");
    expect(page).toMatch(/<td[^>]*>3<\/td><td[^>]*>2<\/td><td[^>]*>3<\/td>/); // received, answered, median (2 and 4 days)
    const csv = await (await A.community.b.fetch(A.path("/linkage/dashboard.csv"))).text();
    const lines = csv.trim().split("\r\n");
    expect(lines).toHaveLength(2); // the header and the one community in scope
    expect(lines[1]).toContain(",3,2,3,");
    const en = await (await A.admin.b.fetch(A.path("/linkage/dashboard?lang=en"))).text();
    expect(en).toContain("Median days to answer");
    expect(en).not.toContain("linkage.dashboard");
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
