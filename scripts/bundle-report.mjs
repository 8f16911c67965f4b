// What the deployable Worker is made of: bundles src/index.ts the way `wrangler deploy`
// does (esbuild, minified, workerd conditions) with a metafile, and prints the largest
// contributors by minified bytes in the bundle, with an estimate of each one's gzipped
// size (its own code in the bundle, gzipped alone: shared words compress better in the
// whole, so the estimates add up to more than the total).
//   npm run bundle:report [-- --top 40] [-- --files]
import { build, transform } from "esbuild";
import { gzipSync } from "node:zlib";

const args = process.argv.slice(2);
const top = Number(args[args.indexOf("--top") + 1]) || 30;
const byFile = args.includes("--files");

const options = {
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
};
const result = await build(options);
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

// The same bundle with its whitespace kept marks where each file's code starts
// (`// path` lines), so a group's own code, tree-shaken and renamed, can be gzipped alone.
const marked = await build({ ...options, minify: false, minifyIdentifiers: true, minifySyntax: true, metafile: false });
const segments = new Map();
let current = "";
for (const line of new TextDecoder().decode(marked.outputFiles[0].contents).split("\n")) {
  const path = /^\/\/ (\S+\.[cm]?[jt]sx?|\S+\.sql)$/.exec(line);
  if (path) current = groupOf(path[1].replace(/^(\.\.\/)+[^ ]*?node_modules\//, "node_modules/"));
  else segments.set(current, `${segments.get(current) ?? ""}${line.trim()}\n`);
}
async function gzipOf(name) {
  const text = segments.get(name) ?? "";
  const minified = await transform(text, { minifyWhitespace: true, loader: "js" }).then(
    (r) => r.code,
    () => text,
  );
  return gzipSync(minified).length;
}

const rows = [...groups.entries()].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, top);
const total = code.length;
console.log(`bundle: ${kb(total)} minified, ${kb(gzipSync(code).length)} gzipped (esbuild here; wrangler's output differs by a few KB)\n`);
console.log(`${"contributor".padEnd(52)} ${"minified".padStart(10)} ${"share".padStart(6)} ${"gzip est.".padStart(10)}`);
for (const [name, g] of rows) {
  console.log(`${name.padEnd(52)} ${kb(g.bytes).padStart(10)} ${`${((g.bytes / total) * 100).toFixed(1)}%`.padStart(6)} ${kb(await gzipOf(name)).padStart(10)}`);
}
const messages = Object.entries(output.inputs)
  .filter(([file]) => /^src\/.*messages[^/]*\.ts$/.test(file))
  .reduce((n, [, input]) => n + input.bytesInOutput, 0);
console.log(`\nmessage catalogues in all: ${kb(messages)} minified`);
