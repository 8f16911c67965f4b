import { defineModule } from "../../core/module-contract";
import served from "./served";
import { incubationMessages } from "./messages";
import { INCUBATION_NOTIFICATIONS } from "./notifications";

/** Incubation parks (社会组织孵化园): calls, applications, review, notice, incubation. */
export const incubationModule = defineModule({
  name: "incubation",
  switchable: true,
  ...served,
  nav: [
    { path: "/incubation", label: "inc.nav", access: "public", order: 60 },
    { path: "/incubation/my", label: "inc.app.mine", access: "incubation.apply", order: 70 },
    { path: "/incubation/manage", label: "inc.staff.queue", access: "incubation.manage", order: 80 },
  ],
  messages: incubationMessages,
  notifications: INCUBATION_NOTIFICATIONS,
  tables: ["parks", "park_spaces", "calls", "call_reviewers", "applications", "application_events", "application_attachments", "incubations", "incubation_services", "incubation_milestones", "exit_assessments", "exit_reviews"],
});

// The table types, which also merge into the district schema (DistrictTables).
export type { IncubationTables } from "./tables";
export { incubationsOfOrganizationQuery, parkSummaries, type OrganizationIncubation, type ParkSummary } from "./for-other-modules";
