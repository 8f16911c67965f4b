import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { nowIso } from "../../src/lib/time";
import { runCompiled, tenantStatements, inlineSql } from "../../src/tenants/apply";
import { DEFAULT_SETTINGS, settingsSchema } from "../../src/tenants/settings";
import { describeTenantErrors, tenantFileSchema } from "../../src/tenants/tenant-file";
import kundulun from "../../tenants/150203-kundulun.json";
import qingshan from "../../tenants/150204-qingshan.json";
import donghe from "../../tenants/150202-donghe.json";
import { countRows, testEnv } from "../helpers";

// tenants/*.json: validated with clear messages, applied idempotently.

describe("tenant files", () => {
  it("accepts the demo districts and fills every setting with its default", () => {
    for (const file of [kundulun, qingshan, donghe]) {
      const parsed = z.safeParse(tenantFileSchema, file);
      expect(parsed.success).toBe(true);
    }
    const parsed = z.parse(tenantFileSchema, kundulun);
    expect(parsed.settings).toEqual({ ...DEFAULT_SETTINGS, publicNoticeWorkingDays: 5, eligibilityCheckWorkingDays: 5 });
    expect(DEFAULT_SETTINGS).toMatchObject({
      eligibilityCheckWorkingDays: 5,
      publicNoticeWorkingDays: 5,
      incubationMonths: 12,
      incubationRenewals: 1,
      gradeValidityYears: 5,
      gradeBands: { scale: 100, minimums: { "5A": 90, "4A": 80, "3A": 70, "2A": 60, "1A": 50 } },
      abnormalListAutoExitMonths: 6,
      abnormalToSeriousYears: 2,
      seriousListExitYears: 2,
      appealAnswerDays: 15,
      reviewerCoolingOffYears: 2,
    });
  });

  it("names the file and the field of every problem", () => {
    const bad = {
      ...kundulun,
      code: "15020",
      unknownKey: 1,
      settings: { publicNoticeWorkingDays: 0, gradeBands: { scale: 100, minimums: { "5A": 90, "4A": 95, "3A": 70, "2A": 60, "1A": 50 } } },
      subdistricts: [
        { code: "150203001", name: "甲街道", communities: [{ code: "150204001001", name: "错社区" }] },
        { code: "150203001", name: "重复街道" },
      ],
    };
    const result = z.safeParse(tenantFileSchema, bad);
    expect(result.success).toBe(false);
    const text = describeTenantErrors("tenants/150203-kundulun.json", result.error!, bad);
    expect(text).toContain("tenants/150203-kundulun.json: code: 6-digit division code");
    expect(text).toContain("tenants/150203-kundulun.json: (file): Unknown field(s): unknownKey.");
    expect(text).toContain("settings.publicNoticeWorkingDays: Must be at least 1.");
    expect(text).toContain("settings.gradeBands.minimums: Grade thresholds must descend and stay within the scale.");
  });

  it("checks the hierarchy codes against their parents once the codes are well formed", () => {
    const result = z.safeParse(tenantFileSchema, {
      ...kundulun,
      subdistricts: [
        { code: "150203001", name: "甲街道", communities: [{ code: "150204001001", name: "错社区" }] },
        { code: "150203001", name: "重复街道" },
        { code: "150299001", name: "别区街道" },
      ],
    });
    const text = describeTenantErrors("t.json", result.error!, kundulun);
    expect(text).toContain("subdistricts.0.communities.0.code: must start with its sub-district code 150203001");
    expect(text).toContain("subdistricts.1.code: duplicate code");
    expect(text).toContain("subdistricts.2.code: must start with the district code 150203");
  });

  it("refuses grade bands that overlap or exceed the scale", () => {
    const overlapping = z.safeParse(settingsSchema, { gradeBands: { scale: 100, minimums: { "5A": 90, "4A": 90, "3A": 70, "2A": 60, "1A": 50 } } });
    expect(overlapping.success).toBe(false);
    const beyond = z.safeParse(settingsSchema, { gradeBands: { scale: 100, minimums: { "5A": 950, "4A": 850, "3A": 750, "2A": 650, "1A": 500 } } });
    expect(beyond.success).toBe(false);
    const thousand = z.safeParse(settingsSchema, { gradeBands: { scale: 1000, minimums: { "5A": 951, "4A": 851, "3A": 751, "2A": 651, "1A": 501 } } });
    expect(thousand.success).toBe(true);
  });

  it("applies a district twice with the same result, updating names and hostnames", async () => {
    const tenant = z.parse(tenantFileSchema, qingshan);
    const apply = async (t: typeof tenant) => {
      const s = tenantStatements(t, nowIso());
      await runCompiled(testEnv.PLATFORM, s.platform);
      await runCompiled(testEnv.DISTRICTS_1, s.shard);
    };
    await apply(tenant);
    await apply(tenant);
    expect(await countRows(testEnv.PLATFORM, "districts", "code = ?", "150204")).toBe(1);
    expect(await countRows(testEnv.PLATFORM, "district_hostnames", "district_code = ?", "150204")).toBe(2);
    expect(await countRows(testEnv.DISTRICTS_1, "areas", "district_id = ?", "150204")).toBe(15);

    await apply({ ...tenant, hostnames: ["qs.example.org"], subdistricts: [{ ...tenant.subdistricts[0]!, name: "先锋道街道（新）" }] });
    const hosts = await testEnv.PLATFORM.prepare("SELECT hostname FROM district_hostnames WHERE district_code = '150204'").all();
    expect(hosts.results).toEqual([{ hostname: "qs.example.org" }]);
    const renamed = await testEnv.DISTRICTS_1.prepare("SELECT name_zh FROM areas WHERE district_id = '150204' AND code = '150204001'").first();
    expect(renamed).toEqual({ name_zh: "先锋道街道（新）" });
    // Areas left out of the file stay: records may point at them.
    expect(await countRows(testEnv.DISTRICTS_1, "areas", "district_id = ?", "150204")).toBe(15);
  });

  it("renders statements as SQL with quoted literals for wrangler", () => {
    const tenant = z.parse(tenantFileSchema, { ...qingshan, name: { zh: "O'Brien 区", en: "x" } });
    const sql = inlineSql(tenantStatements(tenant, "2026-01-01T00:00:00.000Z").platform[0]!);
    expect(sql).toContain("'O''Brien 区'");
    expect(sql).not.toContain("?");
  });
});
