import type { Hono } from "hono";
import type { AppEnv } from "../env";
import { platformApiDocument } from "../http/openapi";
import { routes } from "../http/routes";

/**
 * The API's description, /api/v1/openapi.json. Registered apart from the platform's other
 * pages: split into Workers, every Worker serves it, describing the routes it registered,
 * and the front's gathers the others' (src/http/openapi.ts).
 */
export function registerApiDescription(app: Hono<AppEnv>): void {
  routes(app, "platform").get("/api/v1/openapi.json", "public", async (c) => c.json(await platformApiDocument(c.env, c.req.url)));
}
