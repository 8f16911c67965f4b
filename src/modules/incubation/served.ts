import type { ServedParts } from "../../core/module-contract";
import { closeCallsJob } from "./jobs";
import { exitKind } from "./exit-kind";
import { incubationPeriodJob } from "./period";
import { applicationKind } from "./review-kind";
import { registerIncubationRoutes } from "./routes";
import { incubationTodos } from "./todos";
import { applicationReceipt } from "./receipt-kind";

// What only a Worker serving this module needs (see ServedParts in src/core/module-contract.ts).
export default {
  routes: registerIncubationRoutes,
  jobs: [closeCallsJob, incubationPeriodJob],
  todos: [incubationTodos],
  receipts: [applicationReceipt],
  reviewSubjects: [applicationKind, exitKind],
} satisfies ServedParts;
