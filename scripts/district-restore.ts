// npm run district:restore -- <export.zip> [--shard DISTRICTS_n] [--remote | --node]
// Loads a district's data export (the ZIP its admin downloads) into an empty district:
// every checksum is checked first and a mismatch refuses the whole file. The district
// comes back on the shard its registry record names, or (deleted) --shard, or the one
// in the export. Restored accounts set a new password: exports never carry them.
import { readFileSync } from "node:fs";
import { RestoreRefused, restoreDistrict } from "../src/operations/restore";
import { positional, workerBindings } from "./lib/bindings";
import { targetFromArgs } from "./lib/wrangler";

const [file] = positional();
if (!file) {
  console.error("usage: npm run district:restore -- <export.zip> [--shard DISTRICTS_n] [--remote | --node]");
  process.exit(2);
}
const shardAt = process.argv.indexOf("--shard");
const shard = shardAt > 0 ? process.argv[shardAt + 1] : undefined;
const target = targetFromArgs();
const { env, dispose } = await workerBindings(target);
let code = 0;
try {
  const report = await restoreDistrict(env, new Uint8Array(readFileSync(file)), { id: null, role: "platform_operator", requestId: `cli:district-restore` }, shard ? { shard } : {});
  const rows = Object.values(report.rows).reduce((a, b) => a + b, 0);
  console.log(`Restored district ${report.district} on ${report.shard} (${target.slice(2)}): ${rows} rows in ${Object.keys(report.rows).length} tables, ${report.files} files, ${report.accounts} accounts.`);
  for (const [table, n] of Object.entries(report.rows)) if (n) console.log(`  ${table.padEnd(32)} ${n}`);
  console.log(`Audit chain: ${report.chain.events} events, intact.`);
  if (report.accounts) console.log("Accounts come back without passwords (an export never carries them): each person needs a new one.");
} catch (error) {
  code = 1;
  if (error instanceof RestoreRefused) {
    console.error("Refused; nothing was written:");
    for (const p of error.problems) console.error(`  - ${p}`);
  } else console.error(error);
} finally {
  await dispose();
}
process.exit(code);
