import type { Hono } from "hono";
import type { AppEnv } from "../../env";
import { registerIncubationApi } from "./api";
import "./review-kind"; // applications as a subject kind of the review engine
import { registerIncubationApplicantPages } from "./pages-applicant";
import { registerIncubationPublicPages } from "./pages-public";
import { registerIncubationStaffPages } from "./pages-staff";

export function registerIncubationRoutes(app: Hono<AppEnv>): void {
  registerIncubationPublicPages(app);
  registerIncubationApplicantPages(app);
  registerIncubationStaffPages(app);
  registerIncubationApi(app);
}
