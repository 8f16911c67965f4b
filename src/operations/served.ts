import type { ServedParts } from "../core/module-contract";
import { orphanFilesJob } from "./files";

// What only a Worker serving this module needs (see ServedParts in src/core/module-contract.ts).
export default { jobs: [orphanFilesJob] } satisfies ServedParts;
