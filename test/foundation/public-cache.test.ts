import { describe, expect, it, vi } from "vitest";
import { PUBLIC_MAX_AGE } from "../../src/http/cache";
import { DEMO_PASSWORD } from "../../src/seed/demo";
import { testEnv } from "../helpers";
import { auditedWrite, cacheBrowser as browser, K, loadCacheDistrict, page } from "../fixtures/page-cache";

// Anonymous repeat views of the public pages come from the Cache API, keyed by the
// district's newest audit event. A change made behind the app's back (plain SQL) is not
// seen while the key stands, which shows the page came from the cache; a change made
// through write() is seen at once, because its audit event moves the key.

await loadCacheDistrict();
const ORG = `demo-${K}-org-sunshine`;

const renameBehindTheBack = (name: string) => testEnv.DISTRICTS_0.prepare("UPDATE organizations SET name = ? WHERE district_id = ? AND id = ?").bind(name, K, ORG).run();

const renameThroughWrite = (name: string) => auditedWrite((data) => [data.updateTable("organizations").set({ name }).where("id", "=", ORG)], { action: "organization.renamed", targetType: "organization", targetId: ORG });

// The self-hosted Node server has no Cache API and renders every time (the middleware
// steps aside when `caches` is missing), so these cases run where the Worker runs.
describe.skipIf(typeof caches === "undefined")("the public page cache", () => {
  it("serves a repeat view from the cache and never a page older than the last write", async () => {
    const visitor = browser("on");
    await renameThroughWrite("缓存测试阳光社工中心");
    expect(await page(visitor, `/organizations/${ORG}`)).toContain("缓存测试阳光社工中心");
    await renameBehindTheBack("缓存测试未经写入的名称");
    // The same key: the cached page.
    expect(await page(visitor, `/organizations/${ORG}`)).toContain("缓存测试阳光社工中心");
    // With the cache off, the same request reads the row.
    expect(await page(browser("off"), `/organizations/${ORG}`)).toContain("缓存测试未经写入的名称");
    // A write moves the key: the next view is rendered afresh.
    await renameThroughWrite("缓存测试写入后的名称");
    expect(await page(visitor, `/organizations/${ORG}`)).toContain("缓存测试写入后的名称");
  });

  it("keeps the directory, the credit lists and the projects page too, each per language", async () => {
    // A visitor's language choice is kept in a cookie, so each language has its own visitor.
    const visitor = browser("on");
    const english = browser("on");
    await renameThroughWrite("缓存测试目录名称");
    const first = { directory: await page(visitor, `/organizations?q=${encodeURIComponent("缓存测试")}`), en: await page(english, `/organizations?q=${encodeURIComponent("缓存测试")}&lang=en`) };
    expect(first.directory).toContain("缓存测试目录名称");
    expect(first.en).toContain('lang="en"');
    await page(visitor, "/credit-lists/abnormal");
    // The projects page answers with an ETag for anyone without a session: what the cache keeps.
    const projects = await visitor.fetch(`/d/${K}/projects`);
    expect([projects.status, projects.headers.get("cache-control"), !!projects.headers.get("etag")]).toEqual([200, "public, no-cache", true]);
    await projects.text();
    await renameBehindTheBack("缓存测试目录改名");
    expect(await page(visitor, `/organizations?q=${encodeURIComponent("缓存测试")}`)).toBe(first.directory);
    expect(await page(english, `/organizations?q=${encodeURIComponent("缓存测试")}&lang=en`)).toBe(first.en);
    await renameThroughWrite("缓存测试目录再改名");
    expect(await page(visitor, `/organizations?q=${encodeURIComponent("缓存测试")}`)).toContain("缓存测试目录再改名");
  });

  it("answers a cached page's ETag with 304, and never serves a signed-in person from the cache", async () => {
    const visitor = browser("on");
    const staff = browser("on");
    // Signing in is itself an audited write: done first, so that it does not move the key below.
    expect((await staff.signIn(K, "admin@kdl.example.cn", DEMO_PASSWORD)).status).toBe(303);
    await renameThroughWrite("缓存测试登录前名称");
    const res = await visitor.fetch(`/d/${K}/organizations/${ORG}`);
    const etag = res.headers.get("etag")!;
    await res.text();
    const again = await visitor.fetch(`/d/${K}/organizations/${ORG}`, { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
    await renameBehindTheBack("缓存测试登录后可见");
    expect(await page(staff, `/organizations/${ORG}`)).toContain("缓存测试登录后可见");
    expect(await page(visitor, `/organizations/${ORG}`)).toContain("缓存测试登录前名称");
  });

  it("answers a repeat view from the isolate's own copy, and asks the Cache API again once that copy is older than its max-age", async () => {
    const visitor = browser("on");
    await renameThroughWrite("缓存测试本地副本");
    const lookups = vi.spyOn(caches.default, "match");
    try {
      const first = await page(visitor, `/organizations/${ORG}`);
      expect(first).toContain("缓存测试本地副本");
      const asked = lookups.mock.calls.length;
      // Rendered here a moment ago: the next views leave the isolate for nothing but the head read.
      expect(await page(visitor, `/organizations/${ORG}`)).toBe(first);
      expect(await page(visitor, `/organizations/${ORG}`)).toBe(first);
      expect(lookups.mock.calls.length).toBe(asked);
      // A minute on, the copy is too old to trust for the changes jobs make without a write.
      const now = Date.now();
      const later = vi.spyOn(Date, "now").mockReturnValue(now + (PUBLIC_MAX_AGE + 1) * 1000);
      try {
        await page(visitor, `/organizations/${ORG}`);
        expect(lookups.mock.calls.length).toBe(asked + 1);
      } finally {
        later.mockRestore();
      }
    } finally {
      lookups.mockRestore();
    }
  });
});
