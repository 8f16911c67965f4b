// npm run lint: every check runs, in this order, even after one fails, so a single
// run lists all that needs fixing. Exit code 1 if any check failed.
//   node scripts/lint/all.mjs
import { spawnSync } from "node:child_process";

const steps = [
  ["format", "biome", ["format", "."]],
  ["lint", "biome", ["lint", "--error-on-warnings", "."]],
  ["boundaries", "node", ["scripts/run.mjs", "scripts/lint/boundaries.ts"]],
  ["handlers", "node", ["scripts/run.mjs", "scripts/lint/handlers.ts"]],
  ["message imports", "node", ["scripts/run.mjs", "scripts/lint/message-imports.ts"]],
  ["file size", "node", ["scripts/run.mjs", "scripts/lint/file-size.ts"]],
  ["message keys", "node", ["scripts/run.mjs", "scripts/lint/message-keys.ts"]],
];

const failed = [];
for (const [name, command, args] of steps) {
  console.log(`\n── ${name}: ${command} ${args.join(" ")}`);
  const run = spawnSync(command, args, { stdio: "inherit" });
  if (run.status !== 0) failed.push(name);
}
console.log(failed.length ? `\nlint failed: ${failed.join(", ")}` : "\nlint passed");
process.exit(failed.length ? 1 : 0);
