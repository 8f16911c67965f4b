// npm run bench: builds the deployable Worker, seeds benchmark districts at real scale in
// a fresh local state folder, serves them under programmatic Miniflare and loads each
// measured route with wrk, or with its own clients where each request is built from the
// answer to the one before (clients.ts). Every figure is compared with two calibration routes
// measured on the same server in the same run, because these machines are shared and
// noisy: the ratios carry over, absolute times do not.
//
//   npm run bench                 full run (about 10 minutes)
//   npm run bench -- --seconds 5  shorter measurements
//   npm run bench -- --only bidDraftSave,needsForm   only these project routes (calibration and growth still run)
//   npm run bench -- --no-growth  leave out the growth districts and curves (seeding 100,000 rows takes longest)
//   npm run bench -- --serve      seed, then keep serving the benchmark districts (no load)
//   npm run bench -- --soak N     N minutes of mixed load on two districts on two shards (soak.ts)
//   npm run bench -- --node       the same on the self-hosted Node server (server/), with a
//                                 bare Hono + better-sqlite3 server on the same shard file as
//                                 a third calibration
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { d1File } from "../../server/env";
import { openD1 } from "../../server/d1";
import type { TenantFile } from "../../src/tenants/tenant-file";
import { DEMO_PASSWORD } from "../../src/seed/demo";
import { seedDemo } from "../lib/seed";
import { applyTenants } from "../lib/tenants";
import { nodeSecrets } from "../lib/node-data";
import { localSecrets, migrate } from "../lib/wrangler";
import { runClients } from "./clients";
import { MAIN, mainTenant, seedDistricts, step } from "./districts";
import { freePort, startNodeProcess } from "./node-process";
import { CONNECTIONS, ensureWrk, type LoadResult, requireRequests, runLoad } from "./load";
import { BUDGET_KB, type BundleSizes, COUNTERPART, type GrowthCurve, type Measured, report, ROUNDS } from "./report";
import { bareRoutes, type Entry, expectOk, growthRoutes, listedOrganization, projectRoutes } from "./routes";
import { buildBareWorker, buildSplitWorkers, buildWorker, serveWorker } from "./server";
import { runSoak, SOAK_CONNECTIONS } from "./soak";

const argSeconds = process.argv.indexOf("--seconds");
const SECONDS = argSeconds > 0 ? Number(process.argv[argSeconds + 1]) : 10;
const SERVE_ONLY = process.argv.includes("--serve");
const argSoak = process.argv.indexOf("--soak");
const SOAK_MINUTES = argSoak > 0 ? Number(process.argv[argSoak + 1] ?? 10) : null;
const NODE = process.argv.includes("--node");
const WARMUP_SECONDS = 3;
/** --only key,key: measure only these project routes (with the calibration routes and the growth runs). */
const ONLY = process.argv.indexOf("--only");
const ONLY_KEYS = ONLY > 0 ? new Set(process.argv[ONLY + 1]!.split(",")) : null;
const GROWTH_RUNS = !process.argv.includes("--no-growth");
/** Entries that could not answer once before the run: not measured, reported as failed. */
const unready = new Map<string, string>();

/** One timed run of an entry: wrk for fixed requests, the bench's own clients for requests built from answers. */
async function load(wrk: string, e: Entry): Promise<LoadResult> {
  const notReady = unready.get(e.key);
  if (notReady) return requireRequests({ requestsPerSecond: 0, p50Ms: Number.NaN, p99Ms: Number.NaN, requests: 0, failures: 0, failureDetail: notReady, resets: 0 });
  const options = { seconds: SECONDS, warmupSeconds: WARMUP_SECONDS };
  try {
    return e.clients ? await runClients(e.base, e.clients, options) : runLoad(wrk, e.base, e.variants, { ...options, workDir: stateDir, name: e.key });
  } catch (error) {
    // One entry that cannot run fails its round; the others are still measured and reported.
    return requireRequests({ requestsPerSecond: 0, p50Ms: Number.NaN, p99Ms: Number.NaN, requests: 0, failures: 0, failureDetail: `could not run: ${(error as Error).message.split("\n")[0]}`, resets: 0 });
  }
}

