import { createKysely } from "../../data/kysely";
import { platformData } from "../../data/platform-data";
import type { DistrictDB } from "../../data/schema";
import type { Env } from "../../env";
import { reveal } from "../../lib/personal-data";
import type { District } from "../../district-lookup/district-registry";
import { countDistrictRows, districtTables, pageOfRows, type DistrictTable } from "./district-tables";
import { MODULES } from "../index";
import { ZipWriter, type EntryStats } from "../../lib/zip";

// Two exports:
// - the district as a tenants/ file (the declarative registry record: names, status,
//   shard, hostnames, modules, settings, profile, hierarchy), for the platform operator;
//   applying it to a fresh database reproduces the district's registry and areas;
// - the district's complete data for its admin (data rights): a ZIP with one JSON file
//   per table, the tenants/ file and a manifest with each file's SHA-256.
//
// Why a ZIP streamed from the Worker rather than files kept in R2 under an export id:
// the export holds personal data in clear; streaming it straight to the admin who asked
// leaves no copy at rest that would need its own access rules, expiry and deletion, and
// one download works without JavaScript. The ZIP is written as rows are read, page by
// page, so its size is not bounded by the Worker's memory.

export interface TenantFileOut {
  code: string;
  name: { zh: string; en: string };
  parentName: { zh: string; en: string };
  status: District["status"];
  shard: string;
  hostnames: string[];
  modules: string[];
  settings: District["settings"];
  profile: District["profile"];
  subdistricts: {
    code: string;
    name: string;
    nameEn?: string;
    kind: string;
    communities: { code: string; name: string; nameEn?: string; kind: string }[];
  }[];
}

/** The district as a tenants/*.json file. Reads PLATFORM and the district's shard. */
export async function tenantFileOf(env: Env, district: District, shard: D1Database): Promise<TenantFileOut> {
  const hostnames = await platformData(env).selectFrom("district_hostnames").select("hostname").where("district_code", "=", district.code).orderBy("hostname").execute();
  const areas = await createKysely<DistrictDB>(shard).selectFrom("areas").select(["code", "level", "parent_code", "name_zh", "name_en", "kind"]).where("district_id", "=", district.code).orderBy("code").execute();
  const withEn = <T extends object>(base: T, nameEn: string) => (nameEn ? { ...base, nameEn } : base);
  const subdistricts = areas
    .filter((a) => a.level === "subdistrict")
    .map((s) => ({
      ...withEn({ code: s.code, name: s.name_zh }, s.name_en),
      kind: s.kind,
      communities: areas.filter((a) => a.level === "community" && a.parent_code === s.code).map((c) => ({ ...withEn({ code: c.code, name: c.name_zh }, c.name_en), kind: c.kind })),
    }));
  return {
    code: district.code,
    name: { zh: district.nameZh, en: district.nameEn },
    parentName: { zh: district.parentNameZh, en: district.parentNameEn },
    status: district.status,
    shard: district.shard,
    hostnames: hostnames.map((h) => h.hostname),
    modules: district.modules,
    settings: district.settings,
    profile: district.profile,
    subdistricts,
  };
}

/** What the data export leaves out: secrets that would let someone sign in as a user. */
export const EXPORT_OMITS = {
  /** Declared by the modules that own them (a manifest's unexportedTables). */
  get tables(): readonly string[] {
    return MODULES.flatMap((m) => m.unexportedTables ?? []);
  },
  columns: ["password_hash", "token_hash", "id_hash"],
} as const;

const PROTECTED_VALUE = /^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{20,}$/;
const PAGE_ROWS = 1000;
const encoder = new TextEncoder();

async function* tableJson(db: D1Database, env: Env, districtId: string, table: DistrictTable, counts: { rows: number; revealed: Set<string> }): AsyncIterable<Uint8Array> {
  yield encoder.encode("[");
  let after = 0;
  let first = true;
  for (;;) {
    const page = await pageOfRows(db, districtId, table, after, PAGE_ROWS);
    const parts: string[] = [];
    for (const row of page.rows) {
      for (const column of EXPORT_OMITS.columns) delete row[column];
      // Personal data is stored encrypted (src/lib/personal-data.ts); the district's
      // own export carries it readable, which is the point of the export.
      for (const [key, value] of Object.entries(row)) {
        if (typeof value === "string" && PROTECTED_VALUE.test(value)) {
          row[key] = await reveal(value, env.PERSONAL_DATA_KEY).catch(() => value);
          if (row[key] !== value) counts.revealed.add(key);
        }
      }
      parts.push(`${first ? "\n" : ",\n"}${JSON.stringify(row)}`);
      first = false;
      counts.rows++;
    }
    if (parts.length) yield encoder.encode(parts.join(""));
    if (page.last === null) break;
    after = page.last;
  }
  yield encoder.encode(first ? "]\n" : "\n]\n");
}

