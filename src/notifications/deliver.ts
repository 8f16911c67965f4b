import type { NotificationKind } from "../core/module-contract";
import type { DistrictData } from "../data/district-data";
import type { Env } from "../env";
import { platformOrigin } from "../http/origin";
import { addDays, atBeijing, beijingWallClock } from "../lib/beijing-time";
import { newId } from "../lib/ids";
import { reveal } from "../lib/personal-data";
import { addMinutes } from "../lib/time";
import type { Locale } from "../i18n/messages";
import type { Channel, OutgoingMessage, SendResult } from "./channels/channel";
import { emailChannel } from "./channels/email";
import { smsChannel } from "./channels/sms";
import { wechatChannel } from "./channels/wechat";
import { openParams, kindNamed, render } from "./kinds";
import { resolveRecipients } from "./recipients";
import { CHANNELS, channelStates, sendingSettings, type ChannelState } from "./settings";
import type { ChannelName, NotificationDeliveriesTable, NotificationEventsTable } from "./tables";

// The consumer's work for one event: resolve its recipients into deliveries (once), then
// send every delivery that is due. A delivery is claimed before it is sent, so two
// consumers handling a redelivered message never both send it; a claim left by a
// consumer that died is taken over after CLAIM_MINUTES.

export const MAX_ATTEMPTS = 6;
const CLAIM_MINUTES = 5;
const CHANNEL_IMPLEMENTATIONS: Record<ChannelName, Channel> = { sms: smsChannel, email: emailChannel, wechat: wechatChannel };

export interface DeliveryContext {
  env: Env;
  /** The district's data, acting as the system. */
  data: DistrictData;
  now: string;
  fetcher: typeof fetch;
}

/** 30 s, 1, 2, 4, 8 min…, at most an hour, or longer when the provider asked for it. */
export function backoffSeconds(attempt: number, retryAfter = 0): number {
  return Math.max(retryAfter, Math.min(30 * 2 ** Math.max(0, attempt - 1), 3600));
}

/** Non-urgent SMS wait from 21:00 to 08:00 Beijing time: the instant they may go, or null now. */
export function quietHoursEnd(now: string): string | null {
  const wall = beijingWallClock(now);
  const hour = wall.getUTCHours();
  if (hour >= 8 && hour < 21) return null;
  const today = wall.toISOString().slice(0, 10);
  return new Date(Date.parse(atBeijing(hour >= 21 ? addDays(today, 1) : today, "08:00:00"))).toISOString();
}

/** An address recipient's sealed e-mail or mobile number, opened, with the channel it is for. */
async function openAddress(ctx: DeliveryContext, sealed: string): Promise<{ channel: "email" | "sms"; address: string }> {
  const value = (await reveal(sealed, ctx.env.PERSONAL_DATA_KEY)).trim();
  if (value.includes("@")) return { channel: "email", address: value };
  return { channel: "sms", address: /^1\d{10}$/.test(value) ? value : "" };
}

type EventRow = Pick<NotificationEventsTable, "id" | "kind" | "recipient_type" | "recipient_ref" | "recipient_permission" | "locale" | "params_json" | "urgent" | "state">;

/** Delivers one event; answers whether it exists and, if deliveries wait, in how many seconds to come back. */
export async function deliverEvent(ctx: DeliveryContext, eventId: string): Promise<{ found: boolean; retryInSeconds: number | null }> {
  const event = await ctx.data.selectFrom("notification_events").select(["id", "kind", "recipient_type", "recipient_ref", "recipient_permission", "locale", "params_json", "urgent", "state"]).where("id", "=", eventId).executeTakeFirst();
  // Not there: its change rolled back (or the district's data was removed). Nothing to send.
  if (!event) return { found: false, retryInSeconds: null };
  const kind = kindNamed(event.kind);
  const states = await channelStates(ctx.data);
  if (event.state === "new") await resolveEvent(ctx, event, kind, states);
  return { found: true, retryInSeconds: await sendDue(ctx, event, kind, states) };
}

