import { describe, expect, it } from "vitest";
import { runJobs } from "../../src/jobs";
import { DAILY } from "../../src/jobs/crons";
import { reveal } from "../../src/lib/personal-data";
import { Browser, countRows, testEnv } from "../helpers";
import { projectWorld, submittedBid } from "../projects/fixtures";
import { needOf, residentNeed } from "./fixtures";

// Text messages to residents, who have no account: the answer to their need (and to a
// need theirs was merged into) goes to the phone they left, and when a project answering
// the need is completed the daily job sends the rating link once. The phone and the
// receipt code stay sealed in the outbox; a resident without a phone gets nothing.

const A = await projectWorld("170351");
const B = await projectWorld("170352", "DISTRICTS_1");

interface Event {
  recipient_ref: string;
  params_json: string;
  target_id: string;
}
const events = async (kind: string) => (await A.db.prepare("SELECT recipient_ref, params_json, target_id FROM notification_events WHERE district_id = ? AND kind = ? ORDER BY created_at").bind(A.code, kind).all<Event>()).results;
const opened = async (e: Event) => ({ to: await reveal(e.recipient_ref, testEnv.PERSONAL_DATA_KEY), receipt: await reveal(JSON.parse(e.params_json).receipt, testEnv.PERSONAL_DATA_KEY), params: JSON.parse(e.params_json) });

async function answer(receipt: string, outcome: string, version?: number) {
  const need = (await needOf(A, receipt))!;
  return A.community.b.submit(A.path(`/linkage/needs/${need.id}/answer`), { outcome, category: "elderly", priority: "normal", answer: outcome === "declined" ? "不在社区职责范围内。" : "", version: String(version ?? need.version) });
}

describe("messages to residents", () => {
  it("tell the residents who left a phone that their need, or the need theirs was merged into, has an answer", async () => {
    const first = await residentNeed(A, { name: "王大爷", phone: "13912340011", consent: "1" });
    const duplicate = await residentNeed(A, { name: "李阿姨", phone: "13912340012", consent: "1" });
    const anonymous = await residentNeed(A, { description: "小区健身器材坏了。" });
    const dup = (await needOf(A, duplicate))!;
    expect((await A.community.b.submit(A.path(`/linkage/needs/${dup.id}/merge`), { target: first, version: String(dup.version) })).status).toBe(303);
    // A stale form writes nothing, so sends nothing.
    expect((await answer(first, "accepted", 99)).status).toBe(409);
    expect(await events("linkage.need_answered")).toHaveLength(0);

    expect((await answer(first, "accepted")).status).toBe(303);
    const sent = await Promise.all((await events("linkage.need_answered")).map(opened));
    expect(sent.map((s) => [s.to, s.receipt]).sort()).toEqual([
      ["13912340011", first],
      ["13912340012", duplicate],
    ]);
    expect(sent[0]!.params.community).toBe("第1街道第1社区");
    const raw = JSON.stringify(await events("linkage.need_answered"));
    expect(raw).not.toContain("13912340011");
    expect(raw).not.toContain(first);

    // No phone, no message.
    expect((await answer(anonymous, "declined")).status).toBe(303);
    expect(await events("linkage.need_answered")).toHaveLength(2);
  });

  it("send the rating link once when a project answering the need is completed", async () => {
    const withPhone = await residentNeed(A, { name: "张阿姨", phone: "13912340021", consent: "1" });
    const withoutPhone = await residentNeed(A, {});
    const ids = [];
    for (const r of [withPhone, withoutPhone]) {
      expect((await answer(r, "accepted")).status).toBe(303);
      ids.push((await needOf(A, r))!.id);
    }
    const { callId, bidId } = await submittedBid(A);
    expect((await A.admin.b.submit(A.path(`/linkage/calls/${callId}/needs`), { [`needIds.${ids[0]}`]: "1", [`needIds.${ids[1]}`]: "1" })).status).toBe(303);
    await A.db
      .prepare("INSERT INTO project_contracts (district_id, id, bid_id, amount_yuan, starts_on, ends_on, deliverables, status, created_at, updated_at) VALUES (?, 'c1', ?, 88000, '2026-01-01', '2026-06-30', '探访', 'signed', 'x', 'x')")
      .bind(A.code, bidId)
      .run();
    // Running, not ended: nothing to rate yet.
    await runJobs(testEnv, DAILY, Date.parse("2026-07-01T17:00:00Z"));
    expect(await events("linkage.need_project_ended")).toHaveLength(0);

    await A.db.prepare("UPDATE project_contracts SET status = 'completed', version = version + 1 WHERE district_id = ? AND id = 'c1'").bind(A.code).run();
    await runJobs(testEnv, DAILY, Date.parse("2026-07-02T17:00:00Z"));
    await runJobs(testEnv, DAILY, Date.parse("2026-07-03T17:00:00Z"));
    const sent = await Promise.all((await events("linkage.need_project_ended")).map(opened));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.to).toBe("13912340021");
    expect(sent[0]!.receipt).toBe(withPhone);
    expect(sent[0]!.params.project).toBe("银龄守望：独居老人探访");
    expect(await countRows(A.db, "linkage_need_project_notices", "district_id = ?", A.code)).toBe(1);
    expect(await countRows(A.db, "audit_events", "district_id = ? AND action = 'linkage.ratings_requested'", A.code)).toBe(1);
    // The link opens the status page where the rating is asked for.
    expect(await (await new Browser().fetch(A.path(`/needs/status/${withPhone}`))).text()).toContain('name="rating"');
    // The other district sent nothing.
    expect(await countRows(B.db, "notification_events", "district_id = ? AND kind LIKE 'linkage.%'", B.code)).toBe(0);
  });
});
