import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { GROWTH, MAIN } from "./districts";
import { CONNECTIONS, type LoadResult } from "./load";
import type { Entry } from "./routes";
import { BENCH_SIZES } from "./scale";

// The printed table and the saved results of `npm run bench`.

export const BUDGET_KB = 250;

/** The one Worker with every module (npm start, the tests) and the Workers deployed on Cloudflare (npm run build:workers), gzipped. */
export interface BundleSizes {
  oneWorkerKb: number;
  workers: { name: string; kb: number }[];
}
export const ROUNDS = 2;
const GROWTH_LIMIT = 1.5;

/**
 * Targets against the floor (bare-worker.ts, same Miniflare, same shard): each route's
 * throughput as a share of its bare counterpart's, or of the bare one-row read's, best of
 * two alternating rounds.
 */
const FLOOR_TARGETS: Record<string, { of: string; min: number }> = {
  constantJson: { of: "bareConstantJson", min: 0.85 },
  organizationPage: { of: "bareOrganizationPage", min: 0.6 },
  directorySearch: { of: "barePrefixSearch", min: 0.7 },
  draftSave: { of: "bareOneRowRead", min: 0.3 },
  bidDraftSave: { of: "bareOneRowRead", min: 0.3 },
  reviewQueue: { of: "bareOneRowRead", min: 0.3 },
  projectsPage: { of: "bareOneRowRead", min: 0.5 },
  needsSummary: { of: "bareOneRowRead", min: 0.5 },
};
/** Each project route's bare counterpart, measured just before it in every round. */
export const COUNTERPART: Record<string, string> = { constantJson: "bareConstantJson", oneRowRead: "bareOneRowRead", organizationPage: "bareOrganizationPage", directorySearch: "barePrefixSearch" };

export type Measured = LoadResult & { key: string; round: number };
export interface GrowthCurve {
  title: string;
  unit: string;
  points: (LoadResult & { rows: number })[];
}

const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : "–");
const failed = (m: LoadResult) => (m.failures ? `  FAILED: ${m.failureDetail}` : "") + (m.resets ? `  (${m.resets} connections reset)` : "");

function growthLines(curve: GrowthCurve): { lines: string[]; ratio: number } {
  // A curve with a failed point has no ratio: a run that finished nothing must not read as flat.
  const ratio = curve.points.some((p) => p.failures > 0) ? Number.NaN : curve.points.at(-1)!.p50Ms / curve.points[0]!.p50Ms;
  return {
    ratio,
    lines: [
      "",
      `${curve.title}:`,
      ...curve.points.map((g) => `  ${g.rows.toLocaleString("en").padStart(8)} ${curve.unit}: p50 ${ms(g.p50Ms)} ms, p99 ${ms(g.p99Ms)} ms, ${g.requestsPerSecond.toFixed(0)} req/s${failed(g)}`),
      `  p50 at ${curve.points.at(-1)!.rows.toLocaleString("en")} ÷ p50 at ${curve.points[0]!.rows.toLocaleString("en")} = ${Number.isFinite(ratio) ? ratio.toFixed(2) : "– (a point failed)"} (target ≤ ${GROWTH_LIMIT}: ${ratio <= GROWTH_LIMIT ? "met" : "not met"})`,
    ],
  };
}

/**
 * Prints the table, saves it under bench/results/ and answers whether the run should exit
 * non-zero: a route with no valid round (every round failed), a target missed (against the
 * floor, or a growth curve above its limit or with a failed point). A route that failed one
 * round but not the other is marked FAILED for that round and measured by the other; the
 * bundle budget is printed only (e2e/bundle.e2e.ts holds the cap).
 */
