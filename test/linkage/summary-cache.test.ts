import { describe, expect, it } from "vitest";
import { testEnv } from "../helpers";
import { auditedWrite as write, cacheBrowser as browser, K, loadCacheDistrict, page } from "../fixtures/page-cache";

// Anonymous repeat views of a community's needs summary and of the linkage summary come
// from the public page cache, keyed by the district's newest audit event: a change made
// behind the app's back is not seen while the key stands, and any audited write (a need
// received or answered is one) brings the counts back at once.

await loadCacheDistrict();
const C = `${K}001001`;

/** Needs of the first community moved to another category in plain SQL, with no audit event. */
const recategorizeBehindTheBack = (category: string) => testEnv.DISTRICTS_0.prepare("UPDATE linkage_needs SET category = ?, version = version + 1 WHERE district_id = ? AND community_code = ?").bind(category, K, C).run();

const auditedWrite = () => write((data) => [data.updateTable("areas").set({ population: 9000 }).where("code", "=", C)], { action: "area.updated", targetType: "area", targetId: C });

describe.skipIf(typeof caches === "undefined")("the summaries in the public page cache", () => {
  it("serves repeat views from the cache until an audited write", async () => {
    const visitor = browser("on");
    await auditedWrite();
    const needs = await page(visitor, "/n/001001/summary");
    const linkage = await page(visitor, "/linkage-summary");
    expect(needs).not.toContain("就业帮扶");
    await recategorizeBehindTheBack("employment");
    // The same key: the cached pages.
    expect(await page(visitor, "/n/001001/summary")).toBe(needs);
    expect(await page(visitor, "/linkage-summary")).toBe(linkage);
    // With the cache off, the needs are read again.
    expect(await page(browser("off"), "/n/001001/summary")).toContain("就业帮扶");
    // A write moves the key.
    await auditedWrite();
    expect(await page(visitor, "/n/001001/summary")).toContain("就业帮扶");
  });

  it("keeps each language apart and still answers 404 for an unknown community", async () => {
    const visitor = browser("on");
    expect(await page(visitor, "/n/001001/summary?lang=en")).toContain("needs at a glance");
    expect(await page(visitor, "/n/001001/summary?lang=zh-CN")).toContain("居民需求概况");
    expect((await visitor.fetch(`/d/${K}/n/999999/summary`)).status).toBe(404);
  });
});
