// npm run tenants:apply [-- --remote]: validates tenants/*.json and upserts each district
// into the registry and its shard. Safe to run any number of times.
import { applyTenants } from "./lib/tenants";
import { targetFromArgs } from "./lib/wrangler";

try {
  await applyTenants(targetFromArgs());
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
