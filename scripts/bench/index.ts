// npm run bench: builds the deployable Worker, seeds benchmark districts at real scale in
// a fresh local state folder, serves them under programmatic Miniflare and loads each
// measured route with wrk. Every figure is compared with two calibration routes
// measured on the same server in the same run, because these machines are shared and
// noisy: the ratios carry over, absolute times do not.
//
//   npm run bench                 full run (about 10 minutes)
//   npm run bench -- --seconds 5  shorter measurements
//   npm run bench -- --serve      seed, then keep serving the benchmark districts (no load)
//   npm run bench -- --soak N     N minutes of mixed load on two districts on two shards (soak.ts)
//   npm run bench -- --node       the same on the self-hosted Node server (server/), with a
//                                 bare Hono + better-sqlite3 server on the same shard file as
//                                 a third calibration
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { CompiledQuery } from "kysely";
import { hashPassword } from "../../src/auth/password";
import { nowIso } from "../../src/lib/time";
import { DEMO_PASSWORD } from "../../src/seed/demo";
import { inlineSql, tenantStatements } from "../../src/tenants/apply";
import type { TenantFile } from "../../src/tenants/tenant-file";
import { seedDemo } from "../lib/seed";
import { applyTenants, readTenantFiles } from "../lib/tenants";
import { d1File } from "../../server/env";
import { openD1 } from "../../server/d1";
import { nodeSecrets } from "../lib/node-data";
import { localSecrets, migrate } from "../lib/wrangler";
import { freePort, startNodeProcess } from "./node-process";
import { CONNECTIONS, ensureWrk, runLoad, type LoadResult, type RequestVariant } from "./load";
import { BENCH_SIZES, directorySearch, scaleStatements } from "./scale";
import { BENCH_APPLICANTS, benchApplicantEmail, benchCallId, benchDraftId, REVIEW_CALL } from "./scale-rows";
import { BARE_PREFIX, buildBareWorker, buildWorker, serveWorker } from "./server";
import { runSoak, SOAK_CONNECTIONS } from "./soak";
import { needsStatements } from "./growth-needs";

const argSeconds = process.argv.indexOf("--seconds");
const SECONDS = argSeconds > 0 ? Number(process.argv[argSeconds + 1]) : 10;
const SERVE_ONLY = process.argv.includes("--serve");
const argSoak = process.argv.indexOf("--soak");
const SOAK_MINUTES = argSoak > 0 ? Number(process.argv[argSoak + 1] ?? 10) : null;
const NODE = process.argv.includes("--node");
const WARMUP_SECONDS = 3;
const BUDGET_KB = 250;

/**
 * Targets against the floor (bare-worker.ts, same Miniflare, same shard): each route's
 * throughput as a share of its bare counterpart's, or of the bare one-row read's, best of
 * two alternating rounds.
 */
const FLOOR_TARGETS: Record<string, { of: string; min: number }> = {
  constantJson: { of: "bareConstantJson", min: 0.85 },
  organizationPage: { of: "bareOrganizationPage", min: 0.6 },
  directorySearch: { of: "barePrefixSearch", min: 0.7 },
  draftSave: { of: "bareOneRowRead", min: 0.3 },
  reviewQueue: { of: "bareOneRowRead", min: 0.3 },
  projectsPage: { of: "bareOneRowRead", min: 0.5 },
  needsSummary: { of: "bareOneRowRead", min: 0.5 },
};
/** Each project route's bare counterpart, measured just before it in every round. */
const COUNTERPART: Record<string, string> = { constantJson: "bareConstantJson", oneRowRead: "bareOneRowRead", organizationPage: "bareOrganizationPage", directorySearch: "barePrefixSearch" };
const ROUNDS = 2;
const GROWTH_LIMIT = 1.5;

const MAIN = "150203"; // the demo district, grown to 10,000 organizations
/** Districts that differ only in size, for the directory's growth curve. */
const GROWTH = [
  { code: "150205", name: { zh: "石拐区", en: "Shiguai District" }, organizations: 1_000 },
  { code: MAIN, name: null, organizations: 10_000 },
  { code: "150207", name: { zh: "九原区", en: "Jiuyuan District" }, organizations: 100_000 },
];

