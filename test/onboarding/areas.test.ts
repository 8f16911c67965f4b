import { describe, expect, it } from "vitest";
import { Browser, countRows, createOrganization, createUser, testEnv } from "../helpers";
import { districtWith, personIn } from "../fixtures/district";
import { formFields } from "./helpers";

// The hierarchy: added by hand or imported from CSV. A CSV is checked line by line,
// every problem is listed with its line before anything is written, and a clean file is
// imported atomically, whatever its encoding (UTF-8, GBK, UTF-16) and size (to 10,000).

const D = "340102";
const SHARD = "DISTRICTS_1";
await districtWith(D, { shard: SHARD, status: "onboarding" });
// districtWith adds 340102001/-002 with two communities each; this test starts empty.
await testEnv.DISTRICTS_1.prepare("DELETE FROM areas WHERE district_id = ?").bind(D).run();
const { b: admin } = await personIn(D, SHARD, "district_admin");

const areaCount = () => countRows(testEnv.DISTRICTS_1, "areas", "district_id = ?", D);

async function upload(b: Browser, code: string, content: string | Uint8Array, name = "areas.csv"): Promise<Response> {
  if (!b.cookies.has("csrf")) await b.fetch(`/d/${code}/admin/areas`);
  const form = new FormData();
  form.set("_csrf", b.csrf);
  form.set("file", new File([content], name, { type: "text/csv" }));
  return b.fetch(`/d/${code}/admin/areas/import`, { method: "POST", body: form });
}

/** A district that already has areas gets a preview first: confirm what it shows. */
async function confirmed(b: Browser, code: string, preview: Response): Promise<Response> {
  const html = await preview.text();
  const upload = /name="upload" value="([^"]+)"/.exec(html)![1]!;
  const digest = /name="digest" value="([^"]+)"/.exec(html)![1]!;
  return b.submit(`/d/${code}/admin/areas/import/confirm`, { upload, digest });
}

function hex(text: string): Uint8Array {
  return new Uint8Array(text.match(/../g)!.map((h) => parseInt(h, 16)));
}

// "代码,名称,类型\r\n340102001,东关街道,街道\r\n340102001001,东关社区,社区\r\n340102002,临湖镇,镇\r\n340102002001,临湖村,村\r\n" saved as GBK.
const GBK_FILE = hex(
  "b4fac2eb2cc3fbb3c62cc0e0d0cd0d0a3334303130323030312cb6abb9d8bdd6b5c02cbdd6b5c00d0a3334303130323030313030312cb6abb9d8c9e7c7f82cc9e7c7f80d0a3334303130323030322cc1d9bafed5f22cd5f20d0a3334303130323030323030312cc1d9bafeb4e52cb4e50d0a",
);

