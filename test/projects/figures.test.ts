import { describe, expect, it } from "vitest";
import { DEMO_PASSWORD, demoEmail } from "../../src/seed/demo";
import kundulun from "../../tenants/150203-kundulun.json";
import { Browser, loadDemoDistrict } from "../helpers";

// The buyer's project figures over the demo data: funds by category, 街道 and
// organization agreeing with the contracts and payments, delivery against the planned
// beneficiaries from confirmed records only, satisfaction, the certified-lead share;
// the same numbers as CSV; refused to an organization's member; staff of a 街道 or a
// community see the projects delivered in their area; the public list shows funds by
// category and 街道.

const d = await loadDemoDistrict(kundulun);
const signIn = async (key: string) => {
  const b = new Browser();
  await b.signIn(d.code, demoEmail(d, d.people.find((p) => p.key === key)!), DEMO_PASSWORD);
  return b;
};
const admin = await signIn("admin");

describe("project figures", () => {
  it("shows funds, delivery, satisfaction and certified leads, with a CSV of the same numbers", async () => {
    const html = await (await admin.fetch(`/d/${d.code}/projects/figures?lang=zh-CN`)).text();
    expect(html).toContain("按服务类别");
    expect(html).toContain("<svg");
    expect(html).toContain("沼潭街道居家养老社工服务");
    // 2 funded projects; feedback 6 on p1 (5 satisfied) and 4 on g1 (3 satisfied).
    expect(html).toContain("80%");
    const csv = await (await admin.fetch(`/d/${d.code}/projects/figures.csv?lang=zh-CN`)).text();
    const rows = csv
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(rows).toContain("按服务类别,养老扶幼,1,200000,60000,,");
    // Two of three records on p1 are confirmed: 18 + 6 participants of 300 planned.
    expect(rows).toContain("服务完成情况,沼潭街道居家养老社工服务,2,300,24,6,83.3");
    const org = await signIn("org");
    expect((await org.fetch(`/d/${d.code}/projects/figures`)).status).toBe(403);
  });

  it("shows a 街道's staff and a community's staff only the projects delivered in their area", async () => {
    for (const key of ["jiedao", "shequ"]) {
      const b = await signIn(key);
      const html = await (await b.fetch(`/d/${d.code}/projects/figures?lang=zh-CN`)).text();
      expect(html).toContain("范围：在");
      expect(html).toContain("沼潭街道居家养老社工服务");
      expect(html).not.toContain("林荫路街道社区议事会能力建设");
      const csv = await (await b.fetch(`/d/${d.code}/projects/figures.csv?lang=zh-CN`)).text();
      expect(csv).toContain("沼潭街道居家养老社工服务");
      expect(csv).not.toContain("林荫路街道社区议事会能力建设");
    }
    // The public list links to the funds by category and by 街道 over the same funded projects.
    expect(await (await new Browser().fetch(`/d/${d.code}/projects?lang=zh-CN`)).text()).toContain(`href="/d/${d.code}/projects/funds"`);
    const open = await (await new Browser().fetch(`/d/${d.code}/projects/funds?lang=zh-CN`)).text();
    expect(open).toContain("资金投向");
    expect(open).toMatch(/scope="row"[^>]*>林荫路街道<\/th>/);
    expect(open).not.toContain("服务完成情况");
  });
});
