import { sql } from "kysely";
import type { DistrictData } from "../data/district-data";
import { beijingDateTime } from "../lib/beijing-time";
import { t, type Locale, type MessageKey } from "../i18n/messages";
import { CsrfField } from "../ui/layout";
import { kindNamed, render } from "./kinds";
import type { DeliveryChannel, DeliveryStatus } from "./tables";

// The delivery log ("outbox"): every message by channel and recipient with its status,
// for the district admin and, across districts, the operator. In development every
// channel records instead of sending, so this is where a message can be read.

export interface LoggedDelivery {
  id: string;
  at: string;
  title: string;
  body: string;
  recipient: string;
  channel: DeliveryChannel;
  status: DeliveryStatus;
  attempts: number;
  /** When a waiting message goes, if later than it was written (quiet hours, a retry's backoff). */
  dueAt: string | null;
  lastError: string | null;
  targetType: string;
  targetId: string | null;
  /** An urgent message recorded in outbox mode (never sent) with a secret still sealed: the operator may open it. */
  sealed: boolean;
}

export async function deliveryLog(data: DistrictData, locale: Locale, options: { failedOnly?: boolean; target?: { type: string; id: string }; limit?: number } = {}): Promise<LoggedDelivery[]> {
  let q = data
    .selectFrom("notification_deliveries")
    .innerJoin("notification_events", (j) => j.onRef("notification_events.district_id", "=", "notification_deliveries.district_id").onRef("notification_events.id", "=", "notification_deliveries.event_id"))
    .leftJoin("users", (j) => j.onRef("users.district_id", "=", "notification_deliveries.district_id").onRef("users.id", "=", "notification_deliveries.user_id"))
    .select([
      "notification_deliveries.id",
      "notification_deliveries.created_at",
      "notification_deliveries.channel",
      "notification_deliveries.status",
      "notification_deliveries.attempts",
      "notification_deliveries.next_attempt_at",
      "notification_deliveries.last_error",
      "notification_events.kind",
      "notification_events.params_json",
      "notification_events.target_type",
      "notification_events.target_id",
      "users.display_name",
    ])
    .orderBy("notification_deliveries.created_at", "desc")
    .limit(options.limit ?? 200);
  if (options.failedOnly) q = q.where("notification_deliveries.status", "=", "dead");
  if (options.target) q = q.where("notification_events.target_type", "=", options.target.type).where("notification_events.target_id", "=", options.target.id);
  const rows = await q.execute();
  return rows.map((r) => {
    const kind = kindNamed(r.kind);
    const params = JSON.parse(r.params_json) as Record<string, string>;
    const text = kind ? render(kind, locale, params) : { title: r.kind, body: "" };
    return {
      id: r.id,
      sealed: r.status === "outbox" && kind?.urgency === "urgent" && (kind.secret ?? []).some((name) => params[name]?.startsWith("v1.")),
      at: r.created_at,
      title: text.title,
      body: text.body,
      // An address recipient has no account, and the address stays sealed here.
      recipient: r.display_name ?? "—",
      channel: r.channel,
      status: r.status,
      attempts: r.attempts,
      dueAt: r.status === "pending" && r.next_attempt_at > r.created_at ? r.next_attempt_at : null,
      lastError: r.last_error,
      targetType: r.target_type,
      targetId: r.target_id,
    };
  });
}

/**
 * The table of deliveries; with `retryAction`, failed ones get a button to send again, and
 * with `revealAction`, sealed ones recorded in outbox mode a button to open them.
 */
