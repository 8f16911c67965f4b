import { describe, expect, it } from "vitest";
import { DistrictData } from "../../src/data/district-data";
import { findDistrict, clearRegistryCache } from "../../src/district-lookup/district-registry";
import { Browser, countRows, createOrganization, testEnv, worker } from "../helpers";
import { districtWith } from "../fixtures/district";

// Districts are reached by path or hostname, unknown and suspended ones are refused
// clearly, and each district's data is read only from its own shard.

describe("district resolution", () => {
  it("serves a district under /d/{code}/ with its name", async () => {
    await districtWith("110101", { nameZh: "东城区" });
    const res = await new Browser().fetch("/d/110101/");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("东城区");
    expect(html).toContain('<html lang="zh-CN"');
  });

  it("serves a district at the root of its registered hostname, with links without a prefix", async () => {
    await districtWith("110102", { nameZh: "西城区", hostnames: ["xicheng.example.cn"] });
    const direct = await worker.fetch(new Request("https://xicheng.example.cn/areas"));
    expect(direct.status).toBe(200);
    const html = await direct.text();
    expect(html).toContain("西城区");
    expect(html).toContain('href="/areas"');
    expect(html).not.toContain("/d/110102/");
    // Another district's path on this hostname is not that district.
    const crossing = await worker.fetch(new Request("https://xicheng.example.cn/d/110101/"));
    expect(crossing.status).toBe(404);
    // The port is no part of the hostname, and the query goes along with the path.
    const withPort = await worker.fetch(new Request("https://xicheng.example.cn:8443/areas?lang=en"));
    expect(withPort.status).toBe(200);
    expect(withPort.headers.get("content-language")).toBe("en");
  });

  it("answers an unknown district with a clear 404 page and a 404 problem for the API", async () => {
    const b = new Browser();
    const page = await b.fetch("/d/999999/");
    expect(page.status).toBe(404);
    expect(await page.text()).toContain("没有找到这个区");
    const api = await b.fetch("/d/999999/api/v1/district");
    expect(api.status).toBe(404);
    expect(api.headers.get("content-type")).toContain("application/problem+json");
    expect(await api.json()).toMatchObject({ status: 404, code: "district_not_found" });
    const malformed = await b.fetch("/d/abc/");
    expect(malformed.status).toBe(404);
  });

  it("answers a suspended district with a 503 page that explains it", async () => {
    await districtWith("110105", { nameZh: "朝阳区", status: "suspended" });
    const page = await new Browser().fetch("/d/110105/");
    expect(page.status).toBe(503);
    expect(await page.text()).toContain("朝阳区的服务已暂停");
    const english = await new Browser().fetch("/d/110105/?lang=en");
    expect(await english.text()).toContain("is suspended");
    const api = await new Browser().fetch("/d/110105/api/v1/district");
    expect(api.status).toBe(503);
    expect(await api.json()).toMatchObject({ code: "district_suspended" });
  });
});

describe("shards", () => {
  it("reads a district on shard B only from shard B, even when shard A holds rows with its id", async () => {
    await districtWith("120101", { shard: "DISTRICTS_0" });
    await districtWith("120102", { shard: "DISTRICTS_1" });
    // A decoy in the wrong shard: same district id, different content.
    const now = new Date().toISOString();
    await testEnv.DISTRICTS_0.prepare(
      "INSERT INTO organizations (district_id, id, name, uscc, kind, org_type, area_code, verification, created_at, updated_at) VALUES ('120102', 'decoy', '不应出现的组织', NULL, 'founding_team', '', NULL, 'verified', ?, ?)",
    )
      .bind(now, now)
      .run();
    await createOrganization("120102", "DISTRICTS_1", "真实的组织");

    const res = await new Browser().fetch("/d/120102/api/v1/district");
    const body = (await res.json()) as { figures: { organizations: number; subdistricts: number } };
    expect(body.figures.organizations).toBe(1);
    expect(body.figures.subdistricts).toBe(2);
    // And the hierarchy of 120102 exists only in shard B.
    expect(await countRows(testEnv.DISTRICTS_0, "areas", "district_id = ?", "120102")).toBe(0);
    expect(await countRows(testEnv.DISTRICTS_1, "areas", "district_id = ?", "120102")).toBe(6);
  });

  it("binds DistrictData to one district: its builders filter and stamp district_id", async () => {
    await districtWith("120103", { shard: "DISTRICTS_1" });
    await districtWith("120104", { shard: "DISTRICTS_1" });
    clearRegistryCache();
    const a = new DistrictData((await findDistrict(testEnv, "120103"))!, testEnv.DISTRICTS_1);
    const areas = await a.selectFrom("areas").select(["district_id", "code"]).execute();
    expect(areas).toHaveLength(6);
    expect(new Set(areas.map((r) => r.district_id))).toEqual(new Set(["120103"]));
    const compiled = a.updateTable("areas").set({ name_zh: "x" }).where("code", "=", "120104001").compile();
    expect(compiled.sql).toContain('"areas"."district_id" = ?');
    expect(compiled.parameters).toContain("120103");
    // An update aimed at the other district's row changes nothing.
    await a.writeUnaudited([a.updateTable("areas").set({ name_zh: "被改了" }).where("code", "=", "120104001")]);
    const other = await testEnv.DISTRICTS_1.prepare("SELECT name_zh FROM areas WHERE district_id = '120104' AND code = '120104001'").first<{ name_zh: string }>();
    expect(other?.name_zh).toBe("第1街道");
    const inserted = a.insertInto("organizations", { id: "x", name: "n", uscc: null, kind: "founding_team", org_type: "", area_code: null, verification: "unverified", created_at: "t", updated_at: "t" }).compile();
    expect(inserted.parameters).toContain("120103");
  });

  it("refuses a shard name that is not a configured D1 binding", async () => {
    await districtWith("120105", { shard: "DISTRICTS_0" });
    await testEnv.PLATFORM.prepare("UPDATE districts SET shard = 'PLATFORM' WHERE code = '120105'").run();
    clearRegistryCache();
    const res = await new Browser().fetch("/d/120105/api/v1/district");
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ code: "internal" });
  });
});
