import { inject } from "vitest";
import { DistrictData } from "../../src/data/district-data";
import type { Env } from "../../src/env";
import { deliverEvent } from "../../src/notifications/deliver";
import { consumeNotifications, type NotificationMessage } from "../../src/notifications/publish";
import { clearRegistryCache, findDistrict, shardDatabase } from "../../src/district-lookup/district-registry";
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

declare module "vitest" {
  export interface ProvidedContext {
    /** Origin of the fake providers (scripts/test-support/fake-providers.ts). */
    fakeProviders: string;
  }
}

/**
 * The fake providers' origin narrowed to a space of this test file's own: files run in
 * parallel, and another file's e-mails or reset must not reach this one's assertions.
 */
export function fakeProviderSpace(space: string) {
  return `${inject("fakeProviders")}/ns/${space}`;
}

let messageCounter = 0;

/**
 * Runs the queue consumer on these messages as Cloudflare Queues hands them over (the
 * MessageBatch API), and answers which were acknowledged and which retried with what delay.
 */
export async function consume(bodies: NotificationMessage[], fetcher: typeof fetch, attempts = 1, env: Env = testEnv) {
  const acks: string[] = [];
  const retries: { id: string; delaySeconds: number | undefined }[] = [];
  const messages = bodies.map((body) => {
    const id = `m${++messageCounter}`;
    return {
      id,
      timestamp: new Date(),
      attempts,
      body,
      ack: () => acks.push(id),
      retry: (options?: { delaySeconds?: number }) => retries.push({ id, delaySeconds: options?.delaySeconds }),
    };
  });
  const batch = {
    queue: "sanshe-notifications",
    messages,
    ackAll: () => {
      for (const m of messages) m.ack();
    },
    retryAll: () => {
      for (const m of messages) m.retry();
    },
  };
  await consumeNotifications(batch as unknown as MessageBatch<unknown>, env, fetcher);
  return { acks, retries };
}

export async function rows<T = Record<string, unknown>>(db: D1Database, sql: string, ...params: unknown[]): Promise<T[]> {
  return (
    await db
      .prepare(sql)
      .bind(...params)
      .all<T>()
  ).results;
}

/** Delivers the district's invitation messages not yet sent (through its configured channels). */
export async function deliverInvitations(code: string, db: D1Database): Promise<void> {
  const system = await dataOf(code);
  const events = await rows<{ id: string }>(db, "SELECT id FROM notification_events WHERE district_id = ? AND kind = 'onboarding.invitation' AND state != 'done'", code);
  for (const e of events) await deliverEvent({ env: testEnv, data: system, now: new Date().toISOString(), fetcher: fetch }, e.id);
}

/** The bodies of the e-mails a fake provider space received, oldest first. */
export async function mailBodies(fake: string): Promise<string[]> {
  return ((await (await fetch(`${fake}/_requests`)).json()) as { path: string; body: string }[]).filter((r) => r.path.startsWith("/email")).map((r) => r.body);
}