function step(message: string) {
  console.log(`\n▸ ${message}`);
}

/** A district shaped like the demo one (same hierarchy, renumbered), for the growth runs. */
function growthTenant(base: TenantFile, code: string, name: { zh: string; en: string }): TenantFile {
  const renumbered = JSON.parse(JSON.stringify(base).replaceAll(`"${base.code}`, `"${code}`)) as TenantFile;
  return { ...renumbered, code, name, hostnames: [], status: "active" };
}

async function runAll(db: D1Database, statements: CompiledQuery[]) {
  // Inline SQL: multi-row inserts would exceed D1's limit on bound parameters.
  for (let i = 0; i < statements.length; i += 50) {
    await db.batch(statements.slice(i, i + 50).map((s) => db.prepare(inlineSql(s))));
  }
}

/** Signs in through the login form, as a browser would: returns the cookies and the CSRF token. */
async function signIn(base: URL, district: string, email: string): Promise<{ cookie: string; csrf: string }> {
  const form = await fetch(new URL(`/d/${district}/login`, base));
  const csrf = /csrf=([^;]+)/.exec(form.headers.get("set-cookie") ?? "")?.[1];
  if (!csrf) throw new Error("the login page set no csrf cookie");
  const res = await fetch(new URL(`/d/${district}/login`, base), {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: `csrf=${csrf}` },
    body: new URLSearchParams({ email, password: DEMO_PASSWORD, _csrf: csrf }),
  });
  const sid = /sid=([^;]+)/.exec(res.headers.get("set-cookie") ?? "")?.[1];
  if (res.status !== 303 || !sid) throw new Error(`sign-in of ${email} failed with ${res.status}`);
  return { cookie: `csrf=${csrf}; sid=${sid}`, csrf };
}

async function expectOk(base: URL, v: RequestVariant, name: string) {
  const res = await fetch(new URL(v.path, base), { method: v.method, headers: v.headers, body: v.body });
  const text = await res.text();
  if (!res.ok) throw new Error(`${name}: ${v.method} ${v.path} answered ${res.status} before the run:\n${text.slice(0, 500)}`);
  return text;
}

