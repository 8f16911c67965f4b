import {
  sql,
  type Compilable,
  type CompiledQuery,
  type DeleteQueryBuilder,
  type DeleteResult,
  type Insertable,
  type Kysely,
  type SelectQueryBuilder,
  type UpdateQueryBuilder,
  type UpdateResult,
} from "kysely";
import { commitAudited, type Actor, type AuditEntry } from "../audit/append";
import type { District } from "../tenancy/registry";
import { isCheckViolation } from "./db-errors";
import { atomic, createKysely } from "./kysely";
import type { DistrictDB, DistrictTable } from "./schema";

/** A guarded write found the record changed (or in another state) since it was read. */
export class PreconditionFailed extends Error {
  constructor() {
    super("precondition failed");
  }
}

type AnyBuilder = { where(lhs: unknown, op: "=", rhs: string): unknown };
type NewRow<T extends DistrictTable> = Omit<Insertable<DistrictDB[T]>, "district_id">;

/**
 * The only door to a district's data. Handlers receive one per request, already bound
 * to the resolved district and its shard; every builder it hands out is filtered on
 * (or stamps) district_id, so a handler cannot forget the filter. Joins reach other
 * rows through (district_id, id) foreign keys, which cannot point across districts.
 *
 * Raw Kysely for the shard is deliberately not exposed.
 */
export class DistrictData {
  readonly districtId: string;
  private readonly db: Kysely<DistrictDB>;
  actor: Actor = { id: null, role: "public", requestId: null };

  constructor(
    readonly district: District,
    private readonly d1: D1Database,
  ) {
    this.districtId = district.code;
    this.db = createKysely<DistrictDB>(d1);
  }

  // The casts only restate what Kysely infers for a single table; TypeScript cannot
  // pick a `where` overload on a builder whose table is still a type parameter.
  selectFrom<T extends DistrictTable>(table: T): SelectQueryBuilder<DistrictDB, T, {}> {
    const builder = this.db.selectFrom(table) as unknown as AnyBuilder;
    return builder.where(sql.ref(`${table}.district_id`), "=", this.districtId) as SelectQueryBuilder<DistrictDB, T, {}>;
  }

  insertInto<T extends DistrictTable>(table: T, rows: NewRow<T> | readonly NewRow<T>[]) {
    const list = (Array.isArray(rows) ? rows : [rows]) as NewRow<T>[];
    const stamped = list.map((row) => ({ ...row, district_id: this.districtId })) as unknown as Insertable<DistrictDB[T]>[];
    return this.db.insertInto(table).values(stamped as never);
  }

  updateTable<T extends DistrictTable>(table: T): UpdateQueryBuilder<DistrictDB, T, T, UpdateResult> {
    const builder = this.db.updateTable(table) as unknown as AnyBuilder;
    return builder.where(sql.ref(`${table}.district_id`), "=", this.districtId) as UpdateQueryBuilder<DistrictDB, T, T, UpdateResult>;
  }

  deleteFrom<T extends DistrictTable>(table: T): DeleteQueryBuilder<DistrictDB, T, DeleteResult> {
    const builder = this.db.deleteFrom(table) as unknown as AnyBuilder;
    return builder.where(sql.ref(`${table}.district_id`), "=", this.districtId) as DeleteQueryBuilder<DistrictDB, T, DeleteResult>;
  }

  /** Several reads in one round trip (a page's data in one D1 call). */
  read<Row = Record<string, unknown>>(queries: readonly Compilable[]): Promise<Row[][]> {
    return atomic<Row>(this.d1, queries);
  }

  /** Writes with no user behind them (housekeeping such as expired sessions). */
  writeUnaudited(queries: readonly Compilable[]) {
    return atomic(this.d1, queries);
  }

  /**
   * A statement for write(): the whole batch rolls back, and write() throws
   * PreconditionFailed, unless `condition` still returns a row when the batch runs.
   * This is how a change says "only if the record is still in the state and version I
   * read" (optimistic concurrency) without interactive transactions.
   */
  guard(condition: Compilable): Compilable {
    const inner = condition.compile();
    const compiled = {
      sql: `insert into "write_guards" ("ok") select 0 where not exists (${inner.sql})`,
      parameters: inner.parameters,
      query: inner.query,
      queryId: inner.queryId,
    } as CompiledQuery;
    return { compile: () => compiled };
  }

  /** A user's state change: the queries and the audit event, atomically. */
  async write<Row = Record<string, unknown>>(queries: readonly Compilable[], entry: AuditEntry): Promise<Row[][]> {
    try {
      return await this.commitWrite<Row>(queries, entry);
    } catch (error) {
      if (isCheckViolation(error, /^(write_guards|ok = 1)/)) throw new PreconditionFailed();
      throw error;
    }
  }

  private commitWrite<Row>(queries: readonly Compilable[], entry: AuditEntry): Promise<Row[][]> {
    return commitAudited<Row>(
      { chain: this.districtId, d1: this.d1, table: "audit_events", scope: { district_id: this.districtId } },
      queries,
      this.actor,
      entry,
    );
  }
}
