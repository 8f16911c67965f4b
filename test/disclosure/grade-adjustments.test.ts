import { describe, expect, it, vi } from "vitest";
import { enterOnList } from "../../src/modules/disclosure/credit";
import { Browser, countRows } from "../helpers";
import { districtData, insertOrg, row, rows, runDaily, adminOnFixedClock } from "./fixtures";
import { districtWith } from "../fixtures/district";

// Grades during their term (revised 社会组织评估管理办法, in force 2026-03-01): tracking
// evaluations of 4A-and-above organizations and verification evaluations raise, lower,
// keep or cancel a grade with a reason and a public history; a serious-list entry
// suspends the grade at once. Every request runs on a fixed clock.

const D = "150935";
const SHARD = "DISTRICTS_0";
const { db } = await districtWith(D, { shard: SHARD });
const TODAY = "2027-06-01";
const admin = await adminOnFixedClock(D, SHARD, TODAY);

/** An organization holding a grade announced on 2026-06-10: its term is 2027-01-01 to 2031-12-31. */
async function graded(name: string, grade: string) {
  const org = await insertOrg(db, D, { name, grade, gradeStatus: "valid", gradeValidUntil: "2031-12-31" });
  const gradeId = `g-${org.id}`;
  await db
    .prepare(
      "INSERT INTO organization_grades (district_id, id, organization_id, evaluation_id, grade, total, scale, awarded_on, valid_from, valid_until, status, ended_on, announcement_id) VALUES (?, ?, ?, NULL, ?, 92, 100, '2026-06-10', '2027-01-01', '2031-12-31', 'valid', NULL, NULL)",
    )
    .bind(D, gradeId, org.id, grade)
    .run();
  return { ...org, gradeId };
}

const gradeOf = (orgId: string) => row(db, "SELECT grade, grade_status, grade_valid_until FROM organizations WHERE district_id = ? AND id = ?", D, orgId);
const gradeRows = (orgId: string) => rows(db, "SELECT grade, awarded_on, valid_from, valid_until, status, ended_on FROM organization_grades WHERE district_id = ? AND organization_id = ? ORDER BY awarded_on, status", D, orgId);
const decide = (orgId: string, form: Record<string, string>) => admin.b.submit(`/d/${D}/manage/organizations/${orgId}/grade`, { decidedOn: TODAY, toGrade: "", ...form });

describe("tracking and verification evaluations", () => {
  it("raise a 4A grade after tracking for the rest of the same term, with the reason public and in open data", async () => {
    const org = await graded("跟踪评估提级中心", "4A");
    const page = await (await admin.b.fetch(`/d/${D}/manage/organizations/${org.id}/grade`)).text();
    expect(page).toContain("当前等级：4A（有效），有效期至 2031-12-31");
    expect((await decide(org.id, { kind: "tracking", outcome: "raised", toGrade: "5A", reason: "跟踪评估各项指标优良，提升为5A。" })).status).toBe(303);
    expect(await gradeOf(org.id)).toEqual({ grade: "5A", grade_status: "valid", grade_valid_until: "2031-12-31" });
    expect(await gradeRows(org.id)).toEqual([
      { grade: "4A", awarded_on: "2026-06-10", valid_from: "2027-01-01", valid_until: "2031-12-31", status: "adjusted", ended_on: TODAY },
      { grade: "5A", awarded_on: TODAY, valid_from: "2027-01-01", valid_until: "2031-12-31", status: "valid", ended_on: null },
    ]);
    const publicPage = await (await new Browser().fetch(`/d/${D}/organizations/${org.id}`)).text();
    expect(publicPage).toContain("5A，有效期至 2031-12-31");
    expect(publicPage).toContain("跟踪评估 · 提高等级: 4A → 5A · 跟踪评估各项指标优良，提升为5A。");
    const open = (await (await new Browser().fetch(`/d/${D}/open-data/v1/grade-adjustments.json`)).json()) as Record<string, unknown>[] | { rows?: unknown[] };
    expect(JSON.stringify(open)).toContain("跟踪评估各项指标优良");
    expect(await (await new Browser().fetch(`/d/${D}/open-data/v1/grades.csv`)).text()).toContain("adjusted");
  });

  it("refuses what the rules do not allow, keeping the typed values and writing nothing", async () => {
    const org = await graded("跟踪评估三A中心", "3A");
    const tracking = await decide(org.id, { kind: "tracking", outcome: "kept", reason: "抽查跟踪评估三A组织。" });
    expect(tracking.status).toBe(422);
    const text = await tracking.text();
    expect(text).toContain("跟踪评估只适用于有效的 4A 及以上等级");
    expect(text).toContain("抽查跟踪评估三A组织。");
    const notHigher = await decide(org.id, { kind: "verification", outcome: "raised", toGrade: "3A", reason: "核查后维持原等级。" });
    expect(await notHigher.text()).toContain("请选择高于 3A 的等级");
    const future = await decide(org.id, { kind: "verification", outcome: "lowered", toGrade: "2A", reason: "核查发现财务管理问题。", decidedOn: "2027-06-02" });
    expect(await future.text()).toContain("决定日期不能晚于今天");
    const early = await decide(org.id, { kind: "verification", outcome: "lowered", toGrade: "2A", reason: "核查发现财务管理问题。", decidedOn: "2026-06-09" });
    expect(await early.text()).toContain("决定日期不能早于等级评定之日（2026-06-10）");
    expect(await countRows(db, "grade_adjustments", "district_id = ? AND organization_id = ?", D, org.id)).toBe(0);
    expect(await gradeOf(org.id)).toMatchObject({ grade: "3A", grade_status: "valid" });
  });

  it("lower and then cancel a grade after verification; a cancelled grade shows as cancelled, not valid", async () => {
    const org = await graded("核查评估降级中心", "4A");
    expect((await decide(org.id, { kind: "verification", outcome: "lowered", toGrade: "2A", reason: "核查发现财务管理不规范。" })).status).toBe(303);
    expect(await gradeOf(org.id)).toEqual({ grade: "2A", grade_status: "valid", grade_valid_until: "2031-12-31" });
    expect((await decide(org.id, { kind: "verification", outcome: "cancelled", reason: "评估中提供虚假材料，取消等级。" })).status).toBe(303);
    expect(await gradeOf(org.id)).toEqual({ grade: null, grade_status: "none", grade_valid_until: null });
    const publicPage = await (await new Browser().fetch(`/d/${D}/organizations/${org.id}`)).text();
    expect(publicPage).toContain("已取消");
    expect(publicPage).toContain("核查评估 · 取消等级: 2A · 评估中提供虚假材料，取消等级。");
    expect(publicPage).not.toContain("/certificate");
    // Nothing left to decide about.
    const none = await decide(org.id, { kind: "verification", outcome: "kept", reason: "再次核查。" });
    expect(none.status).toBe(409);
  });
});

