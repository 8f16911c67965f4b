import { describe, expect, it } from "vitest";
import { Browser, testEnv } from "../helpers";
import { completeDraft, uploadPlan, world } from "./fixtures";

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
        ["needs", "venue"],
        ["needs", "capacity_building"],
        ["teamSize", "6"],
        ["founders", "刘洋，负责人\n陈静，财务"],
        ["foundersSigned", "yes"],
      ]).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(save.status).toBe(303);
    const draftPage = await (await w.applicant.fetch(`${appPath}?done=saved`)).text();
    expect(draftPage).toContain("草稿已保存");
    expect(draftPage).toContain("刘洋，负责人");
    expect(draftPage).toContain('data-autosave=');
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
      items.forEach((item, i) => (form[`score_${item}`] = String(i === 0 ? 50 : 30)));
      expect((await r.browser.submit(`${d}/review/${assignment}/scores`, form)).status).toBe(303);
      expect(await (await r.browser.fetch(`${d}/review/${assignment}`)).text()).toContain("评分已提交");
    }

    // Decide, publish the notice, and a visitor objects through the form.
    const decide = await w.admin.submit(`${d}/incubation/manage/applications/${id}/decision`, { outcome: "admit", reasons: "得分 80，计划可行。", version: "3" });
    expect(decide.status).toBe(303);
    const publish = await w.admin.submit(`${d}/incubation/manage/calls/${w.callId}/notice`, { body: "如有异议请实名反映。" });
    expect(publish.status).toBe(303);
    const notice = await testEnv.DISTRICTS_0.prepare("SELECT id FROM public_notices WHERE batch_id = ?").bind(w.callId).first<{ id: string }>();
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
    expect(await (await w.admin.fetch(`${d}/incubation/dashboard`)).text()).toContain("公示中");
  });
});
