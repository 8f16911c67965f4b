import { afterEach, describe, expect, it, vi } from "vitest";
import { countRows } from "../helpers";
import { districtWith } from "../fixtures/district";
import { assign, host, json, openPost, person, post, POSTS_CAST, worker } from "./fixtures";

// The posts rules from the national regulations, through the pages and the API: a
// post's required qualification with the district admin's audited exception, the
// district's limit of concurrent posts, and certificate registration with the
// continuing-education hours of each period, at a fixed date.

async function setUp(code: string, settings: Record<string, unknown> = {}) {
  const d = await districtWith(code, { ...POSTS_CAST, settings });
  const h = await host(d, d.admin, { hostType: "station", name: "第1街道社工站", areaCode: `${d.code}001` });
  const open = async (body: Record<string, unknown> = {}) => openPost(d, d.admin, await post(d, d.admin, { hostId: h, areaCode: `${d.code}001`, ...body }));
  return { d, h, open };
}

describe("required qualification", () => {
  it("refuses a worker below the post's level, beside the field, unless the district admin gives a reason", async () => {
    const { d, open } = await setUp("231701");
    const p = await open({ qualification: "intermediate", title: "社区治理社会工作者" });
    const low = await worker(d, d.admin, { name: "助理社工", qualification: "assistant", certificateNo: "ZL-2024-1701" });

    // The sub-district's staff: refused, the message beside the worker field.
    const res = await assign(d, d.sub, p.id, low.id);
    const body = await json<{ errors: { field: string; message: string }[] }>(res, 422);
    expect(body.errors[0]).toMatchObject({ field: "workerId" });
    expect(body.errors[0]!.message).toContain("社会工作师");
    // …and a reason from someone who is not the district admin is refused too.
    expect((await json<{ errors: { field: string }[] }>(await assign(d, d.sub, p.id, low.id, { overrideReason: "急需人手，先行安排" }), 422)).errors[0]!.field).toBe("overrideReason");

    // The admin's page: the form comes back with what was typed and the error beside it.
    const page = await d.admin.b.submit(d.path(`/posts/${p.id}/assignments`), { workerId: low.id, startsOn: "2026-03-01", endsOn: "", overrideReason: "" });
    expect(page.status).toBe(422);
    const html = await page.text();
    expect(html).toContain("如确需安排，请填写破格安排理由");
    expect(html).toContain('value="2026-03-01"');
    const short = await (await d.admin.b.submit(d.path(`/posts/${p.id}/assignments`), { workerId: low.id, startsOn: "2026-03-01", endsOn: "", overrideReason: "急需" })).text();
    expect(short).toContain("至少 5 个字");
    expect(await countRows(d.db, "post_assignments", "post_id = ?", p.id)).toBe(0);

    // With a reason: placed, the exception kept on the assignment and in the audit log.
    const reason = "社区换届期间急需，已报考社会工作师";
    expect((await d.admin.b.submit(d.path(`/posts/${p.id}/assignments`), { workerId: low.id, startsOn: "2026-03-01", endsOn: "", overrideReason: reason })).status).toBe(303);
    const row = await d.db.prepare("SELECT qualification_override, override_by FROM post_assignments WHERE post_id = ?").bind(p.id).first();
    expect(row).toEqual({ qualification_override: reason, override_by: d.admin.id });
    const event = await d.db.prepare("SELECT action, summary_json FROM audit_events WHERE district_id = ? AND action LIKE 'assignment.%' ORDER BY seq DESC").bind(d.code).first<{ action: string; summary_json: string }>();
    expect(event!.action).toBe("assignment.created_below_qualification");
    expect(event!.summary_json).toContain(reason);
    expect(await (await d.admin.b.fetch(d.path(`/posts/${p.id}`))).text()).toContain(`破格安排（低于岗位要求的职业资格）：${reason}`);
  });

  it("places a worker at or above the level without recording an exception, and a host cannot accept one below it", async () => {
    const { d, open } = await setUp("231702", { maxConcurrentPosts: 3 });
    const p = await open({ qualification: "assistant" });
    const senior = await worker(d, d.admin, { qualification: "senior", certificateNo: "GJ-2020-1702" });
    await json(await assign(d, d.admin, p.id, senior.id, { overrideReason: "不需要的理由" }), 201);
    expect(await countRows(d.db, "post_assignments", "worker_id = ? AND qualification_override IS NULL", senior.id)).toBe(1);

    // An application from an uncertified worker cannot be accepted by the host.
    await json(await d.worker.b.api(d.path("/api/v1/me/worker"), { method: "POST", json: { name: "申请人", areaCode: "", qualification: "none", certificateNo: "", ...person() } }), 201);
    await json(await d.worker.b.api(d.path(`/api/v1/open-posts/${p.id}/applications`), { method: "POST", json: { motivation: "希望到社工站从事儿童服务工作。" } }), 201);
    const [application] = await json<{ id: string }[]>(await d.admin.b.fetch(d.path(`/api/v1/posts/${p.id}/applications`)), 200);
    const refused = await d.admin.b.api(d.path(`/api/v1/posts/${p.id}/applications/${application!.id}/decision`), { method: "POST", json: { decision: "accept", startsOn: "2026-03-01" } });
    expect((await json<{ code: string; message: string }>(refused, 409)).code).toBe("underqualified");
    expect(await countRows(d.db, "post_applications", "id = ? AND status = 'submitted'", application!.id)).toBe(1);
  });
});

