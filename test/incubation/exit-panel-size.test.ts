import { describe, expect, it } from "vitest";
import { clearRegistryCache } from "../../src/district-lookup/district-registry";
import { testEnv } from "../helpers";
import { incubationVersion, world } from "./fixtures";

// The exit assessment panel's smallest size is a district setting (default 3, range
// 3–15): the settings page shows and checks it, and opening a panel applies the
// district's number, not a fixed one.

const D = "310261";

const BANDS = { "gradeBands.scale": "100", "gradeBands.minimums.5A": "90", "gradeBands.minimums.4A": "80", "gradeBands.minimums.3A": "70", "gradeBands.minimums.2A": "60", "gradeBands.minimums.1A": "50" };

async function settingsVersion(): Promise<string> {
  clearRegistryCache();
  const row = await testEnv.PLATFORM.prepare("SELECT version FROM districts WHERE code = ?").bind(D).first<{ version: number }>();
  return String(row!.version);
}

describe("the exit panel's smallest size", () => {
  it("is shown and checked on the settings page, and a panel smaller than the district's number is refused", async () => {
    const w = await world(D);
    const now = new Date().toISOString();
    const db = testEnv.DISTRICTS_0;
    await db
      .prepare(
        "INSERT INTO applications (district_id, id, call_id, organization_id, applicant_id, status, form_json, version, created_at, updated_at) SELECT ?, 'app-x', ?, ?, id, 'admitted', '{}', 5, ?, ? FROM users WHERE district_id = ? AND email = ?",
      )
      .bind(D, w.callId, w.orgId, now, now, D, w.applicantEmail)
      .run();
    await db
      .prepare(
        "INSERT INTO incubations (district_id, id, application_id, park_id, organization_id, space_id, virtual, started_on, planned_end_on, renewals_used, registration_due_on, status, version) VALUES (?, 'inc-x', 'app-x', ?, ?, NULL, 1, '2026-01-10', '2027-01-10', 0, NULL, 'active', 1)",
      )
      .bind(D, w.parkId, w.orgId)
      .run();

    const page = await (await w.admin.fetch(`/d/${D}/admin/settings`)).text();
    expect(page).toContain("出壳评估评审小组最少人数");
    expect(page).toContain("默认：3 范围：3–15");

    // Two is not a panel: the same page, the error beside the field, the typed value kept.
    const bad = await w.admin.submit(`/d/${D}/admin/settings`, { ...BANDS, version: await settingsVersion(), exitPanelMinimum: "2" });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('<a href="#f-exitPanelMinimum"><span data-label-of="f-exitPanelMinimum">出壳评估评审小组最少人数：</span>不能小于 3。</a>');
    expect(html).toContain('value="2"');

    const good = await w.admin.submit(`/d/${D}/admin/settings`, { ...BANDS, version: await settingsVersion(), exitPanelMinimum: "4" });
    expect(good.status, await good.clone().text()).toBe(303);
    clearRegistryCache();

    // The district asks for four: the record page says so and three reviewers are refused.
    const record = await (await w.admin.fetch(`/d/${D}/incubation/incubations/inc-x`)).text();
    expect(record).toContain("评审小组成员（至少 4 人）");
    const three = await w.admin.api(`/d/${D}/api/v1/incubation/incubations/inc-x/exit-panel`, { method: "POST", json: { reviewerIds: w.reviewers.map((r) => r.id), version: await incubationVersion("inc-x") } });
    expect(three.status).toBe(422);
    expect(JSON.stringify(await three.json())).toContain("评审小组至少需要 4 名评审专家。");
    expect((await db.prepare("SELECT COUNT(*) AS n FROM exit_reviews WHERE district_id = ?").bind(D).first<{ n: number }>())!.n).toBe(0);
  });
});
