import { type Compilable, type CompiledQuery, type DatabaseConnection, DefaultQueryExecutor, QueryCreator, type QueryExecutor, type QueryExecutorProvider, type QueryResult, SqliteAdapter, SqliteQueryCompiler } from "kysely";

/**
 * Kysely's query builders over D1, without the `Kysely` class: that class also brings the
 * schema, introspection and transaction builders, about 30 KB of the Worker that nothing
 * here uses (D1 has no interactive transactions; migrations are plain SQL files).
 */
export class QueryBuilders<DB> extends QueryCreator<DB> implements QueryExecutorProvider {
  constructor(private readonly executor: QueryExecutor) {
    super({ executor });
  }

  /** For sql`…`.compile() and .execute(), as on a Kysely instance. */
  getExecutor(): QueryExecutor {
    return this.executor;
  }
}

export function createKysely<DB>(d1: D1Database): QueryBuilders<DB> {
  const connection: DatabaseConnection = {
    async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
      const { results, meta } = await d1
        .prepare(query.sql)
        .bind(...query.parameters)
        .all<R>();
      return {
        rows: results ?? [],
        numAffectedRows: meta.changes > 0 ? BigInt(meta.changes) : undefined,
        insertId: meta.last_row_id == null ? undefined : BigInt(meta.last_row_id),
      };
    },
    streamQuery() {
      throw new Error("D1 does not stream results");
    },
  };
  return new QueryBuilders<DB>(new DefaultQueryExecutor(new SqliteQueryCompiler(), new SqliteAdapter(), { provideConnection: (use) => use(connection) }));
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