async function resolveEvent(ctx: DeliveryContext, event: EventRow, kind: NotificationKind | undefined, states: Record<ChannelName, ChannelState>) {
  const recipients = kind ? await resolveRecipients(ctx.data, kind.recipients, event.recipient_ref, event.recipient_permission) : [];
  const ids = recipients.map((r) => r.userId);
  const [contacts, preferences] = ids.length
    ? await ctx.data.read<{ user_id: string; phone_protected: string | null; wechat_openid: string | null; digest: number; channels: string | null }>([
        ctx.data.selectFrom("notification_contacts").select(["user_id", "phone_protected", "wechat_openid", "digest"]).where("user_id", "in", ids),
        ctx.data.selectFrom("notification_preferences").select(["user_id", "channels"]).where("kind", "=", event.kind).where("user_id", "in", ids),
      ])
    : [[], []];
  const urgent = event.urgent === 1;
  const quiet = quietHoursEnd(ctx.now);
  const rows: Omit<NotificationDeliveriesTable, "district_id">[] = [];
  const base = { event_id: event.id, attempts: 0, claimed_at: null, read_at: null, last_error: null, provider_ref: null, created_at: ctx.now };
  if (event.recipient_type === "address") {
    // No account, so no inbox or preferences: the one channel the address is for, or a
    // "not sent" row the sender sees beside the record when there is none to use.
    const { channel, address } = await openAddress(ctx, event.recipient_ref);
    const off = !address || states[channel].mode === "off";
    rows.push({ ...base, id: newId(), user_id: "", channel, status: off ? "skipped" : "pending", last_error: off ? (address ? "channel switched off" : "no address on file") : null, next_attempt_at: ctx.now, sent_at: null });
  }
  for (const r of recipients) {
    rows.push({ ...base, id: newId(), user_id: r.userId, channel: "inbox", status: "sent", next_attempt_at: ctx.now, sent_at: ctx.now });
    const contact = contacts!.find((c) => c.user_id === r.userId);
    const chosen = preferences!.find((p) => p.user_id === r.userId)?.channels?.split(",");
    for (const channel of CHANNELS) {
      const state = states[channel];
      if (state.mode === "off") continue;
      const reachable = channel === "email" ? r.email !== "" : channel === "sms" ? Boolean(contact?.phone_protected) : Boolean(contact?.wechat_openid);
      // The development outbox shows every message that would go, reachable or not.
      if (!reachable && state.mode !== "outbox") continue;
      if (!urgent && chosen && !chosen.includes(channel)) continue;
      const digest = !urgent && channel === "email" && contact?.digest === 1;
      const wait = channel === "sms" && !urgent ? quiet : null;
      rows.push({ ...base, id: newId(), user_id: r.userId, channel, status: digest ? "digest" : "pending", next_attempt_at: wait ?? ctx.now, sent_at: null });
    }
  }
  // D1 binds at most 100 parameters per statement: 13 columns a row.
  const inserts = [];
  for (let k = 0; k < rows.length; k += 7) inserts.push(ctx.data.insertInto("notification_deliveries", rows.slice(k, k + 7)).onConflict((oc) => oc.doNothing()));
  await ctx.data.writeUnaudited([...inserts, ctx.data.updateTable("notification_events").set({ state: "resolved", resolved_at: ctx.now }).where("id", "=", event.id).where("state", "=", "new")]);
}

async function sendDue(ctx: DeliveryContext, event: EventRow, kind: NotificationKind | undefined, states: Record<ChannelName, ChannelState>): Promise<number | null> {
  const deliveries = await ctx.data
    .selectFrom("notification_deliveries")
    .select(["id", "user_id", "channel", "status", "next_attempt_at", "claimed_at"])
    .where("event_id", "=", event.id)
    .where("status", "in", ["pending", "sending"])
    .execute();
  const staleClaim = addMinutes(ctx.now, -CLAIM_MINUTES);
  let wait: number | null = null;
  const later = (at: string) => {
    const seconds = Math.max(1, Math.ceil((Date.parse(at) - Date.parse(ctx.now)) / 1000));
    wait = wait === null ? seconds : Math.min(wait, seconds);
  };
  for (const d of deliveries) {
    if (d.status === "pending" && d.next_attempt_at > ctx.now) {
      later(d.next_attempt_at);
      continue;
    }
    if (d.status === "sending" && (d.claimed_at ?? "") > staleClaim) {
      later(addMinutes(d.claimed_at!, CLAIM_MINUTES));
      continue;
    }
    const next = await sendOne(ctx, event, kind, states, d.id, d.user_id, d.channel as ChannelName, staleClaim);
    if (next) later(next);
  }
  if (wait === null) {
    await ctx.data.writeUnaudited([ctx.data.updateTable("notification_events").set({ state: "done" }).where("id", "=", event.id).where("state", "=", "resolved")]);
  }
  return wait;
}

/** Claims, sends and records one delivery; answers when to try again, or null when it is settled. */
async function sendOne(ctx: DeliveryContext, event: EventRow, kind: NotificationKind | undefined, states: Record<ChannelName, ChannelState>, id: string, userId: string, channel: ChannelName, staleClaim: string): Promise<string | null> {
  const [claimed] = await ctx.data.writeUnaudited([
    ctx.data
      .updateTable("notification_deliveries")
      .set((eb) => ({ status: "sending", claimed_at: ctx.now, attempts: eb("attempts", "+", 1) }))
      .where("id", "=", id)
      .where((eb) => eb.or([eb.and([eb("status", "=", "pending"), eb("next_attempt_at", "<=", ctx.now)]), eb.and([eb("status", "=", "sending"), eb("claimed_at", "<=", staleClaim)])]))
      .returning(["attempts"]),
  ]);
  const attempt = (claimed?.[0] as { attempts?: number } | undefined)?.attempts;
  if (attempt === undefined) return null; // another consumer has it
  const state = states[channel];
  const result: SendResult | "outbox" = !kind
    ? { ok: false, retryable: false, throttled: false, detail: "kind no longer declared" }
    : state.mode === "outbox"
      ? "outbox"
      : state.mode === "off"
        ? { ok: false, retryable: false, throttled: false, detail: "channel switched off" }
        : await sendThrough(ctx, event, kind, state, id, userId, channel);
  return record(ctx, event, id, userId, channel, attempt, result);
}

