import { describe, expect, it } from "vitest";
import { addDays } from "../../src/lib/beijing-time";
import { nowIso } from "../../src/lib/time";
import { Browser } from "../helpers";
import { districtWith } from "../fixtures/district";
import { insertOrg, row, rows, today } from "./fixtures";

// A holder of evaluation.manage scoped to one 街道 sees, counts and acts on only the
// evaluations of organizations in that 街道 and its communities: the round page, the
// to-do page (appeals, and objections filed during the notice) and the JSON list leave
// the others out, and acting on another area's evaluation answers 404, as another
// district's does. District-wide holders see everything.

const d = await districtWith("150964", {
  people: { admin: "district_admin", streetA: { role: "district_admin", area: "001" } },
});
const other = await districtWith("150965", { people: { admin: "district_admin" } });

const orgA = await insertOrg(d.db, d.code, { name: "甲街道评估范围协会", area: `${d.code}001001` });
const orgB = await insertOrg(d.db, d.code, { name: "乙街道评估范围协会", area: `${d.code}002001` });

async function openRound(title: string): Promise<string> {
  const opened = await d.admin.b.submit(d.path("/manage/evaluations"), { title, year: nowIso().slice(0, 4) }, d.path("/manage/evaluations"));
  expect(opened.status).toBe(303);
  return /\/manage\/evaluations\/([^?]+)/.exec(opened.headers.get("location") ?? "")![1]!;
}

const roundId = await openRound("评估范围测试评估");
const roundPath = d.path(`/manage/evaluations/${roundId}`);
for (const org of [orgA, orgB]) expect((await d.admin.b.submit(`${roundPath}/enrol`, { uscc: org.uscc! }, roundPath)).status).toBe(303);
const evalOf = async (orgId: string) => (await row<{ id: string }>(d.db, "SELECT id FROM evaluations WHERE district_id = ? AND round_id = ? AND organization_id = ?", d.code, roundId, orgId)).id;
const eA = await evalOf(orgA.id);
const eB = await evalOf(orgB.id);

// Both proposals on one notice of the round, each appealed by its organization and objected to by a resident.
const noticeId = `n${crypto.randomUUID()}`;
const endsOn = addDays(today(), 3);
{
  const now = nowIso();
  await d.db
    .prepare(
      "INSERT INTO public_notices (district_id, id, subject_kind, batch_id, title, body, reviewers_text, starts_at, ends_at, status, published_by, published_at, closed_at) VALUES (?, ?, 'evaluation', ?, '评估等级公示', '公示内容', '', ?, ?, 'open', ?, ?, NULL)",
    )
    .bind(d.code, noticeId, roundId, now, `${endsOn}T15:59:59.999Z`, d.admin.id, now)
    .run();
  for (const [evaluationId, org, area] of [
    [eA, orgA, `${d.code}001001`],
    [eB, orgB, `${d.code}002001`],
  ] as const) {
    await d.db
      .prepare("INSERT INTO notice_items (district_id, notice_id, subject_id, label, proposed_outcome, score, outcome, area_code) VALUES (?, ?, ?, ?, '4A', 80, 'pending', ?)")
      .bind(d.code, noticeId, evaluationId, org.name, area)
      .run();
    await d.db.prepare("UPDATE evaluations SET status = 'in_notice', notice_id = ?, total = 80, proposed_grade = '4A' WHERE district_id = ? AND id = ?").bind(noticeId, d.code, evaluationId).run();
    await d.db
      .prepare("INSERT INTO evaluation_appeals (district_id, id, evaluation_id, organization_id, notice_id, content, filed_by, filed_at, answer_due_on, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending')")
      .bind(d.code, `ap${evaluationId}`, evaluationId, org.id, noticeId, `${org.name}的复核申请`, d.admin.id, now, addDays(today(), 10))
      .run();
    const filed = await new Browser().submit(d.path(`/notices/${noticeId}/objections`), { subjectId: evaluationId, name: "居民", contact: "13800000000", content: `${org.name}的活动数据不实` }, d.path(`/notices/${noticeId}`));
    expect(filed.status).toBe(303);
  }
}
const [objA, objB] = await Promise.all([orgA, orgB].map(async (org) => (await row<{ id: string }>(d.db, "SELECT id FROM notice_objections WHERE district_id = ? AND content = ?", d.code, `${org.name}的活动数据不实`)).id));

const text = async (b: Browser, path: string) => (await b.fetch(path)).text();

