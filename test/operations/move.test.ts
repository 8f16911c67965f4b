import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import entry from "../../src/index";
import { runJobs } from "../../src/jobs";
import { EVERY_FIVE_MINUTES } from "../../src/jobs/crons";
import { openMove, resumeMove, rollbackMove, startMove } from "../../src/operations/move";
import { DEMO_DISTRICTS, DEMO_PASSWORD, demoEmail } from "../../src/seed/demo";
import { clearRegistryCache, findDistrict } from "../../src/district-lookup/district-registry";
import kundulun from "../../tenants/150203-kundulun.json";
import { Browser, loadDemoDistrict, testEnv } from "../helpers";
import { uploadPlan, world } from "../incubation/fixtures";
import { operatorBrowser } from "../onboarding/helpers";
import { chainOk, faults, faultyEnv } from "./faults";
import { snapshot, totalRows } from "./snapshot";

// Moving a live district between the two test shards: read-only while it runs (writes
// 503 with Retry-After, reads served), every row copied and counted, the registry
// switched, the old rows removed, writable again; interrupted moves resumed or rolled
// back; the operator console's action.

afterEach(() => faults.reset());

const actor = { id: "test-operator", role: "platform_operator", requestId: null };
const K = "150203";
const demo = await loadDemoDistrict(kundulun);
const admin = demo.people.find((p) => p.role === "district_admin")!;
const adminEmail = demoEmail(DEMO_DISTRICTS.find((d) => d.code === K)!, admin);

// Thousands of rows: 3,000 more organizations on top of the demo data.
{
  const now = new Date().toISOString();
  const statements: D1PreparedStatement[] = [];
  for (let i = 0; i < 3000; i += 10) {
    const rows = Array.from({ length: 10 }, (_, j) => [K, `bulk-${String(i + j).padStart(5, "0")}`, `包头市昆都仑区测试社会组织${i + j}`, now, now]);
    statements.push(
      testEnv.DISTRICTS_0.prepare(
        `INSERT INTO organizations (district_id, id, name, uscc, kind, org_type, area_code, verification, created_at, updated_at) VALUES ${rows.map(() => "(?, ?, ?, NULL, 'founding_team', '', NULL, 'verified', ?, ?)").join(", ")}`,
      ).bind(...rows.flat()),
    );
  }
  await testEnv.DISTRICTS_0.batch(statements);
}

const registry = async (code: string) => {
  clearRegistryCache();
  return (await findDistrict(testEnv, code, { fresh: true }))!;
};

