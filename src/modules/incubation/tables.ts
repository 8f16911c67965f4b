// Kysely types of the incubation module's tables (migrations/district/0003_review_incubation.sql,
// 0016_incubation_period_rules.sql).

export const APPLICATION_STATUSES = ["draft", "submitted", "returned", "in_review", "proposed", "in_notice", "admitted", "rejected", "withdrawn"] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const PARK_SERVICES = ["venue", "capacity_building", "financial_custody", "registration_help", "management_consulting", "resource_matching"] as const;
export type ParkService = (typeof PARK_SERVICES)[number];

export interface IncubationTables {
  parks: {
    district_id: string;
    id: string;
    name: string;
    level: "district" | "subdistrict" | "community";
    area_code: string | null;
    operator_name: string;
    address: string;
    description: string;
    services_json: string;
    physical: number;
    virtual: number;
    version: number;
    created_at: string;
    updated_at: string;
  };
  park_spaces: {
    district_id: string;
    id: string;
    park_id: string;
    kind: "workstation" | "office" | "meeting_room";
    label: string;
    capacity: number;
    status: "available" | "occupied" | "maintenance";
    created_at: string;
  };
  calls: {
    district_id: string;
    id: string;
    park_id: string;
    title: string;
    opens_at: string;
    closes_at: string;
    places: number;
    eligibility_text: string;
    materials_json: string;
    rubric_id: string;
    notice_working_days: number;
    status: "published" | "closed";
    created_by: string;
    created_at: string;
  };
  call_reviewers: { district_id: string; call_id: string; user_id: string };
  applications: {
    district_id: string;
    id: string;
    call_id: string;
    organization_id: string;
    applicant_id: string;
    status: ApplicationStatus;
    form_json: string;
    version: number;
    submitted_at: string | null;
    eligibility_due_on: string | null;
    eligibility_done_at: string | null;
    decided_at: string | null;
    created_at: string;
    updated_at: string;
  };
  application_events: {
    district_id: string;
    id: string;
    application_id: string;
    at: string;
    from_status: string | null;
    to_status: string;
    actor_id: string | null;
    actor_role: string;
    note: string;
  };
  application_attachments: {
    district_id: string;
    id: string;
    application_id: string;
    material_key: string;
    filename: string;
    content_type: string;
    size: number;
    r2_key: string;
    uploaded_by: string;
    uploaded_at: string;
  };
  incubations: {
    district_id: string;
    id: string;
    application_id: string;
    park_id: string;
    organization_id: string;
    space_id: string | null;
    virtual: number;
    started_on: string;
    planned_end_on: string;
    renewals_used: number;
    registration_due_on: string | null;
    status: "active" | "graduated" | "eliminated";
    ended_on: string | null;
    handback_due_on: string | null;
    version: number;
    /** The day after the period ended without renewal: exit assessment due. */
    exit_due_on: string | null;
    /** The day after a founding team's registration deadline passed unregistered. */
    registration_overdue_on: string | null;
    /** When the space was released after exit. */
    space_freed_on: string | null;
    /** Why staff ended the incubation outside an exit assessment (registration overdue). */
    end_reason: string | null;
  };
  incubation_services: {
    district_id: string;
    id: string;
    incubation_id: string;
    service: string;
    on_date: string;
    description: string;
    provider: string;
    recorded_by: string;
  };
  incubation_milestones: {
    district_id: string;
    id: string;
    incubation_id: string;
    milestone: "registered" | "first_project" | "first_grant" | "other";
    on_date: string;
    note: string;
    recorded_by: string;
  };
  exit_assessments: {
    district_id: string;
    id: string;
    incubation_id: string;
    outcome: "graduated" | "extended" | "eliminated";
    score: number;
    reasons: string;
    assessed_by: string;
    assessed_at: string;
    exit_review_id: string | null;
  };
  exit_reviews: {
    district_id: string;
    id: string;
    incubation_id: string;
    rubric_id: string;
    status: "in_review" | "decided";
    opened_by: string;
    opened_at: string;
    decided_at: string | null;
  };
}

declare module "../../data/schema" {
  interface DistrictTables extends IncubationTables {}
}
