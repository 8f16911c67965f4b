import { describe, expect, it } from "vitest";
import { DEMO_PASSWORD, demoEmail } from "../../src/seed/demo";
import kundulun from "../../tenants/150203-kundulun.json";
import { Browser, createUser, loadDemoDistrict, testEnv } from "../helpers";
import { districtWith } from "../fixtures/district";
import { insertOrg, row, rows, today } from "./fixtures";

// Evaluation by organization type (《社会组织评估管理办法》, revised 2026: 分类评估): a
// round opens with one rubric per type from the national structure, each evaluation is
// scored on its organization's type's rubric, and an evaluation keeps the rubric it was
// enrolled on.

const D = "150941";
const SHARD = "DISTRICTS_0";

type Area = { area: string; points: number };

async function areasOf(db: D1Database, rubricId: string): Promise<Area[]> {
  return rows<Area>(db, "SELECT area, sum(max_score) AS points FROM rubric_items WHERE district_id = ? AND rubric_id = ? GROUP BY area ORDER BY min(position)", D, rubricId);
}

describe("rubrics by organization type", () => {
  it("opens a round with each type's indicators and scores each organization on its type's rubric", async () => {
    const { db } = await districtWith(D, { shard: SHARD });
    const admin = await createUser(D, SHARD, [{ role: "district_admin" }]);
    const staff = new Browser();
    await staff.signIn(D, admin.email);
    const opened = await staff.submit(`/d/${D}/manage/evaluations`, { title: "分类评估批次", year: today().slice(0, 4) }, `/d/${D}/manage/evaluations`);
    expect(opened.status, await opened.clone().text()).toBe(303);
    const roundId = /\/manage\/evaluations\/([^?]+)/.exec(opened.headers.get("location")!)![1]!;
    const round = await row<{ rubric_id: string; type_rubrics_json: string }>(db, "SELECT rubric_id, type_rubrics_json FROM evaluation_rounds WHERE district_id = ? AND id = ?", D, roundId);
    const byType = JSON.parse(round.type_rubrics_json) as Record<string, string>;
    expect(Object.keys(byType).sort()).toEqual(["基金会", "社会团体", "社会服务机构"].sort());

    // The national first-level indicators of each type, on this district's 100-point scale.
    expect(await areasOf(db, byType.基金会!)).toEqual([
      { area: "基础条件", points: 6 },
      { area: "内部治理", points: 42 },
      { area: "工作绩效", points: 40 },
      { area: "社会评价", points: 12 },
    ]);
    expect((await areasOf(db, byType.社会服务机构!)).map((a) => a.area)).toEqual(["基础条件", "内部治理", "业务活动和诚信建设", "社会评价"]);
    for (const id of Object.values(byType)) expect((await areasOf(db, id)).reduce((s, a) => s + a.points, 0)).toBeCloseTo(100, 6);

    // The round page shows each type's indicators under its name.
    const page = await (await staff.fetch(`/d/${D}/manage/evaluations/${roundId}`)).text();
    expect(page).toContain("评估指标（标准分） · 基金会");
    expect(page).toContain("评估指标（标准分） · 社会团体");
    expect(page).toContain("公益项目");

    // Each organization enrolled is scored on its type's rubric, its scorers too.
    const foundation = await insertOrg(db, D, { name: "分类评估基金会", orgType: "基金会", registeredOn: "2015-06-01" });
    const association = await insertOrg(db, D, { name: "分类评估协会", orgType: "社会团体", registeredOn: "2015-06-01" });
    for (const org of [foundation, association]) expect((await staff.submit(`/d/${D}/manage/evaluations/${roundId}/enrol`, { uscc: org.uscc! })).status).toBe(303);
    const rubricOf = async (orgId: string) => await row<{ id: string; rubric_id: string }>(db, "SELECT id, rubric_id FROM evaluations WHERE district_id = ? AND organization_id = ?", D, orgId);
    const f = await rubricOf(foundation.id);
    expect(f.rubric_id).toBe(byType.基金会);
    expect((await rubricOf(association.id)).rubric_id).toBe(byType.社会团体);
    const evaluator = await createUser(D, SHARD, [{ role: "evaluator" }]);
    expect((await staff.submit(`/d/${D}/manage/evaluation/${f.id}/assign`, { [`evaluators.${evaluator.id}`]: "1" })).status).toBe(303);
    expect(await row(db, "SELECT rubric_id FROM review_assignments WHERE district_id = ? AND subject_id = ?", D, f.id)).toEqual({ rubric_id: byType.基金会 });
    const evaluationPage = await (await staff.fetch(`/d/${D}/manage/evaluation/${f.id}`)).text();
    expect(evaluationPage).toContain("公益项目");
    expect(evaluationPage).not.toContain("品牌与创新");

    // A round opened before rubrics by type: its evaluations stay on its common rubric.
    await db.prepare("UPDATE evaluation_rounds SET type_rubrics_json = '{}' WHERE district_id = ? AND id = ?").bind(D, roundId).run();
    const later = await insertOrg(db, D, { name: "旧批次服务中心", registeredOn: "2015-06-01" });
    expect((await staff.submit(`/d/${D}/manage/evaluations/${roundId}/enrol`, { uscc: later.uscc! })).status).toBe(303);
    expect((await rubricOf(later.id)).rubric_id).toBe(round.rubric_id);
    expect((await rubricOf(foundation.id)).rubric_id).toBe(byType.基金会);
  });
});

