import { describe, expect, it } from "vitest";
import { type Browser, testEnv } from "../helpers";
import { districtWith, personIn } from "../fixtures/district";
import { xlsxFile } from "../fixtures/xlsx";

// The hierarchy from the workbook staff keep in Excel or WPS, uploaded as it is: the
// first sheet gives the lines a CSV would, errors name the sheet's own row numbers, a
// re-import's preview is confirmed from the stored workbook, and a file that cannot be
// read is refused beside the file field in the person's language.

const D = "340121";
const SHARD = "DISTRICTS_1";
await districtWith(D, { shard: SHARD });
await testEnv.DISTRICTS_1.prepare("DELETE FROM areas WHERE district_id = ?").bind(D).run();
const { b: admin } = await personIn(D, SHARD, "district_admin");

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

async function upload(b: Browser, bytes: Uint8Array): Promise<Response> {
  if (!b.cookies.has("csrf")) await b.fetch(`/d/${D}/admin/areas`);
  const form = new FormData();
  form.set("_csrf", b.csrf);
  form.set("file", new File([bytes], "区划代码.xlsx", { type: XLSX_TYPE }));
  return b.fetch(`/d/${D}/admin/areas/import`, { method: "POST", body: form });
}

const areas = async () =>
  (await testEnv.DISTRICTS_1.prepare("SELECT code, name_zh, kind, population, status FROM areas WHERE district_id = ? ORDER BY code").bind(D).all<Record<string, unknown>>()).results.map((r) => Object.values(r).join(" "));

const cell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
const row = (r: number, ...cells: string[]) => `<row r="${r}">${cells.join("")}</row>`;
const SHARED = ["代码", "名称", "类型", "常住人口", "长桥街道", "社区"].map((text) => `<si><t>${text}</t></si>`);
const header = `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>`;

describe("Excel import of the hierarchy", () => {
  it("imports a WPS workbook with an empty row, and reports a bad row by the sheet's own number", async () => {
    // WPS: inline strings, codes typed as numbers, a blank row between the blocks.
    const sheet = (communityCode: string) =>
      row(1, cell("A1", "代码"), cell("B1", "名称"), cell("C1", "类型"), cell("D1", "常住人口")) +
      row(2, `<c r="A2"><v>${D}001</v></c>`, cell("B2", "长桥街道"), cell("C2", "街道")) +
      '<row r="3" spans="1:4"/>' +
      row(5, `<c r="A5"><v>${communityCode}</v></c>`, cell("B5", "长桥一村社区"), cell("C5", "社区"), `<c r="D5"><v>8000</v></c>`);
    const bad = await upload(admin, await xlsxFile({ sheets: [sheet(`${D}0010`)] }, true));
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain(`第 5 行：代码“${D}0010”须为 9 位（街道）或 12 位（社区）数字。`);
    expect(await areas()).toEqual([]);

    const res = await upload(admin, await xlsxFile({ sheets: [sheet(`${D}001001`)] }, true));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("已导入 2 行：1 个街道（乡镇）、1 个社区（村）。");
    expect(html).not.toContain("已自动转换");
    expect(await areas()).toEqual([`${D}001 长桥街道 街道  active`, `${D}001001 长桥一村社区 社区 8000 active`]);
  });

  it("previews a re-import from an Excel workbook and applies it from the stored file when confirmed", async () => {
    const sheet = header + row(2, `<c r="A2"><v>${D}001</v></c>`, `<c r="B2" t="s"><v>4</v></c>`) + row(3, `<c r="A3"><v>${D}001001</v></c>`, cell("B3", "长桥一村"), `<c r="C3" t="s"><v>5</v></c>`, `<c r="D3"><v>8500</v></c>`);
    const preview = await upload(admin, await xlsxFile({ sheets: [sheet], shared: SHARED }));
    expect(preview.status).toBe(200);
    const html = await preview.text();
    expect(html).toContain("导入预览");
    const form = { upload: /name="upload" value="([^"]+)"/.exec(html)![1]!, digest: /name="digest" value="([^"]+)"/.exec(html)![1]! };
    expect(await areas()).toContain(`${D}001001 长桥一村社区 社区 8000 active`);
    expect((await admin.submit(`/d/${D}/admin/areas/import/confirm`, form)).status).toBe(200);
    expect(await areas()).toEqual([`${D}001 长桥街道 街道  active`, `${D}001001 长桥一村 社区 8500 active`]);
  });

  it("refuses a damaged workbook beside the file field, in Chinese and in English, and writes nothing", async () => {
    const whole = await xlsxFile({ sheets: [header] });
    const damaged = whole.subarray(0, whole.length - 40);
    const before = await areas();
    const zh = await upload(admin, damaged);
    expect(zh.status).toBe(422);
    const zhHtml = await zh.text();
    expect(zhHtml).toContain("无法读取该 Excel 文件：文件可能已损坏或不完整。");
    expect(zhHtml).toMatch(/aria-invalid="true"/);
    await admin.fetch(`/d/${D}/admin/areas?lang=en`);
    const en = await (await upload(admin, damaged)).text();
    expect(en).toContain("This Excel file cannot be read: it may be damaged or incomplete.");
    expect(await areas()).toEqual(before);
  });
});
