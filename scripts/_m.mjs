import { build } from "esbuild";
import { gzipSync } from "node:zlib";
const [keepArg, lightArg] = process.argv.slice(2);
const keep = new Set((keepArg||"").split(",")); const light = new Set((lightArg||"").split(","));
const HOOK = /^\.\/(jobs|todos|todo|home-section|review-kind|receipt-kind|evaluation-kind|exit-kind|assessment-kind|period|session-cleanup|digest|notices|files|routes)$/;
const plugin = { name: "stub", setup(b) {
  b.onResolve({ filter: /^\.\// }, (a) => {
    if (process.env.NOPLATFORM && /src\/app\.ts$/.test(a.importer) && /^\.\/platform\/(console|routes)$/.test(a.path)) return { path: a.importer + a.path, namespace: "stub" };
    const m = /src\/(?:modules\/)?([^/]+)\/index\.ts$/.exec(a.importer); if (!m) return;
    const mod = m[1];
    if ((a.path === "./routes" || a.path === "./todo") && !keep.has(mod)) return { path: a.importer + a.path, namespace: "stub" };
    if (light.has(mod) && HOOK.test(a.path)) return { path: a.importer + a.path, namespace: "stub" };
  });
  b.onLoad({ filter: /.*/, namespace: "stub" }, () => ({ contents: "module.exports = new Proxy({}, {get: (_, k) => k === '__esModule' ? false : (() => {})})", loader: "js" }));
}};
const r = await build({ entryPoints: ["src/index.ts"], bundle: true, minify: true, format: "esm", platform: "neutral", target: "es2024",
  conditions: ["workerd","worker","browser"], mainFields: ["browser","module","main"], external: ["cloudflare:*","node:*"], loader: {".sql":"text"}, write: false, logLevel: "error", plugins: [plugin], jsx: "automatic", jsxImportSource: "hono/jsx" });
const c = r.outputFiles[0].contents;
console.log(`keep=${keepArg} light=${lightArg}`, (gzipSync(c).length/1024).toFixed(1), "KB gz");
if (process.env.TOP) {
  const r2 = await build({ entryPoints: ["src/index.ts"], bundle: true, minify: true, format: "esm", platform: "neutral", target: "es2024",
  conditions: ["workerd","worker","browser"], mainFields: ["browser","module","main"], external: ["cloudflare:*","node:*"], loader: {".sql":"text"}, write: false, logLevel: "error", plugins: [plugin], jsx: "automatic", jsxImportSource: "hono/jsx", metafile: true });
  const out = Object.values(r2.metafile.outputs)[0];
  const g = new Map();
  for (const [f, {bytesInOutput}] of Object.entries(out.inputs)) { const pk = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(f); const parts = f.split("/"); const k = pk ? pk[1] : (/messages/.test(f) ? "MSG " : "") + parts.slice(0, Math.min(3, parts.length-1)).join("/"); g.set(k, (g.get(k)??0)+bytesInOutput); }
  for (const [k,v] of [...g].sort((a,b)=>b[1]-a[1]).slice(0, +process.env.TOP)) console.log(k.padEnd(40), (v/1024).toFixed(1));
}
