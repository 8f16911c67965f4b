import type { DistrictData } from "../data/district-data";
import type { Env } from "../env";
import { AppError } from "../http/errors";
import { DAILY } from "../jobs/crons";
import type { Job } from "../jobs";
import { districtTables } from "../modules";
import { shardDatabase } from "../district-lookup/district-registry";

// Files live in R2 and their records in D1, and no transaction spans both. A file is
// stored first and recorded second (a record never points at a missing file); if the
// record's batch fails the file is deleted again. That delete can fail too, or the
// Worker can stop between the two steps, so a daily sweep removes every file of a
// district that no row refers to once it is older than ORPHAN_AGE_MS: old enough that
// no upload is still waiting for its record.

export const ORPHAN_AGE_MS = 24 * 3600_000;

/** Stores a file, or answers 503 saying nothing was saved when R2 fails. */
export async function storeFile(env: Env, key: string, bytes: ArrayBuffer | Uint8Array, options: R2PutOptions): Promise<void> {
  try {
    await env.FILES.put(key, bytes, options);
  } catch (error) {
    console.error(`R2 put ${key} failed:`, error);
    throw new AppError({ status: 503, code: "storage_unavailable", message: "ops.storageUnavailable" });
  }
}

/** Reads a stored file (null when there is none), or answers 503 when R2 fails. */
export async function readFile(env: Env, key: string): Promise<R2ObjectBody | null> {
  try {
    return await env.FILES.get(key);
  } catch (error) {
    console.error(`R2 get ${key} failed:`, error);
    throw new AppError({ status: 503, code: "storage_unavailable", message: "ops.storageUnavailableRead" });
  }
}

/** Removes a file whose record was not written; a failure is left to the daily sweep. */
export async function discardFile(env: Env, key: string): Promise<void> {
  try {
    await env.FILES.delete(key);
  } catch (error) {
    console.error(`R2 delete ${key} failed; the orphan sweep will remove it:`, error);
  }
}

/** Columns that hold R2 keys: every district table's `r2_key`, modules' included. */
async function keyColumns(db: D1Database): Promise<string[]> {
  return (await districtTables(db)).filter((t) => t.columns.includes("r2_key")).map((t) => t.name);
}

/** Which of `keys` some row of the district refers to. */
async function referencedKeys(db: D1Database, districtId: string, tables: string[], keys: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  // 1 district parameter + up to 90 keys per statement: under D1's 100 bound parameters.
  for (let i = 0; i < keys.length; i += 90) {
    const chunk = keys.slice(i, i + 90);
    const marks = chunk.map(() => "?").join(", ");
    const results = await db.batch<{ r2_key: string }>(tables.map((t) => db.prepare(`SELECT r2_key FROM "${t}" WHERE district_id = ? AND r2_key IN (${marks})`).bind(districtId, ...chunk)));
    for (const r of results) for (const row of r.results) found.add(row.r2_key);
  }
  return found;
}

/**
 * Deletes the district's files (under "<code>/") that no row refers to and that were
 * stored more than ORPHAN_AGE_MS before `now`. Returns how many it deleted.
 */
export async function sweepOrphanFiles(env: Env, data: DistrictData, now: string): Promise<number> {
  if (!env.FILES) return 0;
  const db = shardDatabase(env, data.district.shard);
  const tables = await keyColumns(db);
  const cutoff = Date.parse(now) - ORPHAN_AGE_MS;
  let removed = 0;
  let cursor: string | undefined;
  do {
    const listed = await env.FILES.list({ prefix: `${data.districtId}/`, cursor, limit: 500 });
    const old = listed.objects.filter((o) => o.uploaded.getTime() < cutoff).map((o) => o.key);
    if (old.length) {
      const kept = tables.length ? await referencedKeys(db, data.districtId, tables, old) : new Set<string>();
      const orphans = old.filter((key) => !kept.has(key));
      if (orphans.length) {
        await env.FILES.delete(orphans);
        removed += orphans.length;
        console.log(`district ${data.districtId}: removed ${orphans.length} orphan file(s)`);
      }
    }
    cursor = listed.truncated ? listed.cursor : undefined;
  } while (cursor);
  return removed;
}

export const orphanFilesJob: Job = {
  name: "files.orphans",
  cron: DAILY,
  run: ({ env, data, now }) => sweepOrphanFiles(env, data, now),
};
