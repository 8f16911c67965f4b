import { describe, expect, it } from "vitest";
import { nameRelevance, pinyinCompare, searchGrams } from "../../src/lib/name-search";
import { Browser, countRows, testEnv } from "../helpers";
import { districtWith } from "../fixtures/district";

// Keyword search anywhere in an organization's name: the public directory, the credit
// lists and the staff registry. Nearly every name starts with its city or district, so
// "阳光" must find 昆都仑区阳光…; one- and two-character words (老, 阳光, 助老) as well as
// longer ones; results by relevance, then in pinyin order; the index kept in step with
// inserts, renames and deletes by every writer, and filled for rows older than it.

const D = "150206";
const OTHER = "150207";
const NAMES = ["昆都仑区阳光助老服务中心", "包头市阳光家园协会", "爱心阳光志愿者协会", "阳光社工服务社", "社区阳光", "昆都仑区老年大学校友会", "青少年成长服务中心"];
const d = await districtWith(D, { organizations: NAMES, people: { admin: "district_admin" } });
await districtWith(OTHER, { organizations: ["外区阳光助老协会"] });

/** The names on a page, in the order shown. */
function shown(html: string, among: readonly string[]): string[] {
  return [...html.matchAll(/>([^<>]+)<\/a>/g)].map((m) => m[1]!.trim()).filter((n) => among.includes(n));
}

async function directory(q: string): Promise<string[]> {
  const res = await new Browser().fetch(d.path(`/organizations?q=${encodeURIComponent(q)}`));
  expect(res.status).toBe(200);
  return shown(await res.text(), [...NAMES, "外区阳光助老协会", "昆都仑区阳光助老站", "海港青年之家", "新名字社区互助会"]);
}

