import type { Hono } from "hono";
import type { AppEnv } from "../env";
import { registerAssignmentApi } from "./assignment-api";
import { registerReviewerPages } from "./inbox";
import { registerNoticeApi } from "./notice-api";
import { registerNoticePages } from "./notice-pages";

/** Every route of the review engine: the reviewer inbox and pages, the notice pages, and their JSON API. */
export function registerReviewRoutes(app: Hono<AppEnv>): void {
  registerReviewerPages(app);
  registerNoticePages(app);
  registerAssignmentApi(app);
  registerNoticeApi(app);
}
