import { describe, expect, it } from "vitest";
import { DEMO_PASSWORD, demoEmail } from "../../src/seed/demo";
import kundulun from "../../tenants/150203-kundulun.json";
import { Browser, loadDemoDistrict, testEnv } from "../helpers";

// The linkage demo `npm start` shows: joint meetings whose action items are done on
// time, done late, open and overdue; last year's published assessment with its ranking;
// this year's being scored, with the demo reviewer's tasks in the review inbox; and
// this year's community ranking on public notice, settling into the published result.

const d = await loadDemoDistrict(kundulun);
const signedIn = async (key: string) => {
  const b = new Browser();
  await b.signIn(d.code, demoEmail(d, d.people.find((p) => p.key === key)!), DEMO_PASSWORD);
  return b;
};
const path = (p: string) => `/d/${d.code}${p}`;

describe("linkage demo data", () => {
  it("has meetings with actions in every state", async () => {
    const rows = await testEnv.DISTRICTS_0.prepare("SELECT status, overdue, done_on <= due_on AS on_time FROM linkage_actions WHERE district_id = ? AND id LIKE 'demo-%'")
      .bind(d.code)
      .all<{ status: string; overdue: number; on_time: number | null }>();
    const states = new Set(rows.results.map((r) => (r.status === "open" ? (r.overdue ? "overdue" : "open") : r.on_time ? "on time" : "late")));
    expect([...states].sort()).toEqual(["late", "on time", "open", "overdue"]);
    const page = await (await (await signedIn("jiedao")).fetch(path("/linkage/meetings"))).text();
    expect(page).toContain("沼潭街道三社联动联席会议（第三季度）");
    expect(await (await new Browser().fetch(path("/meetings"))).text()).toContain("老年助餐点");
  });

  it("gives the communities residents, so the dashboard shows social workers per 10,000, and residents' satisfaction", async () => {
    const none = await testEnv.DISTRICTS_0.prepare("SELECT COUNT(*) AS n FROM areas WHERE district_id = ? AND level = 'community' AND population IS NULL").bind(d.code).first<{ n: number }>();
    expect(none!.n).toBe(0);
    const csv = await (await (await signedIn("jiedao")).fetch(path("/linkage/dashboard.csv"))).text();
    expect(csv.split("\r\n")[1]!.split(",")[3]).toMatch(/^\d+(\.\d)?$/);
    // Residents' satisfaction with the projects running in an area, from the demo's feedback.
    const [head, ...rows] = csv
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    const column = head!.split(",").indexOf("在办项目居民满意度");
    expect(column).toBeGreaterThan(0);
    expect(rows.some((r) => /^\d+(\.\d)?$/.test(r.split(",")[column] ?? ""))).toBe(true);
  });

  it("publishes last year's ranking and has this year's in the reviewer's inbox", async () => {
    const year = Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4));
    const pub = await new Browser().fetch(path(`/assessments/demo-${d.code}-assessment-${year - 1}`));
    expect(pub.status).toBe(200);
    const html = await pub.text();
    expect(html).toContain("林荫路街道");
    expect(html).not.toContain("linkage.");
    expect((await new Browser().fetch(path(`/assessments/demo-${d.code}-assessment-${year}`))).status).toBe(404);
    const reviewer = await signedIn("reviewer");
    const inbox = await (await reviewer.fetch(path("/review"))).text();
    expect(inbox).toContain("三社联动观摩评比");
    const task = await (await reviewer.fetch(path(`/review/demo-${d.code}-assessment-${year}-001-review`))).text();
    expect(task).toContain("利益冲突声明");
    const admin = await (await (await signedIn("admin")).fetch(path(`/linkage/assessments/demo-${d.code}-assessment-${year}`))).text();
    expect(admin).toContain("现场观摩");
    expect(admin).toContain("分配评审");
    expect(admin).not.toContain("linkage.");
  });

  it("has this year's community ranking on public notice, open to objections, settling into the published result", async () => {
    const year = Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4));
    const id = `demo-${d.code}-assessment-${year}-community`;
    const list = await (await new Browser().fetch(path("/notices?lang=zh-CN"))).text();
    expect(list).toContain(`${year}年度沼潭街道社区三社联动观摩评比结果公示`);
    const notice = await (await new Browser().fetch(path(`/notices/${id}-notice?lang=zh-CN`))).text();
    expect(notice).toContain("和平路社区（第 1 名）");
    expect(notice).toContain("提出异议");
    expect((await new Browser().fetch(path(`/assessments/${id}`))).status).toBe(404); // not final while on notice
    const staff = await (await (await signedIn("admin")).fetch(path(`/linkage/assessments/${id}`))).text();
    expect(staff).toContain(`/notices/${id}-notice`);
    // The window closes with no objection: every community's result stands and the ranking is published.
    const { settleNotices } = await import("../../src/review");
    const { dataOf } = await import("../notifications/helpers");
    await settleNotices(await dataOf(d.code), new Date(Date.now() + 30 * 86400_000).toISOString());
    const published = await new Browser().fetch(path(`/assessments/${id}`));
    expect(published.status).toBe(200);
    expect(await published.text()).toContain("富强路社区");
  });
});
