import { countRows } from "../helpers";

/**
 * Every row of the district in every table of a shard that has a district_id column,
 * read from the catalogue here (not by the code under test), each table's rows sorted
 * so that two shards can be compared whatever the storage order.
 */
export async function snapshot(db: D1Database, code: string): Promise<Record<string, string[]>> {
  const tables = await db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name <> 'd1_migrations' ORDER BY name").all<{ name: string }>();
  const out: Record<string, string[]> = {};
  for (const { name } of tables.results) {
    const columns = await db.prepare(`PRAGMA table_info("${name}")`).all<{ name: string }>();
    if (!columns.results.some((c) => c.name === "district_id")) continue;
    const rows = await db.prepare(`SELECT * FROM "${name}" WHERE district_id = ?`).bind(code).all<Record<string, unknown>>();
    out[name] = rows.results.map((r) => JSON.stringify(r)).sort();
  }
  return out;
}

export async function totalRows(db: D1Database, code: string): Promise<number> {
  const snap = await snapshot(db, code);
  return Object.values(snap).reduce((n, rows) => n + rows.length, 0);
}

export { countRows };
