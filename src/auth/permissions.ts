import type { Role } from "../data/schema";

// The role-permission matrix: every route names one entry of ACCESS (or "public" /
// "signed_in"), and src/http/routes.ts enforces it before the handler runs. A route
// that names nothing cannot be registered. Scope (which sub-district or community a
// staff member sees) is applied by the queries, through src/auth/scope.ts.

const STAFF: readonly Role[] = ["district_admin", "subdistrict_staff", "community_staff"];

export const PERMISSIONS = {
  /** See the people and roles of the district (staff lists are scoped). */
  "staff.read": STAFF,
  /** Read the district's audit log and verify its chain. */
  "audit.read": ["district_admin"],
  /** Onboard and administer the district: profile, hierarchy, staff, rules, modules. */
  "district.manage": ["district_admin"],
  /** Download the district's complete data (personal data included, audited). */
  "district.export": ["district_admin"],
  /** Parks, spaces, calls, eligibility, reviewer assignment, decisions, notices, incubation records. */
  "incubation.manage": ["district_admin", "subdistrict_staff"],
  /** Incubation figures and records, read-only, for staff at any level. */
  "incubation.view": STAFF,
  /** Apply to calls and follow one's own organization's applications and incubation. */
  "incubation.apply": ["org_member"],
  /** Declare conflicts and score assigned subjects. */
  "review.score": ["reviewer", "evaluator"],
  /** Create and revise social-work posts at a host in one's scope (or one's own organization), and decide applications to them. */
  "posts.manage": [...STAFF, "org_member"],
  /** Register hosts: departments, communities, social-work stations (社工站), organizations. */
  "posts.hosts": STAFF,
  /** Post and social-worker figures over one's areas (the whole district's for a district-wide grant), and their CSV export. */
  "posts.figures": STAFF,
  /** Social-worker profiles in one's scope, with ID numbers and phones masked. */
  "workers.read": STAFF,
  /** Keep profiles, training, assignments (嵌入), assessments and rewards. */
  "workers.manage": STAFF,
  /** See a worker's full ID number or phone; every use is audited. */
  "workers.reveal": ["district_admin", "subdistrict_staff"],
  /** A social worker's own profile, training and applications to open posts. */
  "workers.self": ["social_worker"],
  /** Maintain the organization registry and verify claims (scoped by area). */
  "registry.manage": STAFF,
  /** See a legal representative's full ID number and phone (every look is audited). */
  "registry.personal_data": ["district_admin"],
  /** Enter organizations on the credit lists, answer objections and requests, decide exits. */
  "credit.manage": ["district_admin"],
  /** Open evaluation rounds, assign scorers, publish proposed grades, answer appeals. */
  "evaluation.manage": ["district_admin"],
  /** Declare conflicts and score assigned evaluations (evaluator team and committee). */
  "evaluation.score": ["evaluator", "reviewer"],
  /** Service catalogue, budgets, calls, returning bids, contracts and payments (a 街道's staff for its own budget). */
  "projects.manage": ["district_admin", "subdistrict_staff"],
  /** Bid for projects and act as the implementer of one's own organization's contracts. */
  "projects.bid": ["org_member"],
  /** Confirm contracts (and later delivery) for the community where a project is delivered. */
  "projects.confirm": ["community_staff"],
  /** Project figures and their CSV, for staff at any level over the projects delivered in their scope. */
  "projects.figures": STAFF,
  /** Residents' needs of one's communities: enter needs heard on visits, triage, merge and answer them. */
  "linkage.needs": STAFF,
  /** Joint meetings (联席会议) at one's level: minutes, decisions, action items and their completion. */
  "linkage.meetings": STAFF,
  /** Act for one's own organization: disclosures, self-assessment, appeals, objections. */
  "organization.act": ["org_member"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

/**
 * Permissions whose every route concerns the whole district (its settings, areas, staff
 * and notification channels, its complete data, its audit log): a grant of them for a
 * 街道 or 社区 reaches none of these routes (403, saying why), nor their links.
 */
export const DISTRICT_WIDE_ONLY: readonly Permission[] = ["district.manage", "district.export", "audit.read"];

/** Who may call a route: anyone, any signed-in district user, or the roles of a permission. */
export type Access = "public" | "signed_in" | Permission;

export function rolesFor(access: Access): readonly Role[] | "anyone" | "any_signed_in" {
  if (access === "public") return "anyone";
  if (access === "signed_in") return "any_signed_in";
  return PERMISSIONS[access];
}

/** Whether someone with these roles (null: signed out) may reach what this access guards. */
export function mayAccess(roles: readonly Role[] | null, access: Access): boolean {
  const allowed = rolesFor(access);
  if (allowed === "anyone") return true;
  if (!roles) return false;
  return allowed === "any_signed_in" || roles.some((r) => allowed.includes(r));
}
