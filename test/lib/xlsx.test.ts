import { describe, expect, it } from "vitest";
import { readXlsx } from "../../src/lib/xlsx";
import { workbookParts, xlsxFile, zip } from "../fixtures/xlsx";

// The .xlsx reader on workbooks built byte for byte in the test: what Excel writes
// (shared strings, styles, deflated parts) and what WPS writes (inline strings), read
// into the same rows, with their sheet row numbers, that the CSV parser gives.

const buffer = (bytes: Uint8Array) => bytes.slice().buffer as ArrayBuffer;
const inline = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;

// xf 0 General, 1 the built-in short date (14), 2 a custom 年月日 date, 3 "#,##0.00" (not a date).
const STYLES =
  '<numFmts count="1"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>' +
  '<cellStyleXfs count="1"><xf numFmtId="22"/></cellStyleXfs>' +
  '<cellXfs count="4"><xf numFmtId="0" fontId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="176" applyNumberFormat="1"><alignment horizontal="left"/></xf><xf numFmtId="4"/></cellXfs>';

describe("readXlsx", () => {
  it("reads an Excel workbook: shared and rich strings, entities, numbers as shown, dates in a date format", async () => {
    const shared = [
      "<si><t>代码</t></si>",
      "<si><t>名称</t></si>",
      "<si><t>成立日期</t></si>",
      // Rich text runs are joined; the phonetic guide is not part of the text.
      '<si><r><rPr><b/></rPr><t>东关</t></r><r><t xml:space="preserve">街道 </t></r><rPh sb="0" eb="2"><t>ドンガン</t></rPh></si>',
      "<si><t>A&amp;B &lt;社区&gt; &#x4E00;号_x000D_</t></si>",
      "<si/>",
    ];
    const sheet =
      '<row r="1" spans="1:4"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>5</v></c></row>' +
      '<row r="2"><c r="A2"><v>340102001</v></c><c r="B2" t="s"><v>3</v></c><c r="C2" s="1"><v>46173</v></c><c r="D2" s="3"><v>0.30000000000000004</v></c></row>' +
      '<row r="3"><c r="A3"><v>3.40102001001E+11</v></c><c r="B3" t="s"><v>4</v></c><c r="C3" s="2"><v>46173.5</v></c><c r="D3" t="b"><v>1</v></c></row>' +
      '<row r="4"><c r="A4" t="str"><f>A3&amp;""</f><v>340102001002</v></c><c r="C4" t="e"><v>#N/A</v></c></row>';
    const rows = await readXlsx(buffer(await xlsxFile({ sheets: [sheet], shared, styles: STYLES })));
    expect(rows).toEqual([
      { line: 1, fields: ["代码", "名称", "成立日期"] },
      { line: 2, fields: ["340102001", "东关街道 ", "2026-05-31", "0.3"] },
      { line: 3, fields: ["340102001001", "A&B <社区> 一号\r", "2026-05-31 12:00", "TRUE"] },
      { line: 4, fields: ["340102001002", "", "#N/A"] },
    ]);
  });

  it("reads a WPS workbook: inline strings, stored parts, an empty row and a date column keep their row numbers", async () => {
    const sheet =
      `<row r="1">${inline("A1", "代码")}${inline("B1", "名称")}${inline("C1", "日期")}</row>` +
      `<row r="2">${inline("A2", "340102002")}${inline("B2", "临湖镇")}<c r="C2" s="1"><v>45306</v></c></row>` +
      '<row r="3" spans="1:3"/>' +
      // Formatted but empty cells are not values: the row is left out as an empty CSV line is.
      '<row r="4"><c r="A4" s="1"/><c r="B4" t="inlineStr"><is><t></t></is></c></row>' +
      // Cells without references follow one another; a gap in the row numbers is kept.
      `<row r="6"><c t="inlineStr"><is><t>340102002001</t></is></c><c t="inlineStr"><is><t>临湖村</t></is></c><c s="2"><v>46173</v></c></row>`;
    const rows = await readXlsx(buffer(await xlsxFile({ sheets: [sheet], styles: STYLES }, true)));
    expect(rows).toEqual([
      { line: 1, fields: ["代码", "名称", "日期"] },
      { line: 2, fields: ["340102002", "临湖镇", "2024-01-15"] },
      { line: 6, fields: ["340102002001", "临湖村", "2026-05-31"] },
    ]);
  });

  it("reads the first sheet in the workbook's order, and dates of the 1904 system", async () => {
    const first = `<row r="1">${inline("A1", "第一张")}<c r="B1" s="1"><v>44711</v></c></row>`;
    const second = `<row r="1">${inline("A1", "第二张")}</row>`;
    const rows = await readXlsx(buffer(await xlsxFile({ sheets: [first, second], styles: STYLES, date1904: true })));
    expect(rows).toEqual([{ line: 1, fields: ["第一张", "2026-05-31"] }]);
  });

  it("refuses what is not a readable workbook", async () => {
    const cases = [
      new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]),
      // A ZIP that is not a workbook: no sheet.
      await zip({ "word/document.xml": "<w:document/>" }),
      // A part that inflates past the cap (a small ZIP of tens of megabytes of XML).
      await zip(workbookParts({ sheets: ["<row/>".repeat(6_000_000)] })),
    ];
    for (const bytes of cases) await expect(readXlsx(buffer(bytes))).rejects.toThrow();
    // A cut-off file: its central directory is gone.
    const whole = await xlsxFile({ sheets: [`<row r="1">${inline("A1", "x")}</row>`] });
    await expect(readXlsx(buffer(whole.subarray(0, whole.length - 30)))).rejects.toThrow();
  });
});
