import { describe, expect, it } from "vitest";
import { countRows } from "../helpers";
import { districtWith } from "../fixtures/district";
import { insertOrg, row, rows, today } from "../disclosure/fixtures";
import { host, openPost, post, POSTS_CAST, worker } from "../posts/fixtures";

// A grant can be for a 街道 or 社区 only. What concerns the whole district (opening an
// evaluation round and editing its rubrics, the district's settings, areas and staff,
// its audit log, waiving its qualification rule for a post) needs a district-wide grant:
// a holder granted some areas gets no form or link, the page says why in their language,
// and the action answers 403 changing and recording nothing. Within their areas they
// keep what they had; another area's records answer 404.

const d = await districtWith("150971", {
  people: { admin: "district_admin", streetA: { role: "district_admin", area: "001" } },
});
const street = d.streetA.b;
const wide = d.admin.b;
const REASON_ZH = "需要全区范围的授权；您的授权只覆盖部分街道或社区";
const REASON_EN = "needs a district-wide grant; yours covers only some sub-districts or communities";
const audited = (action: string) => countRows(d.db, "audit_events", "district_id = ? AND action = ?", d.code, action);

async function openRound(title: string): Promise<string> {
  const opened = await wide.submit(d.path("/manage/evaluations"), { title, year: today().slice(0, 4) });
  expect(opened.status).toBe(303);
  return /\/manage\/evaluations\/([^?]+)/.exec(opened.headers.get("location") ?? "")![1]!;
}

type Item = { area: string; title: string; max_score: number; description: string };

/** The rubric form as the page fills it, with one indicator's title replaced. */
function rubricForm(items: Item[], key: string, firstTitle: string): Record<string, string> {
  const form: Record<string, string> = { rubricFor: key, rows: String(items.length + 1) };
  for (const [n, i] of items.entries())
    Object.assign(form, { [`items.${n}.order`]: String(n + 1), [`items.${n}.area`]: i.area, [`items.${n}.title`]: n === 0 ? firstTitle : i.title, [`items.${n}.points`]: String(i.max_score), [`items.${n}.description`]: i.description });
  return form;
}

