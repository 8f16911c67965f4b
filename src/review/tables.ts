// Kysely types of the review engine's tables (migrations/district/0003_review_incubation.sql).

import type { Generated } from "kysely";

export interface ReviewTables {
  rubrics: { district_id: string; id: string; title: string; locked_at: string | null; created_at: string };
  rubric_items: {
    district_id: string;
    id: string;
    rubric_id: string;
    position: number;
    title: string;
    description: string;
    weight: number;
    max_score: number;
    /** Indicator area the item belongs to (0005_disclosure.sql); '' when the rubric has none. */
    area: Generated<string>;
  };
  review_assignments: {
    district_id: string;
    id: string;
    subject_kind: string;
    subject_id: string;
    rubric_id: string;
    reviewer_id: string;
    scorer_role: string;
    status: "awaiting_declaration" | "clear" | "conflicted" | "moved";
    conflict_reason: string | null;
    declared_at: string | null;
    submitted_at: string | null;
    assigned_by: string | null;
    assigned_at: string;
  };
  review_scores: { district_id: string; assignment_id: string; item_id: string; score: number; comment: string; scored_at: string };
  /** Each subject's figures, kept by triggers from its assignments and scores (0043_review_figures.sql). */
  review_figures: { district_id: string; subject_id: string; counted: number; sum: number | null; min: number | null; max: number | null; conflicted: number; pending: number };
  review_decisions: {
    district_id: string;
    id: string;
    subject_kind: string;
    subject_id: string;
    outcome: string;
    reasons: string;
    decided_by: string;
    decided_at: string;
  };
  public_notices: {
    district_id: string;
    id: string;
    subject_kind: string;
    batch_id: string;
    title: string;
    body: string;
    reviewers_text: string;
    starts_at: string;
    ends_at: string;
    status: "open" | "closed";
    published_by: string;
    published_at: string;
    closed_at: string | null;
  };
  notice_items: {
    district_id: string;
    notice_id: string;
    subject_id: string;
    label: string;
    proposed_outcome: string;
    score: number | null;
    outcome: "pending" | "final" | "overturned" | "withdrawn";
    /** The 街道 or 社区 the subject belongs to, '' for the district (0039): whose staff hear of objections. */
    area_code: Generated<string>;
  };
  notice_objections: {
    district_id: string;
    id: string;
    notice_id: string;
    subject_id: string | null;
    name: string;
    contact_protected: string;
    content: string;
    filed_at: string;
    status: "received" | "upheld" | "dismissed";
    handling_note: string | null;
    handled_by: string | null;
    handled_at: string | null;
    /** The language the objector filed in (0020), for the outcome's message; null before. */
    locale?: "zh-CN" | "en" | null;
  };
}

declare module "../data/schema" {
  interface DistrictTables extends ReviewTables {}
}
