import { defineModule } from "../../core/module-contract";
import served from "./served";
import { assessmentMessages } from "./messages-assessment";
import { dashboardMessages } from "./messages-dashboard";
import { linkageMessages } from "./messages";
import { meetingMessages } from "./messages-meetings";
import { needsSummaryMessages } from "./messages-needs-summary";
import { LINKAGE_NOTIFICATIONS } from "./notifications";
import { needsOpenData } from "./needs-open-data";

/** 三社联动: residents' needs passed to the community and answered there, and joint meetings of the three societies. */
export const linkageModule = defineModule({
  name: "linkage",
  switchable: true,
  ...served,
  nav: [
    { path: "/needs/status", label: "linkage.nav.status", access: "public", order: 65 },
    { path: "/meetings", label: "linkage.nav.publicMeetings", access: "public", order: 66 },
    { path: "/linkage/needs", label: "linkage.nav.needs", access: "linkage.needs", order: 180 },
    { path: "/linkage/meetings", label: "linkage.nav.meetings", access: "linkage.meetings", order: 181 },
    { path: "/assessments", label: "linkage.nav.publicAssessments", access: "public", order: 67 },
    { path: "/linkage/assessments", label: "linkage.nav.assessments", access: "linkage.meetings", order: 182 },
    { path: "/linkage/calls", label: "linkage.nav.calls", access: "linkage.needs", order: 183 },
    { path: "/linkage/dashboard", label: "linkage.nav.dashboard", access: "linkage.meetings", order: 184 },
    { path: "/linkage-summary", label: "linkage.nav.publicDashboard", access: "public", order: 68 },
  ],
  messages: { ...linkageMessages, ...meetingMessages, ...assessmentMessages, ...dashboardMessages, ...needsSummaryMessages },
  notifications: LINKAGE_NOTIFICATIONS,
  openData: () => needsOpenData(),
  tables: [
    "linkage_needs",
    "linkage_meetings",
    "linkage_meeting_participants",
    "linkage_meeting_files",
    "linkage_actions",
    "linkage_assessments",
    "linkage_assessment_indicators",
    "linkage_assessment_subjects",
    "linkage_need_ratings",
    "linkage_need_project_notices",
  ],
});

// The table types, which also merge into the district schema (DistrictTables).
export type { LinkageTables } from "./tables";
