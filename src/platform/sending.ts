import type { Compilable } from "kysely";
import type { NotificationKind } from "../core/module-contract";
import type { PlatformData } from "../data/platform-data";
import type { Env } from "../env";
import type { Locale } from "../i18n/messages";
import { newId } from "../lib/ids";
import { nowIso } from "../lib/time";
import { emailChannel } from "../notifications/channels/email";
import { openParams, render } from "../notifications/kinds";
import { channelState, sendingSettings, type ChannelState } from "../notifications/settings";

// The platform's own sending channel: operators belong to no district, so what is sent to
// them (a password reset code) goes through the platform's e-mail channel, configured on
// /platform/channels like a district's and logged in platform_messages, which the
// operator's outbox page shows. The message row is written in the same batch as the
// change that causes it; the sending follows the commit, once, and its outcome is logged.

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
export function platformMessage<P extends string>(platform: PlatformData, kind: NotificationKind<P>, operatorId: string, params: Readonly<Record<P, string | number>>): { id: string; insert: Compilable } {
  const id = newId();
  const values = Object.fromEntries(kind.params.map((name) => [name, String(params[name])]));
  return {
    id,
    insert: platform
      .insertInto("platform_messages")
      .values({ id, operator_id: operatorId, kind: kind.name, params_json: JSON.stringify(values), channel: "email", status: "pending", attempts: 0, last_error: null, provider_ref: null, created_at: nowIso(), sent_at: null }),
  };
}

/** Sends a committed message to its operator's address (read now) and records the outcome. */
export async function sendPlatformMessage(env: Env, platform: PlatformData, kind: NotificationKind, messageId: string, locale: Locale, origin: string, fetcher: typeof fetch = fetch): Promise<void> {
  const row = await platform
    .selectFrom("platform_messages")
    .innerJoin("operators", "operators.id", "platform_messages.operator_id")
    .select(["platform_messages.params_json", "operators.email"])
    .where("platform_messages.id", "=", messageId)
    .where("platform_messages.status", "=", "pending")
    .executeTakeFirst();
  if (!row) return;
  const state = await platformChannel(platform);
  const now = nowIso();
  const done = (set: { status: "sent" | "outbox" | "dead" | "skipped"; last_error?: string | null; provider_ref?: string | null }) =>
    platform.writeUnaudited([
      platform
        .updateTable("platform_messages")
        .set({ ...set, attempts: set.status === "skipped" ? 0 : 1, sent_at: set.status === "sent" || set.status === "outbox" ? now : null })
        .where("id", "=", messageId)
        .where("status", "=", "pending"),
    ]);
  if (state.mode === "off") return void (await done({ status: "skipped", last_error: "channel switched off" }));
  if (state.mode === "outbox") return void (await done({ status: "outbox" }));
  const params = await openParams(kind, row.params_json, env.PERSONAL_DATA_KEY);
  const text = render(kind, locale, params);
  const result = await emailChannel.send(
    { idempotencyKey: messageId, kind: kind.name, title: text.title, body: text.body, url: text.link ? `${origin}/platform${text.link}` : null, params: kind.params.map((p) => [p, params[p] ?? ""]), address: row.email },
    await sendingSettings(env, state),
    fetcher,
  );
  await done(result.ok ? { status: "sent", provider_ref: result.ref } : { status: "dead", last_error: result.detail });
}
