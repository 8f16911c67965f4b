import { CompiledQuery, type Compilable } from "kysely";
import type { DistrictData } from "../../data/district-data";
import type { MessageKey } from "../../i18n/messages";
import { readXlsx, type SheetRow } from "../../lib/xlsx";

// The hierarchy as a CSV file: one sub-district (9-digit code) or community (12-digit
// code, starting with its sub-district's) per line. Every line is checked and every
// problem reported with its line number before anything is written; a clean file is
// imported in one atomic batch.
//
// Encoding: offices mostly save CSV from Excel or WPS, which on Chinese Windows writes
// GBK. The Workers runtime's TextDecoder supports "gb18030" (a superset of GBK), so a
// file that is not valid UTF-8 is decoded as GB18030 and the admin is told it was
// converted. UTF-16 (Excel's "Unicode text") is recognised by its byte-order mark. The
// workbook itself (.xlsx) is read too, its first sheet giving the same lines.

export const MAX_ROWS = 10_000;
export const MAX_BYTES = 2 * 1024 * 1024;

export const SUBDISTRICT_KINDS = ["街道", "镇", "乡"] as const;
export const COMMUNITY_KINDS = ["社区", "村"] as const;

export interface AreaInput {
  line: number;
  code: string;
  level: "subdistrict" | "community";
  parentCode: string | null;
  name: string;
  nameEn: string;
  kind: string;
  population: number | null;
  status: AreaStatus;
}

export type AreaStatus = "active" | "revoked";

/** The template's lines, header first: one of each kind of line, a revoked one included. */
export const areaTemplate = (district: string): string[][] => [
  ["代码", "名称", "类型", "英文名称", "常住人口", "状态"],
  [`${district}001`, "示例街道", "街道", "Shili Subdistrict", "", "正常"],
  [`${district}001001`, "示例社区", "社区", "", "8000", "正常"],
  [`${district}001002`, "原示例村", "村", "", "", "已撤销"],
];

/** What the district has now, by code: a re-import compares each line with it. */
export interface ExistingArea {
  level: "subdistrict" | "community";
  name: string;
  nameEn: string;
  kind: string;
  population: number | null;
  status: AreaStatus;
}

export interface LineError {
  line: number | null; // null: about the whole file
  key: MessageKey;
  params?: Record<string, string | number>;
}

export type Decoded = { ok: true; records: SheetRow[]; encoding: "utf-8" | "gb18030" | "utf-16" | "xlsx" } | { ok: false; key: MessageKey };

/** The lines of an uploaded file: CSV or tab-separated text in any of the encodings above, or an .xlsx workbook's first sheet. */
export async function readAreaFile(buffer: ArrayBuffer): Promise<Decoded> {
  const bytes = new Uint8Array(buffer);
  const startsWith = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (startsWith(0x50, 0x4b, 0x03, 0x04)) {
    try {
      return { ok: true, records: await readXlsx(buffer), encoding: "xlsx" };
    } catch {
      return { ok: false, key: "onboarding.csv.xlsxUnreadable" };
    }
  }
  // The older binary .xls (and any password-protected workbook) is a compound file.
  if (startsWith(0xd0, 0xcf, 0x11, 0xe0)) return { ok: false, key: "onboarding.csv.excel" };
  const decoded = decodeText(bytes);
  return decoded.ok ? { ok: true, records: parseCsv(decoded.text.replace(/^\uFEFF/, "")), encoding: decoded.encoding } : decoded;
}

function decodeText(bytes: Uint8Array): { ok: true; text: string; encoding: "utf-8" | "gb18030" | "utf-16" } | { ok: false; key: MessageKey } {
  const startsWith = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (startsWith(0xff, 0xfe)) return { ok: true, text: new TextDecoder("utf-16le").decode(bytes.subarray(2)), encoding: "utf-16" };
  if (startsWith(0xfe, 0xff)) return { ok: true, text: new TextDecoder("utf-16be").decode(bytes.subarray(2)), encoding: "utf-16" };
  // NUL bytes do not occur in text files in either encoding.
  if (bytes.includes(0)) return { ok: false, key: "onboarding.csv.binary" };
  try {
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes), encoding: "utf-8" };
  } catch {
    // not UTF-8: try the Chinese Windows encoding
  }
  try {
    return { ok: true, text: new TextDecoder("gb18030", { fatal: true, ignoreBOM: false }).decode(bytes), encoding: "gb18030" };
  } catch {
    return { ok: false, key: "onboarding.csv.encoding" };
  }
}

/** RFC 4180 records, each with the line it starts on. Accepts comma- or tab-separated text. */
export function parseCsv(text: string): SheetRow[] {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const delimiter = firstLine.includes("\t") && !firstLine.includes(",") ? "\t" : ",";
  const records: SheetRow[] = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === "\n") line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && field === "") quoted = true;
    else if (ch === delimiter) {
      fields.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      fields.push(field);
      records.push({ line: recordLine, fields });
      fields = [];
      field = "";
      line++;
      recordLine = line;
    } else field += ch;
  }
  if (field !== "" || fields.length) {
    fields.push(field);
    records.push({ line: recordLine, fields });
  }
  return records.filter((r) => r.fields.some((f) => f.trim() !== ""));
}

