// npm run profile: a CPU profile of the Worker under load, route by route. It builds the
// Worker as deployed but unminified (so functions keep their names and every module keeps
// esbuild's "// src/…" marker), seeds the demo district at bench scale, serves it under
// Miniflare with workerd's inspector, and for each route runs wrk while the V8 profiler
// samples. It prints each route's top entries by self time, by function and by file.
//
//   npm run profile                          every route, 5 s each
//   npm run profile -- --seconds 10 --top 25 --only organizationPage,directorySearch
//   npm run profile -- --bundle <dir>        profile a bundle built elsewhere (an older commit)
//   npm run profile -- --no-page-cache       public pages rendered on every request
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { CompiledQuery } from "kysely";
import { Miniflare } from "miniflare";
import { hashPassword } from "../../src/auth/password";
import { nowIso } from "../../src/lib/time";
import { inlineSql } from "../../src/tenants/apply";
import { DEMO_PASSWORD } from "../../src/seed/demo";
import { needsStatements } from "../bench/growth-needs";
import { ensureWrk, type RequestVariant, runLoad } from "../bench/load";
import { directorySearch, scaleStatements } from "../bench/scale";
import { runClients } from "../bench/clients";
import { CONNECTIONS } from "../bench/load";
import { BENCH_APPLICANTS, benchApplicantEmail, benchCallId, benchDraftId, REVIEW_CALL } from "../bench/scale-rows";
import { bidDraftClients } from "../bench/sessions";
import { tomlDatabases } from "../bench/server";
import { seedDemo } from "../lib/seed";
import { applyTenants, readTenantFiles } from "../lib/tenants";
import { localSecrets, migrate, quietEnv, shardBindings, WRANGLER } from "../lib/wrangler";
import { profileSummary, type CpuProfile } from "./summary";

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const SECONDS = Number(arg("--seconds") ?? 5);
const TOP = Number(arg("--top") ?? 20);
const ONLY = arg("--only")?.split(",");
const ORGANIZATIONS = Number(arg("--organizations") ?? 10_000);
const MAIN = "150203";
const INSPECTOR_PORT = 9230 + Math.floor(Math.random() * 500);

// As the bench's draftSave sends it (scripts/bench/routes.ts).
const INCUBATION_DRAFT = JSON.stringify({
  orgIntro: "扎根社区，长期开展为老、助残和青少年服务，骨干成员均有三年以上志愿服务经历。",
  plan: "孵化期内完善内部治理和财务制度，开展两个社区服务项目，培养五名专职骨干。",
  needs: ["venue", "capacity_building"],
  teamSize: 8,
  founders: [],
  foundersSigned: false,
});

function step(message: string) {
  console.log(`\n▸ ${message}`);
}

async function runAll(db: D1Database, statements: CompiledQuery[]) {
  for (let i = 0; i < statements.length; i += 50) await db.batch(statements.slice(i, i + 50).map((s) => db.prepare(inlineSql(s))));
}

/** One Chrome DevTools Protocol session on the inspector proxy's socket for the Worker. */
async function inspector(url: string) {
  // `ws` comes with Miniflare; its types are not installed, hence the loose import.
  const { default: WS } = (await import("ws" as string)) as { default: new (url: string, options: { origin: string }) => NodeSocket };
  const socket = new WS(url, { origin: "http://localhost" });
  await new Promise<void>((resolve, reject) => {
    socket.on("open", () => resolve());
    socket.on("error", reject);
  });
  let next = 1;
  const waiting = new Map<number, (result: unknown) => void>();
  socket.on("message", (data: unknown) => {
    const message = JSON.parse(String(data)) as { id?: number; result?: unknown; error?: unknown };
    if (message.id && waiting.has(message.id)) {
      if (message.error) console.error(message.error);
      waiting.get(message.id)!(message.result);
      waiting.delete(message.id);
    }
  });
  return {
    send<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
      const id = next++;
      socket.send(JSON.stringify({ id, method, params }));
      return new Promise((resolve) => waiting.set(id, resolve as (result: unknown) => void));
    },
    close: () => socket.close(),
  };
}
interface NodeSocket {
  on(event: string, listener: (data?: unknown) => void): void;
  send(data: string): void;
  close(): void;
}

