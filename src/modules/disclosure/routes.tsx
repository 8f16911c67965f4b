import type { Hono } from "hono";
import type { AppEnv } from "../../env";
import { registerDisclosureApi } from "./api";
import { registerDisclosureRecordsApi } from "./api-records";
import { registerDisclosureListApi } from "./api-lists";
import { registerEvaluationRoutes } from "./evaluation-routes";
import { registerAnnouncementRoutes } from "./evaluation-announcement-pages";
import { registerGradeAdjustmentRoutes } from "./grade-adjustment-pages";
import { registerRegistrationStatusRoutes } from "./registration-status";
import { registerManageRoutes } from "./manage";
import { registerMemberRoutes } from "./my";
import { registerOpenDataRoutes } from "./opendata";
import { registerPublicRoutes } from "./public";
import { registerClaimRoutes } from "./claim-routes";

// Information disclosure, evaluation grades and credit lists (docs/domain.md, information disclosure):
// the public portal, organizations' own pages, staff administration, evaluation
// scoring, open data, and the claim of a registry entry by its organization.

export function registerDisclosureRoutes(app: Hono<AppEnv>): void {
  registerPublicRoutes(app);
  registerClaimRoutes(app);
  registerOpenDataRoutes(app);
  registerMemberRoutes(app);
  registerManageRoutes(app);
  registerEvaluationRoutes(app);
  registerAnnouncementRoutes(app);
  registerGradeAdjustmentRoutes(app);
  registerRegistrationStatusRoutes(app);
  registerDisclosureApi(app);
  registerDisclosureRecordsApi(app);
  registerDisclosureListApi(app);
}
