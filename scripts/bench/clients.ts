import http from "node:http";
import { CONNECTIONS, type LoadResult, type RequestVariant, requireRequests } from "./load";

// Load for routes whose every request depends on the answer to the one before (a draft
// save sends the version it read) or must be new (a form's one-time token), which wrk's
// fixed replay cannot send. The same shape as wrk's runs: CONNECTIONS keep-alive
// connections, one request in flight on each, a warm-up whose figures are thrown away,
// then requests per second and latency percentiles over the measured seconds.

export interface Exchange {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One connection's client: its next request, from the answer to its previous one (null at first). */
export interface Client {
  next(last: Exchange | null): RequestVariant;
  /** Whether the answer is the success being measured; anything else is a failure of the run. */
  ok(answer: Exchange): boolean;
}

function send(agent: http.Agent, base: URL, v: RequestVariant): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const url = new URL(v.path, base);
    const headers: Record<string, string | number> = { ...v.headers };
    if (v.body !== undefined) headers["content-length"] = Buffer.byteLength(v.body);
    const req = http.request(url, { method: v.method, headers, agent, timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
    req.end(v.body);
  });
}

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]! : Number.NaN);

/** Runs one client per connection against `base` for `warmupSeconds` + `seconds`; only the measured seconds count. */
export async function runClients(base: URL, makeClients: () => Promise<Client[]>, options: { seconds: number; warmupSeconds: number }): Promise<LoadResult> {
  const clients = await makeClients();
  if (clients.length !== CONNECTIONS) throw new Error(`expected ${CONNECTIONS} clients, got ${clients.length}`);
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const start = performance.now();
  const measureFrom = start + options.warmupSeconds * 1000;
  const end = measureFrom + options.seconds * 1000;
  const latencies: number[] = [];
  const failed = new Map<string, number>();
  const fail = (why: string) => failed.set(why, (failed.get(why) ?? 0) + 1);
  await Promise.all(
    clients.map(async (client) => {
      let last: Exchange | null = null;
      while (performance.now() < end) {
        const t0 = performance.now();
        let answer: Exchange;
        try {
          answer = await send(agent, base, client.next(last));
        } catch (error) {
          if (t0 >= measureFrom) fail((error as Error).message === "timeout" ? "timeouts" : "connection errors");
          last = null;
          continue;
        }
        const t1 = performance.now();
        if (t0 >= measureFrom && t1 <= end) {
          if (client.ok(answer)) latencies.push(t1 - t0);
          else fail(`${answer.status} responses`);
        }
        last = answer;
      }
    }),
  );
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const failures = [...failed.values()].reduce((a, b) => a + b, 0);
  return requireRequests({
    requestsPerSecond: latencies.length / options.seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    requests: latencies.length + failures,
    failures,
    failureDetail: [...failed].map(([why, n]) => `${n} ${why}`).join(", "),
    resets: 0,
  });
}
