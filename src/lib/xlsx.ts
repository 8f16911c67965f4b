// The first worksheet of an .xlsx workbook (Office Open XML, ECMA-376) as the rows a
// CSV export of it would give, so that an import takes the file staff keep in Excel or
// WPS as it is. No library fits the Worker's size budget: the ZIP central directory is
// read here and each part inflated by the platform's DecompressionStream.
//
// Cells: shared strings, inline strings (WPS writes these), formula results, booleans,
// numbers as Excel shows them (15 significant digits), and numbers in a date format as
// YYYY-MM-DD (with HH:MM when they carry a time). Each row keeps its sheet row number,
// which is what a person sees in Excel; empty rows are left out, as the CSV parser does.

export type SheetRow = { line: number; fields: string[] };

/** Thrown for anything that is not a readable workbook; the caller says so in the user's language. */
export class XlsxError extends Error {}

// Inflated XML is capped: a small ZIP can expand a thousandfold.
const MAX_CHARS = 32 << 20;
const ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
// Built-in number formats that are dates or times, zh-CN's included (ECMA-376 18.8.30).
const DATE_FORMATS = /^(1[4-9]|2[0-2]|2[7-9]|3[0-6]|4[5-7]|5[0-8])$/;

const u16 = (b: Uint8Array, i: number) => (b[i] ?? 0) | ((b[i + 1] ?? 0) << 8);
const u32 = (b: Uint8Array, i: number) => (u16(b, i) | (u16(b, i + 2) << 16)) >>> 0;
const tag = (name: string) => new RegExp(`<(?:\\w+:)?${name}\\b([^>]*?)(?:/>|>([\\s\\S]*?)</(?:\\w+:)?${name}>)`, "g");
const [ROW, CELL, SI, T, RPH] = ["row", "c", "si", "t", "rPh"].map(tag) as [RegExp, RegExp, RegExp, RegExp, RegExp];
const attr = (attrs: string, name: string) => new RegExp(`\\s${name}=["']([^"']*)`).exec(attrs)?.[1];