export function report(options: { node: boolean; seconds: number; started: number; entries: Entry[]; best: Record<string, LoadResult>; runs: Measured[]; curves: GrowthCurve[]; bundle: BundleSizes | null }): boolean {
  const { best } = options;
  // A calibration route that finished nothing leaves its column empty, not infinite.
  const constant = best.constantJson?.requestsPerSecond || Number.NaN;
  const oneRow = best.oneRowRead?.requestsPerSecond || Number.NaN;
  const bareOneRow = best.bareOneRowRead?.requestsPerSecond ?? null;
  const rows = options.entries.map((r) => {
    const m = best[r.key]!;
    const counterpart = best[COUNTERPART[r.key] ?? ""]?.requestsPerSecond;
    const t = FLOOR_TARGETS[r.key];
    const of = t ? best[t.of]?.requestsPerSecond : undefined;
    const target = t && of ? { ...t, ratio: m.requestsPerSecond / of, met: m.failures === 0 && m.requestsPerSecond / of >= t.min } : null;
    return {
      key: r.key,
      label: r.label,
      ...m,
      vsConstant: m.requestsPerSecond / constant,
      vsOneRow: m.requestsPerSecond / oneRow,
      vsFloor: counterpart ? m.requestsPerSecond / counterpart : null,
      vsBareOneRow: bareOneRow ? m.requestsPerSecond / bareOneRow : null,
      target,
    };
  });
  const ratio = (v: number | null, width: number) => (v === null || !Number.isFinite(v) ? "" : v.toFixed(2)).padStart(width);
  const pad = (s: string, n: number) => s + " ".repeat(Math.max(0, n - [...s].length));
  // A round counts only if every entry in it finished requests and every answer was the expected one.
  const roundFailures = Array.from({ length: ROUNDS }, (_, i) => options.runs.filter((m) => m.round === i + 1 && m.failures > 0));
  const lines = [
    "",
    `三社联动 platform benchmark${options.node ? " on the Node runtime (server/)" : ""}, ${new Date().toISOString()} (${os.cpus().length} cores, Node ${process.version})`,
    `District ${MAIN} at scale: ${GROWTH[1]!.organizations.toLocaleString("en")} organizations, ${BENCH_SIZES.disclosures.toLocaleString("en")}-odd disclosures, ${BENCH_SIZES.socialWorkers} social workers, ${BENCH_SIZES.posts} posts, ${BENCH_SIZES.applications} applications with reviews`,
    "",
    `Best of ${ROUNDS} alternating rounds. ÷ floor: against the bare counterpart; ÷ bare 1 row: against the floor's one-row read.`,
    `${pad("route", 42)} ${"req/s".padStart(8)} ${"p50 ms".padStart(8)} ${"p99 ms".padStart(8)} ${"÷ const".padStart(8)} ${"÷ 1 row".padStart(8)} ${"÷ floor".padStart(8)} ${"÷ bare 1 row".padStart(12)}  target`,
    ...rows.map(
      (r) =>
        `${pad(r.label, 42)} ${r.requestsPerSecond.toFixed(0).padStart(8)} ${ms(r.p50Ms).padStart(8)} ${ms(r.p99Ms).padStart(8)} ${ratio(r.vsConstant, 8)} ${ratio(r.vsOneRow, 8)} ${ratio(r.vsFloor, 8)} ${ratio(r.vsBareOneRow, 12)}  ${r.target === null ? "" : `${r.target.ratio.toFixed(2)} ÷ ${r.target.of} ≥ ${r.target.min}: ${r.target.met ? "met" : "not met"}`}${failed(r)}`,
    ),
    "",
    ...roundFailures.map((f, i) => `Round ${i + 1}: ${f.length ? `FAILED (${f.map((m) => `${m.key}: ${m.failureDetail}`).join("; ")})` : "every entry finished requests, every answer as expected"}`),
  ];
  const growth = options.curves.map((c) => {
    const g = growthLines(c);
    lines.push(...g.lines);
    return { title: c.title, results: c.points, p50Ratio: g.ratio, limit: GROWTH_LIMIT };
  });
  const noValidRound = rows.filter((r) => r.failures > 0).map((r) => r.key);
  const missed = [...rows.filter((r) => r.target && !r.target.met && r.failures === 0).map((r) => r.key), ...growth.filter((g) => !(g.p50Ratio <= g.limit)).map((g) => g.title.split(" (")[0]!)];
  lines.push(
    "",
    `Outcome: ${noValidRound.length ? `no valid round for ${noValidRound.join(", ")}` : "every route has a valid round"}; ${missed.length ? `targets not met: ${missed.join("; ")}` : "every target met"}${noValidRound.length || missed.length ? " (exit 1)" : ""}`,
  );
  if (options.bundle) {
    const largest = options.bundle.workers.reduce((a, b) => (b.kb > a.kb ? b : a));
    lines.push(
      "",
      `Deployed Workers (npm run build:workers): ${options.bundle.workers.length}, the largest ${largest.name} at ${largest.kb.toFixed(1)} KB gzipped (budget ${BUDGET_KB} KB each: ${largest.kb <= BUDGET_KB ? "met" : "MISSED"}); every module in one Worker: ${options.bundle.oneWorkerKb.toFixed(1)} KB`,
    );
  }
  lines.push(`Total time: ${((Date.now() - options.started) / 1000).toFixed(0)} s`);
  console.log(lines.join("\n"));

  const resultsDir = path.resolve("bench/results");
  mkdirSync(resultsDir, { recursive: true });
  const saved = {
    at: new Date().toISOString(),
    runtime: options.node ? "node" : "workerd",
    machine: { cores: os.cpus().length, node: process.version },
    connections: CONNECTIONS,
    seconds: options.seconds,
    rounds: ROUNDS,
    routes: rows,
    failedRounds: roundFailures.map((f, i) => ({ round: i + 1, failed: f.map((m) => ({ key: m.key, detail: m.failureDetail })) })),
    growth,
    bundle: options.bundle && { budgetKb: BUDGET_KB, oneWorkerKb: Number(options.bundle.oneWorkerKb.toFixed(1)), workers: options.bundle.workers.map((w) => ({ name: w.name, kb: Number(w.kb.toFixed(1)) })) },
  };
  const file = path.join(resultsDir, `bench-${options.node ? "node-" : ""}${saved.at.replace(/[:.]/g, "-")}.json`);
  writeFileSync(file, `${JSON.stringify(saved, null, 2)}\n`);
  writeFileSync(path.join(resultsDir, options.node ? "latest-node.json" : "latest.json"), readFileSync(file));
  console.log(`\nResults: ${path.relative(process.cwd(), file)} (and bench/results/${options.node ? "latest-node" : "latest"}.json)`);
  return noValidRound.length > 0 || missed.length > 0;
}
