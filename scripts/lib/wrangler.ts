import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { CompiledQuery } from "kysely";
import { inlineSql } from "../../src/tenants/apply";
import { readWorkerConfig } from "../../server/config";
import { nodeExecute, nodeMigrate, nodeQuery } from "./node-data";

// Everything the scripts do to D1 goes through wrangler, so the same script works on
// the local databases (default, under .wrangler/) and on Cloudflare (--remote); with
// --node it works on the self-hosted server's SQLite files instead (./node-data.ts).

export const WRANGLER = path.resolve("node_modules/.bin/wrangler");
export const quietEnv = { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false" };

export type Target = "--local" | "--remote" | "--node";

export function targetFromArgs(argv = process.argv): Target {
  if (argv.includes("--remote")) return "--remote";
  return argv.includes("--node") ? "--node" : "--local";
}

/**
 * Local state lives under .wrangler/state unless SANSHE_PERSIST_DIR names another
 * folder (the browser tests use a fresh one per run, so they never touch demo data).
 */
export function persistArgs(): string[] {
  const dir = process.env.SANSHE_PERSIST_DIR;
  return dir ? ["--persist-to", dir] : [];
}

function withPersist(args: string[]): string[] {
  const local = args.includes("--local") || args[0] === "dev";
  return local ? [...args, ...persistArgs()] : args;
}

export function wrangler(args: string[], options: { capture?: boolean } = {}): string {
  args = withPersist(args);
  const result = spawnSync(WRANGLER, args, { env: quietEnv, encoding: "utf8", stdio: options.capture ? ["ignore", "pipe", "pipe"] : ["ignore", "pipe", "inherit"], maxBuffer: 512 * 1024 * 1024 });
  if (result.status !== 0) {
    throw new Error(`wrangler ${args.join(" ")} failed (exit ${result.status}):\n${result.stdout ?? ""}${result.stderr ?? ""}`);
  }
  return result.stdout ?? "";
}

// wrangler's file splitter takes CASE (any case) as opening a block that only an upper-case
// END closes: after a lower-case `case … end` it ran every later statement as one, which
// outgrew D1's statement length once the demo seed grew. END is written in upper case
// outside string literals (SQL keywords and identifiers ignore case).
function fileStatement(statement: CompiledQuery): string {
  return inlineSql(statement)
    .split("'")
    .map((part, i) => (i % 2 ? part : part.replace(/\bend\b/g, "END")))
    .join("'");
}

/** Runs statements against a database binding as one file (wrangler runs a file atomically). */
export async function executeStatements(binding: string, statements: readonly CompiledQuery[], target: Target): Promise<void> {
  if (statements.length === 0) return;
  if (target === "--node") return nodeExecute(binding, statements);
  const dir = mkdtempSync(path.join(os.tmpdir(), "sanshe-sql-"));
  const file = path.join(dir, `${binding}.sql`);
  writeFileSync(file, `${statements.map(fileStatement).join("\n")}\n`);
  try {
    wrangler(["d1", "execute", binding, target, "--file", file, "--yes"], { capture: true });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Reads rows with one SQL statement. */
export function query<Row>(binding: string, sql: string, target: Target): Row[] {
  if (target === "--node") return nodeQuery<Row>(binding, sql);
  const out = wrangler(["d1", "execute", binding, target, "--json", "--command", sql], { capture: true });
  const parsed = JSON.parse(out) as { results: Row[] }[];
  return parsed.flatMap((r) => r.results ?? []);
}

export function shardBindings(): string[] {
  const toml = readFileSync("wrangler.toml", "utf8");
  const match = /^SHARDS\s*=\s*"([^"]*)"/m.exec(toml);
  return (match?.[1] ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

export function migrate(target: Target): void {
  for (const binding of ["PLATFORM", ...shardBindings()]) {
    if (target === "--node") {
      const dir = readWorkerConfig().d1.find((d) => d.binding === binding)?.migrationsDir ?? "migrations";
      const applied = nodeMigrate(binding, dir);
      console.log(`  migrations applied: ${binding}${applied.length ? ` (${applied.join(", ")})` : ""}`);
      continue;
    }
    wrangler(["d1", "migrations", "apply", binding, target], { capture: true });
    console.log(`  migrations applied: ${binding}`);
  }
}

const LOCAL_SECRETS = ["PASSWORD_PEPPER", "PERSONAL_DATA_KEY"];

/** The local secrets file wrangler dev reads; missing secrets are added with random values. */
export function localSecrets(): Record<string, string> {
  const file = ".dev.vars";
  if (!existsSync(file)) writeFileSync(file, "# Local secrets for wrangler dev (git-ignored).\n");
  const text = readFileSync(file, "utf8");
  for (const name of LOCAL_SECRETS) {
    if (!new RegExp(`^${name}=`, "m").test(text)) {
      const value = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url");
      writeFileSync(file, `${readFileSync(file, "utf8")}${name}="${value}"\n`);
    }
  }
  const values: Record<string, string> = {};
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const m = /^\s*([A-Z_][A-Z0-9_]*)\s*=\s*"?(.*?)"?\s*$/.exec(line);
    if (m) values[m[1]!] = m[2]!;
  }
  return values;
}

export { spawn };
