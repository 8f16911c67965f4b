import { describe, expect, it } from "vitest";
import { nowIso } from "../../src/lib/time";
import { reveal } from "../../src/lib/personal-data";
import { Browser, createUser, testEnv } from "../helpers";
import { insertOrg, row, rows, today } from "../disclosure/fixtures";
import { districtWith } from "../fixtures/district";

// The reviewer API serves every subject kind: each assignment is resolved to its kind
// first, and the kind's own declaration, scoring and follow-up rules apply. An
// evaluator must not be able to act on an evaluation through rules made for
// incubation applications.

const D = "150971";
const SHARD = "DISTRICTS_0";
const { db } = await districtWith(D, { shard: SHARD });
const admin = await createUser(D, SHARD, [{ role: "district_admin" }]);
const evaluator = await createUser(D, SHARD, [{ role: "evaluator" }]);

async function signedIn(email: string) {
  const b = new Browser();
  await b.signIn(D, email);
  return b;
}

function json(b: Browser, path: string, method = "GET", body?: unknown) {
  return b.api(`/d/${D}/api/v1${path}`, { method, json: body });
}

/** An evaluation with one evaluator-team assignment for `evaluator`. */
async function evaluationAssignment(staff: Browser) {
  const res = await staff.submit(`/d/${D}/manage/evaluations`, { title: "评审引擎测试批次", year: today().slice(0, 4) }, `/d/${D}/manage/evaluations`);
  const roundId = /\/manage\/evaluations\/([^?]+)/.exec(res.headers.get("location")!)![1]!;
  const org = await insertOrg(db, D, { name: "引擎测试社会组织", registeredOn: "2015-06-01" });
  expect((await staff.submit(`/d/${D}/manage/evaluations/${roundId}/enrol`, { uscc: org.uscc! })).status).toBe(303);
  const evaluation = await row<{ id: string }>(db, "SELECT id FROM evaluations WHERE district_id = ? AND organization_id = ?", D, org.id);
  expect((await staff.submit(`/d/${D}/manage/evaluation/${evaluation.id}/assign`, { [`evaluators.${evaluator.id}`]: "1" })).status).toBe(303);
  const a = await row<{ id: string }>(db, "SELECT id FROM review_assignments WHERE district_id = ? AND subject_id = ? AND reviewer_id = ?", D, evaluation.id, evaluator.id);
  const items = await rows<{ id: string; max_score: number }>(
    db,
    "SELECT ri.id, ri.max_score FROM rubric_items ri JOIN evaluation_rounds r ON r.district_id = ri.district_id AND json_extract(r.type_rubrics_json, '$.社会服务机构') = ri.rubric_id WHERE r.district_id = ? AND r.id = ? ORDER BY ri.position",
    D,
    roundId,
  );
  return { evaluationId: evaluation.id, assignmentId: a.id, items, orgName: org.name };
}

