import { describe, expect, it } from "vitest";
import { recordNames, summaryText } from "../../src/audit/readable";
import { LOCALES } from "../../src/i18n/messages";
import { districtWith } from "../fixtures/district";
import { dataOf } from "../notifications/helpers";
import { insertOrg, row, rows, today } from "./fixtures";

// Staff edit a round's rubric per organization type (and per kind of 社会团体) until the
// first score locks it: the form keeps what was typed with each error beside its field,
// the change is audited in words, the district's next round starts from it, and another
// district's round is not found.

const D = "150943";
const OTHER = "150944";

type Item = { id: string; area: string; title: string; max_score: number; description: string };

const itemsOf = (db: D1Database, rubricId: string) => rows<Item>(db, "SELECT id, area, title, max_score, description FROM rubric_items WHERE district_id = ? AND rubric_id = ? ORDER BY position", D, rubricId);

/** The form as the page fills it: one row per indicator and a blank one. */
function formOf(items: Item[], key: string): Record<string, string> {
  const form: Record<string, string> = { rubricFor: key, rows: String(items.length + 1) };
  for (const [n, i] of items.entries())
    Object.assign(form, { [`items.${n}.order`]: String(n + 1), [`items.${n}.area`]: i.area, [`items.${n}.title`]: i.title, [`items.${n}.points`]: String(i.max_score), [`items.${n}.description`]: i.description });
  return form;
}

