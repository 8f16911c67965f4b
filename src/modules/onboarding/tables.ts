// Kysely types for migrations/district/0002_onboarding.sql.

export const INVITABLE_ROLES = ["district_admin", "subdistrict_staff", "community_staff", "reviewer", "evaluator"] as const;
export type InvitableRole = (typeof INVITABLE_ROLES)[number];

export interface InvitationsTable {
  district_id: string;
  id: string;
  token_hash: string;
  email: string;
  role: InvitableRole;
  scope_area: string;
  status: "pending" | "accepted" | "revoked";
  invited_by: string | null;
  invited_by_operator: string | null;
  expires_at: string;
  sent_count: number;
  /** The language the link is sent in (0035). */
  locale: "zh-CN" | "en";
  accepted_at: string | null;
  accepted_user_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface OffboardingsTable {
  district_id: string;
  operator_id: string;
  started_at: string;
}

export interface OnboardingTables {
  invitations: InvitationsTable;
  offboardings: OffboardingsTable;
}

declare module "../../data/schema" {
  interface DistrictTables extends OnboardingTables {}
}
