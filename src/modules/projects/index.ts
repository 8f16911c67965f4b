import { defineModule } from "../../core/module-contract";
import { PROJECT_JOBS } from "./jobs";
import { projectsMessages } from "./messages";
import { registerProjectsRoutes } from "./routes";
import { projectsSeed } from "./seed";

/** Purchased services and 公益创投 (项目): from the call to the final payment. */
export const projectsModule = defineModule({
  name: "projects",
  switchable: true,
  routes: registerProjectsRoutes,
  jobs: PROJECT_JOBS,
  nav: [
    { path: "/projects", label: "projects.nav.funded", access: "public", order: 55 },
    { path: "/projects/calls", label: "projects.nav.calls", access: "public", order: 60 },
    { path: "/projects/catalogue", label: "projects.nav.catalogue", access: "projects.manage", order: 175 },
    { path: "/projects/my-bids", label: "projects.nav.myBids", access: "projects.bid", order: 155 },
  ],
  messages: projectsMessages,
  seed: projectsSeed,
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
  ],
});

// The table types, which also merge into the district schema (DistrictTables).
export type { ProjectsTables } from "./tables";

// Funded projects as other modules may read them (what the public pages show).
export { fundedProjects, type FundedProject } from "./domain/public";