function xmlText(text: string): string {
  return text
    .replace(/&(?:#(x?)([\da-f]+)|(\w+));/gi, (all, hex: string, code?: string, name?: string) => (code ? String.fromCodePoint(parseInt(code, hex ? 16 : 10)) : (ENTITIES[name!] ?? all)))
    .replace(/_x([\da-f]{4})_/gi, (_, code: string) => String.fromCharCode(parseInt(code, 16)));
}

/** The text of a string item: its runs' <t> joined, without phonetic guides (<rPh>). */
function runs(xml: string): string {
  let text = "";
  for (const m of xml.replace(RPH, "").matchAll(T)) text += m[2] ?? "";
  return xmlText(text);
}

async function inflate(bytes: Uint8Array, method: number): Promise<string> {
  if (method === 0) return new TextDecoder().decode(bytes);
  if (method !== 8) throw new XlsxError("compression");
  const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw")).getReader();
  const decoder = new TextDecoder();
  let text = "";
  for (let part = await reader.read(); !part.done; part = await reader.read()) {
    text += decoder.decode(part.value, { stream: true });
    if (text.length > MAX_CHARS) {
      await reader.cancel();
      throw new XlsxError("size");
    }
  }
  return text + decoder.decode();
}

/** The ZIP's parts by name (lower case), each inflated when asked for. */
function zipParts(b: Uint8Array): Map<string, () => Promise<string>> {
  let end = b.length - 22;
  while (end >= Math.max(0, b.length - 65_557) && u32(b, end) !== 0x06054b50) end--;
  if (end < 0 || u32(b, end) !== 0x06054b50) throw new XlsxError("zip");
  const parts = new Map<string, () => Promise<string>>();
  for (let n = u16(b, end + 10), p = u32(b, end + 16); n > 0; n--) {
    if (u32(b, p) !== 0x02014b50) throw new XlsxError("zip");
    const nameLength = u16(b, p + 28);
    const local = u32(b, p + 42);
    const start = local + 30 + u16(b, local + 26) + u16(b, local + 28);
    const data = b.subarray(start, start + u32(b, p + 20));
    const method = u16(b, p + 10);
    parts.set(new TextDecoder().decode(b.subarray(p + 46, p + 46 + nameLength)).toLowerCase(), () => inflate(data, method));
    p += 46 + nameLength + u16(b, p + 30) + u16(b, p + 32);
  }
  return parts;
}

/** A date serial as Excel shows it: the 1900 system counts a 29 February 1900 that never was. */
function serialDate(serial: number, from1904: boolean): string {
  const days = from1904 ? serial + 1462 : serial < 60 ? serial + 1 : serial;
  const iso = new Date(Math.round((days - 25569) * 864e5)).toISOString();
  const time = iso.slice(11, 16);
  return serial < 1 ? time : time === "00:00" ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${time}`;
}

function columnOf(ref: string): number {
  let n = 0;
  for (const ch of /^[A-Z]*/i.exec(ref)![0].toUpperCase()) n = n * 26 + ch.charCodeAt(0) - 64;
  return n - 1;
}

export async function readXlsx(buffer: ArrayBuffer): Promise<SheetRow[]> {
  const parts = zipParts(new Uint8Array(buffer));
  const read = (name: string) => parts.get(name)?.() ?? Promise.resolve("");
  const [workbook, rels, shared, styles] = await Promise.all(["xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/sharedstrings.xml", "xl/styles.xml"].map(read));
  // The first sheet in the workbook's order, which need not be sheet1.xml.
  const first = attr([...workbook!.matchAll(tag("sheet"))][0]?.[1] ?? "", "r:id");
  const target = [...rels!.matchAll(tag("Relationship"))].map((m) => m[1]!).find((a) => attr(a, "Id") === first);
  const path = target ? attr(target, "Target")! : "worksheets/sheet1.xml";
  const sheet = parts.get((path.startsWith("/") ? path.slice(1) : `xl/${path}`).toLowerCase());
  if (!sheet) throw new XlsxError("sheet");
  const from1904 = /date1904=["'](1|true)/.test(workbook!);
  const strings = [...shared!.matchAll(SI)].map((m) => runs(m[2] ?? ""));
  const custom = new Map([...styles!.matchAll(tag("numFmt"))].map((m) => [attr(m[1]!, "numFmtId"), xmlText(attr(m[1]!, "formatCode") ?? "")]));
  const isDate = (id = "") => DATE_FORMATS.test(id) || /[ymdhs]/i.test((custom.get(id) ?? "").replace(/"[^"]*"|\\.|\[[^\]]*\]/g, ""));
  const dateStyles = [...(tag("cellXfs").exec(styles!)?.[2] ?? "").matchAll(/<(?:\w+:)?xf\b[^>]*>/g)].map((m) => isDate(attr(m[0], "numFmtId")));

  const rows: SheetRow[] = [];
  let line = 0;
  for (const row of (await sheet()).matchAll(ROW)) {
    line = Number(attr(row[1]!, "r")) || line + 1;
    const fields: string[] = [];
    let column = -1;
    for (const [, attrs = "", inner = ""] of (row[2] ?? "").matchAll(CELL)) {
      const ref = attr(attrs, "r");
      column = ref ? columnOf(ref) : column + 1;
      const type = attr(attrs, "t");
      const v = /<(?:\w+:)?v\b[^>]*>([^<]*)</.exec(inner)?.[1];
      let value = "";
      if (type === "inlineStr") value = runs(inner);
      else if (v === undefined) value = "";
      else if (type === "s") value = strings[Number(v)] ?? "";
      else if (type === "b") value = v === "1" ? "TRUE" : "FALSE";
      else if (type && type !== "n") value = xmlText(v);
      else if (dateStyles[Number(attr(attrs, "s") ?? 0)]) value = serialDate(Number(v), from1904);
      else value = String(Number(Number(v).toPrecision(15)));
      if (value !== "") fields[column] = value;
    }
    if (fields.length) rows.push({ line, fields: Array.from(fields, (f) => f ?? "") });
  }
  return rows;
}