/** Loads every route in turn, then prints and saves the table. */
async function measure({ wrk, base, mainTenant, shard, bundleKb, bare }: { wrk: string; base: URL; mainTenant: TenantFile; shard: D1Database; bundleKb: number | null; bare: URL | null }) {
  step("Signing in the benchmark users");
  const admin = await signIn(base, MAIN, "admin@kdl.example.cn");
  const applicants = [];
  for (let i = 0; i < BENCH_APPLICANTS; i++) applicants.push(await signIn(base, MAIN, benchApplicantEmail(i, "kdl.example.cn")));

  const d = `/d/${MAIN}`;
  const get = (p: string, headers?: Record<string, string>): RequestVariant[] => [{ method: "GET", path: p, headers }];
  const draft = JSON.stringify({
    orgIntro: "扎根社区，长期开展为老、助残和青少年服务，骨干成员均有三年以上志愿服务经历。",
    plan: "孵化期内完善内部治理和财务制度，开展两个社区服务项目，培养五名专职骨干。",
    needs: ["venue", "capacity_building"],
    teamSize: 8,
    founders: [],
    foundersSigned: false,
  });
  const listedOrg = (await shard
    .prepare("SELECT id FROM organizations WHERE district_id = ? AND verification = 'verified' AND list_status = 'abnormal' AND grade_status <> 'none' AND last_report_year IS NOT NULL AND id LIKE 'bench-%' LIMIT 1")
    .bind(MAIN)
    .first<{ id: string }>())!.id;
  const routes: { key: string; label: string; variants: RequestVariant[] }[] = [
    { key: "constantJson", label: "Constant JSON (/healthz)", variants: get("/healthz") },
    { key: "oneRowRead", label: "One indexed D1 row (/api/v1/areas/:code)", variants: get(`${d}/api/v1/areas/${MAIN}001001`) },
    { key: "organizationPage", label: "Organization page (public)", variants: get(`${d}/organizations/${listedOrg}`) },
    { key: "directorySearch", label: "Directory: name prefix + 2 filters", variants: get(`${d}/organizations?${directorySearch(mainTenant)}`) },
    { key: "creditList", label: "Credit list page (abnormal)", variants: get(`${d}/credit-lists/abnormal`) },
    { key: "projectsPage", label: "Funded projects page (public)", variants: get(`${d}/projects`) },
    { key: "needsSummary", label: "Community needs summary (public)", variants: get(`${d}/n/001001/summary`) },
    { key: "linkageSummary", label: "Linkage public summary (every area, four quarters)", variants: get(`${d}/linkage-summary`) },
    { key: "reviewQueue", label: "Staff review queue (call ranking)", variants: get(`${d}/api/v1/incubation/calls/${benchCallId(MAIN, REVIEW_CALL)}/ranking`, { cookie: admin.cookie }) },
    {
      key: "draftSave",
      label: "Draft save (signed in, CSRF, audited)",
      variants: applicants.map((a, i) => ({
        method: "PUT" as const,
        path: `${d}/api/v1/incubation/applications/${benchDraftId(MAIN, i)}/draft`,
        headers: { cookie: a.cookie, "x-csrf-token": a.csrf, "content-type": "application/json" },
        body: draft,
      })),
    },
  ];
  const growth = GROWTH.map((g) => {
    const tenant = g.name ? growthTenant(mainTenant, g.code, g.name) : mainTenant;
    return { organizations: g.organizations, variants: get(`/d/${g.code}/organizations?${directorySearch(tenant)}`), needs: get(`/d/${g.code}/n/001001/summary`) };
  });

  // Every measured request must succeed before it is timed.
  for (const r of routes) await expectOk(base, r.variants[0]!, r.key);
  for (const g of growth) for (const v of [g.variants[0]!, g.needs[0]!]) await expectOk(base, v, `growth at ${g.organizations}`);

  // The floor: on Node a bare Hono + better-sqlite3 server; on workerd bare-worker.ts, same Miniflare.
  const b = `${BARE_PREFIX}/d/${MAIN}`;
  const bareRoutes: { key: string; label: string; variants: RequestVariant[]; base: URL }[] = bare
    ? [
        { key: "bareConstantJson", label: "Bare Hono + better-sqlite3: constant JSON", variants: get("/healthz"), base: bare },
        { key: "bareOneRowRead", label: "Bare Hono + better-sqlite3: one row", variants: get(`${d}/api/v1/areas/${MAIN}001001`), base: bare },
      ]
    : [
        { key: "bareConstantJson", label: "Floor: constant JSON", variants: get(`${BARE_PREFIX}/healthz`), base },
        { key: "bareOneRowRead", label: "Floor: one indexed row", variants: get(`${b}/areas/${MAIN}001001`), base },
        { key: "bareOrganizationPage", label: "Floor: HTML page of one organization", variants: get(`${b}/organizations/${listedOrg}`), base },
        { key: "barePrefixSearch", label: "Floor: 20-row name prefix search", variants: get(`${b}/organizations?q=${encodeURIComponent(mainTenant.name.zh)}`), base },
      ];
  for (const r of bareRoutes) await expectOk(r.base, r.variants[0]!, r.key);

  step(`Measuring: ${CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up, ${SECONDS} s per route, ${ROUNDS} alternating rounds (best kept)`);
  const results: Record<string, LoadResult> = {};
  // Each floor route runs just before its project counterpart, so drift on a shared machine hits both.
  const paired = new Set(Object.values(COUNTERPART));
  const order = [...bareRoutes.filter((r) => !paired.has(r.key)), ...routes.flatMap((r) => [...bareRoutes.filter((f) => f.key === COUNTERPART[r.key]), { ...r, base }])];
  for (let round = 1; round <= ROUNDS; round++) {
    for (const r of order) {
      const m = runLoad(wrk, r.base, r.variants, { seconds: SECONDS, warmupSeconds: WARMUP_SECONDS, workDir: stateDir, name: r.key });
      const best = results[r.key];
      if (!best || (m.failures === 0 && (best.failures > 0 || m.requestsPerSecond > best.requestsPerSecond))) results[r.key] = m;
      console.log(`  round ${round} ${r.label}: ${m.requestsPerSecond.toFixed(0)} req/s`);
    }
  }
  const growthResults = growth.map((g) => ({ organizations: g.organizations, ...runLoad(wrk, base, g.variants, { seconds: SECONDS, warmupSeconds: WARMUP_SECONDS, workDir: stateDir, name: `growth-${g.organizations}` }) }));
  const needsGrowth = growth.map((g) => ({ organizations: g.organizations, ...runLoad(wrk, base, g.needs, { seconds: SECONDS, warmupSeconds: WARMUP_SECONDS, workDir: stateDir, name: `needs-${g.organizations}` }) }));

  // ------------------------------------------------------------------ report
  const constant = results.constantJson!.requestsPerSecond;
  const oneRow = results.oneRowRead!.requestsPerSecond;
  const bareOneRow = results.bareOneRowRead?.requestsPerSecond ?? null;
  const rows = [...bareRoutes, ...routes].map((r) => {
    const m = results[r.key]!;
    const counterpart = results[COUNTERPART[r.key] ?? ""]?.requestsPerSecond;
    const t = FLOOR_TARGETS[r.key];
    const of = t ? results[t.of]?.requestsPerSecond : undefined;
    const target = t && of ? { ...t, ratio: m.requestsPerSecond / of, met: m.requestsPerSecond / of >= t.min } : null;
    return {
      key: r.key,
      label: r.label,
      ...m,
      vsConstant: m.requestsPerSecond / constant,
      vsOneRow: m.requestsPerSecond / oneRow,
      vsFloor: counterpart ? m.requestsPerSecond / counterpart : null,
      vsBareOneRow: bareOneRow ? m.requestsPerSecond / bareOneRow : null,
      target,
    };
  });
  const ratio = (v: number | null, width: number) => (v === null ? "" : v.toFixed(2)).padStart(width);
  const pad = (s: string, n: number) => s + " ".repeat(Math.max(0, n - [...s].length));
  const lines = [
    "",
    `三社联动 platform benchmark${NODE ? " on the Node runtime (server/)" : ""}, ${new Date().toISOString()} (${os.cpus().length} cores, Node ${process.version})`,
    `District ${MAIN} at scale: ${GROWTH[1]!.organizations.toLocaleString("en")} organizations, ${BENCH_SIZES.disclosures.toLocaleString("en")}-odd disclosures, ${BENCH_SIZES.socialWorkers} social workers, ${BENCH_SIZES.posts} posts, ${BENCH_SIZES.applications} applications with reviews`,
    "",
    `Best of ${ROUNDS} alternating rounds. ÷ floor: against the bare counterpart; ÷ bare 1 row: against the floor's one-row read.`,
    `${pad("route", 42)} ${"req/s".padStart(8)} ${"p50 ms".padStart(8)} ${"p99 ms".padStart(8)} ${"÷ const".padStart(8)} ${"÷ 1 row".padStart(8)} ${"÷ floor".padStart(8)} ${"÷ bare 1 row".padStart(12)}  target`,
    ...rows.map(
      (r) =>
        `${pad(r.label, 42)} ${r.requestsPerSecond.toFixed(0).padStart(8)} ${r.p50Ms.toFixed(2).padStart(8)} ${r.p99Ms.toFixed(2).padStart(8)} ${ratio(r.vsConstant, 8)} ${ratio(r.vsOneRow, 8)} ${ratio(r.vsFloor, 8)} ${ratio(r.vsBareOneRow, 12)}  ${r.target === null ? "" : `${r.target.ratio.toFixed(2)} ÷ ${r.target.of} ≥ ${r.target.min}: ${r.target.met ? "met" : "not met"}`}${r.failures ? `  (failed: ${r.failureDetail})` : ""}${r.resets ? `  (${r.resets} connections reset)` : ""}`,
    ),
    "",
    "Directory search growth (same query, districts of different size):",
    ...growthResults.map(
      (g) =>
        `  ${g.organizations.toLocaleString("en").padStart(8)} organizations: p50 ${g.p50Ms.toFixed(2)} ms, p99 ${g.p99Ms.toFixed(2)} ms, ${g.requestsPerSecond.toFixed(0)} req/s${g.failures ? ` (failed: ${g.failureDetail})` : ""}${g.resets ? ` (${g.resets} connections reset)` : ""}`,
    ),
  ];
  const growthRatio = growthResults.at(-1)!.p50Ms / growthResults[0]!.p50Ms;
  lines.push(`  p50 at 100,000 ÷ p50 at 1,000 = ${growthRatio.toFixed(2)} (target ≤ ${GROWTH_LIMIT}: ${growthRatio <= GROWTH_LIMIT ? "met" : "MISSED"})`);
  const needsRatio = needsGrowth.at(-1)!.p50Ms / needsGrowth[0]!.p50Ms;
  lines.push(
    "",
    "One community's needs summary (districts with as many needs as organizations):",
    ...needsGrowth.map(
      (g) => `  ${g.organizations.toLocaleString("en").padStart(8)} needs: p50 ${g.p50Ms.toFixed(2)} ms, p99 ${g.p99Ms.toFixed(2)} ms, ${g.requestsPerSecond.toFixed(0)} req/s${g.failures ? ` (failed: ${g.failureDetail})` : ""}`,
    ),
    `  p50 at 100,000 ÷ p50 at 1,000 = ${needsRatio.toFixed(2)} (target ≤ ${GROWTH_LIMIT}: ${needsRatio <= GROWTH_LIMIT ? "met" : "not met"})`,
  );
  if (bundleKb !== null) lines.push("", `Deployable Worker: ${bundleKb.toFixed(1)} KB gzipped (budget ${BUDGET_KB} KB: ${bundleKb <= BUDGET_KB ? "met" : "MISSED"})`);
  lines.push(`Total time: ${((Date.now() - started) / 1000).toFixed(0)} s`);
  console.log(lines.join("\n"));

  const resultsDir = path.resolve("bench/results");
  mkdirSync(resultsDir, { recursive: true });
  const report = {
    at: new Date().toISOString(),
    runtime: NODE ? "node" : "workerd",
    machine: { cores: os.cpus().length, node: process.version },
    connections: CONNECTIONS,
    seconds: SECONDS,
    rounds: ROUNDS,
    routes: rows,
    growth: { results: growthResults, p50Ratio: growthRatio, limit: GROWTH_LIMIT, needs: { results: needsGrowth, p50Ratio: needsRatio } },
    bundle: bundleKb === null ? null : { gzippedKb: Number(bundleKb.toFixed(1)), budgetKb: BUDGET_KB },
  };
  const file = path.join(resultsDir, `bench-${NODE ? "node-" : ""}${report.at.replace(/[:.]/g, "-")}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(path.join(resultsDir, NODE ? "latest-node.json" : "latest.json"), readFileSync(file));
  console.log(`\nResults: ${path.relative(process.cwd(), file)} (and bench/results/${NODE ? "latest-node" : "latest"}.json)`);
  const failed = rows.some((r) => r.failures > 0) || growthResults.some((g) => g.failures > 0);
  if (failed) process.exitCode = 1;
}

const started = Date.now();
const stateDir = mkdtempSync(path.join(os.tmpdir(), "sanshe-bench-"));
process.env.SANSHE_PERSIST_DIR = stateDir;
let mf: Awaited<ReturnType<typeof serveWorker>>["mf"] | null = null;
const children: { kill(): boolean }[] = [];
const nodeDatabases: { close(): void }[] = [];
try {
  const wrk = SOAK_MINUTES === null ? ensureWrk() : "";

  let bundleKb: number | null = null;
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
    step("Building the deployable Worker (wrangler deploy --dry-run)");
    const worker = buildWorker(path.join(stateDir, "build"));
    bundleKb = worker.gzippedBytes / 1024;
    console.log(`  ${bundleKb.toFixed(1)} KB gzipped (budget ${BUDGET_KB} KB)`);

    step("Preparing databases: migrations, tenants/, demo data");
    migrate("--local");
    await applyTenants("--local");
    await seedDemo("--local");

    step("Serving the built Worker under Miniflare");
    secrets = localSecrets();
    const floor = buildBareWorker(path.join(stateDir, "build-bare"));
    const served = await serveWorker(worker, stateDir, secrets, { worker: floor, shard: readTenantFiles().find((t) => t.code === MAIN)!.shard });
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
    const now = nowIso();
    const ctx = { now, passwordHash: await hashPassword(DEMO_PASSWORD, secrets.PASSWORD_PEPPER!), personalDataKey: secrets.PERSONAL_DATA_KEY! };
    const mainTenant = readTenantFiles().find((t) => t.code === MAIN)!;
    const platformDb = await database("PLATFORM");
    for (const g of GROWTH) {
      const t0 = Date.now();
      const tenant = g.name ? growthTenant(mainTenant, g.code, g.name) : mainTenant;
      const shardDb = await database(tenant.shard);
      if (g.name) {
        const registry = tenantStatements(tenant, now);
        await runAll(platformDb, registry.platform);
        await runAll(shardDb, registry.shard);
      }
      const s = await scaleStatements({ tenant, organizations: g.organizations, full: g.code === MAIN }, ctx);
      await runAll(platformDb, s.platform);
      await runAll(shardDb, s.shard);
      await runAll(shardDb, needsStatements(tenant, g.organizations, now)); // as many residents' needs as organizations
      const counts = (await shardDb
        .prepare(
          "SELECT (SELECT count(*) FROM organizations WHERE district_id = ?1) AS organizations, (SELECT count(*) FROM disclosures WHERE district_id = ?1) AS disclosures, (SELECT count(*) FROM social_workers WHERE district_id = ?1) AS workers, (SELECT count(*) FROM posts WHERE district_id = ?1) AS posts, (SELECT count(*) FROM applications WHERE district_id = ?1) AS applications, (SELECT count(*) FROM review_scores WHERE district_id = ?1) AS scores, (SELECT count(*) FROM credit_list_entries WHERE district_id = ?1) AS credit, (SELECT count(*) FROM organization_grades WHERE district_id = ?1) AS grades",
        )
        .bind(g.code)
        .first()) as Record<string, number>;
      console.log(
        `  ${g.code} ${tenant.name.zh}: ${Object.entries(counts)
          .map(([k, v]) => `${v} ${k}`)
          .join(", ")} (${((Date.now() - t0) / 1000).toFixed(0)} s)`,
      );
    }
    const shard = await database(mainTenant.shard);
    await shard.prepare("ANALYZE").run();

    let bare: URL | null = null;
    if (NODE) {
      const port = await freePort();
      const served = await startNodeProcess("scripts/bench/bare-node.ts", [d1File(nodeDataDir, mainTenant.shard), String(port)], {}, port);
      children.push(served.child);
      bare = served.url;
    }

    if (SERVE_ONLY) {
      console.log(`\nServing ${base.href}d/${MAIN}/ (and /d/150205/, /d/150207/) until Ctrl-C; demo logins as in README, password ${DEMO_PASSWORD}.`);
      await new Promise<void>((resolve) => process.once("SIGINT", () => resolve()));
    } else {
      await measure({ wrk, base, mainTenant, shard, bundleKb, bare });
    }
  }
} finally {
  await mf?.dispose();
  for (const child of children) child.kill();
  for (const db of nodeDatabases) db.close();
  rmSync(stateDir, { recursive: true, force: true });
}
