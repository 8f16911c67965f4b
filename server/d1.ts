// D1's interface over a local SQLite file (better-sqlite3), so the Worker's data code runs
// unchanged on a self-hosted server. The result shapes, the binding rules and batch()'s
// all-or-nothing transaction follow D1; errors are SQLite's own (src/data/db-errors.ts
// reads both).
import Database from "better-sqlite3";

type Value = string | number | bigint | Buffer | null;
type Row = Record<string, unknown>;

export interface SqliteD1Options {
  /** Milliseconds a writer waits for another process's transaction before failing. */
  busyTimeoutMs?: number;
  readonly?: boolean;
}

/** D1 binds whole numbers as INTEGER; better-sqlite3 would bind every JS number as REAL. */
function toValue(value: unknown, index: number): Value {
  if (value === null || typeof value === "string") return value;
  if (typeof value === "number") return Number.isSafeInteger(value) ? BigInt(value) : value;
  if (typeof value === "boolean") return value ? 1n : 0n;
  if (typeof value === "bigint") return value;
  if (value instanceof ArrayBuffer) return Buffer.from(value);
  if (ArrayBuffer.isView(value)) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  throw new TypeError(`D1_TYPE_ERROR: Type '${value === undefined ? "undefined" : typeof value}' not supported for value '${String(value)}' (parameter ${index + 1})`);
}

/** D1 returns BLOB columns as arrays of bytes. */
function fromRow(row: Row): Row {
  for (const key in row) {
    const v = row[key];
    if (Buffer.isBuffer(v)) row[key] = Array.from(v);
  }
  return row;
}

function meta(started: number, changes: number, lastRowId: number | bigint, db: Database.Database) {
  return {
    served_by: "better-sqlite3",
    duration: performance.now() - started,
    changes,
    last_row_id: Number(lastRowId),
    changed_db: changes > 0,
    size_after: 0,
    rows_read: 0,
    rows_written: changes,
    // A hint only: D1 reports whether a statement was applied on the primary.
    served_by_primary: !db.readonly,
  };
}

/**
 * D1 accepts numbered parameters (`?1`, used more than once); better-sqlite3 takes them
 * for named ones. Rewrites them as plain `?` and says which value each one takes.
 * Quoted text and comments are left alone.
 */
export function numberedParameters(sql: string): { sql: string; order: number[] } | null {
  if (!/\?\d/.test(sql)) return null;
  let out = "";
  const order: number[] = [];
  let highest = 0;
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i]!;
    if (ch === "'" || ch === '"' || ch === "`") {
      const end = sql.indexOf(ch, i + 1);
      const stop = end < 0 ? sql.length : end;
      out += sql.slice(i, stop + 1);
      i = stop;
    } else if (ch === "-" && sql[i + 1] === "-") {
      const end = sql.indexOf("\n", i);
      const stop = end < 0 ? sql.length : end;
      out += sql.slice(i, stop);
      i = stop - 1;
    } else if (ch === "?") {
      const digits = /^\d+/.exec(sql.slice(i + 1))?.[0];
      const index = digits ? Number(digits) : highest + 1;
      highest = Math.max(highest, index);
      order.push(index - 1);
      out += "?";
      i += digits?.length ?? 0;
    } else out += ch;
  }
  return { sql: out, order };
}

class SqliteStatement {
  constructor(
    private readonly owner: SqliteD1,
    readonly sql: string,
    readonly values: readonly Value[] = [],
  ) {}

  bind(...values: unknown[]): SqliteStatement {
    const numbered = numberedParameters(this.sql);
    if (!numbered) return new SqliteStatement(this.owner, this.sql, values.map(toValue));
    if (numbered.order.some((i) => i >= values.length)) throw new RangeError(`D1_ERROR: Wrong number of parameter bindings for SQL query.`);
    return new SqliteStatement(
      this.owner,
      numbered.sql,
      numbered.order.map((i) => toValue(values[i], i)),
    );
  }

  /** Runs synchronously; the async methods and batch() wrap this. */
  execute(): D1Result<Row> {
    const db = this.owner.sqlite;
    const started = performance.now();
    const statement = this.owner.compiled(this.sql);
    if (statement.reader) {
      const results = (statement.all(...this.values) as Row[]).map(fromRow);
      // A write with RETURNING reads rows too; its changes are the rows it returned.
      const changes = statement.readonly ? 0 : results.length;
      return { success: true, results, meta: meta(started, changes, 0, db) } as D1Result<Row>;
    }
    const info = statement.run(...this.values);
    return { success: true, results: [], meta: meta(started, info.changes, info.lastInsertRowid, db) } as D1Result<Row>;
  }

