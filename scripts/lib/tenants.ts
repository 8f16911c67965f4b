import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import * as z from "zod/mini";
import type { CompiledQuery } from "kysely";
import { setUpModules } from "../../src/core/module-contract";
import { nowIso } from "../../src/lib/time";
import { MODULES } from "../../src/modules";
import { tenantStatements } from "../../src/tenants/apply";
import { describeTenantErrors, tenantFileSchema, type TenantFile } from "../../src/tenants/tenant-file";
import { executeStatements, shardBindings, type Target } from "./wrangler";

export const TENANTS_DIR = "tenants";

// A settings error may be worded by a module's messages (the onboarding wizard's fields).
setUpModules(MODULES);

/** Reads and validates every tenants/*.json; throws one message listing every problem. */
export function readTenantFiles(dir = TENANTS_DIR): TenantFile[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort();
  const tenants: TenantFile[] = [];
  const problems: string[] = [];
  for (const file of files) {
    const name = path.join(dir, file);
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(name, "utf8"));
    } catch (error) {
      problems.push(`${name}: not valid JSON: ${(error as Error).message}`);
      continue;
    }
    const result = z.safeParse(tenantFileSchema, raw);
    if (!result.success) {
      problems.push(describeTenantErrors(name, result.error, raw));
      continue;
    }
    if (path.basename(file, ".json").split("-")[0] !== result.data.code) {
      problems.push(`${name}: code: the file name must start with the district code ${result.data.code}`);
      continue;
    }
    tenants.push(result.data);
  }
  const codes = tenants.map((t) => t.code);
  const duplicate = codes.find((c, i) => codes.indexOf(c) !== i);
  if (duplicate) problems.push(`${dir}: code: ${duplicate} appears in more than one file`);
  if (problems.length) throw new Error(`Invalid tenant files:\n${problems.join("\n")}`);
  return tenants;
}

/** Validates tenants/*.json and upserts every district. Safe to run any number of times. */
export async function applyTenants(target: Target): Promise<void> {
  const tenants = readTenantFiles();
  const shards = shardBindings();
  for (const t of tenants) {
    if (!shards.includes(t.shard)) throw new Error(`tenants/${t.code}*.json: shard: ${t.shard} is not one of ${shards.join(", ")} (wrangler.toml SHARDS)`);
  }
  const now = nowIso();
  // One wrangler call per database: each call costs seconds.
  const byBinding = new Map<string, CompiledQuery[]>([["PLATFORM", []]]);
  for (const t of tenants) {
    const s = tenantStatements(t, now);
    byBinding.get("PLATFORM")!.push(...s.platform);
    byBinding.set(t.shard, [...(byBinding.get(t.shard) ?? []), ...s.shard]);
  }
  for (const [binding, statements] of byBinding) await executeStatements(binding, statements, target);
  for (const t of tenants) {
    const areas = t.subdistricts.reduce((n, sd) => n + 1 + sd.communities.length, 0);
    console.log(`  ${t.code} ${t.name.zh}: ${t.status}, ${t.shard}, ${areas} areas, hostnames: ${t.hostnames.join(", ") || "-"}`);
  }
}
