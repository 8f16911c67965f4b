import type { MiddlewareHandler } from "hono";
import { sql } from "kysely";
import type { DistrictData } from "../data/district-data";
import type { AppEnv } from "../env";
import type { Locale } from "../i18n/messages";
import { kindNamed, render } from "./kinds";

// The in-product inbox: the inbox deliveries of a person, rendered in the reader's
// language when read (the event keeps parameters, not text).

/** The bell's count on every page of a signed-in person: one indexed count. */
export const unreadCount: MiddlewareHandler<AppEnv> = async (c, next) => {
  const user = c.var.user;
  if (user && c.req.method === "GET" && !c.req.path.includes("/api/")) {
    const row = await c.var.data.selectFrom("notification_deliveries").select(sql<number>`count(*)`.as("n")).where("user_id", "=", user.id).where("channel", "=", "inbox").where("read_at", "is", null).executeTakeFirst();
    c.set("unreadNotifications", Number(row?.n ?? 0));
  }
  await next();
};

export interface InboxItem {
  id: string;
  title: string;
  body: string;
  link: string | null;
  at: string;
  read: boolean;
  urgent: boolean;
}

export async function inboxOf(data: DistrictData, userId: string, locale: Locale, limit = 100): Promise<InboxItem[]> {
  const rows = await data
    .selectFrom("notification_deliveries")
    .innerJoin("notification_events", (j) => j.onRef("notification_events.district_id", "=", "notification_deliveries.district_id").onRef("notification_events.id", "=", "notification_deliveries.event_id"))
    .select(["notification_deliveries.id", "notification_deliveries.read_at", "notification_deliveries.created_at", "notification_events.kind", "notification_events.params_json", "notification_events.urgent"])
    .where("notification_deliveries.user_id", "=", userId)
    .where("notification_deliveries.channel", "=", "inbox")
    .orderBy("notification_deliveries.created_at", "desc")
    .limit(limit)
    .execute();
  return rows.flatMap((r) => {
    const kind = kindNamed(r.kind);
    if (!kind) return [];
    const text = render(kind, locale, JSON.parse(r.params_json) as Record<string, string>);
    return [{ id: r.id, ...text, at: r.created_at, read: r.read_at !== null, urgent: r.urgent === 1 }];
  });
}

/** Marks one of the person's own messages read (another's id changes nothing). */
export function markRead(data: DistrictData, userId: string, deliveryId: string | null, now: string) {
  let q = data.updateTable("notification_deliveries").set({ read_at: now }).where("user_id", "=", userId).where("channel", "=", "inbox").where("read_at", "is", null);
  if (deliveryId !== null) q = q.where("id", "=", deliveryId);
  return data.writeUnaudited([q]);
}
