import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { DistrictData } from "../../src/data/district-data";
import type { Env } from "../../src/env";
import { consumeNotifications, type NotificationMessage } from "../../src/notifications/publish";
import { clearRegistryCache, findDistrict, shardDatabase } from "../../src/tenancy/registry";
import { testEnv } from "../helpers";

/** The district's data acting as a named person (or the system), as a request or job would. */
export async function dataOf(code: string, actor: { id: string | null; role: string; requestId: string | null } = { id: null, role: "system", requestId: null }) {
  clearRegistryCache();
  const district = await findDistrict(testEnv, code);
  if (!district) throw new Error(`no district ${code}`);
  return new DistrictData(district, shardDatabase(testEnv, district.shard), actor);
}

/** A queue that keeps what is sent to it, for tests that hand messages to the consumer themselves. */
export function recordingQueue() {
  const sent: NotificationMessage[] = [];
  const queue = {
    async send(body: NotificationMessage) {
      sent.push(body);
    },
    async sendBatch(messages: Iterable<{ body: NotificationMessage }>) {
      for (const m of messages) sent.push(m.body);
    },
  };
  return { sent, env: { ...testEnv, NOTIFICATIONS_QUEUE: queue } as unknown as Env };
}

let messageCounter = 0;

/** Runs the Worker's queue consumer on these messages as Cloudflare would; answers acks and retries. */
export async function consume(bodies: NotificationMessage[], fetcher: typeof fetch, attempts = 1, env: Env = testEnv) {
  const batch = createMessageBatch<unknown>(
    "sanshe-notifications",
    bodies.map((body) => ({ id: `m${++messageCounter}`, timestamp: new Date(), attempts, body })),
  );
  const ctx = createExecutionContext();
  await consumeNotifications(batch, env, fetcher);
  return getQueueResult(batch, ctx);
}

export async function rows<T = Record<string, unknown>>(db: D1Database, sql: string, ...params: unknown[]): Promise<T[]> {
  return (
    await db
      .prepare(sql)
      .bind(...params)
      .all<T>()
  ).results;
}
