// npm run serve:node: the same application on Node with SQLite shards, as a bureau's own
// server runs it. Prepares the data folder (SANSHE_DATA_DIR, default ./.data):
// migrations, tenants/, and the demo data when the folder is new; then serves on
// 127.0.0.1 (PORT overrides 8787). Running it again keeps all data.
import { existsSync } from "node:fs";
import { main } from "../server/main";
import { d1File } from "../server/env";
import { printDemoBanner } from "./lib/banner";
import { nodeDataDir, nodeSecrets } from "./lib/node-data";
import { seedDemo } from "./lib/seed";
import { applyTenants } from "./lib/tenants";
import { migrate } from "./lib/wrangler";

const dir = nodeDataDir();
const fresh = !existsSync(d1File(dir, "PLATFORM"));
nodeSecrets();
console.log(`Preparing the data folder (${dir})…`);
migrate("--node");
await applyTenants("--node");
if (fresh) {
  await seedDemo("--node");
  console.log("  demo data loaded");
}
const port = process.env.PORT ?? "8787";
printDemoBanner("127.0.0.1", port);
process.env.SANSHE_DATA_DIR = dir;
// Links in pages and messages (invitations, say) point at the port actually served, as
// `npm start` does; an installation sets its own PUBLIC_ORIGIN (deploy/sanshe.service).
process.env.PUBLIC_ORIGIN ??= `http://127.0.0.1:${port}`;
await main();
