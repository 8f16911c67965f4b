import { defineModule } from "../../core/module-contract";
import { LINKAGE_JOBS } from "./jobs";
import { linkageMessages } from "./messages";
import { registerLinkageRoutes } from "./routes";

/** 三社联动: residents' needs passed to the community and answered there. */
export const linkageModule = defineModule({
  name: "linkage",
  switchable: true,
  routes: registerLinkageRoutes,
  jobs: LINKAGE_JOBS,
  nav: [
    { path: "/needs/status", label: "linkage.nav.status", access: "public", order: 65 },
    { path: "/linkage/needs", label: "linkage.nav.needs", access: "linkage.needs", order: 180 },
  ],
  messages: linkageMessages,
  tables: ["linkage_needs"],
});

// The table types, which also merge into the district schema (DistrictTables).
export type { LinkageTables } from "./tables";
