import type { ServedParts } from "../core/module-contract";
import { objectionReceipt } from "./receipt-kind";
import { settleNoticesJob } from "./notices";
import { registerReviewRoutes } from "./routes";
import { reviewTodos } from "./todos";

// What only a Worker serving this module needs (see ServedParts in src/core/module-contract.ts).
export default {
  routes: registerReviewRoutes,
  jobs: [settleNoticesJob],
  todos: [reviewTodos],
  receipts: [objectionReceipt],
} satisfies ServedParts;
