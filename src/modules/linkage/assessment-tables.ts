// Kysely types of the assessment and rating tables (migrations/district/0018_linkage_assessment.sql).

/** Figures computed from the records; each earns its weight in full at its target. */
export const METRICS = ["needs_on_time", "meetings_held", "actions_on_time", "workers_per_10k"] as const;
export type Metric = (typeof METRICS)[number];

export interface LinkageAssessmentsTable {
  district_id: string;
  id: string;
  year: number;
  level: "subdistrict" | "community";
  title: string;
  rubric_id: string;
  status: "scoring" | "published";
  published_at: string | null;
  published_by: string | null;
  /** The public notice the frozen results are on (0024_linkage_notices.sql). */
  notice_id: string | null;
  created_by: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface LinkageAssessmentTables {
  linkage_assessments: LinkageAssessmentsTable;
  linkage_assessment_indicators: { district_id: string; assessment_id: string; metric: Metric; weight: number; target: number };
  linkage_assessment_subjects: { district_id: string; id: string; assessment_id: string; area_code: string; total: number | null; rank: number | null; figures: string; final: number };
  linkage_need_ratings: { district_id: string; need_id: string; contract_id: string; rating: number; comment: string; rated_at: string };
  linkage_need_project_notices: { district_id: string; need_id: string; contract_id: string; sent_at: string };
}

declare module "../../data/schema" {
  interface DistrictTables extends LinkageAssessmentTables {}
}
