// Cloudflare Queues on Node: every [[queues.producers]] binding of wrangler.toml becomes
// a producer with the Queue API (send, sendBatch), and every [[queues.consumers]] entry a
// consumer loop that hands batches to the Worker's own queue(batch, env, ctx) handler.
// Messages live in the server's own SQLite file (<data>/queues.sqlite, not a district
// shard), so nothing sent is lost when the process stops; a batch is claimed under a
// lease, and a process that dies mid-batch leaves its messages to be delivered again
// when the lease runs out (at-least-once, as on Cloudflare). Several processes may share
// the file: claims are transactions.
//
// Delivery follows Cloudflare's rules: a handler that returns acknowledges every message
// it did not retry; one that throws retries every message it did not acknowledge; per
// message the first ack() or retry() counts. A message retried more than max_retries
// times goes to the consumer's dead_letter_queue, or, with none declared, to the
// queue_dead_letters table, where an operator can read it (Cloudflare would drop it).
import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { deserialize, serialize } from "node:v8";
import Database from "better-sqlite3";
import type { QueueConsumerConfig, QueuesConfig } from "./config";
import { NodeExecutionContext } from "./runtime";

type ContentType = "json" | "text" | "bytes" | "v8";
interface SendOptions {
  contentType?: ContentType;
  delaySeconds?: number;
}
interface Row {
  id: string;
  queue: string;
  body: Buffer;
  content_type: ContentType;
  attempts: number;
  sent_at: number;
}

// Cloudflare's limits, so a message accepted here would be accepted there too.
export const QUEUE_LIMITS = { messageBytes: 128 * 1024, batchMessages: 100, batchBytes: 256 * 1024, delaySeconds: 43_200 } as const;

function encode(body: unknown, contentType: ContentType): Buffer {
  switch (contentType) {
    case "json":
      return Buffer.from(JSON.stringify(body), "utf8");
    case "text":
      if (typeof body !== "string") throw new TypeError('Queue send: contentType "text" needs a string body');
      return Buffer.from(body, "utf8");
    case "bytes":
      if (!(body instanceof ArrayBuffer) && !ArrayBuffer.isView(body)) throw new TypeError('Queue send: contentType "bytes" needs an ArrayBuffer or view');
      return Buffer.from(body instanceof ArrayBuffer ? new Uint8Array(body) : new Uint8Array(body.buffer, body.byteOffset, body.byteLength));
    case "v8":
      return serialize(body);
    default:
      throw new TypeError(`Queue send: unknown contentType ${String(contentType)}`);
  }
}

function decode(row: Row): unknown {
  switch (row.content_type) {
    case "json":
      return JSON.parse(row.body.toString("utf8"));
    case "text":
      return row.body.toString("utf8");
    case "bytes":
      return new Uint8Array(row.body).buffer;
    default:
      return deserialize(row.body);
  }
}

function delayOf(seconds: number | undefined): number {
  const s = seconds ?? 0;
  if (!Number.isFinite(s) || s < 0 || s > QUEUE_LIMITS.delaySeconds) throw new RangeError(`Queue: delaySeconds must be 0 to ${QUEUE_LIMITS.delaySeconds}`);
  return s * 1000;
}

/** The persistent message store shared by producers and consumers. */
export class QueueStore {
  readonly db: Database.Database;
  private readonly listeners = new Set<() => void>();
  /** Counts sends in this process, so a consumer going idle can tell it missed none. */
  sends = 0;

  constructor(file: string) {
    if (file !== ":memory:") mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("busy_timeout = 5000");
    this.db.exec(`CREATE TABLE IF NOT EXISTS queue_messages (
      id TEXT PRIMARY KEY, queue TEXT NOT NULL, body BLOB NOT NULL, content_type TEXT NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0, sent_at INTEGER NOT NULL, visible_at INTEGER NOT NULL,
      lease TEXT
    );
    CREATE INDEX IF NOT EXISTS queue_messages_due ON queue_messages (queue, visible_at);
    CREATE TABLE IF NOT EXISTS queue_dead_letters (
      id TEXT PRIMARY KEY, queue TEXT NOT NULL, body BLOB NOT NULL, content_type TEXT NOT NULL,
      attempts INTEGER NOT NULL, sent_at INTEGER NOT NULL, failed_at INTEGER NOT NULL, last_error TEXT
    );`);
  }

