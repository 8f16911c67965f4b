// Kysely types of migrations/district/0009_notifications.sql (the outbox as 0020 rebuilt it).

export type ChannelName = "sms" | "email" | "wechat";
export type DeliveryChannel = "inbox" | ChannelName;
export type DeliveryStatus = "pending" | "sending" | "sent" | "outbox" | "digest" | "dead" | "skipped";
export type RecipientType = "person" | "organization" | "permission" | "address";

export interface NotificationEventsTable {
  district_id: string;
  id: string;
  kind: string;
  recipient_type: RecipientType;
  recipient_ref: string;
  /** For a permission recipient: the permission reached instead of the kind's (0025). */
  recipient_permission: string | null;
  /** An address recipient's language, where they chose one; people with an account have theirs on the user. */
  locale: "zh-CN" | "en" | null;
  params_json: string;
  target_type: string;
  target_id: string | null;
  urgent: number;
  state: "new" | "resolved" | "done";
  created_at: string;
  resolved_at: string | null;
}

export interface NotificationDeliveriesTable {
  district_id: string;
  id: string;
  event_id: string;
  user_id: string;
  channel: DeliveryChannel;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: string;
  claimed_at: string | null;
  sent_at: string | null;
  read_at: string | null;
  last_error: string | null;
  provider_ref: string | null;
  created_at: string;
}

export interface NotificationAttemptsTable {
  district_id: string;
  delivery_id: string;
  attempt: number;
  at: string;
  outcome: "sent" | "failed" | "throttled" | "outbox";
  detail: string;
}

export interface NotificationChannelsTable {
  district_id: string;
  channel: ChannelName;
  mode: "off" | "outbox" | "provider";
  config_json: string;
  secret_protected: string | null;
  version: number;
  updated_by: string | null;
  updated_at: string;
}

export interface NotificationContactsTable {
  district_id: string;
  user_id: string;
  phone_protected: string | null;
  wechat_openid: string | null;
  digest: number;
  unsubscribe_key: string;
  updated_at: string;
}

export interface NotificationPreferencesTable {
  district_id: string;
  user_id: string;
  kind: string;
  channels: string;
  updated_at: string;
}

/** Password reset codes (src/auth/password-reset.tsx), created by the same migration. */
export interface PasswordResetsTable {
  district_id: string;
  id: string;
  user_id: string;
  code_hash: string;
  expires_at: string;
  used_at: string | null;
  attempts: number;
  created_at: string;
}

/** Sign-up phone codes (src/auth/phone-verification.ts), migration 0025. */
export interface PhoneVerificationsTable {
  district_id: string;
  id: string;
  phone_hash: string;
  code_hash: string;
  expires_at: string;
  attempts: number;
  used_at: string | null;
  created_at: string;
}

export interface NotificationsTables {
  password_resets: PasswordResetsTable;
  phone_verifications: PhoneVerificationsTable;
  notification_events: NotificationEventsTable;
  notification_deliveries: NotificationDeliveriesTable;
  notification_attempts: NotificationAttemptsTable;
  notification_channels: NotificationChannelsTable;
  notification_contacts: NotificationContactsTable;
  notification_preferences: NotificationPreferencesTable;
}

declare module "../data/schema" {
  interface DistrictTables extends NotificationsTables {}
}
