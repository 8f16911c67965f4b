// npm run db:migrate [-- --remote]: applies migrations/ to PLATFORM and every shard.
import { migrate, targetFromArgs } from "./lib/wrangler";

const target = targetFromArgs();
console.log(`Applying migrations (${target.slice(2)})`);
migrate(target);
