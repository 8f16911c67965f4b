import { sql, type Compilable } from "kysely";
import { isNotNullViolation } from "../data/db-errors";
import { fixedStatements } from "../data/fixed-statements";
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

/**
 * How long a write keeps retrying lost races before it is refused. Writes from one
 * isolate never race each other (they take turns below); only another isolate or
 * process appending to the same chain makes a batch roll back. A busy one that keeps its
 * head in memory can win many rounds in a row, so the bound is a time, not a count.
 */
const RACE_BUDGET_MS = 20_000;
/** The longest random pause after a lost race: long enough to fall into a gap between another writer's appends. */
const MAX_PAUSE_MS = 250;
/**
 * How long a write may hold its chain before the next one in line goes ahead anyway: a
 * request cancelled mid-write never hands its turn on. Going ahead early is safe (the
 * insert below refuses a stale head and the batch is retried), so this only bounds how
 * long a vanished request can hold the others up.
 */
const STALL_MS = 5_000;

const compiler = createKysely<Record<string, never>>(null as unknown as D1Database);

// Per isolate: the newest event of each chain this isolate wrote, and who holds each
// chain's turn with the writes queued behind it. Writes to one chain take turns inside
// an isolate, so they never race each other for the next seq and need no extra read of
// the head; isolates still race, and the insert below makes any stale head fail.
const knownHeads = new Map<string, Head>();

interface Turn {
  /** When this write was given the turn (0 while it waits). */
  since: number;
}

interface Lane {
  holder: Turn | null;
  queue: Turn[];
}

const lanes = new Map<string, Lane>();

/**
 * How often a queued write looks whether the turn is its own. The previous holder cannot
 * wake it: a promise resolved from another request's handler resumes in that request's
 * context, and Workers refuse the woken write's I/O ("Cannot perform I/O on behalf of a
 * different request"). So each waiter watches with timers of its own request.
 *
 * The first in line is handed the turn next, and the chain stands idle from the hand-over
 * until it looks, so it looks every millisecond. A write further back cannot have the turn
 * before those ahead of it have had theirs, so it looks less often the further back it
 * is: with sixteen saves at once, every waiter looking every 2 ms was about a tenth of the
 * isolate's CPU (timers and these checks), taken from the requests that do the work.
 * Looking with no pause at all halved the saves' rate.
 */
const FIRST_IN_LINE_WATCH_MS = 1;
const MOST_WATCH_MS = 16;
const watchEvery = (position: number) => (position <= 0 ? FIRST_IN_LINE_WATCH_MS : Math.min(2 * position, MOST_WATCH_MS));

/**
 * Runs `work` when it is this write's turn on the chain. A queued write waits however
 * long the queue is (waiting is not failing). The holder hands the turn to the first in
 * line by naming it, and the first in line also takes the turn over once the holder has
 * held it for STALL_MS: a vanished request holds the chain up once, never for good, and
 * a slow queue never turns into a crowd of writes racing for the same seq.
 */
async function inTurn<T>(key: string, work: () => Promise<T>): Promise<T> {
  const lane = lanes.get(key) ?? { holder: null, queue: [] };
  lanes.set(key, lane);
  const turn: Turn = { since: 0 };
  if (lane.holder === null) {
    turn.since = Date.now();
    lane.holder = turn;
  } else {
    const current = lane;
    current.queue.push(turn);
    await new Promise<void>((resolve) => {
      const watch = () => {
        if (current.holder === turn) return resolve();
        const holder = current.holder;
        const position = current.queue.indexOf(turn);
        // The first in line takes over a stalled turn; the next one only if the first
        // has vanished as well, and so on, so one stall never releases a crowd.
        if (position >= 0 && (holder === null || Date.now() - holder.since >= STALL_MS * (position + 1))) {
          current.queue.splice(position, 1);
          turn.since = Date.now();
          current.holder = turn;
          return resolve();
        }
        setTimeout(watch, watchEvery(position));
      };
      setTimeout(watch, watchEvery(current.queue.length - 1));
    });
  }
  try {
    return await work();
  } finally {
    const current = lanes.get(key);
    // A write whose turn was taken over hands nothing on: the turn is someone else's now.
    if (current?.holder === turn) {
      const next = current.queue.shift();
      if (next) {
        next.since = Date.now();
        current.holder = next;
      } else {
        lanes.delete(key);
      }
    }
  }
}