type Column = "code" | "name" | "kind" | "nameEn" | "population" | "status";

const HEADER_NAMES: Record<string, Column> = {
  code: "code",
  代码: "code",
  区划代码: "code",
  统计用区划代码: "code",
  name: "name",
  name_zh: "name",
  名称: "name",
  中文名称: "name",
  kind: "kind",
  类型: "kind",
  类别: "kind",
  name_en: "nameEn",
  nameen: "nameEn",
  英文名称: "nameEn",
  population: "population",
  人口: "population",
  常住人口: "population",
  status: "status",
  状态: "status",
};
const POSITIONAL: Column[] = ["code", "name", "kind", "nameEn", "population", "status"];
// The statistics bureau's code lists mark a withdrawn code 已撤销; blank means in use.
const STATUS_WORDS: Record<string, AreaStatus> = { "": "active", 正常: "active", 有效: "active", active: "active", 已撤销: "revoked", 撤销: "revoked", revoked: "revoked" };
// Residents of one sub-district or community; the largest 街道 have a few hundred thousand.
export const MAX_POPULATION = 5_000_000;

/** Resident population as typed in a CSV cell or form field: blank is unknown; thousands separators are allowed. */
export function parsePopulation(raw: string): number | null | "invalid" {
  const text = raw.trim().replace(/[,，\s]/g, "");
  if (text === "") return null;
  if (!/^\d+$/.test(text)) return "invalid";
  const n = Number(text);
  return n <= MAX_POPULATION ? n : "invalid";
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f\u2028\u2029]/;

/**
 * Checks every line of a file (readAreaFile). `existing` is the district's current hierarchy (code → level).
 * Returns the rows to import, or every problem found; never both.
 */
export function validateAreaCsv(records: readonly SheetRow[], districtCode: string, existing: ReadonlyMap<string, ExistingArea>): { rows: AreaInput[]; errors: LineError[] } {
  if (records.length === 0) return { rows: [], errors: [{ line: null, key: "onboarding.csv.empty" }] };

  let columns = POSITIONAL;
  const errors: LineError[] = [];
  let body = records;
  const first = records[0]!;
  if (!/^\d+$/.test(first.fields[0]!.trim())) {
    body = records.slice(1);
    const mapped = first.fields.map((f) => HEADER_NAMES[f.trim().toLowerCase()]);
    first.fields.forEach((f, i) => {
      if (!mapped[i] && f.trim() !== "") errors.push({ line: first.line, key: "onboarding.csv.unknownColumn", params: { column: f.trim() } });
    });
    if (!mapped.includes("code") || !mapped.includes("name")) errors.push({ line: first.line, key: "onboarding.csv.headerMissing" });
    columns = mapped.map((m) => m ?? "nameEn");
    if (errors.length) return { rows: [], errors };
  }
  if (body.length === 0) return { rows: [], errors: [{ line: null, key: "onboarding.csv.noRows" }] };
  if (body.length > MAX_ROWS) return { rows: [], errors: [{ line: null, key: "onboarding.csv.tooManyRows", params: { rows: body.length, max: MAX_ROWS } }] };

  const rows: AreaInput[] = [];
  const seen = new Map<string, number>();
  for (const record of body) {
    const line = record.line;
    const value: Partial<Record<Column, string>> = {};
    if (record.fields.length > columns.length) {
      errors.push({ line, key: "onboarding.csv.tooManyFields", params: { count: record.fields.length, max: columns.length } });
      continue;
    }
    for (const [i, f] of record.fields.entries()) value[columns[i]!] = f.trim().normalize("NFC");
    const code = value.code ?? "";
    const name = value.name ?? "";
    const lineErrors: LineError[] = [];
    let level: AreaInput["level"] | null = null;
    if (!/^(\d{9}|\d{12})$/.test(code)) lineErrors.push({ line, key: "onboarding.csv.codeFormat", params: { code } });
    else if (!code.startsWith(districtCode)) lineErrors.push({ line, key: "onboarding.csv.codeDistrict", params: { code, district: districtCode } });
    else level = code.length === 9 ? "subdistrict" : "community";
    if (name === "") lineErrors.push({ line, key: "onboarding.csv.nameMissing" });
    else if (name.length > 60 || CONTROL.test(name)) lineErrors.push({ line, key: "onboarding.csv.nameInvalid" });
    if ((value.nameEn ?? "").length > 120 || CONTROL.test(value.nameEn ?? "")) lineErrors.push({ line, key: "onboarding.csv.nameEnInvalid" });
    const population = parsePopulation(value.population ?? "");
    if (population === "invalid") lineErrors.push({ line, key: "onboarding.csv.populationInvalid", params: { value: value.population ?? "", max: MAX_POPULATION } });
    const status = STATUS_WORDS[(value.status ?? "").toLowerCase()];
    if (!status) lineErrors.push({ line, key: "onboarding.csv.statusInvalid", params: { value: value.status ?? "" } });
    const kinds: readonly string[] = level === "community" ? COMMUNITY_KINDS : SUBDISTRICT_KINDS;
    const kind = value.kind || kinds[0]!;
    if (level && !kinds.includes(kind)) lineErrors.push({ line, key: "onboarding.csv.kindInvalid", params: { kind, allowed: kinds.join(" / ") } });
    if (level) {
      const firstLine = seen.get(code);
      if (firstLine !== undefined) lineErrors.push({ line, key: "onboarding.csv.duplicate", params: { code, first: firstLine } });
      seen.set(code, firstLine ?? line);
    }
    if (lineErrors.length) errors.push(...lineErrors);
    else rows.push({ line, code, level: level!, parentCode: level === "community" ? code.slice(0, 9) : null, name, nameEn: value.nameEn ?? "", kind, population: population === "invalid" ? null : population, status: status ?? "active" });
  }
  // Another district's code list gives every line the same error: say it once.
  const foreign = errors.filter((e) => e.key === "onboarding.csv.codeDistrict");
  if (foreign.length * 2 > body.length) {
    const prefixes = new Map<string, number>();
    for (const e of foreign) prefixes.set(String(e.params?.code).slice(0, 6), (prefixes.get(String(e.params?.code).slice(0, 6)) ?? 0) + 1);
    const other = [...prefixes.entries()].sort((a, b) => b[1] - a[1])[0]![0];
    return { rows: [], errors: [{ line: null, key: "onboarding.csv.otherDistrict", params: { other, district: districtCode, count: foreign.length, rows: body.length } }] };
  }
  // Parents are checked once every line is read: a community may come before its sub-district.
  const subdistrictsInFile = new Set(rows.filter((r) => r.level === "subdistrict").map((r) => r.code));
  const badCodes = new Set(body.map((r) => r.fields[columns.indexOf("code")]?.trim() ?? ""));
  for (const row of rows) {
    if (row.parentCode && !subdistrictsInFile.has(row.parentCode) && existing.get(row.parentCode)?.level !== "subdistrict") {
      // A parent that is in the file but broken is reported on its own line already.
      const parentBroken = badCodes.has(row.parentCode) && !subdistrictsInFile.has(row.parentCode);
      errors.push({ line: row.line, key: parentBroken ? "onboarding.csv.parentInvalid" : "onboarding.csv.parentMissing", params: { parent: row.parentCode } });
    }
  }
  errors.push(...revokedParentErrors(rows, existing));
  errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return errors.length ? { rows: [], errors } : { rows, errors: [] };
}

