import type { Hono } from "hono";
import type { AppEnv } from "../../env";
import { registerIncubationApi } from "./api";
import { registerIncubationApplicantPages } from "./pages-applicant";
import { registerIncubationPublicPages } from "./pages-public";
import { registerIncubationRecordPages } from "./pages-incubation";
import { registerIncubationStaffPages } from "./pages-staff";
import { registerIncubationApplicationStaffPages } from "./pages-staff-application";

export function registerIncubationRoutes(app: Hono<AppEnv>): void {
  registerIncubationPublicPages(app);
  registerIncubationApplicantPages(app);
  registerIncubationStaffPages(app);
  registerIncubationApplicationStaffPages(app);
  registerIncubationRecordPages(app);
  registerIncubationApi(app);
}
