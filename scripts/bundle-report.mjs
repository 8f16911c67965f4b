// What the deployable Worker is made of: bundles src/index.ts the way `wrangler deploy`
// does (esbuild, minified, workerd conditions) with a metafile, and prints the largest
// contributors by minified bytes in the bundle, with an estimate of each one's gzipped
// share (its own minified output, gzipped alone: shared words compress better in the
// whole, so the estimates add up to more than the total).
//   npm run bundle:report [-- --top 40] [-- --files]
import { build, transform } from "esbuild";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const args = process.argv.slice(2);
const top = Number(args[args.indexOf("--top") + 1]) || 30;
const byFile = args.includes("--files");

const result = await build({
  entryPoints: ["src/index.ts"],
  bundle: true,
  minify: true,
  format: "esm",
  platform: "neutral",
  target: "es2024",
  conditions: ["workerd", "worker", "browser"],
  mainFields: ["browser", "module", "main"],
  external: ["cloudflare:*", "node:*"],
  loader: { ".sql": "text" },
  metafile: true,
  write: false,
  logLevel: "warning",
});
const output = Object.values(result.metafile.outputs)[0];
const code = result.outputFiles[0].contents;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

/** The group a file counts under: a package, or a folder of src two levels deep (message catalogues apart). */
function groupOf(file) {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(file);
  if (pkg) return pkg[1] === "zod" && pkg[2].includes("json-schema") ? "zod (JSON Schema)" : pkg[1];
  if (byFile) return file;
  const parts = file.split("/");
  const group = parts.length > 3 ? parts.slice(0, 3).join("/") : parts.slice(0, -1).join("/") || file;
  return /messages[^/]*\.ts$/.test(file) ? `${group} (messages)` : group;
}

const groups = new Map();
for (const [file, { bytesInOutput }] of Object.entries(output.inputs)) {
  if (!bytesInOutput) continue;
  const g = groups.get(groupOf(file)) ?? { bytes: 0, files: [] };
  g.bytes += bytesInOutput;
  g.files.push(file);
  groups.set(groupOf(file), g);
}

/** A group's files minified on their own and gzipped together: an estimate of what it costs. */
async function gzipOf(files) {
  let text = "";
  for (const file of files) {
    const source = readFileSync(file.replace(/^.*?node_modules\//, "node_modules/"), "utf8");
    const loader = file.endsWith(".tsx") ? "tsx" : file.endsWith(".ts") ? "ts" : file.endsWith(".sql") ? "text" : "js";
    const out = await transform(source, { loader, minify: true, jsx: "automatic", jsxImportSource: "hono/jsx", format: loader === "text" ? "esm" : undefined });
    text += out.code;
  }
  return gzipSync(text).length;
}

const rows = [...groups.entries()].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, top);
const total = code.length;
console.log(`bundle: ${kb(total)} minified, ${kb(gzipSync(code).length)} gzipped (esbuild here; wrangler's output differs by a few KB)\n`);
console.log(`${"contributor".padEnd(52)} ${"minified".padStart(10)} ${"share".padStart(6)} ${"gzip est.".padStart(10)}`);
for (const [name, g] of rows) {
  const gz = await gzipOf(g.files).catch(() => Number.NaN);
  console.log(`${name.padEnd(52)} ${kb(g.bytes).padStart(10)} ${`${((g.bytes / total) * 100).toFixed(1)}%`.padStart(6)} ${(Number.isNaN(gz) ? "?" : kb(gz)).padStart(10)}`);
}
const messages = [...groups.entries()].filter(([name]) => name.endsWith("(messages)")).reduce((n, [, g]) => n + g.bytes, 0);
console.log(`\nmessage catalogues in all: ${kb(messages)} minified`);
