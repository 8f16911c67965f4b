import type { ColumnType } from "kysely";
// Kysely types of migrations/district/0004_posts.sql and 0013_post_rules.sql.

export type HostType = "department" | "community" | "station" | "organization";
export type PostKind = "administrative" | "professional" | "assistant";
export type EmbeddingMode = "post_development" | "issue_specific" | "platform_integration";
export type Funding = "government_purchased" | "host_funded";
export type Qualification = "none" | "assistant" | "intermediate" | "senior";
export type PostStatus = "draft" | "open" | "filled" | "closed";
export type TrainingForm = "centralized" | "short_course" | "correspondence" | "internship" | "exchange";
export type EndReason = "completed" | "rotation" | "resigned" | "other";
export type ApplicationStatus = "submitted" | "accepted" | "declined" | "withdrawn";
export type AssessmentGrade = "excellent" | "competent" | "basically_competent" | "incompetent";
export type RewardKind = "material" | "honour" | "promotion";

export interface PostHostsTable {
  district_id: string;
  id: string;
  host_type: HostType;
  name: string;
  area_code: string | null;
  organization_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface PostsTable {
  district_id: string;
  id: string;
  host_id: string;
  area_code: string | null;
  title: string;
  kind: PostKind;
  mode: EmbeddingMode;
  funding: Funding;
  work_content: string;
  responsibilities: string;
  work_steps: string;
  qualification: Qualification;
  headcount: number;
  /** Yuan per month; null when the post does not state it. */
  pay_min: number | null;
  pay_max: number | null;
  working_hours: ColumnType<string, string | undefined, string>;
  /** The host's public office phone, never a person's mobile. */
  contact_phone: ColumnType<string, string | undefined, string>;
  /** The last day applications are taken (YYYY-MM-DD). */
  closes_on: string | null;
  status: PostStatus;
  version: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface PostRevisionsTable {
  district_id: string;
  post_id: string;
  revision: number;
  editor_id: string | null;
  editor_name: string;
  edited_at: string;
  snapshot_json: string;
}

export interface SocialWorkersTable {
  district_id: string;
  id: string;
  name: string;
  area_code: string | null;
  qualification: Qualification;
  certificate_no: string | null;
  id_number_protected: string;
  id_number_hash: string;
  id_number_masked: string;
  phone_protected: string;
  phone_hash: string;
  phone_masked: string;
  user_id: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface WorkerQualificationsTable {
  district_id: string;
  id: string;
  worker_id: string;
  qualification: Qualification;
  certificate_no: string | null;
  recorded_on: string;
  recorded_by: string | null;
  created_at: string;
}

export interface WorkerTrainingsTable {
  district_id: string;
  id: string;
  worker_id: string;
  form: TrainingForm;
  title: string;
  hours: number;
  provider: string;
  held_on: string;
  created_by: string | null;
  created_at: string;
}

export interface PostAssignmentsTable {
  district_id: string;
  id: string;
  post_id: string;
  worker_id: string;
  starts_on: string;
  ends_on: string | null;
  end_reason: EndReason | null;
  rotated_from: string | null;
  application_id: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  /** The district admin's reason for placing a worker below the post's level (0013). */
  qualification_override: string | null;
  override_by: string | null;
  /** The district's limit of concurrent posts when the assignment was made. */
  max_concurrent: number | null;
}

export type RegistrationKind = "first" | "renewal";

/** Certificate registrations (登记 and 再登记), migrations/district/0013_post_rules.sql. */
export interface WorkerRegistrationsTable {
  district_id: string;
  id: string;
  worker_id: string;
  kind: RegistrationKind;
  registered_on: string;
  starts_on: string;
  valid_until: string;
  recorded_by: string | null;
  created_at: string;
}

export interface PostApplicationsTable {
  district_id: string;
  id: string;
  post_id: string;
  worker_id: string;
  motivation: string;
  status: ApplicationStatus;
  decided_by: string | null;
  decided_at: string | null;
  decision_note: string;
  assignment_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface WorkerAssessmentsTable {
  district_id: string;
  id: string;
  assignment_id: string;
  year: number;
  score: number;
  grade: AssessmentGrade;
  assessor_name: string;
  assessor_id: string | null;
  comments: string;
  created_at: string;
}

export interface WorkerRewardsTable {
  district_id: string;
  id: string;
  worker_id: string;
  kind: RewardKind;
  title: string;
  awarded_on: string;
  awarding_body: string;
  amount_yuan: number | null;
  created_by: string | null;
  created_at: string;
}

export interface PostsTables {
  post_hosts: PostHostsTable;
  posts: PostsTable;
  post_revisions: PostRevisionsTable;
  social_workers: SocialWorkersTable;
  worker_qualifications: WorkerQualificationsTable;
  worker_trainings: WorkerTrainingsTable;
  post_assignments: PostAssignmentsTable;
  post_applications: PostApplicationsTable;
  worker_assessments: WorkerAssessmentsTable;
  worker_rewards: WorkerRewardsTable;
  worker_registrations: WorkerRegistrationsTable;
}

declare module "../../data/schema" {
  interface DistrictTables extends PostsTables {}
}
