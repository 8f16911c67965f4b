import type { CurrentUser } from "../../auth/sessions";
import { inAreas, scopePrefixes } from "../../auth/scope";
import type { DistrictData } from "../../data/district-data";
import type { Role } from "../../data/schema";
import { PERMISSIONS } from "../../auth/permissions";

export interface StaffMember {
  id: string;
  email: string;
  displayName: string;
  status: "active" | "disabled";
  grants: { role: Role; scopeArea: string; organizationId: string | null }[];
}

/** Grants the viewer may see: all for a district-wide grant, else those at or below their areas. */
const grantsInScope = (viewer: CurrentUser) => inAreas("role_grants.scope_area", scopePrefixes(viewer.grants, PERMISSIONS["staff.read"]));

export async function listStaff(data: DistrictData, viewer: CurrentUser, filter: { role?: Role; userId?: string }): Promise<StaffMember[]> {
  let grants = data.selectFrom("role_grants").select(["user_id", "role", "scope_area", "organization_id"]).where(grantsInScope(viewer));
  if (filter.role) grants = grants.where("role", "=", filter.role);
  if (filter.userId) grants = grants.where("user_id", "=", filter.userId);
  const visible = await grants.orderBy("user_id").execute();
  const ids = [...new Set(visible.map((g) => g.user_id))];
  if (ids.length === 0) return [];
  const members: StaffMember[] = [];
  // D1 allows 100 bound parameters per statement.
  for (let i = 0; i < ids.length; i += 90) {
    const users = await data
      .selectFrom("users")
      .select(["id", "email", "display_name", "status"])
      .where("id", "in", ids.slice(i, i + 90))
      .execute();
    for (const u of users) {
      members.push({
        id: u.id,
        email: u.email,
        displayName: u.display_name,
        status: u.status,
        grants: visible.filter((g) => g.user_id === u.id).map((g) => ({ role: g.role, scopeArea: g.scope_area, organizationId: g.organization_id })),
      });
    }
  }
  return members.sort((a, b) => a.displayName.localeCompare(b.displayName, "zh-CN"));
}
