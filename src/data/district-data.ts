import { sql, type Compilable, type CompiledQuery, type DeleteQueryBuilder, type DeleteResult, type Insertable, type SelectQueryBuilder, type UpdateQueryBuilder, type UpdateResult } from "kysely";
import { commitAudited, type Actor, type AuditEntry } from "../audit/append";
import { AppError } from "../http/errors";
import type { District } from "../district-lookup/district-registry";
import { constraintViolation } from "./db-errors";
import { fixedStatements, type FixedParams } from "./fixed-statements";
import { atomic, createKysely, type Queries } from "./kysely";
import type { DistrictDB, DistrictTable } from "./schema";

/** The default answer to a stale write: the record changed since the person read it. */
export const changedSinceRead = (): AppError => new AppError({ status: 409, code: "conflict", message: "error.conflict" });

/**
 * How write() answers a write the database refused because what it was based on no
 * longer holds: a guard() that found no row, or a trigger or unique key that enforces a
 * rule under concurrency (RAISE(ABORT, 'posts.version_conflict'), …).
 */
export interface WriteOptions {
  /** The error for a failed guard or a version trigger; changedSinceRead() when omitted. */
  stale?: () => AppError;
  /**
   * Errors for named database rules: a trigger's "table.rule" ("post_assignments.headcount_full")
   * or a unique key as "unique:table" or "unique:table.column". A rule named here wins over
   * `stale`; a rule not named (and not a version conflict) is rethrown as it is.
   */
  rules?: Readonly<Record<string, () => AppError>>;
}

/** The rule a refused write broke: "guard", "unique:<columns>" or a trigger's "table.rule". */
export function brokenRule(error: unknown): string | null {
  const violation = constraintViolation(error);
  if (violation?.kind === "check" && /^(write_guards|ok = 1)/.test(violation.detail)) return "guard";
  if (violation?.kind === "unique") return `unique:${violation.detail}`;
  const trigger = violation?.kind === "trigger" ? /\b([a-z_]+)\.([a-z_]+)\b/.exec(violation.detail) : null;
  return trigger ? `${trigger[1]}.${trigger[2]}` : null;
}

// Unique keys list every column, district_id first ("unique:social_workers.district_id,
// social_workers.certificate_no"): "unique:table" names any key of the table,
// "unique:table.column" any key with that column.
function ruleMatches(name: string, rule: string): boolean {
  if (!name.startsWith("unique:")) return rule === name;
  if (!rule.startsWith("unique:")) return false;
  const wanted = name.slice(7);
  return rule
    .slice(7)
    .split(", ")
    .some((column) => column === wanted || column.startsWith(`${wanted}.`));
}

const isStale = (rule: string) => rule === "guard" || rule.endsWith(".version_conflict");

type AnyBuilder = { where(lhs: unknown, op: "=", rhs: string): unknown };
// biome-ignore lint/complexity/noBannedTypes: Kysely's own type for a query that selects no column yet
type NothingSelected = {};
type NewRow<T extends DistrictTable> = Omit<Insertable<DistrictDB[T]>, "district_id">;

// A request makes up to three DistrictData (anonymous, signed in, acting under a grant):
// they share one Kysely per shard binding instead of building one each.
const kyselies = new WeakMap<D1Database, Queries<DistrictDB>>();
function kyselyOf(d1: D1Database): Queries<DistrictDB> {
  const known = kyselies.get(d1);
  if (known) return known;
  const db = createKysely<DistrictDB>(d1);
  kyselies.set(d1, db);
  return db;
}

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
  private readonly db: Queries<DistrictDB>;

  constructor(
    readonly district: District,
    private readonly d1: D1Database,
    /** Who every write() through this object is audited as. */
    readonly actor: Actor = { id: null, role: "public", requestId: null },
  ) {
    this.districtId = district.code;
    this.db = kyselyOf(d1);
  }

  /** The same district's data acting as someone else: a new object, this one is unchanged. */
  as(actor: Actor): DistrictData {
    return new DistrictData(this.district, this.d1, actor);
  }

  /** Acting as the platform itself (time-driven rules), within the same request or run. */
  asSystem(): DistrictData {
    return this.as({ id: null, role: "system", requestId: this.actor.requestId });
  }

  // The casts only restate what Kysely infers for a single table; TypeScript cannot
  // pick a `where` overload on a builder whose table is still a type parameter.
  selectFrom<T extends DistrictTable>(table: T): SelectQueryBuilder<DistrictDB, T, NothingSelected> {
    const builder = this.db.selectFrom(table) as unknown as AnyBuilder;
    return builder.where(sql.ref(`${table}.district_id`), "=", this.districtId) as SelectQueryBuilder<DistrictDB, T, NothingSelected>;
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
   * A statement for write(): the whole batch rolls back, and write() answers its `stale`
   * error (writeIfCurrent() answers null), unless `condition` still returns a row when
   * the batch runs.
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

  /**
   * A user's state change: the queries and the audit event, atomically. A stale write or a
   * broken database rule becomes the user-facing error chosen by `options`.
   */
  async write<Row = Record<string, unknown>>(queries: readonly Compilable[], entry: AuditEntry, options: WriteOptions = {}): Promise<Row[][]> {
    const result = await this.writeIfCurrent<Row>(queries, entry, options);
    if (result === null) throw (options.stale ?? changedSinceRead)();
    return result;
  }

  /**
   * As write(), but a stale write answers null: for work with nothing left to do when
   * someone else acted first (a job settling an item twice), or a page that re-renders.
   */
  async writeIfCurrent<Row = Record<string, unknown>>(queries: readonly Compilable[], entry: AuditEntry, options: Pick<WriteOptions, "rules"> = {}): Promise<Row[][] | null> {
    try {
      return await this.commitWrite<Row>(queries, entry);
    } catch (error) {
      const rule = brokenRule(error);
      if (rule === null) throw error;
      for (const [name, make] of Object.entries(options.rules ?? {})) if (ruleMatches(name, rule)) throw make();
      if (isStale(rule)) return null;
      throw error;
    }
  }

  private commitWrite<Row>(queries: readonly Compilable[], entry: AuditEntry): Promise<Row[][]> {
    return commitAudited<Row>({ chain: this.districtId, d1: this.d1, table: "audit_events", scope: { district_id: this.districtId } }, queries, this.actor, entry);
  }
}

const DISTRICT = "$district";
/** Statements are only compiled on a template, never run: it needs no database. */
const TEMPLATE_SHARD = {} as D1Database;

/**
 * Statements of a fixed shape on a district's tables, built and compiled once per shape
 * (src/data/fixed-statements.ts): for the writes that run many times a minute. `build`
 * receives a DistrictData standing for whichever district a call is for, and the call's
 * parameters, which it must place as they are.
 */
export function districtStatements<P extends FixedParams>(name: string, build: (data: DistrictData, p: P) => readonly Compilable[]): (data: DistrictData, params: P) => Compilable[] {
  const fixed = fixedStatements(name, (p: P & { [DISTRICT]: string }) => build(new DistrictData({ code: p[DISTRICT] } as District, TEMPLATE_SHARD), p));
  return (data, params) => fixed({ ...params, [DISTRICT]: data.districtId });
}
