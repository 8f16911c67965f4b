// The Worker's env on Node: every D1 binding in wrangler.toml as a SQLite file, every R2
// bucket as a folder, [vars], rate limits, and the secrets.
//   <data>/d1/<BINDING>.sqlite     PLATFORM and each DISTRICTS_n shard
//   <data>/r2/<BINDING>/           attachments and disclosure files
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Env } from "../src/env";
import { readWorkerConfig, type WorkerConfig } from "./config";
import { openD1, type SqliteD1 } from "./d1";
import { applyMigrations, readMigrations } from "./migrations";
import { openR2, type FsR2Bucket } from "./r2";
import { openS3, type ObjectStoreConfig } from "./s3";
import { queueBindings, QueueStore } from "./queues";
import { MemoryRateLimiter } from "./ratelimit";

export function d1File(dataDir: string, binding: string): string {
  return path.join(dataDir, "d1", `${binding}.sqlite`);
}

/** The server's own queue messages (not a D1 binding, so never in district migrations). */
export function queuesFile(dataDir: string): string {
  return path.join(dataDir, "queues", "queues.sqlite");
}

export function r2Dir(dataDir: string, binding: string): string {
  return path.join(dataDir, "r2", binding);
}

export interface NodeEnv {
  env: Env;
  config: WorkerConfig;
  databases: Map<string, SqliteD1>;
  /** The buckets kept in the data folder (none when the objects are in S3-compatible storage). */
  buckets: Map<string, FsR2Bucket>;
  /** Messages of the queues wrangler.toml declares; null when it declares none. */
  queues: QueueStore | null;
  close(): void;
}

export interface NodeEnvOptions {
  /** The data folder; ":memory:" keeps the databases in memory (tests) with files under `filesDir`. */
  dataDir: string;
  filesDir?: string;
  secrets: Record<string, string>;
  /** Values for [vars] keys that this installation sets differently (PUBLIC_ORIGIN, say). */
  vars?: Record<string, string>;
  config?: WorkerConfig;
  /** Apply migrations/ first (the server does; scripts that only read do not need to). */
  migrate?: boolean;
  busyTimeoutMs?: number;
  /** Where the R2 bindings keep their objects: the data folder (default) or S3-compatible storage. */
  objectStore?: ObjectStoreConfig;
}

export function createNodeEnv(options: NodeEnvOptions): NodeEnv {
  const config = options.config ?? readWorkerConfig();
  const memory = options.dataDir === ":memory:";
  const databases = new Map<string, SqliteD1>();
  const buckets = new Map<string, FsR2Bucket>();
  const env: Record<string, unknown> = { ...config.vars, ...options.vars, ...options.secrets };
  if (!memory) mkdirSync(path.join(options.dataDir, "d1"), { recursive: true });
  for (const { binding, migrationsDir } of config.d1) {
    const db = openD1(memory ? ":memory:" : d1File(options.dataDir, binding), { busyTimeoutMs: options.busyTimeoutMs });
    if (options.migrate) applyMigrations(db.sqlite, readMigrations(migrationsDir));
    databases.set(binding, db);
    env[binding] = db;
  }
  for (const binding of config.r2) {
    const store = options.objectStore;
    if (store?.kind === "s3") {
      env[binding] = openS3({ ...store, prefix: `${store.prefix}${binding}/` });
      continue;
    }
    const bucket = openR2(memory ? path.join(options.filesDir ?? "", binding) : r2Dir(options.dataDir, binding));
    buckets.set(binding, bucket);
    env[binding] = bucket;
  }
  for (const r of config.ratelimits) env[r.name] = new MemoryRateLimiter(r);
  const queues = config.queues.producers.length || config.queues.consumers.length ? new QueueStore(memory ? ":memory:" : queuesFile(options.dataDir)) : null;
  if (queues) Object.assign(env, queueBindings(queues, config.queues));
  return {
    env: env as Env,
    config,
    databases,
    buckets,
    queues,
    close() {
      queues?.close();
      for (const db of databases.values()) db.close();
      for (const bucket of buckets.values()) bucket.close();
    },
  };
}
