import { defineModule } from "../../core/module-contract";
import served from "./served";
import { disclosureMessages } from "./messages";
import { disclosureOpenData } from "./open-datasets";
import { DISCLOSURE_NOTIFICATIONS } from "./notifications";

/** Disclosure and credit ratings (信息公开与诚信等级评价) and the public portal. */
export const disclosureModule = defineModule({
  name: "disclosure",
  switchable: true,
  ...served,
  nav: [
    { path: "/organizations", label: "nav.organizations", access: "public", order: 20 },
    { path: "/credit-lists", label: "disclosure.nav.creditLists", access: "public", order: 30 },
    { path: "/my/organization", label: "disclosure.nav.myOrganization", access: "organization.act", order: 150 },
    { path: "/manage/organizations", label: "disclosure.nav.manage", access: "registry.manage", order: 170 },
  ],
  messages: disclosureMessages,
  notifications: DISCLOSURE_NOTIFICATIONS,
  openData: () => disclosureOpenData(),
  tables: [
    "credit_list_entries",
    "organization_service_fields",
    "organization_claims",
    "disclosures",
    "disclosure_versions",
    "disclosure_attachments",
    "credit_list_events",
    "credit_requests",
    "evaluation_rounds",
    "evaluations",
    "evaluation_appeals",
    "organization_grades",
    "evaluation_announcements",
    "grade_adjustments",
    "credit_candidate_dismissals",
  ],
});

// The table types, which also merge into the district schema (DistrictTables).
export type { DisclosureTables } from "./tables";

// What other modules and the account code use instead of this module's tables.
export { activeCreditListEntries, isOnCreditList, organizationIdByUscc, organizationsOfTypeByArea, organizationRecordInsert, type CreditList, type NewOrganizationRecord } from "./for-other-modules";
