import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { expect, it } from "vitest";

// The deployable Worker, as `wrangler deploy` would upload it, stays small to keep cold
// starts quick on Workers. The target is 250 KB gzipped. The demo seeds have left the
// Worker, but the purchased-services and linkage modules (with their evaluation pages,
// feedback, change requests, figures, needs, meetings, the annual assessment and the
// dashboard), the 2026 evaluation rules and the wired notifications brought it to about
// 398 KB. Dropping wrangler's keep-names wrappers and zod's JSON Schema generator brought
// it back to about 374 KB; name search, the credit-list jurisdiction rules, the projects'
// reminders and short feedback codes, the assessment's public notice and the signed SMS
// requests then brought it to about 387 KB. The audit log in words (a label for every
// action and table), receipts, the page cache, the operator's password reset and sign-up
// phone codes, the area re-import preview, claim certificates, the credit-list proposals
// and the records API brought it to about 420 KB. Removing unused message keys and hono's
// secure-headers took off 3 KB; the Excel reader, rubrics by organization type, posts'
// pay and closing dates, replacing a draft's files, receipts in the API, phone codes by
// API and invitations in English added 8 KB, to about 425 KB. Building only Kysely's query
// builders (not its class with the schema and introspection builders) took off 6.6 KB, to
// about 418 KB; the .xlsx template, rubric editing and 社会团体 kinds, figures counted in
// SQL, statements built once and objection alerts by area brought it back to about 425 KB.
// Answers made with their headers, the one-batch bid save, the paged projects list with
// its funds page, contract search in meeting actions, simplified on-site evaluations and
// the evaluation and annual-report JSON lists added about 3.5 KB net of the duplicates
// removed beside them, to about 428.6 KB. Limiting evaluation, credit and export staff to
// their areas, the paged figures and open data of funded projects, the unwritten-说明 label
// and the lighter request entry added about 2.1 KB; the review queue's figures moving into
// SQLite triggers took 0.4 KB out: about 430.3 KB.
// Until the bundle is trimmed (`npm run bundle:report` lists the largest
// parts: the modules' pages and message catalogues, then Kysely and zod; README's
// Performance section says what stands between it and 250 KB), this test holds the line at
// 432 KB so that it cannot grow unnoticed.
const BUDGET_BYTES = 432 * 1024;

it("bundles the Worker under its budget, gzipped", () => {
  const outdir = mkdtempSync(path.join(os.tmpdir(), "sanshe-bundle-"));
  try {
    const result = spawnSync(path.resolve("node_modules/.bin/wrangler"), ["deploy", "--dry-run", "--outdir", outdir], {
      env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false" },
      encoding: "utf8",
    });
    expect(result.status, result.stderr).toBe(0);
    const gzipped = gzipSync(readFileSync(path.join(outdir, "index.js"))).length;
    console.log(`deployable Worker: ${(gzipped / 1024).toFixed(1)} KB gzipped (budget ${BUDGET_BYTES / 1024} KB)`);
    expect(gzipped).toBeLessThanOrEqual(BUDGET_BYTES);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}, 120_000);
