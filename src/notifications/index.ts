import { defineModule } from "../core/module-contract";
import served from "./served";
import { CORE_KINDS } from "./core-kinds";
import { notificationsMessages } from "./messages";
import { publishEmitted } from "./publish";

/**
 * Notifications: modules add outbox events in the same write as their change (notify()
 * in src/core/module-contract.ts), the queue consumer turns them into messages by inbox,
 * SMS, e-mail and WeChat. Listed last, so its dispatch job runs after every module's jobs
 * and hands their events to the queue in the same run.
 */
export const notificationsModule = defineModule({
  name: "notifications",
  switchable: false,
  ...served,
  districtMiddleware: [publishEmitted],
  nav: [{ path: "/notifications/admin", label: "notifications.nav.settings", access: "district.manage", order: 186 }],
  messages: notificationsMessages,
  notifications: CORE_KINDS,
  tables: ["notification_events", "notification_deliveries", "notification_attempts", "notification_channels", "notification_contacts", "notification_preferences"],
  // Provider credentials are secrets, not the district's data.
  unexportedTables: ["notification_channels"],
});

export type { NotificationsTables } from "./tables";
