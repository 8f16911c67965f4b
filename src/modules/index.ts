import { auditModule } from "../audit";
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
export const MODULES = [
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
] as const;
