import { describe, expect, it } from "vitest";
import { districtWith } from "../fixtures/district";
import { changed, insertOrg, rows, runDaily } from "./fixtures";

// The daily reminders at a fixed clock: last year's annual report 30 and 7 days before
// it is due (31 May, foundations 31 March), a grade 90 days before it expires; once per
// organization and deadline however often the job runs.

const D = "150984";
const { db } = await districtWith(D, { shard: "DISTRICTS_0" });
const JOB = "disclosure.reminders";
const told = async (orgId: string) =>
  (await rows<{ kind: string; params_json: string }>(db, "SELECT kind, params_json FROM notification_events WHERE district_id = ? AND recipient_ref = ? ORDER BY created_at, rowid", D, orgId)).map((e) => [e.kind, JSON.parse(e.params_json)]);

describe("deadline reminders", () => {
  it("reminds of the annual report at 30 and 7 days and of a grade at 90 days, once each", async () => {
    const owing = await insertOrg(db, D, { name: "未报年报服务中心" });
    const filed = await insertOrg(db, D, { name: "已报年报服务中心" });
    await db.prepare("UPDATE organizations SET last_report_year = 2025 WHERE district_id = ? AND id = ?").bind(D, filed.id).run();
    const foundation = await insertOrg(db, D, { name: "测试慈善基金会", orgType: "基金会" });
    const graded = await insertOrg(db, D, { name: "四A评估服务中心", grade: "4A", gradeStatus: "valid", gradeValidUntil: "2026-07-30" });
    await db.prepare("UPDATE organizations SET last_report_year = 2025 WHERE district_id = ? AND id = ?").bind(D, graded.id).run();

    // 1 March: foundations' report (31 March) is 30 days away; nobody else's.
    expect(changed(await runDaily("2026-03-01"), D, JOB)).toBe(1);
    expect(await told(foundation.id)).toEqual([["disclosure.annual_report_due", { year: "2025", dueOn: "2026-03-31", days: "30" }]]);
    expect(changed(await runDaily("2026-03-02"), D, JOB)).toBe(0);

    // 1 May: 30 days before 31 May, and 90 days before the grade expires on 30 July.
    expect(changed(await runDaily("2026-05-01"), D, JOB)).toBe(2);
    expect(changed(await runDaily("2026-05-01", "12:00"), D, JOB)).toBe(0);
    expect(changed(await runDaily("2026-05-24"), D, JOB)).toBe(1);
    expect(await told(owing.id)).toEqual([
      ["disclosure.annual_report_due", { year: "2025", dueOn: "2026-05-31", days: "30" }],
      ["disclosure.annual_report_due", { year: "2025", dueOn: "2026-05-31", days: "7" }],
    ]);
    expect(await told(filed.id)).toEqual([]);
    expect(await told(graded.id)).toEqual([["disclosure.grade_expiring", { grade: "4A", validUntil: "2026-07-30" }]]);
  });
});