export interface StoredFile {
  key: string;
  contentType: string | null;
  metadata: Record<string, string>;
}

async function* districtFiles(env: Env, code: string): AsyncIterable<StoredFile & { body: AsyncIterable<Uint8Array> }> {
  if (!env.FILES) return;
  let cursor: string | undefined;
  do {
    const listed = await env.FILES.list({ prefix: `${code}/`, cursor, limit: 500 });
    for (const object of listed.objects) {
      const body = await env.FILES.get(object.key);
      if (!body) continue;
      yield { key: object.key, contentType: body.httpMetadata?.contentType ?? null, metadata: body.customMetadata ?? {}, body: body.body as unknown as AsyncIterable<Uint8Array> };
    }
    cursor = listed.truncated ? listed.cursor : undefined;
  } while (cursor);
}

async function* once(text: string): AsyncIterable<Uint8Array> {
  yield encoder.encode(text);
}

export interface ExportSummary {
  tables: Record<string, number>;
}

/**
 * Starts the ZIP export; returns the stream to send and a promise of what was
 * exported (resolved when the last byte is written). Row counts are read first and go
 * into the audit event before any data leaves.
 */
export async function districtExport(env: Env, district: District, shard: D1Database, exportedBy: string) {
  const tables = (await districtTables(shard)).filter((t) => !(EXPORT_OMITS.tables as readonly string[]).includes(t.name));
  const counts = await countDistrictRows(shard, district.code, tables);
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  const writer = writable.getWriter();
  const now = new Date();
  const done = (async () => {
    const zip = new ZipWriter(writer, now);
    const files: (EntryStats & { table?: string; rows?: number; protectedColumns?: string[]; file?: StoredFile })[] = [];
    try {
      const tenant = await tenantFileOf(env, district, shard);
      files.push(await zip.add("tenant.json", once(`${JSON.stringify(tenant, null, 2)}\n`)));
      for (const table of tables) {
        const rowCount = { rows: 0, revealed: new Set<string>() };
        const stats = await zip.add(`tables/${table.name}.json`, tableJson(shard, env, district.code, table, rowCount));
        files.push({ ...stats, table: table.name, rows: rowCount.rows, ...(rowCount.revealed.size ? { protectedColumns: [...rowCount.revealed].sort() } : {}) });
      }
      // The district's files (attachments) under their R2 keys, so that a restore
      // brings them back with the rows that name them.
      for await (const file of districtFiles(env, district.code)) {
        const stats = await zip.add(`files/${file.key}`, file.body);
        files.push({ ...stats, file: { key: file.key, contentType: file.contentType, metadata: file.metadata } });
      }
      const manifest = {
        format: "sanshe-district-export",
        version: 1,
        district: { code: district.code, name: { zh: district.nameZh, en: district.nameEn }, parentName: { zh: district.parentNameZh, en: district.parentNameEn } },
        exportedAt: now.toISOString(),
        exportedBy,
        files: files.map((f) => ({
          path: f.name,
          ...(f.table ? { table: f.table, rows: f.rows } : {}),
          ...(f.protectedColumns ? { protectedColumns: f.protectedColumns } : {}),
          ...(f.file ? { file: f.file } : {}),
          bytes: f.bytes,
          sha256: f.sha256,
        })),
        omitted: EXPORT_OMITS,
        notes: {
          "zh-CN": "每个数据表一个 JSON 文件（行对象数组）；files/ 下为附件原文件；tenant.json 为区的声明式配置（tenants/ 文件格式）。个人信息（身份证号、电话、住址）已解密为明文，请妥善保管。登录凭据（密码哈希、会话、邀请令牌）不导出。",
          en: "One JSON file per table (an array of row objects); files/ holds the attachments as uploaded; tenant.json is the district's declarative record (tenants/ file format). Personal data (ID numbers, phones, addresses) is included decrypted: keep this file safe. Sign-in secrets (password hashes, sessions, invitation tokens) are not exported.",
        },
      };
      await zip.add("manifest.json", once(`${JSON.stringify(manifest, null, 2)}\n`));
      await zip.finish();
    } catch (error) {
      console.error(`export of district ${district.code} failed:`, error);
      await writer.abort(error).catch(() => {});
      throw error;
    }
  })();
  return { stream: readable, counts, done };
}
