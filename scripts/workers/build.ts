// npm run build:workers: the Workers that deploy the platform on Cloudflare, as planned in
// src/workers/plan.ts, each bundled from src/index.ts the way `wrangler deploy` bundles it
// and written with its own wrangler configuration:
//   dist/workers/<name>/index.js        the Worker, ready to upload as it is (no_bundle)
//   dist/workers/<name>/wrangler.json   its bindings, from wrangler.toml
//   dist/workers/split.json             what was built, with each Worker's gzipped size
// Deploy the page Workers first, then the front (README, "Deploying to Cloudflare").
//
//   npm run build:workers [-- --outdir dist/workers] [-- --check]
// --check also runs `wrangler deploy --dry-run` on each configuration.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { build, type Metafile, type Plugin } from "esbuild";
import { parseToml } from "../../server/config";
import { createApp } from "../../src/app";
import { setUpModules } from "../../src/core/module-contract";
import { routeTable } from "../../src/http/routes";
import { MODULES } from "../../src/modules";
import { bindingOf, PAGE_WORKERS, type PageWorker } from "../../src/workers/plan";
import { routeKey } from "../../src/workers/dispatch";
import { quietEnv, WRANGLER } from "../lib/wrangler";

/** Cloudflare's quick-start budget for one Worker, gzipped (issue: performance against the floor). */
export const WORKER_BUDGET_BYTES = 250 * 1024;

export interface BuiltSplitWorker {
  /** "front" or the page Worker's short name. */
  name: string;
  /** The deployed Worker's name. */
  workerName: string;
  /** The front's binding to it (none for the front). */
  binding: string | null;
  scriptPath: string;
  configPath: string;
  gzippedBytes: number;
  /** The modules whose district pages it serves. */
  pagesOf: string[];
  /** Its largest parts: [group, minified bytes]. */
  largest: [string, number][];
}

export interface BuiltSplit {
  workers: BuiltSplitWorker[];
  /** Path key → binding, as compiled into the front. */
  pageRoutes: Record<string, string>;
}

const moduleNames = () => MODULES.map((m) => m.name as string);

/** The modules whose pages the front serves: those no page Worker takes. */
function frontPages(): string[] {
  const taken = new Set(PAGE_WORKERS.flatMap((w) => w.pagesOf));
  return moduleNames().filter((m) => !taken.has(m));
}

/**
 * Which Worker serves each district path key, from the route table of the whole app:
 * a key whose routes belong to modules of two Workers cannot be dispatched, and stops the build.
 */
function pageRoutesTable(): Record<string, string> {
  setUpModules(MODULES);
  if (!routeTable.length) createApp();
  const workerOf = new Map<string, PageWorker | null>(moduleNames().map((m) => [m, PAGE_WORKERS.find((w) => w.pagesOf.includes(m)) ?? null]));
  const owners = new Map<string, Set<PageWorker | null>>();
  for (const route of routeTable) {
    if (route.realm !== "district") continue;
    const key = routeKey(route.path);
    if (key.includes(":")) throw new Error(`${route.method} ${route.path} (${route.module}): a parameter where the split decides the Worker; give the route a fixed first segment`);
    if (!workerOf.has(route.module)) throw new Error(`${route.path} belongs to ${route.module}, which is not in the module list`);
    const set = owners.get(key) ?? new Set();
    set.add(workerOf.get(route.module)!);
    owners.set(key, set);
  }
  const table: Record<string, string> = {};
  for (const [key, workers] of owners) {
    if (workers.size > 1) throw new Error(`/${key} has routes in several Workers (${[...workers].map((w) => w?.name ?? "front").join(", ")}): src/workers/plan.ts must keep them together`);
    const [worker] = workers;
    if (worker) table[key] = bindingOf(worker);
  }
  return table;
}

/** The folder of a module's manifest and served parts: src/modules/<name> or src/<name>. */
function moduleDir(name: string): string {
  for (const dir of [`src/modules/${name}`, `src/${name}`]) if (existsSync(path.join(dir, "served.ts"))) return path.resolve(dir);
  throw new Error(`module ${name} has no served.ts (src/core/module-contract.ts, ServedParts)`);
}

