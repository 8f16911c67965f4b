import type { Compilable } from "kysely";
import type { NotificationKind } from "../core/module-contract";
import type { PlatformData } from "../data/platform-data";
import type { Env } from "../env";
import type { Locale } from "../i18n/messages";
import { newId } from "../lib/ids";
import { addMinutes, nowIso } from "../lib/time";
import { emailChannel } from "../notifications/channels/email";
import { backoffSeconds, MAX_ATTEMPTS } from "../notifications/deliver";
import { kindNamed, openParams, render } from "../notifications/kinds";
import { channelState, sendingSettings, type ChannelState } from "../notifications/settings";

// The platform's own sending channel: operators belong to no district, so what is sent to
// them (a password reset code) goes through the platform's e-mail channel, configured on
// /platform/channels like a district's and logged in platform_messages, which the
// operator's outbox page shows. The message row is written in the same batch as the
// change that causes it. The first try follows the commit; a failure waits with the
// district messages' backoff and comes back through the five-minute dispatch and the
// queue, until it is sent or dead after MAX_ATTEMPTS, when an operator may send it again.

/** How long a try holds its message: one that died mid-send is taken over after this. */
const LEASE_MINUTES = 5;

export async function platformChannel(platform: PlatformData): Promise<ChannelState> {
  return channelState(await platform.selectFrom("platform_channels").selectAll().where("channel", "=", "email").executeTakeFirst());
}

/** The platform channel's new settings, for the operator's audited batch. */
export function platformChannelSaved(platform: PlatformData, row: { mode: ChannelState["mode"]; config_json: string; secret_protected: string | null; updated_by: string; updated_at: string }): Compilable {
  return platform
    .insertInto("platform_channels")
    .values({ channel: "email", version: 1, ...row })
    .onConflict((oc) => oc.column("channel").doUpdateSet((eb) => ({ ...row, version: eb("platform_channels.version", "+", 1) })));
}

/** The message row, to put in the batch of the change; its id is what `sendPlatformMessage` takes. */
export function platformMessage<P extends string>(platform: PlatformData, kind: NotificationKind<P>, operatorId: string, params: Readonly<Record<P, string | number>>, locale: Locale): { id: string; insert: Compilable } {
  const id = newId();
  const now = nowIso();
  const values = Object.fromEntries(kind.params.map((name) => [name, String(params[name])]));
  return {
    id,
    insert: platform.insertInto("platform_messages").values({
      id,
      operator_id: operatorId,
      kind: kind.name,
      params_json: JSON.stringify(values),
      channel: "email",
      status: "pending",
      attempts: 0,
      last_error: null,
      provider_ref: null,
      created_at: now,
      sent_at: null,
      next_attempt_at: now,
      locale,
    }),
  };
}

/**
 * One try of a committed message, if it is due: claimed first (so two consumers never
 * both send it), then sent to its operator's address (read now) and the outcome recorded.
 * Answers in how many seconds it should be tried again, or null when it is settled.
 */