  /** Called after every send, so an idle consumer in this process wakes at once. */
  onSend(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  enqueue(queue: string, messages: { body: unknown; contentType?: ContentType; delaySeconds?: number }[], batchDelaySeconds?: number): void {
    if (messages.length > QUEUE_LIMITS.batchMessages) throw new RangeError(`Queue sendBatch: at most ${QUEUE_LIMITS.batchMessages} messages`);
    const now = Date.now();
    const rows = messages.map((m) => {
      const body = encode(m.body, m.contentType ?? "v8");
      if (body.byteLength > QUEUE_LIMITS.messageBytes) throw new RangeError(`Queue send: a message is at most ${QUEUE_LIMITS.messageBytes} bytes`);
      return { id: randomUUID().replaceAll("-", ""), queue, body, content_type: m.contentType ?? "v8", sent_at: now, visible_at: now + delayOf(m.delaySeconds ?? batchDelaySeconds) };
    });
    if (rows.reduce((n, r) => n + r.body.byteLength, 0) > QUEUE_LIMITS.batchBytes) throw new RangeError(`Queue sendBatch: at most ${QUEUE_LIMITS.batchBytes} bytes in all`);
    const insert = this.db.prepare("INSERT INTO queue_messages (id, queue, body, content_type, sent_at, visible_at) VALUES (@id, @queue, @body, @content_type, @sent_at, @visible_at)");
    this.db
      .transaction(() => {
        for (const r of rows) insert.run(r);
      })
      .immediate();
    this.sends++;
    for (const listener of this.listeners) listener();
  }

  /**
   * Claims up to `max` due messages of a queue under a new lease (their attempt counted),
   * or none while fewer than `max` are due and the oldest has waited less than `waitMs`.
   */
  claim(queue: string, max: number, waitMs: number, leaseMs: number, now = Date.now()): { lease: string; rows: Row[] } | null {
    return this.db
      .transaction(() => {
        const due = this.db.prepare("SELECT id, queue, body, content_type, attempts, sent_at, visible_at FROM queue_messages WHERE queue = ? AND visible_at <= ? ORDER BY visible_at, rowid LIMIT ?").all(queue, now, max) as (Row & {
          visible_at: number;
        })[];
        if (due.length === 0) return null;
        if (due.length < max && now - due[0]!.visible_at < waitMs) return null;
        const lease = randomUUID();
        const take = this.db.prepare("UPDATE queue_messages SET lease = ?, attempts = attempts + 1, visible_at = ? WHERE id = ?");
        for (const row of due) take.run(lease, now + leaseMs, row.id);
        return { lease, rows: due.map((r) => ({ ...r, attempts: r.attempts + 1 })) };
      })
      .immediate();
  }

  /** Settles a delivered batch: acknowledged messages go, retried ones come back later or die. */
  settle(lease: string, outcome: { acked: string[]; retried: { id: string; delayMs: number }[]; error: string | null }, consumer: QueueConsumerConfig, now = Date.now()): void {
    const mine = (id: string) => this.db.prepare("SELECT id, queue, body, content_type, attempts, sent_at FROM queue_messages WHERE id = ? AND lease = ?").get(id, lease) as Row | undefined;
    this.db
      .transaction(() => {
        for (const id of outcome.acked) this.db.prepare("DELETE FROM queue_messages WHERE id = ? AND lease = ?").run(id, lease);
        for (const { id, delayMs } of outcome.retried) {
          const row = mine(id);
          if (!row) continue; // the lease ran out and another delivery owns it now
          if (row.attempts > consumer.maxRetries) {
            this.db.prepare("DELETE FROM queue_messages WHERE id = ?").run(id);
            if (consumer.deadLetterQueue) {
              this.db
                .prepare("INSERT INTO queue_messages (id, queue, body, content_type, sent_at, visible_at) VALUES (?, ?, ?, ?, ?, ?)")
                .run(randomUUID().replaceAll("-", ""), consumer.deadLetterQueue, row.body, row.content_type, now, now);
            } else {
              this.db
                .prepare("INSERT INTO queue_dead_letters (id, queue, body, content_type, attempts, sent_at, failed_at, last_error) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .run(row.id, row.queue, row.body, row.content_type, row.attempts, row.sent_at, now, outcome.error);
            }
          } else this.db.prepare("UPDATE queue_messages SET lease = NULL, visible_at = ? WHERE id = ?").run(now + delayMs, id);
        }
      })
      .immediate();
    if (consumer.deadLetterQueue) this.sends++;
    if (consumer.deadLetterQueue) for (const listener of this.listeners) listener();
  }

  deadLetters(queue?: string): { id: string; queue: string; body: unknown; attempts: number; lastError: string | null }[] {
    const rows = (queue ? this.db.prepare("SELECT * FROM queue_dead_letters WHERE queue = ? ORDER BY failed_at, id").all(queue) : this.db.prepare("SELECT * FROM queue_dead_letters ORDER BY failed_at, id").all()) as (Row & {
      last_error: string | null;
    })[];
    return rows.map((r) => ({ id: r.id, queue: r.queue, body: decode(r), attempts: r.attempts, lastError: r.last_error }));
  }

  pending(queue: string): number {
    return (this.db.prepare("SELECT count(*) AS n FROM queue_messages WHERE queue = ?").get(queue) as { n: number }).n;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

/** A producer binding with Cloudflare's Queue interface. */
export class NodeQueue {
  constructor(
    private readonly store: QueueStore,
    readonly queue: string,
  ) {}

  async send(body: unknown, options: SendOptions = {}): Promise<void> {
    this.store.enqueue(this.queue, [{ body, ...options }]);
  }

  async sendBatch(messages: Iterable<{ body: unknown; contentType?: ContentType; delaySeconds?: number }>, options: { delaySeconds?: number } = {}): Promise<void> {
    this.store.enqueue(this.queue, [...messages], options.delaySeconds);
  }
}

/** The Worker's queue handler, as the default export declares it. */
export type QueueHandler = (batch: MessageBatch<unknown>, env: unknown, ctx: ExecutionContext) => Promise<void> | void;

export interface ConsumerOptions {
  /** How often an idle consumer looks for due messages (a send in this process wakes it at once). */
  pollMs?: number;
  /** How long a claimed batch stays invisible to other processes before it is delivered again. */
  leaseMs?: number;
  /** The first retry's delay when the consumer declares no retry_delay; doubled each attempt, at most an hour. */
  backoffBaseMs?: number;
}

function backoff(consumer: QueueConsumerConfig, attempts: number, options: ConsumerOptions): number {
  if (consumer.retryDelay !== null) return consumer.retryDelay * 1000;
  return Math.min((options.backoffBaseMs ?? 1000) * 2 ** (attempts - 1), 3_600_000);
}

/** Delivers one claimed batch to the handler and settles it; false when nothing was due. */
export async function deliverOnce(store: QueueStore, consumer: QueueConsumerConfig, handler: QueueHandler, env: unknown, options: ConsumerOptions = {}): Promise<boolean> {
  const claimed = store.claim(consumer.queue, consumer.maxBatchSize, consumer.maxBatchTimeout * 1000, options.leaseMs ?? 5 * 60_000);
  if (!claimed) return false;
  const decided = new Map<string, { ack: true } | { ack: false; delayMs: number }>();
  const decide = (id: string, d: { ack: true } | { ack: false; delayMs: number }) => {
    if (!decided.has(id)) decided.set(id, d);
  };
  const messages = claimed.rows.map((row) => ({
    id: row.id,
    timestamp: new Date(row.sent_at),
    body: decode(row),
    attempts: row.attempts,
    ack: () => decide(row.id, { ack: true }),
    retry: (o: { delaySeconds?: number } = {}) => decide(row.id, { ack: false, delayMs: o.delaySeconds === undefined ? backoff(consumer, row.attempts, options) : delayOf(o.delaySeconds) }),
  }));
  const batch = {
    queue: consumer.queue,
    messages,
    ackAll: () => {
      for (const m of messages) m.ack();
    },
    retryAll: (o: { delaySeconds?: number } = {}) => {
      for (const m of messages) m.retry(o);
    },
  } as unknown as MessageBatch<unknown>;
  const ctx = new NodeExecutionContext();
  let error: string | null = null;
  try {
    await handler(batch, env, ctx as unknown as ExecutionContext);
    await ctx.settled();
  } catch (e) {
    error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    console.error(`queue ${consumer.queue}: the handler failed; the batch's open messages are retried:`, e);
  }
  // What the handler left undecided: acknowledged when it returned, retried when it threw.
  for (const m of messages) (error === null ? m.ack : m.retry)();
  const acked: string[] = [];
  const retried: { id: string; delayMs: number }[] = [];
  for (const [id, d] of decided) d.ack ? acked.push(id) : retried.push({ id, delayMs: d.delayMs });
  store.settle(claimed.lease, { acked, retried, error: error ?? "retried by the handler" }, consumer);
  return true;
}

export interface QueueRunner {
  /** Stops polling and waits for the batch being delivered. */
  stop(): Promise<void>;
}

/** One loop per consumer: deliver while batches are due, else wait for a send or the poll. */
export function startQueueConsumers(store: QueueStore, consumers: readonly QueueConsumerConfig[], handler: QueueHandler, env: unknown, options: ConsumerOptions = {}): QueueRunner {
  let stopped = false;
  const sleeping = new Set<() => void>();
  const loops = consumers.map(async (consumer) => {
    while (!stopped) {
      let delivered = false;
      const sends = store.sends;
      try {
        delivered = await deliverOnce(store, consumer, handler, env, options);
      } catch (error) {
        console.error(`queue ${consumer.queue}: delivery failed:`, error);
      }
      if (delivered || stopped || store.sends !== sends) continue;
      await new Promise<void>((wake) => {
        const timer = setTimeout(done, options.pollMs ?? 1000);
        const off = store.onSend(done);
        sleeping.add(done);
        function done() {
          clearTimeout(timer);
          off();
          sleeping.delete(done);
          wake();
        }
      });
    }
  });
  return {
    async stop() {
      stopped = true;
      for (const wake of [...sleeping]) wake();
      await Promise.all(loops);
    },
  };
}

/** The producer bindings for an env, one per [[queues.producers]]. */
export function queueBindings(store: QueueStore, config: QueuesConfig): Record<string, NodeQueue> {
  return Object.fromEntries(config.producers.map((p) => [p.binding, new NodeQueue(store, p.queue)]));
}
