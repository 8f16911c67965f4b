import { describe, expect, it } from "vitest";
import { countRows } from "../helpers";
import { districtWith } from "../fixtures/district";
import { host, POST_BODY, POSTS_CAST } from "../posts/fixtures";

// Finding 8: a double submit creates one record. Forms carry a one-time submission token
// (rendered with the CSRF field); the JSON API takes an Idempotency-Key header. A repeat
// of the same request gets the first response.

const d = await districtWith("220901", POSTS_CAST);
const h = await host(d, d.admin, { hostType: "department", name: "区民政局" });
const form = (title: string) => ({ ...Object.fromEntries(Object.entries(POST_BODY).map(([k, v]) => [k, String(v)])), title, hostId: h, areaCode: "" });
const posts = (title: string) => countRows(d.db, "posts", "district_id = ? AND title = ?", d.code, title);

async function formToken(): Promise<string> {
  const html = await (await d.admin.b.fetch(d.path("/posts/new"))).text();
  const token = /name="_once" value="([^"]+)"/.exec(html)?.[1];
  expect(token, "the create form carries a one-time token").toBeTruthy();
  return token!;
}

describe("double submits", () => {
  it("a double-clicked create form makes one post, and both answers lead to it", async () => {
    const once = await formToken();
    const body = { ...form("双击创建的岗位"), _once: once, _csrf: d.admin.b.csrf };
    const [a, b] = await Promise.all([d.admin.b.fetch(d.path("/posts"), { method: "POST", form: body }), d.admin.b.fetch(d.path("/posts"), { method: "POST", form: body })]);
    expect([a.status, b.status]).toEqual([303, 303]);
    expect(b.headers.get("location")).toBe(a.headers.get("location"));
    expect(await posts("双击创建的岗位")).toBe(1);
    // Submitted again later (back button, retry): still the first result.
    const again = await d.admin.b.fetch(d.path("/posts"), { method: "POST", form: body });
    expect(again.status).toBe(303);
    expect(again.headers.get("location")).toBe(a.headers.get("location"));
    expect(await posts("双击创建的岗位")).toBe(1);
  });

  it("a new form (a new token) creates another record", async () => {
    for (let i = 0; i < 2; i++) {
      const res = await d.admin.b.fetch(d.path("/posts"), { method: "POST", form: { ...form("两次分别创建的岗位"), _once: await formToken(), _csrf: d.admin.b.csrf } });
      expect(res.status).toBe(303);
    }
    expect(await posts("两次分别创建的岗位")).toBe(2);
  });

  it("a form refused for its input can be corrected and sent again", async () => {
    const once = await formToken();
    const bad = await d.admin.b.fetch(d.path("/posts"), { method: "POST", form: { ...form(""), _once: once, _csrf: d.admin.b.csrf } });
    expect(bad.status).toBe(422);
    const good = await d.admin.b.fetch(d.path("/posts"), { method: "POST", form: { ...form("改正后创建的岗位"), _once: once, _csrf: d.admin.b.csrf } });
    expect(good.status).toBe(303);
    expect(await posts("改正后创建的岗位")).toBe(1);
  });

  it("the JSON API replays the first response to a repeated Idempotency-Key", async () => {
    const send = (title: string, key: string) => d.admin.b.api(d.path("/api/v1/posts"), { method: "POST", headers: { "idempotency-key": key }, json: { ...POST_BODY, title, hostId: h } });
    const [a, b] = await Promise.all([send("幂等键创建的岗位", "key-1"), send("幂等键创建的岗位", "key-1")]);
    expect([a.status, b.status]).toEqual([201, 201]);
    const [first, second] = [(await a.json()) as { id: string }, (await b.json()) as { id: string }];
    expect(second.id).toBe(first.id);
    const later = await send("幂等键创建的岗位", "key-1");
    expect(((await later.json()) as { id: string }).id).toBe(first.id);
    expect(await posts("幂等键创建的岗位")).toBe(1);
    // The same key for a different request is a client error, not a silent replay.
    const reused = await send("另一个岗位", "key-1");
    expect(reused.status).toBe(422);
    expect(((await reused.json()) as { code: string }).code).toBe("idempotency_key_reused");
    // Another user's identical key is theirs alone.
    const other = await d.sub.b.api(d.path("/api/v1/posts"), { method: "POST", headers: { "idempotency-key": "key-1" }, json: { ...POST_BODY, title: "幂等键创建的岗位", hostId: h } });
    expect(other.headers.get("idempotent-replayed")).toBeNull();
    expect(b.headers.get("idempotent-replayed") ?? later.headers.get("idempotent-replayed")).toBe("true");
  });
});
