import { describe, expect, it } from "vitest";
import { testEnv } from "../helpers";
import { submittedApplication, world } from "./fixtures";

// Incubation's to-dos on the to-do page: the eligibility answer due for staff, then the
// returned application for the applicant; overdue ones first and marked.

describe("incubation to-dos", () => {
  it("puts a submitted application on the staff's to-dos with its deadline, and a returned one on the applicant's", async () => {
    const w = await world("150975");
    const app = await submittedApplication(w);
    const due = (await testEnv.DISTRICTS_0.prepare("SELECT eligibility_due_on AS eligibilityDueOn FROM applications WHERE district_id = ? AND id = ?").bind(w.district, app.id).first<{ eligibilityDueOn: string }>())!;

    const staffPage = await (await w.admin.fetch(`/d/${w.district}/todo`)).text();
    expect(staffPage).toContain(`<a href="/d/${w.district}/incubation/manage/applications/${app.id}">阳光社工${w.district}（2026 年第一批入驻招募）</a>`);
    expect(staffPage).toContain(`入驻申请 · 资格初审 · 截止 ${due.eligibilityDueOn}`);
    expect(staffPage).not.toContain("已逾期");
    // The applicant has nothing to do while staff check eligibility.
    expect(await (await w.applicant.fetch(`/d/${w.district}/todo`)).text()).toContain("目前没有需要您办理的事项。");

    // Past the deadline the answer is overdue.
    await testEnv.DISTRICTS_0.prepare("UPDATE applications SET eligibility_due_on = '2026-01-05' WHERE district_id = ? AND id = ?").bind(w.district, app.id).run();
    expect(await (await w.admin.fetch(`/d/${w.district}/todo`)).text()).toContain('入驻申请 · 资格初审 · <strong class="overdue">已逾期</strong> · 截止 2026-01-05');

    const ret = await w.admin.api(`/d/${w.district}/api/v1/incubation/applications/${app.id}/eligibility`, { method: "POST", json: { outcome: "return", reasons: "请补充团队成员的服务经历。", version: app.version } });
    expect(ret.status).toBe(200);
    expect(await (await w.admin.fetch(`/d/${w.district}/todo`)).text()).toContain("目前没有需要您办理的事项。");
    const applicantPage = await (await w.applicant.fetch(`/d/${w.district}/todo`)).text();
    // Directly, or (once the queue has delivered the message about it) through the message.
    const record = `/d/${w.district}/incubation/applications/${app.id}`;
    const link = /<a href="([^"]+)">2026 年第一批入驻招募<\/a>/.exec(applicantPage)?.[1] ?? "";
    expect([record, `?next=${encodeURIComponent(record)}`].some((end) => link.endsWith(end))).toBe(true);
    expect(applicantPage).toContain("入驻申请 · 已退回，待补正");
  });
});
