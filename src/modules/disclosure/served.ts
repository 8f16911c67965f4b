import type { ServedParts } from "../../core/module-contract";
import { evaluationKind } from "./evaluation-kind";
import { DISCLOSURE_JOBS } from "./jobs";
import { disclosureTodos } from "./todos";
import { appealReceipt } from "./receipt-kind";
import { disclosureHomeSection } from "./home-section";
import { registerDisclosureRoutes } from "./routes";

// What only a Worker serving this module needs (see ServedParts in src/core/module-contract.ts).
export default {
  routes: registerDisclosureRoutes,
  jobs: DISCLOSURE_JOBS,
  homeSections: [disclosureHomeSection],
  todos: [disclosureTodos],
  receipts: [appealReceipt],
  reviewSubjects: [evaluationKind],
} satisfies ServedParts;
