import type { Compilable } from "kysely";
import type { Permission } from "../auth/permissions";
import type { NotificationKind } from "../core/module-contract";
import type { DistrictData } from "../data/district-data";
import type { Locale } from "../i18n/messages";
import { newId } from "../lib/ids";
import { nowIso } from "../lib/time";

export interface NotifyInput<P extends string> {
  /** A user id, an organization id or an area code, as the kind's recipients say. */
  to: string;
  params: Readonly<Record<P, string | number>>;
  /** The record the message is about; its page shows the delivery status. */
  target: { type: string; id: string | null };
  /** For an address recipient: the language they chose (the page they filed on), if known. */
  locale?: Locale | null;
  /** For a permission recipient: holders of this permission instead of the kind's. */
  permission?: Permission;
}

// Events emitted by a request or job, by its request id, so that they are handed to the
// queue as soon as the write has committed (src/notifications/publish.ts). An event whose
// batch rolled back is not in the database, and the consumer drops it.
const emitted = new Map<string, { district: string; events: string[] }>();

/** The events emitted under this request id since the last call, forgotten here. */
export function takeEmitted(requestId: string): { district: string; events: string[] } | undefined {
  const found = emitted.get(requestId);
  emitted.delete(requestId);
  return found;
}

/**
 * The outbox row of one notification, to put in the same DistrictData.write (or batch)
 * as the change that causes it: nothing is sent if that change rolls back, nothing is
 * lost once it has committed.
 */
export function notify<P extends string>(data: DistrictData, kind: NotificationKind<P>, input: NotifyInput<P>): Compilable {
  for (const name of kind.params) {
    if (!(name in input.params)) throw new Error(`notification ${kind.name}: parameter "${name}" missing`);
  }
  const id = newId();
  const requestId = data.actor.requestId;
  if (requestId) {
    const pending = emitted.get(requestId) ?? { district: data.districtId, events: [] };
    pending.events.push(id);
    emitted.set(requestId, pending);
    // A request that never reached the publishing step (an error page) leaves its ids
    // behind; the dispatch job finds those events anyway, so the oldest may be dropped.
    if (emitted.size > 500) emitted.delete(emitted.keys().next().value!);
  }
  const params = Object.fromEntries(kind.params.map((name) => [name, String(input.params[name])]));
  return data.insertInto("notification_events", {
    id,
    kind: kind.name,
    recipient_type: kind.recipients.type,
    recipient_ref: input.to,
    recipient_permission: kind.recipients.type === "permission" ? (input.permission ?? null) : null,
    locale: kind.recipients.type === "address" ? (input.locale ?? null) : null,
    params_json: JSON.stringify(params),
    target_type: input.target.type,
    target_id: input.target.id,
    urgent: kind.urgency === "urgent" ? 1 : 0,
    state: "new",
    created_at: nowIso(),
    resolved_at: null,
  });
}
