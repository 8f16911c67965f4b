import { describe, expect, it, vi, afterEach } from "vitest";
import { Browser, countRows, createUser, PASSWORD, setCookies, testEnv } from "../helpers";
import { districtWith } from "../fixtures/district";

// Signing in and out, lockout, session limits, password change and organization sign-up.

const D = "130102";
const SHARD = "DISTRICTS_0";
await districtWith(D, { shard: SHARD });
await districtWith("130103", { shard: "DISTRICTS_1" });

afterEach(() => {
  vi.useRealTimers();
});

describe("sign-in", () => {
  it("signs in through the form, reissues the session id and shows the user's roles", async () => {
    const admin = await createUser(D, SHARD, [{ role: "district_admin" }]);
    const b = new Browser();
    await b.fetch(`/d/${D}/login`);
    b.cookies.set("sid", `${D}.attacker-chosen-token`); // fixation attempt
    const res = await b.submit(`/d/${D}/login?next=/d/${D}/account`, { email: admin.email, password: PASSWORD });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/d/${D}/account`);
    const sid = b.cookies.get("sid")!;
    expect(sid).not.toContain("attacker-chosen-token");
    expect(sid.startsWith(`${D}.`)).toBe(true);
    const cookieLine = setCookies(res).find((l) => l.startsWith("sid="))!;
    expect(cookieLine).toMatch(/HttpOnly/i);
    expect(cookieLine).toMatch(/SameSite=Lax/i);
    expect(cookieLine).toMatch(/Secure/i);
    expect(cookieLine).toContain(`Path=/d/${D}`);
    const account = await b.fetch(`/d/${D}/account`);
    expect(account.status).toBe(200);
    expect(await account.text()).toContain("区民政局管理员");
  });

  it("never says whether an address has an account", async () => {
    const user = await createUser(D, SHARD, [{ role: "reviewer" }]);
    const wrongPassword = await new Browser().submit(`/d/${D}/login`, { email: user.email, password: "wrong-password-1" });
    const noAccount = await new Browser().submit(`/d/${D}/login`, { email: "nobody@example.cn", password: "wrong-password-1" });
    expect(wrongPassword.status).toBe(401);
    expect(noAccount.status).toBe(401);
    const text = (html: string) => html.replace(/value="[^"]*"/g, "");
    expect(text(await wrongPassword.text())).toBe(text(await noAccount.text()));

    const apiWrong = await new Browser().fetch(`/d/${D}/api/v1/auth/sign-in`, { method: "POST", json: { email: user.email, password: "wrong-password-1" } });
    const apiNone = await new Browser().fetch(`/d/${D}/api/v1/auth/sign-in`, { method: "POST", json: { email: "nobody@example.cn", password: "wrong-password-1" } });
    const [a, b] = [(await apiWrong.json()) as Record<string, unknown>, (await apiNone.json()) as Record<string, unknown>];
    expect(apiWrong.status).toBe(401);
    expect(apiNone.status).toBe(401);
    expect({ ...a, requestId: null }).toEqual({ ...b, requestId: null });
  });

  it("locks an address after 5 failures in 15 minutes, account or not, even for the right password", async () => {
    const user = await createUser(D, SHARD, [{ role: "reviewer" }]);
    for (let i = 0; i < 5; i++) {
      const res = await new Browser().fetch(`/d/${D}/api/v1/auth/sign-in`, { method: "POST", json: { email: user.email, password: `wrong-${i}-password` } });
      expect(res.status).toBe(401);
    }
    const locked = await new Browser().fetch(`/d/${D}/api/v1/auth/sign-in`, { method: "POST", json: { email: user.email, password: PASSWORD } });
    expect(locked.status).toBe(429);
    expect(((await locked.json()) as { title: string }).title).toMatch(/分钟后再试/);
    const page = await new Browser().submit(`/d/${D}/login`, { email: user.email, password: PASSWORD });
    expect(page.status).toBe(429);

    // Unknown addresses lock the same way.
    for (let i = 0; i < 5; i++) await new Browser().fetch(`/d/${D}/api/v1/auth/sign-in`, { method: "POST", json: { email: "ghost@example.cn", password: `wrong-${i}-password` } });
    const ghost = await new Browser().fetch(`/d/${D}/api/v1/auth/sign-in`, { method: "POST", json: { email: "ghost@example.cn", password: "whatever-1" } });
    expect(ghost.status).toBe(429);

    // After the window the right password works again.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 16 * 60_000);
    const later = await new Browser().fetch(`/d/${D}/api/v1/auth/sign-in`, { method: "POST", json: { email: user.email, password: PASSWORD } });
    expect(later.status).toBe(200);
  });

  it("ends a session after 30 idle minutes and after 12 hours however active", async () => {
    const user = await createUser(D, SHARD, [{ role: "district_admin" }]);
    const b = new Browser();
    expect((await b.signIn(D, user.email)).status).toBe(303);
    expect((await b.fetch(`/d/${D}/api/v1/auth/me`)).status).toBe(200);

    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 31 * 60_000);
    const idle = await b.fetch(`/d/${D}/api/v1/auth/me`);
    expect(idle.status).toBe(401);
    vi.useRealTimers();
    // The page sends the browser to sign in, and back afterwards.
    const page = await b.fetch(`/d/${D}/account`);
    expect(page.status).toBe(303);
    expect(page.headers.get("location")).toBe(`/d/${D}/login?next=%2Fd%2F${D}%2Faccount`);

    const c = new Browser();
    await c.signIn(D, user.email);
    vi.useFakeTimers({ toFake: ["Date"] });
    const start = Date.now();
    // Active every 20 minutes: never idle, but the absolute limit still applies.
    for (let minutes = 20; minutes < 12 * 60; minutes += 20) {
      vi.setSystemTime(start + minutes * 60_000);
      expect((await c.fetch(`/d/${D}/api/v1/auth/me`)).status).toBe(200);
    }
    vi.setSystemTime(start + 12 * 60 * 60_000 + 60_000);
    expect((await c.fetch(`/d/${D}/api/v1/auth/me`)).status).toBe(401);
  });

  it("ends the sessions of a disabled account at once", async () => {
    const user = await createUser(D, SHARD, [{ role: "community_staff", scopeArea: `${D}001001` }]);
    const b = new Browser();
    await b.signIn(D, user.email);
    expect((await b.fetch(`/d/${D}/api/v1/auth/me`)).status).toBe(200);
    await testEnv.DISTRICTS_0.prepare("UPDATE users SET status = 'disabled' WHERE district_id = ? AND id = ?").bind(D, user.id).run();
    expect((await b.fetch(`/d/${D}/api/v1/auth/me`)).status).toBe(401);
  });

  it("signs out: the session is gone from the database", async () => {
    const user = await createUser(D, SHARD, [{ role: "reviewer" }]);
    const b = new Browser();
    await b.signIn(D, user.email);
    expect(await countRows(testEnv.DISTRICTS_0, "sessions", "user_id = ?", user.id)).toBe(1);
    const out = await b.submit(`/d/${D}/logout`, {});
    expect(out.status).toBe(303);
    expect(await countRows(testEnv.DISTRICTS_0, "sessions", "user_id = ?", user.id)).toBe(0);
    expect(b.cookies.has("sid")).toBe(false);
  });
});

describe("password change", () => {
  it("changes the password, keeps this session and ends the others", async () => {
    const user = await createUser(D, SHARD, [{ role: "evaluator" }]);
    const here = new Browser();
    const elsewhere = new Browser();
    await here.signIn(D, user.email);
    await elsewhere.signIn(D, user.email);
    const wrong = await here.submit(`/d/${D}/account/password`, { currentPassword: "not-it-123", newPassword: "new-password-2026" });
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain("当前密码不正确");
    const weak = await here.submit(`/d/${D}/account/password`, { currentPassword: PASSWORD, newPassword: "short" });
    expect(weak.status).toBe(422);
    expect(await weak.text()).toContain("至少需要 10 个字符");
    const ok = await here.submit(`/d/${D}/account/password`, { currentPassword: PASSWORD, newPassword: "new-password-2026" });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("密码已修改");
    expect((await here.fetch(`/d/${D}/api/v1/auth/me`)).status).toBe(200);
    expect((await elsewhere.fetch(`/d/${D}/api/v1/auth/me`)).status).toBe(401);
    expect((await new Browser().signIn(D, user.email, "new-password-2026")).status).toBe(303);
    expect((await new Browser().signIn(D, user.email, PASSWORD)).status).toBe(401);
  });

  it("accepts the same change through the API with the CSRF header", async () => {
    const user = await createUser(D, SHARD, [{ role: "evaluator" }]);
    const b = new Browser();
    const signIn = await b.fetch(`/d/${D}/api/v1/auth/sign-in`, { method: "POST", json: { email: user.email, password: PASSWORD } });
    const me = (await signIn.json()) as { csrfToken: string; grants: unknown[] };
    expect(me.grants).toEqual([{ role: "evaluator", scopeArea: "", organizationId: null }]);
    const noHeader = await b.fetch(`/d/${D}/api/v1/auth/password`, { method: "POST", json: { currentPassword: PASSWORD, newPassword: "another-pass-99" } });
    expect(noHeader.status).toBe(403);
    const res = await b.fetch(`/d/${D}/api/v1/auth/password`, { method: "POST", headers: { "x-csrf-token": me.csrfToken }, json: { currentPassword: PASSWORD, newPassword: "another-pass-99" } });
    expect(res.status).toBe(204);
  });
});

describe("organization sign-up", () => {
  it("creates an unverified organization, its user and the org_member role, who then signs in", async () => {
    const b = new Browser();
    const res = await b.submit(`/d/${D}/signup`, {
      organizationName: "彩虹桥社区服务中心",
      kind: "registered",
      uscc: `${"52150203MJ0000001A".slice(0, 17)}X`,
      displayName: "王芳",
      email: "Wang.Fang@Example.cn",
      password: "rainbow-bridge-1",
    });
    // A wrong check character is refused with the field named.
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("统一社会信用代码无效");

    const good = await b.submit(`/d/${D}/signup`, {
      organizationName: "彩虹桥发起团队",
      kind: "founding_team",
      uscc: "",
      displayName: "王芳",
      email: "Wang.Fang@Example.cn",
      password: "rainbow-bridge-1",
    });
    expect(good.status).toBe(303);
    expect(good.headers.get("location")).toBe(`/d/${D}/login?signedUp=1`);
    expect((await b.signIn(D, "wang.fang@example.cn", "rainbow-bridge-1")).status).toBe(303);
    const me = (await (await b.fetch(`/d/${D}/api/v1/auth/me`)).json()) as { email: string; grants: { role: string; organizationId: string }[] };
    expect(me.email).toBe("wang.fang@example.cn");
    expect(me.grants[0]!.role).toBe("org_member");
    const org = await testEnv.DISTRICTS_0.prepare("SELECT name, verification, kind FROM organizations WHERE district_id = ? AND id = ?").bind(D, me.grants[0]!.organizationId).first();
    expect(org).toEqual({ name: "彩虹桥发起团队", verification: "unverified", kind: "founding_team" });
  });

  it("creates nothing for an address already used in another district, answering as for a new one", async () => {
    const other = await createUser("130103", "DISTRICTS_1", [{ role: "reviewer" }]);
    const before = await countRows(testEnv.DISTRICTS_0, "organizations", "district_id = ?", D);
    const res = await new Browser().fetch(`/d/${D}/api/v1/auth/sign-up`, {
      method: "POST",
      json: { organizationName: "重复邮箱组织", kind: "founding_team", displayName: "李", email: other.email, password: "some-password-1" },
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ status: "received" });
    expect(await countRows(testEnv.DISTRICTS_0, "organizations", "district_id = ?", D)).toBe(before);
    expect(await countRows(testEnv.DISTRICTS_0, "users", "email = ?", other.email)).toBe(0);
  });

  it("lists every invalid field at once, in the user's language", async () => {
    const res = await new Browser().fetch(`/d/${D}/api/v1/auth/sign-up?lang=en`, {
      method: "POST",
      json: { organizationName: "", kind: "registered", displayName: "x", email: "not-an-email", password: "short" },
    });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { errors: { field: string; message: string }[] };
    const fields = Object.fromEntries(body.errors.map((e) => [e.field, e.message]));
    expect(fields.organizationName).toBe("This field is required.");
    expect(fields.email).toBe("Enter a valid email address.");
    expect(fields.password).toBe("Must be at least 10 characters.");
    expect(fields.uscc).toBe("A registered organization must give its credit code.");
  });
});
