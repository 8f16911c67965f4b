import type { ServedParts } from "../core/module-contract";
import { registerNotificationRoutes } from "./routes";
import { dispatchJob } from "./publish";
import { digestJob } from "./digest";

// What only a Worker serving this module needs (see ServedParts in src/core/module-contract.ts).
export default { routes: registerNotificationRoutes, jobs: [dispatchJob, digestJob] } satisfies ServedParts;