describe("CSV import", () => {
  it("lists every problem of a bad file by line and writes nothing", async () => {
    const bad = [
      "代码,名称,类型,英文名称",
      "340102003,和平街道,街道,Heping",
      "34010200x,坏代码街道,街道,",
      "340199001,别区街道,街道,",
      "340102003,重复街道,街道,",
      "340102004001,孤儿社区,社区,",
      "340102003001,,社区,",
      "340102003002,和平社区,街道,",
      '340102003003,"名称,带逗号",社区,',
      "340102003004,多列社区,社区,Too,Many",
    ].join("\n");
    const res = await upload(admin, D, bad);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("文件中有 7 处错误，未导入任何数据");
    for (const expected of [
      "第 3 行：代码“34010200x”须为 9 位（街道）或 12 位（社区）数字。",
      "第 4 行：代码 340199001 不属于本区（须以 340102 开头）。",
      "第 5 行：代码 340102003 与第 2 行重复。",
      "第 6 行：所属街道 340102004 不存在（本区和文件中都没有）。",
      "第 7 行：缺少名称。",
      "第 8 行：类型“街道”不正确，应为 社区 / 村。",
      "第 10 行：有 5 列，最多 4 列。",
    ]) {
      expect(html).toContain(expected);
    }
    expect(html).not.toContain("第 9 行");
    expect(await areaCount()).toBe(0);
  });

  it("imports a clean UTF-8 file with a byte-order mark, CRLF, quotes and communities before their parent", async () => {
    const text = '\uFEFF代码,名称,类型,英文名称\r\n340102001001,"东关社区",社区,Dongguan Community\r\n340102001,东关街道,,Dongguan Subdistrict\r\n340102001002,"大""井""巷社区",社区,\r\n';
    const res = await upload(admin, D, text);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("已导入 3 行：1 个街道（乡镇）、2 个社区（村）。");
    const rows = await testEnv.DISTRICTS_1.prepare("SELECT code, level, parent_code, name_zh, name_en, kind FROM areas WHERE district_id = ? ORDER BY code").bind(D).all();
    expect(rows.results).toEqual([
      { code: "340102001", level: "subdistrict", parent_code: null, name_zh: "东关街道", name_en: "Dongguan Subdistrict", kind: "街道" },
      { code: "340102001001", level: "community", parent_code: "340102001", name_zh: "东关社区", name_en: "Dongguan Community", kind: "社区" },
      { code: "340102001002", level: "community", parent_code: "340102001", name_zh: '大"井"巷社区', name_en: "", kind: "社区" },
    ]);
    const event = await testEnv.DISTRICTS_1.prepare("SELECT summary_json FROM audit_events WHERE district_id = ? AND action = 'areas.imported'").bind(D).first<{ summary_json: string }>();
    expect(JSON.parse(event!.summary_json)).toMatchObject({ after: { rows: 3, subdistricts: 1, communities: 2, encoding: "utf-8" } });
    // The same lines again are an update that changes nothing (test/onboarding/area-reimport.test.ts).
    const again = await upload(admin, D, text);
    expect(again.status).toBe(200);
    expect(await again.text()).toContain("文件与本区现有的街道和社区一致，无需更新。");
    expect(await areaCount()).toBe(3);
  });

  it("reads the resident population column, reporting a bad value on its line, and shows it for editing", async () => {
    const bad = ["代码,名称,类型,人口", "340102031,人口街道,街道,-5", "340102031001,人口社区,社区,几千"].join("\n");
    const refused = await upload(admin, D, bad);
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toContain("第 2 行：人口“-5”须为不超过 5000000 的非负整数（可留空）。");
    expect(html).toContain("第 3 行：人口“几千”须为不超过 5000000 的非负整数（可留空）。");
    const ok = await confirmed(admin, D, await upload(admin, D, ["代码,名称,类型,常住人口", '340102031,人口街道,街道,"52,300"', "340102031001,人口社区,社区,8600", "340102031002,新社区,社区,"].join("\n")));
    expect(ok.status).toBe(200);
    const rows = await testEnv.DISTRICTS_1.prepare("SELECT code, population FROM areas WHERE district_id = ? AND code LIKE '340102031%' ORDER BY code").bind(D).all();
    expect(rows.results).toEqual([
      { code: "340102031", population: 52300 },
      { code: "340102031001", population: 8600 },
      { code: "340102031002", population: null },
    ]);
    const page = await admin.fetch(`/d/${D}/admin/areas/340102031001`);
    const fields = formFields(await page.text(), `/d/${D}/admin/areas/340102031001`);
    expect(fields.population).toBe("8600");
    const typo = await admin.fetch(`/d/${D}/admin/areas/340102031001`, { method: "POST", form: { ...fields, population: "8600人" } });
    expect(typo.status).toBe(422);
    const typoHtml = await typo.text();
    expect(typoHtml).toContain("人口须为不超过 5000000 的非负整数");
    expect(typoHtml).toContain('value="8600人"');
    const saved = await admin.fetch(`/d/${D}/admin/areas/340102031001`, { method: "POST", form: { ...fields, population: "9100" } });
    expect(saved.status).toBe(303);
    expect(await testEnv.DISTRICTS_1.prepare("SELECT population FROM areas WHERE district_id = ? AND code = '340102031001'").bind(D).first()).toEqual({ population: 9100 });
    await testEnv.DISTRICTS_1.prepare("DELETE FROM areas WHERE district_id = ? AND code LIKE '340102031%'").bind(D).run();
  });

  it("recognises a GBK file (as Excel saves it on Chinese Windows), converts it and says so", async () => {
    // These bytes are not valid UTF-8.
    expect(() => new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(GBK_FILE)).toThrow();
    const other = "340103";
    await districtWith(other, { shard: SHARD });
    await testEnv.DISTRICTS_1.prepare("DELETE FROM areas WHERE district_id = ?").bind(other).run();
    // The file's codes belong to 340102; in 340103 the very same file is refused in one sentence.
    const { b } = await personIn(other, SHARD, "district_admin");
    const foreign = await upload(b, other, GBK_FILE);
    expect(foreign.status).toBe(422);
    expect(await foreign.text()).toContain("这份代码表属于另一个区（代码以 340102 开头），本区代码为 340103：4 行中有 4 行不属于本区，未导入任何数据。");

    await testEnv.DISTRICTS_1.prepare("DELETE FROM areas WHERE district_id = ?").bind(D).run();
    const res = await upload(admin, D, GBK_FILE, "街道社区.csv");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("已导入 4 行：2 个街道（乡镇）、2 个社区（村）。");
    expect(html).toContain("文件为 GBK 编码，已自动转换。");
    const names = await testEnv.DISTRICTS_1.prepare("SELECT name_zh, kind FROM areas WHERE district_id = ? ORDER BY code").bind(D).all();
    expect(names.results).toEqual([
      { name_zh: "东关街道", kind: "街道" },
      { name_zh: "东关社区", kind: "社区" },
      { name_zh: "临湖镇", kind: "镇" },
      { name_zh: "临湖村", kind: "村" },
    ]);
  });

  it("reads UTF-16 with a byte-order mark (Excel's Unicode text), tab separated", async () => {
    const text = "340102009\t九号街道\r\n";
    const bytes = new Uint8Array(2 + text.length * 2);
    bytes.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) {
      bytes[2 + 2 * i] = text.charCodeAt(i) & 0xff;
      bytes[3 + 2 * i] = text.charCodeAt(i) >> 8;
    }
    const preview = await upload(admin, D, bytes);
    expect(preview.status).toBe(200);
    expect(await preview.clone().text()).toContain("文件为 UTF-16 编码，已自动转换。");
    expect((await confirmed(admin, D, preview)).status).toBe(200);
    expect(await countRows(testEnv.DISTRICTS_1, "areas", "district_id = ? AND code = '340102009' AND name_zh = '九号街道'", D)).toBe(1);
  });

  it("explains what to do with an empty file, a header alone, a workbook and an unreadable encoding", async () => {
    const before = await areaCount();
    const cases: [string | Uint8Array, string][] = [
      ["", "文件是空的"],
      ["\n\r\n  \n", "文件是空的"],
      ["代码,名称\n", "文件只有表头，没有数据行"],
      ["code,name,colour\n340102010,甲街道,红\n", "不认识的列名“colour”"],
      [new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]), "无法读取该 Excel 文件"],
      [new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), "这是旧版 Excel（.xls）或设有密码的工作簿"],
      // 0x80 and 0xFF are not lead bytes in either UTF-8 or GB18030.
      [new Uint8Array([0x33, 0x34, 0x2c, 0xff, 0x80, 0xff, 0x0a]), "另存为 → CSV UTF-8"],
    ];
    for (const [content, message] of cases) {
      const res = await upload(admin, D, content);
      expect(res.status, message).toBe(422);
      expect(await res.text()).toContain(message);
    }
    const noFile = new FormData();
    noFile.set("_csrf", admin.csrf);
    const missing = await admin.fetch(`/d/${D}/admin/areas/import`, { method: "POST", body: noFile });
    expect(missing.status).toBe(422);
    expect(await missing.text()).toContain("请选择要上传的 Excel（.xlsx）或 CSV 文件");
    expect(await areaCount()).toBe(before);
  });

  it("imports a 10,000-line file in one atomic batch, and refuses 10,001 lines", async () => {
    const code = "340104";
    await districtWith(code, { shard: "DISTRICTS_0" });
    await testEnv.DISTRICTS_0.prepare("DELETE FROM areas WHERE district_id = ?").bind(code).run();
    const { b } = await personIn(code, "DISTRICTS_0", "district_admin");
    const lines: string[] = [];
    for (let s = 1; lines.length < 10_000; s++) {
      const sub = `${code}${String(s).padStart(3, "0")}`;
      lines.push(`${sub},第${s}街道,街道`);
      for (let c = 1; c <= 999 && lines.length < 10_000; c++) lines.push(`${sub}${String(c).padStart(3, "0")},第${s}街道第${c}社区,社区`);
    }
    const tooMany = await upload(b, code, [...lines, `${code}999,多出来的街道`].join("\n"));
    expect(tooMany.status).toBe(422);
    expect(await tooMany.text()).toContain("文件有 10001 行数据，超过上限 10000 行");
    const res = await upload(b, code, lines.join("\n"));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.includes("已导入 10000 行：10 个街道（乡镇）、9990 个社区（村）。")).toBe(true);
    // The page stays small: communities are listed under their sub-district's own page.
    expect(html.length).toBeLessThan(100_000);
    expect(await countRows(testEnv.DISTRICTS_0, "areas", "district_id = ?", code)).toBe(10_000);
  });

  it("refuses a file larger than 2 MB with a clear message", async () => {
    const res = await upload(admin, D, "x".repeat(2 * 1024 * 1024 + 10));
    expect(res.status).toBe(413);
    expect(await res.text()).toContain("文件超过 2 MB");
  });

  it("is for district admins of this district only", async () => {
    const staff = await createUser(D, SHARD, [{ role: "subdistrict_staff", scopeArea: `${D}001` }]);
    const sb = new Browser();
    await sb.signIn(D, staff.email);
    expect((await upload(sb, D, "340102011,甲街道\n")).status).toBe(403);
    const { b: stranger } = await personIn("340104", "DISTRICTS_0", "district_admin");
    const form = new FormData();
    form.set("_csrf", stranger.csrf);
    form.set("file", new File(["340102011,甲街道\n"], "a.csv"));
    expect((await stranger.fetch(`/d/${D}/admin/areas/import`, { method: "POST", body: form })).status).toBe(404);
    expect(await countRows(testEnv.DISTRICTS_1, "areas", "district_id = ? AND code = '340102011'", D)).toBe(0);
  });
});