describe("the serious-violation list", () => {
  it("suspends a 5A grade the day the organization is listed; only cancellation follows while it is listed", async () => {
    const org = await graded("严重失信五A中心", "5A");
    const data = await districtData(D);
    await enterOnList(
      data,
      org.id,
      { list: "serious", reasonCode: "major_fine", reason: "受到5万元以上罚款处罚", legalBasis: "《社会组织信用信息管理办法》第十一条", decidingBody: "测试区民政局", decidedOn: TODAY, eventOn: TODAY, needsRectification: false },
      { id: admin.id, role: "district_admin" },
      new Date().toISOString(),
    );
    expect(await gradeOf(org.id)).toEqual({ grade: null, grade_status: "none", grade_valid_until: null });
    expect(await gradeRows(org.id)).toEqual([{ grade: "5A", awarded_on: "2026-06-10", valid_from: "2027-01-01", valid_until: "2031-12-31", status: "suspended", ended_on: TODAY }]);
    const publicPage = await (await new Browser().fetch(`/d/${D}/organizations/${org.id}`)).text();
    expect(publicPage).not.toContain("5A，有效期至");
    expect(publicPage).toContain("暂停（待核查评估）");
    expect(publicPage).toContain("列入严重违法失信名单 · 等级暂停");
    expect(await (await new Browser().fetch(`/d/${D}/organizations?grade=5A`)).text()).not.toContain("严重失信五A中心");

    const kept = await decide(org.id, { kind: "verification", outcome: "kept", reason: "核查后维持等级。" });
    expect(kept.status).toBe(422);
    expect(await kept.text()).toContain("列入严重违法失信名单期间，只能取消等级");
    expect((await decide(org.id, { kind: "verification", outcome: "cancelled", reason: "列入严重违法失信名单，核查后取消等级。" })).status).toBe(303);
    expect((await gradeRows(org.id))[0]).toMatchObject({ status: "cancelled" });
  });

  it("lets a suspended grade expire with its term", async () => {
    const org = await graded("暂停等级到期中心", "4A");
    const data = await districtData(D);
    await enterOnList(
      data,
      org.id,
      { list: "serious", reasonCode: "revocation", reason: "被撤销成立登记", legalBasis: "《社会组织信用信息管理办法》第十一条", decidingBody: "测试区民政局", decidedOn: TODAY, eventOn: TODAY, needsRectification: false },
      { id: admin.id, role: "district_admin" },
      new Date().toISOString(),
    );
    vi.useRealTimers();
    await runDaily("2032-01-01");
    expect((await gradeRows(org.id))[0]).toMatchObject({ status: "expired" });
  });
});
