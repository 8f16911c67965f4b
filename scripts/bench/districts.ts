import type { CompiledQuery } from "kysely";
import { hashPassword } from "../../src/auth/password";
import { nowIso } from "../../src/lib/time";
import { DEMO_PASSWORD } from "../../src/seed/demo";
import { inlineSql, tenantStatements } from "../../src/tenants/apply";
import type { TenantFile } from "../../src/tenants/tenant-file";
import { readTenantFiles } from "../lib/tenants";
import { needsStatements } from "./growth-needs";
import { fundedStatements } from "./growth-projects";
import { scaleStatements } from "./scale";

// The benchmark's districts: the demo district grown to full scale, and two more that
// differ from it only in size, for the growth curves.

export const MAIN = "150203"; // the demo district, grown to 10,000 organizations
export const GROWTH = [
  { code: "150205", name: { zh: "石拐区", en: "Shiguai District" }, organizations: 1_000 },
  { code: MAIN, name: null, organizations: 10_000 },
  { code: "150207", name: { zh: "九原区", en: "Jiuyuan District" }, organizations: 100_000 },
];

export function step(message: string) {
  console.log(`\n▸ ${message}`);
}

/** A district shaped like the demo one (same hierarchy, renumbered), for the growth runs. */
export function growthTenant(base: TenantFile, code: string, name: { zh: string; en: string }): TenantFile {
  const renumbered = JSON.parse(JSON.stringify(base).replaceAll(`"${base.code}`, `"${code}`)) as TenantFile;
  return { ...renumbered, code, name, hostnames: [], status: "active" };
}

export const mainTenant = () => readTenantFiles().find((t) => t.code === MAIN)!;

async function runAll(db: D1Database, statements: CompiledQuery[]) {
  // Inline SQL: multi-row inserts would exceed D1's limit on bound parameters.
  for (let i = 0; i < statements.length; i += 50) {
    await db.batch(statements.slice(i, i + 50).map((s) => db.prepare(inlineSql(s))));
  }
}

const COUNTS = ["organizations", "disclosures", "social_workers", "posts", "applications", "review_scores", "credit_list_entries", "organization_grades", "linkage_needs", "project_contracts"];

/**
 * Seeds every benchmark district: organizations and what hangs off them, as many residents'
 * needs as organizations, and in the two growth districts as many funded projects (the
 * demo district keeps its demo projects, so the projects page in the main table stays a
 * page of a district's real few).
 */
export async function seedDistricts(database: (binding: string) => Promise<D1Database>, secrets: Record<string, string>, options = { growth: true }): Promise<void> {
  const now = nowIso();
  const ctx = { now, passwordHash: await hashPassword(DEMO_PASSWORD, secrets.PASSWORD_PEPPER!), personalDataKey: secrets.PERSONAL_DATA_KEY! };
  const main = mainTenant();
  const platformDb = await database("PLATFORM");
  for (const g of options.growth ? GROWTH : GROWTH.filter((d) => d.code === MAIN)) {
    const t0 = Date.now();
    const tenant = g.name ? growthTenant(main, g.code, g.name) : main;
    const shardDb = await database(tenant.shard);
    if (g.name) {
      const registry = tenantStatements(tenant, now);
      await runAll(platformDb, registry.platform);
      await runAll(shardDb, registry.shard);
    }
    const s = await scaleStatements({ tenant, organizations: g.organizations, full: g.code === MAIN }, ctx);
    await runAll(platformDb, s.platform);
    await runAll(shardDb, s.shard);
    await runAll(shardDb, needsStatements(tenant, g.organizations, now));
    if (g.name) await runAll(shardDb, fundedStatements(tenant, g.organizations, now));
    const counts = (await shardDb
      .prepare(`SELECT ${COUNTS.map((t) => `(SELECT count(*) FROM ${t} WHERE district_id = ?1) AS ${t}`).join(", ")}`)
      .bind(g.code)
      .first()) as Record<string, number>;
    console.log(
      `  ${g.code} ${tenant.name.zh}: ${Object.entries(counts)
        .map(([k, v]) => `${v} ${k}`)
        .join(", ")} (${((Date.now() - t0) / 1000).toFixed(0)} s)`,
    );
  }
  await (await database(main.shard)).prepare("ANALYZE").run();
}
