import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import { EVERY_FIVE_MINUTES } from "../../src/jobs/crons";
import { TRANSITIONS, allowedActions } from "../../src/modules/incubation/state";
import { APPLICATION_STATUSES } from "../../src/modules/incubation/tables";
import { Browser, countRows, testEnv } from "../helpers";
import { completeDraft, incubationVersion, panelScores, scoredByOne, signInAgain, submittedApplication, uploadPlan, world, type World } from "./fixtures";

// An application from draft to admission, through the shared review and notice engine.

const api = (w: World, b: Browser, path: string, method = "GET", json?: unknown) => b.api(`/d/${w.district}/api/v1${path}`, { method, ...(json !== undefined ? { json } : {}) });

async function runJobsAt(w: World, time: number) {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ scheduledTime: time, cron: EVERY_FIVE_MINUTES }), testEnv, ctx);
  await waitOnExecutionContext(ctx);
  await signInAgain(w);
}

async function status(w: World, id: string) {
  return (await (await api(w, w.applicant, `/incubation/applications/${id}`)).json()) as { status: string; version: number; eligibility_due_on: string; history: { to_status: string; note: string }[] };
}

describe("state machine", () => {
  it("allows exactly the listed transitions from every state", () => {
    for (const s of APPLICATION_STATUSES) {
      for (const [action, rule] of Object.entries(TRANSITIONS)) {
        expect(allowedActions(s).includes(action as keyof typeof TRANSITIONS)).toBe((rule.from as readonly string[]).includes(s));
      }
    }
    expect(allowedActions("admitted")).toEqual([]);
    expect(allowedActions("rejected")).toEqual([]);
    expect(allowedActions("withdrawn")).toEqual([]);
  });

  it("answers an illegal transition with 409 naming the allowed ones, and changes nothing", async () => {
    const w = await world("310101");
    const app = await submittedApplication(w);
    const before = await countRows(testEnv.DISTRICTS_0, "application_events", "application_id = ?", app.id);
    const res = await api(w, w.admin, `/incubation/applications/${app.id}/decision`, "POST", { outcome: "admit", reasons: "很好", version: app.version });
    expect(res.status).toBe(409);
    const body = (await res.json()) as { code: string; allowed: string[]; title: string };
    expect(body.code).toBe("illegal_transition");
    expect(body.allowed.sort()).toEqual(["pass", "reject_eligibility", "return", "withdraw"].sort());
    expect(body.title).toContain("已提交，待资格初审");
    expect(await countRows(testEnv.DISTRICTS_0, "application_events", "application_id = ?", app.id)).toBe(before);
  });
});

