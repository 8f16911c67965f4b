import { describe, expect, it } from "vitest";
import { readXlsx } from "../../src/lib/xlsx";
import { unzip } from "../../src/operations/unzip";
import { type Browser, testEnv } from "../helpers";
import { districtWith, personIn } from "../fixtures/district";

// The Excel template of the hierarchy import: a workbook the product's own reader takes
// back line for line (with CRC-checked parts), named in the admin's language, that
// opens the import preview when uploaded unchanged, and linked from the page in both
// languages. Another district's admin gets nothing.

const D = "340125";
const OTHER = "340126";
const SHARD = "DISTRICTS_1";
await districtWith(D, { shard: SHARD });
await districtWith(OTHER, { shard: SHARD });
const { b: admin } = await personIn(D, SHARD, "district_admin");
const { b: foreign } = await personIn(OTHER, SHARD, "district_admin");
const { b: reviewer } = await personIn(D, SHARD, "reviewer");

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const TEMPLATE = [
  ["代码", "名称", "类型", "英文名称", "常住人口", "状态"],
  [`${D}001`, "示例街道", "街道", "Shili Subdistrict", "", "正常"],
  [`${D}001001`, "示例社区", "社区", "", "8000", "正常"],
  [`${D}001002`, "原示例村", "村", "", "", "已撤销"],
];

async function upload(b: Browser, bytes: ArrayBuffer, name: string): Promise<Response> {
  if (!b.cookies.has("csrf")) await b.fetch(`/d/${D}/admin/areas`);
  const form = new FormData();
  form.set("_csrf", b.csrf);
  form.set("file", new File([bytes], name, { type: XLSX_TYPE }));
  return b.fetch(`/d/${D}/admin/areas/import`, { method: "POST", body: form });
}

const areaNames = async () => (await testEnv.DISTRICTS_1.prepare("SELECT code || ' ' || name_zh AS a FROM areas WHERE district_id = ? ORDER BY code").bind(D).all<{ a: string }>()).results.map((r) => r.a);

describe("Excel template of the hierarchy import", () => {
  it("is a workbook the import reads back line for line, with the code column formatted as text", async () => {
    const res = await admin.fetch(`/d/${D}/admin/areas/template.xlsx`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(XLSX_TYPE);
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename*=UTF-8''${encodeURIComponent(`街道社区代码表-${D}`)}.xlsx`);
    const bytes = await res.arrayBuffer();
    expect((await readXlsx(bytes)).map((r) => [r.line, ...r.fields])).toEqual(TEMPLATE.map((fields, i) => [i + 1, ...fields]));
    // Every part's CRC-32 and size check out, and Excel finds each part by its type.
    const parts = await unzip(new Uint8Array(bytes));
    const text = (name: string) => new TextDecoder().decode(parts.get(name));
    expect([...parts.keys()].sort()).toEqual(["[Content_Types].xml", "_rels/.rels", "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml"]);
    expect(text("[Content_Types].xml")).toContain('PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"');
    expect(text("xl/workbook.xml")).toContain('<sheet name="代码表" sheetId="1" r:id="rId1"/>');
    expect(text("xl/worksheets/sheet1.xml")).toContain('<col min="1" max="1" width="16" style="1" customWidth="1"/><col min="2" max="2" width="20" customWidth="1"/>');
    expect(text("xl/styles.xml")).toMatch(/<cellXfs count="2"><xf [^>]*\/><xf numFmtId="49" /);
  });

  it("is named in English for an admin reading in English, and so is its sheet", async () => {
    const res = await admin.fetch(`/d/${D}/admin/areas/template.xlsx?lang=en`);
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename*=UTF-8''area-codes-${D}.xlsx`);
    const parts = await unzip(new Uint8Array(await res.arrayBuffer()));
    expect(new TextDecoder().decode(parts.get("xl/workbook.xml"))).toContain('<sheet name="Codes"');
    const csv = await admin.fetch(`/d/${D}/admin/areas/template.csv?lang=en`);
    expect(csv.headers.get("content-disposition")).toBe(`attachment; filename*=UTF-8''area-codes-${D}.csv`);
    await admin.fetch(`/d/${D}/admin/areas?lang=zh-CN`);
  });

  it("uploaded unchanged, opens the import preview and writes nothing until confirmed", async () => {
    const before = await areaNames();
    const book = await (await admin.fetch(`/d/${D}/admin/areas/template.xlsx`)).arrayBuffer();
    const res = await upload(admin, book, `街道社区代码表-${D}.xlsx`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("导入预览：确认后才会写入");
    expect(html).toContain("新增 0 个，更名 2 个，其他信息变更 0 个，撤销 1 个，恢复 0 个。");
    expect(html).toContain("示例社区");
    expect(await areaNames()).toEqual(before);
  });

  it("is linked beside the CSV template on the hierarchy page, in Chinese and in English", async () => {
    const zh = await (await admin.fetch(`/d/${D}/admin/areas`)).text();
    expect(zh).toContain(`<a href="/d/${D}/admin/areas/template.xlsx" download="">下载 Excel 模板（.xlsx）</a>`);
    expect(zh).toContain(`href="/d/${D}/admin/areas/template.csv"`);
    const en = await (await admin.fetch(`/d/${D}/admin/areas?lang=en`)).text();
    expect(en).toContain(`<a href="/d/${D}/admin/areas/template.xlsx" download="">Download the Excel template (.xlsx)</a>`);
    await admin.fetch(`/d/${D}/admin/areas?lang=zh-CN`);
  });

  it("is not for staff without the district setting, nor for another district's admin", async () => {
    expect((await reviewer.fetch(`/d/${D}/admin/areas/template.xlsx`)).status).toBe(403);
    expect((await foreign.fetch(`/d/${D}/admin/areas/template.xlsx`)).status).toBe(404);
  });
});
