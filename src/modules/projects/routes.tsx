import type { Hono } from "hono";
import type { AppEnv } from "../../env";
import { registerProjectsApi } from "./api";
import { registerProjectsPages } from "./pages";

export function registerProjectsRoutes(app: Hono<AppEnv>): void {
  registerProjectsPages(app);
  registerProjectsApi(app);
}