export function DeliveryTable(props: { locale: Locale; rows: LoggedDelivery[]; csrfToken?: string | null; retryAction?: (id: string) => string; revealAction?: (id: string) => string }) {
  const l = props.locale;
  if (!props.rows.length) return <p>{t(l, "notifications.admin.empty")}</p>;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t(l, "notifications.admin.when")}</th>
            <th scope="col">{t(l, "notifications.admin.kind")}</th>
            <th scope="col">{t(l, "notifications.admin.recipient")}</th>
            <th scope="col">{t(l, "notifications.admin.channel")}</th>
            <th scope="col">{t(l, "notifications.admin.status")}</th>
            <th scope="col">{t(l, "notifications.admin.attempts")}</th>
            <th scope="col">{t(l, "notifications.admin.error")}</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr>
              <td>{beijingDateTime(r.at)}</td>
              <td>
                <strong>{r.title}</strong>
                <br />
                <small>{r.body}</small>
                {r.sealed && props.revealAction ? (
                  <form method="post" action={props.revealAction(r.id)}>
                    <CsrfField token={props.csrfToken ?? null} />
                    <button type="submit" class="linkbutton">
                      {t(l, "notifications.platform.reveal")}
                    </button>
                  </form>
                ) : null}
              </td>
              <td>{r.recipient}</td>
              <td>{t(l, `notifications.channel.${r.channel}` as MessageKey)}</td>
              <td>
                <span class={`badge ${r.status === "dead" ? "bad" : r.status === "sent" || r.status === "outbox" ? "ok" : ""}`}>{t(l, `notifications.status.${r.status}` as MessageKey)}</span>
                {r.dueAt ? (
                  <>
                    <br />
                    <small>{t(l, "notifications.status.dueAt", { at: beijingDateTime(r.dueAt) })}</small>
                  </>
                ) : null}
                {r.status === "dead" && props.retryAction ? (
                  <form method="post" action={props.retryAction(r.id)}>
                    <CsrfField token={props.csrfToken ?? null} />
                    <button type="submit" class="linkbutton">
                      {t(l, "notifications.admin.retry")}
                    </button>
                  </form>
                ) : null}
              </td>
              <td>{r.attempts}</td>
              <td>{r.lastError ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * How the messages about each record went, by record id: the latest event's delivery by
 * SMS, e-mail or WeChat (else the inbox) as a label ("电子邮件：已发送"); waiting while
 * the event is not yet resolved.
 */
export async function deliveryLabels(data: DistrictData, locale: Locale, targetType: string, ids: readonly string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (!ids.length) return found;
  const rows = await data
    .selectFrom("notification_events")
    .leftJoin("notification_deliveries", (j) => j.onRef("notification_deliveries.district_id", "=", "notification_events.district_id").onRef("notification_deliveries.event_id", "=", "notification_events.id"))
    .select(["notification_events.target_id", "notification_deliveries.channel", "notification_deliveries.status"])
    .where("notification_events.target_type", "=", targetType)
    .where("notification_events.target_id", "in", ids)
    .orderBy("notification_events.created_at")
    // The inbox first, so that a message's SMS, e-mail or WeChat status, if any, is the one kept.
    .orderBy(sql`notification_deliveries.channel <> 'inbox'`)
    .execute();
  for (const r of rows) {
    const status = t(locale, `notifications.status.${r.status ?? "pending"}` as MessageKey);
    found.set(r.target_id!, r.channel ? `${t(locale, `notifications.channel.${r.channel}` as MessageKey)}：${status}` : status);
  }
  return found;
}

/** A delivery still held in the outbox (never sent), with what its message said, for the operator to reveal. */
export function outboxDeliveryToReveal(data: DistrictData, deliveryId: string) {
  return data
    .selectFrom("notification_deliveries")
    .innerJoin("notification_events", (j) => j.onRef("notification_events.district_id", "=", "notification_deliveries.district_id").onRef("notification_events.id", "=", "notification_deliveries.event_id"))
    .select(["notification_deliveries.id", "notification_deliveries.channel", "notification_events.kind", "notification_events.params_json"])
    .where("notification_deliveries.id", "=", deliveryId)
    .where("notification_deliveries.status", "=", "outbox")
    .executeTakeFirst();
}
