import { describe, expect, it } from "vitest";
import { settleNotices } from "../../src/review";
import { districtWith } from "../fixtures/district";
import { Browser } from "../helpers";
import { dataOf } from "../notifications/helpers";
import { POSTS_CAST } from "../posts/fixtures";

// The annual linkage assessment: indicators computed from needs, meetings and actions of
// the year, items scored by reviewers in the review inbox after a conflict declaration,
// a weighted total and a rank per 街道, put on public notice once (one winner of two
// publishers), published when the notice settles with no objection upheld and sent back
// for scoring when one is, every area's notice entry then reading withdrawn, not final;
// public only when published. Other districts and lower levels
// answer 404.

const A = await districtWith("170321", POSTS_CAST);
const B = await districtWith("170322", { ...POSTS_CAST, shard: "DISTRICTS_1" });
const second = await A.add("reviewer");
const S1 = `${A.code}001`;
const S2 = `${A.code}002`;

async function seedYear(): Promise<void> {
  const run = (sql: string, ...p: unknown[]) =>
    A.db
      .prepare(sql)
      .bind(...p)
      .run();
  const need = (id: string, due: string, answered: string) =>
    run(
      "INSERT INTO linkage_needs (district_id, id, receipt_code, community_code, category, description, source, status, priority, due_on, received_at, answered_at, created_at, updated_at) VALUES (?, ?, ?, ?, 'elderly', '助餐', 'visit', 'accepted', 'normal', ?, '2025-03-02T02:00:00.000Z', ?, '2025-03-02T02:00:00.000Z', '2025-03-02T02:00:00.000Z')",
      A.code,
      id,
      `R${id}`,
      `${S1}001`,
      due,
      answered,
    );
  await need("n1", "2025-03-09", "2025-03-05T02:00:00.000Z"); // on time
  await need("n2", "2025-03-09", "2025-03-20T02:00:00.000Z"); // late
  for (const [id, held] of [
    ["m1", "2025-03-10"],
    ["m2", "2025-09-10"],
  ])
    await run("INSERT INTO linkage_meetings (district_id, id, area_code, title, held_on, agenda, created_at, updated_at) VALUES (?, ?, ?, '联席会议', ?, '议程', ?, ?)", A.code, id, S1, held, held, held);
  await run(
    "INSERT INTO linkage_actions (district_id, id, meeting_id, title, owner_kind, owner_name, due_on, status, done_on, created_at, updated_at) VALUES (?, 'a1', 'm1', '选址', 'person', '王', '2025-06-30', 'done', '2025-06-20', 'x', 'x')",
    A.code,
  );
  await run("UPDATE areas SET population = 20000 WHERE district_id = ? AND code = ?", A.code, S1);
}

const outcomes = async (noticeId: string) => (await A.db.prepare("SELECT outcome FROM notice_items WHERE district_id = ? AND notice_id = ?").bind(A.code, noticeId).all<{ outcome: string }>()).results.map((r) => r.outcome);

const form = {
  year: "2025",
  level: "subdistrict",
  title: "2025年度三社联动观摩评比",
  weight_needs_on_time: "40",
  target_needs_on_time: "100",
  weight_meetings_held: "20",
  target_meetings_held: "4",
  weight_actions_on_time: "20",
  target_actions_on_time: "90",
  weight_workers_per_10k: "0",
  target_workers_per_10k: "5",
  item1: "协同机制建设",
  item1Weight: "20",
};

async function score(reviewer: typeof A.reviewer, subjectArea: string, value: string | null) {
  const row = await A.db
    .prepare(
      "SELECT ra.id, ri.id AS item FROM review_assignments ra JOIN linkage_assessment_subjects s ON s.district_id = ra.district_id AND s.id = ra.subject_id JOIN rubric_items ri ON ri.district_id = ra.district_id AND ri.rubric_id = ra.rubric_id WHERE ra.district_id = ? AND ra.reviewer_id = ? AND s.area_code = ?",
    )
    .bind(A.code, reviewer.id, subjectArea)
    .first<{ id: string; item: string }>();
  const before = await (await reviewer.b.fetch(A.path(`/review/${row!.id}`))).text();
  expect(before).toContain("利益冲突声明");
  const declared = await reviewer.b.submit(A.path(`/review/${row!.id}/declaration`), value === null ? { conflicted: "yes", reason: "曾在该街道任职" } : { conflicted: "no" });
  expect(declared.status).toBe(303);
  if (value === null) return;
  expect(await (await reviewer.b.fetch(A.path(`/review/${row!.id}`))).text()).toContain("需求按时答复率");
  expect((await reviewer.b.submit(A.path(`/review/${row!.id}/scores`), { [`score_${row!.item}`]: value, [`comment_${row!.item}`]: "机制健全", submit: "yes" })).status).toBe(303);
}