describe("applying", () => {
  it("keeps one application per organization and call, even when 'apply' is sent twice at once", async () => {
    const w = await world("310102");
    const [a, b] = await Promise.all([api(w, w.applicant, `/incubation/calls/${w.callId}/applications`, "POST", {}), api(w, w.applicant, `/incubation/calls/${w.callId}/applications`, "POST", {})]);
    const ids = [((await a.json()) as { id: string }).id, ((await b.json()) as { id: string }).id];
    expect(ids[0]).toBe(ids[1]);
    expect(await countRows(testEnv.DISTRICTS_0, "applications", "district_id = ? AND call_id = ?", w.district, w.callId)).toBe(1);
  });

  it("refuses to submit an incomplete application, field by field, and says which materials are missing", async () => {
    const w = await world("310103");
    const id = ((await (await api(w, w.applicant, `/incubation/calls/${w.callId}/applications`, "POST", {})).json()) as { id: string }).id;
    const res = await api(w, w.applicant, `/incubation/applications/${id}/submit`, "POST", { version: 1, confirm: true });
    expect(res.status).toBe(422);
    const errors = ((await res.json()) as { errors: { field: string; message: string }[] }).errors;
    const fields = errors.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(["orgIntro", "plan", "needs", "teamSize", "founders", "attachments"]));
    expect(errors.find((e) => e.field === "attachments")!.message).toContain("孵化计划书");
    expect((await status(w, id)).status).toBe("draft");
  });

  it("checks attachments by content, not by name, and keeps the draft when an upload fails", async () => {
    const w = await world("310104");
    const id = ((await (await api(w, w.applicant, `/incubation/calls/${w.callId}/applications`, "POST", {})).json()) as { id: string }).id;
    await api(w, w.applicant, `/incubation/applications/${id}/draft`, "PUT", completeDraft);
    const fake = await uploadPlan(w, id, new TextEncoder().encode("<html><script>alert(1)</script></html>"), "plan.pdf");
    expect(fake.status).toBe(422);
    expect(((await fake.json()) as { errors: { code: string }[] }).errors[0]!.code).toBe("bad_type");
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    const ok = await uploadPlan(w, id, png, "scan.pdf");
    expect(ok.status).toBe(201);
    const uploaded = (await ok.json()) as { id: string; contentType: string };
    expect(uploaded.contentType).toBe("image/png");
    const draft = (await (await api(w, w.applicant, `/incubation/applications/${id}`)).json()) as { form: { plan: string }; attachments: unknown[] };
    expect(draft.form.plan).toBe(completeDraft.plan);
    expect(draft.attachments).toHaveLength(1);
    const stored = await testEnv.FILES.list({ prefix: `${w.district}/applications/${id}/` });
    expect(stored.objects).toHaveLength(1);
    // The applicant downloads it back, byte for byte; a stranger gets 404.
    const attachmentId = uploaded.id;
    const download = await w.applicant.fetch(`/d/${w.district}/incubation/attachments/${attachmentId}`);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(png);
    expect((await w.reviewers[0]!.browser.fetch(`/d/${w.district}/incubation/attachments/${attachmentId}`)).status).toBe(404);
  });

  it("refuses an organization on a credit list and tells it why", async () => {
    const w = await world("310105");
    await testEnv.DISTRICTS_0.prepare(
      "INSERT INTO credit_list_entries (district_id, id, organization_id, list, reason, legal_basis, deciding_body, decided_on, exited_on, created_at) VALUES (?, 'e1', ?, 'abnormal', '未按时报送年度报告', '《社会组织信用信息管理办法》第十条', '区民政局', '2026-06-01', NULL, '2026-06-01')",
    )
      .bind(w.district, w.orgId)
      .run();
    const res = await api(w, w.applicant, `/incubation/calls/${w.callId}/applications`, "POST", {});
    expect(res.status).toBe(409);
    const body = (await res.json()) as { code: string; title: string };
    expect(body.code).toBe("credit_listed");
    expect(body.title).toContain("活动异常名录");
    expect(body.title).toContain("未按时报送年度报告");
  });

  it("lets the applicant withdraw before a decision, and not after", async () => {
    const w = await world("310106");
    const app = await submittedApplication(w);
    const res = await api(w, w.applicant, `/incubation/applications/${app.id}/withdraw`, "POST", { version: app.version });
    expect(res.status).toBe(200);
    expect((await status(w, app.id)).status).toBe("withdrawn");
    const again = await api(w, w.applicant, `/incubation/applications/${app.id}/withdraw`, "POST", { version: app.version + 1 });
    expect(again.status).toBe(409);
  });
});

