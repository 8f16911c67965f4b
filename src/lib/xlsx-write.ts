import { ZipWriter } from "./zip";

// A one-sheet .xlsx workbook (Office Open XML, ECMA-376) for the templates staff fill
// in with Excel or WPS and upload again: every cell an inline string, so codes keep
// their digits, and columns marked `text` formatted as text (numFmt 49), so that codes
// typed later are not turned into numbers shown as 1.5E+11. The parts are the fewest
// Excel opens without a repair prompt; the package is the data export's ZIP writer.

export type Column = { width: number; text?: boolean };

const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.";
const xml = (body: string) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${body}`;
const xmlText = (text: string) => text.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
const rels = (...targets: [string, string][]) =>
  xml(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${targets.map(([type, target], i) => `<Relationship Id="rId${i + 1}" Type="${REL}/${type}" Target="${target}"/>`).join("")}</Relationships>`);
const STYLES = xml(
  `<styleSheet xmlns="${MAIN}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`,
);

/** The workbook's bytes: `rows` (the header first) on one sheet named `sheet`, at most 26 columns. */
export async function writeXlsx(sheet: string, columns: Column[], rows: string[][], now = new Date()): Promise<ArrayBuffer> {
  const style = (x: number) => (columns[x]?.text ? ' s="1"' : "");
  const cells = (row: string[], y: number) => row.map((v, x) => (v ? `<c r="${String.fromCharCode(65 + x)}${y}" t="inlineStr"${style(x)}><is><t>${xmlText(v)}</t></is></c>` : "")).join("");
  const parts: Record<string, string> = {
    "[Content_Types].xml": xml(
      `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="${TYPE}sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="${TYPE}worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="${TYPE}styles+xml"/></Types>`,
    ),
    "_rels/.rels": rels(["officeDocument", "xl/workbook.xml"]),
    "xl/workbook.xml": xml(`<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="${xmlText(sheet)}" sheetId="1" r:id="rId1"/></sheets></workbook>`),
    "xl/_rels/workbook.xml.rels": rels(["worksheet", "worksheets/sheet1.xml"], ["styles", "styles.xml"]),
    "xl/styles.xml": STYLES,
    "xl/worksheets/sheet1.xml": xml(
      `<worksheet xmlns="${MAIN}"><cols>${columns.map((c, x) => `<col min="${x + 1}" max="${x + 1}" width="${c.width}"${style(x).replace("s=", "style=")} customWidth="1"/>`).join("")}</cols><sheetData>${rows.map((row, y) => `<row r="${y + 1}">${cells(row, y + 1)}</row>`).join("")}</sheetData></worksheet>`,
    ),
  };
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  const bytes = new Response(readable).arrayBuffer();
  const zip = new ZipWriter(writable.getWriter(), now);
  const encoder = new TextEncoder();
  for (const [name, text] of Object.entries(parts)) {
    await zip.add(
      name,
      (async function* () {
        yield encoder.encode(text);
      })(),
    );
  }
  await zip.finish();
  return bytes;
}