describe("keyword search anywhere in the name", () => {
  it("finds a two-character word inside names that start with the district, by relevance then pinyin order", async () => {
    // 阳光社工服务社 starts with the word; then 爱 (ài) < 包 (bāo) < 昆 (kūn) < 社 (shè),
    // which character codes would order 包 < 昆 < 爱 < 社.
    expect(await directory("阳光")).toEqual(["阳光社工服务社", "爱心阳光志愿者协会", "包头市阳光家园协会", "昆都仑区阳光助老服务中心", "社区阳光"]);
    expect(await directory("助老")).toEqual(["昆都仑区阳光助老服务中心"]);
  });

  it("finds one character and three or more", async () => {
    expect(await directory("老")).toEqual(["昆都仑区老年大学校友会", "昆都仑区阳光助老服务中心"]);
    expect(await directory("阳光助老")).toEqual(["昆都仑区阳光助老服务中心"]);
    expect(await directory("昆都仑区阳光")).toEqual(["昆都仑区阳光助老服务中心"]);
    // Every pair present but not in this order: no match.
    expect(await directory("光阳光")).toEqual([]);
    expect(await directory("服务中心")).toEqual(["昆都仑区阳光助老服务中心", "青少年成长服务中心"]);
  });

  it("never finds another district's organizations", async () => {
    expect(await directory("外区")).toEqual([]);
    expect(await countRows(testEnv.DISTRICTS_0, "name_grams", "district_id = ? AND gram = ?", OTHER, "外区")).toBe(1);
  });

  it("keeps the index in step with inserts, renames and deletes by any writer", async () => {
    const id = crypto.randomUUID();
    const now = new Date().toISOString();
    await d.db.prepare("INSERT INTO organizations (district_id, id, name, kind, org_type, verification, created_at, updated_at) VALUES (?, ?, ?, 'founding_team', '', 'verified', ?, ?)").bind(D, id, "海港青年之家", now, now).run();
    expect(await directory("青年")).toEqual(["海港青年之家"]);
    await d.db.prepare("UPDATE organizations SET name = ? WHERE district_id = ? AND id = ?").bind("新名字社区互助会", D, id).run();
    expect(await directory("青年")).toEqual([]);
    expect(await directory("互助")).toEqual(["新名字社区互助会"]);
    await d.db.prepare("DELETE FROM organizations WHERE district_id = ? AND id = ?").bind(D, id).run();
    expect(await directory("互助")).toEqual([]);
    expect(await countRows(d.db, "name_grams", "district_id = ? AND ref_id = ?", D, id)).toBe(0);
  });

  it("fills the index for organizations older than it (the migration's own statements)", async () => {
    // Workers' pool hands the migration over split into statements; the Node runtime's
    // reader hands over the file's text, where the top-level statements start a line.
    const migration = (testEnv as unknown as { TEST_DISTRICT_MIGRATIONS: { name: string; queries?: string[]; sql?: string }[] }).TEST_DISTRICT_MIGRATIONS.find((m) => m.name.startsWith("0021_"))!;
    const backfill = migration.queries ? migration.queries.filter((q) => /^INSERT OR IGNORE INTO name_grams/.test(q.trim())) : [...(migration.sql ?? "").matchAll(/^INSERT OR IGNORE INTO name_grams[^;]*;/gm)].map((m) => m[0]);
    expect(backfill).toHaveLength(2);
    await d.db.prepare("DELETE FROM name_grams WHERE district_id = ?").bind(D).run();
    expect(await directory("助老")).toEqual([]);
    for (const q of backfill) await d.db.prepare(q).run();
    expect(await directory("助老")).toEqual(["昆都仑区阳光助老服务中心"]);
    expect(await directory("阳光")).toHaveLength(5);
    // 12 characters and 11 pairs, each once.
    expect(await countRows(d.db, "name_grams", "district_id = ? AND ref_id = ?", D, d.orgIds[0])).toBe(23);
  });

  it("searches the credit lists and the staff registry the same way", async () => {
    const now = new Date().toISOString();
    for (const [i, org] of [d.orgIds[0], d.orgIds[6]].entries()) {
      await d.db
        .prepare(
          "INSERT INTO credit_list_entries (district_id, id, organization_id, list, reason, legal_basis, deciding_body, decided_on, created_at) VALUES (?, ?, ?, 'abnormal', '未按时报送年度报告', '《社会组织信用信息管理办法》第十条', '区民政局', '2026-03-0' || ?, ?)",
        )
        .bind(D, `entry-${i}`, org, i + 1, now)
        .run();
    }
    const list = await (await new Browser().fetch(d.path(`/credit-lists/abnormal?q=${encodeURIComponent("助老")}`))).text();
    expect(shown(list, NAMES), list.slice(list.indexOf("<main"))).toEqual(["昆都仑区阳光助老服务中心"]);
    expect(list).toContain("名称含“助老”的：1 家");
    const all = await (await new Browser().fetch(d.path("/credit-lists/abnormal"))).text();
    expect(shown(all, NAMES)).toHaveLength(2);
    const api = (await (await new Browser().fetch(d.path(`/api/v1/credit-lists/abnormal?q=${encodeURIComponent("中心")}`))).json()) as { total: number };
    expect(api.total).toBe(2);

    const registry = await (await d.admin.b.fetch(d.path(`/manage/organizations?q=${encodeURIComponent("阳光")}`))).text();
    expect(shown(registry, NAMES)).toEqual(["阳光社工服务社", "爱心阳光志愿者协会", "包头市阳光家园协会", "昆都仑区阳光助老服务中心", "社区阳光"]);
  });
});

