import type { ServedParts } from "../core/module-contract";
import { registerAuthRoutes } from "./routes";
import { sessionCleanup } from "./session-cleanup";

// What only a Worker serving this module needs (see ServedParts in src/core/module-contract.ts).
export default { routes: registerAuthRoutes, jobs: [sessionCleanup] } satisfies ServedParts;