async function signIn(base: URL, email: string): Promise<string> {
  const form = await fetch(new URL(`/d/${MAIN}/login`, base));
  const csrf = /csrf=([^;]+)/.exec(form.headers.get("set-cookie") ?? "")?.[1];
  const res = await fetch(new URL(`/d/${MAIN}/login`, base), {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: `csrf=${csrf}` },
    body: new URLSearchParams({ email, password: DEMO_PASSWORD, _csrf: csrf ?? "" }),
  });
  const sid = /sid=([^;]+)/.exec(res.headers.get("set-cookie") ?? "")?.[1];
  if (!sid) throw new Error(`sign-in of ${email} failed with ${res.status}`);
  return `csrf=${csrf}; sid=${sid}`;
}

const stateDir = mkdtempSync(path.join(os.tmpdir(), "sanshe-profile-"));
process.env.SANSHE_PERSIST_DIR = stateDir;
let mf: Miniflare | null = null;
try {
  const wrk = ensureWrk();
  const outdir = arg("--bundle") ? path.resolve(arg("--bundle")!) : path.join(stateDir, "build");
  if (!arg("--bundle")) {
    step("Building the Worker unminified (wrangler deploy --dry-run --minify=false)");
    const built = spawnSync(WRANGLER, ["deploy", "--dry-run", "--outdir", outdir, "--minify=false"], { env: quietEnv, encoding: "utf8" });
    if (built.status !== 0) throw new Error(`wrangler deploy --dry-run failed:\n${built.stdout}${built.stderr}`);
  }
  const scriptPath = path.join(outdir, "index.js");

  step("Preparing databases: migrations, tenants/, demo data");
  migrate("--local");
  await applyTenants("--local");
  await seedDemo("--local");
  const secrets = localSecrets();
  const databases = tomlDatabases();
  mf = new Miniflare({
    workers: [
      {
        name: "app",
        modules: true,
        scriptPath,
        modulesRoot: outdir,
        compatibilityDate: /^compatibility_date\s*=\s*"([^"]+)"/m.exec(readFileSync("wrangler.toml", "utf8"))![1]!,
        d1Databases: Object.fromEntries(databases.map((d) => [d.binding, d.id])),
        r2Buckets: ["FILES"],
        bindings: { SHARDS: shardBindings().join(","), PASSWORD_PEPPER: secrets.PASSWORD_PEPPER!, PERSONAL_DATA_KEY: secrets.PERSONAL_DATA_KEY!, ...(process.argv.includes("--no-page-cache") ? { PUBLIC_PAGE_CACHE: "off" } : {}) },
        unsafeInspectorProxy: true,
      },
    ],
    d1Persist: path.join(stateDir, "v3", "d1"),
    r2Persist: path.join(stateDir, "v3", "r2"),
    host: "127.0.0.1",
    port: 0,
    inspectorPort: INSPECTOR_PORT,
  });
  const base = await mf.ready;

  step(`Seeding ${MAIN} at ${ORGANIZATIONS} organizations`);
  const tenant = readTenantFiles().find((t) => t.code === MAIN)!;
  const now = nowIso();
  const shard = await mf.getD1Database(tenant.shard);
  const s = await scaleStatements({ tenant, organizations: ORGANIZATIONS, full: true }, { now, passwordHash: await hashPassword(DEMO_PASSWORD, secrets.PASSWORD_PEPPER!), personalDataKey: secrets.PERSONAL_DATA_KEY! });
  await runAll(await mf.getD1Database("PLATFORM"), s.platform);
  await runAll(shard, s.shard);
  await runAll(shard, needsStatements(tenant, ORGANIZATIONS, now));
  await shard.prepare("ANALYZE").run();

  const d = `/d/${MAIN}`;
  const org = (await shard.prepare("SELECT id FROM organizations WHERE district_id = ? AND verification = 'verified' AND id LIKE 'bench-%' LIMIT 1").bind(MAIN).first<{ id: string }>())!.id;
  const admin = await signIn(base, "admin@kdl.example.cn");
  const applicants = [];
  for (let i = 0; i < Math.min(BENCH_APPLICANTS, CONNECTIONS); i++) {
    const cookie = await signIn(base, benchApplicantEmail(i, "kdl.example.cn"));
    applicants.push({ cookie, csrf: /csrf=([^;]+)/.exec(cookie)![1]! });
  }
  const get = (p: string, headers?: Record<string, string>): RequestVariant[] => [{ method: "GET", path: p, headers }];
  const routes: Record<string, RequestVariant[]> = {
    constantJson: get("/healthz"),
    oneRowRead: get(`${d}/api/v1/areas/${MAIN}001001`),
    organizationPage: get(`${d}/organizations/${org}`),
    directorySearch: get(`${d}/organizations?${directorySearch(tenant)}`),
    creditList: get(`${d}/credit-lists/abnormal`),
    projectsPage: get(`${d}/projects`),
    needsSummary: get(`${d}/n/001001/summary`),
    reviewQueue: get(`${d}/api/v1/incubation/calls/${benchCallId(MAIN, REVIEW_CALL)}/ranking`, { cookie: admin }),
    // Each connection saves its own organization's incubation draft, the bench's draftSave.
    draftSave: applicants.map((a, i) => ({
      method: "PUT",
      path: `${d}/api/v1/incubation/applications/${benchDraftId(MAIN, i)}/draft`,
      headers: { cookie: a.cookie, "x-csrf-token": a.csrf, "content-type": "application/json" },
      body: INCUBATION_DRAFT,
    })),
  };

  const session = await inspector(`ws://127.0.0.1:${INSPECTOR_PORT}/app`);
  await session.send("Profiler.enable");
  await session.send("Profiler.setSamplingInterval", { interval: 200 });
  const source = readFileSync(scriptPath, "utf8");
  const report: string[] = [`CPU profile, ${SECONDS} s of wrk per route, ${ORGANIZATIONS} organizations, ${new Date().toISOString()}`];
  for (const [name, variants] of Object.entries(routes)) {
    if (ONLY && !ONLY.includes(name)) continue;
    const { path: firstPath, ...init } = variants[0]!;
    const first = await fetch(new URL(firstPath, base), init);
    await first.arrayBuffer();
    if (!first.ok) throw new Error(`${name} answered ${first.status}`);
    runLoad(wrk, base, variants, { seconds: 1, warmupSeconds: 0, workDir: stateDir, name: `${name}-warm` });
    await session.send("Profiler.start");
    const load = runLoad(wrk, base, variants, { seconds: SECONDS, warmupSeconds: 0, workDir: stateDir, name });
    const { profile } = await session.send<{ profile: CpuProfile }>("Profiler.stop");
    const text = profileSummary(name, profile, source, TOP, load.requestsPerSecond);
    console.log(text);
    report.push(text);
  }
  // The bid draft save needs the version each save answers, so Node clients (the bench's) drive it, not wrk.
  if (!ONLY || ONLY.includes("bidDraftSave")) {
    const clients = bidDraftClients(base, MAIN, `demo-${MAIN}-call-venture`, applicants);
    await runClients(base, clients, { seconds: 1, warmupSeconds: 0 });
    await session.send("Profiler.start");
    const load = await runClients(base, clients, { seconds: SECONDS, warmupSeconds: 0 });
    const { profile } = await session.send<{ profile: CpuProfile }>("Profiler.stop");
    const text = profileSummary("bidDraftSave", profile, source, TOP, load.requestsPerSecond);
    console.log(text);
    report.push(text);
  }
  session.close();
  const resultsDir = path.resolve("bench/results");
  mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `profile-${new Date().toISOString().replace(/[:.]/g, "-")}.txt`);
  writeFileSync(file, `${report.join("\n\n")}\n`);
  console.log(`\nSaved ${path.relative(process.cwd(), file)}`);
} finally {
  await mf?.dispose();
  rmSync(stateDir, { recursive: true, force: true });
}
