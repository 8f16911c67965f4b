import type { Selectable } from "kysely";
import { platformData } from "../data/platform-data";
import type { DistrictsTable } from "../data/schema";
import { EMPTY_PROFILE, profileSchema, type DistrictProfile } from "../tenants/profile";
import { DEFAULT_SETTINGS, settingsSchema, type DistrictSettings, type ModuleName } from "../tenants/settings";
import type { Env } from "../env";
import * as z from "zod/mini";

export interface District {
  code: string;
  nameZh: string;
  nameEn: string;
  parentNameZh: string;
  parentNameEn: string;
  shard: string;
  status: DistrictsTable["status"];
  statusReason: string | null;
  settings: DistrictSettings;
  modules: ModuleName[];
  profile: DistrictProfile;
  /** Completed steps of the onboarding wizard. */
  onboardingSteps: string[];
  suspendedFrom: "onboarding" | "active" | null;
  /** Set while the district's data moves between shards: reads go on, writes wait. */
  writeLock: "moving" | null;
  /** Bumped by every change of the registry row (optimistic concurrency). */
  version: number;
}

// The registry is read on every request, so each isolate keeps what it read for a few
// seconds. Changes made through this isolate clear it at once; other isolates see a
// suspension within CACHE_MS.
const CACHE_MS = 10_000;
const byCode = new Map<string, { at: number; district: District | null }>();
const byHost = new Map<string, { at: number; code: string | null }>();

export function clearRegistryCache(): void {
  byCode.clear();
  byHost.clear();
}

export function toDistrict(row: Selectable<DistrictsTable>): District {
  const settings = z.safeParse(settingsSchema, JSON.parse(row.settings_json));
  const profile = z.safeParse(profileSchema, JSON.parse(row.profile_json));
  const onboarding = JSON.parse(row.onboarding_json) as { steps?: unknown };
  return {
    code: row.code,
    nameZh: row.name_zh,
    nameEn: row.name_en,
    parentNameZh: row.parent_name_zh,
    parentNameEn: row.parent_name_en,
    shard: row.shard,
    status: row.status,
    statusReason: row.status_reason,
    // A stored value that no longer validates falls back to defaults rather than
    // taking the district down; the admin screens show and fix it.
    settings: settings.success ? settings.data : DEFAULT_SETTINGS,
    modules: JSON.parse(row.modules_json) as ModuleName[],
    profile: profile.success ? profile.data : EMPTY_PROFILE,
    onboardingSteps: Array.isArray(onboarding.steps) ? onboarding.steps.filter((s): s is string => typeof s === "string") : [],
    suspendedFrom: row.suspended_from,
    writeLock: row.write_lock ?? null,
    version: row.version,
  };
}

/** The district with this code; `fresh` skips the cache (admin screens that edit the row). */
export async function findDistrict(env: Env, code: string, options: { fresh?: boolean } = {}): Promise<District | null> {
  if (!/^\d{6}$/.test(code)) return null;
  const cached = byCode.get(code);
  if (!options.fresh && cached && Date.now() - cached.at < CACHE_MS) return cached.district;
  const row = await platformData(env).selectFrom("districts").selectAll().where("code", "=", code).executeTakeFirst();
  const district = row ? toDistrict(row) : null;
  byCode.set(code, { at: Date.now(), district });
  return district;
}

/** The district registered for a hostname (lower-case, without port), if any. */
export async function districtCodeForHost(env: Env, hostname: string): Promise<string | null> {
  const host = hostname.toLowerCase();
  const cached = byHost.get(host);
  if (cached && Date.now() - cached.at < CACHE_MS) return cached.code;
  const row = await platformData(env).selectFrom("district_hostnames").select("district_code").where("hostname", "=", host).executeTakeFirst();
  const code = row?.district_code ?? null;
  // Host headers are chosen by clients: keep the cache from growing without bound.
  if (byHost.size > 1000) byHost.clear();
  byHost.set(host, { at: Date.now(), code });
  return code;
}

export async function listDistricts(env: Env): Promise<District[]> {
  const rows = await platformData(env).selectFrom("districts").selectAll().orderBy("code").execute();
  return rows.map(toDistrict);
}

/** The D1 database holding a district's data. Only bindings named in SHARDS qualify. */
export function shardDatabase(env: Env, shard: string): D1Database {
  const allowed = env.SHARDS.split(",").map((s) => s.trim());
  const binding = env[shard] as D1Database | undefined;
  if (!allowed.includes(shard) || !binding || typeof binding.prepare !== "function") {
    throw new Error(`district shard ${shard} is not a configured D1 binding`);
  }
  return binding;
}

export function shardNames(env: Env): string[] {
  return env.SHARDS.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}
