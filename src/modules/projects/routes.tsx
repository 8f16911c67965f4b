import type { Hono } from "hono";
import type { AppEnv } from "../../env";
import { registerProjectsApi } from "./api";
import { registerProjectsEvaluationApi } from "./api-evaluations";
import { registerProjectsReviewApi } from "./api-review";
import { registerProjectsPages } from "./pages";
import { registerProjectsChangePages } from "./pages-changes";
import { registerProjectsFigures } from "./pages-figures";
import { registerProjectsEvaluationPages } from "./pages-evaluations";
import { registerProjectsChangeApi } from "./api-changes";
import { registerProjectsReviewPages } from "./pages-review";
import { registerProjectsPublic } from "./public-routes";

export function registerProjectsRoutes(app: Hono<AppEnv>): void {
  registerProjectsPublic(app);
  registerProjectsPages(app);
  registerProjectsReviewPages(app);
  registerProjectsEvaluationPages(app);
  registerProjectsChangePages(app);
  registerProjectsFigures(app);
  registerProjectsApi(app);
  registerProjectsReviewApi(app);
  registerProjectsEvaluationApi(app);
  registerProjectsChangeApi(app);
}
