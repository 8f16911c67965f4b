import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { build } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { verifyChain } from "../../src/audit/chain";
import { runCompiled, tenantStatements } from "../../src/tenants/apply";
import { tenantFileSchema } from "../../src/tenants/tenant-file";
import { createNodeEnv } from "../env";

// Two server processes on one data folder, as a bureau runs behind a load balancer:
// SQLite's WAL lets them share the files, the busy timeout queues their writes, and the
// audit append's retry keeps the chain linear although each process remembers its own
// chain head.

const dir = mkdtempSync(path.join(os.tmpdir(), "sanshe-processes-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runNode(script: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (b: Buffer) => (output += b.toString()));
    child.stderr.on("data", (b: Buffer) => (output += b.toString()));
    child.on("exit", (code) => resolve({ code, output }));
  });
}

describe("two Node processes on one data folder", () => {
  it("write to the same district at once without losing a write or breaking the audit chain", async () => {
    const dataDir = path.join(dir, "data");
    const setup = createNodeEnv({ dataDir, secrets: {}, migrate: true });
    const tenant = z.parse(tenantFileSchema, { code: "990201", name: { zh: "并发测试区", en: "Concurrency" }, shard: "DISTRICTS_0", status: "active" });
    const statements = tenantStatements(tenant, new Date().toISOString());
    await runCompiled(setup.env.PLATFORM, statements.platform);
    await runCompiled(setup.env.DISTRICTS_0 as D1Database, statements.shard);
    setup.close();

    // Bundled inside the project so that its packages resolve from node_modules.
    const script = path.resolve("node_modules/.cache/server-test/writer.mjs");
    await build({
      entryPoints: [path.join(import.meta.dirname, "../testing/writer.ts")],
      outfile: script,
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      packages: "external",
      logLevel: "warning",
      absWorkingDir: process.cwd(),
    });
    const writes = 150;
    const [a, b] = await Promise.all([runNode(script, [dataDir, "990201", String(writes), "a"]), runNode(script, [dataDir, "990201", String(writes), "b"])]);
    expect(a.output).toBe("");
    expect(b.output).toBe("");
    expect([a.code, b.code]).toEqual([0, 0]);

    const check = createNodeEnv({ dataDir, secrets: {} });
    try {
      const shard = check.databases.get("DISTRICTS_0")!.sqlite;
      const organizations = shard.prepare("SELECT id FROM organizations WHERE district_id = '990201'").all() as { id: string }[];
      expect(organizations).toHaveLength(2 * writes);
      const events = shard.prepare("SELECT seq, id, at, actor_id, actor_role, action, target_type, target_id, summary_json, request_id, prev_hash, hash FROM audit_events WHERE district_id = '990201' ORDER BY seq").all() as Parameters<
        typeof verifyChain
      >[1][number][];
      const created = events
        .filter((e) => e.action === "organization.created")
        .map((e) => e.target_id)
        .sort();
      expect(created).toEqual(organizations.map((o) => o.id).sort());
      const report = await verifyChain("990201", events);
      expect(report).toMatchObject({ ok: true, events: events.length });
      // Both processes really interleaved on the chain.
      const byProcess = events.map((e) => e.request_id?.slice(-1)).join("");
      expect(byProcess).toMatch(/ab|ba/);
    } finally {
      check.close();
    }
  }, 120_000);
});