interface Serving {
  /** Modules whose served parts are bundled. */
  hooks: ReadonlySet<string>;
  /** Of those, modules whose routes are bundled too. */
  routes: ReadonlySet<string>;
  /** Whether the platform's own pages are bundled: the landing page, health, static files, the console (the front only). */
  platform: boolean;
}

/**
 * Leaves out of a Worker what it does not serve: a module's served.ts (its manifest then
 * has no routes, jobs or hooks), a module's routes (imported by its served.ts), the console.
 */
function leaveOut(serving: Serving): Plugin {
  const dirs = new Map(moduleNames().map((m) => [moduleDir(m), m]));
  const app = path.resolve("src/app.ts");
  return {
    name: "sanshe-split",
    setup(b) {
      b.onResolve({ filter: /^\.\/(served|routes|platform\/(console|routes))$/ }, (args) => {
        const module = dirs.get(path.dirname(args.importer));
        const importer = path.basename(args.importer);
        const file = () => ["ts", "tsx"].map((ext) => `${path.join(path.dirname(args.importer), args.path)}.${ext}`).find((f) => existsSync(f))!;
        if (module && importer === "index.ts" && args.path === "./served" && !serving.hooks.has(module)) return { path: module, namespace: "no-served-parts" };
        if (module && importer === "served.ts" && args.path === "./routes" && !serving.routes.has(module)) return { path: file(), namespace: "no-routes" };
        if (args.importer === app && !serving.platform && args.path.startsWith("./platform/")) return { path: file(), namespace: "no-routes" };
        return undefined;
      });
      b.onLoad({ filter: /.*/, namespace: "no-served-parts" }, () => ({ contents: "export default {};", loader: "js" }));
      // Each registration function the file exports becomes one that registers nothing.
      b.onLoad({ filter: /.*/, namespace: "no-routes" }, (args) => {
        const names = [...readFileSync(args.path, "utf8").matchAll(/^export function (register\w+)/gm)].map((m) => m[1]!);
        return { contents: names.map((name) => `export function ${name}() {}`).join("\n"), loader: "js" };
      });
    },
  };
}

/** The largest parts of a bundle by minified bytes: packages, and folders of src two levels deep (message catalogues apart). */
function contributors(metafile: Metafile, top: number): [string, number][] {
  const groups = new Map<string, number>();
  for (const output of Object.values(metafile.outputs))
    for (const [file, { bytesInOutput }] of Object.entries(output.inputs)) {
      const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file);
      const folder = file.split("/").slice(0, -1).slice(0, 3).join("/");
      const group = pkg ? pkg[1]! : /messages[^/]*\.ts$/.test(file) ? `${folder} (messages)` : folder;
      groups.set(group, (groups.get(group) ?? 0) + bytesInOutput);
    }
  return [...groups].sort((a, b) => b[1] - a[1]).slice(0, top);
}

async function bundle(entry: string, outfile: string, serving: Serving, define: Record<string, string>): Promise<{ gzippedBytes: number; metafile: Metafile }> {
  // As `wrangler deploy` bundles (wrangler.toml: minify, no keep_names): ES module, workerd conditions.
  const { metafile } = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    minify: true,
    format: "esm",
    platform: "neutral",
    target: "es2024",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["browser", "module", "main"],
    external: ["cloudflare:*", "node:*"],
    loader: { ".sql": "text" },
    define,
    plugins: [leaveOut(serving)],
    metafile: true,
    logLevel: "warning",
  });
  return { gzippedBytes: gzipSync(readFileSync(outfile)).length, metafile };
}

type Table = Record<string, unknown>;

/** The wrangler configuration of one Worker: wrangler.toml's bindings, its own name, the built script as it is. */
function configOf(base: Table, worker: { name: string; front: boolean; services: { binding: string; service: string }[] }): Table {
  const { main: _main, minify: _minify, keep_names: _keepNames, triggers, queues, d1_databases, ...shared } = base;
  const d1 = (d1_databases as Table[]).map(({ migrations_dir: _dir, ...db }) => db);
  const q = (queues ?? {}) as Table;
  return {
    ...shared,
    name: worker.name,
    main: "index.js",
    no_bundle: true,
    d1_databases: d1,
    // Only the front runs the jobs and consumes the notifications queue; every Worker may put on it.
    ...(worker.front ? { triggers, queues: q, services: worker.services } : { queues: { producers: q.producers ?? [] }, workers_dev: false, preview_urls: false }),
  };
}

