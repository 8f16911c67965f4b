import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Env } from "../../src/env";
import { createNodeEnv } from "../../server/env";
import { installationSettings } from "../../server/main";
import { installWorkerGlobals } from "../../server/runtime";
import { quietEnv, type Target } from "./wrangler";

// The Worker's own bindings (PLATFORM, the shards, FILES, SHARDS) in a Node script,
// from wrangler: the local databases and files under .wrangler/state (or
// SANSHE_PERSIST_DIR), or with --remote the ones on Cloudflare, so that scripts run
// the same functions the Worker and its tests run. Secrets come from .dev.vars
// locally; for --remote, export them in the shell (PERSONAL_DATA_KEY for a restore).
// With --node they are the self-hosted server's: its data folder's SQLite shards and
// files (or its S3-compatible bucket), with the settings the server itself reads.

export async function workerBindings(target: Target): Promise<{ env: Env; dispose(): Promise<void> }> {
  if (target === "--node") {
    installWorkerGlobals();
    const { dataDir, secrets, vars, objectStore } = installationSettings();
    const node = createNodeEnv({ dataDir, secrets, vars, objectStore });
    return { env: node.env, dispose: async () => node.close() };
  }
  // Loaded only here: a server installed from dist/node needs no wrangler for --node.
  const { getPlatformProxy } = await import("wrangler");
  Object.assign(process.env, { CLOUDFLARE_CF_FETCH_ENABLED: quietEnv.CLOUDFLARE_CF_FETCH_ENABLED, WRANGLER_SEND_METRICS: quietEnv.WRANGLER_SEND_METRICS });
  let configPath = "wrangler.toml";
  let cleanup = () => {};
  if (target === "--remote") {
    // Remote bindings are asked for binding by binding in the configuration.
    const toml = readFileSync("wrangler.toml", "utf8").replace(/^(binding\s*=\s*"[^"]+")$/gm, "$1\nremote = true");
    configPath = path.resolve(".wrangler-remote-bindings.toml");
    writeFileSync(configPath, toml);
    cleanup = () => rmSync(configPath, { force: true });
  }
  const persistDir = process.env.SANSHE_PERSIST_DIR;
  try {
    const proxy = await getPlatformProxy<Env>({
      configPath,
      ...(target === "--local" ? { persist: { path: path.join(persistDir ?? ".wrangler/state", "v3") }, remoteBindings: false } : { remoteBindings: true }),
    });
    const env = { ...proxy.env } as Env;
    for (const secret of ["PASSWORD_PEPPER", "PERSONAL_DATA_KEY"] as const) if (process.env[secret]) env[secret] = process.env[secret];
    return {
      env,
      dispose: async () => {
        await proxy.dispose();
        cleanup();
      },
    };
  } catch (error) {
    cleanup();
    throw error;
  }
}

export function positional(argv = process.argv.slice(2)): string[] {
  return argv.filter((a) => !a.startsWith("--"));
}
