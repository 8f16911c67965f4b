import type { DistrictData } from "../data/district-data";
import type { Env } from "../env";
import { reveal } from "../lib/personal-data";
import type { ChannelSettings } from "./channels/channel";
import type { ChannelName, NotificationChannelsTable } from "./tables";

export const CHANNELS: readonly ChannelName[] = ["sms", "email", "wechat"];

export interface ChannelState {
  mode: NotificationChannelsTable["mode"];
  config: Record<string, unknown>;
  hasSecret: boolean;
  version: number;
  /** Kept encrypted until a message is sent. */
  secretProtected: string | null;
}

/** A channel's settings from its row (a district's or the platform's); no row is off. */
export function channelState(row: { mode: ChannelState["mode"]; config_json: string; secret_protected: string | null; version: number } | undefined): ChannelState {
  return row
    ? { mode: row.mode, config: JSON.parse(row.config_json) as Record<string, unknown>, hasSecret: row.secret_protected !== null, version: row.version, secretProtected: row.secret_protected }
    : { mode: "off", config: {}, hasSecret: false, version: 0, secretProtected: null };
}

/** The district's channel settings; a channel without a row is off. */
export async function channelStates(data: DistrictData): Promise<Record<ChannelName, ChannelState>> {
  const rows = await data.selectFrom("notification_channels").selectAll().execute();
  const states = {} as Record<ChannelName, ChannelState>;
  for (const channel of CHANNELS) states[channel] = channelState(rows.find((r) => r.channel === channel));
  return states;
}

/** The settings a channel sends with, the credential decrypted only now. */
export async function sendingSettings(env: Env, state: ChannelState): Promise<ChannelSettings> {
  return { config: state.config, secret: state.secretProtected ? await reveal(state.secretProtected, env.PERSONAL_DATA_KEY) : "" };
}
