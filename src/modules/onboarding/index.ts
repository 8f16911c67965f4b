import { defineModule } from "../../core/module-contract";
import served from "./served";
import { onboardingGate } from "./gate";
import { onboardingMessages } from "./messages";
import { tableLabels } from "./table-labels";
import { invitationSent } from "./notifications";

/** The district admin's onboarding wizard and administration, export and invitations. */
export const onboardingModule = defineModule({
  name: "onboarding",
  switchable: false,
  ...served,
  // A district still onboarding shows "coming soon" on every page but the wizard's.
  districtMiddleware: [onboardingGate],
  nav: [{ path: "/admin", label: "onboarding.nav", access: "district.manage", order: 200 }],
  messages: { ...onboardingMessages, ...tableLabels },
  notifications: [invitationSent],
  tables: ["invitations", "offboardings"],
});

// The table types, which also merge into the district schema (DistrictTables).
export type { OnboardingTables } from "./tables";

// What the operator console (src/platform/districts.tsx) uses to create, invite into,
// export and delete a district; it reaches them through src/modules/index.ts.
export { countDistrictRows, deleteDistrictRows } from "./district-tables";
export { tenantFileOf } from "./export";

// What the operations (src/operations/: moving, restoring and bulk-loading a district,
// the orphaned-files sweep) use: the district's tables, the export's file records and
// the archive checksum.
export { districtTables, pageOfRows, type DistrictTable } from "./district-tables";
export type { StoredFile } from "./export";
export { INVITATION_DAYS, invitationState, issueInvitation, resendInvitation } from "./invitations";
export { createDistrictSchema, deleteSchema, HOSTNAME, operatorInviteSchema, reasonSchema } from "./schemas";
export { InvitationLocaleField, type IssuedLink, IssuedLinkNotice } from "./staff-admin-views";
