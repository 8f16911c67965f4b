import {
  DefaultConnectionProvider,
  DefaultQueryExecutor,
  QueryCreator,
  SqliteAdapter,
  SqliteQueryCompiler,
  type Compilable,
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryExecutorProvider,
  type QueryResult,
} from "kysely";

/**
 * Kysely's query builders on a D1 database, without the `Kysely` class: the app never uses
 * its schema builders, introspection or transactions (D1 has none), and leaving the class
 * out keeps about 7 KB (gzipped) of them out of the Worker. `sql` templates compile and
 * run on it as on a `Kysely`.
 */
export type Queries<DB> = QueryCreator<DB> & QueryExecutorProvider;

const noTransactions = () => Promise.reject(new Error("D1 has no interactive transactions: use a batch"));

function d1Connection(d1: D1Database): DatabaseConnection {
  return {
    async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
      const result = await d1
        .prepare(query.sql)
        .bind(...query.parameters)
        .all<R>();
      const changes = result.meta.changes;
      const lastRowId = result.meta.last_row_id;
      return { rows: result.results ?? [], numAffectedRows: changes > 0 ? BigInt(changes) : undefined, insertId: lastRowId === undefined || lastRowId === null ? undefined : BigInt(lastRowId) };
    },
    streamQuery: () => {
      throw new Error("D1 cannot stream a query");
    },
  };
}

export function createKysely<DB>(d1: D1Database): Queries<DB> {
  const driver: Driver = {
    init: async () => {},
    acquireConnection: async () => d1Connection(d1),
    beginTransaction: noTransactions,
    commitTransaction: noTransactions,
    rollbackTransaction: noTransactions,
    releaseConnection: async () => {},
    destroy: async () => {},
  };
  const executor = new DefaultQueryExecutor(new SqliteQueryCompiler(), new SqliteAdapter(), new DefaultConnectionProvider(driver), []);
  return Object.assign(new QueryCreator<DB>({ executor }), { getExecutor: () => executor });
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
