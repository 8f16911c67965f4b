import type { ColumnType } from "kysely";
// Kysely types of the disclosure module's tables (migrations/district/0005_disclosure.sql).
// Its columns on organizations and credit_list_entries are declared in src/data/schema.ts.

export const DISCLOSURE_KINDS = ["annual_report", "project", "major_change"] as const;
export type DisclosureKind = (typeof DISCLOSURE_KINDS)[number];

export const GRADES = ["5A", "4A", "3A", "2A", "1A"] as const;
export type Grade = (typeof GRADES)[number];

/** A grade's status: 'adjusted' when a tracking or verification evaluation replaced it by another level of the same term. */
export const GRADE_STATUSES = ["valid", "expired", "superseded", "adjusted", "cancelled", "suspended"] as const;
export type GradeStatus = (typeof GRADE_STATUSES)[number];

export const ADJUSTMENT_KINDS = ["tracking", "verification", "credit_list"] as const;
export type AdjustmentKind = (typeof ADJUSTMENT_KINDS)[number];
export const ADJUSTMENT_OUTCOMES = ["kept", "raised", "lowered", "cancelled", "suspended", "restored"] as const;
export type AdjustmentOutcome = (typeof ADJUSTMENT_OUTCOMES)[number];

/** A 社会团体's kind for evaluation; 'other' (未细分) is scored on the 社会团体 rubric. */
export const ASSOCIATION_SUBTYPES = ["other", "industry", "academic", "federation", "professional"] as const;
export type AssociationSubtype = (typeof ASSOCIATION_SUBTYPES)[number];

export const CREDIT_LISTS = ["abnormal", "serious"] as const;
export type CreditList = (typeof CREDIT_LISTS)[number];

export const FILING_STATUSES = ["on_time", "late", "overdue", "not_due", "none"] as const;
export type FilingStatus = (typeof FILING_STATUSES)[number];

export interface DisclosureTables {
  organization_service_fields: { district_id: string; organization_id: string; field: string };
  organization_claims: {
    district_id: string;
    id: string;
    organization_id: string;
    user_id: string;
    position: string;
    statement: string;
    status: "pending" | "verified" | "rejected";
    filed_at: string;
    decided_by: string | null;
    decided_at: string | null;
    decision_note: string | null;
    /** The registration certificate the claimant uploaded (null on older claims). */
    r2_key: ColumnType<string | null, string | null | undefined, string | null>;
    certificate_type: ColumnType<string | null, string | null | undefined, string | null>;
  };
  disclosures: {
    district_id: string;
    id: string;
    organization_id: string;
    kind: DisclosureKind;
    report_year: number | null;
    title: string;
    current_version: number;
    first_published_at: string;
    updated_at: string;
  };
  disclosure_versions: {
    district_id: string;
    disclosure_id: string;
    version: number;
    title: string;
    content_json: string;
    correction_note: string | null;
    published_at: string;
    published_by: string;
  };
  disclosure_attachments: {
    district_id: string;
    id: string;
    disclosure_id: string;
    version: number;
    filename: string;
    content_type: string;
    size: number;
    r2_key: string;
    uploaded_by: string;
    uploaded_at: string;
  };
  credit_list_events: {
    district_id: string;
    id: string;
    entry_id: string;
    organization_id: string;
    kind: string;
    on_date: string;
    note: string;
    detail_json: string;
    public: number;
    actor_id: string | null;
    actor_role: string;
    at: string;
  };
  /** A proposed entry staff decided against, per ground, period and entry (migrations 0027, 0031, 0036). */
  credit_candidate_dismissals: {
    district_id: string;
    id: string;
    organization_id: string;
    ground: "annual_report" | "repeated_penalties" | "abnormal_two_years";
    period: string;
    /** The abnormal-list entry a two-year proposal was about; '' for the other grounds. */
    entry_id: string;
    reason: string;
    dismissed_by: string;
    dismissed_at: string;
  };
  credit_requests: {
    district_id: string;
    id: string;
    entry_id: string;
    organization_id: string;
    kind: "objection" | "rectification" | "exit";
    content: string;
    filed_by: string;
    filed_at: string;
    answer_due_on: string;
    status: "pending" | "accepted" | "refused";
    answer: string | null;
    answered_by: string | null;
    answered_at: string | null;
  };
  evaluation_rounds: {
    district_id: string;
    id: string;
    title: string;
    year: number;
    /** The common rubric of rounds opened before rubrics by type; the fallback for an organization without a type. */
    rubric_id: string;
    /** Organization type → rubric id (0037): each type is scored on its own indicators. */
    type_rubrics_json: string;
    bands_json: string;
    status: "open" | "closed";
    opened_by: string;
    opened_at: string;
  };
  evaluations: {
    district_id: string;
    id: string;
    round_id: string;
    organization_id: string;
    status: "enrolled" | "in_notice" | "final" | "returned";
    self_total: number | null;
    evaluator_total: number | null;
    committee_total: number | null;
    total: number | null;
    proposed_grade: string | null;
    final_grade: string | null;
    notice_id: string | null;
    version: number;
    enrolled_by: string;
    enrolled_at: string;
    finalized_at: string | null;
    /** The announcement (公告) its result is in; a final result without one awards nothing yet. */
    announcement_id: string | null;
    /** A re-evaluation within the first two years of a term: the on-site part may be simplified. */
    simplified_onsite: number;
    /** The rubric it is scored on: its organization's type's in the round, at enrolment (0037). */
    rubric_id: string;
  };
  evaluation_announcements: {
    district_id: string;
    id: string;
    round_id: string;
    title: string;
    document_no: string;
    announced_on: string;
    published_by: string;
    published_at: string;
  };
  evaluation_appeals: {
    district_id: string;
    id: string;
    evaluation_id: string;
    organization_id: string;
    notice_id: string;
    content: string;
    filed_by: string;
    filed_at: string;
    answer_due_on: string;
    status: "pending" | "upheld" | "dismissed";
    answer: string | null;
    revised_total: number | null;
    answered_by: string | null;
    answered_at: string | null;
    committee_decided_on: string | null;
  };
  organization_grades: {
    district_id: string;
    id: string;
    organization_id: string;
    evaluation_id: string | null;
    grade: Grade;
    total: number | null;
    scale: number;
    /** The announcement date (公告) for grades of the revised rules; the award date before. */
    awarded_on: string;
    /** First day of the term (1 January after the announcement); null before the revision. */
    valid_from: string | null;
    valid_until: string;
    announcement_id: string | null;
    status: GradeStatus;
    ended_on: string | null;
  };
  grade_adjustments: {
    district_id: string;
    id: string;
    organization_id: string;
    grade_id: string;
    kind: AdjustmentKind;
    outcome: AdjustmentOutcome;
    from_grade: string;
    to_grade: string | null;
    new_grade_id: string | null;
    reason: string;
    decided_on: string;
    decided_by: string;
    at: string;
  };
}

declare module "../../data/schema" {
  interface DistrictTables extends DisclosureTables {}
}
