import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { expect, it } from "vitest";

// The Worker with every module in it, as `wrangler deploy` would upload wrangler.toml's
// entry: what `npm start` and the tests run. On Cloudflare the platform deploys as several
// Workers of at most 250 KB each instead (src/workers/plan.ts, e2e/split-workers.e2e.ts);
// this one holds a line of its own so that the whole cannot grow unnoticed. It was about
// 425 KB after the trims README's Performance section lists (Kysely's query builders only,
// no keep-names wrappers, no zod JSON Schema generator), and 431.8 KB before the split;
// the split's dispatch, the API description gathered from every Worker and the open-data
// files declared in the manifests brought it to about 433 KB.
const BUDGET_BYTES = 436 * 1024;

it("bundles the one Worker under its line, gzipped", () => {
  const outdir = mkdtempSync(path.join(os.tmpdir(), "sanshe-bundle-"));
  try {
    const result = spawnSync(path.resolve("node_modules/.bin/wrangler"), ["deploy", "--dry-run", "--outdir", outdir], {
      env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false" },
      encoding: "utf8",
    });
    expect(result.status, result.stderr).toBe(0);
    const gzipped = gzipSync(readFileSync(path.join(outdir, "index.js"))).length;
    console.log(`one Worker with every module: ${(gzipped / 1024).toFixed(1)} KB gzipped (budget ${BUDGET_BYTES / 1024} KB)`);
    expect(gzipped).toBeLessThanOrEqual(BUDGET_BYTES);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}, 120_000);
