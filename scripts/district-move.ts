// npm run district:move -- <code> <shard> [--remote | --node]     move a district to another shard
// npm run district:move -- <code> --resume [--remote | --node]    finish an interrupted move
// npm run district:move -- <code> --rollback [--remote | --node]  abandon it (before the switch)
// The district is read-only while it moves (writes answer 503 with Retry-After); see
// src/operations/move.ts for the phases.
import { setUpModules } from "../src/core/module-contract";
import { AppError } from "../src/http/errors";
import { t } from "../src/i18n/messages";
import { MODULES } from "../src/modules";
import { resumeMove, rollbackMove, startMove, type MoveReport } from "../src/operations/move";
import { positional, workerBindings } from "./lib/bindings";
import { targetFromArgs } from "./lib/wrangler";

// The move's refusals are the operations module's messages.
setUpModules(MODULES);
const [code, shard] = positional();
const resume = process.argv.includes("--resume");
const rollback = process.argv.includes("--rollback");
if (!code || (!shard && !resume && !rollback)) {
  console.error("usage: npm run district:move -- <code> <shard> | <code> --resume | <code> --rollback  [--remote | --node]");
  process.exit(2);
}
const actor = { id: null, role: "platform_operator", requestId: "cli:district-move" };
const { env, dispose } = await workerBindings(targetFromArgs());
let exit = 0;
try {
  let report: MoveReport;
  if (rollback) report = await rollbackMove(env, code, actor);
  else {
    if (!resume) {
      await startMove(env, code, shard!, actor);
      console.log(`District ${code} is read-only; waiting for every Worker to see it, then copying…`);
    }
    report = await resumeMove(env, code, actor);
  }
  const rows = Object.values(report.rows).reduce((a, b) => a + b, 0);
  console.log(`Move ${report.id}: ${report.from} → ${report.to}, ${report.phase}.`);
  if (!rollback) {
    console.log(`${rows} rows copied and counted; ${report.files} files named by them (they stay in FILES).`);
    for (const [table, n] of Object.entries(report.rows)) if (n) console.log(`  ${table.padEnd(32)} ${n}`);
    for (const key of report.missingFiles) console.log(`  missing from FILES: ${key}`);
  }
} catch (error) {
  exit = 1;
  if (error instanceof AppError) console.error(`${t("zh-CN", error.messageKey)}\n${t("en", error.messageKey)}`);
  else {
    console.error(`The move stopped: ${(error as Error).message ?? error}`);
    console.error(`Run it again with --resume to continue, or --rollback to abandon it (before the switch).`);
  }
} finally {
  await dispose();
}
process.exit(exit);
