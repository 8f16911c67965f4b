import { describe, expect, it } from "vitest";
import { Browser } from "../helpers";
import { districtWith } from "../fixtures/district";
import { POST_BODY, POSTS_CAST, host, json, openPost, person, post } from "./fixtures";

// A post states its pay (yuan per month), working hours, a phone to ask and the closing
// date, as every job posting does: typed on the staff form (Chinese dates and full-width
// digits accepted), refused field by field with the typed values kept, labelled on the
// public page and in the open-data API. The phone is the host's office line: a personal
// mobile number is refused, because posts are public.

const d = await districtWith("220151", POSTS_CAST);
const other = await districtWith("220152", { ...POSTS_CAST, shard: "DISTRICTS_1" });
const hostId = await host(d, d.admin, { hostType: "department", name: "区民政局" });
const form = (over: Record<string, string>) => ({ ...Object.fromEntries(Object.entries(POST_BODY).map(([k, v]) => [k, String(v)])), hostId, areaCode: "", ...over });
const nextYear = Number(new Date().toISOString().slice(0, 4)) + 1;

describe("a post's listing terms", () => {
  it("refuses a personal mobile, a bad pay range and a past closing date beside each field, keeping what was typed", async () => {
    const res = await d.admin.b.submit(d.path("/posts"), form({ title: "条款校验岗", payMin: "6000", payMax: "5000", contactPhone: "13912345678", closesOn: "2020年1月1日", workingHours: "周一至周五" }), d.path("/posts/new"));
    expect(res.status).toBe(422);
    const html = await res.text();
    for (const [field, message] of [
      ["payMax", "月薪上限不能低于下限"],
      ["contactPhone", "不要填写个人手机号"],
      ["closesOn", "截止日期不能早于今天"],
    ])
      expect(html).toMatch(new RegExp(`id="f-${field}-error"[^>]*>[^<]*${message}`));
    for (const typed of ['value="6000"', 'value="13912345678"', 'value="2020年1月1日"', 'value="周一至周五"']) expect(html).toContain(typed);
    const bad = await d.admin.b.api(d.path("/api/v1/posts"), { method: "POST", json: { ...POST_BODY, hostId, payMin: "很多", contactPhone: "12345" } });
    const problem = await json<{ errors: { field: string }[] }>(bad, 422);
    expect(problem.errors.map((e) => e.field).sort()).toEqual(["contactPhone", "payMin"]);
    expect(await d.db.prepare("SELECT count(*) AS n FROM posts WHERE district_id = ? AND title = '条款校验岗'").bind(d.code).first("n")).toBe(0);
  });

  it("stores typed terms and shows them labelled on the public page and in open data, in both languages", async () => {
    const res = await d.admin.b.submit(
      d.path("/posts"),
      form({ title: "条款展示岗", payMin: "４５００", payMax: "6,000", workingHours: "周一至周五 8:30—17:30", contactPhone: "0472-5123456转801", closesOn: `${nextYear}年6月30日` }),
      d.path("/posts/new"),
    );
    expect(res.status, await res.clone().text()).toBe(303);
    const row = await d.db.prepare("SELECT id, version, pay_min, pay_max, working_hours, contact_phone, closes_on FROM posts WHERE district_id = ? AND title = '条款展示岗'").bind(d.code).first<Record<string, string | number>>();
    expect(row).toMatchObject({ pay_min: 4500, pay_max: 6000, working_hours: "周一至周五 8:30—17:30", contact_phone: "0472-5123456-801", closes_on: `${nextYear}-06-30` });
    await openPost(d, d.admin, { id: String(row!.id), version: Number(row!.version) } as never);

    const zh = await (await new Browser().fetch(d.path(`/open-posts/${row!.id}`))).text();
    for (const text of ["薪酬", "4,500—6,000 元/月", "工作时间", "咨询电话", "0472-5123456-801", "报名截止日期", `${nextYear}-06-30`]) expect(zh).toContain(text);
    const en = await (await new Browser().fetch(d.path(`/open-posts/${row!.id}?lang=en`))).text();
    for (const text of ["Pay", "4,500–6,000 yuan a month", "Working hours", "Phone for enquiries", "Applications close"]) expect(en).toContain(text);

    const open = await json<Record<string, unknown>>(await new Browser().fetch(d.path(`/api/v1/open-posts/${row!.id}`)), 200);
    expect(open).toMatchObject({ payMin: 4500, payMax: 6000, payText: "4,500—6,000 元/月", workingHours: "周一至周五 8:30—17:30", contactPhone: "0472-5123456-801", closesOn: `${nextYear}-06-30` });
    expect((await new Browser().fetch(other.path(`/api/v1/open-posts/${row!.id}`))).status).toBe(404);
    expect((await new Browser().fetch(other.path(`/open-posts/${row!.id}`))).status).toBe(404);
  });

  it("reads unstated terms as negotiable and until filled; a revision records the change of pay", async () => {
    const p = await openPost(d, d.admin, await post(d, d.admin, { title: "未注明条款岗", hostId }));
    const page = await (await new Browser().fetch(d.path(`/open-posts/${p.id}`))).text();
    for (const text of ["面议", "未注明", "招满为止"]) expect(page).toContain(text);
    const revised = await d.admin.b.api(d.path(`/api/v1/posts/${p.id}`), { method: "PUT", json: { ...POST_BODY, hostId, title: "未注明条款岗", payMin: 5200, version: p.version } });
    await json(revised, 200);
    const history = await (await d.admin.b.fetch(d.path(`/posts/${p.id}/history`))).text();
    expect(history).toContain("5,200 元/月起");
  });

  it("takes no application after the closing date, and the public page says so", async () => {
    const p = await openPost(d, d.admin, await post(d, d.admin, { title: "已截止岗", hostId }));
    // An edit may keep a date already past (only a new post's must be ahead).
    await json(await d.admin.b.api(d.path(`/api/v1/posts/${p.id}`), { method: "PUT", json: { ...POST_BODY, hostId, title: "已截止岗", closesOn: "2020-01-31", version: p.version } }), 200);
    await json(await d.worker.b.api(d.path("/api/v1/me/worker"), { method: "POST", json: { name: "申请人", areaCode: "", qualification: "none", certificateNo: "", ...person() } }), 201);
    const page = await (await d.worker.b.fetch(d.path(`/open-posts/${p.id}`))).text();
    expect(page).toContain("报名已截止");
    expect(page).not.toContain(`action="/d/${d.code}/open-posts/${p.id}/apply"`);
    const res = await d.worker.b.api(d.path(`/api/v1/open-posts/${p.id}/applications`), { method: "POST", json: { motivation: "我有三年社区服务经验，希望到社工站工作。" } });
    expect(res.status).toBe(409);
    expect(await d.db.prepare("SELECT count(*) AS n FROM post_applications WHERE district_id = ? AND post_id = ?").bind(d.code, p.id).first("n")).toBe(0);
  });
});
