import type { Generated } from "kysely";

// Kysely types of migrations/district/0008_projects.sql and 0012_projects_review.sql.

export type PurchaseMethod = "commission" | "subsidy" | "post" | "voucher";
export type CallKind = "venture" | "purchase";
export type CallStatus = "draft" | "published" | "closed";
export type BidStatus = "draft" | "submitted" | "returned" | "withdrawn" | "in_review" | "awarded" | "rejected";
export type BudgetLineKind = "personnel" | "activities" | "materials" | "admin";
export type ContractStatus = "pending" | "signed" | "terminated" | "completed";
export type InstalmentGate = "signing" | "midterm" | "final";
export type InstalmentStatus = "scheduled" | "due" | "paid" | "cancelled";

export interface ProjectCategoriesTable {
  district_id: string;
  id: string;
  name_zh: string;
  name_en: string;
  purchase_method: PurchaseMethod;
  active: number;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface ProjectBudgetsTable {
  district_id: string;
  id: string;
  year: number;
  category_id: string;
  area_code: string | null;
  amount_yuan: number;
  version: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface ProjectCallsTable {
  district_id: string;
  id: string;
  kind: CallKind;
  title: string;
  description: string;
  needs: string;
  year: number;
  area_code: string | null;
  opens_on: string;
  closes_on: string;
  project_cap_yuan: number;
  total_budget_yuan: number;
  min_registration_months: number;
  allow_founding_teams: number;
  admin_cap_percent: number;
  instalments: string;
  materials: string;
  status: CallStatus;
  version: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  rubric_id: string | null;
  roadshow_on: string | null;
  roadshow_place: Generated<string>;
}

export interface ProjectCallReviewersTable {
  district_id: string;
  call_id: string;
  user_id: string;
}

export type ProposalStage = "draft" | "in_notice" | "awarded" | "not_awarded" | "overturned";

export interface ProjectProposalsTable {
  district_id: string;
  call_id: string;
  bid_id: string;
  rank: number;
  score: number | null;
  amount_yuan: number;
  by_rule: number;
  included: number;
  reason: string;
  stage: ProposalStage;
  notice_id: string | null;
  version: number;
  updated_by: string | null;
  updated_at: string;
}

export interface ProjectCallCategoriesTable {
  district_id: string;
  call_id: string;
  category_id: string;
}

export interface ProjectBidsTable {
  district_id: string;
  id: string;
  call_id: string;
  organization_id: string;
  category_id: string | null;
  title: string;
  target_group: string;
  beneficiaries: number;
  activities: string;
  indicators: string;
  community_code: string | null;
  volunteers: number;
  amount_yuan: number;
  status: BidStatus;
  return_reason: string;
  submitted_at: string | null;
  version: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  eligibility_due_on: string | null;
  eligibility_done_at: string | null;
}

export interface ProjectBidLinesTable {
  district_id: string;
  bid_id: string;
  line_no: number;
  kind: BudgetLineKind;
  item: string;
  amount_yuan: number;
}

export interface ProjectBidTeamTable {
  district_id: string;
  bid_id: string;
  worker_id: string;
  is_lead: number;
}

export interface ProjectContractsTable {
  district_id: string;
  id: string;
  bid_id: string;
  amount_yuan: number;
  starts_on: string;
  ends_on: string;
  deliverables: string;
  status: ContractStatus;
  buyer_confirmed_by: string | null;
  buyer_confirmed_at: string | null;
  implementer_confirmed_by: string | null;
  implementer_confirmed_at: string | null;
  community_confirmed_by: string | null;
  community_confirmed_at: string | null;
  version: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  /** The last evaluation-due reminder sent (migrations/district/0023). */
  evaluation_due_told: Generated<"" | "midterm" | "final">;
  /** The public feedback link's short code (eight hex digits), null only if never given. */
  feedback_code: string | null;
}

export interface ProjectInstalmentsTable {
  district_id: string;
  contract_id: string;
  seq: number;
  share_percent: number;
  amount_yuan: number;
  gate: InstalmentGate;
  status: InstalmentStatus;
  due_on: string | null;
  paid_on: string | null;
  payment_ref: string | null;
  paid_by: string | null;
  overdue: number;
}

export interface ProjectServiceRecordsTable {
  district_id: string;
  id: string;
  contract_id: string;
  held_on: string;
  place: string;
  participants: number;
  summary: string;
  worker_id: string | null;
  confirmed_by: string | null;
  confirmed_at: string | null;
  created_by: string | null;
  created_at: string;
}

export interface ProjectExpendituresTable {
  district_id: string;
  id: string;
  contract_id: string;
  line_no: number;
  spent_on: string;
  amount_yuan: number;
  description: string;
  created_by: string | null;
  created_at: string;
}

export type EvaluationStage = "midterm" | "final";
export type EvaluationStatus = "open" | "passed" | "failed" | "terminated";

export interface ProjectEvaluationsTable {
  district_id: string;
  id: string;
  contract_id: string;
  stage: EvaluationStage;
  round: number;
  rubric_id: string;
  pass_mark: number;
  status: EvaluationStatus;
  score: number | null;
  reasons: string;
  rectification_due_on: string | null;
  credit_proposal: string;
  overdue: number;
  decided_by: string | null;
  decided_at: string | null;
  version: number;
  created_by: string | null;
  created_at: string;
}

export interface ProjectFeedbackTable {
  district_id: string;
  id: string;
  contract_id: string;
  rating: number;
  comment: string;
  respondent_key: string;
  phone_protected: string | null;
  created_at: string;
}

export type ChangeKind = "budget" | "lead" | "term";
export type ChangeStatus = "requested" | "approved" | "refused";

export interface ProjectChangesTable {
  district_id: string;
  id: string;
  contract_id: string;
  kind: ChangeKind;
  from_line: number | null;
  to_line: number | null;
  amount_yuan: number | null;
  worker_id: string | null;
  ends_on: string | null;
  reason: string;
  status: ChangeStatus;
  decision_reasons: string;
  revision: number | null;
  before_json: string | null;
  after_json: string | null;
  requested_by: string | null;
  decided_by: string | null;
  decided_at: string | null;
  version: number;
  created_at: string;
}

export interface ProjectsTables {
  project_categories: ProjectCategoriesTable;
  project_budgets: ProjectBudgetsTable;
  project_calls: ProjectCallsTable;
  project_call_categories: ProjectCallCategoriesTable;
  project_bids: ProjectBidsTable;
  project_bid_lines: ProjectBidLinesTable;
  project_bid_team: ProjectBidTeamTable;
  project_contracts: ProjectContractsTable;
  project_instalments: ProjectInstalmentsTable;
  project_service_records: ProjectServiceRecordsTable;
  project_expenditures: ProjectExpendituresTable;
  project_call_reviewers: ProjectCallReviewersTable;
  project_proposals: ProjectProposalsTable;
  project_evaluations: ProjectEvaluationsTable;
  project_feedback: ProjectFeedbackTable;
  project_changes: ProjectChangesTable;
}

declare module "../../data/schema" {
  interface DistrictTables extends ProjectsTables {}
}
