// npm run build:node: bundles the self-hosted server and its operations commands into
// dist/node/ (run them from the project folder: they read wrangler.toml, migrations/
// and tenants/). Packages stay in node_modules, so `npm ci --omit=dev` is enough at run
// time once this is built.
import { build } from "esbuild";

const entries = {
  server: "server/serve.ts",
  migrate: "scripts/migrate.ts",
  "tenants-apply": "scripts/tenants-apply.ts",
  "audit-verify": "scripts/audit-verify.ts",
  backup: "scripts/backup.ts",
  restore: "scripts/restore.ts",
  "district-restore": "scripts/district-restore.ts",
  "district-move": "scripts/district-move.ts",
};
for (const [name, entry] of Object.entries(entries)) {
  await build({ entryPoints: [entry], outfile: `dist/node/${name}.mjs`, bundle: true, platform: "node", format: "esm", target: "node20", packages: "external", logLevel: "warning" });
}
console.log(
  `built ${Object.keys(entries)
    .map((n) => `dist/node/${n}.mjs`)
    .join(", ")}`,
);
