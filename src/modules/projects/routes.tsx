import type { Hono } from "hono";
import type { AppEnv } from "../../env";
import { registerProjectsApi } from "./api";
import { registerProjectsPages } from "./pages";
import { registerProjectsPublic } from "./public-routes";

export function registerProjectsRoutes(app: Hono<AppEnv>): void {
  registerProjectsPublic(app);
  registerProjectsPages(app);
  registerProjectsApi(app);
}
