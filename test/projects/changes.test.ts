import { describe, expect, it } from "vitest";
import { countRows } from "../helpers";
import { addDays, api, json, projectWorld, signedContract } from "./fixtures";

// Contract changes: a small budget move applies at once as a revision; a larger one, a
// new lead or a longer term waits for the buyer, who approves or refuses with reasons;
// of two decisions at once one wins; every applied change keeps its before and after;
// refusals on the page sit beside their fields with nothing written; 404 elsewhere.

const w = await projectWorld("170801");
const other = await projectWorld("170802", "DISTRICTS_1");
const contract = await signedContract(w);
type Change = { id: string; status: string; revision: number | null; before: Record<string, unknown>; after: Record<string, unknown> | null; version: number };
const ask = (json: Record<string, unknown>) => w.org.b.api(api(w, `/projects/contracts/${contract.id}/changes`), { method: "POST", json });
const decide = (id: string, json: Record<string, unknown>) => w.admin.b.api(api(w, `/projects/changes/${id}/decide`), { method: "POST", json });
const lines = async () => (await w.db.prepare("SELECT amount_yuan FROM project_bid_lines WHERE district_id = ? AND bid_id = ? ORDER BY line_no").bind(w.code, contract.bidId).all<{ amount_yuan: number }>()).results.map((r) => r.amount_yuan);

describe("contract changes", () => {
  it("applies a small move at once and holds a larger one for the buyer; of two decisions one wins", async () => {
    const small = await json<Change>(await ask({ kind: "budget", fromLine: 1, toLine: 2, amountYuan: 5_000, reason: "活动人次增加。" }), 201);
    expect(small).toMatchObject({ status: "approved", revision: 1, before: { 1: 50_000, 2: 30_000 }, after: { 1: 45_000, 2: 35_000 } });
    expect(await lines()).toEqual([45_000, 35_000, 8_000]);

    const large = await json<Change>(await ask({ kind: "budget", fromLine: 1, toLine: 2, amountYuan: 20_000, reason: "增加集体活动场次。" }), 201);
    expect(large.status).toBe("requested");
    expect(await lines()).toEqual([45_000, 35_000, 8_000]);
    expect((await json<{ code: string }>(await ask({ kind: "term", endsOn: addDays(w.today, 400), reason: "延期。" }), 409)).code).toBe("pending_exists");
    expect((await json<{ errors: { field: string }[] }>(await decide(large.id, { approve: 0, reasons: "", version: large.version }), 422)).errors[0]!.field).toBe("reasons");
    expect((await other.admin.b.api(api(other, `/projects/changes/${large.id}/decide`), { method: "POST", json: { approve: 1, reasons: "", version: 1 } })).status).toBe(404);

    const both = await Promise.all([decide(large.id, { approve: 1, reasons: "同意。", version: large.version }), decide(large.id, { approve: 0, reasons: "不同意。", version: large.version })]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    const after = await lines();
    expect(after[0]! + after[1]!).toBe(80_000);
    expect(after[0] === 25_000 || after[0] === 45_000).toBe(true);
    expect(await countRows(w.db, "audit_events", "district_id = ? AND action IN ('projects.change_approved', 'projects.change_refused')", w.code)).toBe(1);
  });

  it("replaces the lead and extends the term on approval, each a revision shown on the page", async () => {
    const last = (await w.db.prepare("SELECT max(revision) AS n FROM project_changes WHERE district_id = ?").bind(w.code).first<{ n: number }>())!.n;
    const lead = await json<Change>(await ask({ kind: "lead", workerId: w.workers[1], reason: "原负责人调离。" }), 201);
    expect((await json<Change>(await decide(lead.id, { approve: 1, reasons: "", version: lead.version }), 200)).revision).toBe(last + 1);
    expect(await w.db.prepare("SELECT worker_id FROM project_bid_team WHERE district_id = ? AND bid_id = ? AND is_lead = 1").bind(w.code, contract.bidId).all()).toMatchObject({ results: [{ worker_id: w.workers[1] }] });

    // On the page: a term not later than the current end comes back beside its field, reason kept.
    const path = `/projects/contracts/${contract.id}`;
    const bad = await w.org.b.submit(w.path(`${path}/changes`), { kind: "term", endsOn: w.today, reason: "受疫情影响延期。" }, w.path(path));
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('id="f-endsOn-error"');
    expect(html).toContain("受疫情影响延期。");
    expect((await w.org.b.submit(w.path(`${path}/changes`), { kind: "term", endsOn: addDays(w.today, 360), reason: "受疫情影响延期。" })).status).toBe(303);
    const page = await (await w.admin.b.fetch(w.path(`${path}?lang=zh-CN`))).text();
    expect(page).toContain("审批变更");
    const id = /changes\/([^/]+)\/decide/.exec(page)![1]!;
    const version = /decide"[^>]*>[\s\S]*?name="version" value="(\d+)"/.exec(page)![1]!;
    expect((await w.admin.b.submit(w.path(`${path}/changes/${id}/decide`), { approve: "1", reasons: "同意延期。", version })).status).toBe(303);
    expect((await json<{ endsOn: string }>(await w.admin.b.api(api(w, path)), 200)).endsOn).toBe(addDays(w.today, 360));
    const shown = await (await w.org.b.fetch(w.path(`${path}?lang=zh-CN`))).text();
    expect(shown).toContain(`第 ${last + 2} 版`);
    expect(shown).toContain("更换项目负责人");
  });
});
