import type { CompiledQuery } from "kysely";
import { createKysely } from "../data/kysely";
import { platformSql } from "../data/platform-data";
import type { DistrictDB } from "../data/schema";
import type { TenantFile } from "./tenant-file";

// Turns a validated tenant file into idempotent upserts: one list for the PLATFORM
// registry and one for the district's shard. The Worker runs them as D1 batches; the
// tenants:apply script inlines them into SQL files for `wrangler d1 execute`.
// Areas that disappear from a file are kept: records may still point at them.

// Compiling needs a dialect but never touches the database.
const shardSql = createKysely<DistrictDB>(null as unknown as D1Database);

export interface TenantStatements {
  platform: CompiledQuery[];
  shard: CompiledQuery[];
}

/**
 * `createOnly` makes the registry insert fail on an existing code instead of updating
 * it: the operator console creates districts with it, so that two people creating the
 * same code at once cannot overwrite each other.
 */
export function tenantStatements(t: TenantFile, now: string, options: { createOnly?: boolean } = {}): TenantStatements {
  const districtRow = {
    code: t.code,
    name_zh: t.name.zh,
    name_en: t.name.en,
    parent_name_zh: t.parentName.zh,
    parent_name_en: t.parentName.en,
    shard: t.shard,
    status: t.status,
    settings_json: JSON.stringify(t.settings),
    modules_json: JSON.stringify(t.modules),
    profile_json: JSON.stringify(t.profile),
    created_at: now,
    updated_at: now,
  };
  const insertDistrict = platformSql.insertInto("districts").values(districtRow);
  const upsertDistrict = insertDistrict.onConflict((oc) =>
    oc.column("code").doUpdateSet((eb) => ({
      name_zh: eb.ref("excluded.name_zh"),
      name_en: eb.ref("excluded.name_en"),
      parent_name_zh: eb.ref("excluded.parent_name_zh"),
      parent_name_en: eb.ref("excluded.parent_name_en"),
      shard: eb.ref("excluded.shard"),
      status: eb.ref("excluded.status"),
      settings_json: eb.ref("excluded.settings_json"),
      modules_json: eb.ref("excluded.modules_json"),
      profile_json: eb.ref("excluded.profile_json"),
      updated_at: eb.ref("excluded.updated_at"),
      version: eb("districts.version", "+", 1),
    })),
  );
  const platform: CompiledQuery[] = [
    (options.createOnly ? insertDistrict : upsertDistrict).compile(),
    platformSql.deleteFrom("district_hostnames").where("district_code", "=", t.code).compile(),
    ...t.hostnames.map((hostname) => platformSql.insertInto("district_hostnames").values({ hostname, district_code: t.code }).compile()),
  ];

  const areaRows = t.subdistricts.flatMap((s) => [
    { district_id: t.code, code: s.code, level: "subdistrict" as const, parent_code: null, name_zh: s.name, name_en: s.nameEn ?? "", kind: s.kind, created_at: now, updated_at: now },
    ...s.communities.map((c) => ({
      district_id: t.code,
      code: c.code,
      level: "community" as const,
      parent_code: s.code,
      name_zh: c.name,
      name_en: c.nameEn ?? "",
      kind: c.kind,
      created_at: now,
      updated_at: now,
    })),
  ]);
  // 9 columns a row: stay under D1's 100 bound parameters per statement.
  const shard: CompiledQuery[] = [];
  for (let i = 0; i < areaRows.length; i += 10) {
    shard.push(
      shardSql
        .insertInto("areas")
        .values(areaRows.slice(i, i + 10))
        .onConflict((oc) =>
          oc.columns(["district_id", "code"]).doUpdateSet((eb) => ({
            name_zh: eb.ref("excluded.name_zh"),
            name_en: eb.ref("excluded.name_en"),
            kind: eb.ref("excluded.kind"),
            updated_at: eb.ref("excluded.updated_at"),
          })),
        )
        .compile(),
    );
  }
  return { platform, shard };
}

/** Runs compiled statements as one atomic batch (in the Worker or a test). */
export async function runCompiled(d1: D1Database, statements: readonly CompiledQuery[]): Promise<void> {
  if (statements.length === 0) return;
  await d1.batch(statements.map((s) => d1.prepare(s.sql).bind(...(s.parameters as unknown[]))));
}

/** Renders a compiled statement as plain SQL with literals, for `wrangler d1 execute --file`. */
export function inlineSql(statement: CompiledQuery): string {
  let index = 0;
  const text = statement.sql.replace(/\?/g, () => literal(statement.parameters[index++]));
  return `${text};`;
}

function literal(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "NULL";
  if (typeof value === "boolean") return value ? "1" : "0";
  return `'${String(value).replace(/'/g, "''")}'`;
}
