import type { Compilable } from "kysely";
import { commitAudited, type Actor, type AuditEntry } from "../audit/append";
import { atomic, createKysely, type Queries } from "./kysely";
import type { PlatformDB } from "./schema";

type PlatformTable = keyof PlatformDB & string;

/**
 * Statements for the PLATFORM registry compiled without a database: for code that
 * hands them to a batch elsewhere (tenant files, provisioning, the demo seed).
 */
export const platformSql: Queries<PlatformDB> = createKysely<PlatformDB>(null as unknown as D1Database);

/**
 * The one way to reach the PLATFORM registry database (districts, hostnames, the
 * account directory, operators), as DistrictData is for a district's shard. Reads and
 * housekeeping go through the builders and read()/writeUnaudited(); an operator's state
 * change goes through write(), atomically with its event in the platform audit chain.
 */
export class PlatformData {
  private readonly db: Queries<PlatformDB>;

  constructor(private readonly d1: D1Database) {
    this.db = createKysely<PlatformDB>(d1);
  }

  selectFrom<T extends PlatformTable>(table: T) {
    return this.db.selectFrom(table);
  }

  insertInto<T extends PlatformTable>(table: T) {
    return this.db.insertInto(table);
  }

  updateTable<T extends PlatformTable>(table: T) {
    return this.db.updateTable(table);
  }

  deleteFrom<T extends PlatformTable>(table: T) {
    return this.db.deleteFrom(table);
  }

  /** Several reads in one round trip. */
  read<Row = Record<string, unknown>>(queries: readonly Compilable[]): Promise<Row[][]> {
    return atomic<Row>(this.d1, queries);
  }

  /** Writes with no person behind them (sign-in bookkeeping, applying tenant files). */
  writeUnaudited<Row = Record<string, unknown>>(queries: readonly Compilable[]): Promise<Row[][]> {
    return atomic<Row>(this.d1, queries);
  }

  /** An operator's state change: the queries and its platform audit event, atomically. */
  write<Row = Record<string, unknown>>(queries: readonly Compilable[], actor: Actor, entry: AuditEntry): Promise<Row[][]> {
    return commitAudited<Row>({ chain: "platform", d1: this.d1, table: "platform_audit_events", scope: {} }, queries, actor, entry);
  }
}

/** The registry database of this deployment. */
export function platformData(env: { PLATFORM: D1Database }): PlatformData {
  return new PlatformData(env.PLATFORM);
}
