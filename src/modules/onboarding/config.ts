import type { Updateable } from "kysely";
import type { AuditEntry } from "../../audit/append";
import { platformData } from "../../data/platform-data";
import type { DistrictsTable } from "../../data/schema";
import type { DistrictData } from "../../data/district-data";
import type { Env } from "../../env";
import { AppError } from "../../http/errors";
import { nowIso } from "../../lib/time";
import { clearRegistryCache, findDistrict, type District } from "../../district-lookup/district-registry";

// A district's configuration (names, profile, settings, modules, wizard progress,
// status) lives in its PLATFORM registry row, while the district's audit chain lives in
// its shard. D1 has no transaction across two databases, so a change is made in this
// order: the registry row is updated only if its version is the one the admin saw
// (otherwise 409), then the audit event is appended; if the audit write fails, the
// registry row is put back, so no change stays without its audit event.

export const STEPS = ["profile", "areas", "staff", "settings", "modules"] as const;
export type Step = (typeof STEPS)[number];

export function withStep(district: District, step: Step): string {
  const steps = STEPS.filter((s) => s === step || district.onboardingSteps.includes(s));
  return JSON.stringify({ steps });
}

export function remainingSteps(district: District): Step[] {
  return STEPS.filter((s) => !district.onboardingSteps.includes(s));
}

type RowPatch = Omit<Updateable<DistrictsTable>, "code" | "version" | "updated_at" | "created_at" | "shard">;

/** The registry row, read past the cache: edit screens must see the current version. */
export async function currentDistrict(env: Env, code: string): Promise<District> {
  const district = await findDistrict(env, code, { fresh: true });
  if (!district) throw new AppError({ status: 404, code: "district_not_found", message: "error.district_not_found" });
  return district;
}

function rowValues(d: District): RowPatch {
  return {
    name_zh: d.nameZh,
    name_en: d.nameEn,
    parent_name_zh: d.parentNameZh,
    parent_name_en: d.parentNameEn,
    status: d.status,
    status_reason: d.statusReason,
    settings_json: JSON.stringify(d.settings),
    modules_json: JSON.stringify(d.modules),
    profile_json: JSON.stringify(d.profile),
    onboarding_json: JSON.stringify({ steps: d.onboardingSteps }),
    suspended_from: d.suspendedFrom,
  };
}

/**
 * Applies `patch` to the district's registry row if it is still at `expectedVersion`,
 * and records `entry` in the district's audit chain. Returns false when someone else
 * changed the row first (nothing is written then).
 */
export async function updateDistrictRow(data: DistrictData, env: Env, before: District, patch: RowPatch, entry: AuditEntry): Promise<boolean> {
  const platform = platformData(env);
  const result = await platform
    .updateTable("districts")
    .set((eb) => ({ ...patch, updated_at: nowIso(), version: eb("version", "+", 1) }))
    .where("code", "=", before.code)
    .where("version", "=", before.version)
    .executeTakeFirst();
  clearRegistryCache();
  if (Number(result.numUpdatedRows) === 0) return false;
  try {
    await data.write([], entry);
  } catch (error) {
    const restore = rowValues(before);
    const keys = Object.keys(patch) as (keyof RowPatch)[];
    await platform
      .updateTable("districts")
      .set((eb) => ({ ...Object.fromEntries(keys.map((k) => [k, restore[k]])), updated_at: nowIso(), version: eb("version", "+", 1) }))
      .where("code", "=", before.code)
      .where("version", "=", before.version + 1)
      .execute();
    clearRegistryCache();
    throw error;
  }
  return true;
}
