import type { ServedParts } from "../../core/module-contract";
import { registerStaffRoutes } from "./routes";

// What only a Worker serving this module needs (see ServedParts in src/core/module-contract.ts).
export default { routes: registerStaffRoutes } satisfies ServedParts;
