import { spawnSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { buildSync } from "esbuild";
import { Miniflare, type WorkerOptions } from "miniflare";
import { quietEnv, shardBindings, WRANGLER } from "../lib/wrangler";

// The benchmark serves the deployable Worker itself (what `wrangler deploy` would
// upload) under programmatic Miniflare: `wrangler dev` adds a proxy, an inspector and
// logging that cost more than the routes being measured.

export interface BuiltWorker {
  scriptPath: string;
  gzippedBytes: number;
}

/** `wrangler deploy --dry-run --outdir`: the bundle exactly as it would be deployed. */
export function buildWorker(outdir: string): BuiltWorker {
  const result = spawnSync(WRANGLER, ["deploy", "--dry-run", "--outdir", outdir], { env: quietEnv, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`wrangler deploy --dry-run failed:\n${result.stdout}${result.stderr}`);
  const scriptPath = path.join(outdir, "index.js");
  statSync(scriptPath);
  return { scriptPath, gzippedBytes: gzipSync(readFileSync(scriptPath)).length };
}

/** The Workers the platform deploys as on Cloudflare, as `npm run build:workers` makes them (scripts/workers/build.ts). */
export interface BuiltSplit {
  workers: { name: string; workerName: string; binding: string | null; scriptPath: string; gzippedBytes: number; pagesOf: string[] }[];
  /** Path key → the front's binding to the page Worker that serves it. */
  pageRoutes: Record<string, string>;
}

/** `npm run build:workers -- --outdir outdir` (with `--check`: `wrangler deploy --dry-run` of each configuration). */
export function buildSplitWorkers(outdir: string, options: { check?: boolean } = {}): BuiltSplit {
  const result = spawnSync("node", ["scripts/run.mjs", "scripts/workers/build.ts", "--outdir", outdir, ...(options.check ? ["--check"] : [])], { env: quietEnv, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`npm run build:workers failed:\n${result.stdout}${result.stderr}`);
  return JSON.parse(readFileSync(path.join(outdir, "split.json"), "utf8")) as BuiltSplit;
}

/** The floor Worker (bare-worker.ts) bundled on its own, as wrangler would: ES module, minified. */
export function buildBareWorker(outdir: string): BuiltWorker {
  const scriptPath = path.join(outdir, "bare.js");
  buildSync({
    entryPoints: ["scripts/bench/bare-worker.ts"],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "neutral",
    mainFields: ["module", "main"],
    conditions: ["workerd", "worker", "browser"],
    outfile: scriptPath,
    logLevel: "error",
  });
  return { scriptPath, gzippedBytes: gzipSync(readFileSync(scriptPath)).length };
}

/** Paths under this prefix reach the floor Worker; every other path reaches the project's. */
export const BARE_PREFIX = "/__bare";

interface TomlDatabase {
  binding: string;
  id: string;
}

/** The D1 bindings of wrangler.toml with their ids: local state is keyed by the id. */
export function tomlDatabases(): TomlDatabase[] {
  const toml = readFileSync("wrangler.toml", "utf8");
  const blocks = toml.split("[[d1_databases]]").slice(1);
  return blocks.map((block) => ({
    binding: /binding\s*=\s*"([^"]+)"/.exec(block)![1]!,
    id: /database_id\s*=\s*"([^"]+)"/.exec(block)![1]!,
  }));
}

function compatibilityDate(): string {
  return /^compatibility_date\s*=\s*"([^"]+)"/m.exec(readFileSync("wrangler.toml", "utf8"))![1]!;
}

/** The project's Worker as Miniflare runs it: wrangler.toml's databases, the files bucket, the secrets. */
function appWorker(name: string, scriptPath: string, secrets: Record<string, string>): WorkerOptions {
  return {
    name,
    modules: true,
    scriptPath,
    modulesRoot: path.dirname(scriptPath),
    compatibilityDate: compatibilityDate(),
    d1Databases: Object.fromEntries(tomlDatabases().map((d) => [d.binding, d.id])),
    r2Buckets: ["FILES"],
    // The app's rate limits with a budget the load cannot use up: every request comes from
    // one address and a few phone numbers, so wrangler.toml's budgets would stop a run after
    // a few seconds, while the limiter's cost stays in every measured anonymous write.
    ratelimits: Object.fromEntries(["SIGN_IN_LIMIT", "ANONYMOUS_WRITE_LIMIT"].map((name) => [name, { simple: { limit: 1_000_000_000, period: 60 as const } }])),
    bindings: {
      SHARDS: shardBindings().join(","),
      PASSWORD_PEPPER: secrets.PASSWORD_PEPPER!,
      PERSONAL_DATA_KEY: secrets.PERSONAL_DATA_KEY!,
    },
  };
}

/** Miniflare on 127.0.0.1 with the databases and files that wrangler keeps under `persistDir`. */
async function serve(workers: WorkerOptions[], persistDir: string): Promise<{ mf: Miniflare; url: URL }> {
  const mf = new Miniflare({
    workers,
    d1Persist: path.join(persistDir, "v3", "d1"),
    r2Persist: path.join(persistDir, "v3", "r2"),
    host: "127.0.0.1",
    port: 0,
  });
  const url = await mf.ready;
  return { mf, url };
}

/**
 * The platform split into Workers as on Cloudflare (npm run build:workers, src/workers/plan.ts):
 * the front first, so that it receives every request, bound to the page Workers by name.
 */
export function serveSplit(split: BuiltSplit, persistDir: string, secrets: Record<string, string>): Promise<{ mf: Miniflare; url: URL }> {
  const [front, ...pages] = split.workers;
  const serviceBindings = Object.fromEntries(pages.map((w) => [w.binding!, w.workerName]));
  return serve([{ ...appWorker(front!.workerName, front!.scriptPath, secrets), serviceBindings }, ...pages.map((w) => appWorker(w.workerName, w.scriptPath, secrets))], persistDir);
}

/**
 * Serves the built Worker on 127.0.0.1 with the databases and files that wrangler
 * keeps under `persistDir` (the layout of `wrangler … --persist-to persistDir`).
 */
export async function serveWorker(worker: BuiltWorker, persistDir: string, secrets: Record<string, string>, bare?: { worker: BuiltWorker; shard: string }): Promise<{ mf: Miniflare; url: URL }> {
  const databases = tomlDatabases();
  const app = appWorker("app", worker.scriptPath, secrets);
  // The floor shares the process, the port and the shard's SQLite file with the project's
  // Worker, so the two are measured under the same conditions.
  const floor = bare
    ? [
        {
          name: "bare",
          modules: true,
          scriptPath: bare.worker.scriptPath,
          modulesRoot: path.dirname(bare.worker.scriptPath),
          compatibilityDate: compatibilityDate(),
          d1Databases: { DB: databases.find((d) => d.binding === bare.shard)!.id },
          routes: [`*${BARE_PREFIX}/*`],
        },
      ]
    : [];
  return serve([app, ...floor], persistDir);
}
