import { sql } from "kysely";
import { PERMISSIONS, type Permission } from "../auth/permissions";
import type { NotificationRecipients } from "../core/module-contract";
import type { DistrictData } from "../data/district-data";

export interface Recipient {
  userId: string;
  email: string;
  locale: string;
}

/**
 * The active people an event reaches, read when it is delivered: a person, the members of
 * an organization, or the holders of a permission whose scope covers an area (a grant for
 * the whole district covers every area; "" as the area reaches only those). A permission
 * event may name its own permission (its recipient_permission column) instead of the kind's.
 */
export async function resolveRecipients(data: DistrictData, recipients: NotificationRecipients, ref: string, named?: string | null): Promise<Recipient[]> {
  const users = data.selectFrom("users").select(["users.id as userId", "users.email", "users.locale"]).where("users.status", "=", "active");
  if (recipients.type === "address") return [];
  if (recipients.type === "person") return users.where("users.id", "=", ref).execute();
  // A permission no longer declared falls back to the kind's rather than reaching nobody.
  const permission = recipients.type !== "permission" ? undefined : named && Object.hasOwn(PERMISSIONS, named) ? (named as Permission) : recipients.permission;
  const grants = data
    .selectFrom("role_grants")
    .select("role_grants.user_id")
    .where((eb) =>
      recipients.type === "organization"
        ? eb.and([eb("role_grants.role", "=", "org_member"), eb("role_grants.organization_id", "=", ref)])
        : eb.and([eb("role_grants.role", "in", [...PERMISSIONS[permission!]]), eb.or([eb("role_grants.scope_area", "=", ""), eb(sql.val(ref), "like", sql<string>`role_grants.scope_area || '%'`)])]),
    );
  return users.where("users.id", "in", grants).orderBy("users.id").execute();
}
