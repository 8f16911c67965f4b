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
 * event's ref may name its own permission ahead of the area: "projects.manage@150203".
 */
export async function resolveRecipients(data: DistrictData, recipients: NotificationRecipients, ref: string): Promise<Recipient[]> {
  const users = data.selectFrom("users").select(["users.id as userId", "users.email", "users.locale"]).where("users.status", "=", "active");
  if (recipients.type === "address") return [];
  if (recipients.type === "person") return users.where("users.id", "=", ref).execute();
  let permission = recipients.type === "permission" ? recipients.permission : undefined;
  const at = ref.indexOf("@");
  if (permission && at >= 0) {
    const named = ref.slice(0, at);
    if (Object.hasOwn(PERMISSIONS, named)) permission = named as Permission;
  }
  const area = permission && at >= 0 ? ref.slice(at + 1) : ref;
  const grants = data
    .selectFrom("role_grants")
    .select("role_grants.user_id")
    .where((eb) =>
      recipients.type === "organization"
        ? eb.and([eb("role_grants.role", "=", "org_member"), eb("role_grants.organization_id", "=", ref)])
        : eb.and([eb("role_grants.role", "in", [...PERMISSIONS[permission!]]), eb.or([eb("role_grants.scope_area", "=", ""), eb(sql.val(area), "like", sql<string>`role_grants.scope_area || '%'`)])]),
    );
  return users.where("users.id", "in", grants).orderBy("users.id").execute();
}
