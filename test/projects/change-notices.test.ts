import { describe, expect, it } from "vitest";
import { countRows, testEnv } from "../helpers";
import { api, json, projectWorld, signedContract } from "./fixtures";

// The free-move share of change requests is the district's setting (validated, on the
// settings page); a request that waits tells the buyer's staff and becomes their to-do,
// and the decision tells the organization, each in the write that causes it.

const w = await projectWorld("171301");
const contract = await signedContract(w);
type Change = { id: string; status: string; version: number };
const ask = (json: Record<string, unknown>) => w.org.b.api(api(w, `/projects/contracts/${contract.id}/changes`), { method: "POST", json });
const events = (kind: string, target: string) => countRows(w.db, "notification_events", "district_id = ? AND kind = ? AND target_id = ?", w.code, kind, target);

describe("change requests under the district's free-move share", () => {
  it("validates the setting and shows it with its default and range", async () => {
    const page = await (await w.admin.b.fetch(w.path("/admin/settings?lang=zh-CN"))).text();
    expect(page).toContain("项目预算免审批调整比例（%）");
    expect(page).toContain("默认：10 范围：0–30");
    const current = await json<{ version: number; settings: Record<string, unknown> }>(await w.admin.b.fetch(api(w, "/admin/settings")), 200);
    expect(current.settings.changeFreeMovePercent).toBe(10);
    const bad = await w.admin.b.api(api(w, "/admin/settings"), { method: "PUT", json: { version: current.version, settings: { ...current.settings, changeFreeMovePercent: 31 } } });
    expect((await json<{ errors: { field: string }[] }>(bad, 422)).errors[0]!.field).toBe("settings.changeFreeMovePercent");
    await json(await w.admin.b.api(api(w, "/admin/settings"), { method: "PUT", json: { version: current.version, settings: { ...current.settings, changeFreeMovePercent: 5 } } }), 200);
    const row = await testEnv.PLATFORM.prepare("SELECT settings_json FROM districts WHERE code = ?").bind(w.code).first<{ settings_json: string }>();
    expect(JSON.parse(row!.settings_json).changeFreeMovePercent).toBe(5);
  });

  it("holds a move above the share for the buyer, who is told and sees a to-do; the organization hears the decision", async () => {
    // 5,000 of 88,000 is 5.7%: free under the default 10%, not under the district's 5%.
    const change = await json<Change>(await ask({ kind: "budget", fromLine: 1, toLine: 2, amountYuan: 5_000, reason: "活动人次增加。" }), 201);
    expect(change.status).toBe("requested");
    expect(await events("projects.change_requested", change.id)).toBe(1);
    const todo = await (await w.admin.b.fetch(w.path("/todo?lang=zh-CN"))).text();
    expect(todo).toContain("项目变更待审批");
    expect(todo).toContain(`/projects/contracts/${contract.id}`);
    // Staff of one 街道 do not buy for a district call: no to-do for them.
    expect(await (await w.sub.b.fetch(w.path("/todo?lang=zh-CN"))).text()).not.toContain("项目变更待审批");

    await json(await w.admin.b.api(api(w, `/projects/changes/${change.id}/decide`), { method: "POST", json: { approve: 0, reasons: "调整幅度过大。", version: change.version } }), 200);
    expect(await events("projects.change_refused", change.id)).toBe(1);
    expect(await events("projects.change_approved", change.id)).toBe(0);
    const event = await w.db
      .prepare("SELECT recipient_type, recipient_ref, params_json FROM notification_events WHERE district_id = ? AND kind = 'projects.change_refused'")
      .bind(w.code)
      .first<{ recipient_type: string; recipient_ref: string; params_json: string }>();
    expect(event).toMatchObject({ recipient_type: "organization", recipient_ref: w.orgIds[0] });
    expect(JSON.parse(event!.params_json)).toMatchObject({ reasons: "调整幅度过大。", contractId: contract.id });
    expect(await (await w.admin.b.fetch(w.path("/todo?lang=zh-CN"))).text()).not.toContain("项目变更待审批");

    // A move within the share applies at once and asks nobody.
    const small = await json<Change>(await ask({ kind: "budget", fromLine: 1, toLine: 2, amountYuan: 4_000, reason: "小额调整。" }), 201);
    expect(small.status).toBe("approved");
    expect(await events("projects.change_requested", small.id)).toBe(0);
  });
});