describe("evaluations by the manager's area", () => {
  it("lists on the round page only the 街道's evaluations, appeals and objections; a district-wide holder sees all", async () => {
    const street = await text(d.streetA.b, roundPath);
    expect(street).toContain(`manage/evaluation/${eA}"`);
    expect(street).toContain(`evaluation-appeals/ap${eA}"`);
    expect(street).toContain(`notice-objections/${objA}"`);
    expect(street).not.toContain(orgB.name);
    expect(street).not.toContain(eB);
    expect(street).not.toContain(objB);
    const district = await text(d.admin.b, roundPath);
    for (const s of [eA, eB, `ap${eB}`, objA, objB, orgB.name]) expect(district).toContain(s);
  });

  it("puts the 街道's appeals and open objections on its to-do page with their deadlines, and the whole district's on a district-wide holder's", async () => {
    const street = await text(d.streetA.b, d.path("/todo"));
    expect(street).toContain(`等级评估 · 复核申请待答复 · 截止 ${addDays(today(), 10)}`);
    expect(street).toContain(`等级评估 · 公示异议待处理 · 截止 ${endsOn}`);
    expect(street).toContain(`<a href="${roundPath}#objections">${orgA.name}</a>`);
    expect(street).not.toContain(orgB.name);
    expect(street).toContain("共 2 项");
    const district = await text(d.admin.b, d.path("/todo"));
    expect(district).toContain(`<a href="${roundPath}#objections">${orgB.name}</a>`);
    expect(district.match(/公示异议待处理/g)).toHaveLength(2);
    expect(district.match(/复核申请待答复/g)).toHaveLength(2);
    const english = await text(d.streetA.b, d.path("/todo?lang=en"));
    expect(english).toContain("Evaluation · objection on notice to answer");
    await d.streetA.b.fetch(d.path("/todo?lang=zh-CN"));
  });

  it("marks an objection still unanswered when the notice has closed as overdue, and drops it once answered", async () => {
    const noticeId2 = `n${crypto.randomUUID()}`;
    const roundId2 = await openRound("逾期异议测试评估");
    const now = nowIso();
    const closedOn = addDays(today(), -2);
    await d.db
      .prepare(
        "INSERT INTO public_notices (district_id, id, subject_kind, batch_id, title, body, reviewers_text, starts_at, ends_at, status, published_by, published_at, closed_at) VALUES (?, ?, 'evaluation', ?, '评估等级公示', '公示内容', '', ?, ?, 'open', ?, ?, NULL)",
      )
      .bind(d.code, noticeId2, roundId2, now, `${closedOn}T15:59:59.999Z`, d.admin.id, now)
      .run();
    await d.db
      .prepare("INSERT INTO notice_items (district_id, notice_id, subject_id, label, proposed_outcome, score, outcome, area_code) VALUES (?, ?, 'eX', '逾期异议测试组织', '3A', 70, 'pending', ?)")
      .bind(d.code, noticeId2, `${d.code}001002`)
      .run();
    await d.db
      .prepare("INSERT INTO notice_objections (district_id, id, notice_id, subject_id, name, contact_protected, content, filed_at, status) VALUES (?, 'oLate', ?, 'eX', '居民', 'x', '逾期未答复的异议', ?, 'received')")
      .bind(d.code, noticeId2, now)
      .run();
    expect(await text(d.streetA.b, d.path("/todo"))).toContain(`等级评估 · 公示异议待处理 · <strong class="overdue">已逾期</strong> · 截止 ${closedOn}`);
    const handled = await d.streetA.b.submit(d.path("/manage/notice-objections/oLate"), { outcome: "dismissed", note: "经核实，数据无误。" }, d.path(`/manage/evaluations/${roundId2}`));
    expect(handled.status).toBe(303);
    expect(await text(d.streetA.b, d.path("/todo"))).not.toContain("已逾期");
  });

  it("lists and counts in the JSON list only the 街道's evaluations", async () => {
    const list = async (b: Browser) => (await (await b.api(d.path(`/api/v1/manage/evaluations?roundId=${roundId}`))).json()) as { total: number; evaluations: { id: string }[] };
    const street = await list(d.streetA.b);
    expect(street.total).toBe(1);
    expect(street.evaluations.map((e) => e.id)).toEqual([eA]);
    const district = await list(d.admin.b);
    expect(district.total).toBe(2);
    expect(district.evaluations.map((e) => e.id).sort()).toEqual([eA, eB].sort());
  });

  it("refuses a 街道's holder another area's evaluation with 404: its page, scorers, appeals and their answer, and enrolling its organization", async () => {
    const street = d.streetA.b;
    expect((await street.fetch(d.path(`/manage/evaluation/${eA}`))).status).toBe(200);
    expect((await street.fetch(d.path(`/manage/evaluation/${eB}`))).status).toBe(404);
    expect((await street.submit(d.path(`/manage/evaluation/${eB}/assign`), {}, roundPath)).status).toBe(404);
    expect((await street.api(d.path(`/api/v1/manage/evaluation/${eB}/appeals`))).status).toBe(404);
    expect((await street.api(d.path(`/api/v1/manage/evaluation/${eA}/appeals`))).status).toBe(200);
    const answer = { outcome: "dismissed", answer: "经评估委员会复核，维持原评估结果。", committeeDecidedOn: today(), revisedTotal: "" };
    expect((await street.submit(d.path(`/manage/evaluation-appeals/ap${eB}`), answer, roundPath)).status).toBe(404);
    expect((await row<{ status: string }>(d.db, "SELECT status FROM evaluation_appeals WHERE district_id = ? AND id = ?", d.code, `ap${eB}`)).status).toBe("pending");
    // Moving another area's scoring task, on the page's form or through the review API.
    const { rubric_id } = await row<{ rubric_id: string }>(d.db, "SELECT rubric_id FROM evaluations WHERE district_id = ? AND id = ?", d.code, eB);
    await d.db
      .prepare("INSERT INTO review_assignments (district_id, id, subject_kind, subject_id, rubric_id, reviewer_id, scorer_role, status, assigned_at) VALUES (?, ?, 'evaluation', ?, ?, ?, 'evaluator', 'conflicted', ?)")
      .bind(d.code, `as${eB}`, eB, rubric_id, d.admin.id, nowIso())
      .run();
    expect((await street.submit(d.path(`/manage/evaluation-assignments/as${eB}/move`), { to: d.streetA.id }, roundPath)).status).toBe(404);
    expect((await street.api(d.path(`/api/v1/review/assignments/as${eB}/move`), { method: "POST", json: { reviewerId: d.streetA.id } })).status).toBe(404);
    expect((await row<{ reviewer_id: string }>(d.db, "SELECT reviewer_id FROM review_assignments WHERE district_id = ? AND id = ?", d.code, `as${eB}`)).reviewer_id).toBe(d.admin.id);
    // Enrolling another area's organization: as if the code were unknown, and nothing enrolled.
    const round2 = await openRound("报名范围测试评估");
    const enrol = await street.submit(d.path(`/manage/evaluations/${round2}/enrol`), { uscc: orgB.uscc! }, d.path(`/manage/evaluations/${round2}`));
    expect(enrol.status).toBe(422);
    expect(await rows(d.db, "SELECT id FROM evaluations WHERE district_id = ? AND round_id = ?", d.code, round2)).toEqual([]);
    expect((await street.submit(d.path(`/manage/evaluations/${round2}/enrol`), { uscc: orgA.uscc! }, d.path(`/manage/evaluations/${round2}`))).status).toBe(303);
  });

  it("has a 街道's holder announce only its own organizations' settled results", async () => {
    const round3 = await openRound("公告范围测试评估");
    const path3 = d.path(`/manage/evaluations/${round3}`);
    for (const org of [orgA, orgB]) expect((await d.admin.b.submit(`${path3}/enrol`, { uscc: org.uscc! }, path3)).status).toBe(303);
    await d.db.prepare("UPDATE evaluations SET status = 'final', total = 70, proposed_grade = '3A', final_grade = '3A', finalized_at = ? WHERE district_id = ? AND round_id = ?").bind(nowIso(), d.code, round3).run();
    expect(await text(d.streetA.b, path3)).not.toContain(orgB.name);
    const announced = await d.streetA.b.submit(`${path3}/announce`, { title: "甲街道评估结果公告", documentNo: "", announcedOn: today() }, path3);
    expect(announced.status).toBe(303);
    const after = await rows<{ organization_id: string; announcement_id: string | null }>(d.db, "SELECT organization_id, announcement_id FROM evaluations WHERE district_id = ? AND round_id = ?", d.code, round3);
    expect(after.find((e) => e.organization_id === orgA.id)?.announcement_id).not.toBeNull();
    expect(after.find((e) => e.organization_id === orgB.id)?.announcement_id).toBeNull();
    expect(await text(d.admin.b, path3)).toContain(orgB.name);
  });

  it("answers 404 to another district's administrator", async () => {
    expect((await other.admin.b.fetch(other.path(`/manage/evaluation/${eA}`))).status).toBe(404);
    expect((await other.admin.b.api(other.path(`/api/v1/manage/evaluation/${eA}/appeals`))).status).toBe(404);
    expect((await other.admin.b.api(other.path(`/api/v1/manage/evaluations?roundId=${roundId}`))).status).toBe(404);
    expect(await text(other.admin.b, other.path("/todo"))).not.toContain(orgA.name);
  });
});
