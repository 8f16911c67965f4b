// The scripts' `--node` target: the self-hosted server's data folder (SANSHE_DATA_DIR,
// default ./.data) instead of wrangler's local or remote D1.
import { chmodSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { CompiledQuery } from "kysely";
import { openD1 } from "../../server/d1";
import { d1File } from "../../server/env";
import { applyMigrations, readMigrations } from "../../server/migrations";
import { readSecretsFile, SECRET_NAMES } from "../../server/secrets";

export function nodeDataDir(): string {
  return path.resolve(process.env.SANSHE_DATA_DIR ?? ".data");
}

function withDatabase<T>(binding: string, use: (db: ReturnType<typeof openD1>) => T): T {
  const file = d1File(nodeDataDir(), binding);
  mkdirSync(path.dirname(file), { recursive: true });
  const db = openD1(file);
  try {
    return use(db);
  } finally {
    db.close();
  }
}

/** Runs the statements in one transaction: all applied or none. */
export async function nodeExecute(binding: string, statements: readonly CompiledQuery[]): Promise<void> {
  const file = d1File(nodeDataDir(), binding);
  mkdirSync(path.dirname(file), { recursive: true });
  const db = openD1(file);
  try {
    await db.batch(statements.map((s) => db.prepare(s.sql).bind(...s.parameters)));
  } finally {
    db.close();
  }
}

export function nodeQuery<Row>(binding: string, sql: string): Row[] {
  return withDatabase(binding, (db) => db.sqlite.prepare(sql).all() as Row[]);
}

export function nodeMigrate(binding: string, migrationsDir: string): string[] {
  return withDatabase(binding, (db) => applyMigrations(db.sqlite, readMigrations(migrationsDir)));
}

/**
 * The data folder's secrets file (mode 600), created with random values on first use,
 * as `npm start` does with .dev.vars. A production server names its own file instead.
 */
export function nodeSecrets(): Record<string, string> {
  const file = path.join(nodeDataDir(), "secrets.env");
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    const lines = SECRET_NAMES.map((name) => `${name}=${Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url")}`);
    writeFileSync(file, `# Secrets of this data folder's server (keep mode 600).\n${lines.join("\n")}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return readSecretsFile(file);
}
