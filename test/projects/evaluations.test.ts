import { describe, expect, it } from "vitest";
import { countRows } from "../helpers";
import { addDays, api, json, projectWorld, runJob, signedContract } from "./fixtures";

// Third-party evaluations on the review engine: evaluators see delivery, spending and
// feedback; a failed evaluation opens rectification (flagged by the daily job when it
// runs out), a re-evaluation that passes opens the instalment gate; termination cancels
// what is unpaid and proposes the credit-list consequence to staff.

const w = await projectWorld("170501");
const evaluator = await w.add("evaluator");
const contract = await signedContract(w);
type Evaluation = { id: string; round: number; status: string; score: number | null; rectificationDueOn: string | null; creditProposal: string; overdue: number; version: number };
const evalApi = (id: string, verb: string, body: Record<string, unknown>) => w.admin.b.api(api(w, `/projects/evaluations/${id}/${verb}`), { method: "POST", json: body });

async function score(value: number) {
  const mine = await json<{ id: string; subject_id: string; submitted_at: string | null }[]>(await evaluator.b.api(w.path("/api/v1/review/assignments")), 200);
  const a = mine.find((x) => !x.submitted_at)!;
  expect((await evaluator.b.api(w.path(`/api/v1/review/assignments/${a.id}/declaration`), { method: "POST", json: { conflicted: false } })).status).toBe(204);
  const subject = await json<{ rubric: { items: { id: string }[] }; feedback: { count: number } }>(await evaluator.b.api(w.path(`/api/v1/review/assignments/${a.id}`)), 200);
  expect(subject.feedback.count).toBe(2);
  const res = await evaluator.b.api(w.path(`/api/v1/review/assignments/${a.id}/scores`), { method: "PUT", json: { scores: subject.rubric.items.map((i) => ({ itemId: i.id, score: value, comment: "" })), submit: true } });
  expect(res.status).toBe(204);
}

describe("evaluations", () => {
  it("fails, flags the rectification when it runs out, then passes on re-evaluation and opens the gate", async () => {
    for (const [rating, key] of [
      [5, "a"],
      [3, "b"],
    ] as const) {
      await w.db
        .prepare("INSERT INTO project_feedback (district_id, id, contract_id, rating, comment, respondent_key, phone_protected, created_at) VALUES (?, ?, ?, ?, '服务很好', ?, NULL, ?)")
        .bind(w.code, `fb-${key}`, contract.id, rating, `k-${key}`, new Date().toISOString())
        .run();
    }
    const start = (stage: string, ids = [evaluator.id]) => w.admin.b.api(api(w, `/projects/contracts/${contract.id}/evaluations`), { method: "POST", json: { stage, evaluatorIds: ids } });
    expect((await start("final")).status).toBe(409);
    expect((await json<{ errors: { field: string }[] }>(await start("midterm", [w.reviewer.id]), 422)).errors[0]!.field).toBe("evaluatorIds");
    const first = await json<Evaluation>(await start("midterm"), 201);
    expect((await start("midterm")).status).toBe(409);
    expect((await json<{ code: string }>(await evalApi(first.id, "decide", { reasons: "", version: first.version }), 409)).code).toBe("scores_pending");
    await score(50);
    const failed = await json<Evaluation>(await evalApi(first.id, "decide", { reasons: "服务人次不足。", version: first.version }), 200);
    expect(failed).toMatchObject({ status: "failed", score: 50, creditProposal: "rectification", rectificationDueOn: addDays(w.today, 30) });
    expect((await w.admin.b.api(api(w, `/projects/contracts/${contract.id}/instalments/2/release`), { method: "POST", json: { paidOn: w.today, reference: "ZF-2" } })).status).toBe(409);

    const late = `${addDays(w.today, 31)}T01:00:00.000Z`;
    expect(await runJob(w, "projects.overdue_rectifications", late)).toBe(1);
    expect(await runJob(w, "projects.overdue_rectifications", late)).toBe(0);

    const again = await json<Evaluation>(await start("midterm"), 201);
    expect(again.round).toBe(2);
    await score(80);
    expect((await json<Evaluation>(await evalApi(again.id, "decide", { reasons: "整改后达标。", version: again.version }), 200)).status).toBe("passed");
    // The passed mid-term makes instalment 2 due: the buyer is told, as at signing for instalment 1.
    expect(await countRows(w.db, "notification_events", "district_id = ? AND kind = 'projects.instalment_due' AND target_id = ?", w.code, contract.id)).toBe(2);
    const list = await json<{ evaluations: Evaluation[]; feedback: { satisfactionPercent: number } }>(await w.org.b.api(api(w, `/projects/contracts/${contract.id}/evaluations`)), 200);
    expect(list.feedback.satisfactionPercent).toBe(50);
    expect((await w.admin.b.api(api(w, `/projects/contracts/${contract.id}/instalments/2/release`), { method: "POST", json: { paidOn: w.today, reference: "ZF-2" } })).status).toBe(200);
  });

  it("terminates after a fail: unpaid instalments cancelled, the abnormal list proposed to staff", async () => {
    const other = await signedContract(w);
    const opened = await json<Evaluation>(await w.admin.b.api(api(w, `/projects/contracts/${other.id}/evaluations`), { method: "POST", json: { stage: "midterm", evaluatorIds: [evaluator.id] } }), 201);
    await w.db
      .prepare("INSERT INTO project_feedback (district_id, id, contract_id, rating, comment, respondent_key, phone_protected, created_at) VALUES (?, 'fb-c', ?, 2, '', 'k-c', NULL, ?), (?, 'fb-d', ?, 1, '', 'k-d', NULL, ?)")
      .bind(w.code, other.id, new Date().toISOString(), w.code, other.id, new Date().toISOString())
      .run();
    await score(40);
    const failed = await json<Evaluation>(await evalApi(opened.id, "decide", { reasons: "未按计划开展服务。", version: opened.version }), 200);
    expect((await json<{ errors: { field: string }[] }>(await evalApi(opened.id, "terminate", { reasons: "", version: failed.version }), 422)).errors[0]!.field).toBe("reasons");
    const ended = await json<Evaluation>(await evalApi(opened.id, "terminate", { reasons: "整改期内未开展服务。", version: failed.version }), 200);
    expect(ended).toMatchObject({ status: "terminated", creditProposal: "abnormal_list" });
    expect(await countRows(w.db, "project_instalments", "district_id = ? AND contract_id = ? AND status = 'cancelled'", w.code, other.id)).toBe(3);
    expect((await json<{ status: string }>(await w.admin.b.api(api(w, `/projects/contracts/${other.id}`)), 200)).status).toBe("terminated");
    // Another district's staff cannot reach it.
    expect((await w.org.b.api(api(w, `/projects/evaluations/${opened.id}/decide`), { method: "POST", json: { reasons: "", version: 1 } })).status).toBe(403);
  });
});
