// Kysely table types. They mirror migrations/ exactly: the SQL there is the schema,
// these only describe it to the type checker.

import type { ColumnType, Generated } from "kysely";

export const ROLES = ["district_admin", "subdistrict_staff", "community_staff", "reviewer", "evaluator", "org_member", "social_worker"] as const;
export type Role = (typeof ROLES)[number];

export interface AreasTable {
  district_id: string;
  code: string;
  level: "subdistrict" | "community";
  parent_code: string | null;
  name_zh: string;
  name_en: string;
  kind: string;
  /** Residents (常住人口), when known: the figures per 10,000 residents use it. */
  population: ColumnType<number | null, number | null | undefined, number | null>;
  /** A revoked (已撤销) area stays as history and is not offered for new records. */
  status: ColumnType<"active" | "revoked", "active" | "revoked" | undefined, "active" | "revoked">;
  created_at: string;
  updated_at: string;
}

export interface UsersTable {
  district_id: string;
  id: string;
  email: string;
  display_name: string;
  password_hash: string;
  status: "active" | "disabled";
  locale: string;
  password_changed_at: string;
  created_at: string;
  updated_at: string;
}

/** Characters and adjacent pairs of each organization's name_key, kept by triggers (migrations/district/0021_name_search.sql). */
export interface NameGramsTable {
  district_id: string;
  subject: "organization";
  gram: string;
  ref_id: string;
}

export interface OrganizationsTable {
  district_id: string;
  id: string;
  name: string;
  uscc: string | null;
  kind: "registered" | "founding_team";
  org_type: string;
  area_code: string | null;
  verification: "unverified" | "verified";
  created_at: string;
  updated_at: string;
  // Added by the disclosure module (migrations/district/0005_disclosure.sql).
  name_key: Generated<string>;
  /** Pinyin initials then name_key, kept by triggers (0033): the directory browses in this order. */
  sort_key: Generated<string>;
  registration_authority: Generated<string>;
  registered_on: string | null;
  domicile: Generated<string>;
  business_scope: Generated<string>;
  legal_rep_name: Generated<string>;
  legal_rep_id_protected: string | null;
  legal_rep_id_hash: string | null;
  legal_rep_phone_protected: string | null;
  grade: string | null;
  grade_valid_until: string | null;
  grade_status: Generated<"none" | "valid" | "expired">;
  list_status: Generated<"none" | "abnormal" | "serious">;
  filing_status: Generated<"none" | "not_due" | "on_time" | "late" | "overdue">;
  last_report_year: number | null;
  last_report_filed_on: string | null;
  version: Generated<number>;
  // Added by migrations/district/0019_credit_registration.sql.
  registration_status: Generated<"active" | "deregistered" | "revoked" | "license_revoked">;
  /** own: registered by this district's bureau; other: by another authority; filed: 备案 with a 街道/乡镇. */
  registration_scope: Generated<"own" | "other" | "filed">;
  registration_status_on: Generated<string | null>;
  registration_status_reason: Generated<string>;
  /** A 社会团体's kind for evaluation (0040): its round may score it on a rubric of its own. */
  association_subtype: Generated<"other" | "industry" | "academic" | "federation" | "professional">;
}

export interface RoleGrantsTable {
  district_id: string;
  user_id: string;
  role: Role;
  scope_area: string;
  organization_id: string | null;
  created_at: string;
}

