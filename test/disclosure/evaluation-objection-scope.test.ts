import { describe, expect, it } from "vitest";
import { nowIso } from "../../src/lib/time";
import { Browser } from "../helpers";
import { districtWith } from "../fixtures/district";
import { rows } from "../notifications/helpers";

// An evaluation round spans the district, but a holder of evaluation.manage scoped to one
// 街道 sees and answers only the objections to that 街道's organizations: the objected
// item's area decides, as it decides whose staff are alerted. An objection to the whole
// notice belongs to staff covering every item on it. District-wide holders see and answer
// all; another area's objection, like another district's, does not exist (404).

const d = await districtWith("150974", {
  people: { admin: "district_admin", streetA: { role: "district_admin", area: "001" } },
});
const other = await districtWith("150975", { people: { admin: "district_admin" } });

const opened = await d.admin.b.submit(d.path("/manage/evaluations"), { title: "异议范围测试评估", year: nowIso().slice(0, 4) }, d.path("/manage/evaluations"));
const roundId = /\/manage\/evaluations\/([^?]+)/.exec(opened.headers.get("location") ?? "")![1]!;
const roundPath = d.path(`/manage/evaluations/${roundId}`);

/** A notice of the round with an organization in a community of 街道 A and one in `second` (街道 B), and an objection to each and to the whole. */
async function noticeWithObjections(second = `${d.code}002`): Promise<{ a: string; b: string; whole: string }> {
  const noticeId = `n${crypto.randomUUID()}`;
  const now = nowIso();
  await d.db
    .prepare(
      "INSERT INTO public_notices (district_id, id, subject_kind, batch_id, title, body, reviewers_text, starts_at, ends_at, status, published_by, published_at, closed_at) VALUES (?, ?, 'evaluation', ?, '评估等级公示', '公示内容', '', ?, ?, 'open', ?, ?, NULL)",
    )
    .bind(d.code, noticeId, roundId, now, new Date(Date.now() + 86_400_000).toISOString(), d.admin.id, now)
    .run();
  for (const [subject, area] of [
    ["eA", `${d.code}001001`],
    ["eB", second],
  ]) {
    await d.db.prepare("INSERT INTO notice_items (district_id, notice_id, subject_id, label, proposed_outcome, score, outcome, area_code) VALUES (?, ?, ?, ?, '4A', 80, 'pending', ?)").bind(d.code, noticeId, subject, subject, area).run();
  }
  const ids: string[] = [];
  for (const [subjectId, content] of [
    ["eA", "甲街道组织的活动数据不实"],
    ["eB", "乙街道组织的财务数据不实"],
    ["", "整份公示的评审程序有误"],
  ] as const) {
    const res = await new Browser().submit(d.path(`/notices/${noticeId}/objections`), { subjectId, name: "居民", contact: "13800000000", content }, d.path(`/notices/${noticeId}`));
    expect(res.status).toBe(303);
    const [o] = await rows<{ id: string }>(d.db, "SELECT id FROM notice_objections WHERE district_id = ? AND notice_id = ? AND content = ?", d.code, noticeId, content);
    ids.push(o!.id);
  }
  return { a: ids[0]!, b: ids[1]!, whole: ids[2]! };
}

const handle = (b: Browser, id: string, path = d.path(`/manage/notice-objections/${id}`)) => b.submit(path, { outcome: "dismissed", note: "经核实，数据无误。" }, roundPath);
const api = (b: Browser, id: string) => b.api(d.path(`/api/v1/notices/objections/${id}/handle`), { method: "POST", json: { upheld: false, note: "经核实，数据无误。" } });
const status = async (id: string) => (await rows<{ status: string }>(d.db, "SELECT status FROM notice_objections WHERE district_id = ? AND id = ?", d.code, id))[0]!.status;

describe("evaluation objections by the handler's area", () => {
  it("lists to a 街道's holder only the objections to its own organizations", async () => {
    const o = await noticeWithObjections();
    const form = (id: string) => `notice-objections/${id}"`;
    const street = await (await d.streetA.b.fetch(roundPath)).text();
    expect(street).toContain("甲街道组织的活动数据不实");
    expect(street).toContain(form(o.a));
    expect(street).not.toContain(form(o.b));
    expect(street).not.toContain(form(o.whole));
    expect(street).not.toContain("乙街道组织的财务数据不实");
    const district = await (await d.admin.b.fetch(roundPath)).text();
    for (const id of [o.a, o.b, o.whole]) expect(district).toContain(form(id));
  });

  it("lets a 街道's holder answer its own area's objection, and no other (404 on the page and the API)", async () => {
    const o = await noticeWithObjections();
    expect((await handle(d.streetA.b, o.b)).status).toBe(404);
    expect((await api(d.streetA.b, o.b)).status).toBe(404);
    expect((await handle(d.streetA.b, o.whole)).status).toBe(404);
    expect((await api(d.streetA.b, o.whole)).status).toBe(404);
    expect([await status(o.b), await status(o.whole)]).toEqual(["received", "received"]);
    expect((await handle(d.streetA.b, o.a)).status).toBe(303);
    expect(await status(o.a)).toBe("dismissed");
  });

  it("gives a 街道's holder the objection to a whole notice whose items are all in that 街道", async () => {
    const o = await noticeWithObjections(`${d.code}001002`);
    expect(await (await d.streetA.b.fetch(roundPath)).text()).toContain(`notice-objections/${o.whole}`);
    expect((await api(d.streetA.b, o.whole)).status).toBe(204);
    expect(await status(o.whole)).toBe("dismissed");
  });

  it("lets a district-wide holder answer every area's objection and the whole notice's", async () => {
    const o = await noticeWithObjections();
    expect((await handle(d.admin.b, o.b)).status).toBe(303);
    expect((await api(d.admin.b, o.whole)).status).toBe(204);
    expect((await api(d.admin.b, o.a)).status).toBe(204);
    expect([await status(o.a), await status(o.b), await status(o.whole)]).toEqual(["dismissed", "dismissed", "dismissed"]);
    // A handled objection reads as its outcome in words, not its stored code.
    const after = await (await d.admin.b.fetch(roundPath)).text();
    expect(after).toContain("异议不成立 · 经核实，数据无误。");
    expect(after).not.toContain("dismissed ·");
  });

  it("answers 404 to another district's administrator", async () => {
    const o = await noticeWithObjections();
    expect((await handle(other.admin.b, o.a, other.path(`/manage/notice-objections/${o.a}`))).status).toBe(404);
    expect((await other.admin.b.api(other.path(`/api/v1/notices/objections/${o.a}/handle`), { method: "POST", json: { upheld: false, note: "无关。" } })).status).toBe(404);
    expect(await status(o.a)).toBe("received");
  });
});
