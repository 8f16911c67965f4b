import { describe, expect, it } from "vitest";
import { beijingToday } from "../../src/lib/beijing-time";
import { Browser, countRows, createUser } from "../helpers";
import { districtWith } from "../fixtures/district";
import { assign, host, json, openPost, person, post, worker, type PostJson, POSTS_CAST } from "./fixtures";

// Embedding: assignments within the headcount (also under concurrent requests),
// ending and rotation with the history kept, applications decided by the host, annual
// assessments, rewards and the career path.

async function openStationPost(code: string, headcount: number) {
  const d = await districtWith(code, POSTS_CAST);
  const h = await host(d, d.admin, { hostType: "station", name: "第1街道社工站", areaCode: `${d.code}001` });
  const p = await openPost(d, d.admin, await post(d, d.admin, { hostId: h, areaCode: `${d.code}001`, headcount }));
  return { d, h, p };
}

describe("headcount", () => {
  it("lets exactly headcount of many concurrent assignments succeed", async () => {
    const { d, p } = await openStationPost("230101", 2);
    const workers = [];
    for (let i = 0; i < 6; i++) workers.push(await worker(d, d.admin));
    const results = await Promise.all(workers.map((w) => assign(d, d.admin, p.id, w.id)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(2);
    expect(statuses.filter((s) => s === 409)).toHaveLength(4);
    const refusal = (await results.find((r) => r.status === 409)!.json()) as { code: string; title: string };
    expect(refusal.code).toBe("headcount_full");
    expect(refusal.title).toContain("2 个名额已满");
    expect(await countRows(d.db, "post_assignments", "post_id = ?", p.id)).toBe(2);
    // Through the page: the refusal is told at the top, linking to the form further down.
    const page = await d.admin.b.submit(d.path(`/posts/${p.id}/assignments`), { workerId: workers[5]!.id, startsOn: "2026-01-05" });
    const html = await page.text();
    const top = html.indexOf('<a href="#assign">');
    expect(top, html.slice(0, 200)).toBeGreaterThan(0);
    expect(html.slice(top, top + 80)).toContain("名额已满");
    expect(top).toBeLessThan(html.indexOf('id="assign"'));
    // Every success, and no failure, left an audit event.
    expect(await countRows(d.db, "audit_events", "district_id = ? AND action = 'assignment.created'", d.code)).toBe(2);
    const after = await json<PostJson>(await d.admin.b.fetch(d.path(`/api/v1/posts/${p.id}`)), 200);
    expect(after.active).toBe(2);
  });

  it("holds under concurrent host decisions on applications as well", async () => {
    const { d, p } = await openStationPost("230102", 1);
    const applicants = [];
    for (let i = 0; i < 3; i++) {
      const account = i === 0 ? d.worker : { b: new Browser() };
      if (i > 0) await account.b.signIn(d.code, (await createUser(d.code, d.shard, [{ role: "social_worker" }])).email);
      await json(await account.b.api(d.path("/api/v1/me/worker"), { method: "POST", json: { name: `申请人${i}`, areaCode: "", qualification: "none", certificateNo: "", ...person() } }), 201);
      const app = await json<{ id: string }>(await account.b.api(d.path(`/api/v1/open-posts/${p.id}/applications`), { method: "POST", json: { motivation: "我有三年社区服务经验，希望到社工站工作。" } }), 201);
      applicants.push(app.id);
    }
    const decide = (id: string) => d.admin.b.api(d.path(`/api/v1/posts/${p.id}/applications/${id}/decision`), { method: "POST", json: { decision: "accept", startsOn: "2026-02-01" } });
    const results = await Promise.all(applicants.map(decide));
    expect(results.map((r) => r.status).sort()).toEqual([204, 409, 409]);
    expect(await countRows(d.db, "post_assignments", "post_id = ?", p.id)).toBe(1);
    // Refused acceptances leave their applications undecided.
    expect(await countRows(d.db, "post_applications", "post_id = ? AND status = 'submitted'", p.id)).toBe(2);
  });

  it("refuses assigning to a post that is not open, and the same worker twice", async () => {
    const { d, h, p } = await openStationPost("230103", 3);
    const w = await worker(d, d.admin);
    await json(await assign(d, d.admin, p.id, w.id), 201);
    expect((await json<{ code: string }>(await assign(d, d.admin, p.id, w.id), 409)).code).toBe("already_assigned");
    const draft = await post(d, d.admin, { hostId: h, areaCode: `${d.code}001` });
    expect((await json<{ code: string }>(await assign(d, d.admin, draft.id, w.id), 409)).code).toBe("post_not_open");
  });
});

describe("assignments", () => {
  it("refuses an end before the start, field by field, and writes nothing", async () => {
    const { d, p } = await openStationPost("230201", 2);
    const w = await worker(d, d.admin);
    const res = await assign(d, d.admin, p.id, w.id, { startsOn: "2026-03-01", endsOn: "2026-02-28" });
    const problem = await json<{ errors: { field: string; code: string }[] }>(res, 422);
    expect(problem.errors).toEqual([expect.objectContaining({ field: "endsOn", code: "end_before_start" })]);
    const page = await d.admin.b.submit(d.path(`/posts/${p.id}/assignments`), { workerId: w.id, startsOn: "2026-03-01", endsOn: "2025-01-01" });
    expect(page.status).toBe(422);
    expect(await page.text()).toContain("结束日期不能早于开始日期");
    expect(await countRows(d.db, "post_assignments", "post_id = ?", p.id)).toBe(0);
    // The database refuses it too, whatever the path.
    await expect(
      d.db.prepare("INSERT INTO post_assignments (district_id, id, post_id, worker_id, starts_on, ends_on, created_at, updated_at) VALUES (?, 'x', ?, ?, '2026-03-01', '2026-01-01', '', '')").bind(d.code, p.id, w.id).run(),
    ).rejects.toThrow(/CHECK/);
  });

  it("ends an assignment, which frees its place, and keeps it in the history", async () => {
    const { d, p } = await openStationPost("230202", 1);
    const [a, b] = [await worker(d, d.admin), await worker(d, d.admin)];
    const first = await json<{ id: string }>(await assign(d, d.admin, p.id, a.id), 201);
    expect((await assign(d, d.admin, p.id, b.id)).status).toBe(409);
    const early = await d.admin.b.api(d.path(`/api/v1/assignments/${first.id}/end`), { method: "POST", json: { endsOn: "2025-12-31", reason: "resigned" } });
    expect((await json<{ errors: { field: string }[] }>(early, 422)).errors[0]!.field).toBe("endsOn");
    await json(await d.admin.b.api(d.path(`/api/v1/assignments/${first.id}/end`), { method: "POST", json: { endsOn: beijingToday(), reason: "resigned" } }), 204);
    await json(await assign(d, d.admin, p.id, b.id), 201);
    const html = await (await d.admin.b.fetch(d.path(`/posts/${p.id}`))).text();
    expect(html).toContain("已离岗");
    expect(html).toContain("（离职）");
    expect((await d.admin.b.api(d.path(`/api/v1/assignments/${first.id}/end`), { method: "POST", json: { endsOn: beijingToday(), reason: "other" } })).status).toBe(409);
  });

  it("rotates a worker to another post: the old assignment ends that day, the new one remembers where it came from", async () => {
    const { d, h, p } = await openStationPost("230203", 1);
    const target = await openPost(d, d.admin, await post(d, d.admin, { hostId: h, areaCode: `${d.code}001`, title: "轮岗目标岗位", headcount: 1 }));
    const w = await worker(d, d.admin);
    const first = await json<{ id: string }>(await assign(d, d.admin, p.id, w.id, { startsOn: "2025-01-01" }), 201);
    const page = await d.admin.b.submit(d.path(`/assignments/${first.id}/rotation`), { postId: target.id, startsOn: "2026-01-01", endsOn: "" });
    expect(page.status).toBe(303);
    const rows = await d.db.prepare("SELECT post_id, starts_on, ends_on, end_reason, rotated_from FROM post_assignments WHERE worker_id = ? ORDER BY starts_on").bind(w.id).all<Record<string, string | null>>();
    expect(rows.results).toEqual([
      { post_id: p.id, starts_on: "2025-01-01", ends_on: "2026-01-01", end_reason: "rotation", rotated_from: null },
      { post_id: target.id, starts_on: "2026-01-01", ends_on: null, end_reason: null, rotated_from: first.id },
    ]);
    const profile = await json<{ assignments: unknown[]; career: { type: string; date: string }[] }>(await d.admin.b.fetch(d.path(`/api/v1/workers/${w.id}`)), 200);
    expect(profile.assignments).toHaveLength(2);
    expect(profile.career.map((e) => e.type)).toEqual(["start", "start"]);
    const html = await (await d.admin.b.fetch(d.path(`/workers/${w.id}`))).text();
    expect(html).toContain("轮岗到：轮岗目标岗位");

    // Rotation into a full post is refused and changes nothing.
    const w2 = await worker(d, d.admin);
    const second = await json<{ id: string }>(await assign(d, d.admin, p.id, w2.id, { startsOn: "2026-01-02" }), 201);
    const full = await d.admin.b.api(d.path(`/api/v1/assignments/${second.id}/rotation`), { method: "POST", json: { postId: target.id, startsOn: "2026-02-01" } });
    expect((await json<{ code: string }>(full, 409)).code).toBe("headcount_full");
    expect(await countRows(d.db, "post_assignments", "id = ? AND ends_on IS NULL", second.id)).toBe(1);
  });
});

describe("applications", () => {
  it("lets a social worker keep a profile and apply online; the host decides", async () => {
    const d = await districtWith("230301", POSTS_CAST);
    const orgHost = (await json<{ id: string }[]>(await d.org.b.fetch(d.path("/api/v1/post-hosts")), 200))[0]!.id;
    const p = await openPost(d, d.org, await post(d, d.org, { hostId: orgHost, areaCode: `${d.code}002`, title: "公益创投项目助理" }));

    // No profile yet: the page says so, the API refuses.
    expect(await (await d.worker.b.fetch(d.path(`/open-posts/${p.id}`))).text()).toContain("请先建立您的社工档案");
    expect((await d.worker.b.api(d.path(`/api/v1/open-posts/${p.id}/applications`), { method: "POST", json: { motivation: "我希望参与公益创投项目。" } })).status).toBe(409);

    const created = await d.worker.b.submit(d.path("/me/worker"), { name: "李梅", areaCode: `${d.code}002001`, qualification: "assistant", certificateNo: "ZL-2025-0001", ...person() });
    expect(created.status).toBe(303);
    const apply = await d.worker.b.submit(d.path(`/open-posts/${p.id}/apply`), { motivation: "有社工站实习经历，熟悉社区活动组织。" });
    expect(apply.status).toBe(303);
    expect(await (await d.worker.b.fetch(apply.headers.get("location")!)).text()).toContain("申请已提交");
    const again = await d.worker.b.api(d.path(`/api/v1/open-posts/${p.id}/applications`), { method: "POST", json: { motivation: "再次申请这个岗位可以吗？" } });
    expect((await json<{ code: string }>(again, 409)).code).toBe("already_applied");

    // The organization, as host, sees the application and accepts it.
    const apps = await json<{ id: string; workerName: string; status: string }[]>(await d.org.b.fetch(d.path(`/api/v1/posts/${p.id}/applications`)), 200);
    expect(apps).toEqual([expect.objectContaining({ workerName: "李梅", status: "submitted" })]);
    const hostPage = await d.org.b.fetch(d.path(`/posts/${p.id}`));
    expect(await hostPage.text()).toContain("有社工站实习经历");
    const decided = await d.org.b.submit(d.path(`/posts/${p.id}/applications/${apps[0]!.id}/decision`), { decision: "accept", startsOn: "2026-12-01", note: "欢迎加入" });
    expect(decided.status).toBe(303);
    expect(await countRows(d.db, "post_assignments", "post_id = ? AND application_id = ?", p.id, apps[0]!.id)).toBe(1);
    const twice = await d.org.b.api(d.path(`/api/v1/posts/${p.id}/applications/${apps[0]!.id}/decision`), { method: "POST", json: { decision: "decline" } });
    expect(twice.status).toBe(409);

    const mine = await (await d.worker.b.fetch(d.path("/me/worker"))).text();
    expect(mine).toContain("已录用");
    expect(mine).toContain("公益创投项目助理");
    // Another community's staff member cannot reach the post to decide anything.
    expect((await d.otherCommunity.b.api(d.path(`/api/v1/posts/${p.id}/applications/${apps[0]!.id}/decision`), { method: "POST", json: { decision: "decline" } })).status).toBe(404);
  });

  it("lets the applicant withdraw a pending application, not a decided one", async () => {
    const { d, p } = await openStationPost("230302", 2);
    await json(await d.worker.b.api(d.path("/api/v1/me/worker"), { method: "POST", json: { name: "周婷", areaCode: "", qualification: "none", certificateNo: "", ...person() } }), 201);
    const app = await json<{ id: string }>(await d.worker.b.api(d.path(`/api/v1/open-posts/${p.id}/applications`), { method: "POST", json: { motivation: "希望到社工站从事儿童服务。" } }), 201);
    expect((await d.worker.b.submit(d.path(`/me/worker/applications/${app.id}/withdraw`), {})).status).toBe(303);
    expect(await countRows(d.db, "post_applications", "id = ? AND status = 'withdrawn'", app.id)).toBe(1);
    const again = await d.worker.b.submit(d.path(`/me/worker/applications/${app.id}/withdraw`), {});
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("该申请已处理过");
  });
});

describe("assessment and incentives", () => {
  it("records annual assessments per assignment, rewards, and shows the career path in order", async () => {
    const { d, p } = await openStationPost("230401", 2);
    const w = await worker(d, d.admin, { qualification: "assistant", certificateNo: "ZL-2023-7788", qualifiedOn: "2023-06-30" });
    const a = await json<{ id: string }>(await assign(d, d.admin, p.id, w.id, { startsOn: "2024-03-01" }), 201);
    const assess = (body: Record<string, unknown>) =>
      d.admin.b.api(d.path(`/api/v1/assignments/${a.id}/assessments`), { method: "POST", json: { score: 91, grade: "excellent", assessorName: "北疆社会组织评估中心", comments: "服务成效突出", ...body } });
    await json(await assess({ year: 2024 }), 204);
    await json(await assess({ year: 2025, score: 84.5, grade: "competent" }), 204);
    expect((await json<{ errors: { field: string }[] }>(await assess({ year: 2024 }), 409)).errors[0]!.field).toBe("year");
    expect((await json<{ errors: { field: string }[] }>(await assess({ year: 2023 }), 422)).errors[0]!.field).toBe("year");
    expect((await json<{ errors: { field: string }[] }>(await assess({ year: 2025, score: 101 }), 422)).errors[0]!.field).toBe("score");

    const reward = (body: Record<string, unknown>) => d.admin.b.api(d.path(`/api/v1/workers/${w.id}/rewards`), { method: "POST", json: { awardingBody: "区民政局", ...body } });
    await json(await reward({ kind: "honour", title: "优秀社会工作者", awardedOn: "2025-01-10" }), 204);
    await json(await reward({ kind: "material", title: "年度绩效奖励", awardedOn: "2025-01-20", amountYuan: 2000 }), 204);
    await json(await reward({ kind: "promotion", title: "晋升为社工站副站长", awardedOn: "2025-07-01" }), 204);
    expect((await json<{ errors: { field: string; code: string }[] }>(await reward({ kind: "honour", title: "荣誉", awardedOn: "2025-07-01", amountYuan: 500 }), 422)).errors[0]).toMatchObject({
      field: "amountYuan",
      code: "amount_only_material",
    });

    const profile = await json<{ career: { type: string; date: string }[]; assessments: unknown[]; rewards: unknown[] }>(await d.admin.b.fetch(d.path(`/api/v1/workers/${w.id}`)), 200);
    expect(profile.assessments).toHaveLength(2);
    expect(profile.rewards).toHaveLength(3);
    expect(profile.career.map((e) => e.type)).toEqual(["qualification", "start", "assessment", "reward", "reward", "reward", "assessment"]);
    expect(profile.career[0]!.date).toBe("2023-06-30");
    const html = await (await d.admin.b.fetch(d.path(`/assignments/${a.id}`))).text();
    expect(html).toContain("北疆社会组织评估中心");
    expect(html).toContain("称职");
    const workerHtml = await (await d.admin.b.fetch(d.path(`/workers/${w.id}`))).text();
    expect(workerHtml).toContain("2024 年度考核：优秀（91 分）");
    expect(workerHtml).toContain("晋升：晋升为社工站副站长（区民政局）");
  });
});
