import { describe, expect, it } from "vitest";
import { Browser } from "../helpers";
import { districtWith } from "../fixtures/district";
import { POSTS_CAST } from "../posts/fixtures";

// The needs form's personal-information notice names the processor and how to reach it
// (个人信息保护法 第十七条第一款): the district's civil-affairs bureau and the resident's
// community by default, or what the district has set; the admin's settings page offers
// both, and a typed value that is too long comes back beside its field.

const A = await districtWith("170371", POSTS_CAST);
const B = await districtWith("170372", { ...POSTS_CAST, shard: "DISTRICTS_1", settings: { needsDataProcessor: "某某区民政局社会组织管理科", needsDataContact: "0472-5123456，工作日 8:30–17:30" } });

describe("the processor on the needs form", () => {
  it("defaults to the district's civil-affairs bureau, reached through the community", async () => {
    const zh = await (await new Browser().fetch(A.path("/n/001001"))).text();
    expect(zh).toContain(`个人信息处理者：测试${A.code}区民政局。联系方式：第1街道第1社区居委会（社区服务站）`);
    const en = await (await new Browser().fetch(A.path("/n/001001?lang=en"))).text();
    expect(en).toContain("Processor of your personal information:");
    expect(en).not.toContain("linkage.form");
  });

  it("shows what the district has set, and the settings page edits it", async () => {
    const page = await (await new Browser().fetch(B.path("/n/001002"))).text();
    expect(page).toContain("个人信息处理者：某某区民政局社会组织管理科。联系方式：0472-5123456，工作日 8:30–17:30。");
    const settings = await (await B.admin.b.fetch(B.path("/admin/settings"))).text();
    expect(settings).toContain('name="needsDataProcessor"');
    expect(settings).toContain("0472-5123456");
    const form = Object.fromEntries([...settings.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
    const scale = /<option[^>]*value="(\d+)"[^>]*selected/.exec(settings)?.[1] ?? "100";
    const res = await B.admin.b.submit(B.path("/admin/settings"), { ...form, "gradeBands.scale": scale, needsDataContact: "电".repeat(121) });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('id="f-needsDataContact-error"');
    expect(html).toContain("电".repeat(121));
  });
});