describe("evaluation rounds need a district-wide grant of evaluation.manage", () => {
  it("does not offer a 街道's holder the form to open a round, says why, and refuses the POST with 403, opening and recording nothing", async () => {
    const page = await (await street.fetch(d.path("/manage/evaluations"))).text();
    expect(page).toContain("开启评估轮次和修改评估指标涉及全区");
    expect(page).not.toContain('name="title"');
    expect(await (await street.fetch(d.path("/manage/evaluations?lang=en"))).text()).toContain("Opening an evaluation round and editing its rubrics concern the whole district");
    await street.fetch(d.path("/manage/evaluations?lang=zh-CN"));

    const before = await audited("evaluation.round_opened");
    const refused = await street.submit(d.path("/manage/evaluations"), { title: "街道自开评估", year: today().slice(0, 4) });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain(REASON_ZH);
    expect(await countRows(d.db, "evaluation_rounds", "district_id = ? AND title = ?", d.code, "街道自开评估")).toBe(0);
    expect(await audited("evaluation.round_opened")).toBe(before);

    expect(await (await wide.fetch(d.path("/manage/evaluations"))).text()).toContain('name="title"');
    await openRound("全区评估");
    expect(await countRows(d.db, "evaluation_rounds", "district_id = ? AND title = ?", d.code, "全区评估")).toBe(1);
    expect(await audited("evaluation.round_opened")).toBe(before + 1);
  });

  it("shows a 街道's holder the rubrics without edit links or form, and refuses a rubric save with 403, changing and recording nothing", async () => {
    const roundId = await openRound("指标范围评估");
    const roundPath = d.path(`/manage/evaluations/${roundId}`);
    const key = "基金会";
    const rubricId = (JSON.parse((await row<{ m: string }>(d.db, "SELECT type_rubrics_json AS m FROM evaluation_rounds WHERE district_id = ? AND id = ?", d.code, roundId)).m) as Record<string, string>)[key]!;
    const items = () => rows<Item>(d.db, "SELECT area, title, max_score, description FROM rubric_items WHERE district_id = ? AND rubric_id = ? ORDER BY position", d.code, rubricId);
    const original = await items();

    const page = await (await street.fetch(roundPath)).text();
    expect(page).toContain("开启评估轮次和修改评估指标涉及全区");
    expect(page).toContain(original[0]!.title);
    expect(page).not.toContain("?rubric=");
    expect(await (await street.fetch(`${roundPath}?rubric=${encodeURIComponent(key)}`)).text()).not.toContain('name="items.0.title"');

    const before = await audited("evaluation.rubric_changed");
    const refused = await street.submit(`${roundPath}/rubric`, rubricForm(original, key, "街道改的指标"));
    expect(refused.status).toBe(403);
    expect(await items()).toEqual(original);
    expect(await audited("evaluation.rubric_changed")).toBe(before);

    const own = await (await wide.fetch(`${roundPath}?rubric=${encodeURIComponent(key)}`)).text();
    expect(own).toContain('name="items.0.title"');
    expect(own).not.toContain("开启评估轮次和修改评估指标涉及全区");
    expect((await wide.submit(`${roundPath}/rubric`, rubricForm(original, key, "全区改的指标"))).status).toBe(303);
    expect((await items())[0]!.title).toBe("全区改的指标");
    expect(await audited("evaluation.rubric_changed")).toBe(before + 1);
  });

  it("lets a 街道's holder decide grades of its own organizations only: another area's answers 404 and nothing is decided", async () => {
    const graded = async (name: string, area: string) => {
      const org = await insertOrg(d.db, d.code, { name, area: `${d.code}${area}`, grade: "3A", gradeStatus: "valid", gradeValidUntil: "2030-12-31" });
      await d.db
        .prepare(
          "INSERT INTO organization_grades (district_id, id, organization_id, evaluation_id, grade, total, scale, awarded_on, valid_from, valid_until, status, ended_on, announcement_id) VALUES (?, ?, ?, NULL, '3A', 75, 100, '2025-06-10', '2026-01-01', '2030-12-31', 'valid', NULL, NULL)",
        )
        .bind(d.code, `g-${org.id}`, org.id)
        .run();
      return org;
    };
    const mine = await graded("甲街道等级协会", "001001");
    const theirs = await graded("乙街道等级协会", "002001");
    const decision = { kind: "verification", outcome: "kept", toGrade: "", reason: "核查评估后维持原等级。", decidedOn: today() };
    const gradePath = (id: string) => d.path(`/manage/organizations/${id}/grade`);

    expect((await street.fetch(gradePath(theirs.id))).status).toBe(404);
    expect((await street.submit(gradePath(theirs.id), decision)).status).toBe(404);
    expect(await countRows(d.db, "grade_adjustments", "district_id = ? AND organization_id = ?", d.code, theirs.id)).toBe(0);

    expect((await street.fetch(gradePath(mine.id))).status).toBe(200);
    expect((await street.submit(gradePath(mine.id), decision)).status).toBe(303);
    expect(await countRows(d.db, "grade_adjustments", "district_id = ? AND organization_id = ?", d.code, mine.id)).toBe(1);
    expect((await wide.submit(gradePath(theirs.id), decision)).status).toBe(303);
    expect(await countRows(d.db, "grade_adjustments", "district_id = ? AND organization_id = ?", d.code, theirs.id)).toBe(1);
  });
});

