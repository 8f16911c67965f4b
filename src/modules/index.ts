import { auditModule } from "../audit";
import { notificationsModule } from "../notifications";
import { receiptsModule } from "../receipts";
import { authModule } from "../auth";
import { operationsModule } from "../operations";
import { reviewEngine } from "../review";
import { disclosureModule } from "./disclosure";
import { districtModule } from "./district";
import { incubationModule } from "./incubation";
import { linkageModule } from "./linkage";
import { onboardingModule } from "./onboarding";
import { postsModule } from "./posts";
import { projectsModule } from "./projects";
import { staffModule } from "./staff";

// Every module of the platform, in order: routes are registered and jobs run in this
// order (calls close before notices settle, so a run sees a consistent picture).
// A new module is its folder with a manifest (src/core/module-contract.ts) and one line here.
function listModules() {
  return [
    districtModule,
    authModule,
    staffModule,
    auditModule,
    onboardingModule,
    incubationModule,
    reviewEngine,
    postsModule,
    disclosureModule,
    projectsModule,
    linkageModule,
    operationsModule,
    receiptsModule,
    // Last: its dispatch job hands the events the other modules' jobs emitted to the queue.
    notificationsModule,
  ] as const;
}

type ModuleList = ReturnType<typeof listModules>;
let resolvedList: ModuleList | null = null;

function resolved(): ModuleList {
  if (!resolvedList) {
    const list = listModules();
    if (list.some((m) => m === undefined)) throw new Error("the module list was read while a module was still loading (an import cycle)");
    resolvedList = list;
  }
  return resolvedList;
}

/**
 * The list, built on first use rather than at import: module files import core code
 * that reads this list, so while the module graph is still loading (on Node the order
 * depends on which file is imported first) a manifest may not exist yet.
 */
export const MODULES: ModuleList = new Proxy([] as unknown as ModuleList, {
  get: (_empty, key) => Reflect.get(resolved(), key),
  has: (_empty, key) => Reflect.has(resolved(), key),
});

// The operator console's district pages (src/platform/districts.tsx) and the operations
// (src/operations/) are core code and may import no module but this list: what they need
// from onboarding passes through here.
export {
  countDistrictRows,
  createDistrictSchema,
  deleteDistrictRows,
  deleteSchema,
  districtTables,
  type DistrictTable,
  HOSTNAME,
  INVITATION_DAYS,
  type IssuedLink,
  IssuedLinkNotice,
  InvitationLocaleField,
  invitationState,
  issueInvitation,
  operatorInviteSchema,
  resendInvitation,
  pageOfRows,
  reasonSchema,
  type StoredFile,
  tenantFileOf,
} from "./onboarding";
