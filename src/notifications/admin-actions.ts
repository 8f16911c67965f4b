import type { DistrictData } from "../data/district-data";
import { notFound } from "../http/errors";
import { protect } from "../lib/personal-data";
import { testMessage } from "./core-kinds";
import { notify } from "./emit";
import type { ChannelState } from "./settings";
import type { ChannelName, NotificationChannelsTable } from "./tables";

// The district admin's notification actions: a channel's settings, a test message to
// oneself, and sending a failed message again.

export interface ChannelChange {
  mode: NotificationChannelsTable["mode"];
  config: Record<string, unknown>;
  /** A new credential in clear; none keeps the one stored. */
  secret?: string;
}

export async function saveChannel(data: DistrictData, by: string, channel: ChannelName, input: ChannelChange, state: ChannelState, personalKey: string | undefined, now: string): Promise<void> {
  const { mode, config } = input;
  const secret = input.secret ? await protect(input.secret, personalKey) : state.secretProtected;
  const configJson = JSON.stringify(config);
  await data.write(
    [
      data.insertInto("notification_channels", { channel, mode, config_json: configJson, secret_protected: secret, version: 1, updated_by: by, updated_at: now }).onConflict((oc) =>
        oc.columns(["district_id", "channel"]).doUpdateSet((eb) => ({
          mode,
          config_json: configJson,
          secret_protected: secret,
          version: eb("notification_channels.version", "+", 1),
          updated_by: by,
          updated_at: now,
        })),
      ),
    ],
    // The audit names what changed, never the credential.
    { action: "notifications.channel_saved", targetType: "notification_channel", targetId: channel, after: { mode, ...config, secretChanged: Boolean(input.secret) } },
  );
}

export async function sendTestMessage(data: DistrictData, userId: string, district: string): Promise<void> {
  await data.write([notify(data, testMessage, { to: userId, params: { district }, target: { type: "user", id: userId } })], {
    action: "notifications.test_requested",
    targetType: "user",
    targetId: userId,
  });
}

/** A failed (dead) delivery goes out again; answers its event, to publish after the response. */
export async function resendDelivery(data: DistrictData, id: string, now: string): Promise<string> {
  const delivery = await data.selectFrom("notification_deliveries").select(["id", "event_id", "status"]).where("id", "=", id).executeTakeFirst();
  if (!delivery) throw notFound();
  await data.write(
    [
      data.guard(data.selectFrom("notification_deliveries").select("id").where("id", "=", id).where("status", "=", "dead")),
      data.updateTable("notification_deliveries").set({ status: "pending", next_attempt_at: now, claimed_at: null }).where("id", "=", id),
      data.updateTable("notification_events").set({ state: "resolved" }).where("id", "=", delivery.event_id).where("state", "=", "done"),
    ],
    { action: "notifications.resend", targetType: "notification_delivery", targetId: id },
  );
  return delivery.event_id;
}