export interface SessionsTable {
  district_id: string;
  id_hash: string;
  user_id: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export interface LoginFailuresTable {
  district_id: string;
  email: string;
  failed_at: string;
}

export interface SubmissionsTable {
  district_id: string;
  key_hash: string;
  request_hash: string;
  status: number | null;
  location: string | null;
  content_type: string | null;
  body: string | null;
  created_at: string;
}

export interface AuditEventsTable {
  district_id: string;
  seq: number;
  id: string;
  at: string;
  actor_id: string | null;
  actor_role: string;
  action: string;
  target_type: string;
  target_id: string | null;
  summary_json: string;
  request_id: string | null;
  prev_hash: string;
  hash: string;
}

export interface CreditListEntriesTable {
  district_id: string;
  id: string;
  organization_id: string;
  list: "abnormal" | "serious";
  reason: string;
  legal_basis: string;
  deciding_body: string;
  decided_on: string;
  exited_on: string | null;
  created_at: string;
  // Added by the disclosure module (migrations/district/0005_disclosure.sql).
  reason_code: Generated<string>;
  event_on: string | null;
  needs_rectification: Generated<number>;
  clock_started_on: string | null;
  rectification_verified_on: string | null;
  exit_due_on: string | null;
  exit_reason: "rectified" | "auto" | "application" | "transferred" | "revoked" | null;
  exit_note: string | null;
  exited_by: string | null;
  source_entry_id: string | null;
  created_by: string | null;
  version: Generated<number>;
}

/**
 * The tables modules add to a district shard. Each module's tables.ts merges its own in,
 * `declare module "../../data/schema" { interface DistrictTables extends PostsTables {} }`,
 * so that the core's schema names no module.
 */
// biome-ignore lint/suspicious/noEmptyInterface: modules add their tables by declaration merging, which only an interface allows
export interface DistrictTables {}

/** Tables of a district shard. Every one has district_id. */
export interface DistrictDB extends DistrictTables {
  areas: AreasTable;
  users: UsersTable;
  organizations: OrganizationsTable;
  name_grams: NameGramsTable;
  role_grants: RoleGrantsTable;
  sessions: SessionsTable;
  login_failures: LoginFailuresTable;
  submissions: SubmissionsTable;
  audit_events: AuditEventsTable;
  credit_list_entries: CreditListEntriesTable;
}
export type DistrictTable = keyof DistrictDB;

export interface DistrictsTable {
  code: string;
  name_zh: string;
  name_en: string;
  parent_name_zh: string;
  parent_name_en: string;
  shard: string;
  status: "onboarding" | "active" | "suspended";
  status_reason: string | null;
  settings_json: string;
  modules_json: string;
  /** Public profile (src/tenants/profile.ts). */
  profile_json: string;
  /** Onboarding wizard progress: {"steps": [...]}. */
  onboarding_json: Generated<string>;
  suspended_from: "onboarding" | "active" | null;
  /** Set while the district's data moves between shards: writes are refused. */
  write_lock: Generated<"moving" | null>;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface PlatformAuditEventsTable {
  seq: number;
  id: string;
  at: string;
  actor_id: string | null;
  actor_role: string;
  action: string;
  target_type: string;
  target_id: string | null;
  summary_json: string;
  request_id: string | null;
  prev_hash: string;
  hash: string;
}

export interface HolidayCalendarsTable {
  year: number;
  holidays_json: string;
  workdays_json: string;
  source: string;
  updated_by: string | null;
  updated_at: string;
}

export interface PlatformDB {
  holiday_calendars: HolidayCalendarsTable;
  districts: DistrictsTable;
  district_hostnames: { hostname: string; district_code: string };
  account_directory: { email: string; district_code: string; user_id: string; created_at: string };
  operators: {
    id: string;
    email: string;
    display_name: string;
    password_hash: string;
    status: "active" | "disabled";
    created_at: string;
    updated_at: string;
  };
  operator_sessions: { id_hash: string; operator_id: string; created_at: string; last_seen_at: string; expires_at: string };
  operator_login_failures: { email: string; failed_at: string };
  platform_audit_events: PlatformAuditEventsTable;
  job_runs: JobRunsTable;
  job_retries: JobRetriesTable;
  district_moves: DistrictMovesTable;
  platform_channels: { channel: "email"; mode: "off" | "outbox" | "provider"; config_json: string; secret_protected: string | null; version: number; updated_by: string | null; updated_at: string };
  platform_messages: PlatformMessagesTable;
  operator_password_resets: { id: string; operator_id: string; code_hash: string; expires_at: string; used_at: string | null; attempts: number; created_at: string };
}

/** What the platform sent to an operator (src/platform/sending.ts), shown on /platform/outbox. */
export interface PlatformMessagesTable {
  id: string;
  operator_id: string;
  kind: string;
  params_json: string;
  channel: "email";
  status: "pending" | "sent" | "outbox" | "dead" | "skipped";
  attempts: number;
  last_error: string | null;
  provider_ref: string | null;
  created_at: string;
  sent_at: string | null;
  /** When a pending message is next tried; a claimed one is leased until then (platform 0006). */
  next_attempt_at: string;
  /** The language it is written in, chosen when it was asked for (platform 0006). */
  locale: "zh-CN" | "en";
}

/** Scheduled runs with each job's outcome per district (src/operations/job-log.ts). */
export interface JobRunsTable {
  id: string;
  cron: string;
  scheduled_at: string;
  started_at: string;
  finished_at: string | null;
  districts: number;
  failures: number;
  outcomes_json: string;
}

/** Jobs that failed for a district, run again at every trigger until they succeed. */
export interface JobRetriesTable {
  job: string;
  district_code: string;
  first_failed_at: string;
  attempts: number;
  last_error: string;
}

/** A district's move between shards and the phase it reached (src/operations/move.ts). */
export interface DistrictMovesTable {
  id: string;
  district_code: string;
  from_shard: string;
  to_shard: string;
  phase: "copying" | "copied" | "switched" | "done" | "rolled_back";
  counts_json: string;
  started_by: string;
  started_at: string;
  updated_at: string;
  last_error: string | null;
}

// Kept for modules whose tables use an autoincrement column.
export type { Generated };
