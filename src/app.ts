import type { Hono } from "hono";
import { HonoBase } from "hono/hono-base";
import { TrieRouter } from "hono/router/trie-router";
import { setUpModules } from "./core/module-contract";
import type { AppEnv } from "./env";
import { wellFormedBody } from "./http/body";
import { csrfProtection } from "./http/csrf";
import { summaryLabels } from "./http/form-summary";
import { AppError } from "./http/errors";
import { publicPageCache } from "./http/public-cache";
import { oneTimeSubmission } from "./http/submissions";
import { renderError } from "./http/problem";
import { registeringModule } from "./http/routes";
import { requestBodyLimit } from "./http/uploads";
import { responseHeaders } from "./http/security-headers";
import { holidayCalendars } from "./platform/holiday-calendars";
import { localeAndMode } from "./i18n/locale";
import { MODULES } from "./modules";
import { registerConsoleRoutes } from "./platform/console";
import { loadOperator } from "./platform/operators";
import { registerPlatformRoutes } from "./platform/routes";
import { resolveDistrict } from "./district-lookup/resolve-district";

/** Request bodies above this are refused before anything reads them (upload routes declare their own, src/http/uploads.ts). */
export const BODY_LIMIT_BYTES = 256 * 1024;

export function createApp(): Hono<AppEnv> {
  // strict: false lets /d/150203/ and /d/150203 reach the same district home. One router,
  // the trie: it is the one Hono's default picks for these routes anyway, and the default
  // would also bundle the regular-expression router it tries first.
  const app: Hono<AppEnv> = new HonoBase<AppEnv>({ strict: false, router: new TrieRouter() });

  app.use(responseHeaders);
  app.use(localeAndMode);
  app.use(summaryLabels);
  app.use(requestBodyLimit(BODY_LIMIT_BYTES));
  app.use(wellFormedBody);

  const platformSide = { name: "platform", switchable: false };
  registeringModule(platformSide, () => registerPlatformRoutes(app));

  // The platform operators' console, with its own sessions.
  const platform: Hono<AppEnv> = new HonoBase<AppEnv>({ router: new TrieRouter() });
  platform.use(loadOperator);
  platform.use(holidayCalendars);
  platform.use(csrfProtection);
  registeringModule(platformSide, () => registerConsoleRoutes(platform));
  app.route("/platform", platform);

  // Everything of a district, reachable as /d/{code}/… (and by hostname, see index.ts).
  const district: Hono<AppEnv> = new HonoBase<AppEnv>({ router: new TrieRouter() });
  district.use(resolveDistrict);
  district.use(holidayCalendars);
  district.use(csrfProtection);
  for (const module of MODULES) for (const mw of module.districtMiddleware ?? []) district.use(mw);
  district.use(publicPageCache);
  district.use(oneTimeSubmission);
  // Each module's routes carry its name and, when the district may switch it off, its
  // switch check (src/http/routes.ts), so no check leaks onto another module's routes.
  for (const module of MODULES) if (module.routes) registeringModule(module, () => module.routes!(district));
  app.route("/d/:districtCode", district);
  setUpModules(MODULES);

  app.notFound((c) => renderError(c, new AppError({ status: 404, code: "not_found", message: "error.not_found" })));
  app.onError((error, c) => {
    if (error instanceof AppError) return renderError(c, error);
    console.error(`request ${c.get("requestId")} failed:`, error);
    return renderError(c, new AppError({ status: 500, code: "internal", message: "error.internal" }));
  });
  return app;
}