describe("eligibility, review and decision", () => {
  it("returns an application with comments; the applicant edits and resubmits; staff cannot edit it", async () => {
    const w = await world("310107");
    const app = await submittedApplication(w);
    const due = (await status(w, app.id)).eligibility_due_on;
    expect(due).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const ret = await api(w, w.admin, `/incubation/applications/${app.id}/eligibility`, "POST", { outcome: "return", reasons: "请补充团队成员的服务经历。", version: app.version });
    expect(ret.status).toBe(200);
    const returned = await status(w, app.id);
    expect(returned.status).toBe("returned");
    expect(returned.history.at(-1)!.note).toBe("请补充团队成员的服务经历。");
    // Staff have no way to change the applicant's words.
    expect((await api(w, w.admin, `/incubation/applications/${app.id}/draft`, "PUT", completeDraft)).status).toBe(403);
    expect((await api(w, w.applicant, `/incubation/applications/${app.id}/draft`, "PUT", { ...completeDraft, plan: `${completeDraft.plan}团队成员均有三年以上服务经历。` })).status).toBe(200);
    const resubmit = await api(w, w.applicant, `/incubation/applications/${app.id}/submit`, "POST", { version: returned.version, confirm: true });
    expect(resubmit.status).toBe(200);
    expect((await status(w, app.id)).status).toBe("submitted");
  });

  it("lets only one of two staff deciding at once win", async () => {
    const w = await world("310108");
    const app = await submittedApplication(w);
    const [a, b] = await Promise.all([
      api(w, w.admin, `/incubation/applications/${app.id}/eligibility`, "POST", { outcome: "pass", reasons: "符合条件", version: app.version }),
      api(w, w.admin, `/incubation/applications/${app.id}/eligibility`, "POST", { outcome: "reject", reasons: "不符合条件", version: app.version }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const events = await countRows(testEnv.DISTRICTS_0, "application_events", "application_id = ? AND from_status = 'submitted'", app.id);
    expect(events).toBe(1);
  });

  it("excludes conflicted reviewers from scoring and aggregation, shows the spread, and locks the rubric", async () => {
    const w = await world("310109");
    const app = await submittedApplication(w);
    expect((await api(w, w.admin, `/incubation/applications/${app.id}/eligibility`, "POST", { outcome: "pass", reasons: "符合条件", version: app.version })).status).toBe(200);
    const mine = async (b: Browser) => ((await (await b.api(`/d/${w.district}/api/v1/review/assignments`)).json()) as { id: string; subject_id: string }[]).find((a) => a.subject_id === app.id)!.id;
    const [r1, r2, r3] = w.reviewers;
    const ids = [await mine(r1!.browser), await mine(r2!.browser), await mine(r3!.browser)];
    // Nothing is shown before the declaration.
    expect((await api(w, r1!.browser, `/review/assignments/${ids[0]}`)).status).toBe(409);
    expect((await api(w, r1!.browser, `/review/assignments/${ids[0]}/declaration`, "POST", { conflicted: false })).status).toBe(204);
    expect((await api(w, r2!.browser, `/review/assignments/${ids[1]}/declaration`, "POST", { conflicted: false })).status).toBe(204);
    expect((await api(w, r3!.browser, `/review/assignments/${ids[2]}/declaration`, "POST", { conflicted: true })).status).toBe(422); // reason needed
    expect((await api(w, r3!.browser, `/review/assignments/${ids[2]}/declaration`, "POST", { conflicted: true, reason: "近两年曾在该团队兼职" })).status).toBe(204);
    // Another reviewer's assignment does not exist for you.
    expect((await api(w, r1!.browser, `/review/assignments/${ids[1]}`)).status).toBe(404);

    const view = (await (await api(w, r1!.browser, `/review/assignments/${ids[0]}`)).json()) as { rubric: { items: { id: string; maxScore: number }[] } };
    const [feasibility, team] = view.rubric.items;
    const outOfRange = await api(w, r1!.browser, `/review/assignments/${ids[0]}/scores`, "PUT", { scores: [{ itemId: feasibility!.id, score: 61 }] });
    expect(outOfRange.status).toBe(422);
    expect(((await outOfRange.json()) as { errors: { message: string }[] }).errors[0]!.message).toBe("分数应在 0 到 60 之间。");
    expect(
      (
        await api(w, r1!.browser, `/review/assignments/${ids[0]}/scores`, "PUT", {
          scores: [
            { itemId: feasibility!.id, score: 54, comment: "可行" },
            { itemId: team!.id, score: 36 },
          ],
          submit: true,
        })
      ).status,
    ).toBe(204);
    expect(
      (
        await api(w, r2!.browser, `/review/assignments/${ids[1]}/scores`, "PUT", {
          scores: [
            { itemId: feasibility!.id, score: 42 },
            { itemId: team!.id, score: 28 },
          ],
          submit: true,
        })
      ).status,
    ).toBe(204);
    // The conflicted reviewer cannot score at all.
    expect(
      (
        await api(w, r3!.browser, `/review/assignments/${ids[2]}/scores`, "PUT", {
          scores: [
            { itemId: feasibility!.id, score: 0 },
            { itemId: team!.id, score: 0 },
          ],
          submit: true,
        })
      ).status,
    ).toBe(409);
    // Submitted scores are final.
    expect((await api(w, r1!.browser, `/review/assignments/${ids[0]}/scores`, "PUT", { scores: [{ itemId: team!.id, score: 40 }] })).status).toBe(409);

    const ranking = (await (await api(w, w.admin, `/incubation/calls/${w.callId}/ranking`)).json()) as { id: string; score: number; spread: number; counted: number; conflicted: number }[];
    const row = ranking.find((r) => r.id === app.id)!;
    // (54+36)=90 and (42+28)=70 on a 100-point weighting: mean 80, spread 20; the conflicted reviewer is not counted.
    expect(row).toMatchObject({ score: 80, spread: 20, counted: 2, conflicted: 1 });
    // The rubric cannot change now.
    const change = await api(w, w.admin, `/incubation/calls/${w.callId}/rubric`, "PUT", { rubric: [{ title: "新标准", weight: 100, maxScore: 100 }] });
    expect(change.status).toBe(409);
    expect(((await change.json()) as { code: string }).code).toBe("rubric_locked");
    // A conflicted assignment can be moved to another reviewer.
    const fourth = await (await import("../helpers")).createUser(w.district, w.shard, [{ role: "reviewer" }]);
    expect((await api(w, w.admin, `/review/assignments/${ids[2]}/move`, "POST", { reviewerId: fourth.id })).status).toBe(204);
    const review = (await (await api(w, w.admin, `/incubation/applications/${app.id}/review`)).json()) as { assignments: { reviewer_id: string; status: string }[] };
    expect(review.assignments.find((a) => a.reviewer_id === fourth.id)?.status).toBe("awaiting_declaration");
    expect(review.assignments.find((a) => a.reviewer_id === r3!.id)?.status).toBe("moved");
    // The staff page's button says what it does, and offers only reviewers not already on the panel.
    const staff = await (await w.admin.fetch(`/d/${w.district}/incubation/manage/applications/${app.id}`)).text();
    expect(staff).toMatch(/>\s*改派\s*<\/button>/);
    expect(staff).not.toMatch(/>\s*已改派\s*<\/button>/);
    for (const onPanel of [fourth.id, r1!.id, r3!.id]) expect(staff).not.toContain(`<option value="${onPanel}"`);
  });
});

describe("public notice", () => {
  async function toNotice(district: string) {
    const w = await world(district);
    const app = await submittedApplication(w);
    await api(w, w.admin, `/incubation/applications/${app.id}/eligibility`, "POST", { outcome: "pass", reasons: "符合条件", version: app.version });
    await scoredByOne(w, app.id);
    const decided = await api(w, w.admin, `/incubation/applications/${app.id}/decision`, "POST", { outcome: "admit", reasons: "评审得分靠前，计划可行。", version: app.version + 1 });
    expect(decided.status).toBe(200);
    const notice = await api(w, w.admin, `/incubation/calls/${w.callId}/notice`, "POST", { body: "公示期内如有异议，请实名反映。" });
    expect(notice.status).toBe(201);
    const noticeId = ((await notice.json()) as { id: string }).id;
    return { w, app, noticeId };
  }

  it("admits after the window closes with no upheld objection; the job is idempotent", async () => {
    const { w, app, noticeId } = await toNotice("310110");
    expect((await status(w, app.id)).status).toBe("in_notice");
    const page = await (await new Browser().fetch(`/d/${w.district}/notices/${noticeId}`)).text();
    expect(page).toContain(`阳光社工${w.district}`);
    const publicNotice = (await (await new Browser().fetch(`/d/${w.district}/api/v1/notices/${noticeId}`)).json()) as { ends_at: string };

    // Objection filed and dismissed during the window.
    const visitor = new Browser();
    await visitor.fetch(`/d/${w.district}/notices/${noticeId}`);
    const filed = await visitor.submit(`/d/${w.district}/notices/${noticeId}/objections`, { subjectId: app.id, name: "王先生", contact: "13812345678", content: "该团队的服务时长可能有夸大。" });
    expect(filed.status).toBe(303);
    const stored = await testEnv.DISTRICTS_0.prepare("SELECT id, contact_protected FROM notice_objections WHERE notice_id = ?").bind(noticeId).first<{ id: string; contact_protected: string }>();
    expect(stored!.contact_protected).not.toContain("13812345678");
    expect(await (await new Browser().fetch(`/d/${w.district}/notices/${noticeId}`)).text()).not.toContain("13812345678");

    // Before the end nothing changes.
    await runJobsAt(w, Date.parse(publicNotice.ends_at) - 60_000);
    expect((await status(w, app.id)).status).toBe("in_notice");
    // After the end, an unhandled objection holds the admission.
    await runJobsAt(w, Date.parse(publicNotice.ends_at) + 60_000);
    expect((await status(w, app.id)).status).toBe("in_notice");
    expect((await api(w, w.admin, `/notices/objections/${stored!.id}/handle`, "POST", { upheld: false, note: "经核实，服务记录属实。" })).status).toBe(204);
    await runJobsAt(w, Date.parse(publicNotice.ends_at) + 6 * 60_000);
    expect((await status(w, app.id)).status).toBe("admitted");
    await runJobsAt(w, Date.parse(publicNotice.ends_at) + 11 * 60_000);
    expect(await countRows(testEnv.DISTRICTS_0, "incubations", "application_id = ?", app.id)).toBe(1);
    expect(await countRows(testEnv.DISTRICTS_0, "application_events", "application_id = ? AND to_status = 'admitted'", app.id)).toBe(1);

    // An objection after the window is refused with the date it closed.
    const late = await new Browser().fetch(`/d/${w.district}/api/v1/notices/${noticeId}/objections`, { method: "POST", json: { name: "李女士", contact: "13900000000", content: "迟到的异议内容。" } });
    expect(late.status).toBe(409);
    expect(((await late.json()) as { title: string }).title).toMatch(/公示期已结束（\d{4}-\d{2}-\d{2}）/);
  });

  it("sends the application back to review when an objection is upheld", async () => {
    const { w, app, noticeId } = await toNotice("310111");
    const res = await new Browser().fetch(`/d/${w.district}/api/v1/notices/${noticeId}/objections`, { method: "POST", json: { subjectId: app.id, name: "赵女士", contact: "zhao@example.cn", content: "该团队负责人另有在孵组织。" } });
    expect(res.status).toBe(201);
    const objectionId = ((await res.json()) as { id: string }).id;
    expect((await api(w, w.admin, `/notices/objections/${objectionId}/handle`, "POST", { upheld: true, note: "经核实属实。" })).status).toBe(204);
    const notice = (await (await new Browser().fetch(`/d/${w.district}/api/v1/notices/${noticeId}`)).json()) as { ends_at: string };
    await runJobsAt(w, Date.parse(notice.ends_at) + 60_000);
    expect((await status(w, app.id)).status).toBe("in_review");
    expect(await countRows(testEnv.DISTRICTS_0, "incubations", "application_id = ?", app.id)).toBe(0);
  });

  it("keeps the admitted organization's incubation: space, renewals up to the limit, exit", async () => {
    const { w, app, noticeId } = await toNotice("310112");
    const notice = (await (await new Browser().fetch(`/d/${w.district}/api/v1/notices/${noticeId}`)).json()) as { ends_at: string };
    await runJobsAt(w, Date.parse(notice.ends_at) + 60_000);
    const inc = await testEnv.DISTRICTS_0.prepare("SELECT id, version, planned_end_on, registration_due_on FROM incubations WHERE application_id = ?")
      .bind(app.id)
      .first<{ id: string; version: number; planned_end_on: string; registration_due_on: string }>();
    expect(inc!.registration_due_on).toBeTruthy(); // a founding team must register
    const space = await api(w, w.admin, `/incubation/parks/${w.parkId}/spaces`, "POST", { kind: "workstation", label: "A-01", capacity: 2 });
    const spaceId = ((await space.json()) as { id: string }).id;
    expect((await api(w, w.admin, `/incubation/incubations/${inc!.id}/space`, "POST", { spaceId, version: inc!.version })).status).toBe(204);
    expect((await api(w, w.admin, `/incubation/incubations/${inc!.id}/services`, "POST", { service: "registration_help", onDate: "2026-12-01", description: "协助准备登记材料" })).status).toBe(201);
    expect((await api(w, w.admin, `/incubation/incubations/${inc!.id}/milestones`, "POST", { milestone: "registered", onDate: "2027-01-15" })).status).toBe(201);
    // The outcome waits for a panel that has scored (docs/domain.md: exit assessment by a panel).
    const early = await api(w, w.admin, `/incubation/incubations/${inc!.id}/exit`, "POST", { outcome: "graduated", reasons: "尚无评审", version: await incubationVersion(inc!.id) });
    expect(early.status).toBe(409);
    await panelScores(w, inc!.id);
    const extend = await api(w, w.admin, `/incubation/incubations/${inc!.id}/exit`, "POST", { outcome: "extended", reasons: "尚需一期孵化", version: await incubationVersion(inc!.id) });
    expect(extend.status).toBe(204);
    await panelScores(w, inc!.id, [0.9, 0.9, 0.85]);
    const again = await api(w, w.admin, `/incubation/incubations/${inc!.id}/exit`, "POST", { outcome: "extended", reasons: "再延一期", version: await incubationVersion(inc!.id) });
    expect(again.status).toBe(422); // one renewal allowed by default
    const graduate = await api(w, w.admin, `/incubation/incubations/${inc!.id}/exit`, "POST", { outcome: "graduated", reasons: "已登记并承接项目", version: await incubationVersion(inc!.id) });
    expect(graduate.status).toBe(204);
    const scores = await testEnv.DISTRICTS_0.prepare("SELECT outcome, score FROM exit_assessments WHERE incubation_id = ? ORDER BY assessed_at").bind(inc!.id).all<{ outcome: string; score: number }>();
    expect(scores.results.map((r) => [r.outcome, r.score])).toEqual([
      ["extended", 81.33],
      ["graduated", 89.67],
    ]);
    const record = await (await w.applicant.fetch(`/d/${w.district}/incubation/incubations/${inc!.id}`)).text();
    expect(record).toContain("已出壳");
    expect(record).toContain("协助准备登记材料");
    const figures = (await (await api(w, w.admin, `/incubation/dashboard`)).json()) as { byState: Record<string, number>; exitsByYear: { graduated: number }[]; averageDaysToDecision: number };
    expect(figures.byState.admitted).toBe(1);
    expect(figures.exitsByYear.reduce((n, y) => n + y.graduated, 0)).toBe(1);
    expect(figures.averageDaysToDecision).toBeGreaterThanOrEqual(0);
  });
});

describe("other districts and scopes", () => {
  it("answers another district's park, call, application and notice with 404", async () => {
    const a = await world("310113", "DISTRICTS_0");
    const b = await world("310114", "DISTRICTS_1");
    const appB = await submittedApplication(b);
    expect((await a.admin.fetch(`/d/${a.district}/incubation/parks/${b.parkId}`)).status).toBe(404);
    expect((await a.admin.fetch(`/d/${a.district}/incubation/calls/${b.callId}`)).status).toBe(404);
    expect((await api(a, a.admin, `/incubation/calls/${b.callId}/ranking`)).status).toBe(404);
    expect((await api(a, a.admin, `/incubation/applications/${appB.id}/eligibility`, "POST", { outcome: "pass", reasons: "x", version: appB.version })).status).toBe(404);
    expect((await api(a, a.applicant, `/incubation/applications/${appB.id}`)).status).toBe(404);
    // B's applicant through B's path but with A's session: 404 as well.
    expect((await a.admin.fetch(`/d/${b.district}/api/v1/incubation/calls/${b.callId}/ranking`)).status).toBe(404);
  });

  it("keeps sub-district staff to parks at or below their sub-district", async () => {
    const w = await world("310115");
    const staff = await (await import("../helpers")).createUser(w.district, w.shard, [{ role: "subdistrict_staff", scopeArea: `${w.district}001` }]);
    const b = new Browser();
    await b.signIn(w.district, staff.email);
    // The district-level park is not theirs.
    expect((await b.api(`/d/${w.district}/api/v1/incubation/calls/${w.callId}/ranking`)).status).toBe(404);
    const own = await b.api(`/d/${w.district}/api/v1/incubation/parks`, {
      method: "POST",
      json: { name: "第1街道孵化基地", level: "subdistrict", areaCode: `${w.district}001`, operatorName: "街道综合服务中心", address: "第1街道", services: ["venue"], physical: true, virtual: false },
    });
    expect(own.status).toBe(201);
    const other = await b.api(`/d/${w.district}/api/v1/incubation/parks`, {
      method: "POST",
      json: { name: "第2街道孵化基地", level: "subdistrict", areaCode: `${w.district}002`, operatorName: "街道服务中心", address: "第2街道", services: ["venue"], physical: true, virtual: false },
    });
    expect(other.status).toBe(403);
  });
});
