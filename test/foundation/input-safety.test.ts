import { describe, expect, it } from "vitest";
import { Browser, countRows, createUser, PASSWORD, testEnv } from "../helpers";
import { districtWith } from "../fixtures/district";

// Bad input of every kind gets a 4xx with a clear message, writes nothing, and is
// never echoed unescaped. CSRF protection covers every state-changing request.

const D = "140105";
const { admin } = await districtWith(D, { shard: "DISTRICTS_1", people: { admin: "district_admin" } });
const signUpUrl = `/d/${D}/api/v1/auth/sign-up`;
const valid = { organizationName: "安全测试组织", kind: "founding_team", displayName: "测试", email: "safe@example.cn", password: "safe-password-1" };

async function writesNothing(action: () => Promise<Response>): Promise<Response> {
  const tables = ["users", "organizations", "role_grants", "sessions", "audit_events"];
  const before = await Promise.all(tables.map((t) => countRows(testEnv.DISTRICTS_1, t)));
  const directory = await countRows(testEnv.PLATFORM, "account_directory");
  const res = await action();
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
  expect(await Promise.all(tables.map((t) => countRows(testEnv.DISTRICTS_1, t)))).toEqual(before);
  expect(await countRows(testEnv.PLATFORM, "account_directory")).toBe(directory);
  return res;
}

describe("malformed requests", () => {
  it("refuses malformed JSON", async () => {
    const res = await writesNothing(() => new Browser().fetch(signUpUrl, { method: "POST", headers: { "content-type": "application/json" }, body: '{"email": "a@b.cn",' }));
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(await res.json()).toMatchObject({ code: "malformed_json", title: "请求内容不是有效的 JSON。" });
  });

  it("refuses a wrong content type", async () => {
    const res = await writesNothing(() => new Browser().fetch(signUpUrl, { method: "POST", headers: { "content-type": "text/xml" }, body: "<a/>" }));
    expect(res.status).toBe(415);
    expect(await res.json()).toMatchObject({ code: "unsupported_media_type" });
  });

  it("refuses an oversized body before reading it", async () => {
    const huge = JSON.stringify({ ...valid, organizationName: "很".repeat(300_000) });
    const res = await writesNothing(() => new Browser().fetch(signUpUrl, { method: "POST", headers: { "content-type": "application/json" }, body: huge }));
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: "payload_too_large" });
  });

  it("refuses unknown fields, naming them", async () => {
    const res = await writesNothing(() => new Browser().fetch(signUpUrl, { method: "POST", json: { ...valid, isAdmin: true, __proto__: { x: 1 } } }));
    expect(res.status).toBe(422);
    const body = (await res.json()) as { errors: { code: string; message: string }[] };
    expect(body.errors).toContainEqual(expect.objectContaining({ code: "unknown_field", message: "不接受的字段：isAdmin。" }));
  });

  it("refuses overlong strings and wrong types field by field", async () => {
    const res = await writesNothing(() => new Browser().fetch(signUpUrl, { method: "POST", json: { ...valid, organizationName: "长".repeat(101), displayName: 42 } }));
    const body = (await res.json()) as { errors: { field: string; message: string }[] };
    expect(body.errors).toContainEqual({ field: "organizationName", code: "too_long", message: "不能超过 100 个字符。" });
    expect(body.errors).toContainEqual({ field: "displayName", code: "invalid_type", message: "格式不正确，应为文本。" });
  });

  it("refuses bodies that are not UTF-8", async () => {
    const bytes = new Uint8Array([0x7b, 0x22, 0x65, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]); // {"e":"\xc3("}
    const res = await writesNothing(() => new Browser().fetch(signUpUrl, { method: "POST", headers: { "content-type": "application/json" }, body: bytes }));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: "invalid_encoding" });
  });

  it("refuses control characters in text", async () => {
    const res = await writesNothing(() => new Browser().fetch(signUpUrl, { method: "POST", json: { ...valid, organizationName: "组织\u0000名称" } }));
    expect(((await res.json()) as { errors: { code: string }[] }).errors[0]!.code).toBe("control_chars");
  });

  it("stores SQL and script fragments as plain text and shows them escaped", async () => {
    const b = new Browser();
    const name = `<script>alert(1)</script>';DROP TABLE x`;
    const res = await b.submit(`/d/${D}/signup`, { ...valid, email: "xss@example.cn", displayName: name, organizationName: "脚本测试组织" });
    expect(res.status, await res.clone().text()).toBe(303);
    expect((await b.signIn(D, "xss@example.cn", valid.password)).status).toBe(303);
    const page = await (await b.fetch(`/d/${D}/account`)).text();
    expect(page).not.toContain("<script>alert");
    expect(page).toContain("&lt;script&gt;alert(1)&lt;/script&gt;&#39;;DROP TABLE x");
    expect(await countRows(testEnv.DISTRICTS_1, "users", "display_name = ?", name)).toBe(1);

    // A form re-shown with errors escapes what the user typed.
    const again = await new Browser().submit(`/d/${D}/signup`, { ...valid, email: "bad", organizationName: `"><img src=x onerror=alert(1)>` });
    expect(again.status).toBe(422);
    const html = await again.text();
    expect(html).not.toContain("<img src=x");
    expect(html).toContain("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
  });
});

