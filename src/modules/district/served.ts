import type { ServedParts } from "../../core/module-contract";
import { registerDistrictRoutes } from "./routes";

// What only a Worker serving this module needs (see ServedParts in src/core/module-contract.ts).
export default { routes: registerDistrictRoutes } satisfies ServedParts;
