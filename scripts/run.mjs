// Runs a TypeScript script that shares code with the Worker (tenant schema, password
// hashing, audit chain): esbuild bundles it for Node, then it is imported.
//   node scripts/run.mjs scripts/<name>.ts [args...]
import { build } from "esbuild";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const entry = process.argv[2];
if (!entry) {
  console.error("usage: node scripts/run.mjs scripts/<name>.ts [args...]");
  process.exit(2);
}
const outDir = path.resolve("node_modules/.cache/scripts");
mkdirSync(outDir, { recursive: true });
const outfile = path.join(outDir, `${path.basename(entry, ".ts")}.mjs`);
await build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  logLevel: "warning",
});
process.argv.splice(2, 1);
await import(pathToFileURL(outfile).href);