describe("the district's administration and audit log need a district-wide grant", () => {
  it("leaves their links out for a 街道's admin and answers 403 with the reason; a district-wide admin keeps them", async () => {
    const links = [`href="${d.path("/admin")}"`, `href="${d.path("/audit")}"`];
    const streetHome = await (await street.fetch(d.path("/manage/evaluations"))).text();
    for (const link of links) expect(streetHome).not.toContain(link);
    const wideHome = await (await wide.fetch(d.path("/manage/evaluations"))).text();
    for (const link of links) expect(wideHome).toContain(link);

    for (const path of ["/admin", "/admin/settings", "/admin/areas", "/audit", "/audit/export.csv"]) {
      const res = await street.fetch(d.path(path));
      expect(res.status, path).toBe(403);
      expect(await res.text(), path).toContain(REASON_ZH);
      expect((await wide.fetch(d.path(path))).status, path).toBe(200);
    }
    expect(await (await street.fetch(d.path("/audit?lang=en"))).text()).toContain(REASON_EN);
    await street.fetch(d.path("/?lang=zh-CN"));
    expect((await street.api(d.path("/api/v1/audit-events"))).status).toBe(403);
    expect((await wide.api(d.path("/api/v1/audit-events"))).status).toBe(200);
  });

  it("refuses a 街道's admin adding a 街道 to the district (403, no area, nothing recorded); a district-wide admin adds it", async () => {
    const area = { code: `${d.code}003`, name: "丙街道", kind: "街道", nameEn: "Bing Subdistrict" };
    const before = await audited("area.created");
    expect((await street.submit(d.path("/admin/areas/subdistricts"), area)).status).toBe(403);
    expect(await countRows(d.db, "areas", "district_id = ? AND code = ?", d.code, area.code)).toBe(0);
    expect(await audited("area.created")).toBe(before);

    expect((await wide.submit(d.path("/admin/areas/subdistricts"), area)).status).toBe(200);
    expect(await countRows(d.db, "areas", "district_id = ? AND code = ?", d.code, area.code)).toBe(1);
    expect(await audited("area.created")).toBe(before + 1);
  });
});

describe("an onboarding district's wizard is for district-wide admins", () => {
  it("takes a district-wide admin from the home page to the wizard, and leaves a 街道's admin on the home page instead of a refusal", async () => {
    const o = await districtWith("150975", { status: "onboarding", people: { admin: "district_admin", streetA: { role: "district_admin", area: "001" } } });
    const wideHome = await o.admin.b.fetch(o.path("/"));
    expect(wideHome.status).toBe(303);
    expect(wideHome.headers.get("location")).toContain(o.path("/admin"));
    const streetHome = await o.streetA.b.fetch(o.path("/"));
    expect(streetHome.status).toBe(200);
    expect(await streetHome.text()).not.toContain(REASON_ZH);
  });
});

describe("waiving a post's qualification needs a district-wide admin", () => {
  it("offers a 街道's admin no exception field and refuses its reason beside the field, placing and recording nothing", async () => {
    const p = await districtWith("150972", POSTS_CAST);
    const scoped = await p.add({ role: "district_admin", area: "001" });
    const h = await host(p, p.admin, { hostType: "station", name: "第1街道社工站", areaCode: `${p.code}001` });
    const open = await openPost(p, p.admin, await post(p, p.admin, { hostId: h, areaCode: `${p.code}001`, qualification: "intermediate" }));
    const low = await worker(p, p.admin, { name: "助理社工", qualification: "assistant", certificateNo: "ZL-2024-1972" });
    const postPath = p.path(`/posts/${open.id}`);
    const placements = () => countRows(p.db, "post_assignments", "district_id = ? AND post_id = ?", p.code, open.id);
    const overrides = () => countRows(p.db, "audit_events", "district_id = ? AND action = 'assignment.created_below_qualification'", p.code);

    expect(await (await scoped.b.fetch(postPath)).text()).not.toContain('name="overrideReason"');
    const form = { workerId: low.id, startsOn: "2026-03-01", endsOn: "", overrideReason: "社区换届期间急需，已报考社会工作师" };
    const refused = await scoped.b.submit(`${postPath}/assignments`, form);
    expect(refused.status).toBe(422);
    expect(await placements()).toBe(0);
    expect(await overrides()).toBe(0);

    expect(await (await p.admin.b.fetch(postPath)).text()).toContain('name="overrideReason"');
    expect((await p.admin.b.submit(`${postPath}/assignments`, form)).status).toBe(303);
    expect(await placements()).toBe(1);
    expect(await overrides()).toBe(1);
  });
});

