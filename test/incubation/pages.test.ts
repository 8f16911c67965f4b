import { describe, expect, it } from "vitest";
import { Browser, testEnv } from "../helpers";
import { completeDraft, incubationVersion, panelScores, uploadPlan, world } from "./fixtures";

// The same flow through the pages (forms, redirects, what people read), as a browser
// without JavaScript would use it.

describe("incubation pages", () => {
  it("applicant, staff and reviewers complete an application through the forms", async () => {
    const w = await world("320101");
    const d = `/d/${w.district}`;
    // Public pages.
    const parks = await (await new Browser().fetch(`${d}/incubation`)).text();
    expect(parks).toContain("区社会组织孵化园");
    expect(parks).toContain("2026 年第一批入驻招募");
    const callPage = await (await w.applicant.fetch(`${d}/incubation/calls/${w.callId}`)).text();
    expect(callPage).toContain("项目可行性");
    expect(callPage).toContain("在线申请入驻");

    // Apply, save the draft through the form, upload, submit with confirmation.
    const apply = await w.applicant.submit(`${d}/incubation/calls/${w.callId}/apply`, {});
    expect(apply.status).toBe(303);
    const appPath = apply.headers.get("location")!;
    const id = appPath.split("/").pop()!;
    const save = await w.applicant.fetch(appPath.replace(/$/, "/draft"), {
      method: "POST",
      body: new URLSearchParams([
        ["_csrf", w.applicant.csrf],
        ["orgIntro", completeDraft.orgIntro],
        ["plan", completeDraft.plan],
        ["needs.venue", "1"],
        ["needs.capacity_building", "1"],
        ["teamSize", "6"],
        ["founders", "刘洋，负责人\n陈静，财务"],
        ["foundersSigned.yes", "1"],
      ]).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(save.status).toBe(303);
    const draftPage = await (await w.applicant.fetch(`${appPath}?done=saved`)).text();
    expect(draftPage).toContain("草稿已保存");
    expect(draftPage).toContain("刘洋，负责人");
    expect(draftPage).toContain("data-autosave=");
    await uploadPlan(w, id);
    const noConfirm = await w.applicant.submit(`${appPath}/submit`, { version: "1" });
    expect(noConfirm.status).toBe(422);
    const submitted = await w.applicant.submit(`${appPath}/submit`, { version: "1", confirm: "yes" });
    expect(submitted.status).toBe(303);
    const statusPage = await (await w.applicant.fetch(appPath)).text();
    expect(statusPage).toContain("已提交，待资格初审");
    expect(statusPage).toContain("撤回申请");

    // Staff: queue, application, eligibility pass.
    const queue = await (await w.admin.fetch(`${d}/incubation/manage/calls/${w.callId}`)).text();
    expect(queue).toContain(`阳光社工${w.district}`);
    const staffView = await (await w.admin.fetch(`${d}/incubation/manage/applications/${id}`)).text();
    expect(staffView).toContain("资格初审");
    const pass = await w.admin.submit(`${d}/incubation/manage/applications/${id}/eligibility`, { outcome: "pass", reasons: "材料齐全，符合条件。", version: "2" });
    expect(pass.status).toBe(303);

    // Reviewers: the declaration page shows nothing of the content; then scoring.
    for (const [index, r] of w.reviewers.entries()) {
      const list = await (await r.browser.fetch(`${d}/review`)).text();
      const assignment = /href="\/d\/\d+\/review\/([^"]+)"/.exec(list)![1]!;
      const declarePage = await (await r.browser.fetch(`${d}/review/${assignment}`)).text();
      expect(declarePage).toContain("利益冲突声明");
      expect(declarePage).not.toContain(completeDraft.plan);
      if (index === 2) {
        await r.browser.submit(`${d}/review/${assignment}/declaration`, { conflicted: "yes", reason: "亲属在该团队任职" });
        continue;
      }
      await r.browser.submit(`${d}/review/${assignment}/declaration`, { conflicted: "no", reason: "" });
      const scorePage = await (await r.browser.fetch(`${d}/review/${assignment}`)).text();
      expect(scorePage).toContain(completeDraft.plan);
      const items = [...scorePage.matchAll(/name="score_([^"]+)"/g)].map((m) => m[1]!);
      const form: Record<string, string> = { submit: "yes" };
      items.forEach((item, i) => {
        form[`score_${item}`] = String(i === 0 ? 50 : 30);
      });
      expect((await r.browser.submit(`${d}/review/${assignment}/scores`, form)).status).toBe(303);
      expect(await (await r.browser.fetch(`${d}/review/${assignment}`)).text()).toContain("评分已提交");
    }

    // Decide, publish the notice, and a visitor objects through the form.
    // The decision starts unchosen: no outcome is ticked for the person deciding.
    const before = await (await w.admin.fetch(`${d}/incubation/manage/applications/${id}`)).text();
    expect(before).toContain('value="admit"');
    expect(before).not.toMatch(/<input[^>]*name="outcome"[^>]*checked/);
    const decide = await w.admin.submit(`${d}/incubation/manage/applications/${id}/decision`, { outcome: "admit", reasons: "得分 80，计划可行。", version: "3" });
    expect(decide.status).toBe(303);
    // The application's page says how the message to the organization went, as a label.
    expect(await (await w.admin.fetch(`${d}/incubation/manage/applications/${id}`)).text()).toMatch(/发送情况: (待发送|(站内消息|短信|电子邮件|微信)：[^<·]+)/);
    const publish = await w.admin.submit(`${d}/incubation/manage/calls/${w.callId}/notice`, { body: "如有异议请实名反映。" });
    expect(publish.status).toBe(303);
    const notice = await testEnv.DISTRICTS_0.prepare("SELECT id FROM public_notices WHERE batch_id = ?").bind(w.callId).first<{ id: string }>();
    // The history links the notice by its title, never shows its id.
    for (const page of [`${d}/incubation/manage/applications/${id}`, appPath]) {
      const who = page === appPath ? w.applicant : w.admin;
      const history = await (await who.fetch(page)).text();
      expect(history).toContain(`<a href="${d}/notices/${notice!.id}">查看公示</a>`);
      expect(history).not.toContain(`— ${notice!.id}`);
    }
    const visitor = new Browser();
    const noticePage = await (await visitor.fetch(`${d}/notices/${notice!.id}`)).text();
    expect(noticePage).toContain("公示名单");
    expect(noticePage).toContain("80");
    const bad = await visitor.submit(`${d}/notices/${notice!.id}/objections`, { subjectId: "", name: "", contact: "", content: "" });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("此项必填");
    const filed = await visitor.submit(`${d}/notices/${notice!.id}/objections`, { subjectId: id, name: "王先生", contact: "13812345678", content: "请核实该团队的服务时长。" });
    expect(filed.status).toBe(303);
    expect(await (await visitor.fetch(filed.headers.get("location")!)).text()).toContain("异议已收到");
    const staffQueue = await (await w.admin.fetch(`${d}/incubation/manage/calls/${w.callId}`)).text();
    expect(staffQueue).toContain("请核实该团队的服务时长。");
    expect(staffQueue).not.toContain("13812345678");
    const dashboard = await (await w.admin.fetch(`${d}/incubation/dashboard`)).text();
    expect(dashboard).toContain("公示中");
    // Every button in the reader's language.
    expect(dashboard).toMatch(/>\s*查看\s*<\/button>/);
    expect(dashboard).not.toMatch(/>\s*OK\s*<\/button>/);
  });

  it("staff keep a park's details and spaces, and an incubation's services, milestones and exit, through the forms", async () => {
    const w = await world("320102");
    const d = `/d/${w.district}`;
    const parkPage = await (await w.admin.fetch(`${d}/incubation/manage/parks/${w.parkId}`)).text();
    expect(parkPage).toContain("修改孵化园信息");
    const edit = await w.admin.submit(`${d}/incubation/manage/parks/${w.parkId}`, {
      version: "1",
      name: "区社会组织孵化园（新址）",
      operatorName: "第三方运营机构",
      address: "钢铁大街 99 号",
      description: "",
      "services.venue": "1",
      "modes.virtual": "1",
    });
    expect(edit.status).toBe(303);
    const stale = await w.admin.submit(`${d}/incubation/manage/parks/${w.parkId}`, { version: "1", name: "过期的修改", operatorName: "第三方运营机构", address: "钢铁大街 99 号", description: "", "services.venue": "1" });
    expect(stale.status).toBe(409);
    expect((await w.admin.submit(`${d}/incubation/manage/parks/${w.parkId}/spaces`, { kind: "office", label: "201 室", capacity: "4" })).status).toBe(303);
    const space = await testEnv.DISTRICTS_0.prepare("SELECT id FROM park_spaces WHERE park_id = ?").bind(w.parkId).first<{ id: string }>();
    expect((await w.admin.submit(`${d}/incubation/manage/spaces/${space!.id}`, { status: "maintenance" })).status).toBe(303);
    const publicPark = await (await new Browser().fetch(`${d}/incubation/parks/${w.parkId}`)).text();
    expect(publicPark).toContain("区社会组织孵化园（新址）");
    expect(publicPark).toContain("维护中");

    // An organization in incubation (admitted earlier).
    const now = new Date().toISOString();
    await testEnv.DISTRICTS_0.prepare(
      "INSERT INTO applications (district_id, id, call_id, organization_id, applicant_id, status, form_json, version, created_at, updated_at) SELECT ?, 'app-x', ?, ?, applicant_id, 'admitted', '{}', 5, ?, ? FROM (SELECT id AS applicant_id FROM users WHERE district_id = ? AND email = ?)",
    )
      .bind(w.district, w.callId, w.orgId, now, now, w.district, w.applicantEmail)
      .run();
    await testEnv.DISTRICTS_0.prepare(
      "INSERT INTO incubations (district_id, id, application_id, park_id, organization_id, space_id, virtual, started_on, planned_end_on, renewals_used, status, version) VALUES (?, 'inc-x', 'app-x', ?, ?, NULL, 1, '2026-01-01', '2027-01-01', 0, 'active', 1)",
    )
      .bind(w.district, w.parkId, w.orgId)
      .run();
    expect((await w.admin.submit(`${d}/incubation/incubations/inc-x/services`, { service: "capacity_building", onDate: "2026-03-01", description: "财务管理培训", provider: "区社会组织服务中心" })).status).toBe(303);
    const badDate = await w.admin.submit(`${d}/incubation/incubations/inc-x/milestones`, { milestone: "registered", onDate: "明天", note: "" });
    expect(badDate.status).toBe(422);
    expect((await w.admin.submit(`${d}/incubation/incubations/inc-x/milestones`, { milestone: "registered", onDate: "2026-04-01", note: "取得登记证书" })).status).toBe(303);
    // The exit assessment: a panel first (at least three reviewers), its outcome once it has scored.
    const tooSmall = await w.admin.submit(`${d}/incubation/incubations/inc-x/exit-panel`, { reviewerIds: w.reviewers[0]!.id, version: "1" });
    expect(tooSmall.status).toBe(422);
    expect(await tooSmall.text()).toContain("评审小组至少需要 3 名评审专家。");
    const panelId = await panelScores(w, "inc-x", [0.4, 0.5, 0.45]);
    // A panel member's page under the one review inbox shows the record scored on the exit rubric.
    const reviewer = w.reviewers[0]!.browser;
    const mine = ((await (await reviewer.api(`${d}/api/v1/review/assignments`)).json()) as { id: string; subject_id: string }[]).find((a) => a.subject_id === panelId)!.id;
    const scored = await (await reviewer.fetch(`${d}/review/${mine}`)).text();
    expect(scored).toContain("出壳评估");
    expect(scored).toContain("财务管理培训");
    expect(scored).toContain("财务管理 Financial management");
    const before = await (await w.admin.fetch(`${d}/incubation/manage`)).text();
    expect(before).toContain("评审小组已完成评分，待记录结果");
    const noReasons = await w.admin.submit(`${d}/incubation/incubations/inc-x/exit`, { outcome: "eliminated", reasons: "", version: String(await incubationVersion("inc-x")) });
    expect(noReasons.status).toBe(422);
    expect(await noReasons.text()).toMatch(/value="eliminated"[^>]*checked/);
    expect((await w.admin.submit(`${d}/incubation/incubations/inc-x/exit`, { outcome: "eliminated", reasons: "长期未开展活动", version: String(await incubationVersion("inc-x")) })).status).toBe(303);
    const record = await (await w.applicant.fetch(`${d}/incubation/incubations/inc-x`)).text();
    expect(record).toContain("财务管理培训");
    expect(record).toContain("取得登记证书");
    expect(record).toContain("已淘汰");
    // The organization sees its record but none of the staff forms.
    expect(record).not.toContain(`action="${d}/incubation/incubations/inc-x/exit"`);
  });
});
