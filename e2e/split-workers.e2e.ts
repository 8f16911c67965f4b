import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { PAGE_WORKERS, bindingOf } from "../src/workers/plan";

// On Cloudflare the platform deploys as a front Worker and page Workers behind it
// (src/workers/plan.ts), each within 250 KB gzipped so that cold starts stay quick. This
// builds them as `npm run build:workers` does (with `wrangler deploy --dry-run` of each
// configuration), serves them under Miniflare beside the one Worker on copies of the same
// seeded demo, and reads the same pages from both as a visitor and as every demo person:
// the split must answer every page as the one Worker does (scripts/workers/compare.ts).
const BUDGET_BYTES = 250 * 1024;

interface Report {
  workers: { name: string; gzippedBytes: number; pagesOf: string[] }[];
  pagesRead: number;
  onHostname: { href: string; status: number }[];
  servedBy: Record<string, number>;
  differences: { person: string; href: string; one: number; split: number; excerpt: string }[];
}

it("deploys as Workers of at most 250 KB each that answer every page as the one Worker does", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "sanshe-split-report-"));
  try {
    const reportPath = path.join(dir, "report.json");
    const result = spawnSync("node", ["scripts/run.mjs", "scripts/workers/compare.ts", "--pages", "40", "--report", reportPath], {
      env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false" },
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(result.status, `${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`).toBe(0);
    const report = JSON.parse(readFileSync(reportPath, "utf8")) as Report;
    for (const w of report.workers) console.log(`${w.name}: ${(w.gzippedBytes / 1024).toFixed(1)} KB gzipped (${w.pagesOf.join(", ")})`);

    expect(report.workers).toHaveLength(PAGE_WORKERS.length + 1);
    for (const w of report.workers) expect(w.gzippedBytes, w.name).toBeLessThanOrEqual(BUDGET_BYTES);
    // Every page Worker answered some of the pages read, and the front its own.
    for (const w of PAGE_WORKERS) expect(report.servedBy[bindingOf(w)] ?? 0, w.name).toBeGreaterThan(0);
    expect(report.servedBy.front ?? 0).toBeGreaterThan(0);
    expect(report.pagesRead).toBeGreaterThan(200);
    // On the district's own hostname too (paths without /d/{code}), the pages are there.
    expect(report.onHostname.filter((p) => p.status !== 200)).toEqual([]);
    expect(report.differences.map((d) => `${d.person} ${d.href}: ${d.one} → ${d.split}\n${d.excerpt}`)).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 900_000);
