import type { ServedParts } from "../../core/module-contract";
import { bidReceipt } from "./receipt-kind";
import { evaluationKind } from "./evaluation-kind";
import { PROJECT_JOBS } from "./jobs";
import { bidKind } from "./review-kind";
import { registerProjectsRoutes } from "./routes";
import { projectsTodos } from "./todos";

// What only a Worker serving this module needs (see ServedParts in src/core/module-contract.ts).
export default {
  routes: registerProjectsRoutes,
  jobs: PROJECT_JOBS,
  todos: [projectsTodos],
  receipts: [bidReceipt],
  reviewSubjects: [bidKind, evaluationKind],
} satisfies ServedParts;