async function buildWorkers(outdir: string, options: { check?: boolean } = {}): Promise<BuiltSplit> {
  const pageRoutes = pageRoutesTable();
  const base = parseToml(readFileSync("wrangler.toml", "utf8")) as Table;
  const frontName = String(base.name);
  const all = new Set(moduleNames());
  rmSync(outdir, { recursive: true, force: true });

  const plans = [
    {
      name: "front",
      workerName: frontName,
      binding: null,
      pagesOf: frontPages(),
      serving: { hooks: all, routes: new Set(frontPages()), platform: true },
      define: { SANSHE_PAGE_ROUTES: JSON.stringify(pageRoutes) },
    },
    ...PAGE_WORKERS.map((w) => ({
      name: w.name,
      workerName: `${frontName}-${w.name}`,
      binding: bindingOf(w),
      pagesOf: [...w.pagesOf],
      serving: { hooks: w.everyModulesHooks ? all : new Set(w.pagesOf), routes: new Set(w.pagesOf), platform: false },
      define: {},
    })),
  ];
  const services = plans.filter((p) => p.binding).map((p) => ({ binding: p.binding!, service: p.workerName }));

  const workers: BuiltSplitWorker[] = [];
  for (const plan of plans) {
    const dir = path.join(outdir, plan.name);
    mkdirSync(dir, { recursive: true });
    const scriptPath = path.join(dir, "index.js");
    const { gzippedBytes, metafile } = await bundle("src/index.ts", scriptPath, plan.serving, plan.define);
    const configPath = path.join(dir, "wrangler.json");
    writeFileSync(configPath, `${JSON.stringify(configOf(base, { name: plan.workerName, front: plan.name === "front", services }), null, 2)}\n`);
    workers.push({ name: plan.name, workerName: plan.workerName, binding: plan.binding, scriptPath, configPath, gzippedBytes, pagesOf: plan.pagesOf, largest: contributors(metafile, 8) });
  }
  if (options.check) {
    for (const w of workers) {
      const dry = path.join(outdir, ".dry-run", w.name);
      const result = spawnSync(WRANGLER, ["deploy", "--dry-run", "--config", w.configPath, "--outdir", dry], { env: quietEnv, encoding: "utf8" });
      if (result.status !== 0) throw new Error(`wrangler deploy --dry-run of ${w.workerName} failed:\n${result.stdout}${result.stderr}`);
    }
    rmSync(path.join(outdir, ".dry-run"), { recursive: true, force: true });
  }
  const split: BuiltSplit = { workers, pageRoutes };
  writeFileSync(path.join(outdir, "split.json"), `${JSON.stringify(split, null, 2)}\n`);
  return split;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

function printSplit(split: BuiltSplit): void {
  console.log(`${"Worker".padEnd(32)} ${"gzipped".padStart(9)}  serves the pages of`);
  for (const w of split.workers) {
    console.log(`${w.workerName.padEnd(32)} ${kb(w.gzippedBytes).padStart(9)}  ${w.pagesOf.join(", ")}`);
    console.log(`    largest parts, minified: ${w.largest.map(([group, bytes]) => `${group} ${kb(bytes)}`).join("; ")}`);
  }
  const largest = Math.max(...split.workers.map((w) => w.gzippedBytes));
  console.log(`\nlargest ${kb(largest)} (budget ${kb(WORKER_BUDGET_BYTES)} each); ${Object.keys(split.pageRoutes).length} path keys dispatched by the front`);
}

const args = process.argv.slice(2);
const at = args.indexOf("--outdir");
const outdir = path.resolve(at >= 0 ? args[at + 1]! : "dist/workers");
const split = await buildWorkers(outdir, { check: args.includes("--check") });
printSplit(split);
console.log(`written to ${path.relative(process.cwd(), outdir) || "."}`);
