import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { gradeTerm } from "../../src/modules/disclosure/rules";
import { addDays, addMonths, beijingDate } from "../../src/lib/beijing-time";
import { Browser, countRows, createUser, testEnv } from "../helpers";
import { changed, insertOrg, row, rows, runDaily, runFrequent, today } from "./fixtures";
import { districtWith } from "../fixtures/district";

// Evaluations (社会组织评估) on the review engine: eligibility, the three score columns
// (self-assessment, evaluator team, committee), conflict declarations with the cooling-off
// rule, proposal by the district's bands, public notice with appeals (复核) answered in
// writing by a deadline, the results announcement whose date starts the grade's term, the
// certificate, and the expiry.

const D = "150931";
const SHARD = "DISTRICTS_0";
const { db } = await districtWith(D, { shard: SHARD });
const admin = await createUser(D, SHARD, [{ role: "district_admin" }]);
const evaluator = await createUser(D, SHARD, [{ role: "evaluator" }]);
const reviewers = [await createUser(D, SHARD, [{ role: "reviewer" }]), await createUser(D, SHARD, [{ role: "reviewer" }]), await createUser(D, SHARD, [{ role: "reviewer" }])];
let staff = new Browser();

// The frequent job also ends idle sessions, and these tests run it far in the future.
beforeEach(async () => {
  staff = new Browser();
  await staff.signIn(D, admin.email);
});

afterEach(() => {
  vi.useRealTimers();
});

async function signedIn(email: string) {
  const b = new Browser();
  await b.signIn(D, email);
  return b;
}

async function memberOf(orgId: string) {
  const user = await createUser(D, SHARD, [{ role: "org_member", organizationId: orgId }]);
  return { user, b: await signedIn(user.email) };
}

async function openRound(title: string): Promise<string> {
  const res = await staff.submit(`/d/${D}/manage/evaluations`, { title, year: String(Number(today().slice(0, 4))) }, `/d/${D}/manage/evaluations`);
  expect(res.status, await res.clone().text()).toBe(303);
  return /\/manage\/evaluations\/([^?]+)/.exec(res.headers.get("location")!)![1]!;
}

async function items(roundId: string) {
  return rows<{ id: string; max_score: number; area: string }>(
    db,
    // The organizations here are 社会服务机构 (the fixture's default type): their type's rubric.
    "SELECT ri.id, ri.max_score, ri.area FROM rubric_items ri JOIN evaluation_rounds r ON r.district_id = ri.district_id AND json_extract(r.type_rubrics_json, '$.社会服务机构') = ri.rubric_id WHERE r.district_id = ? AND r.id = ? ORDER BY ri.position",
    D,
    roundId,
  );
}

/** Form values that score `total` points, filling items in order. */
async function scoresFor(roundId: string, total: number, action = "submit") {
  const form: Record<string, string> = { action };
  let left = total;
  for (const item of await items(roundId)) {
    const give = Math.min(item.max_score, left);
    form[`s_${item.id}`] = String(give);
    left -= give;
  }
  return form;
}

async function evaluationOf(orgId: string) {
  return row<{ id: string; status: string; self_total: number; evaluator_total: number; committee_total: number; total: number; proposed_grade: string | null; final_grade: string | null; notice_id: string }>(
    db,
    "SELECT * FROM evaluations WHERE district_id = ? AND organization_id = ?",
    D,
    orgId,
  );
}

async function assignment(evaluationId: string, reviewerId: string) {
  return (await row<{ id: string }>(db, "SELECT id FROM review_assignments WHERE district_id = ? AND subject_id = ? AND reviewer_id = ? AND status != 'moved'", D, evaluationId, reviewerId)).id;
}

async function declareAndScore(email: string, assignmentId: string, roundId: string, total: number) {
  const b = await signedIn(email);
  expect((await b.submit(`/d/${D}/review/${assignmentId}/declaration`, { workedFor: "no", lastWorkedOn: "", otherConflict: "" })).status).toBe(303);
  const res = await b.submit(`/d/${D}/review/${assignmentId}/scores`, await scoresFor(roundId, total));
  expect(res.status, await res.clone().text()).toBe(303);
}