/** Loads every route in turn, then prints and saves the table. */
async function measure({ wrk, base, tenant, shard, bundle, bare }: { wrk: string; base: URL; tenant: TenantFile; shard: D1Database; bundle: BundleSizes | null; bare: URL | null }) {
  step("Signing in the benchmark users");
  const listedOrg = await listedOrganization(shard);
  const all = await projectRoutes(base, tenant, listedOrg);
  const routes = ONLY_KEYS ? all.filter((r) => ONLY_KEYS.has(r.key) || r.key === "constantJson" || r.key === "oneRowRead") : all;
  const floor = bareRoutes(base, bare, tenant, listedOrg);
  const growth = GROWTH_RUNS ? growthRoutes(base, tenant) : [];
  // A route that fails its first request is reported as failed; the rest are still measured.
  for (const e of [...routes, ...floor, ...growth.flatMap((g) => [g.directory, g.needs, g.projects ?? []].flat())]) {
    try {
      await expectOk(e);
    } catch (error) {
      unready.set(e.key, `not measured: ${(error as Error).message.split("\n")[0]}`);
      console.log(`  ${e.key}: ${unready.get(e.key)}`);
    }
  }

  step(`Measuring: ${CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up, ${SECONDS} s per route, ${ROUNDS} alternating rounds (best kept)`);
  const best: Record<string, LoadResult> = {};
  const runs: Measured[] = [];
  // Each floor route runs just before its project counterpart, so drift on a shared machine hits both.
  const paired = new Set(Object.values(COUNTERPART));
  const order = [...floor.filter((r) => !paired.has(r.key)), ...routes.flatMap((r) => [...floor.filter((f) => f.key === COUNTERPART[r.key]), r])];
  const measured = [...floor, ...routes].filter((e) => order.includes(e)); // --only leaves some floor routes without their counterpart
  for (let round = 1; round <= ROUNDS; round++) {
    for (const r of order) {
      const m = await load(wrk, r);
      runs.push({ ...m, key: r.key, round });
      const kept = best[r.key];
      if (!kept || (m.failures === 0 && (kept.failures > 0 || m.requestsPerSecond > kept.requestsPerSecond))) best[r.key] = m;
      console.log(`  round ${round} ${r.label}: ${m.requestsPerSecond.toFixed(0)} req/s${m.failures ? ` (FAILED: ${m.failureDetail})` : ""}`);
    }
  }
  const curve = async (title: string, unit: string, pick: (g: (typeof growth)[number]) => Entry | null): Promise<GrowthCurve> => {
    const points = [];
    for (const g of growth) {
      const e = pick(g);
      if (e) points.push({ rows: g.rows, ...(await load(wrk, e)) });
    }
    return { title, unit, points };
  };
  const curves = !GROWTH_RUNS
    ? []
    : [
        await curve("Directory search growth (same query, districts of different size)", "organizations", (g) => g.directory),
        await curve("One community's needs summary (districts with as many needs as organizations)", "needs", (g) => g.needs),
        await curve("Public projects page (districts with as many funded projects as organizations; the page lists 50 of them, newest first)", "projects", (g) => g.projects),
      ];
  if (report({ node: NODE, seconds: SECONDS, started, entries: measured, best, runs, curves, bundle })) process.exitCode = 1;
}