describe("the parts", () => {
  it("looks up short queries whole and longer ones by their pairs", () => {
    expect(searchGrams("老")).toEqual({ key: "老", grams: ["老"] });
    expect(searchGrams(" 阳 光 ")).toEqual({ key: "阳光", grams: ["阳光"] });
    expect(searchGrams("阳光助老")).toEqual({ key: "阳光助老", grams: ["阳光", "光助", "助老"] });
    expect(searchGrams("ABC")).toEqual({ key: "abc", grams: ["ab", "bc"] });
    expect(searchGrams("一二三四五六七八九十甲乙丙").grams).toHaveLength(8);
    expect(searchGrams("")).toEqual({ key: "", grams: [] });
  });

  it("orders by pinyin in this runtime, not by character code", () => {
    const names = ["中心", "社区", "阳光", "昆都仑", "包头", "爱心"];
    expect([...names].sort(pinyinCompare)).toEqual(["爱心", "包头", "昆都仑", "社区", "阳光", "中心"]);
    expect(nameRelevance("阳光", "阳光")).toBe(0);
    expect(nameRelevance("阳光社", "阳光")).toBe(1);
    expect(nameRelevance("社区阳光", "阳光")).toBe(2);
  });
});

describe("browsing without a search word", () => {
  it("lists the directory in pinyin order, and its pages follow on without gaps or repeats", async () => {
    // Character codes would put 包 (U+5305) before 爱 (U+7231) and 阳 (U+9633) last.
    const starts = ["阳光", "爱心", "包头", "昆都仑", "中心", "社区", "青山", "东河", "九原", "石拐", "白云", "土右", "达茂"];
    const names = starts.flatMap((s) => [`${s}互助会`, `${s}志愿者协会`]);
    const browse = await districtWith("150208", { organizations: names });
    const listed: string[] = [];
    for (const page of [1, 2]) {
      const html = await (await new Browser().fetch(browse.path(`/organizations?page=${page}`))).text();
      listed.push(...shown(html, names));
    }
    expect(listed).toEqual([...names].sort(pinyinCompare));
    expect(listed[0]).toBe("爱心互助会");
    const api = (await (await new Browser().fetch(browse.path("/api/v1/organizations?page=2"))).json()) as { total: number; organizations: { name: string }[] };
    expect(api.total).toBe(26);
    expect(api.organizations.map((o) => o.name)).toEqual(listed.slice(20));
    // The order comes from the stored key, so it holds for rows written by plain SQL too.
    await browse.db.prepare("UPDATE organizations SET name = '助老' || name WHERE district_id = ? AND name = '爱心互助会'").bind(browse.code).run();
    const first = await (await new Browser().fetch(browse.path("/organizations"))).text();
    expect(shown(first, names)[0]).toBe("爱心志愿者协会");
    const last = await (await new Browser().fetch(browse.path("/api/v1/organizations?page=2"))).json();
    expect((last as { organizations: { name: string }[] }).organizations.at(-1)!.name).toBe("助老爱心互助会");
  });

  it("finds names by their pinyin initials: yg finds 阳光…, never another district's", async () => {
    const found = await directory("yg");
    expect(found).toEqual(["阳光社工服务社"]);
    expect(await directory("YG")).toEqual(["阳光社工服务社"]);
    expect(await directory("kdlq")).toEqual(["昆都仑区老年大学校友会", "昆都仑区阳光助老服务中心"]);
    expect(await directory("wq")).toEqual([]);
  });
});

describe("the home page", () => {
  it("puts the directory search first and the figures below it, each figure saying what it counts", async () => {
    for (const [lang, figures] of [
      ["zh-CN", "概况"],
      ["en", "At a glance"],
    ] as const) {
      const html = await (await new Browser().fetch(d.path(`/?lang=${lang}`))).text();
      const main = html.slice(html.indexOf("<main"));
      const search = main.indexOf('role="search"');
      expect(search, lang).toBeGreaterThan(0);
      expect(search, lang).toBeLessThan(main.indexOf(figures));
      expect(search, lang).toBeLessThan(main.indexOf('class="cards"'));
    }
    const zh = await (await new Browser().fetch(d.path("/"))).text();
    expect(zh).toContain("平台上的组织（含待核实的和筹备中的团队）");
  });
});
