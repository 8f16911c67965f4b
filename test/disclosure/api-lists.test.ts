import { describe, expect, it } from "vitest";
import { Browser, createUser } from "../helpers";
import { districtWith } from "../fixtures/district";
import { insertOrg } from "./fixtures";

// The JSON lists of evaluations (staff) and annual reports (public): rows with grades and
// terms, pages of 50, filters; a round or organization of another district answers 404;
// the evaluation list is for evaluation managers only; both paths are in OpenAPI.

const D = "152962";
const OTHER = "152963";
const SHARD = "DISTRICTS_1";
const { db } = await districtWith(D, { shard: SHARD });
await districtWith(OTHER, { shard: SHARD });

type Json = Record<string, unknown>;
const getJson = async (b: Browser, path: string, status = 200) => {
  const res = await b.fetch(path);
  expect(res.status, `${path}: ${await res.clone().text()}`).toBe(status);
  return (await res.json()) as Json;
};

describe("evaluation and annual-report lists in the JSON API", () => {
  it("lists evaluations with their grade and its term to evaluation managers only, one round's on request", async () => {
    const admin = await createUser(D, SHARD, [{ role: "district_admin" }]);
    const otherAdmin = await createUser(OTHER, SHARD, [{ role: "district_admin" }]);
    const org = await insertOrg(db, D, { name: "列表接口测试中心" });
    const member = await createUser(D, SHARD, [{ role: "org_member", organizationId: org.id }]);
    const staff = new Browser();
    await staff.signIn(D, admin.email);
    const opened = await staff.submit(`/d/${D}/manage/evaluations`, { title: "接口列表评估批次", year: "2026" }, `/d/${D}/manage/evaluations`);
    const roundId = /evaluations\/([^?]+)/.exec(opened.headers.get("location")!)![1]!;
    expect((await staff.submit(`/d/${D}/manage/evaluations/${roundId}/enrol`, { uscc: org.uscc! })).status).toBe(303);
    const e = (await db.prepare("SELECT id FROM evaluations WHERE district_id = ? AND organization_id = ?").bind(D, org.id).first<{ id: string }>())!;
    await db.batch([
      db.prepare("UPDATE evaluations SET status = 'final', total = 86.5, committee_total = 86.5, proposed_grade = '4A', final_grade = '4A' WHERE district_id = ? AND id = ?").bind(D, e.id),
      db
        .prepare(
          "INSERT INTO organization_grades (district_id, id, organization_id, evaluation_id, grade, total, scale, awarded_on, valid_from, valid_until, status, ended_on, announcement_id) VALUES (?, 'grade-list', ?, ?, '4A', 86.5, 100, '2026-06-10', '2027-01-01', '2031-12-31', 'valid', NULL, NULL)",
        )
        .bind(D, org.id, e.id),
    ]);

    const list = await getJson(staff, `/d/${D}/api/v1/manage/evaluations?roundId=${roundId}`);
    expect(list).toMatchObject({ total: 1, page: 1, pageSize: 50 });
    expect(list.evaluations).toEqual([
      expect.objectContaining({
        id: e.id,
        roundId,
        organizationName: "列表接口测试中心",
        status: "final",
        simplifiedOnsite: false,
        maxPoints: 100,
        total: 86.5,
        finalGrade: "4A",
        grade: "4A",
        gradeValidFrom: "2027-01-01",
        gradeValidUntil: "2031-12-31",
        gradeStatus: "valid",
      }),
    ]);
    expect((await getJson(staff, `/d/${D}/api/v1/manage/evaluations?page=2`)).evaluations).toEqual([]);
    await getJson(staff, `/d/${D}/api/v1/manage/evaluations?page=0`, 422);

    // Another district's round is not found; its admin sees only their own district's evaluations.
    const stranger = new Browser();
    await stranger.signIn(OTHER, otherAdmin.email);
    await getJson(stranger, `/d/${OTHER}/api/v1/manage/evaluations?roundId=${roundId}`, 404);
    expect(await getJson(stranger, `/d/${OTHER}/api/v1/manage/evaluations`)).toMatchObject({ total: 0, evaluations: [] });
    expect((await stranger.fetch(`/d/${D}/api/v1/manage/evaluations`)).status).not.toBe(200);

    // Evaluation managers only.
    expect((await new Browser().fetch(`/d/${D}/api/v1/manage/evaluations`)).status).toBe(401);
    const m = new Browser();
    await m.signIn(D, member.email);
    expect((await m.fetch(`/d/${D}/api/v1/manage/evaluations`)).status).toBe(403);
  });

  it("lists published annual reports of verified organizations to anyone, by organization or year", async () => {
    const org = await insertOrg(db, D, { name: "年报接口测试中心" });
    const hidden = await insertOrg(db, D, { name: "未核实年报中心", verification: "unverified" });
    const report = (id: string, orgId: string, year: number) =>
      db
        .prepare("INSERT INTO disclosures (district_id, id, organization_id, kind, report_year, title, current_version, first_published_at, updated_at) VALUES (?, ?, ?, 'annual_report', ?, ?, 1, ?, ?)")
        .bind(D, id, orgId, year, `${year}年度工作报告`, `${year + 1}-03-01T02:00:00Z`, `${year + 1}-03-01T02:00:00Z`);
    await db.batch([report("ar-2024", org.id, 2024), report("ar-2025", org.id, 2025), report("ar-hidden", hidden.id, 2025)]);
    const anyone = new Browser();

    const all = await getJson(anyone, `/d/${D}/api/v1/annual-reports?organizationId=${org.id}`);
    expect(all).toMatchObject({ total: 2, page: 1, pageSize: 50 });
    expect((all.annualReports as Json[]).map((r) => [r.id, r.reportYear, r.organizationName])).toEqual([
      ["ar-2025", 2025, "年报接口测试中心"],
      ["ar-2024", 2024, "年报接口测试中心"],
    ]);
    const y2025 = await getJson(anyone, `/d/${D}/api/v1/annual-reports?year=2025`);
    expect((y2025.annualReports as Json[]).map((r) => r.id)).toEqual(["ar-2025"]);
    await getJson(anyone, `/d/${D}/api/v1/annual-reports?organizationId=${hidden.id}`, 404);
    await getJson(anyone, `/d/${OTHER}/api/v1/annual-reports?organizationId=${org.id}`, 404);
    expect(await getJson(anyone, `/d/${OTHER}/api/v1/annual-reports`)).toMatchObject({ total: 0, annualReports: [] });

    const openapi = (await (await anyone.fetch("/api/v1/openapi.json")).json()) as { paths: Record<string, unknown> };
    for (const path of ["/manage/evaluations", "/annual-reports"]) expect(Object.keys(openapi.paths), path).toContain(path);
  });
});
