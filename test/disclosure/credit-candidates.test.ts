import { describe, expect, it } from "vitest";
import { countRows } from "../helpers";
import { clockAt, creditStaff, insertOrg } from "./fixtures";

// An overdue annual report proposes an abnormal-activity list entry (民政部令第60号, ground
// (一)) on the credit staff's to-do list; nothing is listed until a person submits the
// entry form the proposal fills in. Fixed clock: 2026-11-27, so the 2025 report of a
// social service agency was due 2026-05-31, the information formed on 2026-06-01 and the
// five working days to record it end on 2026-06-08; a foundation's was due 2026-03-31,
// formed on 2026-04-01, and the Qingming holiday (04-04 to 04-06) moves its end from
// 04-08 to 04-09.

const D = "150988";
const OTHER = "150989";
const SHARD = "DISTRICTS_0";

clockAt("2026-11-27");

describe("abnormal-list candidates from overdue annual reports", () => {
  it("proposes only active, unlisted organizations whose report is overdue, dated by the working-day rule, and lists nobody by itself", async () => {
    const { db, staff, stranger } = await creditStaff(D, SHARD, OTHER);

    const owing = await insertOrg(db, D, { name: "逾期未报年报服务中心", filingStatus: "overdue" });
    const foundation = await insertOrg(db, D, { name: "逾期未报年报基金会", orgType: "基金会", filingStatus: "overdue" });
    await insertOrg(db, D, { name: "已在异常名录的协会", filingStatus: "overdue", listStatus: "abnormal" });
    const dissolved = await insertOrg(db, D, { name: "已注销的服务中心", filingStatus: "overdue" });
    await db.prepare("UPDATE organizations SET registration_status = 'deregistered', registration_status_on = '2026-03-01' WHERE district_id = ? AND id = ?").bind(D, dissolved.id).run();
    const filed = await insertOrg(db, D, { name: "按时报送的服务中心", filingStatus: "on_time" });
    await db.prepare("UPDATE organizations SET last_report_year = 2025, last_report_filed_on = '2025-05-20' WHERE district_id = ? AND id = ?").bind(D, filed.id).run();

    const todo = await (await staff.fetch(`/d/${D}/todo`)).text();
    expect(todo).toContain(`<a href="/d/${D}/manage/organizations/${owing.id}/credit/new?candidate=annual_report">逾期未报年报服务中心</a>`);
    expect(todo).toContain('活动异常名录 · 拟列入（2025年度工作报告逾期未报） · <strong class="overdue">已逾期</strong> · 截止 2026-06-08');
    expect(todo).toContain(`<a href="/d/${D}/manage/organizations/${foundation.id}/credit/new?candidate=annual_report">逾期未报年报基金会</a>`);
    expect(todo).toContain('活动异常名录 · 拟列入（2025年度工作报告逾期未报） · <strong class="overdue">已逾期</strong> · 截止 2026-04-09');
    for (const name of ["已在异常名录的协会", "已注销的服务中心", "按时报送的服务中心"]) expect(todo).not.toContain(name);
    expect(await countRows(db, "credit_list_entries", "district_id = ? AND organization_id = ?", D, owing.id)).toBe(0);

    // The proposal opens the entry form filled in from the facts, with the legal ground.
    const form = await (await staff.fetch(`/d/${D}/manage/organizations/${owing.id}/credit/new?candidate=annual_report`)).text();
    expect(form).toContain("本表根据年度工作报告逾期未报的记录预先填写，尚未列入。");
    expect(form).toContain("未按照规定时限和要求向登记管理机关报送2025年度工作报告（应于2026-05-31前报送）。");
    expect(form).toContain("列入活动异常名录情形第（一）项");
    expect(form).toContain('value="2026-06-01"');
    // Without the facts (a filed report) the form stays blank.
    expect(await (await staff.fetch(`/d/${D}/manage/organizations/${filed.id}/credit/new?candidate=annual_report`)).text()).not.toContain("尚未列入");

    // Another district's staff cannot reach it.
    expect((await stranger.fetch(`/d/${OTHER}/manage/organizations/${owing.id}/credit/new?candidate=annual_report`)).status).toBe(404);
    expect(await (await stranger.fetch(`/d/${OTHER}/todo`)).text()).not.toContain("逾期未报年报服务中心");

    // A person confirms: the entry is made and the proposal leaves the list.
    const confirmed = await staff.submit(
      `/d/${D}/manage/organizations/${owing.id}/credit`,
      {
        list: "abnormal",
        reasonCode: "annual_report",
        reason: "未按照规定时限和要求向登记管理机关报送2025年度工作报告（应于2026-05-31前报送）。",
        legalBasis: "",
        decidingBody: `测试${D}区民政局`,
        eventOn: "2026-06-01",
        decidedOn: "2026-11-27",
        needsRectification: "1",
      },
      `/d/${D}/manage/organizations/${owing.id}/credit/new?candidate=annual_report`,
    );
    expect(confirmed.status, await confirmed.clone().text()).toBe(303);
    expect(await countRows(db, "credit_list_entries", "district_id = ? AND organization_id = ? AND reason_code = 'annual_report'", D, owing.id)).toBe(1);
    expect(await (await staff.fetch(`/d/${D}/todo`)).text()).not.toContain("逾期未报年报服务中心");
  });
});