async function sendThrough(ctx: DeliveryContext, event: EventRow, kind: NotificationKind, state: ChannelState, id: string, userId: string, channel: ChannelName): Promise<SendResult> {
  const [users, contacts] =
    event.recipient_type === "address"
      ? [[{ email: (await openAddress(ctx, event.recipient_ref)).address, locale: event.locale ?? "zh-CN" }], [{ phone_protected: event.recipient_ref, wechat_openid: null }]]
      : await ctx.data.read<{ email?: string; locale?: string; phone_protected?: string | null; wechat_openid?: string | null; unsubscribe_key?: string }>([
          ctx.data.selectFrom("users").select(["email", "locale"]).where("id", "=", userId),
          ctx.data.selectFrom("notification_contacts").select(["phone_protected", "wechat_openid", "unsubscribe_key"]).where("user_id", "=", userId),
        ]);
  const user = users![0];
  const contact = contacts![0];
  // The address is read now, from the encrypted store, and goes nowhere but the provider.
  const address = channel === "email" ? (user?.email ?? "") : channel === "sms" ? (contact?.phone_protected ? await reveal(contact.phone_protected, ctx.env.PERSONAL_DATA_KEY) : "") : (contact?.wechat_openid ?? "");
  if (!user || !address) return { ok: false, retryable: false, throttled: false, detail: "no address on file" };
  const params = await openParams(kind, event.params_json, ctx.env.PERSONAL_DATA_KEY);
  const locale: Locale = user.locale === "en" ? "en" : "zh-CN";
  const text = render(kind, locale, params);
  const districtBase = `${platformOrigin(ctx.env).origin}/d/${ctx.data.districtId}`;
  const message: OutgoingMessage = {
    idempotencyKey: id,
    kind: kind.name,
    title: text.title,
    body: text.body,
    url: text.link ? `${districtBase}${text.link}` : null,
    params: kind.params.map((name) => [name, params[name] ?? ""] as [string, string]),
    address,
    ...(channel === "email" && contact?.unsubscribe_key ? { unsubscribeUrl: `${districtBase}/notifications/unsubscribe/${contact.unsubscribe_key}` } : {}),
  };
  return CHANNEL_IMPLEMENTATIONS[channel].send(message, await sendingSettings(ctx.env, state), ctx.fetcher);
}

async function record(ctx: DeliveryContext, event: EventRow, id: string, userId: string, channel: ChannelName, attempt: number, result: SendResult | "outbox"): Promise<string | null> {
  const d = ctx.data;
  const attemptRow = (outcome: "sent" | "failed" | "throttled" | "outbox", detail: string) => d.insertInto("notification_attempts", { delivery_id: id, attempt, at: ctx.now, outcome, detail });
  const audit = (action: string, note?: string) => ({ action, targetType: "notification_delivery", targetId: id, after: { kind: event.kind, channel, recipient: userId, attempt }, ...(note ? { note } : {}) });
  if (result === "outbox" || result.ok) {
    const status = result === "outbox" ? "outbox" : "sent";
    const ref = result === "outbox" ? null : result.ref;
    await d.write(
      [d.updateTable("notification_deliveries").set({ status, sent_at: ctx.now, provider_ref: ref, last_error: null }).where("id", "=", id), attemptRow(status === "outbox" ? "outbox" : "sent", ref ?? "")],
      audit(status === "outbox" ? "notification.outboxed" : "notification.sent"),
    );
    return null;
  }
  const outcome = result.throttled ? "throttled" : "failed";
  // Attempts are numbered on across an admin's "send again", which starts a new round of MAX_ATTEMPTS.
  if (!result.retryable || attempt % MAX_ATTEMPTS === 0) {
    // Dead: the district admin sees it in the delivery view and can send it again.
    await d.write([d.updateTable("notification_deliveries").set({ status: "dead", last_error: result.detail }).where("id", "=", id), attemptRow(outcome, result.detail)], audit("notification.dead", result.detail));
    return null;
  }
  const next = new Date(Date.parse(ctx.now) + backoffSeconds(attempt, result.retryAfterSeconds) * 1000).toISOString();
  await d.writeUnaudited([d.updateTable("notification_deliveries").set({ status: "pending", next_attempt_at: next, last_error: result.detail }).where("id", "=", id), attemptRow(outcome, result.detail)]);
  return next;
}
