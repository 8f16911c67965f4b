import { Kysely, type Compilable } from "kysely";
import { D1Dialect } from "kysely-d1";

export function createKysely<DB>(d1: D1Database): Kysely<DB> {
  return new Kysely<DB>({ dialect: new D1Dialect({ database: d1 }) });
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
