import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseToml, readWorkerConfig, type QueueConsumerConfig } from "../config";
import { createNodeEnv } from "../env";
import { createExecutionContext, createMessageBatch, getQueueResult } from "../testing/cloudflare-test";
import { deliverOnce, NodeQueue, QueueStore, startQueueConsumers, type QueueHandler } from "../queues";

// The Queues adapter with a handler of the test's own (any queue binding of wrangler.toml
// gets the same producer and consumer): Cloudflare's producer API and its limits,
// batches, ack/retry per message, backoff, the dead letter after max_retries, and
// messages kept across a restart and a process that died mid-batch.

const dir = mkdtempSync(path.join(os.tmpdir(), "sanshe-queues-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const consumer = (over: Partial<QueueConsumerConfig> = {}): QueueConsumerConfig => ({ queue: "jobs", maxBatchSize: 3, maxBatchTimeout: 0, maxRetries: 2, deadLetterQueue: null, retryDelay: 0, ...over });

/** A handler that records each batch and does what `decide` says for each message. */
function recorder(decide: (body: unknown, attempts: number) => "ack" | "retry" | "none" | "throw" = () => "none") {
  const batches: { queue: string; bodies: unknown[]; attempts: number[] }[] = [];
  const handler: QueueHandler = (batch) => {
    batches.push({ queue: batch.queue, bodies: batch.messages.map((m) => m.body), attempts: batch.messages.map((m) => m.attempts) });
    for (const m of batch.messages) {
      const what = decide(m.body, m.attempts);
      if (what === "ack") m.ack();
      if (what === "retry") m.retry();
      if (what === "throw") throw new Error(`cannot handle ${JSON.stringify(m.body)}`);
    }
  };
  return { batches, handler };
}

describe("queue producers", () => {
  it("keep every body type Cloudflare accepts and refuse what it refuses", async () => {
    const store = new QueueStore(":memory:");
    const q = new NodeQueue(store, "jobs");
    await q.send({ kind: "notice", at: new Date("2026-11-26T00:00:00Z"), ids: new Set([1, 2]) });
    await q.send({ kind: "json" }, { contentType: "json" });
    await q.send("plain", { contentType: "text" });
    await q.sendBatch([{ body: new Uint8Array([1, 2, 3]), contentType: "bytes" }]);
    const { batches, handler } = recorder();
    await deliverOnce(store, consumer({ maxBatchSize: 10 }), handler, {});
    const [v8, json, text, bytes] = batches[0]!.bodies as [{ at: Date; ids: Set<number> }, unknown, unknown, ArrayBuffer];
    expect(v8.at).toBeInstanceOf(Date);
    expect([...v8.ids]).toEqual([1, 2]);
    expect(json).toEqual({ kind: "json" });
    expect(text).toBe("plain");
    expect([...new Uint8Array(bytes)]).toEqual([1, 2, 3]);
    expect(store.pending("jobs")).toBe(0);

    await expect(q.send("x".repeat(130 * 1024), { contentType: "text" })).rejects.toThrow(/at most 131072 bytes/);
    await expect(q.sendBatch(Array.from({ length: 101 }, (_, i) => ({ body: i })))).rejects.toThrow(/at most 100 messages/);
    await expect(q.send(1, { delaySeconds: 50_000 })).rejects.toThrow(/delaySeconds/);
    await expect(q.send(() => 1)).rejects.toThrow();
    expect(store.pending("jobs")).toBe(0);
    store.close();
  });

  it("holds a delayed message back until its time", async () => {
    const store = new QueueStore(":memory:");
    await new NodeQueue(store, "jobs").send("later", { delaySeconds: 60 });
    const { handler } = recorder();
    expect(await deliverOnce(store, consumer(), handler, {})).toBe(false);
    expect(store.claim("jobs", 10, 0, 1000, Date.now() + 61_000)?.rows.map((r) => r.id)).toHaveLength(1);
    store.close();
  });
});

describe("queue consumers", () => {
  it("deliver in batches, acknowledge what the handler returned from, and retry per message", async () => {
    const store = new QueueStore(":memory:");
    const q = new NodeQueue(store, "jobs");
    await q.sendBatch([1, 2, 3, 4].map((body) => ({ body })));
    // 2 is retried explicitly once; everything else is acknowledged by returning.
    const { batches, handler } = recorder((body, attempts) => (body === 2 && attempts === 1 ? "retry" : "none"));
    const c = consumer();
    expect(await deliverOnce(store, c, handler, {})).toBe(true);
    expect(await deliverOnce(store, c, handler, {})).toBe(true);
    expect(await deliverOnce(store, c, handler, {})).toBe(false);
    // Cloudflare Queues promise no order, and a retry made in the same millisecond as 4 was
    // sent may come first: compare the second batch as a set of (body, attempt) pairs.
    expect(batches[0]!.bodies).toEqual([1, 2, 3]);
    const second = batches[1]!.bodies.map((body, i) => [body, batches[1]!.attempts[i]]);
    expect(second.sort()).toEqual([
      [2, 2],
      [4, 1],
    ]);
    expect(store.pending("jobs")).toBe(0);
    store.close();
  });

  it("retry a throwing batch with backoff, except what was acknowledged, then dead-letter it", async () => {
    const store = new QueueStore(":memory:");
    await new NodeQueue(store, "jobs").sendBatch([{ body: "good" }, { body: "bad" }]);
    const { batches, handler } = recorder((body) => (body === "good" ? "ack" : "throw"));
    const c = consumer({ retryDelay: null });
    await deliverOnce(store, c, handler, {}, { backoffBaseMs: 60_000 });
    expect(store.pending("jobs")).toBe(1);
    // Backing off: not due again at once.
    expect(await deliverOnce(store, c, handler, {}, { backoffBaseMs: 60_000 })).toBe(false);
    const due = store.db.prepare("SELECT attempts, visible_at - ? AS wait FROM queue_messages").get(Date.now()) as { attempts: number; wait: number };
    expect(due.attempts).toBe(1);
    expect(due.wait).toBeGreaterThan(55_000);

    // Without a delay, it fails twice more (max_retries 2) and lands in the dead letters.
    const fast = consumer({ retryDelay: 0 });
    store.db.prepare("UPDATE queue_messages SET visible_at = 0").run();
    await deliverOnce(store, fast, handler, {});
    await deliverOnce(store, fast, handler, {});
    expect(batches.map((b) => b.attempts)).toEqual([[1, 1], [2], [3]]);
    expect(store.pending("jobs")).toBe(0);
    expect(store.deadLetters("jobs")).toEqual([{ id: expect.any(String), queue: "jobs", body: "bad", attempts: 3, lastError: 'Error: cannot handle "bad"' }]);
    store.close();
  });

  it("send dead letters to the consumer's dead_letter_queue when it declares one", async () => {
    const store = new QueueStore(":memory:");
    await new NodeQueue(store, "jobs").send({ n: 1 });
    const { handler } = recorder(() => "retry");
    const c = consumer({ maxRetries: 0, deadLetterQueue: "jobs-dlq" });
    await deliverOnce(store, c, handler, {});
    expect(store.pending("jobs")).toBe(0);
    const dlq = recorder();
    await deliverOnce(store, consumer({ queue: "jobs-dlq" }), dlq.handler, {});
    expect(dlq.batches).toEqual([{ queue: "jobs-dlq", bodies: [{ n: 1 }], attempts: [1] }]);
    store.close();
  });

  it("lose nothing across a restart or a process that died mid-batch", async () => {
    const file = path.join(dir, "restart", "queues.sqlite");
    const first = new QueueStore(file);
    await new NodeQueue(first, "jobs").sendBatch([{ body: "a" }, { body: "b" }]);
    // A process claims the batch under a one-minute lease and dies before settling it.
    expect(first.claim("jobs", 10, 0, 60_000)?.rows).toHaveLength(2);
    first.close();

    const second = new QueueStore(file);
    const { batches, handler } = recorder();
    // While the lease runs, nobody else gets the batch.
    expect(await deliverOnce(second, consumer(), handler, {})).toBe(false);
    // A minute later (the lease's end moved to now rather than waiting for it), it is delivered again.
    second.db.prepare("UPDATE queue_messages SET visible_at = visible_at - 60000").run();
    expect(await deliverOnce(second, consumer(), handler, {})).toBe(true);
    expect(batches).toEqual([{ queue: "jobs", bodies: ["a", "b"], attempts: [2, 2] }]);
    expect(second.pending("jobs")).toBe(0);
    second.close();
  });

  it("run as a loop woken by sends, and stop after the batch in hand", async () => {
    const store = new QueueStore(":memory:");
    const seen: unknown[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let started!: () => void;
    const handed = new Promise<void>((r) => {
      started = r;
    });
    const runner = startQueueConsumers(
      store,
      [consumer()],
      async (batch, env, ctx) => {
        started();
        ctx.waitUntil(gate.then(() => seen.push(...batch.messages.map((m) => m.body), (env as { tag: string }).tag)));
      },
      { tag: "env" },
      { pollMs: 60_000 },
    );
    await new NodeQueue(store, "jobs").send("woken");
    await handed;
    const stopped = runner.stop();
    release();
    await stopped;
    // waitUntil work finished before the batch was settled, then the loop stopped.
    expect(seen).toEqual(["woken", "env"]);
    expect(store.pending("jobs")).toBe(0);
    store.close();
  });
});

describe("queues from wrangler.toml", () => {
  it("read producers and consumers with Cloudflare's defaults and bind every producer", async () => {
    const toml = parseToml(`
[[queues.producers]]
binding = "TEST_QUEUE"
queue = "test-queue"

[[queues.consumers]]
queue = "test-queue"
max_batch_size = 5
dead_letter_queue = "test-dlq"
`);
    expect(toml.queues).toEqual({ producers: [{ binding: "TEST_QUEUE", queue: "test-queue" }], consumers: [{ queue: "test-queue", max_batch_size: 5, dead_letter_queue: "test-dlq" }] });
    const base = readWorkerConfig();
    const config = { ...base, queues: { producers: [{ binding: "TEST_QUEUE", queue: "test-queue" }], consumers: [consumer({ queue: "test-queue" })] } };
    const node = createNodeEnv({ dataDir: ":memory:", secrets: {}, config });
    try {
      const queue = (node.env as unknown as Record<string, Queue>).TEST_QUEUE!;
      await queue.send({ hello: "世界" });
      const { batches, handler } = recorder();
      await deliverOnce(node.queues!, config.queues.consumers[0]!, handler, node.env);
      expect(batches).toEqual([{ queue: "test-queue", bodies: [{ hello: "世界" }], attempts: [1] }]);
    } finally {
      node.close();
    }
  });
});

describe("queue handler tests on Node", () => {
  it("get the Workers pool's batch and result shapes", async () => {
    const batch = createMessageBatch("test-queue", [
      { id: "m1", timestamp: new Date(), body: 1, attempts: 1 },
      { id: "m2", timestamp: new Date(), body: 2, attempts: 1 },
    ]);
    const ctx = createExecutionContext();
    for (const m of batch.messages) m.body === 1 ? m.ack() : m.retry({ delaySeconds: 5 });
    expect(await getQueueResult(batch, ctx)).toEqual({ outcome: "ok", ackAll: false, retryBatch: { retry: false }, explicitAcks: ["m1"], retryMessages: [{ msgId: "m2", delaySeconds: 5 }] });
  });
});
