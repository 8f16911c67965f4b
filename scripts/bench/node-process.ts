import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { build } from "esbuild";

// The Node targets run in their own processes: wrk is started synchronously from the
// benchmark's process, which would otherwise stall a server sharing its event loop.

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** Bundles an entry into node_modules/.cache/bench (so that packages resolve) and starts it. */
export async function startNodeProcess(entry: string, args: string[], env: Record<string, string>, port: number): Promise<{ child: ChildProcess; url: URL }> {
  const outDir = path.resolve("node_modules/.cache/bench");
  mkdirSync(outDir, { recursive: true });
  const outfile = path.join(outDir, `${path.basename(entry, ".ts")}.mjs`);
  await build({ entryPoints: [entry], outfile, bundle: true, platform: "node", format: "esm", target: "node20", packages: "external", logLevel: "warning" });
  const child = spawn(process.execPath, [outfile, ...args], { env: { ...process.env, ...env, NODE_ENV: "production" }, stdio: ["ignore", "ignore", "inherit"] });
  const url = new URL(`http://127.0.0.1:${port}/`);
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`${entry} exited with ${child.exitCode}`);
    try {
      if ((await fetch(new URL("/healthz", url))).ok) return { child, url };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error(`${entry} did not start`);
}
