import { describe, expect, it } from "vitest";
import { sql } from "kysely";
import { accountStatements } from "../../src/auth/provision";
import { clearRegistryCache } from "../../src/district-lookup/district-registry";
import { Browser, countRows, createUser, testEnv } from "../helpers";
import { districtWith, personIn } from "../fixtures/district";
import { districtActions, formFields } from "./helpers";

// The onboarding wizard: each step saves into the registry row, progress survives
// leaving and coming back, the district goes live only when every step is done, and
// until then the public sees "coming soon" while the admin works.

const D = "350102";
const SHARD = "DISTRICTS_0";
const {
  admin: { b: admin },
} = await districtWith(D, { shard: SHARD, status: "onboarding", nameZh: "鼓楼区", people: { admin: "district_admin" } });

async function row() {
  clearRegistryCache();
  return (await testEnv.PLATFORM.prepare("SELECT * FROM districts WHERE code = ?").bind(D).first<Record<string, string | number>>())!;
}
const version = async () => String((await row()).version);
const steps = async () => (JSON.parse(String((await row()).onboarding_json)) as { steps?: string[] }).steps ?? [];

describe("what an onboarding district shows", () => {
  it("shows the public a coming-soon page and API answer, and its admin the wizard", async () => {
    const visitor = new Browser();
    const home = await visitor.fetch(`/d/${D}/`);
    expect(home.status).toBe(503);
    const html = await home.text();
    expect(html).toContain("鼓楼区三社联动服务平台即将开通");
    expect(html).toContain(`href="/d/${D}/login"`);
    expect((await visitor.fetch(`/d/${D}/areas`)).status).toBe(503);
    expect((await visitor.fetch(`/d/${D}/signup`)).status).toBe(503);
    const api = await visitor.fetch(`/d/${D}/api/v1/district`);
    expect(api.status).toBe(503);
    expect(await api.json()).toMatchObject({ code: "district_onboarding" });
    // Signing in is possible before opening day.
    expect((await visitor.fetch(`/d/${D}/login`)).status).toBe(200);
    // Staff invited early wait like the public.
    const staff = await createUser(D, SHARD, [{ role: "reviewer" }]);
    const sb = new Browser();
    expect((await sb.signIn(D, staff.email)).status).toBe(303);
    expect((await sb.fetch(`/d/${D}/`)).status).toBe(503);
    expect((await sb.fetch(`/d/${D}/admin`)).status).toBe(403);
    // The admin lands in the wizard.
    const landing = await admin.fetch(`/d/${D}/`);
    expect(landing.status).toBe(303);
    expect(landing.headers.get("location")).toBe(`/d/${D}/admin`);
    const wizard = await (await admin.fetch(`/d/${D}/admin`)).text();
    expect(wizard).toContain("已完成 0/5 步");
    expect(wizard).toContain("继续：区概况");
    expect(wizard).toContain("完成以下步骤后即可正式开通");
  });
});

