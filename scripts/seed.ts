// npm run seed: loads the demo data into the local databases (idempotent).
import { seedDemo } from "./lib/seed";
import { targetFromArgs } from "./lib/wrangler";

await seedDemo(targetFromArgs());
console.log("Demo data loaded.");
