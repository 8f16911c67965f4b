import { sql, type Compilable } from "kysely";
import { isNotNullViolation } from "../data/db-errors";
import { atomic, createKysely, isUniqueViolation } from "../data/kysely";
import { newId } from "../lib/ids";
import { nowIso } from "../lib/time";
import { eventHash, GENESIS_HASH, type ChainedEvent } from "./chain";

/** Who did it: set once per request from the session (or "public" for visitors). */
/** Who a request or job acts as: fixed when the request's DistrictData is made, never changed. */
export interface Actor {
  readonly id: string | null;
  readonly role: string;
  readonly requestId: string | null;
}

/** What a state change did, in words an auditor can read. No secrets, no full ID numbers. */
export interface AuditEntry {
  action: string; // dotted verb, e.g. "auth.password_changed"
  targetType: string;
  targetId?: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  note?: string;
}

export interface ChainStore {
  /** The chain's name (district code or "platform"), as hashed into every event. */
  chain: string;
  d1: D1Database;
  /** The table holding the chain, and the columns that scope it (district_id for a district). */
  table: "audit_events" | "platform_audit_events";
  scope: Record<string, string>;
}

interface Head {
  seq: number;
  hash: string;
}

const MAX_ATTEMPTS = 12;
/** How long a write waits for the one before it in this isolate before trying anyway. */
const TURN_WAIT_MS = 2_000;

const compiler = createKysely<Record<string, never>>(null as unknown as D1Database);

// Per isolate: the newest event of each chain this isolate wrote, and the tail of the
// queue of writes waiting for their turn. Writes to one chain take turns inside an
// isolate, so they never race each other for the next seq and need no extra read of
// the head; isolates still race, and the insert below makes any stale head fail.
const knownHeads = new Map<string, Head>();
const turns = new Map<string, Promise<void>>();

function inTurn<T>(key: string, work: () => Promise<T>): Promise<T> {
  const previous = turns.get(key) ?? Promise.resolve();
  let timer: ReturnType<typeof setTimeout> | undefined;
  // A request cancelled mid-write must not stall the others: wait a bounded time.
  const waited = Promise.race([previous, new Promise<void>((resolve) => (timer = setTimeout(resolve, TURN_WAIT_MS)))]).finally(() => {
    if (timer !== undefined) clearTimeout(timer);
  });
  const run = waited.then(work);
  const done = run.then(
    () => undefined,
    () => undefined,
  );
  turns.set(key, done);
  void done.then(() => {
    if (turns.get(key) === done) turns.delete(key);
  });
  return run;
}

/** "district_id = ? AND " for a district's chain, nothing for the platform's. */
function scopeConditions(store: ChainStore) {
  return sql.join(
    Object.entries(store.scope).map(([column, value]) => sql`${sql.ref(column)} = ${value} AND `),
    sql``,
  );
}

function readHead(store: ChainStore): Promise<Head | undefined> {
  const query = sql<Head>`SELECT seq, hash FROM ${sql.table(store.table)} WHERE ${scopeConditions(store)} 1 = 1 ORDER BY seq DESC LIMIT 1`.compile(compiler);
  return store.d1
    .prepare(query.sql)
    .bind(...query.parameters)
    .first<Head>()
    .then((row) => row ?? undefined);
}

/**
 * The event's INSERT. Its prev_hash is read from the stored predecessor (seq - 1 with
 * the hash we chained to), not taken on trust: when the head we knew is no longer the
 * chain's head, the predecessor is missing or different, prev_hash comes out NULL and
 * the NOT NULL constraint rolls the whole batch back; a taken seq fails on the key.
 */
function insertEvent(store: ChainStore, event: ChainedEvent, hash: string): Compilable {
  const { chain: _chain, prev_hash, ...fields } = event;
  const row: Record<string, string | number | null> = { ...store.scope, ...fields, hash };
  const columns = Object.keys(row);
  const predecessor = event.seq === 1 ? sql`${GENESIS_HASH}` : sql`(SELECT hash FROM ${sql.table(store.table)} WHERE ${scopeConditions(store)} seq = ${event.seq - 1} AND hash = ${prev_hash})`;
  const query = sql`INSERT INTO ${sql.table(store.table)} (${sql.join([...columns, "prev_hash"].map((c) => sql.ref(c)))}) SELECT ${sql.join(columns.map((c) => sql`${row[c]}`))}, ${predecessor}`;
  return { compile: () => query.compile(compiler) };
}

function lostRace(error: unknown, table: string): boolean {
  return isUniqueViolation(error, table) || isNotNullViolation(error, `${table}.prev_hash`);
}

/**
 * Applies `queries` and appends the audit event in one atomic batch, so no change is
 * ever stored without its audit event. The chain stays linear: a batch that chained to
 * a head that is no longer the newest rolls back whole and is retried on the new head.
 */
export function commitAudited<Row>(store: ChainStore, queries: readonly Compilable[], actor: Actor, entry: AuditEntry): Promise<Row[][]> {
  const key = `${store.table}:${store.chain}`;
  return inTurn(key, async () => {
    for (let attempt = 1; ; attempt++) {
      const head = knownHeads.get(key) ?? (await readHead(store));
      const event: ChainedEvent = {
        chain: store.chain,
        seq: (head?.seq ?? 0) + 1,
        id: newId(),
        at: nowIso(),
        actor_id: actor.id,
        actor_role: actor.role,
        action: entry.action,
        target_type: entry.targetType,
        target_id: entry.targetId ?? null,
        summary_json: JSON.stringify({
          ...(entry.before !== undefined ? { before: entry.before } : {}),
          ...(entry.after !== undefined ? { after: entry.after } : {}),
          ...(entry.note !== undefined ? { note: entry.note } : {}),
        }),
        request_id: actor.requestId,
        prev_hash: head?.hash ?? GENESIS_HASH,
      };
      const hash = await eventHash(event);
      try {
        const results = await atomic<Row>(store.d1, [...queries, insertEvent(store, event, hash)]);
        knownHeads.set(key, { seq: event.seq, hash });
        return results.slice(0, queries.length);
      } catch (error) {
        if (!lostRace(error, store.table)) throw error;
        knownHeads.delete(key);
        if (attempt >= MAX_ATTEMPTS) throw error;
        // A writer that keeps its head in memory skips the read and wins most races;
        // a short random pause stops two busy writers from colliding in step.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 2 ** Math.min(attempt, 4)));
      }
    }
  });
}
