import { describe, expect, it } from "vitest";
import { Browser, createUser } from "../helpers";
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
