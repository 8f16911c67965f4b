// The self-hosted server: the Worker's own fetch and scheduled handlers (src/index.ts),
// unchanged, on Node with SQLite shards, files on disk and a cron runner.
//   SANSHE_DATA_DIR      data folder (default ./.data)
//   SANSHE_SECRETS_FILE  NAME=value secrets, mode 600 (default <data>/secrets.env if present)
//   HOST, PORT           listening address (default 127.0.0.1:8787)
//   SANSHE_TRUST_PROXY=1 a TLS proxy in front: take the scheme from X-Forwarded-Proto
//   SANSHE_CRON=0        this process runs no cron (when several processes share the data)
//   SANSHE_QUEUE_CONSUMERS=0  this process delivers no queue messages (others do)
//   PUBLIC_ORIGIN, …     any [vars] key of wrangler.toml, for this installation
//   SANSHE_OBJECT_STORE=s3 and SANSHE_S3_* files in S3-compatible storage (s3.ts)
import { existsSync } from "node:fs";
import type { IncomingMessage } from "node:http";
import path from "node:path";
import { serve, type ServerType } from "@hono/node-server";
import worker from "../src/index";
import { readWorkerConfig, varsFromEnvironment } from "./config";
import type { Env } from "../src/env";
import { startCron, type CronRunner } from "./cron";
import { startQueueConsumers, type QueueRunner } from "./queues";
import { createNodeEnv, type NodeEnv } from "./env";
import { installWorkerGlobals, NodeExecutionContext } from "./runtime";
import { objectStoreFromEnvironment, type ObjectStoreConfig } from "./s3";
import { loadSecrets, secretValues } from "./secrets";

/**
 * What Cloudflare's edge guarantees a Worker's request, given here by the server: the
 * client's address in CF-Connecting-IP (the app keys rate limits on it; whatever the
 * client sent is replaced), and, behind the TLS proxy, the scheme the client used.
 * With `trustProxy` the address is nginx's X-Real-IP (deploy/nginx.conf sets it).
 */
export function asFromCloudflare(request: Request, remoteAddress: string, trustProxy: boolean): Request {
  const address = (trustProxy && request.headers.get("x-real-ip")) || remoteAddress.replace(/^::ffff:/, "") || "unknown";
  request.headers.set("cf-connecting-ip", address);
  if (trustProxy && request.headers.get("x-forwarded-proto") === "https") {
    const url = new URL(request.url);
    if (url.protocol === "http:") {
      url.protocol = "https:";
      return new Request(url, request);
    }
  }
  return request;
}

export interface NodeServerOptions {
  dataDir: string;
  host: string;
  port: number;
  secrets: Record<string, string>;
  trustProxy?: boolean;
  cron?: boolean;
  /** Deliver queue messages to the Worker's queue() handler (one process of several may do it). */
  queueConsumers?: boolean;
  objectStore?: ObjectStoreConfig;
  /** [vars] overrides; PUBLIC_ORIGIN is where absolute links point (never the Host header). */
  vars?: Record<string, string>;
}

export interface NodeServer {
  env: NodeEnv;
  server: ServerType;
  url: string;
  stop(): Promise<void>;
}

export function startNodeServer(options: NodeServerOptions): Promise<NodeServer> {
  installWorkerGlobals();
  const nodeEnv = createNodeEnv({ dataDir: options.dataDir, secrets: options.secrets, vars: options.vars, objectStore: options.objectStore, migrate: true });
  const ctx = new NodeExecutionContext();
  const executionContext = ctx as unknown as ExecutionContext;
  let cron: CronRunner | undefined;
  if (options.cron !== false && nodeEnv.config.crons.length) {
    cron = startCron(nodeEnv.config.crons, async (expression, scheduledTime) => {
      const controller = { cron: expression, scheduledTime, noRetry() {} } as ScheduledController;
      const own = new NodeExecutionContext();
      await worker.scheduled(controller, nodeEnv.env, own as unknown as ExecutionContext);
      await own.settled();
    });
  }
  let consumers: QueueRunner | undefined;
  const handler = (worker as ExportedHandler<Env>).queue;
  if (options.queueConsumers !== false && nodeEnv.queues && nodeEnv.config.queues.consumers.length) {
    if (!handler) throw new Error("wrangler.toml declares queue consumers but the Worker has no queue() handler");
    consumers = startQueueConsumers(nodeEnv.queues, nodeEnv.config.queues.consumers, (batch, env, ctx) => handler.call(worker, batch, env as Env, ctx), nodeEnv.env);
  }
  const fetch = (request: Request, bindings?: { incoming?: Pick<IncomingMessage, "socket"> }): Response | Promise<Response> => {
    request = asFromCloudflare(request, bindings?.incoming?.socket.remoteAddress ?? "", options.trustProxy ?? false);
    return worker.fetch(request, nodeEnv.env, executionContext);
  };
  return new Promise((resolve) => {
    const server = serve({ fetch, hostname: options.host, port: options.port }, (info) => {
      resolve({
        env: nodeEnv,
        server,
        url: `http://${options.host}:${info.port}`,
        async stop() {
          cron?.stop();
          await consumers?.stop();
          const closed = new Promise<void>((done) => server.close(() => done()));
          // Kept-alive connections from the proxy would hold close() open until they time out.
          (server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
          await closed;
          await ctx.settled();
          nodeEnv.close();
        },
      });
    });
  });
}

/**
 * An installation's settings from its environment: the data folder, its secrets (the
 * environment or SANSHE_SECRETS_FILE, else <data>/secrets.env), [vars] overrides and
 * the object store. The server and the operations commands (`--node`) read the same.
 */
export function installationSettings(environment: Record<string, string | undefined> = process.env) {
  const dataDir = path.resolve(environment.SANSHE_DATA_DIR ?? ".data");
  const defaultSecrets = path.join(dataDir, "secrets.env");
  const secretsFile = environment.SANSHE_SECRETS_FILE || (existsSync(defaultSecrets) ? defaultSecrets : undefined);
  return {
    dataDir,
    secrets: loadSecrets({ file: secretsFile, env: environment }),
    vars: varsFromEnvironment(readWorkerConfig(), environment),
    objectStore: objectStoreFromEnvironment(secretValues({ file: secretsFile, env: environment })),
  };
}

/** Reads the settings from the environment and serves until SIGINT or SIGTERM. */
export async function main(): Promise<void> {
  const { dataDir, secrets, vars, objectStore } = installationSettings();
  const running = await startNodeServer({
    dataDir,
    host: process.env.HOST ?? "127.0.0.1",
    port: Number(process.env.PORT ?? 8787),
    secrets,
    trustProxy: process.env.SANSHE_TRUST_PROXY === "1",
    cron: process.env.SANSHE_CRON !== "0",
    queueConsumers: process.env.SANSHE_QUEUE_CONSUMERS !== "0",
    vars,
    objectStore,
  });
  console.log(`serving ${running.url}/ (data: ${dataDir})`);
  let stopping = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      // Finish what requests handed to waitUntil and close the databases cleanly.
      running.stop().then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(error);
          process.exit(1);
        },
      );
    });
  }
}
