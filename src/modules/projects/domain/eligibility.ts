import type { DistrictData } from "../../../data/district-data";
import type { MessageKey } from "../../../i18n/messages";

// Who may receive project money. Checked when a bid is submitted, when it is awarded,
// and before every payment: an organization that entered a credit list since it bid
// is refused then, not only at the door.

export interface OrganizationStanding {
  id: string;
  name: string;
  kind: "registered" | "founding_team";
  registeredOn: string | null;
  grade: string | null;
  /** The credit list it is on today, if any. */
  creditList: "abnormal" | "serious" | null;
}

/**
 * The organization and whether it is on either credit list (异常名录 or 严重违法失信名单)
 * now: an entry not yet exited. Read here because the disclosure module keeps the
 * lists but exports no query for them.
 */
export async function organizationStanding(data: DistrictData, organizationId: string): Promise<OrganizationStanding | null> {
  const [orgs, entries] = await data.read<Record<string, unknown>>([
    data.selectFrom("organizations").select(["id", "name", "kind", "registered_on as registeredOn", "grade"]).where("id", "=", organizationId),
    data.selectFrom("credit_list_entries").select("list").where("organization_id", "=", organizationId).where("exited_on", "is", null).orderBy("list", "desc").limit(1),
  ]);
  const org = orgs![0];
  if (!org) return null;
  return { ...(org as unknown as Omit<OrganizationStanding, "creditList">), creditList: (entries![0]?.list as "abnormal" | "serious" | undefined) ?? null };
}

export interface CallRules {
  minRegistrationMonths: number;
  allowFoundingTeams: number;
}

/** Months from a registration date to today, counted in whole calendar months. */
export function monthsSince(date: string, today: string): number {
  const [y1, m1, d1] = date.split("-").map(Number) as [number, number, number];
  const [y2, m2, d2] = today.split("-").map(Number) as [number, number, number];
  return (y2 - y1) * 12 + (m2 - m1) - (d2 < d1 ? 1 : 0);
}

/** Why the organization may not take part in the call today ([] = it may). */
export function eligibilityProblems(call: CallRules, org: OrganizationStanding, today: string): MessageKey[] {
  const problems: MessageKey[] = [];
  if (org.creditList) problems.push("projects.eligibility.creditList");
  if (org.kind === "founding_team") {
    if (!call.allowFoundingTeams) problems.push("projects.eligibility.foundingTeam");
  } else if (call.minRegistrationMonths > 0 && (!org.registeredOn || monthsSince(org.registeredOn, today) < call.minRegistrationMonths)) {
    problems.push("projects.eligibility.registrationAge");
  }
  return problems;
}