describe("a live district moving to another shard", () => {
  it("is read-only while it moves, then every row is on the new shard and the old one holds none", async () => {
    const visitor = new Browser();
    const signedIn = new Browser();
    expect((await signedIn.signIn(K, adminEmail, DEMO_PASSWORD)).status).toBe(303);

    await startMove(testEnv, K, "DISTRICTS_1", actor);
    expect((await registry(K)).writeLock).toBe("moving");

    // Reads go on.
    expect((await visitor.fetch(`/d/${K}/`)).status).toBe(200);
    expect((await visitor.fetch(`/d/${K}/organizations`)).status).toBe(200);
    expect((await signedIn.fetch(`/d/${K}/api/v1/areas`)).status).toBe(200);
    // Writes wait: a friendly page in Chinese or English, or problem+json, with Retry-After.
    const page = await new Browser().submit(`/d/${K}/login`, { email: adminEmail, password: DEMO_PASSWORD });
    expect(page.status).toBe(503);
    expect(Number(page.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await page.text()).toContain("正在进行数据维护");
    const english = await new Browser().submit(`/d/${K}/login?lang=en`, { email: adminEmail, password: DEMO_PASSWORD }, `/d/${K}/login?lang=en`);
    expect(english.status).toBe(503);
    expect(await english.text()).toContain("undergoing data maintenance");
    const api = await signedIn.api(`/d/${K}/api/v1/auth/sign-out`, { method: "POST" });
    expect(api.status).toBe(503);
    expect(api.headers.get("content-type")).toContain("application/problem+json");
    expect(((await api.json()) as { code: string }).code).toBe("district_read_only");
    const before = await snapshot(testEnv.DISTRICTS_0, K);
    const total = Object.values(before).reduce((n, rows) => n + rows.length, 0);
    expect(total).toBeGreaterThan(3300);
    const report = await resumeMove(testEnv, K, actor, { settleMs: 0 });
    expect(report.phase).toBe("done");
    expect(Object.values(report.rows).reduce((a, b) => a + b, 0)).toBe(total);
    expect(report.rows.organizations).toBe(before.organizations!.length);

    expect(await snapshot(testEnv.DISTRICTS_1, K)).toEqual(before);
    expect(await totalRows(testEnv.DISTRICTS_0, K)).toBe(0);
    const after = await registry(K);
    expect(after.shard).toBe("DISTRICTS_1");
    expect(after.writeLock).toBeNull();
    expect(await openMove(testEnv, K)).toBeNull();

    // Writable again, sessions kept, the audit chain intact and growing on the new shard.
    expect((await signedIn.fetch(`/d/${K}/api/v1/areas`)).status).toBe(200);
    expect((await new Browser().signIn(K, adminEmail, DEMO_PASSWORD)).status).toBe(303);
    expect(await chainOk(K)).toMatchObject({ ok: true });
    const actions = await testEnv.PLATFORM.prepare("SELECT action FROM platform_audit_events WHERE target_id = ? ORDER BY seq").bind(K).all<{ action: string }>();
    expect(actions.results.map((r) => r.action)).toEqual(expect.arrayContaining(["district.move_started", "district.move_switched", "district.move_done"]));
  });
});

describe("an interrupted move", () => {
  const W = "330101";
  let shard = "DISTRICTS_0";

  it("rolls back before the switch: the target is cleared and the district is writable where it was", async () => {
    const w = await world(W, "DISTRICTS_0");
    const app = await w.applicant.api(`/d/${W}/api/v1/incubation/calls/${w.callId}/applications`, { method: "POST", json: {} });
    const id = ((await app.json()) as { id: string }).id;
    expect((await uploadPlan(w, id)).status).toBe(201);
    const before = await snapshot(testEnv.DISTRICTS_0, W);

    faults.batchSql = /INSERT INTO "application_attachments"/;
    await startMove(faultyEnv, W, "DISTRICTS_1", actor);
    await expect(resumeMove(faultyEnv, W, actor, { settleMs: 0 })).rejects.toThrow(/injected fault/);
    const open = (await openMove(testEnv, W))!;
    expect(open.phase).toBe("copying");
    expect(open.last_error).toContain("injected fault");
    expect(await totalRows(testEnv.DISTRICTS_1, W)).toBeGreaterThan(0);
    expect((await registry(W)).shard).toBe("DISTRICTS_0");
    // The scheduled jobs leave a locked district alone until the next trigger.
    const runs = await runJobs(testEnv, EVERY_FIVE_MINUTES, Date.now());
    expect(runs.filter((r) => r.district === W).length).toBeGreaterThan(0);
    expect(runs.filter((r) => r.district === W).every((r) => r.error === "deferred: district moving")).toBe(true);

    const rolled = await rollbackMove(testEnv, W, actor);
    expect(rolled.phase).toBe("rolled_back");
    expect(await totalRows(testEnv.DISTRICTS_1, W)).toBe(0);
    expect(await snapshot(testEnv.DISTRICTS_0, W)).toEqual(before);
    expect((await registry(W)).writeLock).toBeNull();
    expect((await w.applicant.api(`/d/${W}/api/v1/incubation/applications/${id}/draft`, { method: "PUT", json: { plan: "回滚后仍可保存" } })).status).toBe(200);
  });

  it("resumes after a failed copy and after a failed clean-up; rollback is refused once the registry switched", async () => {
    const before = await snapshot(testEnv.DISTRICTS_0, W);
    faults.batchSql = /INSERT INTO "application_attachments"/;
    await startMove(faultyEnv, W, "DISTRICTS_1", actor);
    await expect(resumeMove(faultyEnv, W, actor, { settleMs: 0 })).rejects.toThrow(/injected fault/);
    // The copy fails again half-way, now in the clean-up of the old shard after the switch.
    faults.batchSql = /^DELETE FROM "/;
    faults.batchShard = "DISTRICTS_0";
    await expect(resumeMove(faultyEnv, W, actor, { settleMs: 0 })).rejects.toThrow(/injected fault/);
    const open = (await openMove(testEnv, W))!;
    expect(open.phase).toBe("switched");
    expect((await registry(W)).shard).toBe("DISTRICTS_1");
    await expect(rollbackMove(testEnv, W, actor)).rejects.toMatchObject({ code: "move_switched" });

    faults.reset();
    const done = await resumeMove(testEnv, W, actor, { settleMs: 0 });
    expect(done.phase).toBe("done");
    expect(done.files).toBe(1);
    expect(done.missingFiles).toEqual([]);
    expect(await snapshot(testEnv.DISTRICTS_1, W)).toEqual(before);
    expect(await totalRows(testEnv.DISTRICTS_0, W)).toBe(0);
    expect(await chainOk(W)).toMatchObject({ ok: true });
    shard = "DISTRICTS_1";
    expect(shard).toBe((await registry(W)).shard);
  });

  it("refuses a move to the same shard, to an unknown shard, or while another is open", async () => {
    await expect(startMove(testEnv, W, "DISTRICTS_1", actor)).rejects.toMatchObject({ code: "same_shard" });
    await expect(startMove(testEnv, W, "DISTRICTS_9", actor)).rejects.toMatchObject({ code: "unknown_shard" });
    await startMove(testEnv, W, "DISTRICTS_0", actor);
    await expect(startMove(testEnv, W, "DISTRICTS_0", actor)).rejects.toMatchObject({ code: "move_in_progress" });
    await rollbackMove(testEnv, W, actor);
  });
});

describe("the operator console", () => {
  it("starts a move that finishes in the background, and shows it in the district's moves", async () => {
    const op = await operatorBrowser();
    const page = await op.fetch(`/platform/districts/${K}/move`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("迁移到其他分片");
    expect(html).toContain('value="DISTRICTS_0"');

    // Through the Worker with a context of our own, to wait for the background copy.
    const ctx = createExecutionContext();
    const response = await entry.fetch(
      new Request(`https://sanshe.test/platform/districts/${K}/move`, {
        method: "POST",
        headers: { cookie: op.cookieHeader(), "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ _csrf: op.csrf, shard: "DISTRICTS_0" }).toString(),
        redirect: "manual",
      }),
      testEnv,
      ctx,
    );
    expect(response.status).toBe(303);
    expect((await registry(K)).writeLock).toBe("moving");
    await waitOnExecutionContext(ctx);
    // On a busy machine the background run may stop at its time limit; the page's resume
    // button finishes it, as an operator would.
    if (await openMove(testEnv, K)) {
      const resumed = await op.submit(`/platform/districts/${K}/move/resume`, {}, `/platform/districts/${K}/move`);
      expect(resumed.status).toBe(200);
      expect(await resumed.text()).toContain("迁移完成");
    }
    const after = await registry(K);
    expect(after.shard).toBe("DISTRICTS_0");
    expect(after.writeLock).toBeNull();
    expect(await totalRows(testEnv.DISTRICTS_1, K)).toBe(0);
    const shown = await (await op.fetch(`/platform/districts/${K}/move?lang=en`)).text();
    expect(shown).toContain("DISTRICTS_1 → DISTRICTS_0");
    expect(shown).toContain("done");
    expect(await chainOk(K)).toMatchObject({ ok: true });
  }, 60_000);

  it("is for operators only", async () => {
    const stranger = new Browser();
    const response = await stranger.fetch(`/platform/districts/${K}/move`);
    expect([302, 303, 401, 403]).toContain(response.status);
  });
});
