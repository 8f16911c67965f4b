import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";

// Load from a separate process: wrk (Debian's package), 16 connections on 2 threads,
// a warm-up run first whose figures are thrown away.

export const CONNECTIONS = 16;
const THREADS = 2;

/** wrk on PATH, installed from Debian's packages when missing. */
export function ensureWrk(): string {
  const found = spawnSync("sh", ["-c", "command -v wrk"], { encoding: "utf8" });
  if (found.status === 0) return found.stdout.trim();
  console.log("Installing wrk (Debian package)…");
  const sudo = process.getuid?.() === 0 ? [] : ["sudo"];
  for (const args of [
    ["apt-get", "update", "-qq"],
    ["apt-get", "install", "-y", "-qq", "wrk"],
  ]) {
    const result = spawnSync(sudo[0] ?? args[0]!, [...sudo.slice(1), ...(sudo.length ? args : args.slice(1))], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
    if (result.status !== 0) throw new Error(`could not install wrk (${args.join(" ")} failed); install it with: apt-get install wrk`);
  }
  return "wrk";
}

/** One request shape for wrk; several variants are sent in turn (e.g. one per signed-in user). */
export interface RequestVariant {
  method: "GET" | "PUT" | "POST";
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Responses that were not 2xx/3xx, timeouts and refused connections: a run with any is not a valid measurement. */
  failures: number;
  failureDetail: string;
  /** Connections the server closed under wrk (it reconnects); reported, not counted as failures. */
  resets: number;
}

const lua = (s: string) => JSON.stringify(s); // a JSON string is a valid Lua string literal for our ASCII/UTF-8 content

function script(variants: RequestVariant[]): string {
  const entries = variants.map((v) => {
    const headers = Object.entries(v.headers ?? {})
      .map(([k, val]) => `[${lua(k)}] = ${lua(val)}`)
      .join(", ");
    return `  { method = ${lua(v.method)}, path = ${lua(v.path)}, headers = { ${headers} }, body = ${v.body === undefined ? "nil" : lua(v.body)} }`;
  });
  return ["local variants = {", entries.join(",\n"), "}", "local i = 0", "request = function()", "  i = i % #variants + 1", "  local v = variants[i]", "  return wrk.format(v.method, v.path, v.headers, v.body)", "end", ""].join("\n");
}

function parseDuration(text: string): number {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(text.trim());
  if (!m) return Number.NaN;
  const value = Number(m[1]);
  return m[2] === "us" ? value / 1000 : m[2] === "ms" ? value : m[2] === "s" ? value * 1000 : value * 60_000;
}

/** Runs wrk against `base` for `seconds`, after `warmupSeconds` of the same load. */
export function runLoad(wrk: string, base: URL, variants: RequestVariant[], options: { seconds: number; warmupSeconds: number; workDir: string; name: string }): LoadResult {
  const scriptFile = path.join(options.workDir, `${options.name}.lua`);
  writeFileSync(scriptFile, script(variants));
  const target = new URL(variants[0]!.path, base).href;
  const run = (seconds: number) => {
    const result = spawnSync(wrk, ["-t", String(THREADS), "-c", String(CONNECTIONS), "-d", `${seconds}s`, "--timeout", "10s", "--latency", "-s", scriptFile, target], { encoding: "utf8" });
    if (result.status !== 0) throw new Error(`wrk failed for ${options.name}:\n${result.stdout}${result.stderr}`);
    return result.stdout;
  };
  if (options.warmupSeconds > 0) run(options.warmupSeconds);
  const out = run(options.seconds);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
  const p50 = parseDuration(/^\s+50%\s+(\S+)/m.exec(out)?.[1] ?? "");
  const p99 = parseDuration(/^\s+99%\s+(\S+)/m.exec(out)?.[1] ?? "");
  const requests = Number(/(\d+) requests in/.exec(out)?.[1] ?? 0);
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const [connect, read, write, timeout] = socket ? socket.slice(1).map(Number) : [0, 0, 0, 0];
  // With no request finished wrk prints no latencies: that is a failed run, not unreadable output.
  if (!Number.isFinite(rps) || (requests > 0 && !Number.isFinite(p50))) throw new Error(`could not read wrk's output for ${options.name}:\n${out}`);
  const failureDetail = [non2xx ? `${non2xx} non-2xx responses` : "", timeout ? `${timeout} timeouts` : "", connect ? `${connect} refused connections` : ""].filter(Boolean).join(", ");
  return requireRequests({ requestsPerSecond: rps, p50Ms: p50, p99Ms: p99, requests, failures: non2xx + timeout! + connect!, failureDetail, resets: read! + write! });
}

/** A run in which no request succeeded measured nothing: it counts as a failure, whatever else it saw. */
export function requireRequests(m: LoadResult): LoadResult {
  if (m.requests > 0 && m.requestsPerSecond > 0) return m;
  return { ...m, p50Ms: Number.NaN, p99Ms: Number.NaN, failures: m.failures + 1, failureDetail: [m.failureDetail, "no request finished"].filter(Boolean).join(", ") };
}
