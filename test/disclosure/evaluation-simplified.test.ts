import { beforeAll, describe, expect, it } from "vitest";
import { Browser, createUser } from "../helpers";
import { districtWith } from "../fixtures/district";
import { insertOrg, row, rows, today } from "./fixtures";

// A re-evaluation applied for in the first 2 years of a grade's term has a simplified
// on-site review: the district's skipped areas (default 基础条件, 10 of 100 points on the
// default scale) are not scored, the total is out of 90, and the grade reads it on the
// full scale. An evaluation without a grade is scored on the whole rubric, as before.

const D = "152961";
const SHARD = "DISTRICTS_0";
const { db } = await districtWith(D, { shard: SHARD });
const admin = await createUser(D, SHARD, [{ role: "district_admin" }]);
const reviewer = await createUser(D, SHARD, [{ role: "reviewer" }]);
const staff = new Browser();
const scorer = new Browser();
const year = Number(today().slice(0, 4));

type Evaluation = { id: string; rubric_id: string; simplified_onsite: number; total: number | null; proposed_grade: string | null };
const evaluationOf = (orgId: string) => row<Evaluation>(db, "SELECT * FROM evaluations WHERE district_id = ? AND organization_id = ?", D, orgId);
const itemsOf = (rubricId: string) => rows<{ id: string; area: string; title: string; max_score: number }>(db, "SELECT id, area, title, max_score FROM rubric_items WHERE district_id = ? AND rubric_id = ? ORDER BY position", D, rubricId);

/** Form values giving `total` points, items filled in order. */
async function scoresFor(rubricId: string, total: number) {
  const form: Record<string, string> = { action: "submit" };
  let left = total;
  for (const item of await itemsOf(rubricId)) {
    form[`s_${item.id}`] = String(Math.min(item.max_score, left));
    left -= Math.min(item.max_score, left);
  }
  return form;
}

let roundId = "";
let regraded = { id: "", uscc: "" as string | null };
let first = { id: "", uscc: "" as string | null };

beforeAll(async () => {
  await staff.signIn(D, admin.email);
  await scorer.signIn(D, reviewer.email);
  const res = await staff.submit(`/d/${D}/manage/evaluations`, { title: "简化评估测试批次", year: String(year) }, `/d/${D}/manage/evaluations`);
  roundId = /\/manage\/evaluations\/([^?]+)/.exec(res.headers.get("location")!)![1]!;
  // Its term began this year or last: within its first 2 years.
  regraded = await insertOrg(db, D, { name: "复评服务中心", grade: "3A", gradeStatus: "valid", gradeValidUntil: `${year + 3}-12-31` });
  first = await insertOrg(db, D, { name: "首评服务中心" });
  for (const org of [regraded, first]) expect((await staff.submit(`/d/${D}/manage/evaluations/${roundId}/enrol`, { uscc: org.uscc! })).status).toBe(303);
});

async function scoreAs(orgId: string, total: number): Promise<string> {
  const e = await evaluationOf(orgId);
  await staff.submit(`/d/${D}/manage/evaluation/${e.id}/assign`, { [`committee.${reviewer.id}`]: "1" });
  const a = await row<{ id: string }>(db, "SELECT id FROM review_assignments WHERE district_id = ? AND subject_id = ? AND reviewer_id = ?", D, e.id, reviewer.id);
  expect((await scorer.submit(`/d/${D}/review/${a.id}/declaration`, { workedFor: "no", lastWorkedOn: "", otherConflict: "" })).status).toBe(303);
  const page = await (await scorer.fetch(`/d/${D}/review/${a.id}`)).text();
  const res = await scorer.submit(`/d/${D}/review/${a.id}/scores`, await scoresFor(e.rubric_id, total));
  expect(res.status, await res.clone().text()).toBe(303);
  return page;
}

