import type { DistrictData } from "../data/district-data";
import type { Locale } from "../i18n/messages";
import { kindNamed, render } from "./kinds";

// The in-product inbox: the inbox deliveries of a person, rendered in the reader's
// language when read (the event keeps parameters, not text). The bell's unread count
// is read with the session (src/auth/sessions.ts).

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

/** The person's unread inbox messages about these records, by "type:id" of the record. */
export async function unreadAbout(data: DistrictData, userId: string, locale: Locale, records: readonly { type: string; id: string }[]): Promise<Map<string, { id: string; title: string }[]>> {
  const found = new Map<string, { id: string; title: string }[]>();
  if (!records.length) return found;
  const rows = await data
    .selectFrom("notification_deliveries")
    .innerJoin("notification_events", (j) => j.onRef("notification_events.district_id", "=", "notification_deliveries.district_id").onRef("notification_events.id", "=", "notification_deliveries.event_id"))
    .select(["notification_deliveries.id", "notification_events.kind", "notification_events.params_json", "notification_events.target_type", "notification_events.target_id"])
    .where("notification_deliveries.user_id", "=", userId)
    .where("notification_deliveries.channel", "=", "inbox")
    .where("notification_deliveries.read_at", "is", null)
    .where("notification_events.target_id", "in", [...new Set(records.map((r) => r.id))])
    .orderBy("notification_deliveries.created_at", "desc")
    .execute();
  return rows.reduce((map, r) => {
    const kind = kindNamed(r.kind);
    if (!kind) return map;
    const key = `${r.target_type}:${r.target_id}`;
    map.set(key, [...(map.get(key) ?? []), { id: r.id, title: render(kind, locale, JSON.parse(r.params_json) as Record<string, string>).title }]);
    return map;
  }, found);
}

/**
 * Opens one of the person's own messages: it and their other unread messages about the
 * same record are marked read (reading the record is reading what it says about it), and
 * the record's path under the district base is answered; null for another's message.
 */
export async function openMessage(data: DistrictData, userId: string, deliveryId: string, now: string): Promise<{ link: string | null } | null> {
  const row = await data
    .selectFrom("notification_deliveries")
    .innerJoin("notification_events", (j) => j.onRef("notification_events.district_id", "=", "notification_deliveries.district_id").onRef("notification_events.id", "=", "notification_deliveries.event_id"))
    .select(["notification_events.kind", "notification_events.params_json", "notification_events.target_type", "notification_events.target_id"])
    .where("notification_deliveries.id", "=", deliveryId)
    .where("notification_deliveries.user_id", "=", userId)
    .where("notification_deliveries.channel", "=", "inbox")
    .executeTakeFirst();
  if (!row) return null;
  const { target_type: type, target_id: id } = row;
  const sameRecord = data
    .selectFrom("notification_events")
    .select("id")
    .where("target_type", "=", type)
    .where("target_id", "=", id ?? "");
  await data.writeUnaudited([
    data
      .updateTable("notification_deliveries")
      .set({ read_at: now })
      .where("user_id", "=", userId)
      .where("channel", "=", "inbox")
      .where("read_at", "is", null)
      .where((eb) => (id === null ? eb("id", "=", deliveryId) : eb.or([eb("id", "=", deliveryId), eb("event_id", "in", sameRecord)]))),
  ]);
  const kind = kindNamed(row.kind);
  return { link: kind ? render(kind, "zh-CN", JSON.parse(row.params_json) as Record<string, string>).link : null };
}

/** Marks one of the person's own messages read (another's id changes nothing). */
export function markRead(data: DistrictData, userId: string, deliveryId: string | null, now: string) {
  let q = data.updateTable("notification_deliveries").set({ read_at: now }).where("user_id", "=", userId).where("channel", "=", "inbox").where("read_at", "is", null);
  if (deliveryId !== null) q = q.where("id", "=", deliveryId);
  return data.writeUnaudited([q]);
}
