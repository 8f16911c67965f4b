import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";

// Browser tests run against the real Worker under `wrangler dev`, started by the same
// `npm start` a developer uses, on a fresh database folder and a free port: each run
// begins from the clean seeded demo.

let server: ChildProcess | null = null;
let stateDir = "";

async function waitForReady(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the server at ${url} did not become ready`);
}

export default async function setup(project: TestProject) {
  // SANSHE_E2E_URL: journeys against a server already running (started the same way),
  // so that journey files can be run one at a time without a start-up each.
  const running = process.env.SANSHE_E2E_URL;
  if (running) {
    await waitForReady(running, 10_000);
    project.provide("baseUrl", running);
    return;
  }
  stateDir = mkdtempSync(path.join(os.tmpdir(), "sanshe-e2e-"));
  const port = String(18000 + Math.floor(Math.random() * 2000));
  const baseUrl = `http://127.0.0.1:${port}`;
  // SANSHE_E2E_RUNTIME=node: the same journeys against `npm run serve:node`.
  const node = process.env.SANSHE_E2E_RUNTIME === "node";
  server = spawn("node", ["scripts/run.mjs", node ? "scripts/serve-node.ts" : "scripts/start.ts"], {
    env: { ...process.env, PORT: port, SANSHE_PERSIST_DIR: stateDir, SANSHE_DATA_DIR: stateDir, CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let log = "";
  server.stdout?.on("data", (d) => (log += d));
  server.stderr?.on("data", (d) => (log += d));
  try {
    await waitForReady(baseUrl, 180_000);
  } catch (error) {
    console.error(log);
    throw error;
  }
  project.provide("baseUrl", baseUrl);
  return async () => {
    if (server?.pid) {
      try {
        process.kill(-server.pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
    rmSync(stateDir, { recursive: true, force: true });
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
  }
}
