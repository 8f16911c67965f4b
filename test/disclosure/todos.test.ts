import { describe, expect, it } from "vitest";
import { addDays } from "../../src/lib/beijing-time";
import { Browser, createUser } from "../helpers";
import { districtWith } from "../fixtures/district";
import { insertOrg, row, today } from "./fixtures";

// Disclosure on the to-do page: a rectification filed against a credit-list entry
// waits for the credit staff with its answer deadline, and leaves once answered.

const D = "150976";
const SHARD = "DISTRICTS_1";

describe("disclosure to-dos", () => {
  it("lists a pending rectification for the district admin with its deadline, marks it overdue past it, and drops it once answered", async () => {
    const { db } = await districtWith(D, { shard: SHARD });
    const admin = await createUser(D, SHARD, [{ role: "district_admin" }]);
    const staff = new Browser();
    await staff.signIn(D, admin.email);
    const org = await insertOrg(db, D, { name: "待办整改测试协会" });
    const entered = await staff.submit(
      `/d/${D}/manage/organizations/${org.id}/credit`,
      {
        list: "abnormal",
        reasonCode: "annual_report",
        reason: "未按规定报送2025年度工作报告",
        legalBasis: "《社会组织信用信息管理办法》第十条",
        decidingBody: "测试区民政局",
        eventOn: addDays(today(), -25),
        decidedOn: addDays(today(), -20),
        needsRectification: "1",
      },
      `/d/${D}/manage/organizations/${org.id}/credit/new`,
    );
    expect(entered.status, await entered.clone().text()).toBe(303);
    const entryId = /\/manage\/credit\/([^?]+)/.exec(entered.headers.get("location")!)![1]!;
    const memberUser = await createUser(D, SHARD, [{ role: "org_member", organizationId: org.id }]);
    const member = new Browser();
    await member.signIn(D, memberUser.email);
    expect((await member.submit(`/d/${D}/my/credit/${entryId}/requests/rectification`, { content: "已于本月补报年度工作报告并完成财务整改。" })).status).toBe(200);
    const request = await row<{ id: string; answer_due_on: string }>(db, "SELECT id, answer_due_on FROM credit_requests WHERE district_id = ? AND entry_id = ?", D, entryId);

    const page = await (await staff.fetch(`/d/${D}/todo`)).text();
    expect(page).toContain(`<a href="/d/${D}/manage/credit/${entryId}">待办整改测试协会</a>`);
    expect(page).toContain(`信用名单 · 整改材料待核实 · 截止 ${request.answer_due_on}`);
    // The organization itself has nothing to do here; staff of another district see nothing of it.
    expect(await (await member.fetch(`/d/${D}/todo`)).text()).not.toContain("整改材料待核实");

    await db.prepare("UPDATE credit_requests SET answer_due_on = '2026-01-09' WHERE district_id = ? AND id = ?").bind(D, request.id).run();
    expect(await (await staff.fetch(`/d/${D}/todo`)).text()).toContain('信用名单 · 整改材料待核实 · <strong class="overdue">已逾期</strong> · 截止 2026-01-09');

    expect((await staff.submit(`/d/${D}/manage/credit/requests/${request.id}`, { decision: "accept", note: "经核实整改已完成。" })).status).toBe(303);
    expect(await (await staff.fetch(`/d/${D}/todo`)).text()).not.toContain("整改材料待核实");
  });
});
