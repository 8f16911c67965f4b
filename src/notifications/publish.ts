import type { Context, MiddlewareHandler } from "hono";
import type { DistrictData } from "../data/district-data";
import type { AppEnv, Env } from "../env";
import type { Job } from "../jobs";
import { EVERY_FIVE_MINUTES } from "../jobs/crons";
import { addMinutes, nowIso } from "../lib/time";
import { DistrictData as Data } from "../data/district-data";
import { findDistrict, shardDatabase } from "../district-lookup/district-registry";
import { backoffSeconds, deliverEvent } from "./deliver";
import { takeEmitted } from "./emit";
import { platformData } from "../data/platform-data";
import { platformOrigin } from "../http/origin";
import { duePlatformMessages, sendPlatformMessage } from "../platform/sending";

// From the outbox to the queue and back. A queue message carries ids only (the district
// code and the event id): the consumer reads everything else from the shard, so no
// personal data travels through the queue.

export interface NotificationMessage {
  /** A district code, or PLATFORM for a message to an operator (src/platform/sending.ts). */
  district: string;
  event: string;
}

/** The "district" of messages to operators, which live in the platform's database. */
export const PLATFORM = "platform";

/** The queue binding declared in wrangler.toml ([[queues.producers]]). */
export const QUEUE_BINDING = "NOTIFICATIONS_QUEUE";

function queueOf(env: Env): Queue<NotificationMessage> | undefined {
  return env[QUEUE_BINDING] as Queue<NotificationMessage> | undefined;
}

/** Hands committed events to the queue; without one, delivers them at once. */
export async function publish(env: Env, district: string, events: readonly string[]): Promise<void> {
  const queue = queueOf(env);
  if (!queue) {
    const found = await findDistrict(env, district);
    if (!found) return;
    const data = new Data(found, shardDatabase(env, found.shard), { id: null, role: "system", requestId: null });
    for (const event of events) await deliverEvent({ env, data, now: nowIso(), fetcher: fetch }, event);
    return;
  }
  for (let k = 0; k < events.length; k += 100) {
    await queue.sendBatch(events.slice(k, k + 100).map((event) => ({ body: { district, event }, contentType: "json" as const })));
  }
}

/** Hands messages to operators to the queue; without one, tries them at once. */
export async function publishPlatform(env: Env, ids: readonly string[]): Promise<void> {
  const queue = queueOf(env);
  if (!queue) {
    for (const id of ids) await sendPlatformMessage(env, platformData(env), id, platformOrigin(env).origin);
    return;
  }
  for (let k = 0; k < ids.length; k += 100) await queue.sendBatch(ids.slice(k, k + 100).map((event) => ({ body: { district: PLATFORM, event }, contentType: "json" as const })));
}

/** Every five minutes, once for the platform: messages to operators whose next try is due. */
export async function dispatchPlatformOutbox(env: Env, now: string): Promise<number> {
  const ids = await duePlatformMessages(platformData(env), now);
  if (ids.length) await publishPlatform(env, ids);
  return ids.length;
}

/** Hands events to the queue after the response; a failure is left to the dispatch job. */
export async function publishAfterResponse(c: Context<AppEnv>, district: string, events: readonly string[]): Promise<void> {
  const work = publish(c.env, district, events).catch((error) => console.error("publishing notifications failed (the dispatch job will):", error));
  try {
    c.executionCtx.waitUntil(work);
  } catch {
    await work;
  }
}

/** After a district request: its emitted events go to the queue once the response is on its way. */
export const publishEmitted: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  const pending = takeEmitted(c.var.requestId);
  if (pending) await publishAfterResponse(c, pending.district, pending.events);
};

function isMessage(body: unknown): body is NotificationMessage {
  const b = body as Partial<NotificationMessage> | null;
  return typeof b?.district === "string" && (/^\d{6}$/.test(b.district) || b.district === PLATFORM) && typeof b.event === "string" && b.event.length <= 64;
}

/** The queue consumer: the Worker's queue(batch, env, ctx) hands every batch here. */
export async function consumeNotifications(batch: MessageBatch<unknown>, env: Env, fetcher: typeof fetch = fetch): Promise<void> {
  for (const message of batch.messages) {
    if (!isMessage(message.body)) {
      message.ack();
      continue;
    }
    try {
      if (message.body.district === PLATFORM) {
        const wait = await sendPlatformMessage(env, platformData(env), message.body.event, platformOrigin(env).origin, fetcher);
        if (wait !== null) message.retry({ delaySeconds: Math.min(wait, 43_200) });
        else message.ack();
        continue;
      }
      const district = await findDistrict(env, message.body.district);
      if (!district) {
        message.ack();
        continue;
      }
      const data = new Data(district, shardDatabase(env, district.shard), { id: null, role: "system", requestId: `queue:${message.id}` });
      const outcome = await deliverEvent({ env, data, now: nowIso(), fetcher }, message.body.event);
      // Queues delay a retry by at most 12 hours; quiet hours are shorter.
      if (outcome.retryInSeconds !== null) message.retry({ delaySeconds: Math.min(outcome.retryInSeconds, 43_200) });
      else message.ack();
    } catch (error) {
      console.error(`notification ${message.body.event} of ${message.body.district} failed:`, error);
      message.retry({ delaySeconds: backoffSeconds(message.attempts) });
    }
  }
}

/**
 * Every five minutes: events still waiting for the queue (emitted by jobs, or whose
 * request could not hand them over) and deliveries whose retry is due go to the queue
 * again. Sending is idempotent, so handing an event over twice sends nothing twice.
 */
export async function dispatchOutbox(env: Env, data: DistrictData, now: string): Promise<number> {
  takeEmitted(data.actor.requestId ?? "");
  const [fresh, due] = await data.read<{ id: string }>([
    data.selectFrom("notification_events").select("id").where("state", "=", "new").orderBy("created_at").limit(500),
    data
      .selectFrom("notification_deliveries")
      .select("event_id as id")
      .where((eb) => eb.or([eb.and([eb("status", "=", "pending"), eb("next_attempt_at", "<=", now)]), eb.and([eb("status", "=", "sending"), eb("claimed_at", "<=", addMinutes(now, -5))])]))
      .groupBy("event_id")
      .limit(500),
  ]);
  const ids = [...new Set([...fresh!, ...due!].map((r) => r.id))];
  if (ids.length) await publish(env, data.districtId, ids);
  return ids.length;
}

export const dispatchJob: Job = { name: "notifications.dispatch", cron: EVERY_FIVE_MINUTES, run: ({ env, data, now }) => dispatchOutbox(env, data, now) };