describe("CSRF", () => {
  it("refuses a form without the token, with a wrong token, or from another origin", async () => {
    const user = await createUser(D, "DISTRICTS_1", [{ role: "reviewer" }]);
    const b = new Browser();
    await b.signIn(D, user.email);
    const attempt = (form: Record<string, string>, headers: Record<string, string> = {}) => writesNothing(() => b.fetch(`/d/${D}/account/password`, { method: "POST", form, headers }));

    const missing = await attempt({ currentPassword: PASSWORD, newPassword: "hijacked-pass-1" });
    expect(missing.status).toBe(403);
    expect(await missing.text()).toContain("页面已过期或来源不可信");
    expect((await attempt({ _csrf: "x".repeat(43), currentPassword: PASSWORD, newPassword: "hijacked-pass-1" })).status).toBe(403);
    expect((await attempt({ _csrf: b.csrf, currentPassword: PASSWORD, newPassword: "hijacked-pass-1" }, { origin: "https://evil.example" })).status).toBe(403);
    // Sign-out is a state change too.
    const out = await b.fetch(`/d/${D}/logout`, { method: "POST", form: {} });
    expect(out.status).toBe(403);
    expect((await b.fetch(`/d/${D}/api/v1/auth/me`)).status).toBe(200);
  });

  it("refuses a signed-in JSON call without the X-CSRF-Token header", async () => {
    const user = await createUser(D, "DISTRICTS_1", [{ role: "reviewer" }]);
    const b = new Browser();
    await b.signIn(D, user.email);
    const res = await b.fetch(`/d/${D}/api/v1/auth/sign-out`, { method: "POST", json: {} });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: "csrf" });
    expect((await b.api(`/d/${D}/api/v1/auth/sign-out`, { method: "POST", json: {} })).status).toBe(204);
  });
});

describe("security headers", () => {
  const EVERY_ANSWER = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "SAMEORIGIN",
    "strict-transport-security": "max-age=63072000; includeSubDomains",
    "cross-origin-resource-policy": "same-origin",
  };
  const PAGES_ONLY = {
    "referrer-policy": "strict-origin-when-cross-origin",
    "cross-origin-opener-policy": "same-origin",
    "x-permitted-cross-domain-policies": "none",
  };

  it("sends the security headers, a CSP without framing, a request id and the language on pages and JSON alike", async () => {
    for (const res of [await new Browser().fetch(`/d/${D}/`), await new Browser().fetch("/healthz"), await new Browser().fetch(`/d/${D}/api/v1/none`)]) {
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp).toContain("frame-ancestors 'none'");
      for (const [name, value] of Object.entries(EVERY_ANSWER)) expect(res.headers.get(name)).toBe(value);
      expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.headers.get("content-language")).toBe("zh-CN");
      expect(res.headers.get("vary")).toContain("Accept-Language");
      // Filters no browser still runs, which OWASP says not to turn on.
      expect(res.headers.get("x-xss-protection")).toBeNull();
      expect(res.headers.get("x-download-options")).toBeNull();
    }
  });

  it("gives pages the document headers and a script policy, and JSON a policy that allows nothing", async () => {
    const page = await new Browser().fetch(`/d/${D}/`);
    const csp = page.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'self'; script-src 'self';");
    expect(csp).toContain("object-src 'none'");
    for (const [name, value] of Object.entries(PAGES_ONLY)) expect(page.headers.get(name)).toBe(value);
    for (const res of [await new Browser().fetch("/healthz"), await new Browser().fetch(`/d/${D}/api/v1/none`)]) {
      expect(res.headers.get("content-type")).toMatch(/json/);
      expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
      for (const name of Object.keys(PAGES_ONLY)) expect(res.headers.get(name)).toBeNull();
    }
  });

  it("answers a refused body with the same headers as any other answer", async () => {
    const res = await new Browser().fetch(`/d/${D}/login`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "email=%E4%ZZ" });
    expect(res.status).toBe(400);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  });

  it("allows a page's inline script by a nonce made for that page only, and keeps a caller's well-formed request id", async () => {
    const page = await admin.b.fetch(`/d/${D}/admin/staff`, { headers: { "x-request-id": "edge-4f2a" } });
    const html = await page.text();
    const inScript = /<script nonce="([A-Za-z0-9+/=]+)"/.exec(html)?.[1];
    expect(inScript).toBeTruthy();
    expect(page.headers.get("content-security-policy")).toContain(`script-src 'self' 'nonce-${inScript}';`);
    const again = await admin.b.fetch(`/d/${D}/admin/staff`);
    expect(again.headers.get("content-security-policy")).not.toContain(inScript);
    expect(page.headers.get("x-request-id")).toBe("edge-4f2a");
    expect((await new Browser().fetch("/healthz", { headers: { "x-request-id": "bad id<script>" } })).headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});