/** An organization taken through scoring by one committee member, then put on notice. */
async function onNotice(roundId: string, name: string, committeeTotal: number) {
  const org = await insertOrg(db, D, { name, registeredOn: "2015-06-01" });
  const m = await memberOf(org.id);
  expect((await m.b.submit(`/d/${D}/my/evaluations`, { roundId })).status).toBe(303);
  const e = await evaluationOf(org.id);
  await staff.submit(`/d/${D}/manage/evaluation/${e.id}/assign`, { [`committee.${reviewers[1]!.id}`]: "1" });
  await declareAndScore(reviewers[1]!.email, await assignment(e.id, reviewers[1]!.id), roundId, committeeTotal);
  expect((await staff.submit(`/d/${D}/manage/evaluations/${roundId}/propose`, {})).status).toBe(303);
  return { org, member: m, evaluation: await evaluationOf(org.id) };
}

describe("eligibility", () => {
  it("admits organizations registered for the full years, on no credit list, with last year's report, re-evaluating a grade within the first four years of its term, and says why others are refused", async () => {
    const roundId = await openRound("资格测试评估批次");
    const young = await insertOrg(db, D, { registeredOn: addMonths(today(), -12) });
    const ym = await memberOf(young.id);
    const refused = await ym.b.submit(`/d/${D}/my/evaluations`, { roundId });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain(`登记满 2 年方可参评（${addMonths(addMonths(today(), -12), 24)} 起）`);

    const listed = await insertOrg(db, D, { listStatus: "abnormal" });
    const byStaff = await staff.submit(`/d/${D}/manage/evaluations/${roundId}/enrol`, { uscc: listed.uscc! });
    expect(byStaff.status).toBe(409);
    expect(await byStaff.text()).toContain("列入信用名单期间不得参评");

    // A valid grade in the last year of its term: re-evaluation closed at the end of the fourth year.
    const year = Number(today().slice(0, 4));
    const graded = await insertOrg(db, D, { grade: "3A", gradeStatus: "valid", gradeValidUntil: `${year}-12-31` });
    const g = await staff.submit(`/d/${D}/manage/evaluations/${roundId}/enrol`, { uscc: graded.uscc! });
    expect(g.status).toBe(409);
    expect(await g.text()).toContain(`评估等级有效期的前 4 年内（至 ${year - 1}-12-31）方可申请重新评估；现有等级有效期至 ${year}-12-31`);
    // In the second year of its term: re-evaluated, with a simplified on-site part.
    const early = await insertOrg(db, D, { grade: "3A", gradeStatus: "valid", gradeValidUntil: `${year + 3}-12-31` });
    expect((await staff.submit(`/d/${D}/manage/evaluations/${roundId}/enrol`, { uscc: early.uscc! })).status).toBe(303);
    const reEvaluation = await row<{ id: string; simplified_onsite: number }>(db, "SELECT id, simplified_onsite FROM evaluations WHERE district_id = ? AND organization_id = ?", D, early.id);
    expect(reEvaluation.simplified_onsite).toBe(1);
    expect(await (await staff.fetch(`/d/${D}/manage/evaluation/${reEvaluation.id}`)).text()).toContain("实地评估可适当简化");

    const overdue = await insertOrg(db, D, { filingStatus: "overdue" });
    const o = await staff.submit(`/d/${D}/manage/evaluations/${roundId}/enrol`, { uscc: overdue.uscc! });
    expect(o.status).toBe(409);
    expect(await o.text()).toContain("未履行年度工作报告义务");

    const expired = await insertOrg(db, D, { grade: "3A", gradeStatus: "expired", gradeValidUntil: "2025-06-30" });
    expect((await staff.submit(`/d/${D}/manage/evaluations/${roundId}/enrol`, { uscc: expired.uscc! })).status).toBe(303);
    const again = await staff.submit(`/d/${D}/manage/evaluations/${roundId}/enrol`, { uscc: expired.uscc! });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("该组织已在本批次中");
    expect(await countRows(db, "evaluations", "district_id = ? AND round_id = ?", D, roundId)).toBe(2);
  });

  it("uses the district's scale: a 1000-point district gets a rubric of 1000 standard points and its own bands", async () => {
    const Q = "150932";
    await districtWith(Q, { shard: "DISTRICTS_1", settings: { gradeBands: { scale: 1000, minimums: { "5A": 951, "4A": 851, "3A": 751, "2A": 651, "1A": 501 } } } });
    const qAdmin = await createUser(Q, "DISTRICTS_1", [{ role: "district_admin" }]);
    const q = new Browser();
    await q.signIn(Q, qAdmin.email);
    const res = await q.submit(`/d/${Q}/manage/evaluations`, { title: "千分制评估批次", year: "2026" }, `/d/${Q}/manage/evaluations`);
    const roundId = /\/manage\/evaluations\/([^?]+)/.exec(res.headers.get("location")!)![1]!;
    const page = await (await q.fetch(`/d/${Q}/manage/evaluations/${roundId}`)).text();
    expect(page).toContain("评估指标按 1000 分制");
    expect(page).toContain("5A ≥ 951 · 4A ≥ 851 · 3A ≥ 751 · 2A ≥ 651 · 1A ≥ 501");
    const { sum } = await row<{ sum: number }>(testEnv.DISTRICTS_1, "SELECT sum(ri.max_score) AS sum FROM rubric_items ri JOIN evaluation_rounds r ON r.district_id = ri.district_id AND r.rubric_id = ri.rubric_id WHERE r.id = ?", roundId);
    expect(sum).toBe(1000);
  });
});

