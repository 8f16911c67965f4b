// Kysely types of migrations/district/0010_linkage_needs.sql and 0011_linkage_meetings.sql.

export const NEED_CATEGORIES = ["elderly", "children", "disability", "health", "environment", "safety", "facilities", "culture", "employment", "neighbourhood", "other"] as const;
export type NeedCategory = (typeof NEED_CATEGORIES)[number];

/** How a need reached the community: the resident's own form, or staff who heard it. */
export const NEED_SOURCES = ["online", "grid_worker", "residents_council", "visit", "hotline", "wechat", "other"] as const;
export type NeedSource = (typeof NEED_SOURCES)[number];
/** The sources staff may record (online is the resident's form). */
export const STAFF_SOURCES = NEED_SOURCES.filter((s) => s !== "online");

export const NEED_STATUSES = ["received", "accepted", "solved", "referred", "declined", "merged"] as const;
export type NeedStatus = (typeof NEED_STATUSES)[number];

export const NEED_PRIORITIES = ["high", "normal", "low"] as const;
export type NeedPriority = (typeof NEED_PRIORITIES)[number];

export interface LinkageNeedsTable {
  district_id: string;
  id: string;
  receipt_code: string;
  community_code: string;
  category: NeedCategory;
  description: string;
  location: string;
  source: NeedSource;
  resident_name: string;
  phone: string | null;
  phone_lookup: string | null;
  r2_key: string | null;
  photo_type: "image/png" | "image/jpeg" | null;
  status: NeedStatus;
  priority: NeedPriority | null;
  answer: string;
  merged_into: string | null;
  due_on: string;
  overdue: number;
  received_at: string;
  answered_at: string | null;
  /** Working days from receipt to the first answer, fixed when it is given (for the summary's median). */
  answer_working_days: number | null;
  answered_by: string | null;
  entered_by: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** The three societies and the others at the table (社区两委, 社会组织, 社会工作者, 居民代表, 政府部门). */
export const SOCIETIES = ["committee", "organization", "social_worker", "resident", "government"] as const;
export type Society = (typeof SOCIETIES)[number];

export interface LinkageMeetingsTable {
  district_id: string;
  id: string;
  area_code: string | null;
  title: string;
  held_on: string;
  place: string;
  agenda: string;
  minutes: string;
  decisions: string;
  public_summary: string;
  published: number;
  created_by: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface LinkageMeetingParticipantsTable {
  district_id: string;
  meeting_id: string;
  seq: number;
  society: Society;
  name: string;
}

export interface LinkageMeetingFilesTable {
  district_id: string;
  id: string;
  meeting_id: string;
  r2_key: string;
  filename: string;
  content_type: string;
  size: number;
  created_by: string | null;
  created_at: string;
}

export interface LinkageActionsTable {
  district_id: string;
  id: string;
  meeting_id: string;
  title: string;
  owner_kind: "person" | "organization";
  owner_name: string;
  due_on: string;
  status: "open" | "done";
  done_on: string | null;
  note: string;
  overdue: number;
  need_id: string | null;
  contract_id: string | null;
  created_by: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface LinkageTables {
  linkage_needs: LinkageNeedsTable;
  linkage_meetings: LinkageMeetingsTable;
  linkage_meeting_participants: LinkageMeetingParticipantsTable;
  linkage_meeting_files: LinkageMeetingFilesTable;
  linkage_actions: LinkageActionsTable;
}

declare module "../../data/schema" {
  interface DistrictTables extends LinkageTables {}
}