describe("the annual linkage assessment", () => {
  it("is defined by the district; bad input keeps the values with errors beside the fields", async () => {
    const bad = await A.admin.b.submit(A.path("/linkage/assessments"), { ...form, year: "1999", item2: "", item2Weight: "15", target_meetings_held: "0" });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    for (const field of ["year", "target_meetings_held"]) expect(html).toContain(`id="f-${field}-error"`);
    expect(html).toContain("2025年度三社联动观摩评比");
    const noTitle = await A.admin.b.submit(A.path("/linkage/assessments"), { ...form, item2: "", item2Weight: "15" });
    expect(noTitle.status).toBe(422);
    expect(await noTitle.text()).toContain('id="f-item2-error"');
    // Only district-wide staff run it; a 街道's staff may look but not define one, and are told why.
    expect(await (await A.sub.b.fetch(A.path("/linkage/assessments"))).text()).toContain("需要全区范围的授权；您的授权只覆盖部分街道或社区");
    const refused = await A.sub.b.submit(A.path("/linkage/assessments"), form);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain("需要全区范围的授权；您的授权只覆盖部分街道或社区");
  });

  it("computes, collects scores, ranks and publishes once", async () => {
    await seedYear();
    const created = await A.admin.b.submit(A.path("/linkage/assessments"), form);
    expect(created.status, await created.clone().text()).toBe(303);
    const id = created.headers.get("location")!.split("/").pop()!;
    expect((await A.admin.b.submit(A.path("/linkage/assessments"), form)).status).toBe(422); // one a year and level
    // Unpublished: not public, and not in another district.
    expect((await A.admin.b.fetch(A.path(`/assessments/${id}`))).status).toBe(404);
    expect((await B.admin.b.fetch(B.path(`/linkage/assessments/${id}`))).status).toBe(404);
    expect((await B.admin.b.submit(B.path(`/linkage/assessments/${id}/publish`), { version: "1" })).status).toBe(404);

    const assigned = await A.admin.b.submit(A.path(`/linkage/assessments/${id}/reviewers`), { [`reviewerIds.${A.reviewer.id}`]: "1", [`reviewerIds.${second.id}`]: "1" });
    expect(assigned.status).toBe(303);
    const early = await A.admin.b.submit(A.path(`/linkage/assessments/${id}/publish`), { version: "1" });
    expect(early.status).toBe(409);
    expect(await early.text()).toContain("还有评审专家未提交评分");

    await score(A.reviewer, S1, "8");
    await score(A.reviewer, S2, "5");
    await score(second, S1, "6");
    await score(second, S2, null); // stands aside: does not count, is not awaited

    // 001: needs 50% of 40 → 20, meetings 2/4 of 20 → 10, actions 100% → 20, scored (8+6)/2 = 7/10 of 20 → 14: 64/100.
    // 002: no needs or actions (left out), meetings 0 of 20, scored 5/10 of 20 → 10: 10/40 → 25.
    const page = await (await A.admin.b.fetch(A.path(`/linkage/assessments/${id}`))).text();
    expect(page).toContain("64");
    const results = await Promise.all([1, 2].map(() => A.admin.b.submit(A.path(`/linkage/assessments/${id}/publish`), { version: "1" })));
    expect(results.map((r) => r.status).sort()).toEqual([303, 409]);
    const rows = await A.db.prepare("SELECT area_code, total, rank FROM linkage_assessment_subjects WHERE district_id = ? AND assessment_id = ? ORDER BY rank").bind(A.code, id).all<{ area_code: string; total: number; rank: number }>();
    expect(rows.results).toEqual([
      { area_code: S1, total: 64, rank: 1 },
      { area_code: S2, total: 25, rank: 2 },
    ]);
    expect(await A.db.prepare("SELECT count(*) AS n FROM audit_events WHERE district_id = ? AND action = 'linkage.assessment_on_notice'").bind(A.code).first("n")).toBe(1);

    // On notice: the proposed ranking is on the notice page, scoring is closed, the result is not yet public.
    const noticeId = (await A.db.prepare("SELECT notice_id FROM linkage_assessments WHERE district_id = ? AND id = ?").bind(A.code, id).first<string>("notice_id"))!;
    const notice = await (await new Browser().fetch(A.path(`/notices/${noticeId}`))).text();
    expect(notice).toContain("第1街道（第 1 名）");
    expect(notice).toContain("拟定得分与名次");
    expect(await (await A.admin.b.fetch(A.path(`/linkage/assessments/${id}`))).text()).toContain("公示中");
    expect((await A.admin.b.fetch(A.path(`/assessments/${id}`))).status).toBe(404);
    expect((await A.admin.b.submit(A.path(`/linkage/assessments/${id}/reviewers`), { [`reviewerIds.${A.reviewer.id}`]: "1" })).status).toBe(409);
    expect((await A.admin.b.submit(A.path(`/linkage/assessments/${id}/publish`), { version: "2" })).status).toBe(409);
    // The notice ends with no objection: every area's result is final and the assessment is published.
    await settleNotices(await dataOf(A.code), new Date(Date.now() + 40 * 86400000).toISOString());
    expect(await A.db.prepare("SELECT status FROM linkage_assessments WHERE district_id = ? AND id = ?").bind(A.code, id).first("status")).toBe("published");
    // The same result as JSON, for everyone; another district does not know it.
    const json = (await (await new Browser().fetch(A.path(`/api/v1/assessments/${id}`))).json()) as { results: { areaCode: string; total: number; rank: number; figures: { needs_on_time: number } }[] };
    expect(json.results.map((r) => [r.areaCode, r.total, r.rank])).toEqual([
      [S1, 64, 1],
      [S2, 25, 2],
    ]);
    expect(json.results[0]!.figures.needs_on_time).toBe(50);
    const list = (await (await new Browser().fetch(A.path("/api/v1/assessments"))).json()) as { id: string }[];
    expect(list.map((a) => a.id)).toContain(id);
    expect((await new Browser().fetch(B.path(`/api/v1/assessments/${id}`))).status).toBe(404);

    const pub = await A.admin.b.fetch(A.path(`/assessments/${id}`));
    expect(pub.status).toBe(200);
    const text = await pub.text();
    expect(text).toContain("协同机制建设");
    expect(text).toContain("50%");
    expect(text).not.toContain("linkage.");
    const en = await (await A.admin.b.fetch(A.path(`/assessments/${id}?lang=en`))).text();
    expect(en).toContain("Needs answered on time");
    expect(en).toContain("Sub-districts");
    expect(en).not.toContain("linkage.");
    expect(await (await new (A.admin.b.constructor as typeof import("../helpers").Browser)().fetch(A.path("/assessments"))).text()).toContain("2025年度三社联动观摩评比");
    expect((await B.admin.b.fetch(B.path(`/assessments/${id}`))).status).toBe(404);
    // Published: no more scores, no more reviewers.
    expect((await A.admin.b.submit(A.path(`/linkage/assessments/${id}/reviewers`), { [`reviewerIds.${A.reviewer.id}`]: "1" })).status).toBe(409);
  });

  it("goes back to scoring when an objection to an area's result is upheld", async () => {
    const created = await A.admin.b.submit(A.path("/linkage/assessments"), { ...form, level: "community", title: "2025年度社区观摩评比" });
    expect(created.status).toBe(303);
    const id = created.headers.get("location")!.split("/").pop()!;
    expect((await A.admin.b.submit(A.path(`/linkage/assessments/${id}/publish`), { version: "1" })).status).toBe(303);
    const noticeId = (await A.db.prepare("SELECT notice_id FROM linkage_assessments WHERE district_id = ? AND id = ?").bind(A.code, id).first<string>("notice_id"))!;
    const subject = await A.db.prepare("SELECT id FROM linkage_assessment_subjects WHERE district_id = ? AND assessment_id = ? AND area_code = ?").bind(A.code, id, `${S1}001`).first<string>("id");
    expect((await new Browser().fetch(A.path(`/api/v1/assessments/${id}`))).status).toBe(404); // on notice, not yet a result
    const filed = await new Browser().api(A.path(`/api/v1/notices/${noticeId}/objections`), { method: "POST", json: { subjectId: subject, name: "张三", contact: "13800000000", content: "本社区的联席会议记录漏计了两次。" } });
    expect(filed.status).toBe(201);
    const objection = ((await filed.json()) as { id: string }).id;
    // The window closes while the objection waits: the other areas settle as final first.
    const later = new Date(Date.now() + 40 * 86400000).toISOString();
    await settleNotices(await dataOf(A.code), later);
    expect(await outcomes(noticeId)).toContain("final");
    // A 街道's staff do not handle objections to the district's assessment; its runners do.
    expect((await A.sub.b.api(A.path(`/api/v1/notices/objections/${objection}/handle`), { method: "POST", json: { upheld: true, note: "属实。" } })).status).toBe(404);
    expect((await A.admin.b.api(A.path(`/api/v1/notices/objections/${objection}/handle`), { method: "POST", json: { upheld: true, note: "属实，更正后重新公示。" } })).status).toBe(204);
    await settleNotices(await dataOf(A.code), later);
    const after = await A.db.prepare("SELECT status, notice_id FROM linkage_assessments WHERE district_id = ? AND id = ?").bind(A.code, id).first<{ status: string; notice_id: string | null }>();
    expect(after).toEqual({ status: "scoring", notice_id: null });
    expect(await A.db.prepare("SELECT count(*) AS n FROM linkage_assessment_subjects WHERE district_id = ? AND assessment_id = ? AND (total IS NOT NULL OR final = 1)").bind(A.code, id).first("n")).toBe(0);
    // The whole ranking left the notice: the objected area reads overturned, every other area withdrawn, none final.
    const settled = await outcomes(noticeId);
    expect(settled.filter((o) => o === "overturned")).toHaveLength(1);
    expect(settled.filter((o) => o === "withdrawn")).toHaveLength(settled.length - 1);
    const page = await (await new Browser().fetch(A.path(`/notices/${noticeId}`))).text();
    expect(page).toContain("随整体撤回，重新审定");
    expect(page).not.toContain("已确定");
    expect(await (await new Browser().fetch(A.path(`/notices/${noticeId}?lang=en`))).text()).toContain("Withdrawn with the whole notice");
    // Put on notice again once corrected.
    const version = await A.db.prepare("SELECT version FROM linkage_assessments WHERE district_id = ? AND id = ?").bind(A.code, id).first<number>("version");
    expect((await A.admin.b.submit(A.path(`/linkage/assessments/${id}/publish`), { version: String(version) })).status).toBe(303);
  });

  it("finalizes no area in the same settling run that overturns another", async () => {
    const created = await A.admin.b.submit(A.path("/linkage/assessments"), { ...form, year: "2024", level: "community", title: "2024年度社区观摩评比" });
    const id = created.headers.get("location")!.split("/").pop()!;
    expect((await A.admin.b.submit(A.path(`/linkage/assessments/${id}/publish`), { version: "1" })).status).toBe(303);
    const noticeId = (await A.db.prepare("SELECT notice_id FROM linkage_assessments WHERE district_id = ? AND id = ?").bind(A.code, id).first<string>("notice_id"))!;
    const subjects = (await A.db.prepare("SELECT id FROM linkage_assessment_subjects WHERE district_id = ? AND assessment_id = ? ORDER BY area_code").bind(A.code, id).all<{ id: string }>()).results;
    // The last area in order is objected to, so the others would otherwise be settled first.
    const filed = await new Browser().api(A.path(`/api/v1/notices/${noticeId}/objections`), { method: "POST", json: { subjectId: subjects.at(-1)!.id, name: "李四", contact: "13900000000", content: "议事记录有误。" } });
    const objection = ((await filed.json()) as { id: string }).id;
    expect((await A.admin.b.api(A.path(`/api/v1/notices/objections/${objection}/handle`), { method: "POST", json: { upheld: true, note: "属实。" } })).status).toBe(204);
    await settleNotices(await dataOf(A.code), new Date(Date.now() + 40 * 86400000).toISOString());
    expect((await outcomes(noticeId)).sort()).toEqual(["overturned", ...subjects.slice(1).map(() => "withdrawn")]);
    expect(await A.db.prepare("SELECT count(*) AS n FROM linkage_assessment_subjects WHERE district_id = ? AND assessment_id = ? AND final = 1").bind(A.code, id).first("n")).toBe(0);
  });
});