  async first<T = unknown>(column?: string): Promise<T | null> {
    const row = this.execute().results[0];
    if (!row) return null;
    if (column === undefined) return row as T;
    if (!(column in row)) throw new Error(`D1_COLUMN_NOTFOUND: Column not found (${column})`);
    return (row[column] ?? null) as T;
  }

  async all<T = Row>(): Promise<D1Result<T>> {
    return this.execute() as unknown as D1Result<T>;
  }

  async run<T = Row>(): Promise<D1Result<T>> {
    return this.execute() as unknown as D1Result<T>;
  }

  async raw<T = unknown[]>(options?: { columnNames?: boolean }): Promise<T[]> {
    const statement = this.owner.compiled(this.sql);
    if (!statement.reader) {
      statement.run(...this.values);
      return options?.columnNames ? ([[]] as T[]) : [];
    }
    const rows = (statement.raw(true).all(...this.values) as unknown[][]).map((r) => r.map((v) => (Buffer.isBuffer(v) ? Array.from(v) : v)));
    statement.raw(false);
    if (options?.columnNames) return [statement.columns().map((c) => c.name), ...rows] as T[];
    return rows as T[];
  }
}

/** A D1Database over one SQLite file (or ":memory:"). */
export class SqliteD1 {
  readonly sqlite: Database.Database;
  private readonly cache = new Map<string, Database.Statement>();

  constructor(
    readonly file: string,
    options: SqliteD1Options = {},
  ) {
    this.sqlite = new Database(file, { readonly: options.readonly ?? false });
    if (file !== ":memory:" && !options.readonly) {
      // Several processes may share the file: readers never wait for a writer, and a
      // writer waits its turn instead of failing at once.
      this.sqlite.pragma("journal_mode = WAL");
      this.sqlite.pragma("synchronous = NORMAL");
    }
    this.sqlite.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    // D1 enforces foreign keys.
    this.sqlite.pragma("foreign_keys = ON");
  }

  compiled(sql: string): Database.Statement {
    let statement = this.cache.get(sql);
    if (!statement) {
      statement = this.sqlite.prepare(sql);
      // Bounded: the app's statements are few, but raw SQL from a script may be many.
      if (this.cache.size >= 500) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(sql, statement);
    }
    return statement;
  }

  prepare(sql: string): D1PreparedStatement {
    return new SqliteStatement(this, sql) as unknown as D1PreparedStatement;
  }

  /**
   * All statements in one transaction: every one applied or none. A batch that writes
   * takes the write lock up front (BEGIN IMMEDIATE), so two processes never both read
   * and then fail to upgrade; the busy timeout queues them.
   */
  async batch<T = Row>(statements: D1PreparedStatement[]): Promise<D1Result<T>[]> {
    const list = statements as unknown as SqliteStatement[];
    const writes = list.some((s) => !this.compiled(s.sql).readonly);
    const run = this.sqlite.transaction(() => list.map((s) => s.execute()));
    return (writes ? run.immediate() : run.deferred()) as unknown as D1Result<T>[];
  }

  async exec(sql: string): Promise<D1ExecResult> {
    const started = performance.now();
    const count = sql.split("\n").filter((line) => line.trim()).length;
    this.sqlite.exec(sql);
    return { count, duration: performance.now() - started };
  }

  withSession(): D1DatabaseSession {
    const session = {
      prepare: (sql: string) => this.prepare(sql),
      batch: <T>(statements: D1PreparedStatement[]) => this.batch<T>(statements),
      getBookmark: () => null,
    };
    return session as unknown as D1DatabaseSession;
  }

  async dump(): Promise<ArrayBuffer> {
    const bytes = this.sqlite.serialize();
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }

  close(): void {
    this.cache.clear();
    if (this.sqlite.open) this.sqlite.close();
  }
}

export function openD1(file: string, options?: SqliteD1Options): D1Database & SqliteD1 {
  return new SqliteD1(file, options) as unknown as D1Database & SqliteD1;
}