describe("adding, editing and deleting by hand", () => {
  it("adds a sub-district and a community, checking code format, prefix, parent and duplicates", async () => {
    const sub = await admin.submit(`/d/${D}/admin/areas/subdistricts`, { code: "340102020", name: "新城街道", kind: "街道", nameEn: "Xincheng" });
    expect(sub.status).toBe(200);
    expect(await sub.text()).toContain("已添加 新城街道");
    const com = await admin.submit(`/d/${D}/admin/areas/communities`, { parent: "340102020", code: "340102020001", name: "新城社区", kind: "社区", nameEn: "" });
    expect(com.status).toBe(200);
    const before = await areaCount();
    const cases: [string, Record<string, string>, string, string][] = [
      ["subdistricts", { code: "34010202", name: "短", kind: "街道" }, "code", "代码位数不正确"],
      ["subdistricts", { code: "340199020", name: "外区", kind: "街道" }, "code", "代码须以上级代码开头"],
      ["subdistricts", { code: "340102020", name: "重复", kind: "街道" }, "code", "该代码已存在"],
      ["subdistricts", { code: "340102021", name: "", kind: "街道" }, "name", "此项必填"],
      ["subdistricts", { code: "340102021", name: "甲", kind: "社区" }, "kind", "请从给定选项中选择"],
      ["communities", { parent: "340102099", code: "340102099001", name: "无主社区", kind: "社区" }, "parent", "所属街道不存在"],
      ["communities", { parent: "340102020", code: "340102001009", name: "错位社区", kind: "社区" }, "code", "代码须以上级代码开头"],
      ["communities", { parent: "340102020", code: "340102020001", name: "重复社区", kind: "社区" }, "code", "该代码已存在"],
    ];
    for (const [path, form, field, message] of cases) {
      const res = await admin.submit(`/d/${D}/admin/areas/${path}`, form);
      expect([409, 422], JSON.stringify(form)).toContain(res.status);
      const html = await res.text();
      expect(html).toContain(`href="#f-${field}"`);
      expect(html).toContain(message);
    }
    expect(await areaCount()).toBe(before);
  });

  it("renames an area, and deletes one only when nothing uses it", async () => {
    const edit = await admin.fetch(`/d/${D}/admin/areas/340102020`);
    expect(edit.status).toBe(200);
    const editHtml = await edit.text();
    expect(editHtml).toContain("新城社区"); // its communities are listed on its page
    const fields = formFields(editHtml, `/d/${D}/admin/areas/340102020`);
    const renamed = await admin.fetch(`/d/${D}/admin/areas/340102020`, { method: "POST", form: { ...fields, name: "新城街道（更名）", kind: "镇", nameEn: "Xincheng Town" } });
    expect(renamed.status).toBe(303);
    expect(await testEnv.DISTRICTS_1.prepare("SELECT name_zh, kind, name_en FROM areas WHERE district_id = ? AND code = '340102020'").bind(D).first()).toEqual({ name_zh: "新城街道（更名）", kind: "镇", name_en: "Xincheng Town" });
    expect((await admin.submit(`/d/${D}/admin/areas/340102020`, { name: "x", kind: "村" })).status).toBe(422);
    // Has a community: kept.
    const blocked = await admin.submit(`/d/${D}/admin/areas/340102020/delete`, {});
    expect(blocked.status).toBe(409);
    expect(await blocked.text()).toContain("仍有下辖社区或被其他记录引用");
    // A community with an organization in it: kept.
    const org = await createOrganization(D, SHARD, "新城社区志愿队");
    await testEnv.DISTRICTS_1.prepare("UPDATE organizations SET area_code = '340102020001' WHERE district_id = ? AND id = ?").bind(D, org).run();
    expect((await admin.submit(`/d/${D}/admin/areas/340102020001/delete`, {})).status).toBe(409);
    await testEnv.DISTRICTS_1.prepare("UPDATE organizations SET area_code = NULL WHERE district_id = ? AND id = ?").bind(D, org).run();
    expect((await admin.submit(`/d/${D}/admin/areas/340102020001/delete`, {})).status).toBe(200);
    expect((await admin.submit(`/d/${D}/admin/areas/340102020/delete`, {})).status).toBe(200);
    expect(await countRows(testEnv.DISTRICTS_1, "areas", "district_id = ? AND code LIKE '340102020%'", D)).toBe(0);
    expect((await admin.fetch(`/d/${D}/admin/areas/340102020`)).status).toBe(404);
    expect((await admin.fetch(`/d/${D}/admin/areas/340104001`)).status).toBe(404); // another district's area
  });
});