describe("post figures follow the viewer's areas", () => {
  it("counts for a 街道's staff only the posts, workers and stations of that 街道, on the page, in JSON and CSV; district-wide staff count all", async () => {
    const p = await districtWith("150974", POSTS_CAST);
    for (const n of ["1", "2"]) {
      const h = await host(p, p.admin, { hostType: "station", name: `第${n}街道社工站`, areaCode: `${p.code}00${n}` });
      await openPost(p, p.admin, await post(p, p.admin, { hostId: h, areaCode: `${p.code}00${n}` }));
      await worker(p, p.admin, { name: `第${n}街道社工`, areaCode: `${p.code}00${n}001` });
    }
    type Figures = { bySubdistrict: { key: string; developed: number }[]; workers: { total: number }; stations: { code: string; stations: string[] }[] };
    const figures = async (who: typeof p.admin) => (await (await who.b.api(p.path("/api/v1/post-figures"))).json()) as Figures;

    const street = await figures(p.sub);
    expect(street.bySubdistrict.map((g) => [g.key, g.developed])).toEqual([[`${p.code}001`, 1]]);
    expect(street.workers.total).toBe(1);
    expect(street.stations.flatMap((s) => s.stations)).toEqual(["第1街道社工站"]);
    const csv = await (await p.sub.b.fetch(p.path("/posts/figures.csv"))).text();
    expect(csv).toContain("第1街道社工站");
    expect(csv).not.toContain("第2街道");
    expect(await (await p.sub.b.fetch(p.path("/posts/figures"))).text()).not.toContain("第2街道");

    const all = await figures(p.admin);
    expect(all.bySubdistrict.map((g) => [g.key, g.developed])).toEqual([
      [`${p.code}001`, 1],
      [`${p.code}002`, 1],
    ]);
    expect(all.workers.total).toBe(2);
    expect(all.stations.flatMap((s) => s.stations)).toEqual(["第1街道社工站", "第2街道社工站"]);
  });
});

describe("the projects' service catalogue needs a district-wide buyer", () => {
  it("offers a 街道's buyer no form to add a category, says why, and refuses page and API with 403, adding and recording nothing", async () => {
    const q = await districtWith("150973", { people: { admin: "district_admin", sub: { role: "subdistrict_staff", area: "001" } } });
    const categories = (name: string) => countRows(q.db, "project_categories", "district_id = ? AND name_zh = ?", q.code, name);
    const created = () => countRows(q.db, "audit_events", "district_id = ? AND action = 'projects.category_created'", q.code);

    const page = await (await q.sub.b.fetch(q.path("/projects/catalogue"))).text();
    expect(page).toContain(REASON_ZH);
    expect(page).not.toContain('name="nameZh"');
    const form = { nameZh: "街道自设类别", nameEn: "A sub-district's own", purchaseMethod: "commission" };
    const refused = await q.sub.b.submit(q.path("/projects/catalogue/categories"), form);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain(REASON_ZH);
    expect((await q.sub.b.api(q.path("/api/v1/projects/categories"), { method: "POST", json: form })).status).toBe(403);
    expect(await categories("街道自设类别")).toBe(0);
    expect(await created()).toBe(0);

    expect(await (await q.admin.b.fetch(q.path("/projects/catalogue"))).text()).toContain('name="nameZh"');
    expect((await q.admin.b.submit(q.path("/projects/catalogue/categories"), form)).status).toBe(303);
    expect(await categories("街道自设类别")).toBe(1);
    expect(await created()).toBe(1);
  });
});
