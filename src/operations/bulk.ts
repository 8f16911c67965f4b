import { countDistrictRows, districtTables, pageOfRows, type DistrictTable } from "../modules";

// Loading a district's rows in whole: a restore from its data export and a move from
// another shard. Rows go in parents first (the reverse of districtTables' deletion
// order), many rows a statement (D1 allows 100 bound parameters), many statements a
// batch. While a load runs, the district_loads marker tells the insert triggers that
// these rows are history, not new business (migrations/district/0006_bulk_load.sql).

const MAX_PARAMETERS = 100;
const STATEMENTS_PER_BATCH = 50;
const PAGE_ROWS = 1000;
const quote = (name: string) => `"${name}"`;
/** Tables the target's triggers fill as the rows they derive from go in (0021_name_search.sql, 0043_review_figures.sql). */
const DERIVED = new Set(["name_grams", "review_figures"]);

export type LoadKind = "restore" | "move";

export async function beginLoad(db: D1Database, districtId: string, kind: LoadKind): Promise<void> {
  await db.prepare("INSERT INTO district_loads (district_id, kind, started_at) VALUES (?, ?, ?) ON CONFLICT (district_id) DO NOTHING").bind(districtId, kind, new Date().toISOString()).run();
}

export async function endLoad(db: D1Database, districtId: string): Promise<void> {
  await db.prepare("DELETE FROM district_loads WHERE district_id = ?").bind(districtId).run();
}

/** Parents before the tables that reference them. */
export async function loadOrder(db: D1Database): Promise<DistrictTable[]> {
  return (await districtTables(db)).reverse();
}

/** Values D1 binds; anything else (a nested object from JSON) is stored as its JSON text. */
function bindable(value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "number") return value;
  if (typeof value === "boolean") return value ? 1 : 0;
  return JSON.stringify(value);
}

/**
 * Inserts rows into `table`, each with exactly the table's columns (a column missing
 * from a row is NULL, so a default that differs from the source never sneaks in).
 * Returns how many rows went in.
 */
export async function insertRows(db: D1Database, table: DistrictTable, rows: readonly Record<string, unknown>[]): Promise<number> {
  const columns = table.columns;
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
  const statements: D1PreparedStatement[] = [];
  const head = `INSERT INTO ${quote(table.name)} (${columns.map(quote).join(", ")}) VALUES `;
  const tuple = `(${columns.map(() => "?").join(", ")})`;
  for (let i = 0; i < rows.length; i += perStatement) {
    const chunk = rows.slice(i, i + perStatement);
    statements.push(db.prepare(head + chunk.map(() => tuple).join(", ")).bind(...chunk.flatMap((row) => columns.map((c) => bindable(row[c])))));
  }
  for (let i = 0; i < statements.length; i += STATEMENTS_PER_BATCH) await db.batch(statements.slice(i, i + STATEMENTS_PER_BATCH));
  return rows.length;
}

/**
 * Copies every row of the district from `source` to `target`, table by table, as
 * stored (encrypted values and hashes included). Returns the rows copied per table.
 */
export async function copyDistrictRows(source: D1Database, target: D1Database, districtId: string): Promise<Record<string, number>> {
  const targetTables = new Map((await loadOrder(target)).map((t) => [t.name, t]));
  const copied: Record<string, number> = {};
  const derived: DistrictTable[] = [];
  for (const table of await loadOrder(source)) {
    if (DERIVED.has(table.name)) {
      derived.push(table);
      continue;
    }
    const into = targetTables.get(table.name);
    if (!into) throw new Error(`table ${table.name} is missing on the target shard: apply the migrations first`);
    let after = 0;
    copied[table.name] = 0;
    for (;;) {
      const page = await pageOfRows(source, districtId, { ...table, rowid: table.rowid }, after, PAGE_ROWS);
      copied[table.name] = (copied[table.name] ?? 0) + (await insertRows(target, into, page.rows));
      if (page.last === null) break;
      after = page.last;
    }
  }
  // Made on the target by its triggers as the rows went in: counted there, so that the
  // move's check compares them like every other table.
  if (derived.length) Object.assign(copied, await countDistrictRows(target, districtId, derived));
  return copied;
}
