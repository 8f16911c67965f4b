import { defineModule } from "../core/module-contract";
import { settleNoticesJob } from "./notices";

/**
 * The review and public-notice engine shared by modules: rubrics, assignments, scores,
 * decisions and notices, and the job that settles a notice when its window closes.
 */
export const reviewEngine = defineModule({
  name: "review",
  switchable: false,
  jobs: [settleNoticesJob],
  tables: ["rubrics", "rubric_items", "review_assignments", "review_scores", "review_decisions", "public_notices", "notice_items", "notice_objections"],
});

// The table types, which also merge into the district schema (DistrictTables).
export type { ReviewTables } from "./tables";
