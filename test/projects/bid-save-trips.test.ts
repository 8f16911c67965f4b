import { describe, expect, it } from "vitest";
import { verifyChain } from "../../src/audit/chain";
import { recordedBrowser, type Recording } from "../fixtures/recording-shard";
import { addDays, api, callBody, completeBid, json, projectWorld } from "./fixtures";

// A bid draft is auto-saved every few seconds. Once a save has made the bid known, the
// next one is the session lookup and one batch (the guarded write, its audit event and
// the reads its answer needs), and answers the bid exactly as reading it back shows it.
// When its guard fails (a stale version, a call no longer open, a bid no longer
// editable, a category, community or worker the call does not know), the save answers
// what it answered when it read first, and writes nothing.

const w = await projectWorld("171401");

type Bid = Record<string, unknown> & { id: string; version: number };
const call = await json<{ id: string; version: number }>(await w.admin.b.api(api(w, "/projects/calls"), { method: "POST", json: callBody(w) }), 201);
await json(await w.admin.b.api(api(w, `/projects/calls/${call.id}/publish`), { method: "POST", json: { version: call.version } }), 200);
const bidPath = api(w, `/projects/calls/${call.id}/bid`);
const save = (body: Record<string, unknown>, b = w.org.b) => b.api(bidPath, { method: "PUT", json: body });
const readBack = async (id: string) => {
  const { receipt: _receipt, ...bid } = await json<Bid>(await w.org.b.api(api(w, `/projects/bids/${id}`)), 200);
  return bid;
};
const stored = (id: string) => w.db.prepare("SELECT version, title FROM project_bids WHERE district_id = ? AND id = ?").bind(w.code, id).first<{ version: number; title: string }>();
const events = async () => (await w.db.prepare("SELECT * FROM audit_events WHERE district_id = ? ORDER BY seq").bind(w.code).all<Parameters<typeof verifyChain>[1][number]>()).results;

const first = await json<Bid>(await save({ title: "银龄守望" }), 200);

describe("a repeat bid draft save", () => {
  it("is the session and one batch, and answers the bid as read back", async () => {
    const recording: Recording = { statements: [], trips: [] };
    const res = await save({ ...completeBid(w), version: first.version }, recordedBrowser(recording, w.org.b));
    const saved = await json<Bid>(res, 200);
    // The session and its roles, then the save: guard, write, lines, team, answer, event.
    expect(recording.trips).toEqual(["batch of 2", expect.stringMatching(/^batch of \d+$/)]);
    expect(saved.version).toBe(first.version + 1);
    expect(saved).toEqual(await readBack(first.id));
    const last = (await events()).at(-1)!;
    expect([last.action, last.target_id, JSON.parse(last.summary_json).after]).toEqual(["projects.bid_saved", first.id, { callId: call.id, title: completeBid(w).title, amountYuan: 88_000 }]);
  });

  it("refuses as a save that reads first would, writing nothing", async () => {
    const current = await readBack(first.id);
    const v = current.version as number;
    const before = (await events()).length;
    const refusal = async (body: Record<string, unknown>, status: number) => {
      const res = await save({ ...completeBid(w), ...body });
      return json<{ code: string; title: string; errors?: { field: string; message: string }[] }>(res, status);
    };
    const stale = await refusal({ version: v - 1 }, 409);
    expect([stale.code, stale.title]).toEqual(["conflict", expect.stringContaining("已被他人修改")]);
    expect((await refusal({ version: v, categoryId: "no-such-category" }, 422)).errors!.map((e) => e.field)).toEqual(["categoryId"]);
    expect((await refusal({ version: v, communityCode: `${w.code}009009` }, 422)).errors!.map((e) => e.field)).toEqual(["communityCode"]);
    const worker = await refusal({ version: v, team: [{ workerId: "no-such-worker", lead: true }] }, 422);
    expect(worker.errors!.map((e) => [e.field, e.message])).toEqual([["team", expect.any(String)]]);
    // The call's window has closed since the bid was last saved.
    const window = (opensOn: string, closesOn: string) => w.db.prepare("UPDATE project_calls SET opens_on = ?, closes_on = ?, version = version + 1 WHERE district_id = ? AND id = ?").bind(opensOn, closesOn, w.code, call.id).run();
    await window(addDays(w.today, -2), addDays(w.today, -1));
    expect((await refusal({ version: v }, 409)).code).toBe("call_not_open");
    await window(w.today, addDays(w.today, 30));
    expect(await stored(first.id)).toEqual({ version: v, title: completeBid(w).title });
    expect(await readBack(first.id)).toEqual(current);
    expect(await events()).toHaveLength(before);
    // A submitted bid is no longer a draft to save.
    const submitted = await json<Bid>(await w.org.b.api(api(w, `/projects/bids/${first.id}/submit`), { method: "POST", json: { version: v } }), 200);
    expect((await refusal({ version: submitted.version }, 409)).code).toBe("not_editable");
    expect(await verifyChain(w.code, await events())).toMatchObject({ ok: true, firstBreak: null });
  });
});