function scopeConditions(scope: ChainStore["scope"]) {
  return sql.join(
    Object.entries(scope).map(([column, value]) => sql`${sql.ref(column)} = ${value} AND `),
    sql``,
  );
}

function readHead(store: ChainStore): Promise<Head | undefined> {
  const query = sql<Head>`SELECT seq, hash FROM ${sql.table(store.table)} WHERE ${scopeConditions(store.scope)} 1 = 1 ORDER BY seq DESC LIMIT 1`.compile(compiler);
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
  const first = event.seq === 1;
  return eventInserts[store.table]({ scope: store.scope, row: { ...store.scope, ...fields, hash }, prevSeq: first ? undefined : event.seq - 1, prevHash: first ? undefined : prev_hash })[0]!;
}

// Every audited write appends an event: its INSERT is built once per table and shape.
const eventInserts = { audit_events: eventInsertOf("audit_events"), platform_audit_events: eventInsertOf("platform_audit_events") };

function eventInsertOf(table: ChainStore["table"]) {
  return fixedStatements(`audit.${table}`, (p: { scope: Record<string, string>; row: Record<string, string | number | null>; prevSeq: number | undefined; prevHash: string | undefined }) => {
    const columns = Object.keys(p.row);
    const predecessor = p.prevSeq === undefined ? sql`${GENESIS_HASH}` : sql`(SELECT hash FROM ${sql.table(table)} WHERE ${scopeConditions(p.scope)} seq = ${p.prevSeq} AND hash = ${p.prevHash})`;
    const query = sql`INSERT INTO ${sql.table(table)} (${sql.join([...columns, "prev_hash"].map((c) => sql.ref(c)))}) SELECT ${sql.join(columns.map((c) => sql`${p.row[c]}`))}, ${predecessor}`;
    return [{ compile: () => query.compile(compiler) }];
  });
}

function lostRace(error: unknown, table: string): boolean {
  return isUniqueViolation(error, table) || isNotNullViolation(error, `${table}.prev_hash`);
}

/**
 * Applies `queries` and appends the audit event in one atomic batch, so no change is
 * ever stored without its audit event. The chain stays linear: a batch that chained to
 * a head that is no longer the newest rolls back whole and is retried on the new head.
 *
 * A write holds its chain's turn only while it builds its event and sends its batch, not
 * while D1 answers: the next write chains to this event's hash at once, and its batch
 * follows this one. D1 applies them in the order they arrive; one that arrives first, or
 * follows a batch that rolled back, finds its predecessor missing, fails as a lost race
 * and is retried on the head as stored. Waiting for each answer before the next write
 * could start held every audited write of a district to one D1 round trip at a time.
 */
export async function commitAudited<Row>(store: ChainStore, queries: readonly Compilable[], actor: Actor, entry: AuditEntry): Promise<Row[][]> {
  const key = `${store.table}:${store.chain}`;
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    const sent = await inTurn(key, async () => {
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
      const mine: Head = { seq: event.seq, hash };
      knownHeads.set(key, mine);
      // Sent now, answered outside the turn; settled here so that a failure is never unhandled.
      const outcome = atomic<Row>(store.d1, [...queries, insertEvent(store, event, hash)]).then(
        (results) => ({ results }),
        (error: unknown) => ({ error }),
      );
      return { mine, outcome };
    });
    const answer = await sent.outcome;
    if ("results" in answer) return answer.results.slice(0, queries.length);
    // Not stored: unless a later write has already chained on (and will fail and say so), the head is unknown again.
    if (knownHeads.get(key) === sent.mine) knownHeads.delete(key);
    const error = answer.error;
    if (!lostRace(error, store.table)) throw error;
    if (Date.now() - started >= RACE_BUDGET_MS) throw error;
    // A writer that keeps its head in memory skips the read and wins most races; a
    // random pause, growing with each loss, lets the loser fall into a gap between
    // the winner's appends and stops two busy writers from colliding in step.
    await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(2 ** attempt, MAX_PAUSE_MS)));
  }
}