describe("editing a round's rubrics", async () => {
  const d = await districtWith(D, { people: { admin: "district_admin" } });
  const other = await districtWith(OTHER, { people: { admin: "district_admin" } });
  const staff = d.admin.b;
  const opened = await staff.submit(d.path("/manage/evaluations"), { title: "指标修改批次", year: today().slice(0, 4) });
  const roundId = /\/manage\/evaluations\/([^?]+)/.exec(opened.headers.get("location")!)![1]!;
  const roundPath = d.path(`/manage/evaluations/${roundId}`);
  const mapOf = async () => JSON.parse((await row<{ m: string }>(d.db, "SELECT type_rubrics_json AS m FROM evaluation_rounds WHERE district_id = ? AND id = ?", D, roundId)).m) as Record<string, string>;
  const foundation = (await mapOf()).基金会!;

  it("shows each type's totals, and keeps typed values with each error beside its field, in both languages", async () => {
    const page = await (await staff.fetch(roundPath)).text();
    expect(page).toContain("基础指标合计 100 / 100 分，加分项合计 0 分");
    expect(page).toContain(`?rubric=${encodeURIComponent("基金会")}`);
    const form = await (await staff.fetch(`${roundPath}?rubric=${encodeURIComponent("基金会")}`)).text();
    expect(form).toContain('name="items.0.title"');
    expect(form).toContain('value="法人资格"');

    const items = await itemsOf(d.db, foundation);
    const bad = { ...formOf(items, "基金会"), "items.0.points": "abc", "items.12.points": "5" };
    for (const l of LOCALES) {
      const res = await staff.fetch(`${roundPath}/rubric${l === "en" ? "?lang=en" : "?lang=zh-CN"}`, { method: "POST", form: { _csrf: staff.csrf, ...bad } });
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain('value="abc"');
      expect(html).toMatch(/id="f-items\.0\.points-error"[^>]*>(请填写大于 0、不超过 100 的分值|Points above 0, at most 100, two decimals)/);
      expect(html).toContain('id="f-items.12.title-error"');
    }
    // Right values, but the indicators no longer add up to the scale.
    const short = await staff.submit(`${roundPath}/rubric?lang=zh-CN`, { ...formOf(items, "基金会"), "items.0.points": "1" });
    expect(short.status).toBe(422);
    expect(await short.text()).toContain("基础指标合计 99 分，应为 100 分。");
    expect((await itemsOf(d.db, foundation)).map((i) => i.max_score)).toEqual(items.map((i) => i.max_score));
  });

  it("saves the indicators in their order with bonus items apart, and audits the change in words", async () => {
    const items = await itemsOf(d.db, foundation);
    const last = items.length - 1;
    const form = {
      ...formOf(items, "基金会"),
      "items.0.points": "1",
      [`items.${last}.points`]: String(items[last]!.max_score + 1),
      // A bonus item typed in the blank row, numbered to come first.
      [`items.${items.length}.order`]: "1",
      [`items.${items.length}.title`]: "品牌建设",
      [`items.${items.length}.points`]: "5",
      [`items.${items.length}.bonus`]: "1",
    };
    const saved = await staff.submit(`${roundPath}/rubric`, form);
    expect(saved.status, await saved.clone().text()).toBe(303);
    const after = await itemsOf(d.db, foundation);
    expect(after.map((i) => [i.area, i.title, i.max_score]).slice(0, 3)).toEqual([
      ["基础条件", "法人资格", 1],
      ["加分项", "品牌建设", 5],
      ["基础条件", "章程与登记备案", items[1]!.max_score],
    ]);
    expect(after).toHaveLength(items.length + 1);
    expect(await (await staff.fetch(roundPath)).text()).toContain("基础指标合计 100 / 100 分，加分项合计 5 分");

    const event = await row<{ target_type: string; target_id: string; summary_json: string }>(d.db, "SELECT target_type, target_id, summary_json FROM audit_events WHERE district_id = ? AND action = 'evaluation.rubric_changed'", D);
    const data = await dataOf(D);
    const e = { ...event, summary: JSON.parse(event.summary_json) };
    const zh = summaryText("zh-CN", e, await recordNames(data, "zh-CN", [e]));
    const en = summaryText("en", e, await recordNames(data, "en", [e]));
    expect(zh).toContain("组织类型: 基金会");
    expect(zh).toContain("新增指标: 指标: 法人资格；一级指标: 基础条件；分值: 1");
    expect(zh).toContain("指标: 品牌建设；分值: 5；加分项: 是");
    expect(zh).toContain("删除指标: 指标: 法人资格；一级指标: 基础条件；分值: 2");
    expect(en).toContain("Type: Foundation");
    expect(en).toContain("Bonus item: Yes");
    for (const text of [zh, en]) expect(text).not.toMatch(/[{}"]|foundation\b/);
  });

  it("locks a rubric once scoring has started: 409, and the page says why instead of showing the form", async () => {
    const service = (await mapOf()).社会服务机构!;
    const items = await itemsOf(d.db, service);
    // What the review engine does when the first score is saved.
    await d.db.prepare("UPDATE rubrics SET locked_at = ? WHERE district_id = ? AND id = ?").bind(new Date().toISOString(), D, service).run();
    const res = await staff.submit(`${roundPath}/rubric`, { ...formOf(items, "社会服务机构"), "items.0.points": String(items[0]!.max_score) });
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain("该类组织已有评分，评估指标已锁定，不能再修改。");
    const page = await (await staff.fetch(`${roundPath}?rubric=${encodeURIComponent("社会服务机构")}`)).text();
    expect(page).toContain("该类组织已有评分，评估指标已锁定，不能再修改。");
    expect(page).not.toContain('name="rubricFor" value="社会服务机构"');
  });

  it("gives a kind of 社会团体 indicators of its own, on which that kind is enrolled, the others staying on the 社会团体 ones", async () => {
    const industry = await insertOrg(d.db, D, { name: "分类评估行业协会", orgType: "社会团体", registeredOn: "2015-06-01" });
    const academic = await insertOrg(d.db, D, { name: "分类评估研究会", orgType: "社会团体", registeredOn: "2015-06-01" });
    // The kind is a labelled field of the organization's record.
    const edit = await (await staff.fetch(d.path(`/manage/organizations/${industry.id}`))).text();
    expect(edit).toContain("社会团体类别");
    expect(edit).toContain("行业协会商会");
    await d.db.prepare("UPDATE organizations SET association_subtype = 'industry' WHERE district_id = ? AND id = ?").bind(D, industry.id).run();
    expect(await (await staff.fetch(d.path(`/organizations/${industry.id}`))).text()).toContain("社会团体 · 行业协会商会");

    // The round page offers the kinds without indicators of their own; the form starts from the 社会团体 ones.
    const round = await (await staff.fetch(roundPath)).text();
    expect(round).toContain(`?rubric=${encodeURIComponent("社会团体:industry")}`);
    const start = await (await staff.fetch(`${roundPath}?rubric=${encodeURIComponent("社会团体:industry")}`)).text();
    expect(start).toContain('name="rubricFor" value="社会团体:industry"');
    const base = await itemsOf(d.db, (await mapOf()).社会团体!);
    expect((await staff.submit(`${roundPath}/rubric`, formOf(base, "社会团体:other"))).status).toBe(404);
    const added = await staff.submit(`${roundPath}/rubric`, { ...formOf(base, "社会团体:industry"), [`items.${base.length}.title`]: "行业自律", [`items.${base.length}.points`]: "10", [`items.${base.length}.bonus`]: "1" });
    expect(added.status).toBe(303);
    const map = await mapOf();
    expect(map["社会团体:industry"]).toBeTruthy();
    expect((await itemsOf(d.db, map["社会团体:industry"]!)).map((i) => i.title)).toEqual([...base.map((i) => i.title), "行业自律"]);
    expect((await itemsOf(d.db, map.社会团体!)).map((i) => i.title)).toEqual(base.map((i) => i.title));
    expect(await (await staff.fetch(roundPath)).text()).toContain("评估指标（标准分） · 社会团体 · 行业协会商会");
    expect(await row(d.db, "SELECT title FROM rubrics WHERE district_id = ? AND id = ?", D, map["社会团体:industry"])).toEqual({ title: "指标修改批次 · 社会团体 · 行业协会商会" });

    for (const org of [industry, academic]) expect((await staff.submit(`${roundPath}/enrol`, { uscc: org.uscc! })).status).toBe(303);
    const rubricOf = async (orgId: string) => (await row<{ rubric_id: string }>(d.db, "SELECT rubric_id FROM evaluations WHERE district_id = ? AND organization_id = ?", D, orgId)).rubric_id;
    expect(await rubricOf(industry.id)).toBe(map["社会团体:industry"]);
    expect(await rubricOf(academic.id)).toBe(map.社会团体);
  });

  it("opens the district's next round with its rubrics as staff left them, unlocked", async () => {
    const next = await staff.submit(d.path("/manage/evaluations"), { title: "下一批次", year: today().slice(0, 4) });
    const nextId = /\/manage\/evaluations\/([^?]+)/.exec(next.headers.get("location")!)![1]!;
    const map = JSON.parse((await row<{ m: string }>(d.db, "SELECT type_rubrics_json AS m FROM evaluation_rounds WHERE district_id = ? AND id = ?", D, nextId)).m) as Record<string, string>;
    expect(Object.keys(map).sort()).toEqual(["基金会", "社会团体", "社会团体:industry", "社会服务机构"].sort());
    expect((await itemsOf(d.db, map.基金会!)).map((i) => [i.area, i.title, i.max_score]).slice(0, 2)).toEqual([
      ["基础条件", "法人资格", 1],
      ["加分项", "品牌建设", 5],
    ]);
    const locks = await rows<{ locked_at: string | null }>(
      d.db,
      `SELECT locked_at FROM rubrics WHERE district_id = ? AND id IN (${Object.values(map)
        .map(() => "?")
        .join(",")})`,
      D,
      ...Object.values(map),
    );
    expect(locks.every((r) => r.locked_at === null)).toBe(true);
  });

  it("answers 404 for another district's round and for a rubric the round has not", async () => {
    const items = await itemsOf(d.db, foundation);
    const foreign = await other.admin.b.submit(`/d/${OTHER}/manage/evaluations/${roundId}/rubric`, formOf(items, "社会团体:academic"));
    expect(foreign.status).toBe(404);
    expect((await staff.submit(`${roundPath}/rubric`, formOf(items, "社区社会组织"))).status).toBe(404);
  });
});