const started = Date.now();
const stateDir = mkdtempSync(path.join(os.tmpdir(), "sanshe-bench-"));
process.env.SANSHE_PERSIST_DIR = stateDir;
let mf: Awaited<ReturnType<typeof serveWorker>>["mf"] | null = null;
const children: { kill(): boolean }[] = [];
const nodeDatabases: { close(): void }[] = [];
try {
  const wrk = SOAK_MINUTES === null ? ensureWrk() : "";

  let bundle: BundleSizes | null = null;
  let base: URL;
  let secrets: Record<string, string>;
  let database: (binding: string) => Promise<D1Database>;
  const nodeDataDir = path.join(stateDir, "node");
  if (NODE) {
    process.env.SANSHE_DATA_DIR = nodeDataDir;
    step("Preparing the Node data folder: migrations, tenants/, demo data");
    migrate("--node");
    await applyTenants("--node");
    await seedDemo("--node");
    secrets = nodeSecrets();
    step("Serving the application on Node (server/serve.ts)");
    const port = await freePort();
    const served = await startNodeProcess("server/serve.ts", [], { SANSHE_DATA_DIR: nodeDataDir, PORT: String(port), SANSHE_CRON: "0" }, port);
    children.push(served.child);
    base = served.url;
    database = async (binding) => {
      const db = openD1(d1File(nodeDataDir, binding));
      nodeDatabases.push(db);
      return db;
    };
  } else {
    step("Building the Worker with every module (wrangler deploy --dry-run) and the deployed Workers (npm run build:workers)");
    const worker = buildWorker(path.join(stateDir, "build"));
    const split = buildSplitWorkers(path.join(stateDir, "split"));
    bundle = { oneWorkerKb: worker.gzippedBytes / 1024, workers: split.workers.map((w) => ({ name: w.workerName, kb: w.gzippedBytes / 1024 })) };
    console.log(`  one Worker ${bundle.oneWorkerKb.toFixed(1)} KB gzipped; deployed as ${bundle.workers.length} Workers, the largest ${Math.max(...bundle.workers.map((w) => w.kb)).toFixed(1)} KB (budget ${BUDGET_KB} KB each)`);

    step("Preparing databases: migrations, tenants/, demo data");
    migrate("--local");
    await applyTenants("--local");
    await seedDemo("--local");

    step("Serving the built Worker under Miniflare");
    secrets = localSecrets();
    const floor = buildBareWorker(path.join(stateDir, "build-bare"));
    const served = await serveWorker(worker, stateDir, secrets, { worker: floor, shard: mainTenant().shard });
    mf = served.mf;
    base = served.url;
    database = (binding) => served.mf.getD1Database(binding);
  }
  console.log(`  ${base.href}`);

  if (SOAK_MINUTES !== null) {
    step(`Soak: ${SOAK_CONNECTIONS} connections for ${SOAK_MINUTES} min on 150203 (DISTRICTS_0) and 150204 (DISTRICTS_1)`);
    if (!mf) throw new Error("the soak runs on the Worker under Miniflare (leave out --node)");
    const result = await runSoak(base, mf, SOAK_MINUTES);
    const broken = result.chains.filter((c) => !c.ok);
    console.log(
      [
        `  ${result.requests} requests in ${SOAK_MINUTES} min (${(result.requests / (SOAK_MINUTES * 60)).toFixed(0)} req/s), p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms`,
        ...Object.entries(result.byKind).map(([kind, k]) => `    ${kind.padEnd(22)} ${String(k.requests).padStart(7)}  p50 ${String(k.p50Ms).padStart(5)} ms  p99 ${String(k.p99Ms).padStart(5)} ms  failures ${k.failures}`),
        `  5xx: ${result.status5xx}`,
        `  unexpected answers: ${result.other4xx.length ? result.other4xx.join(", ") : "none"}`,
        `  acknowledged writes: ${result.acknowledgedWrites} (${Object.entries(result.acknowledgedByKind)
          .map(([k, n]) => `${n} ${k}`)
          .join(", ")}); lost: ${result.lostWrites.length}${result.lostWrites.length ? ` (${result.lostWrites.slice(0, 5).join("; ")})` : ""}`,
        `  audit chains: ${result.chains.map((c) => `${c.chain} ${c.events} events ${c.ok ? "intact" : "BROKEN"}`).join(", ")}`,
      ].join("\n"),
    );
    const resultsDir = path.resolve("bench/results");
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(path.join(resultsDir, `soak-${new Date().toISOString().replace(/[:.]/g, "-")}.json`), `${JSON.stringify(result, null, 2)}\n`);
    if (result.status5xx || result.lostWrites.length || broken.length || result.other4xx.length || Object.values(result.byKind).some((k) => k.failures > 0)) process.exitCode = 1;
  } else {
    step("Seeding benchmark districts");
    await seedDistricts(database, secrets, { growth: GROWTH_RUNS });
    const tenant = mainTenant();
    const shard = await database(tenant.shard);
    let bare: URL | null = null;
    if (NODE) {
      const port = await freePort();
      const served = await startNodeProcess("scripts/bench/bare-node.ts", [d1File(nodeDataDir, tenant.shard), String(port)], {}, port);
      children.push(served.child);
      bare = served.url;
    }

    if (SERVE_ONLY) {
      console.log(`\nServing ${base.href}d/${MAIN}/ (and /d/150205/, /d/150207/) until Ctrl-C; demo logins as in README, password ${DEMO_PASSWORD}.`);
      await new Promise<void>((resolve) => process.once("SIGINT", () => resolve()));
    } else {
      await measure({ wrk, base, tenant, shard, bundle, bare });
    }
  }
} finally {
  await mf?.dispose();
  for (const child of children) child.kill();
  for (const db of nodeDatabases) db.close();
  rmSync(stateDir, { recursive: true, force: true });
}