describe("scoring, notice, appeal and the final grade", () => {
  it("runs from self-assessment to a final grade that expires by itself", async () => {
    const roundId = await openRound("2026年度社会组织等级评估");
    const org = await insertOrg(db, D, { name: "评估全流程服务中心", registeredOn: "2015-06-01" });
    const m = await memberOf(org.id);
    expect((await m.b.submit(`/d/${D}/my/evaluations`, { roundId })).status).toBe(303);
    const e = await evaluationOf(org.id);
    expect(e.status).toBe("enrolled");
    const rubric = await items(roundId);
    expect(rubric.map((i) => i.max_score).reduce((a, b) => a + b)).toBe(100);
    expect(new Set(rubric.map((i) => i.area))).toEqual(new Set(["基础条件", "内部治理", "业务活动和诚信建设", "社会评价"]));

    // Self-assessment: a score beyond the item's standard points is refused.
    const selfUrl = `/d/${D}/my/evaluations/${e.id}/self`;
    expect((await m.b.fetch(selfUrl)).status).toBe(200);
    const over = await m.b.submit(selfUrl, { action: "save", [`s_${rubric[0]!.id}`]: "999" });
    expect(over.status).toBe(422);
    expect(await over.text()).toContain(`得分须在 0 至 ${rubric[0]!.max_score} 之间`);
    expect(await countRows(db, "review_scores", "district_id = ?", D)).toBe(0);
    const incomplete = await m.b.submit(selfUrl, { action: "submit", [`s_${rubric[0]!.id}`]: "3" });
    expect(await incomplete.text()).toContain("提交前须为每项指标评分");
    expect((await m.b.submit(selfUrl, await scoresFor(roundId, 100))).status).toBe(303);

    // Evaluator team and committee; one committee member worked for the organization a year ago.
    const assign = await staff.submit(`/d/${D}/manage/evaluation/${e.id}/assign`, { [`evaluators.${evaluator.id}`]: "1", [`committee.${reviewers[0]!.id}`]: "1", [`committee.${reviewers[1]!.id}`]: "1" });
    expect(assign.status).toBe(303);
    const r0 = await signedIn(reviewers[0]!.email);
    const r0a = await assignment(e.id, reviewers[0]!.id);
    // Before declaring, there is nothing to score.
    expect((await r0.submit(`/d/${D}/review/${r0a}/scores`, await scoresFor(roundId, 90))).status).toBe(409);
    const missingDate = await r0.submit(`/d/${D}/review/${r0a}/declaration`, { workedFor: "yes", lastWorkedOn: "", otherConflict: "" });
    expect(missingDate.status).toBe(422);
    expect((await r0.submit(`/d/${D}/review/${r0a}/declaration`, { workedFor: "yes", lastWorkedOn: addMonths(today(), -12), otherConflict: "" })).status).toBe(303);
    expect(await row(db, "SELECT status, conflict_reason FROM review_assignments WHERE district_id = ? AND id = ?", D, r0a)).toMatchObject({ status: "conflicted", conflict_reason: expect.stringContaining("未满 2 年回避期") });
    expect((await r0.submit(`/d/${D}/review/${r0a}/scores`, await scoresFor(roundId, 99))).status).toBe(409);

    const r1a = await assignment(e.id, reviewers[1]!.id);
    const r1 = await signedIn(reviewers[1]!.email);
    await r1.submit(`/d/${D}/review/${r1a}/declaration`, { workedFor: "yes", lastWorkedOn: addMonths(today(), -30), otherConflict: "" });
    const outOfRange = await r1.submit(`/d/${D}/review/${r1a}/scores`, { action: "save", [`s_${rubric[8]!.id}`]: "16" });
    expect(outOfRange.status).toBe(422);
    expect(await outOfRange.text()).toContain("得分须在 0 至 15 之间");
    expect((await r1.submit(`/d/${D}/review/${r1a}/scores`, await scoresFor(roundId, 85))).status).toBe(303);
    await declareAndScore(evaluator.email, await assignment(e.id, evaluator.id), roundId, 88);

    // The conflicted assignment moves to another member, who scores too.
    expect((await staff.submit(`/d/${D}/manage/evaluation-assignments/${r0a}/move`, { to: reviewers[2]!.id })).status).toBe(303);
    const roundPage = await (await staff.fetch(`/d/${D}/manage/evaluations/${roundId}`)).text();
    expect(roundPage).toContain("尚无评估委员会提交评分的组织"); // the new member has not scored yet
    await declareAndScore(reviewers[2]!.email, await assignment(e.id, reviewers[2]!.id), roundId, 89);

    // Proposal: committee mean (85 + 89) / 2 = 87 → 4A on the 100-point bands; the conflicted member never counts.
    expect((await staff.submit(`/d/${D}/manage/evaluations/${roundId}/propose`, {})).status).toBe(303);
    const proposed = await evaluationOf(org.id);
    expect(proposed).toMatchObject({ status: "in_notice", self_total: 100, evaluator_total: 88, committee_total: 87, total: 87, proposed_grade: "4A" });
    const notice = await row<{ id: string; ends_at: string; reviewers_text: string }>(db, "SELECT * FROM public_notices WHERE district_id = ? AND id = ?", D, proposed.notice_id);
    const noticePage = await (await new Browser().fetch(`/d/${D}/notices/${notice.id}`)).text();
    expect(noticePage).toContain("评估全流程服务中心");
    expect(noticePage).toContain("4A");
    expect(noticePage).toContain("公示中");
    expect(await (await new Browser().fetch(`/d/${D}/notices.atom`)).text()).toContain("拟定等级公示");

    // An appeal during the notice, answered in writing by the configured deadline.
    const appeal = await m.b.submit(`/d/${D}/my/evaluations/${e.id}/appeal`, { content: "我单位党建工作材料未被评估组采纳，申请复核。" });
    expect(appeal.status).toBe(200);
    const dueOn = addDays(today(), 15);
    const appealText = await appeal.text();
    expect(appealText).toContain(`复核申请已提交，将于 ${dueOn} 前书面答复`);
    // With a receipt number and check code whose public receipt shows the appeal pending.
    const [, no, check] = /(\d{6}-\d{4}-\d{6}) · 查询码 ([A-Z0-9]{4})/.exec(appealText)!;
    expect(await (await new Browser().fetch(`/d/${D}/receipts?no=${no}&check=${check}`)).text()).toMatch(/等级评估复核申请[\s\S]*待答复/);
    const twice = await m.b.submit(`/d/${D}/my/evaluations/${e.id}/appeal`, { content: "再次申请复核的内容。" });
    expect(twice.status).toBe(409);

    // The notice ends; a pending appeal holds the result.
    const afterNotice = Date.parse(notice.ends_at) + 60_000;
    await runFrequent(afterNotice);
    staff = await signedIn(admin.email);
    m.b = await signedIn(m.user.email);
    expect((await evaluationOf(org.id)).status).toBe("in_notice");
    expect((await row<{ status: string }>(db, "SELECT status FROM public_notices WHERE district_id = ? AND id = ?", D, notice.id)).status).toBe("closed");

    const a = await row<{ id: string; answer_due_on: string }>(db, "SELECT id, answer_due_on FROM evaluation_appeals WHERE district_id = ? AND evaluation_id = ?", D, e.id);
    expect(a.answer_due_on).toBe(dueOn);
    // Staff's list of the appeals in the API quotes the number the organization was given.
    const listed = (await (await staff.api(`/d/${D}/api/v1/manage/evaluation/${e.id}/appeals`)).json()) as { appeals: { id: string; receiptNo: string | null }[] };
    expect(listed.appeals).toEqual([expect.objectContaining({ id: a.id, receiptNo: no })]);
    const noTotal = await staff.submit(`/d/${D}/manage/evaluation-appeals/${a.id}`, { outcome: "upheld", answer: "经复核，补充党建材料后调整得分。", revisedTotal: "" });
    expect(noTotal.status).toBe(422);
    // The evaluation committee decides appeals now: the date of its decision is required,
    // not later than today and not before the appeal; a refusal keeps what was typed.
    const answer = { outcome: "upheld", answer: "经复核，补充党建材料后调整得分。", revisedTotal: "91" };
    const futureAnswer = await staff.submit(`/d/${D}/manage/evaluation-appeals/${a.id}`, { ...answer, committeeDecidedOn: addDays(today(), 1) });
    expect(futureAnswer.status).toBe(422);
    const futurePage = await futureAnswer.text();
    expect(futurePage).toContain("决定日期不能晚于今天。");
    expect(futurePage).toContain("经复核，补充党建材料后调整得分。");
    const earlyAnswer = await staff.submit(`/d/${D}/manage/evaluation-appeals/${a.id}`, { ...answer, committeeDecidedOn: addDays(today(), -1) });
    expect(earlyAnswer.status).toBe(422);
    expect(await earlyAnswer.text()).toContain(`决定日期不能早于复核申请提交日期（${today()}）`);
    expect((await staff.submit(`/d/${D}/manage/evaluation-appeals/${a.id}`, { ...answer, committeeDecidedOn: today() })).status).toBe(303);
    expect(await row(db, "SELECT committee_decided_on FROM evaluation_appeals WHERE district_id = ? AND id = ?", D, a.id)).toEqual({ committee_decided_on: today() });
    expect(await (await staff.fetch(`/d/${D}/manage/evaluations/${roundId}`)).text()).toContain(`评估委员会于 ${today()} 作出复核决定。`);
    const member = await (await m.b.fetch(`/d/${D}/my/organization`)).text();
    expect(member).toContain("经复核，补充党建材料后调整得分。");

    // Settled: the revised total's grade is final, but nothing is awarded before the announcement.
    expect(changed(await runFrequent(afterNotice + 5 * 60_000), D, "notices.settle")).toBe(1);
    const settledOn = beijingDate(new Date(afterNotice + 5 * 60_000).toISOString());
    expect(await evaluationOf(org.id)).toMatchObject({ status: "final", final_grade: "5A", total: 91, announcement_id: null });
    expect(await row(db, "SELECT grade, grade_status FROM organizations WHERE district_id = ? AND id = ?", D, org.id)).toEqual({ grade: null, grade_status: "none" });
    expect(await countRows(db, "organization_grades", "district_id = ? AND organization_id = ?", D, org.id)).toBe(0);
    expect(changed(await runFrequent(afterNotice + 10 * 60_000), D, "notices.settle")).toBe(0);

    // The announcement (公告), on a fixed clock the day after the notice settled.
    vi.useFakeTimers({ toFake: ["Date"] });
    const announcedOn = addDays(settledOn, 1);
    vi.setSystemTime(Date.parse(`${announcedOn}T10:00:00+08:00`));
    staff = await signedIn(admin.email);
    const roundUrl = `/d/${D}/manage/evaluations/${roundId}`;
    const form = await (await staff.fetch(roundUrl)).text();
    expect(form).toContain("评估结果公告");
    const announce = `${roundUrl}/announce`;
    const future = await staff.submit(announce, { title: "2026年度社会组织评估结果公告", documentNo: "测民发〔2026〕12号", announcedOn: addDays(announcedOn, 1) });
    expect(future.status).toBe(422);
    const futureText = await future.text();
    expect(futureText).toContain("公告日期不能晚于今天");
    expect(futureText).toContain("测民发〔2026〕12号"); // typed values kept
    const early = await staff.submit(announce, { title: "2026年度社会组织评估结果公告", documentNo: "", announcedOn: addDays(settledOn, -1) });
    expect(early.status).toBe(422);
    expect(await early.text()).toContain(`公告日期不能早于公示期满之日（${settledOn}）`);
    expect(await countRows(db, "evaluation_announcements", "district_id = ?", D)).toBe(0);
    expect((await staff.submit(announce, { title: "2026年度社会组织评估结果公告", documentNo: "测民发〔2026〕12号", announcedOn })).status).toBe(303);
    const again = await staff.submit(announce, { title: "再次公告", documentNo: "", announcedOn });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("没有待公告的评估结果");

    const { validFrom, validUntil } = gradeTerm(announcedOn, 5);
    expect(validFrom).toBe(`${Number(announcedOn.slice(0, 4)) + 1}-01-01`);
    expect(validUntil).toBe(`${Number(announcedOn.slice(0, 4)) + 5}-12-31`);
    expect(await row(db, "SELECT grade, grade_status, grade_valid_until FROM organizations WHERE district_id = ? AND id = ?", D, org.id)).toEqual({ grade: "5A", grade_status: "valid", grade_valid_until: validUntil });
    const g = await row<{ id: string }>(db, "SELECT id, grade, awarded_on, valid_from, valid_until, status FROM organization_grades WHERE district_id = ? AND organization_id = ?", D, org.id);
    expect(g).toMatchObject({ grade: "5A", awarded_on: announcedOn, valid_from: validFrom, valid_until: validUntil, status: "valid" });
    const publicPage = await (await new Browser().fetch(`/d/${D}/organizations/${org.id}`)).text();
    expect(publicPage).toContain(`5A，有效期至 ${validUntil}`);
    expect(publicPage).toContain(`/organizations/${org.id}/grades/${g.id}/certificate`);
    // The organization heard of the appeal's answer and of its grade, in the same writes.
    const told = await rows<{ kind: string; recipient_ref: string; params_json: string }>(db, "SELECT kind, recipient_ref, params_json FROM notification_events WHERE district_id = ? AND target_id = ? ORDER BY created_at, rowid", D, e.id);
    expect(told.map((n) => [n.kind, n.recipient_ref])).toEqual([
      ["disclosure.appeal_upheld", org.id],
      ["disclosure.evaluation_results", org.id],
    ]);
    expect(JSON.parse(told[1]!.params_json)).toMatchObject({ grade: "5A", validUntil });
    const announcementId = (await row<{ id: string }>(db, "SELECT id FROM evaluation_announcements WHERE district_id = ?", D)).id;
    const announcementPage = await (await new Browser().fetch(`/d/${D}/evaluation-announcements/${announcementId}`)).text();
    expect(announcementPage).toContain("评估全流程服务中心");
    expect(announcementPage).toContain("测民发〔2026〕12号");
    const certificate = await (await new Browser().fetch(`/d/${D}/organizations/${org.id}/grades/${g.id}/certificate`)).text();
    expect(certificate).toContain("社会组织评估等级证书");
    const [fy, ly] = [validFrom.slice(0, 4), validUntil.slice(0, 4)];
    expect(certificate).toContain(`${fy}年1月1日 至 ${ly}年12月31日`);
    vi.useRealTimers();

    // Expiry by the daily job, on the day after the last valid day; once.
    await runDaily(validUntil, "23:59:00");
    expect((await row<{ grade_status: string }>(db, "SELECT grade_status FROM organizations WHERE district_id = ? AND id = ?", D, org.id)).grade_status).toBe("valid");
    expect(changed(await runDaily(addDays(validUntil, 1)), D, "grades.expire")).toBe(1);
    expect(changed(await runDaily(addDays(validUntil, 1)), D, "grades.expire")).toBe(0);
    expect(await row(db, "SELECT status, ended_on FROM organization_grades WHERE district_id = ? AND organization_id = ?", D, org.id)).toEqual({ status: "expired", ended_on: addDays(validUntil, 1) });
    const expiredPage = await (await new Browser().fetch(`/d/${D}/organizations/${org.id}`)).text();
    expect(expiredPage).toContain(`5A（有效期至 ${validUntil}，已过期）`);
    expect(expiredPage).not.toContain("/certificate");
    const directory = await (await new Browser().fetch(`/d/${D}/organizations?grade=expired`)).text();
    expect(directory).toContain("评估全流程服务中心");
    expect(await (await new Browser().fetch(`/d/${D}/organizations?grade=5A`)).text()).not.toContain("评估全流程服务中心");
  });

  it("refuses an appeal after the notice period, naming the date it closed", async () => {
    const roundId = await openRound("复核期限测试批次");
    const { evaluation, member } = await onNotice(roundId, "复核期限测试中心", 72);
    expect(evaluation).toMatchObject({ status: "in_notice", proposed_grade: "3A" });
    const notice = await row<{ ends_at: string }>(db, "SELECT ends_at FROM public_notices WHERE district_id = ? AND id = ?", D, evaluation.notice_id);
    const closedOn = beijingDate(notice.ends_at);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.parse(notice.ends_at) + 60_000);
    const b = await signedIn(member.user.email);
    const late = await b.submit(`/d/${D}/my/evaluations/${evaluation.id}/appeal`, { content: "公示结束后才提出的复核申请。" });
    expect(late.status).toBe(409);
    expect(await late.text()).toContain(`复核申请须在公示期内提出；本次公示已于 ${closedOn} 结束。`);
    expect(await countRows(db, "evaluation_appeals", "district_id = ? AND evaluation_id = ?", D, evaluation.id)).toBe(0);
  });

  it("sends an evaluation back to the committee when a public objection is upheld; the objector's contact stays private", async () => {
    const roundId = await openRound("公示异议测试批次");
    const { evaluation, org } = await onNotice(roundId, "公示异议测试中心", 66);
    const visitor = new Browser();
    await visitor.fetch(`/d/${D}/notices/${evaluation.notice_id}`);
    const filed = await visitor.submit(`/d/${D}/notices/${evaluation.notice_id}/objections`, { subjectId: evaluation.id, name: "热心居民", contact: "13700001111", content: "该组织年度活动数据与实际不符。" });
    expect(filed.status).toBe(303);
    const page = await (await new Browser().fetch(`/d/${D}/notices/${evaluation.notice_id}`)).text();
    expect(page).toContain("已收到异议 1 件");
    expect(page).not.toContain("13700001111");
    expect(page).not.toContain("该组织年度活动数据与实际不符");
    const objection = await row<{ id: string; contact_protected: string }>(db, "SELECT id, contact_protected FROM notice_objections WHERE district_id = ? AND notice_id = ?", D, evaluation.notice_id);
    expect(objection.contact_protected).not.toContain("13700001111");
    expect((await staff.submit(`/d/${D}/manage/notice-objections/${objection.id}`, { outcome: "upheld", note: "经核实数据有误，退回评估委员会重新评审。" })).status).toBe(303);
    const notice = await row<{ ends_at: string }>(db, "SELECT ends_at FROM public_notices WHERE district_id = ? AND id = ?", D, evaluation.notice_id);
    await runFrequent(Date.parse(notice.ends_at) + 60_000);
    expect(await evaluationOf(org.id)).toMatchObject({ status: "returned", proposed_grade: null });
    expect(await row(db, "SELECT submitted_at FROM review_assignments WHERE district_id = ? AND subject_id = ? AND scorer_role = 'committee'", D, evaluation.id)).toEqual({ submitted_at: null });
    expect(await (await new Browser().fetch(`/d/${D}/notices/${evaluation.notice_id}`)).text()).toContain("异议成立，重新审定");
  });

  it("keeps scorers to their own tasks and other districts out", async () => {
    const roundId = await openRound("访问控制测试批次");
    const org = await insertOrg(db, D, { registeredOn: "2015-06-01" });
    await staff.submit(`/d/${D}/manage/evaluations/${roundId}/enrol`, { uscc: org.uscc! });
    const e = await evaluationOf(org.id);
    await staff.submit(`/d/${D}/manage/evaluation/${e.id}/assign`, { [`committee.${reviewers[0]!.id}`]: "1" });
    const mine = await assignment(e.id, reviewers[0]!.id);
    const other = await signedIn(reviewers[2]!.email);
    expect((await other.fetch(`/d/${D}/review/${mine}`)).status).toBe(404);
    expect((await other.submit(`/d/${D}/review/${mine}/declaration`, { workedFor: "no", lastWorkedOn: "", otherConflict: "" })).status).toBe(404);
    const m = await memberOf((await insertOrg(db, D)).id);
    expect((await m.b.fetch(`/d/${D}/my/evaluations/${e.id}/self`)).status).toBe(404);
    expect((await m.b.fetch(`/d/${D}/manage/evaluations/${roundId}`)).status).toBe(403);
    const B = "150933";
    await districtWith(B, { shard: "DISTRICTS_1" });
    const foreign = await createUser(B, "DISTRICTS_1", [{ role: "district_admin" }]);
    const f = new Browser();
    await f.signIn(B, foreign.email);
    expect((await f.fetch(`/d/${B}/manage/evaluations/${roundId}`)).status).toBe(404);
    expect((await f.fetch(`/d/${B}/manage/evaluation/${e.id}`)).status).toBe(404);
    expect((await f.submit(`/d/${B}/manage/evaluations/${roundId}/propose`, {})).status).toBe(404);
  });
});
