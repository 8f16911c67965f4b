import { afterEach, describe, expect, it, vi } from "vitest";
import { enterOnList } from "../../src/modules/disclosure/credit";
import { Browser, countRows, createUser } from "../helpers";
import { districtData, insertOrg, row, rows } from "./fixtures";
import { districtWith } from "../fixtures/district";

// A grade suspended by a serious-list entry comes back when the entry ends while the
// grade's term still runs: in the batch of the exit, audited, and shown again publicly.
// Past its term it stays suspended (the daily job lets it expire). Fixed clock throughout.

const D = "150937";
const SHARD = "DISTRICTS_1";
const { db } = await districtWith(D, { shard: SHARD });
const admin = await createUser(D, SHARD, [{ role: "district_admin" }]);

afterEach(() => {
  vi.useRealTimers();
});

const at = (date: string) => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(Date.parse(`${date}T10:00:00+08:00`));
};

async function signedIn(user: { email: string }) {
  const b = new Browser();
  await b.signIn(D, user.email);
  return b;
}

/** A 5A grade announced 2026-06-10 with its term to `until`, suspended by a serious entry on `listedOn`. */
async function suspended(name: string, until: string, listedOn: string) {
  const org = await insertOrg(db, D, { name, grade: "5A", gradeStatus: "valid", gradeValidUntil: until });
  await db
    .prepare(
      "INSERT INTO organization_grades (district_id, id, organization_id, evaluation_id, grade, total, scale, awarded_on, valid_from, valid_until, status, ended_on, announcement_id) VALUES (?, ?, ?, NULL, '5A', 96, 100, '2026-06-10', '2027-01-01', ?, 'valid', NULL, NULL)",
    )
    .bind(D, `g-${org.id}`, org.id, until)
    .run();
  at(listedOn);
  const entryId = await enterOnList(
    await districtData(D),
    org.id,
    { list: "serious", reasonCode: "major_fine", reason: "受到5万元以上罚款处罚", legalBasis: "《社会组织信用信息管理办法》第十一条", decidingBody: "测试区民政局", decidedOn: listedOn, eventOn: listedOn, needsRectification: false },
    { id: admin.id, role: "district_admin" },
    new Date().toISOString(),
  );
  return { ...org, entryId };
}

/** The organization files a request on `on` and staff accept it the same day. */
async function accepted(orgId: string, entryId: string, kind: "exit" | "objection", on: string) {
  at(on);
  const member = await signedIn(await createUser(D, SHARD, [{ role: "org_member", organizationId: orgId }]));
  expect((await member.submit(`/d/${D}/my/credit/${entryId}/requests/${kind}`, { content: "申请移出严重违法失信名单，已满规定期限。" })).status).toBe(200);
  const request = await row<{ id: string }>(db, "SELECT id FROM credit_requests WHERE district_id = ? AND entry_id = ? AND kind = ?", D, entryId, kind);
  const staff = await signedIn(admin);
  expect((await staff.submit(`/d/${D}/manage/credit/requests/${request.id}`, { decision: "accept", note: "符合移出条件。" })).status).toBe(303);
}

const gradeOf = (orgId: string) => row(db, "SELECT grade, grade_status, grade_valid_until, list_status FROM organizations WHERE district_id = ? AND id = ?", D, orgId);
const gradeRow = (orgId: string) => row(db, "SELECT status, ended_on FROM organization_grades WHERE district_id = ? AND organization_id = ?", D, orgId);

describe("leaving the serious-violation list", () => {
  it("restores the suspended grade within its term, with a public history line and an audit event", async () => {
    const org = await suspended("恢复等级五A中心", "2031-12-31", "2027-06-01");
    expect(await gradeRow(org.id)).toEqual({ status: "suspended", ended_on: "2027-06-01" });
    await accepted(org.id, org.entryId, "exit", "2029-06-01");
    expect(await gradeOf(org.id)).toEqual({ grade: "5A", grade_status: "valid", grade_valid_until: "2031-12-31", list_status: "none" });
    expect(await gradeRow(org.id)).toEqual({ status: "valid", ended_on: null });
    expect(await rows(db, "SELECT outcome, to_grade, decided_on FROM grade_adjustments WHERE district_id = ? AND organization_id = ? ORDER BY decided_on", D, org.id)).toEqual([
      { outcome: "suspended", to_grade: null, decided_on: "2027-06-01" },
      { outcome: "restored", to_grade: "5A", decided_on: "2029-06-01" },
    ]);
    expect(await countRows(db, "audit_events", "district_id = ? AND action = 'credit.exit_accepted' AND summary_json LIKE '%\"gradeRestored\":true%'", D)).toBe(1);
    const page = await (await new Browser().fetch(`/d/${D}/organizations/${org.id}`)).text();
    expect(page).toContain("5A，有效期至 2031-12-31");
    expect(page).toContain("等级恢复: 5A · 移出严重违法失信名单（受到5万元以上罚款处罚），等级在有效期内恢复");
    expect(await (await new Browser().fetch(`/d/${D}/organizations?grade=5A`)).text()).toContain("恢复等级五A中心");
  });

  it("does not restore a grade whose term ended before the exit", async () => {
    const org = await suspended("期满不恢复五A中心", "2027-12-31", "2027-06-01");
    await accepted(org.id, org.entryId, "objection", "2028-01-02");
    expect(await gradeOf(org.id)).toEqual({ grade: null, grade_status: "none", grade_valid_until: null, list_status: "none" });
    expect(await gradeRow(org.id)).toMatchObject({ status: "suspended" });
    expect(await countRows(db, "grade_adjustments", "district_id = ? AND organization_id = ? AND outcome = 'restored'", D, org.id)).toBe(0);
  });

  it("does not restore while another serious-list entry is in force", async () => {
    const org = await suspended("两项严重失信中心", "2031-12-31", "2027-06-01");
    await enterOnList(
      await districtData(D),
      org.id,
      { list: "serious", reasonCode: "major_fine", reason: "再次受到罚款处罚", legalBasis: "《社会组织信用信息管理办法》第十一条", decidingBody: "测试区民政局", decidedOn: "2027-06-01", eventOn: "2027-06-01", needsRectification: false },
      { id: admin.id, role: "district_admin" },
      new Date().toISOString(),
    );
    await accepted(org.id, org.entryId, "objection", "2027-07-01");
    expect(await gradeOf(org.id)).toMatchObject({ grade: null, list_status: "serious" });
    expect(await gradeRow(org.id)).toMatchObject({ status: "suspended" });
  });
});
