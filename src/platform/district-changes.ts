import { sql, type Compilable } from "kysely";
import type { DistrictData } from "../data/district-data";
import { platformData } from "../data/platform-data";
import type { District } from "../district-lookup/district-registry";
import type { Env } from "../env";

// The operator console's changes to the registry, as statements the console commits with
// its audit event (operatorAudit), and the reads its checks need.

/** Which of these hostnames another district already answers on (at most 90 checked: D1's bound parameters). */
export async function takenHostnames(env: Env, hostnames: readonly string[]): Promise<string[]> {
  const rows = await platformData(env).selectFrom("district_hostnames").select("hostname").where("hostname", "in", hostnames.slice(0, 90)).execute();
  return rows.map((h) => h.hostname);
}

/** Whether the console issued this invitation: a district's own staff invitations are not the operator's. */
export async function issuedByConsole(data: DistrictData, invitationId: string): Promise<boolean> {
  return Boolean(await data.selectFrom("invitations").select("id").where("id", "=", invitationId).where("invited_by_operator", "is not", null).executeTakeFirst());
}

/**
 * Suspends or reactivates a district. If the row changed since it was read, the new
 * version is NULL and the NOT NULL column aborts the whole batch, so no audit event
 * describes a change that did not happen.
 */
export function statusChange(env: Env, district: District, next: District["status"], reason: string, now: string): Compilable {
  const suspending = next === "suspended";
  return platformData(env)
    .updateTable("districts")
    .set({
      status: next,
      status_reason: suspending ? reason : null,
      suspended_from: suspending ? (district.status as "active" | "onboarding") : null,
      updated_at: now,
      version: sql<number>`CASE WHEN version = ${district.version} THEN version + 1 END`,
    })
    .where("code", "=", district.code);
}

/** Nobody uses the district while it is being deleted. */
export function offboardingStarted(env: Env, code: string, now: string): Compilable {
  return platformData(env)
    .updateTable("districts")
    .set((eb) => ({ status: "suspended", status_reason: "offboarding", suspended_from: null, updated_at: now, version: eb("version", "+", 1) }))
    .where("code", "=", code);
}

/** The district's registry records, removed once its rows and files are gone. */
export function registryRemoval(env: Env, code: string): Compilable[] {
  const platform = platformData(env);
  return [platform.deleteFrom("account_directory").where("district_code", "=", code), platform.deleteFrom("district_hostnames").where("district_code", "=", code), platform.deleteFrom("districts").where("code", "=", code)];
}
