import type { DistrictData } from "../data/district-data";
import type { Env } from "../env";
import { platformOrigin } from "../http/origin";
import type { Job } from "../jobs";
import { EVERY_FIVE_MINUTES } from "../jobs/crons";
import { atBeijing, beijingWallClock } from "../lib/beijing-time";
import { emailChannel } from "./channels/email";
import { kindNamed, render } from "./kinds";
import { channelStates, sendingSettings } from "./settings";

// Staff who chose the daily digest get their non-urgent e-mail as one message after
// 08:00 Beijing time: everything that waited since the previous morning.

const SUBJECT = ["每日消息汇总", "Daily summary of messages"] as const;

export async function sendDigests(env: Env, data: DistrictData, now: string, fetcher: typeof fetch = fetch): Promise<number> {
  const wall = beijingWallClock(now);
  if (wall.getUTCHours() < 8) return 0;
  const cutoff = new Date(Date.parse(atBeijing(wall.toISOString().slice(0, 10), "08:00:00"))).toISOString();
  const email = (await channelStates(data)).email;
  if (email.mode === "off") return 0;
  const waiting = await data.selectFrom("notification_deliveries").select(["user_id"]).where("status", "=", "digest").where("created_at", "<", cutoff).groupBy("user_id").limit(200).execute();
  let sent = 0;
  for (const { user_id: userId } of waiting) {
    // Claimed first, so a second run at the same time sends nothing twice.
    const [claimed] = await data.writeUnaudited([
      data.updateTable("notification_deliveries").set({ status: "sending", claimed_at: now }).where("user_id", "=", userId).where("status", "=", "digest").where("created_at", "<", cutoff).returning(["id", "event_id"]),
    ]);
    const rows = (claimed ?? []) as { id: string; event_id: string }[];
    if (!rows.length) continue;
    const [events, users] = await data.read<{ kind?: string; params_json?: string; email?: string; locale?: string }>([
      data
        .selectFrom("notification_events")
        .select(["kind", "params_json"])
        .where(
          "id",
          "in",
          rows.map((r) => r.event_id),
        )
        .orderBy("created_at"),
      data.selectFrom("users").select(["email", "locale"]).where("id", "=", userId),
    ]);
    const user = users![0];
    const locale = user?.locale === "en" ? "en" : "zh-CN";
    const lines = events!.flatMap((e) => {
      const kind = kindNamed(e.kind!);
      return kind ? [`• ${render(kind, locale, JSON.parse(e.params_json!) as Record<string, string>).title}`] : [];
    });
    const base = `${platformOrigin(env).origin}/d/${data.districtId}`;
    const outcome =
      email.mode === "outbox"
        ? { ok: true as const, ref: "" }
        : await emailChannel.send(
            { idempotencyKey: `digest:${userId}:${cutoff}`, kind: "notifications.digest", title: SUBJECT[locale === "en" ? 1 : 0], body: lines.join("\n"), url: `${base}/notifications`, params: [], address: user?.email ?? "" },
            await sendingSettings(env, email),
            fetcher,
          );
    const ids = rows.map((r) => r.id);
    const set = outcome.ok ? { status: (email.mode === "outbox" ? "outbox" : "sent") as "outbox" | "sent", sent_at: now, last_error: null } : { status: "digest" as const, last_error: outcome.detail };
    await data.write([data.updateTable("notification_deliveries").set(set).where("id", "in", ids)], {
      action: outcome.ok ? "notification.digest_sent" : "notification.digest_failed",
      targetType: "user",
      targetId: userId,
      after: { messages: ids.length },
    });
    if (outcome.ok) sent += 1;
  }
  return sent;
}

export const digestJob: Job = { name: "notifications.digest", cron: EVERY_FIVE_MINUTES, run: ({ env, data, now }) => sendDigests(env, data, now) };
