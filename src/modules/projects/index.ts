import { defineModule } from "../../core/module-contract";
import served from "./served";
import { projectsMessages } from "./messages";
import { projectsOpenData } from "./domain/public";
import { PROJECT_NOTIFICATIONS } from "./notifications";

/** Purchased services and 公益创投 (项目): from the call to the final payment. */
export const projectsModule = defineModule({
  name: "projects",
  switchable: true,
  ...served,
  nav: [
    { path: "/projects", label: "projects.nav.funded", access: "public", order: 55 },
    { path: "/projects/calls", label: "projects.nav.calls", access: "public", order: 60 },
    { path: "/projects/catalogue", label: "projects.nav.catalogue", access: "projects.manage", order: 175 },
    { path: "/projects/figures", label: "projects.figures.title", access: "projects.figures", order: 176 },
    { path: "/projects/my-bids", label: "projects.nav.myBids", access: "projects.bid", order: 155 },
  ],
  messages: projectsMessages,
  notifications: PROJECT_NOTIFICATIONS,
  // Read when called: on Node an import cycle may reach this file before domain/public.ts has run.
  openData: () => projectsOpenData(),
  tables: [
    "project_categories",
    "project_budgets",
    "project_calls",
    "project_call_categories",
    "project_bids",
    "project_bid_lines",
    "project_bid_team",
    "project_contracts",
    "project_instalments",
    "project_service_records",
    "project_expenditures",
    "project_call_reviewers",
    "project_proposals",
    "project_evaluations",
    "project_feedback",
    "project_call_needs",
    "project_changes",
  ],
});

// The table types, which also merge into the district schema (DistrictTables).
export type { ProjectsTables } from "./tables";

// Funded projects as other modules may read them (what the public pages show).
export { fundedChoices, fundedCount, OPEN_DATA_FIELDS, publicProjects, runningProjects, type FundedProject } from "./domain/public";

// The residents' needs a call answers (ids of the linkage module's needs).
export { callsForCiting, citedNeedIds, citeNeeds, completedAnswers, projectsAnswering, type AnsweringProject } from "./call-needs";
