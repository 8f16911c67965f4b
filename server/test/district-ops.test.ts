import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { DistrictData } from "../../src/data/district-data";
import { districtExport } from "../../src/modules/onboarding/export";
import { runCompiled, tenantStatements } from "../../src/tenants/apply";
import { tenantFileSchema } from "../../src/tenants/tenant-file";
import { clearRegistryCache, findDistrict, shardDatabase } from "../../src/district-lookup/district-registry";
import { createNodeEnv } from "../env";
import { installWorkerGlobals } from "../runtime";

// district:restore and district:move with --node: the operations commands against a
// self-hosted server's data folder. A district exported from one installation is
// restored into a new one (the way a bureau brings its data onto its own server), then
// moved to the other shard there; the audit chains verify afterwards.

const run = promisify(execFile);
const dir = mkdtempSync(path.join(os.tmpdir(), "sanshe-district-ops-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
installWorkerGlobals();

const CODE = "990601";
const SECRETS = { PASSWORD_PEPPER: "ops-test-pepper", PERSONAL_DATA_KEY: Buffer.alloc(32, 7).toString("base64url") };
const actor = { id: null, role: "platform_operator", requestId: "test:district-ops" };

/** A migrated data folder with its own secrets file, as `npm run serve:node` leaves it. */
function installation(name: string) {
  const dataDir = path.join(dir, name);
  const node = createNodeEnv({ dataDir, secrets: SECRETS, migrate: true });
  writeFileSync(
    path.join(dataDir, "secrets.env"),
    Object.entries(SECRETS)
      .map(([k, v]) => `${k}=${v}\n`)
      .join(""),
    { mode: 0o600 },
  );
  return { dataDir, node };
}

/** An operations command as an operator runs it, against `dataDir`. */
async function command(dataDir: string, script: string, ...args: string[]) {
  return run(process.execPath, ["scripts/run.mjs", `scripts/${script}.ts`, ...args, "--node"], {
    env: { ...process.env, SANSHE_DATA_DIR: dataDir, SANSHE_SECRETS_FILE: "", SANSHE_OBJECT_STORE: "" },
    timeout: 120_000,
  });
}

function rows(dataDir: string, binding: string, sql: string): unknown[] {
  const node = createNodeEnv({ dataDir, secrets: SECRETS });
  try {
    return node.databases.get(binding)!.sqlite.prepare(sql).all();
  } finally {
    node.close();
  }
}

describe("district:restore and district:move on the Node server's data", () => {
  it("restores an export into a new installation and moves it between its shards", { timeout: 180_000 }, async () => {
    // The source installation: a district with an organization written through the
    // audited path, and an attachment in its files.
    const source = installation("source");
    const zip = path.join(dir, `${CODE}.zip`);
    try {
      const tenant = z.parse(tenantFileSchema, { code: CODE, name: { zh: "运维测试区", en: "Operations Test" }, shard: "DISTRICTS_1", status: "active" });
      const statements = tenantStatements(tenant, new Date().toISOString());
      await runCompiled(source.node.env.PLATFORM, statements.platform);
      await runCompiled(source.node.env.DISTRICTS_1 as D1Database, statements.shard);
      clearRegistryCache();
      const district = (await findDistrict(source.node.env, CODE, { fresh: true }))!;
      const shard = shardDatabase(source.node.env, "DISTRICTS_1");
      const data = new DistrictData(district, shard, actor);
      const now = new Date().toISOString();
      await data.write([data.insertInto("organizations", { id: "org-ops", name: "运维测试社会组织", uscc: null, kind: "founding_team", org_type: "", area_code: null, verification: "verified", created_at: now, updated_at: now })], {
        action: "organization.created",
        targetType: "organization",
        targetId: "org-ops",
      });
      await source.node.env.FILES.put(`${CODE}/attachments/plan.pdf`, "计划书", { httpMetadata: { contentType: "application/pdf" }, customMetadata: { district: CODE } });
      const exported = await districtExport(source.node.env, district, shard, "test");
      writeFileSync(zip, new Uint8Array(await new Response(exported.stream).arrayBuffer()));
      await exported.done;
    } finally {
      source.node.close();
    }

    const target = installation("target");
    target.node.close();
    const restored = await command(target.dataDir, "district-restore", zip);
    expect(restored.stdout).toContain(`Restored district ${CODE} on DISTRICTS_1 (node)`);
    expect(rows(target.dataDir, "DISTRICTS_1", `SELECT id, name FROM organizations WHERE district_id = '${CODE}'`)).toEqual([{ id: "org-ops", name: "运维测试社会组织" }]);
    const files = createNodeEnv({ dataDir: target.dataDir, secrets: SECRETS });
    try {
      expect(await (await files.env.FILES.get(`${CODE}/attachments/plan.pdf`))!.text()).toBe("计划书");
    } finally {
      files.close();
    }

    // A second restore of the same export is refused: the district is no longer empty.
    const again = await command(target.dataDir, "district-restore", zip).catch((e: { code: number; stderr: string }) => e);
    expect(again).toMatchObject({ code: 1 });
    expect((again as { stderr: string }).stderr).toMatch(/Refused; nothing was written/);

    const moved = await command(target.dataDir, "district-move", CODE, "DISTRICTS_0");
    expect(moved.stdout).toMatch(/DISTRICTS_1 → DISTRICTS_0, done/);
    expect(rows(target.dataDir, "PLATFORM", `SELECT shard FROM districts WHERE code = '${CODE}'`)).toEqual([{ shard: "DISTRICTS_0" }]);
    expect(rows(target.dataDir, "DISTRICTS_0", `SELECT id FROM organizations WHERE district_id = '${CODE}'`)).toEqual([{ id: "org-ops" }]);
    expect(rows(target.dataDir, "DISTRICTS_1", `SELECT count(*) AS n FROM audit_events WHERE district_id = '${CODE}'`)).toEqual([{ n: 0 }]);

    const verified = await command(target.dataDir, "audit-verify");
    expect(verified.stdout).toMatch(/ok +990601/);
  });
});