describe("concurrent posts", () => {
  it("holds a worker to the district's limit, counting only the days the posts overlap", async () => {
    const { d, open } = await setUp("231703");
    const [a, b, c] = [await open({ title: "岗位甲" }), await open({ title: "岗位乙" }), await open({ title: "岗位丙" })];
    const w = await worker(d, d.admin);
    await json(await assign(d, d.admin, a.id, w.id, { startsOn: "2026-01-05", endsOn: "2099-01-01" }), 201);
    const refused = await json<{ errors: { field: string; message: string }[] }>(await assign(d, d.admin, b.id, w.id, { startsOn: "2026-06-01" }), 409);
    expect(refused.errors[0]).toMatchObject({ field: "workerId" });
    expect(refused.errors[0]!.message).toContain("1 个岗位");
    // A post starting the day the first one frees up does not overlap it; one the day before does.
    expect((await assign(d, d.admin, b.id, w.id, { startsOn: "2098-12-31" })).status).toBe(409);
    await json(await assign(d, d.admin, b.id, w.id, { startsOn: "2099-01-01" }), 201);
    // A second worker placed in two posts by two requests at once: one of them wins.
    const w2 = await worker(d, d.admin);
    const both = await Promise.all([assign(d, d.admin, a.id, w2.id), assign(d, d.admin, c.id, w2.id)]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(await countRows(d.db, "post_assignments", "worker_id = ?", w2.id)).toBe(1);
  });

  it("follows the district setting, and rotation moves a worker without counting both posts", async () => {
    const { d, open } = await setUp("231704", { maxConcurrentPosts: 2 });
    const [a, b, c] = [await open({ title: "岗位甲" }), await open({ title: "岗位乙" }), await open({ title: "岗位丙" })];
    const w = await worker(d, d.admin);
    const first = await json<{ id: string }>(await assign(d, d.admin, a.id, w.id), 201);
    await json(await assign(d, d.admin, b.id, w.id), 201);
    expect((await assign(d, d.admin, c.id, w.id)).status).toBe(409);
    const rotated = await d.admin.b.api(d.path(`/api/v1/assignments/${first.id}/rotation`), { method: "POST", json: { postId: c.id, startsOn: "2026-02-01" } });
    await json(rotated, 201);
    expect(await countRows(d.db, "post_assignments", "worker_id = ? AND ends_on IS NULL", w.id)).toBe(2);
  });
});

describe("certificate registration and continuing education", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  async function register(d: Awaited<ReturnType<typeof setUp>>["d"], workerId: string, registeredOn: string) {
    return d.admin.b.api(d.path(`/api/v1/workers/${workerId}/registrations`), { method: "POST", json: { registeredOn } });
  }
  async function certificate(d: Awaited<ReturnType<typeof setUp>>["d"], workerId: string) {
    const profile = await json<{ certificate: { state: string; current: { validUntil: string; education: { hours: number; state: string } } | null } }>(await d.admin.b.fetch(d.path(`/api/v1/workers/${workerId}`)), 200);
    return profile.certificate;
  }

  it("shows each registration as valid, due or overdue on 1 March 2026, with the hours of its period", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-03-01T02:00:00Z")); // 10:00 in Beijing
    const { d } = await setUp("231705");
    const level = { qualification: "assistant" };
    const cases = [
      // Saturday 28 February 2026 is a 调休 working day, so the deadline is not moved (民法典 第二百零三条).
      { on: "2023-02-28", state: "overdue", until: "2026-02-28" },
      // Ends on Sunday 1 March: still in time through Monday 2 March.
      { on: "2023-03-01", state: "due", until: "2026-03-01" },
      { on: "2023-06-01", state: "due", until: "2026-06-01" }, // the window opens today
      { on: "2023-06-02", state: "current", until: "2026-06-02" },
    ];
    for (const [i, x] of cases.entries()) {
      const w = await worker(d, d.admin, { ...level, certificateNo: `ZL-2023-17050${i}` });
      await json(await register(d, w.id, x.on), 201);
      const cert = await certificate(d, w.id);
      expect({ on: x.on, state: cert.state, until: cert.current?.validUntil }).toEqual({ on: x.on, state: x.state, until: x.until });
    }

    // Hours: 71.5 of 72 in the window is due; half an hour more meets it.
    const w = await worker(d, d.admin, { ...level, certificateNo: "ZL-2023-170599" });
    await json(await register(d, w.id, "2023-06-01"), 201);
    const training = (hours: number, heldOn: string) => d.admin.b.api(d.path(`/api/v1/workers/${w.id}/trainings`), { method: "POST", json: { form: "short_course", title: "继续教育课程", hours, provider: "市社会工作协会", heldOn } });
    expect((await training(40, "2023-05-31")).status).toBe(204); // before the period: not counted
    expect((await training(71.5, "2023-06-01")).status).toBe(204);
    expect((await certificate(d, w.id)).current!.education).toMatchObject({ hours: 71.5, state: "due" });
    expect((await training(0.5, "2026-02-28")).status).toBe(204);
    expect((await certificate(d, w.id)).current!.education).toMatchObject({ hours: 72, state: "met" });
    const html = await (await d.admin.b.fetch(d.path(`/workers/${w.id}`))).text();
    expect(html).toContain("72 / 72 小时");
    expect(html).toContain("待再登记");
  });

  it("runs a renewal on from the current period, and refuses what cannot be registered beside the date", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-01-10T02:00:00Z"));
    const { d } = await setUp("231706");
    const w = await worker(d, d.admin, { qualification: "intermediate", certificateNo: "ZS-2022-170601" });
    await json(await register(d, w.id, "2023-03-01"), 201);
    expect((await certificate(d, w.id)).state).toBe("due");
    await json(await register(d, w.id, "2026-01-10"), 201);
    const rows = await d.db.prepare("SELECT kind, starts_on, valid_until FROM worker_registrations WHERE worker_id = ? ORDER BY starts_on").bind(w.id).all();
    expect(rows.results).toEqual([
      { kind: "first", starts_on: "2023-03-01", valid_until: "2026-03-01" },
      { kind: "renewal", starts_on: "2026-03-02", valid_until: "2029-03-02" },
    ]);
    expect((await certificate(d, w.id)).state).toBe("current");

    const before = await d.admin.b.submit(d.path(`/workers/${w.id}/registrations`), { registeredOn: "2025-12-31" });
    expect(before.status).toBe(422);
    const page = await before.text();
    expect(page).toContain("登记日期不能早于上一次登记（2026-01-10）");
    expect(page).toContain('value="2025-12-31"');
    expect((await register(d, w.id, "2026-01-11")).status).toBe(422); // in the future
    const none = await worker(d, d.admin);
    expect((await register(d, none.id, "2025-01-01")).status).toBe(422);
    expect(await countRows(d.db, "worker_registrations", "worker_id = ?", none.id)).toBe(0);
  });
});
