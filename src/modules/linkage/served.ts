import type { ServedParts } from "../../core/module-contract";
import { assessmentKind } from "./assessment-kind";
import { LINKAGE_JOBS } from "./jobs";
import { registerLinkageRoutes } from "./routes";
import { linkageTodos } from "./todos";
import { needReceipt } from "./receipt-kind";

// What only a Worker serving this module needs (see ServedParts in src/core/module-contract.ts).
export default {
  routes: registerLinkageRoutes,
  jobs: LINKAGE_JOBS,
  reviewSubjects: [assessmentKind],
  todos: [linkageTodos],
  receipts: [needReceipt],
} satisfies ServedParts;
