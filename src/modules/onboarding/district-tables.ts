// Whole-district operations on a shard: counting, exporting and deleting every row of
// one district. They must cover every district table, including those that modules add
// later, so the tables are read from the shard's catalogue (every table with a
// district_id column) instead of being listed here. This is the one place that names
// shard tables at run time; every statement filters on district_id = ? (bound).

/** Tables of the offboarding and bulk-load machinery itself, never exported or counted. */
const MACHINERY = new Set(["offboardings", "district_loads"]);
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface DistrictTable {
  name: string;
  columns: string[];
  /** false for WITHOUT ROWID tables, which cannot be paged by rowid. */
  rowid: boolean;
}

const quote = (name: string) => `"${name}"`;

/**
 * The shard's district tables, ordered so that a table comes before every table it
 * references (children first): deleting in this order never orphans a row.
 */
export async function districtTables(db: D1Database): Promise<DistrictTable[]> {
  const list = await db.prepare("PRAGMA table_list").all<{ schema: string; name: string; type: string; wr: number }>();
  const candidates = list.results.filter((t) => t.schema === "main" && t.type === "table" && IDENTIFIER.test(t.name) && !t.name.startsWith("sqlite_") && !t.name.startsWith("_cf_") && !MACHINERY.has(t.name));
  if (candidates.length === 0) return [];
  const info = await db.batch<{ name?: string; table?: string }>(candidates.flatMap((t) => [db.prepare(`PRAGMA table_info(${quote(t.name)})`), db.prepare(`PRAGMA foreign_key_list(${quote(t.name)})`)]));
  const tables = new Map<string, DistrictTable & { references: Set<string> }>();
  candidates.forEach((t, i) => {
    const columns = (info[2 * i]!.results ?? []).map((c) => c.name!);
    if (!columns.includes("district_id")) return;
    const references = new Set((info[2 * i + 1]!.results ?? []).map((f) => f.table!).filter((name) => name !== t.name));
    tables.set(t.name, { name: t.name, columns, rowid: t.wr === 0, references });
  });
  // Topological order: emit a table once no remaining table references it.
  const ordered: DistrictTable[] = [];
  const remaining = new Map(tables);
  while (remaining.size) {
    const free = [...remaining.values()].filter((t) => ![...remaining.values()].some((other) => other.references.has(t.name)));
    // A reference cycle cannot be ordered; its tables are then deleted together.
    const next = free.length ? free : [...remaining.values()];
    for (const t of next.sort((a, b) => a.name.localeCompare(b.name))) {
      ordered.push({ name: t.name, columns: t.columns, rowid: t.rowid });
      remaining.delete(t.name);
    }
  }
  return ordered;
}

/** Rows of the district in each table, in one round trip. */
export async function countDistrictRows(db: D1Database, districtId: string, tables?: DistrictTable[]): Promise<Record<string, number>> {
  const list = tables ?? (await districtTables(db));
  if (list.length === 0) return {};
  const results = await db.batch<{ n: number }>(list.map((t) => db.prepare(`SELECT count(*) AS n FROM ${quote(t.name)} WHERE district_id = ?`).bind(districtId)));
  return Object.fromEntries(list.map((t, i) => [t.name, results[i]!.results[0]?.n ?? 0]));
}

/** One page of a table's rows of the district, in storage order. */
export async function pageOfRows(db: D1Database, districtId: string, table: DistrictTable, afterRowid: number, limit: number): Promise<{ rows: Record<string, unknown>[]; last: number | null }> {
  if (!table.rowid) {
    // WITHOUT ROWID tables are read whole (no modules use them so far).
    if (afterRowid > 0) return { rows: [], last: null };
    const { results } = await db
      .prepare(`SELECT * FROM ${quote(table.name)} WHERE district_id = ?`)
      .bind(districtId)
      .all<Record<string, unknown>>();
    return { rows: results, last: null };
  }
  const { results } = await db
    .prepare(`SELECT rowid AS "__rowid", * FROM ${quote(table.name)} WHERE district_id = ? AND rowid > ? ORDER BY rowid LIMIT ?`)
    .bind(districtId, afterRowid, limit)
    .all<Record<string, unknown>>();
  const last = results.length === limit ? Number(results.at(-1)!.__rowid) : null;
  return { rows: results.map(({ __rowid: _rowid, ...row }) => row), last };
}

const CHUNK_ROWS = 5_000;
const CHUNKS_PER_BATCH = 10;

export interface OffboardingProgress {
  done: boolean;
  deleted: Record<string, number>;
}

/**
 * Deletes every row of the district from its shard. The offboarding marker is written
 * first: while it exists the audit log's delete trigger lets this district's events go
 * (migrations/district/0002_onboarding.sql). Tables are emptied children first, in
 * chunks, so that a large district does not exceed D1's limits for one statement; if
 * the `maxBatches` budget runs out the marker stays and calling again continues.
 * When every table is empty the marker is removed.
 */
export async function deleteDistrictRows(db: D1Database, districtId: string, operatorId: string, maxBatches = 40): Promise<OffboardingProgress> {
  await db.prepare("INSERT INTO offboardings (district_id, operator_id, started_at) VALUES (?, ?, ?) ON CONFLICT (district_id) DO NOTHING").bind(districtId, operatorId, new Date().toISOString()).run();
  const deleted: Record<string, number> = {};
  let batches = 0;
  // Counting first (one batch) spends the budget only on tables that hold the district's rows.
  const tables = await districtTables(db);
  const counts = await countDistrictRows(db, districtId, tables);
  for (const table of tables.filter((t) => (counts[t.name] ?? 0) > 0)) {
    let tableDeleted = 0;
    for (;;) {
      if (batches++ >= maxBatches) return { done: false, deleted };
      const chunk = () => db.prepare(`DELETE FROM ${quote(table.name)} WHERE rowid IN (SELECT rowid FROM ${quote(table.name)} WHERE district_id = ? LIMIT ${CHUNK_ROWS})`).bind(districtId);
      const results = await db.batch(table.rowid ? Array.from({ length: CHUNKS_PER_BATCH }, chunk) : [db.prepare(`DELETE FROM ${quote(table.name)} WHERE district_id = ?`).bind(districtId)]);
      const changes = results.reduce((n, r) => n + (r.meta.changes ?? 0), 0);
      tableDeleted += changes;
      deleted[table.name] = tableDeleted;
      if (!table.rowid || changes < CHUNK_ROWS * CHUNKS_PER_BATCH) break;
    }
  }
  const left = await countDistrictRows(db, districtId);
  if (Object.values(left).some((n) => n > 0)) return { done: false, deleted };
  await db.prepare("DELETE FROM offboardings WHERE district_id = ?").bind(districtId).run();
  return { done: true, deleted };
}
