// npm run bench:cold: time from a fresh isolate to the first response. Each sample starts
// a new Miniflare (a new workerd process, so nothing of the Worker is warm), requests one
// route once and stops it; /healthz shows the cost of loading the bundle, the public
// organization page adds the first D1 query and the first page render. Startup CPU comes
// from `wrangler check startup`, which builds the Worker as `wrangler deploy` would and
// profiles its top-level evaluation in workerd (its `--worker` wants the multipart upload
// body, not the built index.js).
//
//   npm run bench:cold              10 samples per route
//   npm run bench:cold -- --runs 3
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { seedDemo } from "../lib/seed";
import { applyTenants, readTenantFiles } from "../lib/tenants";
import { localSecrets, migrate, quietEnv, WRANGLER } from "../lib/wrangler";
import { buildWorker, serveWorker } from "./server";

const argRuns = process.argv.indexOf("--runs");
const RUNS = argRuns > 0 ? Number(process.argv[argRuns + 1]) : 10;
const DISTRICT = "150203";
/** Cloudflare refuses a Worker whose global scope takes longer than this to parse and run (1 s since October 2025). */
const STARTUP_LIMIT_MS = 1000;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** Total sampled time of a .cpuprofile, idle excluded. */
function profiledMs(file: string): number {
  const profile = JSON.parse(readFileSync(file, "utf8")) as { nodes: { id: number; callFrame: { functionName: string } }[]; samples: number[]; timeDeltas: number[] };
  const idle = new Set(profile.nodes.filter((n) => n.callFrame.functionName === "(idle)").map((n) => n.id));
  let us = 0;
  profile.samples.forEach((id, i) => {
    if (!idle.has(id)) us += profile.timeDeltas[i] ?? 0;
  });
  return us / 1000;
}

const stateDir = mkdtempSync(path.join(os.tmpdir(), "sanshe-cold-"));
process.env.SANSHE_PERSIST_DIR = stateDir;
try {
  const worker = buildWorker(path.join(stateDir, "build"));
  migrate("--local");
  await applyTenants("--local");
  await seedDemo("--local");
  const secrets = localSecrets();
  const shard = readTenantFiles().find((t) => t.code === DISTRICT)!.shard;

  let orgPath = "";
  {
    const { mf } = await serveWorker(worker, stateDir, secrets);
    const db = await mf.getD1Database(shard);
    const org = await db.prepare("SELECT id FROM organizations WHERE district_id = ? AND verification = 'verified' LIMIT 1").bind(DISTRICT).first<{ id: string }>();
    await mf.dispose();
    if (!org) throw new Error(`district ${DISTRICT} has no verified organization`);
    orgPath = `/d/${DISTRICT}/organizations/${org.id}`;
  }

  const lines: string[] = [];
  for (const [label, route] of [
    ["/healthz", "/healthz"],
    ["organization page", orgPath],
  ] as const) {
    const toFirstResponse: number[] = [];
    const firstRequest: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      const { mf, url } = await serveWorker(worker, stateDir, secrets);
      const t1 = performance.now();
      const res = await fetch(new URL(route, url));
      await res.text();
      const t2 = performance.now();
      await mf.dispose();
      if (!res.ok) throw new Error(`${route} answered ${res.status}`);
      toFirstResponse.push(t2 - t0);
      firstRequest.push(t2 - t1);
    }
    lines.push(`  ${label.padEnd(18)} start → first response: median ${median(toFirstResponse).toFixed(0)} ms; first request after ready: median ${median(firstRequest).toFixed(0)} ms (${RUNS} runs)`);
  }
  const profile = path.join(stateDir, "startup.cpuprofile");
  const check = spawnSync(WRANGLER, ["check", "startup", "--outfile", profile], { env: quietEnv, encoding: "utf8" });
  if (check.status !== 0) throw new Error(`wrangler check startup failed:\n${check.stdout}${check.stderr}`);
  lines.push(`  script startup CPU (wrangler check startup): ${profiledMs(profile).toFixed(1)} ms (Cloudflare's limit ${STARTUP_LIMIT_MS} ms)`);
  console.log(`\nCold start, ${os.cpus().length} cores, bundle ${(worker.gzippedBytes / 1024).toFixed(1)} KB gzipped:\n${lines.join("\n")}`);
} finally {
  rmSync(stateDir, { recursive: true, force: true });
}