describe("the steps", () => {
  it("saves the profile, marks the step done and moves on; the next visit resumes there", async () => {
    const invalid = await admin.submit(`/d/${D}/admin/profile`, {
      version: await version(),
      nameZh: "",
      nameEn: "Gulou District",
      parentNameZh: "福州市",
      parentNameEn: "Fuzhou",
      address: "",
      phone: "0591-abc",
      email: "not-mail",
      logoText: "",
    });
    expect(invalid.status).toBe(422);
    const html = await invalid.text();
    for (const field of ["nameZh", "phone", "email"]) expect(html).toContain(`href="#f-${field}"`);
    // The hints speak of this district, not of another one's bureau and number.
    const form = await (await admin.fetch(`/d/${D}/admin/profile`)).text();
    expect(form).toContain("如“鼓楼民政”");
    expect(form).not.toMatch(/东河|0472/);
    expect(await steps()).toEqual([]);

    const res = await admin.submit(`/d/${D}/admin/profile`, {
      version: await version(),
      nameZh: "鼓楼区",
      nameEn: "Gulou District",
      parentNameZh: "福州市",
      parentNameEn: "Fuzhou",
      address: "福州市鼓楼区东街 1 号",
      phone: "0591-87000000",
      email: "MZJ@gulou.example.cn",
      logoText: "鼓楼民政",
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/d/${D}/admin/areas`);
    const stored = await row();
    expect(stored).toMatchObject({ name_zh: "鼓楼区", parent_name_zh: "福州市" });
    expect(JSON.parse(String(stored.profile_json))).toEqual({ address: "福州市鼓楼区东街 1 号", phone: "0591-87000000", email: "mzj@gulou.example.cn", logoText: "鼓楼民政" });
    expect(await steps()).toEqual(["profile"]);
    // Coming back later: the wizard continues with the first open step.
    const wizard = await (await admin.fetch(`/d/${D}/admin`)).text();
    expect(wizard).toContain("已完成 1/5 步");
    expect(wizard).toContain("继续：街道与社区");
    // The public page now shows the bureau's contact details.
    const soon = await (await new Browser().fetch(`/d/${D}/`)).text();
    expect(soon).toContain("0591-87000000");
    expect(soon).toContain("鼓楼民政");
    expect(await districtActions(testEnv.DISTRICTS_0, D)).toContain("district.profile_updated");
  });

  it("refuses a save made against an older version of the row, writing nothing", async () => {
    const stale = String(Number(await version()) - 1);
    const res = await admin.submit(`/d/${D}/admin/profile`, { version: stale, nameZh: "被覆盖", nameEn: "Overwritten", parentNameZh: "", parentNameEn: "" });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("该记录已被他人修改");
    expect((await row()).name_zh).toBe("鼓楼区");
  });

  it("needs at least one sub-district before the hierarchy step is done", async () => {
    await testEnv.DISTRICTS_0.prepare("DELETE FROM areas WHERE district_id = ?").bind(D).run();
    const empty = await admin.submit(`/d/${D}/admin/areas/done`, { version: await version() });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain("请至少添加一个街道");
    await admin.submit(`/d/${D}/admin/areas/subdistricts`, { code: `${D}001`, name: "东街街道", kind: "街道", nameEn: "" });
    const done = await admin.submit(`/d/${D}/admin/areas/done`, { version: await version() });
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe(`/d/${D}/admin/staff`);
    const staffDone = await admin.submit(`/d/${D}/admin/staff/done`, { version: await version() });
    expect(staffDone.headers.get("location")).toBe(`/d/${D}/admin/settings`);
    expect(await steps()).toEqual(["profile", "areas", "staff"]);
  });

  it("shows every setting with its default, explanation and range, and checks the ranges field by field", async () => {
    const page = await (await admin.fetch(`/d/${D}/admin/settings`)).text();
    expect(page).toContain("公示期（工作日）");
    expect(page).toContain("公示期的工作日天数，公示期内公众可提出异议。 默认：5 范围：1–30");
    expect(page).toContain("孵化可延期次数");
    expect(page).toContain("默认：1 范围：0–5");
    expect(page).toContain("评估等级分数线");

    const form = {
      version: await version(),
      eligibilityCheckWorkingDays: "5",
      publicNoticeWorkingDays: "0",
      incubationMonths: "12",
      incubationRenewals: "9",
      spaceHandbackDays: "30",
      gradeValidityYears: "5",
      evaluationEligibleAfterYears: "2",
      abnormalListAutoExitMonths: "6",
      abnormalToSeriousYears: "2",
      seriousListExitYears: "2",
      rectificationExitWorkingDays: "5",
      creditEntryWorkingDays: "5",
      appealAnswerDays: "abc",
      reviewerCoolingOffYears: "2",
      annualReportDue: "13-01",
      "gradeBands.scale": "100",
      "gradeBands.minimums.5A": "90",
      "gradeBands.minimums.4A": "95",
      "gradeBands.minimums.3A": "70",
      "gradeBands.minimums.2A": "60",
      "gradeBands.minimums.1A": "50",
    };
    const bad = await admin.submit(`/d/${D}/admin/settings`, form);
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('<a href="#f-publicNoticeWorkingDays"><span data-label-of="f-publicNoticeWorkingDays">公示期（工作日）：</span>不能小于 1。</a>');
    expect(html).toContain('<a href="#f-incubationRenewals"><span data-label-of="f-incubationRenewals">孵化可延期次数：</span>不能大于 5。</a>');
    expect(html).toContain('<a href="#f-appealAnswerDays"><span data-label-of="f-appealAnswerDays">评估委员会复核答复期限（天）：</span>格式不正确，应为数字。</a>');
    expect(html).toContain('<a href="#f-annualReportDue">');
    expect(html).toContain("等级分数线须由高到低排列且在满分范围内");
    expect(html).toContain('value="abc"'); // the admin's input is kept
    expect(JSON.parse(String((await row()).settings_json)).publicNoticeWorkingDays).toBe(5);

    const good = await admin.submit(`/d/${D}/admin/settings`, {
      ...form,
      publicNoticeWorkingDays: "7",
      incubationRenewals: "2",
      appealAnswerDays: "15",
      annualReportDue: "06-30",
      "gradeBands.scale": "1000",
      "gradeBands.minimums.5A": "951",
      "gradeBands.minimums.4A": "851",
      "gradeBands.minimums.3A": "751",
      "gradeBands.minimums.2A": "651",
      "gradeBands.minimums.1A": "501",
    });
    expect(good.status).toBe(303);
    expect(good.headers.get("location")).toBe(`/d/${D}/admin/modules`);
    const settings = JSON.parse(String((await row()).settings_json));
    expect(settings).toMatchObject({ publicNoticeWorkingDays: 7, incubationRenewals: 2, annualReportDue: "06-30", gradeBands: { scale: 1000, minimums: { "5A": 951 } } });
    const event = await testEnv.DISTRICTS_0.prepare("SELECT summary_json FROM audit_events WHERE district_id = ? AND action = 'district.settings_updated'").bind(D).first<{ summary_json: string }>();
    expect(JSON.parse(event!.summary_json)).toMatchObject({ before: { publicNoticeWorkingDays: 5 }, after: { publicNoticeWorkingDays: 7 } });
  });

  it("needs at least one module, then lets the district go live", async () => {
    const none = await admin.submit(`/d/${D}/admin/modules`, { version: await version() });
    expect(none.status).toBe(422);
    expect(await none.text()).toContain("请至少开启一项服务");
    const unknown = await admin.submit(`/d/${D}/admin/modules`, { version: await version(), "modules.lottery": "1" });
    expect(unknown.status).toBe(422);
    const res = await admin.submit(`/d/${D}/admin/modules`, { version: await version(), "modules.incubation": "1", "modules.disclosure": "1" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/d/${D}/admin`);
    expect(JSON.parse(String((await row()).modules_json))).toEqual(["incubation", "disclosure"]);

    const hub = await (await admin.fetch(`/d/${D}/admin`)).text();
    expect(hub).toContain("已完成 5/5 步");
    expect(hub).toContain("正式开通本区");
    const live = await admin.submit(`/d/${D}/admin/launch`, { version: await version() });
    expect(live.status).toBe(303);
    expect((await row()).status).toBe("active");
    expect(await (await admin.fetch(`/d/${D}/admin?launched=1`)).text()).toContain("本区已正式开通");
    // Live: the public home page, with the modules chosen; the admin pages are plain administration.
    const home = await new Browser().fetch(`/d/${D}/`);
    expect(home.status).toBe(200);
    const homeHtml = await home.text();
    expect(homeHtml).toContain('<li class="card">社会组织孵化园</li>');
    expect(homeHtml).not.toContain('<li class="card">社会工作岗位开发</li>');
    expect(await (await admin.fetch(`/d/${D}/admin`)).text()).toContain("区管理");
    expect((await admin.submit(`/d/${D}/admin/launch`, { version: await version() })).status).toBe(409);
    expect(await districtActions(testEnv.DISTRICTS_0, D)).toContain("district.launched");
  });

  it("edits later without the wizard: a save stays on its page", async () => {
    const res = await admin.submit(`/d/${D}/admin/modules`, { version: await version(), "modules.incubation": "1", "modules.posts": "1", "modules.disclosure": "1" });
    expect(res.headers.get("location")).toBe(`/d/${D}/admin/modules?saved=1`);
    expect(await (await admin.fetch(`/d/${D}/admin/modules?saved=1`)).text()).toContain("已保存。");
  });

  it("accepts each page's own form as the browser sends it", async () => {
    for (const step of ["profile", "settings", "modules"]) {
      const path = `/d/${D}/admin/${step}`;
      const fields = formFields(await (await admin.fetch(path)).text(), path);
      const res = await admin.fetch(path, { method: "POST", form: fields });
      expect(res.status, step).toBe(303);
      expect(res.headers.get("location"), step).toBe(`${path}?saved=1`);
    }
  });

  it("refuses to launch while steps are open", async () => {
    const code = "350103";
    await districtWith(code, { shard: SHARD, status: "onboarding" });
    const { b } = await personIn(code, SHARD, "district_admin");
    const res = await b.submit(`/d/${code}/admin/launch`, { version: "0" });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("尚有未完成的步骤");
    clearRegistryCache();
    expect(await testEnv.PLATFORM.prepare("SELECT status FROM districts WHERE code = ?").bind(code).first()).toEqual({ status: "onboarding" });
  });
});

describe("settings API", () => {
  it("reads and replaces the settings with the version, and answers 409 on a stale one", async () => {
    const current = (await (await admin.fetch(`/d/${D}/api/v1/admin/settings`)).json()) as { version: number; settings: Record<string, unknown> };
    expect(current.settings.publicNoticeWorkingDays).toBe(7);
    const put = await admin.api(`/d/${D}/api/v1/admin/settings`, { method: "PUT", json: { version: current.version, settings: { ...current.settings, appealAnswerDays: 20 } } });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({ settings: { appealAnswerDays: 20 } });
    const stale = await admin.api(`/d/${D}/api/v1/admin/settings`, { method: "PUT", json: { version: current.version, settings: current.settings } });
    expect(stale.status).toBe(409);
    const invalid = await admin.api(`/d/${D}/api/v1/admin/settings`, { method: "PUT", json: { version: current.version + 1, settings: { appealAnswerDays: 0 } } });
    expect(invalid.status).toBe(422);
    expect(await invalid.json()).toMatchObject({ errors: [{ field: "settings.appealAnswerDays" }] });
    const other = "350104";
    await districtWith(other, { shard: "DISTRICTS_1" });
    const { b: otherAdmin } = await personIn(other, "DISTRICTS_1", "district_admin");
    expect((await otherAdmin.fetch(`/d/${D}/api/v1/admin/settings`)).status).toBe(404);
    const reviewer = await createUser(D, SHARD, [{ role: "reviewer" }]);
    const rb = new Browser();
    await rb.signIn(D, reviewer.email);
    expect((await rb.fetch(`/d/${D}/api/v1/admin/settings`)).status).toBe(403);
  });
});

describe("an account insert guarded by a condition", () => {
  it("rolls the whole batch back when the condition fails (the grant breaks the foreign key)", async () => {
    const s = accountStatements({ districtCode: D, id: "guarded-user", email: "guarded@example.cn", displayName: "守卫", passwordHash: "x", grants: [{ role: "reviewer" }] }, new Date().toISOString(), { userOnlyIf: sql<boolean>`1 = 0` });
    const db = testEnv.DISTRICTS_0;
    await expect(db.batch(s.shard.map((q) => db.prepare(q.sql).bind(...(q.parameters as unknown[]))))).rejects.toThrow(/FOREIGN KEY/);
    expect(await countRows(db, "users", "district_id = ? AND id = 'guarded-user'", D)).toBe(0);
  });
});