describe("simplified on-site review", () => {
  it("carries an edit of the type's rubric made before any score to the simplified rubric, without the skipped area", async () => {
    const e = await evaluationOf(regraded.id);
    const typeRubric = e.rubric_id.split("~")[0]!;
    const items = await itemsOf(typeRubric);
    const form: Record<string, string> = { rubricFor: "社会服务机构", rows: String(items.length + 1) };
    items.forEach((i, n) => {
      Object.assign(form, {
        [`items.${n}.order`]: String(n + 1),
        [`items.${n}.area`]: i.area,
        [`items.${n}.title`]: i.title === "业务活动" ? "业务活动与服务成效" : i.title,
        [`items.${n}.points`]: String(i.max_score),
        [`items.${n}.description`]: "",
      });
    });
    const saved = await staff.submit(`/d/${D}/manage/evaluations/${roundId}/rubric`, form);
    expect(saved.status, await saved.clone().text()).toBe(303);
    const titles = (await itemsOf(e.rubric_id)).map((i) => i.title);
    expect(titles).toContain("业务活动与服务成效");
    expect(titles).not.toContain("法人资格");
  });

  it("scores the re-evaluation without the skipped area, out of 90, and shows the scorer what is left out", async () => {
    const e = await evaluationOf(regraded.id);
    expect(e.simplified_onsite).toBe(1);
    const items = await itemsOf(e.rubric_id);
    expect(items.some((i) => i.area === "基础条件")).toBe(false);
    expect(items.reduce((s, i) => s + i.max_score, 0)).toBe(90);
    const page = await scoreAs(regraded.id, 72);
    expect(page).toContain("简化实地评估：以下指标本次不评分");
    expect(page).toContain("基础条件 · 法人资格（4 分）");
    expect(page).toContain("/ 90");
    expect(page).not.toContain('max="4"');
  });

  it("shows its type's rubric as locked once the simplified copy has its first score, before any save is tried", async () => {
    const e = await evaluationOf(regraded.id);
    const typeRubric = e.rubric_id.split("~")[0]!;
    // Only the copy was scored: the type's own rubric row carries no lock of its own.
    expect((await row<{ locked_at: string | null }>(db, "SELECT locked_at FROM rubrics WHERE district_id = ? AND id = ?", D, typeRubric)).locked_at).toBeNull();
    const page = await (await staff.fetch(`/d/${D}/manage/evaluations/${roundId}?rubric=${encodeURIComponent("社会服务机构")}`)).text();
    const section = page.slice(page.indexOf('id="rubric-%E7%A4%BE%E4%BC%9A%E6%9C%8D%E5%8A%A1%E6%9C%BA%E6%9E%84"'));
    expect(section).toContain("该类组织已有评分，评估指标已锁定，不能再修改。");
    expect(section.slice(0, section.indexOf("</section>"))).not.toContain('name="rubricFor"');
  });

  it("scores a first evaluation on the whole rubric, out of 100, with nothing left out", async () => {
    const e = await evaluationOf(first.id);
    expect(e.simplified_onsite).toBe(0);
    expect((await itemsOf(e.rubric_id)).reduce((s, i) => s + i.max_score, 0)).toBe(100);
    const page = await scoreAs(first.id, 72);
    expect(page).not.toContain("简化实地评估");
    expect(page).toContain("/ 100");
  });

  it("reads the same 72 points as 80 of 100 for the simplified evaluation (4A) and as 72 for the other (3A), and says so on the public page", async () => {
    expect((await staff.submit(`/d/${D}/manage/evaluations/${roundId}/propose`, {})).status).toBe(303);
    const simplified = await evaluationOf(regraded.id);
    const full = await evaluationOf(first.id);
    expect([simplified.total, simplified.proposed_grade]).toEqual([72, "4A"]);
    expect([full.total, full.proposed_grade]).toEqual([72, "3A"]);
    const pub = await (await new Browser().fetch(`/d/${D}/organizations/${regraded.id}`)).text();
    expect(pub).toContain("简化实地评估，得分 72 / 90");
    const other = await (await new Browser().fetch(`/d/${D}/organizations/${first.id}`)).text();
    expect(other).not.toContain("简化实地评估");
  });
});

describe("an appeal on a simplified evaluation", () => {
  it("accepts a revised total up to the evaluation's own 90 points, says so on the form, and reads it on the full scale", async () => {
    const e = await evaluationOf(regraded.id);
    const member = await createUser(D, SHARD, [{ role: "org_member", organizationId: regraded.id }]);
    const org = new Browser();
    await org.signIn(D, member.email);
    expect((await org.submit(`/d/${D}/my/evaluations/${e.id}/appeal`, { content: "我单位业务活动材料未被采纳，申请复核。" })).status).toBe(200);
    const appeal = await row<{ id: string }>(db, "SELECT id FROM evaluation_appeals WHERE district_id = ? AND evaluation_id = ?", D, e.id);

    const form = await (await staff.fetch(`/d/${D}/manage/evaluations/${roundId}`)).text();
    expect(form).toContain("简化实地评估，满分 90 分");

    // 95 would be within the round's 100-point scale, but this evaluation was scored out of 90.
    const answer = { outcome: "upheld", answer: "经复核，补充业务活动材料后调整得分。", committeeDecidedOn: today() };
    const over = await staff.submit(`/d/${D}/manage/evaluation-appeals/${appeal.id}`, { ...answer, revisedTotal: "95" });
    expect(over.status).toBe(422);
    const page = await over.text();
    expect(page).toContain("本次评估满分 90 分，复核后总分不能高于 90 分。");
    expect(page).toContain('value="95"');
    expect(page).toContain("经复核，补充业务活动材料后调整得分。");
    expect(await row(db, "SELECT status, revised_total FROM evaluation_appeals WHERE district_id = ? AND id = ?", D, appeal.id)).toEqual({ status: "pending", revised_total: null });
    expect(await evaluationOf(regraded.id)).toMatchObject({ total: 72, proposed_grade: "4A" });

    // 85 of 90 reads as 94.44 of 100: 5A.
    expect((await staff.submit(`/d/${D}/manage/evaluation-appeals/${appeal.id}`, { ...answer, revisedTotal: "85" })).status).toBe(303);
    expect(await evaluationOf(regraded.id)).toMatchObject({ total: 85, proposed_grade: "5A" });
  });
});
