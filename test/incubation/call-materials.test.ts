import { describe, expect, it } from "vitest";
import { testEnv } from "../helpers";
import { submittedApplication, world } from "./fixtures";

// The call form asks for materials as rows (name, required) and dates as dates; it works
// without JavaScript, and what staff typed survives both "add a row" and a refusal.

describe("the call form's materials and dates", () => {
  it("adds a row by re-rendering the form with everything kept", async () => {
    const w = await world("320121");
    const d = `/d/${w.district}`;
    const blank = await (await w.admin.fetch(`${d}/incubation/manage`)).text();
    expect(blank).toContain('name="materials.2.name"');
    expect(blank).not.toContain('name="materials.3.name"');
    expect(blank).not.toContain("key|名称|required");
    expect(blank).toMatch(/name="opensOn"[^>]*type="date"|type="date"[^>]*name="opensOn"/);

    const more = await w.admin.submit(`${d}/incubation/manage/calls`, { parkId: w.parkId, title: "第三批入驻招募", materialRows: "3", "materials.0.name": "孵化计划书", "materials.0.required": "1", addMaterial: "1" });
    expect(more.status).toBe(200);
    const page = await more.text();
    expect(page).toContain('name="materials.3.name"');
    expect(page).toContain('value="第三批入驻招募"');
    expect(page).toContain('value="孵化计划书"');
    expect(page).toMatch(/name="materials\.0\.required"[^>]*checked/);
    expect(page).not.toMatch(/name="materials\.1\.required"[^>]*checked/);
    const calls = await testEnv.DISTRICTS_0.prepare("SELECT COUNT(*) AS n FROM calls WHERE title = ?").bind("第三批入驻招募").first<{ n: number }>();
    expect(calls!.n).toBe(0);
  });

  it("creates the call from the filled rows and Chinese dates, and puts a row's error beside that row", async () => {
    const w = await world("320122");
    const d = `/d/${w.district}`;
    const form = {
      parkId: w.parkId,
      title: "第四批入驻招募",
      opensOn: "2026/9/1",
      closesOn: "2026年9月30日",
      places: "5",
      eligibilityText: "本区登记或拟登记的社会组织。",
      rubric: "项目可行性|60|60\n团队能力|40|40",
      [`reviewerIds.${w.reviewers[0]!.id}`]: "1",
      materialRows: "4",
      "materials.0.name": "孵化计划书",
      "materials.0.required": "1",
      "materials.1.name": "",
      "materials.2.name": "长".repeat(61),
      "materials.3.name": "团队成员名单",
    };
    const refused = await w.admin.submit(`${d}/incubation/manage/calls`, { ...form });
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toContain('id="f-materials.2.name-error"');
    expect(html).toContain('href="#f-materials.2.name"');
    expect(html).toContain('value="团队成员名单"');
    expect(html).toContain('value="2026年9月30日"');

    const created = await w.admin.submit(`${d}/incubation/manage/calls`, { ...form, "materials.2.name": "财务报表" });
    expect(created.status).toBe(303);
    const call = await testEnv.DISTRICTS_0.prepare("SELECT opens_at, closes_at, materials_json FROM calls WHERE title = ?").bind("第四批入驻招募").first<{ opens_at: string; closes_at: string; materials_json: string }>();
    expect(call!.opens_at).toBe("2026-08-31T16:00:00.000Z");
    expect(call!.closes_at).toBe("2026-09-30T15:59:59.000Z");
    expect(JSON.parse(call!.materials_json)).toEqual([
      { key: "m1", label: "孵化计划书", required: true },
      { key: "m3", label: "财务报表", required: false },
      { key: "m4", label: "团队成员名单", required: false },
    ]);
  });

  it("names each uploaded file by its material on the staff page, not by its key", async () => {
    const w = await world("320123");
    const app = await submittedApplication(w);
    const html = await (await w.admin.fetch(`/d/${w.district}/incubation/manage/applications/${app.id}`)).text();
    expect(html).toContain("(孵化计划书)");
    expect(html).not.toContain("(plan)");
  });
});