/** A community in use cannot stay under a revoked sub-district: the file must revoke it too. */
function revokedParentErrors(rows: readonly AreaInput[], existing: ReadonlyMap<string, ExistingArea>): LineError[] {
  const statusAfter = new Map<string, AreaStatus>();
  for (const [code, area] of existing) statusAfter.set(code, area.status);
  for (const row of rows) statusAfter.set(row.code, row.status);
  const errors: LineError[] = [];
  const byCode = new Map(rows.map((r) => [r.code, r]));
  for (const [code, status] of statusAfter) {
    const parent = code.length === 12 ? code.slice(0, 9) : null;
    if (status !== "active" || !parent || statusAfter.get(parent) !== "revoked") continue;
    const line = byCode.get(code)?.line ?? byCode.get(parent)?.line ?? null;
    errors.push({ line, key: "onboarding.csv.parentRevoked", params: { code, parent } });
  }
  return errors;
}

/**
 * The import as statements for one batch: the rows travel as JSON in one bound
 * parameter per chunk (INSERT … SELECT FROM json_each), which keeps a 10,000-line file
 * to a handful of statements under D1's 100-parameter limit. district_id is bound from
 * the DistrictData, as its own builders would stamp it. Plain inserts: a code added by
 * someone else meanwhile fails the whole batch on the primary key.
 */
export function importStatements(data: DistrictData, rows: readonly AreaInput[], now: string): Compilable[] {
  const statements: Compilable[] = [];
  // Sub-districts first, so that no community exists without its parent even mid-batch.
  const ordered = [...rows].sort((a, b) => (a.level === b.level ? 0 : a.level === "subdistrict" ? -1 : 1));
  for (let i = 0; i < ordered.length; i += 2000) {
    const chunk = ordered.slice(i, i + 2000).map((r) => ({ code: r.code, level: r.level, parent: r.parentCode, name: r.name, nameEn: r.nameEn, kind: r.kind, population: r.population, status: r.status }));
    const query = CompiledQuery.raw(
      `INSERT INTO areas (district_id, code, level, parent_code, name_zh, name_en, kind, population, status, created_at, updated_at)
       SELECT ?, j.value ->> '$.code', j.value ->> '$.level', j.value ->> '$.parent', j.value ->> '$.name', j.value ->> '$.nameEn', j.value ->> '$.kind', j.value ->> '$.population', j.value ->> '$.status', ?, ?
       FROM json_each(?) AS j`,
      [data.districtId, now, now, JSON.stringify(chunk)],
    );
    statements.push({ compile: () => query });
  }
  return statements;
}