describe("the reviewer API on an evaluation assignment", () => {
  it("applies the evaluation's declaration rules, shows the evaluation and records the evaluator total on submit", async () => {
    const staff = await signedIn(admin.email);
    const { evaluationId, assignmentId, items, orgName } = await evaluationAssignment(staff);
    const b = await signedIn(evaluator.email);

    const list = (await (await json(b, "/review/assignments")).json()) as { id: string; subject_kind: string; kind: { label: string } }[];
    const listed = list.find((a) => a.id === assignmentId)!;
    expect(listed.subject_kind).toBe("evaluation");
    expect(listed.kind.label).toBe("等级评估");

    // The incubation declaration does not fit an evaluation: it asks about past work for the organization.
    expect((await json(b, `/review/assignments/${assignmentId}/declaration`, "POST", { conflicted: false })).status).toBe(422);
    expect((await row<{ status: string }>(db, "SELECT status FROM review_assignments WHERE district_id = ? AND id = ?", D, assignmentId)).status).toBe("awaiting_declaration");
    expect((await json(b, `/review/assignments/${assignmentId}`)).status).toBe(409);
    expect((await json(b, `/review/assignments/${assignmentId}/declaration`, "POST", { workedFor: "no", lastWorkedOn: "", otherConflict: "" })).status).toBe(204);
    const audit = await row<{ action: string; target_type: string; target_id: string }>(db, "SELECT action, target_type, target_id FROM audit_events WHERE district_id = ? ORDER BY seq DESC LIMIT 1", D);
    expect(audit).toEqual({ action: "evaluation.declared_clear", target_type: "evaluation", target_id: evaluationId });

    const view = await json(b, `/review/assignments/${assignmentId}`);
    expect(view.status).toBe(200);
    const body = (await view.json()) as { subject: { kind: string; title: string; evaluation: { id: string } }; rubric: { items: unknown[] } };
    expect(body.subject.kind).toBe("evaluation");
    expect(body.subject.title).toBe(orgName);
    expect(body.subject.evaluation.id).toBe(evaluationId);
    expect(body.rubric.items.length).toBe(items.length);

    const scores = items.map((i) => ({ itemId: i.id, score: Math.min(i.max_score, 5) }));
    const total = scores.reduce((s, x) => s + x.score, 0);
    expect((await json(b, `/review/assignments/${assignmentId}/scores`, "PUT", { scores, submit: true })).status).toBe(204);
    const e = await row<{ evaluator_total: number | null }>(db, "SELECT evaluator_total FROM evaluations WHERE district_id = ? AND id = ?", D, evaluationId);
    expect(e.evaluator_total).toBe(total);
  });

  it("files an objection to any notice under the one audit target type", async () => {
    const noticeId = `n${Date.now()}`;
    const now = nowIso();
    const ends = new Date(Date.now() + 86_400_000).toISOString();
    await db
      .prepare(
        "INSERT INTO public_notices (district_id, id, subject_kind, batch_id, title, body, reviewers_text, starts_at, ends_at, status, published_by, published_at, closed_at) VALUES (?, ?, 'evaluation', 'r1', '评估结果公示', '公示内容', '', ?, ?, 'open', ?, ?, NULL)",
      )
      .bind(D, noticeId, now, ends, admin.id, now)
      .run();
    await db.prepare("INSERT INTO notice_items (district_id, notice_id, subject_id, label, proposed_outcome, score, outcome) VALUES (?, ?, 'e1', '某社会组织', '3A', 80, 'pending')").bind(D, noticeId).run();
    const visitor = new Browser();
    const res = await visitor.submit(`/d/${D}/notices/${noticeId}/objections`, { subjectId: "e1", name: "张三", contact: "13800000000", content: "对评估结果有异议" }, `/d/${D}/notices/${noticeId}`);
    expect(res.status).toBe(303);
    const audit = await row<{ action: string; target_type: string }>(db, "SELECT action, target_type FROM audit_events WHERE district_id = ? AND target_id = ? ORDER BY seq DESC LIMIT 1", D, noticeId);
    expect(audit).toEqual({ action: "notice.objection_filed", target_type: "notice" });

    // The evaluation staff hear of it; the objector hears the outcome at the contact they
    // left, which the outbox row holds sealed.
    const objection = await row<{ id: string }>(db, "SELECT id FROM notice_objections WHERE district_id = ? AND notice_id = ?", D, noticeId);
    const events = () =>
      rows<{ kind: string; recipient_ref: string; recipient_permission: string | null; params_json: string }>(
        db,
        "SELECT kind, recipient_ref, recipient_permission, params_json FROM notification_events WHERE district_id = ? AND target_id = ? ORDER BY created_at, rowid",
        D,
        objection.id,
      );
    expect((await events()).map((e) => [e.kind, e.recipient_ref, e.recipient_permission])).toEqual([["review.objection_received", "", "evaluation.manage"]]);
    const staff = await signedIn(admin.email);
    expect((await json(staff, `/notices/objections/${objection.id}/handle`, "POST", { upheld: false, note: "经核实评分无误" })).status).toBe(204);
    const [, told] = await events();
    expect(told!.kind).toBe("review.objection_dismissed");
    expect(told!.recipient_ref).not.toContain("13800000000");
    expect(await reveal(told!.recipient_ref, testEnv.PERSONAL_DATA_KEY)).toBe("13800000000");
    expect(JSON.parse(told!.params_json)).toMatchObject({ notice: "评估结果公示", note: "经核实评分无误" });
  });
});