export async function sendPlatformMessage(env: Env, platform: PlatformData, messageId: string, origin: string, fetcher: typeof fetch = fetch, now = nowIso()): Promise<number | null> {
  const [claimed] = await platform.writeUnaudited<{ attempts: number }>([
    platform
      .updateTable("platform_messages")
      .set((eb) => ({ attempts: eb("attempts", "+", 1), next_attempt_at: addMinutes(now, LEASE_MINUTES) }))
      .where("id", "=", messageId)
      .where("status", "=", "pending")
      .where("next_attempt_at", "<=", now)
      .returning("attempts"),
  ]);
  const attempt = claimed?.[0]?.attempts;
  const row =
    attempt === undefined
      ? undefined
      : await platform
          .selectFrom("platform_messages")
          .innerJoin("operators", "operators.id", "platform_messages.operator_id")
          .select(["platform_messages.kind", "platform_messages.params_json", "platform_messages.locale", "operators.email"])
          .where("platform_messages.id", "=", messageId)
          .executeTakeFirst();
  if (!row || attempt === undefined) return waiting(platform, messageId, now);
  const state = await platformChannel(platform);
  const kind = kindNamed(row.kind);
  /** Records the outcome of this try: settled (null) unless it is to wait for another. */
  const done = async (set: { status: "sent" | "outbox" | "dead" | "skipped" | "pending"; last_error: string | null; provider_ref?: string | null; next_attempt_at?: string }): Promise<null> => {
    await platform.writeUnaudited([
      platform
        .updateTable("platform_messages")
        .set({ ...set, sent_at: set.status === "sent" || set.status === "outbox" ? now : null })
        .where("id", "=", messageId)
        .where("status", "=", "pending"),
    ]);
    return null;
  };
  if (!kind) return done({ status: "dead", last_error: "kind no longer declared" });
  if (state.mode === "off") return done({ status: "skipped", last_error: "channel switched off" });
  if (state.mode === "outbox") return done({ status: "outbox", last_error: null });
  const params = await openParams(kind, row.params_json, env.PERSONAL_DATA_KEY);
  const text = render(kind, row.locale, params);
  const result = await emailChannel.send(
    { idempotencyKey: messageId, kind: kind.name, title: text.title, body: text.body, url: text.link ? `${origin}/platform${text.link}` : null, params: kind.params.map((p) => [p, params[p] ?? ""]), address: row.email },
    await sendingSettings(env, state),
    fetcher,
  );
  if (result.ok) return done({ status: "sent", provider_ref: result.ref, last_error: null });
  // Attempts are numbered on across an operator's "send again", which starts a new round.
  if (!result.retryable || attempt % MAX_ATTEMPTS === 0) return done({ status: "dead", last_error: result.detail });
  const seconds = backoffSeconds(attempt, result.retryAfterSeconds);
  await done({ status: "pending", last_error: result.detail, next_attempt_at: new Date(Date.parse(now) + seconds * 1000).toISOString() });
  return seconds;
}

/** Not claimable now: in how many seconds a pending message is due (or its lease ends), else null. */
async function waiting(platform: PlatformData, messageId: string, now: string): Promise<number | null> {
  const row = await platform.selectFrom("platform_messages").select("next_attempt_at").where("id", "=", messageId).where("status", "=", "pending").executeTakeFirst();
  return row ? Math.max(1, Math.ceil((Date.parse(row.next_attempt_at) - Date.parse(now)) / 1000)) : null;
}

/** Pending messages due by `now`, oldest first: what the five-minute dispatch hands over. */
export async function duePlatformMessages(platform: PlatformData, now: string): Promise<string[]> {
  const rows = await platform.selectFrom("platform_messages").select("id").where("status", "=", "pending").where("next_attempt_at", "<=", now).orderBy("next_attempt_at").limit(500).execute();
  return rows.map((r) => r.id);
}

/** The statement that makes a dead message due again (an operator's "send again"); it returns the id when it did. */
export function resendPlatformMessage(platform: PlatformData, messageId: string, now: string): Compilable {
  return platform.updateTable("platform_messages").set({ status: "pending", next_attempt_at: now }).where("id", "=", messageId).where("status", "=", "dead").returning("id");
}

export async function isDeadPlatformMessage(platform: PlatformData, messageId: string): Promise<boolean> {
  return Boolean(await platform.selectFrom("platform_messages").select("id").where("id", "=", messageId).where("status", "=", "dead").executeTakeFirst());
}

/** The latest messages to operators, with whom each went to, for the operator's outbox. */
export const platformMessageLog = (platform: PlatformData) =>
  platform
    .selectFrom("platform_messages")
    .innerJoin("operators", "operators.id", "platform_messages.operator_id")
    .select([
      "platform_messages.id",
      "platform_messages.created_at",
      "platform_messages.kind",
      "platform_messages.params_json",
      "platform_messages.status",
      "platform_messages.attempts",
      "platform_messages.last_error",
      "operators.display_name",
    ])
    .orderBy("platform_messages.created_at", "desc")
    .limit(50)
    .execute();
