import { Kysely, type Compilable } from "kysely";
import { D1Dialect } from "kysely-d1";

// One Kysely per database binding, not per request: the instance holds no request state
// (builders are immutable and every query gets its own connection object), and building
// it with its dialect, driver and executor was a few per cent of a small page's time.
const instances = new WeakMap<D1Database, Kysely<unknown>>();

export function createKysely<DB>(d1: D1Database): Kysely<DB> {
  let db = d1 ? instances.get(d1) : undefined;
  if (!db) {
    db = new Kysely<unknown>({ dialect: new D1Dialect({ database: d1 }) });
    // Without a database (SQL compiled for seeds and migrations) there is nothing to key on.
    if (d1) instances.set(d1, db);
  }
  return db as Kysely<DB>;
}

/** Values D1's bind() accepts. It rejects undefined, Date, bigint and objects. */
type Bindable = string | number | null | ArrayBuffer;

function toBindable(value: unknown): Bindable {
  if (value === null || typeof value === "string" || typeof value === "number") return value;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (value instanceof ArrayBuffer) return value;
  throw new TypeError(`cannot bind ${value === undefined ? "undefined" : typeof value} to a D1 statement`);
}

export function prepare(d1: D1Database, query: Compilable): D1PreparedStatement {
  const compiled = query.compile();
  return d1.prepare(compiled.sql).bind(...compiled.parameters.map(toBindable));
}

/**
 * Runs the queries as one atomic D1 batch: all succeed or none is applied. This is the
 * only way to write several rows at once (D1 has no interactive transactions).
 * Returns the rows each statement produced (RETURNING), in order.
 */
export async function atomic<Row = Record<string, unknown>>(d1: D1Database, queries: readonly Compilable[]): Promise<Row[][]> {
  if (queries.length === 0) return [];
  const results = await d1.batch<Row>(queries.map((q) => prepare(d1, q)));
  return results.map((r) => r.results ?? []);
}

export { isUniqueViolation } from "./db-errors";