// What an indicator looks at (说明): a district's first round starts with these unwritten,
// the demo with a text for each. Unwritten, the pages say so instead of leaving it blank.
describe("what each indicator looks at", () => {
  const UNWRITTEN = "（评分说明尚未填写）";

  it("says an unwritten one is not written yet, in both languages, and shows what staff write on the round page and the scoring form", async () => {
    const d = await districtWith("150946", { people: { admin: "district_admin", evaluator: "evaluator" } });
    const staff = d.admin.b;
    const opened = await staff.submit(d.path("/manage/evaluations"), { title: "说明批次", year: today().slice(0, 4) });
    const roundId = /\/manage\/evaluations\/([^?]+)/.exec(opened.headers.get("location")!)![1]!;
    const roundPath = d.path(`/manage/evaluations/${roundId}`);
    const map = JSON.parse((await row<{ m: string }>(d.db, "SELECT type_rubrics_json AS m FROM evaluation_rounds WHERE district_id = ? AND id = ?", d.code, roundId)).m) as Record<string, string>;
    const items = await rows<{ id: string; area: string; title: string; max_score: number }>(d.db, "SELECT id, area, title, max_score FROM rubric_items WHERE district_id = ? AND rubric_id = ? ORDER BY position", d.code, map.社会团体);
    const ids = Object.values(map);
    const indicators = (await row<{ n: number }>(d.db, `SELECT count(*) AS n FROM rubric_items WHERE district_id = ? AND rubric_id IN (${ids.map(() => "?").join(",")})`, d.code, ...ids)).n;

    const page = await (await staff.fetch(roundPath)).text();
    expect(page.split(UNWRITTEN).length - 1).toBe(indicators);
    expect(page).not.toContain("<small></small>");
    expect(await (await staff.fetch(`${roundPath}?lang=en`)).text()).toContain("(What this indicator looks at is not written yet)");

    // Staff write one for 社会团体's 法人资格.
    const form: Record<string, string> = { rubricFor: "社会团体", rows: String(items.length + 1) };
    for (const [n, i] of items.entries())
      Object.assign(form, {
        [`items.${n}.order`]: String(n + 1),
        [`items.${n}.area`]: i.area,
        [`items.${n}.title`]: i.title,
        [`items.${n}.points`]: String(i.max_score),
        [`items.${n}.description`]: i.title === "法人资格" ? "登记证书、印章和银行账户齐全有效" : "",
      });
    expect((await staff.submit(`${roundPath}/rubric?lang=zh-CN`, form)).status).toBe(303);
    const after = await (await staff.fetch(`${roundPath}?lang=zh-CN`)).text();
    expect(after).toContain("法人资格<br/><small>登记证书、印章和银行账户齐全有效</small>");
    expect(after.split(UNWRITTEN).length - 1).toBe(indicators - 1);

    // The evaluator's scoring form shows the text under its indicator, the label under the others.
    const org = await insertOrg(d.db, d.code, { name: "说明测试协会", orgType: "社会团体", registeredOn: "2015-06-01" });
    expect((await staff.submit(`${roundPath}/enrol`, { uscc: org.uscc! })).status).toBe(303);
    const e = await row<{ id: string }>(d.db, "SELECT id FROM evaluations WHERE district_id = ? AND organization_id = ?", d.code, org.id);
    expect((await staff.submit(d.path(`/manage/evaluation/${e.id}/assign`), { [`evaluators.${d.evaluator.id}`]: "1" })).status).toBe(303);
    const a = await row<{ id: string }>(d.db, "SELECT id FROM review_assignments WHERE district_id = ? AND subject_id = ? AND reviewer_id = ?", d.code, e.id, d.evaluator.id);
    expect((await d.evaluator.b.submit(d.path(`/review/${a.id}/declaration`), { workedFor: "no", lastWorkedOn: "", otherConflict: "" })).status).toBe(303);
    const scoring = await (await d.evaluator.b.fetch(d.path(`/review/${a.id}`))).text();
    expect(scoring).toMatch(/法人资格 <span class="hint">[^<]*<\/span><\/label><span class="hint" id="f-s_[^"]+-hint">登记证书、印章和银行账户齐全有效<\/span>/);
    expect(scoring.split(UNWRITTEN).length - 1).toBe(items.length - 1);
    // So does the evaluation's page for staff.
    expect(await (await staff.fetch(d.path(`/manage/evaluation/${e.id}`))).text()).toContain("<small>登记证书、印章和银行账户齐全有效</small>");
  });

  it("gives every indicator of the demo's rubrics, of every type, its text", async () => {
    const demo = await loadDemoDistrict(kundulun);
    const admin = new Browser();
    await admin.signIn(demo.code, demoEmail(demo, demo.people.find((p) => p.key === "admin")!), DEMO_PASSWORD);
    const round = await row<{ id: string; type_rubrics_json: string }>(testEnv.DISTRICTS_0, "SELECT id, type_rubrics_json FROM evaluation_rounds WHERE district_id = ? AND id LIKE 'demo-%'", demo.code);
    expect(Object.keys(JSON.parse(round.type_rubrics_json)).sort()).toEqual(["基金会", "社会团体", "社会服务机构"].sort());
    const res = await admin.fetch(`/d/${demo.code}/manage/evaluations/${round.id}`);
    expect(res.status, res.headers.get("location") ?? "").toBe(200);
    const page = await res.text();
    for (const type of ["社会团体", "社会服务机构", "基金会"]) expect(page).toContain(`评估指标（标准分） · ${type}`);
    expect(page).not.toContain(UNWRITTEN);
    expect(page).toContain("特色服务项目、品牌建设和工作创新");
    expect(page).toContain("公益项目的设计、执行、资金使用和成效");
  });
});
