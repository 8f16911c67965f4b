import { describe, expect, it } from "vitest";
import { Browser, countRows, createOrganization, createUser, testEnv } from "../helpers";
import { districtWith } from "../fixtures/district";
import { districtActions, formFields, operatorBrowser, platformActions, shownLink } from "./helpers";

// The operator console: districts with figures, creating, suspending and reactivating a
// district, and the first admin's invitation link.

const op = await operatorBrowser();

async function registry(code: string) {
  return testEnv.PLATFORM.prepare("SELECT code, name_zh, shard, status, status_reason, suspended_from FROM districts WHERE code = ?").bind(code).first<Record<string, string | null>>();
}

describe("district list", () => {
  it("shows each district's organizations, users and last activity from its own shard, and no personal data", async () => {
    await districtWith("320102", { shard: "DISTRICTS_0", nameZh: "玄武区" });
    await districtWith("320104", { shard: "DISTRICTS_1", nameZh: "秦淮区" });
    await createOrganization("320102", "DISTRICTS_0", "玄武区测试组织甲");
    await createOrganization("320102", "DISTRICTS_0", "玄武区测试组织乙");
    const person = await createUser("320104", "DISTRICTS_1", [{ role: "reviewer" }], "secret-person@example.cn");
    await new Browser().signIn("320104", person.email); // an audit event in 320104

    const html = await (await op.fetch("/platform")).text();
    // Cells carry their column heading (data-label) for phones; only the values matter here.
    const row = (code: string) => html.slice(html.indexOf(`scope="row">${code}</th>`), html.indexOf("</tr>", html.indexOf(`scope="row">${code}</th>`))).replace(/ data-label="[^"]*"/g, "");
    expect(row("320102")).toContain("<td>2</td><td>0</td>");
    expect(row("320102")).toContain("无");
    expect(row("320104")).toContain("<td>0</td><td>1</td>");
    expect(row("320104")).toMatch(/<time datetime="\d{4}-/);
    expect(html).not.toContain("secret-person@example.cn");
    expect(html).not.toContain("玄武区测试组织甲");
  });

  it("is only for signed-in operators", async () => {
    const anonymous = new Browser();
    expect((await anonymous.fetch("/platform/districts/new")).headers.get("location")).toBe("/platform/login");
    await anonymous.fetch("/platform/login");
    expect((await anonymous.fetch("/platform/districts", { method: "POST", form: { _csrf: anonymous.csrf, code: "320105" } })).status).toBe(401);
    await districtWith("320106");
    const admin = await createUser("320106", "DISTRICTS_0", [{ role: "district_admin" }]);
    const districtUser = new Browser();
    await districtUser.signIn("320106", admin.email);
    expect((await districtUser.fetch("/platform/districts/320106")).status).toBe(303);
    expect((await op.fetch("/platform/districts/999998")).status).toBe(404);
  });
});

describe("creating a district", () => {
  it("creates it in onboarding on the least loaded shard, with the records a tenants/ file gives, audited", async () => {
    const load = async (shard: string) => countRows(testEnv.PLATFORM, "districts", "shard = ?", shard);
    const expected = (await load("DISTRICTS_0")) <= (await load("DISTRICTS_1")) ? "DISTRICTS_0" : "DISTRICTS_1";
    const res = await op.submit(
      "/platform/districts",
      { code: "150202", nameZh: "东河区", nameEn: "Donghe District", parentNameZh: "包头市", parentNameEn: "Baotou", hostnames: "donghe.example.cn\nDH.example.cn", shard: "auto" },
      "/platform/districts/new",
    );
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/platform/districts/150202?created=1");
    expect(await registry("150202")).toMatchObject({ name_zh: "东河区", shard: expected, status: "onboarding" });
    const hosts = await testEnv.PLATFORM.prepare("SELECT hostname FROM district_hostnames WHERE district_code = '150202' ORDER BY hostname").all();
    expect(hosts.results).toEqual([{ hostname: "dh.example.cn" }, { hostname: "donghe.example.cn" }]);
    const detail = await (await op.fetch("/platform/districts/150202?created=1")).text();
    expect(detail).toContain("已创建包头市东河区（150202）");
    // Stopping or deleting a district is never styled as the page's main action.
    expect(detail).toMatch(/<button type="submit" class="danger">\s*暂停服务/);
    expect(await platformActions()).toContain("district.created");
    // The public sees "coming soon" until the district goes live.
    const publicPage = await new Browser().fetch("/d/150202/");
    expect(publicPage.status).toBe(503);
    expect(await publicPage.text()).toContain("即将开通");
  });

  it("puts a district on the shard chosen by hand", async () => {
    const fields = formFields(await (await op.fetch("/platform/districts/new")).text(), "/platform/districts");
    expect(fields.shard).toBe("auto");
    const res = await op.fetch("/platform/districts", { method: "POST", form: { ...fields, code: "150203", nameZh: "昆都仑区", nameEn: "Kundulun District", shard: "DISTRICTS_1" } });
    expect(res.status).toBe(303);
    expect(await registry("150203")).toMatchObject({ shard: "DISTRICTS_1" });
  });

  it("refuses bad input field by field and writes nothing", async () => {
    const before = await countRows(testEnv.PLATFORM, "districts");
    const cases: [Record<string, string>, string, string][] = [
      [{ code: "15020", nameZh: "甲", nameEn: "A" }, "code", "6 位县级行政区划代码"],
      [{ code: "150200", nameZh: "甲", nameEn: "A" }, "code", "6 位县级行政区划代码"], // a city's own code
      [{ code: "990101", nameZh: "甲", nameEn: "A" }, "code", "6 位县级行政区划代码"], // no such province
      [{ code: "150204", nameZh: "", nameEn: "A" }, "nameZh", "此项必填"],
      [{ code: "150204", nameZh: "甲", nameEn: "A", hostnames: "bad host!" }, "hostnames", "域名格式不正确"],
      [{ code: "150204", nameZh: "甲", nameEn: "A", shard: "PLATFORM" }, "shard", "没有这个数据分片"],
      [{ code: "150202", nameZh: "甲", nameEn: "A" }, "code", "该代码的区已存在"],
      [{ code: "150204", nameZh: "甲", nameEn: "A", hostnames: "donghe.example.cn" }, "hostnames", "该域名已被其他区使用"],
    ];
    for (const [form, field, message] of cases) {
      const res = await op.submit("/platform/districts", form);
      expect(res.status, JSON.stringify(form)).toBe(422);
      const html = await res.text();
      expect(html, field).toContain(`href="#f-${field}"`);
      expect(html).toContain(message);
    }
    expect(await countRows(testEnv.PLATFORM, "districts")).toBe(before);
  });
});

describe("suspending and reactivating", () => {
  it("suspends with a reason, and reactivation returns the district to the status it had", async () => {
    await op.submit("/platform/districts", { code: "150205", nameZh: "石拐区", nameEn: "Shiguai District" }, "/platform/districts/new");
    expect((await op.submit("/platform/districts/150205/suspend", { reason: "" })).status).toBe(422);
    const suspended = await op.submit("/platform/districts/150205/suspend", { reason: "合同未续签" });
    expect(suspended.status).toBe(200);
    expect(await registry("150205")).toMatchObject({ status: "suspended", status_reason: "合同未续签", suspended_from: "onboarding" });
    expect((await new Browser().fetch("/d/150205/")).status).toBe(503);
    expect(await (await new Browser().fetch("/d/150205/")).text()).toContain("服务已暂停");
    // Suspending twice is not a transition.
    const again = await op.submit("/platform/districts/150205/suspend", { reason: "重复操作" });
    expect(again.status).toBe(409);
    const reactivated = await op.submit("/platform/districts/150205/reactivate", { reason: "合同已续签" });
    expect(reactivated.status).toBe(200);
    expect(await registry("150205")).toMatchObject({ status: "onboarding", status_reason: null, suspended_from: null });
    // The district's history names what was done in words, not as action codes.
    const history = await (await op.fetch("/platform/districts/150205")).text();
    expect(history).toContain('操作">暂停服务</td>');
    expect(history).toContain('操作">恢复服务</td>');
    expect(history).toContain('操作">开通本区</td>');
    expect(history).not.toContain("district.");

    await districtWith("150206", { status: "active" });
    await op.submit("/platform/districts/150206/suspend", { reason: "系统维护" });
    expect((await new Browser().fetch("/d/150206/")).status).toBe(503);
    await op.submit("/platform/districts/150206/reactivate", { reason: "维护完成" });
    expect(await registry("150206")).toMatchObject({ status: "active" });
    expect((await new Browser().fetch("/d/150206/")).status).toBe(200);

    const notes = await testEnv.PLATFORM.prepare("SELECT action, summary_json FROM platform_audit_events WHERE target_id = '150206' ORDER BY seq").all<{ action: string; summary_json: string }>();
    expect(notes.results.map((n) => [n.action, JSON.parse(n.summary_json).note])).toEqual([
      ["district.suspended", "系统维护"],
      ["district.reactivated", "维护完成"],
    ]);
    expect((await op.submit("/platform/districts/999997/suspend", { reason: "不存在" })).status).toBe(404);
  });

  it("lets one of two simultaneous suspensions through, with exactly one audit event", async () => {
    await districtWith("150209", { status: "active" });
    const results = await Promise.all([
      op.fetch("/platform/districts/150209/suspend", { method: "POST", form: { _csrf: op.csrf, reason: "甲的原因" } }),
      op.fetch("/platform/districts/150209/suspend", { method: "POST", form: { _csrf: op.csrf, reason: "乙的原因" } }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await countRows(testEnv.PLATFORM, "platform_audit_events", "action = 'district.suspended' AND target_id = '150209'")).toBe(1);
  });
});

describe("first admin invitation", () => {
  it("shows a one-time link once, stores only its hash, and audits it on both chains", async () => {
    await op.submit("/platform/districts", { code: "150207", nameZh: "白云鄂博矿区", nameEn: "Bayan Obo Mining District", shard: "DISTRICTS_1" }, "/platform/districts/new");
    const res = await op.submit("/platform/districts/150207/invitations", { email: "First.Admin@Example.cn" });
    expect(res.status).toBe(200);
    const html = await res.text();
    const link = shownLink(html);
    expect(link).toMatch(/^https:\/\/sanshe\.test\/d\/150207\/invite\/[A-Za-z0-9_-]{43}$/);
    const token = link.split("/").at(-1)!;
    const stored = await testEnv.DISTRICTS_1.prepare("SELECT * FROM invitations WHERE district_id = '150207'").all<Record<string, string>>();
    expect(stored.results).toHaveLength(1);
    expect(stored.results[0]).toMatchObject({ email: "first.admin@example.cn", role: "district_admin", scope_area: "", status: "pending", invited_by: null });
    expect(JSON.stringify(stored.results)).not.toContain(token);
    expect(await platformActions()).toContain("district.admin_invited");
    const events = await testEnv.DISTRICTS_1.prepare("SELECT action, actor_role FROM audit_events WHERE district_id = '150207'").all();
    expect(events.results).toEqual([{ action: "invitation.issued", actor_role: "platform_operator" }]);
    // The detail page lists it later without the link and with the address masked.
    const later = await (await op.fetch("/platform/districts/150207")).text();
    expect(later).not.toContain(token);
    expect(later).toContain("f***@example.cn");
    expect(later).toContain("待接受");
  });

  it("refuses an invalid address, an address of another district, and a second open invitation", async () => {
    await districtWith("150208", { shard: "DISTRICTS_0" });
    expect((await op.submit("/platform/districts/150208/invitations", { email: "not-an-email" })).status).toBe(422);
    const elsewhere = await createUser("320102", "DISTRICTS_0", [{ role: "reviewer" }]);
    const taken = await op.submit("/platform/districts/150208/invitations", { email: elsewhere.email });
    expect(taken.status).toBe(409);
    expect(await taken.text()).toContain("该邮箱已在另一个区使用");
    expect((await op.submit("/platform/districts/150208/invitations", { email: "boss@example.cn" })).status).toBe(200);
    const twice = await op.submit("/platform/districts/150208/invitations", { email: "boss@example.cn" });
    expect(twice.status).toBe(409);
    expect(await twice.text()).toContain("重新发送");
    expect(await districtActions(testEnv.DISTRICTS_0, "150208")).toEqual(["invitation.issued"]);
    expect((await op.submit("/platform/districts/999996/invitations", { email: "x@example.cn" })).status).toBe(404);
  });
});
