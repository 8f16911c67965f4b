import { describe, expect, it } from "vitest";
import { Browser, countRows, createUser, testEnv } from "../helpers";
import { districtWith, personIn } from "../fixtures/district";
import { formFields, operatorBrowser, pathOf, shownLink } from "./helpers";

// Invitation links: accepted once, before they expire, by the address they were made
// for; reused, expired, revoked, replaced and foreign links are refused clearly, and a
// refused acceptance writes nothing.

const op = await operatorBrowser();
const A = "330102"; // onboarding, shard 0
const B = "330103"; // active, shard 1
await districtWith(A, { shard: "DISTRICTS_0", status: "onboarding" });
await districtWith(B, { shard: "DISTRICTS_1", status: "active" });

async function firstAdminLink(code: string, email: string): Promise<string> {
  const res = await op.submit(`/platform/districts/${code}/invitations`, { email });
  expect(res.status).toBe(200);
  return pathOf(shownLink(await res.text()));
}

async function accept(path: string, form = { displayName: "新管理员", password: "invited-pass-42" }) {
  const b = new Browser();
  const page = await b.fetch(path);
  return { b, page, res: page.status === 200 ? await b.submit(path, form) : page };
}

describe("accepting an invitation", () => {
  it("creates the account with the invited role, claims the address, signs in and opens the wizard", async () => {
    const path = await firstAdminLink(A, "chief@example.cn");
    const b = new Browser();
    const page = await b.fetch(path);
    expect(page.status).toBe(200);
    expect(page.headers.get("cache-control")).toBe("no-store");
    const html = await page.text();
    expect(html).toContain("区民政局管理员");
    expect(html).toContain("chief@example.cn");
    // Exactly what the browser sends: the page's own fields, filled in.
    const res = await b.fetch(path, { method: "POST", form: { ...formFields(html, path), displayName: "刘主任", password: "invited-pass-42" } });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/d/${A}/admin`);
    const wizard = await b.fetch(`/d/${A}/admin`);
    expect(wizard.status).toBe(200);
    expect(await wizard.text()).toContain("开通向导");
    const user = await testEnv.DISTRICTS_0.prepare("SELECT id, display_name, status FROM users WHERE district_id = ? AND email = 'chief@example.cn'").bind(A).first<{ id: string }>();
    expect(user).toMatchObject({ display_name: "刘主任", status: "active" });
    expect(await testEnv.DISTRICTS_0.prepare("SELECT role, scope_area FROM role_grants WHERE district_id = ? AND user_id = ?").bind(A, user!.id).first()).toEqual({ role: "district_admin", scope_area: "" });
    expect(await testEnv.PLATFORM.prepare("SELECT district_code, user_id FROM account_directory WHERE email = 'chief@example.cn'").first()).toEqual({ district_code: A, user_id: user!.id });
    const events = await testEnv.DISTRICTS_0.prepare("SELECT action, actor_id FROM audit_events WHERE district_id = ? ORDER BY seq").bind(A).all<{ action: string; actor_id: string }>();
    expect(events.results.map((e) => e.action)).toEqual(["invitation.issued", "invitation.accepted"]);
    expect(events.results[1]!.actor_id).toBe(user!.id);
    // The new password works for signing in later.
    expect((await new Browser().signIn(A, "chief@example.cn", "invited-pass-42")).status).toBe(303);
  });

  it("refuses a used link, and keeps the first account", async () => {
    const path = await firstAdminLink(A, "second-admin@example.cn");
    expect((await accept(path)).res.status).toBe(303);
    const again = await accept(path);
    expect(again.page.status).toBe(410);
    expect(await again.page.text()).toContain("邀请链接已经使用过了");
    const post = await new Browser().submit(path, { displayName: "冒名者", password: "another-pass-42" }, `/d/${A}/login`);
    expect(post.status).toBe(410);
    expect(await countRows(testEnv.DISTRICTS_0, "users", "district_id = ? AND email = ?", A, "second-admin@example.cn")).toBe(1);
  });

  it("lets only one of two simultaneous acceptances through", async () => {
    const path = await firstAdminLink(A, "race@example.cn");
    const one = new Browser();
    const two = new Browser();
    await one.fetch(path);
    await two.fetch(path);
    const results = await Promise.all([
      one.fetch(path, { method: "POST", form: { _csrf: one.csrf, displayName: "甲", password: "race-pass-1234" } }),
      two.fetch(path, { method: "POST", form: { _csrf: two.csrf, displayName: "乙", password: "race-pass-5678" } }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([303, 410]);
    expect(await countRows(testEnv.DISTRICTS_0, "users", "district_id = ? AND email = ?", A, "race@example.cn")).toBe(1);
  });

  it("refuses an expired link clearly and writes nothing", async () => {
    const path = await firstAdminLink(A, "late@example.cn");
    await testEnv.DISTRICTS_0.prepare("UPDATE invitations SET expires_at = '2020-01-01T00:00:00.000Z' WHERE district_id = ? AND email = 'late@example.cn'").bind(A).run();
    const { page } = await accept(path);
    expect(page.status).toBe(410);
    expect(await page.text()).toContain("邀请链接已过期");
    const api = await new Browser().fetch(path, { headers: { accept: "application/json" } });
    expect(await api.json()).toMatchObject({ status: 410, code: "invitation_expired" });
    expect(await countRows(testEnv.DISTRICTS_0, "users", "district_id = ? AND email = ?", A, "late@example.cn")).toBe(0);
    expect(await countRows(testEnv.PLATFORM, "account_directory", "email = ?", "late@example.cn")).toBe(0);
    // A new invitation to the same address replaces the expired one.
    expect((await accept(await firstAdminLink(A, "late@example.cn"))).res.status).toBe(303);
  });

  it("answers an unknown, malformed or other district's link with not found", async () => {
    expect((await new Browser().fetch(`/d/${A}/invite/${"x".repeat(43)}`)).status).toBe(404);
    expect((await new Browser().fetch(`/d/${A}/invite/<script>`)).status).toBe(404);
    const path = await firstAdminLink(A, "elsewhere@example.cn");
    const token = path.split("/").at(-1)!;
    const crossing = await new Browser().fetch(`/d/${B}/invite/${token}`);
    expect(crossing.status).toBe(404);
    expect(await crossing.text()).toContain("邀请链接无效");
  });

  it("checks the name and password field by field and writes nothing", async () => {
    const path = await firstAdminLink(A, "weak@example.cn");
    const { res } = await accept(path, { displayName: "", password: "short" });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('href="#f-displayName"');
    expect(html).toContain('href="#f-password"');
    expect(await countRows(testEnv.DISTRICTS_0, "users", "district_id = ? AND email = ?", A, "weak@example.cn")).toBe(0);
    expect(await countRows(testEnv.PLATFORM, "account_directory", "email = ?", "weak@example.cn")).toBe(0);
  });

  it("refuses acceptance when the address was taken elsewhere meanwhile, and releases nothing it did not claim", async () => {
    const path = await firstAdminLink(A, "taken-later@example.cn");
    await createUser(B, "DISTRICTS_1", [{ role: "reviewer" }], "taken-later@example.cn");
    const { res } = await accept(path);
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("该邮箱已有账户");
    expect(await testEnv.PLATFORM.prepare("SELECT district_code FROM account_directory WHERE email = 'taken-later@example.cn'").first()).toEqual({ district_code: B });
    expect(await countRows(testEnv.DISTRICTS_0, "users", "district_id = ? AND email = ?", A, "taken-later@example.cn")).toBe(0);
  });
});

describe("staff invitations by the district admin", () => {
  it("invites with a role and a matching scope, and the invitee gets exactly that", async () => {
    const { b } = await personIn(B, "DISTRICTS_1", "district_admin");
    const res = await b.submit(`/d/${B}/admin/staff/invitations`, { email: "jiedao@example.cn", role: "subdistrict_staff", scope: `${B}001` });
    expect(res.status).toBe(200);
    const html = await res.text();
    const path = pathOf(shownLink(html));
    expect(html).toContain("jiedao@example.cn");
    const accepted = await accept(path, { displayName: "街道干部", password: "street-pass-42" });
    expect(accepted.res.status).toBe(303);
    expect(accepted.res.headers.get("location")).toBe(`/d/${B}/`);
    const me = (await (await accepted.b.fetch(`/d/${B}/api/v1/auth/me`)).json()) as { grants: unknown[] };
    expect(me.grants).toEqual([{ role: "subdistrict_staff", scopeArea: `${B}001`, organizationId: null }]);
    const list = await (await b.fetch(`/d/${B}/admin/staff`)).text();
    expect(list).toContain("已接受");
    expect(list).toContain("街道干部");
  });

  it("refuses a scope that does not fit the role, an address of another district, and an existing account", async () => {
    const { b, ...user } = await personIn(B, "DISTRICTS_1", "district_admin");
    const before = await countRows(testEnv.DISTRICTS_1, "invitations", "district_id = ?", B);
    const cases: [Record<string, string>, number, string][] = [
      [{ email: "x1@example.cn", role: "community_staff", scope: `${B}001` }, 422, "请选择与角色相符的负责范围"],
      [{ email: "x2@example.cn", role: "subdistrict_staff", scope: "" }, 422, "请选择与角色相符的负责范围"],
      [{ email: "x3@example.cn", role: "reviewer", scope: `${B}001` }, 422, "请选择与角色相符的负责范围"],
      [{ email: "x4@example.cn", role: "org_member", scope: "" }, 422, "请从给定选项中选择"],
      [{ email: "x5@example.cn", role: "subdistrict_staff", scope: `${A}001` }, 422, "请选择与角色相符的负责范围"],
      [{ email: "chief@example.cn", role: "reviewer", scope: "" }, 409, "该邮箱已在另一个区使用"],
      [{ email: user.email, role: "reviewer", scope: "" }, 409, "该邮箱在本区已有账户"],
    ];
    for (const [form, status, message] of cases) {
      const res = await b.submit(`/d/${B}/admin/staff/invitations`, form);
      expect(res.status, JSON.stringify(form)).toBe(status);
      expect(await res.text()).toContain(message);
    }
    expect(await countRows(testEnv.DISTRICTS_1, "invitations", "district_id = ?", B)).toBe(before);
  });

  it("resends with a new link that replaces the old one, and revokes", async () => {
    const { b } = await personIn(B, "DISTRICTS_1", "district_admin");
    const first = pathOf(shownLink(await (await b.submit(`/d/${B}/admin/staff/invitations`, { email: "resend@example.cn", role: "evaluator", scope: "" })).text()));
    const id = (await testEnv.DISTRICTS_1.prepare("SELECT id FROM invitations WHERE district_id = ? AND email = 'resend@example.cn'").bind(B).first<{ id: string }>())!.id;
    const resent = await b.submit(`/d/${B}/admin/staff/invitations/${id}/resend`, {});
    expect(resent.status).toBe(200);
    const second = pathOf(shownLink(await resent.text()));
    expect(second).not.toBe(first);
    expect((await new Browser().fetch(first)).status).toBe(404);
    expect((await new Browser().fetch(second)).status).toBe(200);
    expect(await countRows(testEnv.DISTRICTS_1, "invitations", "district_id = ? AND id = ? AND sent_count = 2", B, id)).toBe(1);

    const revoked = await b.submit(`/d/${B}/admin/staff/invitations/${id}/revoke`, {});
    expect(revoked.status).toBe(200);
    expect(await revoked.text()).toContain("已撤销给 resend@example.cn 的邀请");
    const page = await new Browser().fetch(second);
    expect(page.status).toBe(410);
    expect(await page.text()).toContain("该邀请已被撤销");
    expect((await b.submit(`/d/${B}/admin/staff/invitations/${id}/revoke`, {})).status).toBe(409);
    expect((await b.submit(`/d/${B}/admin/staff/invitations/${id}/resend`, {})).status).toBe(409);
    expect((await b.submit(`/d/${B}/admin/staff/invitations/nonexistent/revoke`, {})).status).toBe(404);
  });

  it("keeps the pages and API to district admins of this district", async () => {
    const staff = await createUser(B, "DISTRICTS_1", [{ role: "subdistrict_staff", scopeArea: `${B}001` }]);
    const sb = new Browser();
    await sb.signIn(B, staff.email);
    expect((await sb.fetch(`/d/${B}/admin/staff`)).status).toBe(403);
    expect((await sb.submit(`/d/${B}/admin/staff/invitations`, { email: "y@example.cn", role: "reviewer", scope: "" })).status).toBe(403);
    expect((await sb.api(`/d/${B}/api/v1/admin/invitations`)).status).toBe(403);
    // An admin of A is a stranger in B.
    const { b: adminA } = await personIn(A, "DISTRICTS_0", "district_admin");
    expect((await adminA.fetch(`/d/${B}/admin/staff`)).status).toBe(404);
    expect((await adminA.fetch(`/d/${B}/admin/staff/invitations`, { method: "POST", form: { _csrf: adminA.csrf, email: "z@example.cn", role: "reviewer" } })).status).toBe(404);
  });

  it("offers the same through the JSON API", async () => {
    const { b } = await personIn(B, "DISTRICTS_1", "district_admin");
    const created = await b.api(`/d/${B}/api/v1/admin/invitations`, { method: "POST", json: { email: "api-invitee@example.cn", role: "community_staff", scope: `${B}001001` } });
    expect(created.status).toBe(201);
    const body = (await created.json()) as { id: string; link: string };
    expect(body.link).toContain(`/d/${B}/invite/`);
    const invalid = await b.api(`/d/${B}/api/v1/admin/invitations`, { method: "POST", json: { email: "nope", role: "community_staff" } });
    expect(invalid.status).toBe(422);
    expect(await invalid.json()).toMatchObject({ errors: [{ field: "email" }] });
    const duplicate = await b.api(`/d/${B}/api/v1/admin/invitations`, { method: "POST", json: { email: "api-invitee@example.cn", role: "reviewer" } });
    expect(duplicate.status).toBe(409);
    expect(await duplicate.json()).toMatchObject({ code: "already_pending" });
    const list = (await (await b.fetch(`/d/${B}/api/v1/admin/invitations`)).json()) as { id: string; state: string }[];
    expect(list.find((i) => i.id === body.id)).toMatchObject({ state: "valid" });
    expect((await b.api(`/d/${B}/api/v1/admin/invitations/${body.id}/revoke`, { method: "POST" })).status).toBe(204);
    expect((await b.api(`/d/${B}/api/v1/admin/invitations/${body.id}/revoke`, { method: "POST" })).status).toBe(409);
    expect((await b.api(`/d/${B}/api/v1/admin/invitations/unknown/revoke`, { method: "POST" })).status).toBe(404);
  });
});

describe("deactivating staff", () => {
  it("ends the person's sessions at once and can be undone", async () => {
    const { b, ...admin } = await personIn(B, "DISTRICTS_1", "district_admin");
    const staff = await createUser(B, "DISTRICTS_1", [{ role: "community_staff", scopeArea: `${B}001001` }]);
    const sb = new Browser();
    await sb.signIn(B, staff.email);
    expect((await sb.fetch(`/d/${B}/api/v1/auth/me`)).status).toBe(200);
    const res = await b.submit(`/d/${B}/admin/staff/users/${staff.id}/deactivate`, {});
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("其登录已立即失效");
    expect(await countRows(testEnv.DISTRICTS_1, "sessions", "district_id = ? AND user_id = ?", B, staff.id)).toBe(0);
    expect((await sb.fetch(`/d/${B}/api/v1/auth/me`)).status).toBe(401);
    expect((await new Browser().signIn(B, staff.email)).status).toBe(401);
    expect((await b.submit(`/d/${B}/admin/staff/users/${staff.id}/deactivate`, {})).status).toBe(409);
    expect((await b.submit(`/d/${B}/admin/staff/users/${staff.id}/reactivate`, {})).status).toBe(200);
    expect((await new Browser().signIn(B, staff.email)).status).toBe(303);
    expect((await b.submit(`/d/${B}/admin/staff/users/${admin.id}/deactivate`, {})).status).toBe(409);
    expect((await b.submit(`/d/${B}/admin/staff/users/nobody/deactivate`, {})).status).toBe(404);
    const otherDistrictUser = await createUser(A, "DISTRICTS_0", [{ role: "reviewer" }]);
    expect((await b.submit(`/d/${B}/admin/staff/users/${otherDistrictUser.id}/deactivate`, {})).status).toBe(404);
  });
});
