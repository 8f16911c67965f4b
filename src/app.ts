import type { Context, Hono, MiddlewareHandler } from "hono";
import type { Result } from "hono/router";
import type { H, RouterRoute } from "hono/types";
import { HonoBase } from "hono/hono-base";
import { TrieRouter } from "hono/router/trie-router";
import { setUpModules } from "./core/module-contract";
import type { AppEnv } from "./env";
import { wellFormedBody } from "./http/body";
import { csrfProtection } from "./http/csrf";
import { answerWithHeaders } from "./http/answers";
import { AppError } from "./http/errors";
import { publicPageCache } from "./http/public-cache";
import { oneTimeSubmission } from "./http/submissions";
import { renderError } from "./http/problem";
import { registeringModule } from "./http/routes";
import { requestBodyLimit } from "./http/uploads";
import { identifyRequest } from "./http/security-headers";
import { holidayCalendars } from "./platform/holiday-calendars";
import { chooseLocaleAndMode } from "./i18n/locale";
import { MODULES } from "./modules";
import { registerConsoleRoutes } from "./platform/console";
import { loadOperator } from "./platform/operators";
import { registerPlatformRoutes } from "./platform/routes";
import { registerApiDescription } from "./platform/api-description";
import { resolveDistrict } from "./district-lookup/resolve-district";

/** Request bodies above this are refused before anything reads them (upload routes declare their own, src/http/uploads.ts). */
export const BODY_LIMIT_BYTES = 256 * 1024;

const NO_BODY = new Set(["GET", "HEAD", "OPTIONS"]);

function answerError(error: Error, c: Context<AppEnv>): Response | Promise<Response> {
  if (error instanceof AppError) return renderError(c, error);
  console.error(`request ${c.get("requestId")} failed:`, error);
  return renderError(c, new AppError({ status: 500, code: "internal", message: "error.internal" }));
}

/** The steps every request takes first: its id, answers made with their headers, its language and elder mode. Returns the check to run on the final answer. */
function openRequest(c: Context<AppEnv>): () => void {
  identifyRequest(c);
  // Before the language step, whose remembered choice (a Set-Cookie) must reach the answer.
  const headersWritten = answerWithHeaders(c);
  chooseLocaleAndMode(c);
  return headersWritten;
}

const carriesBody = (c: Context<AppEnv>) => c.req.raw.body !== null || !NO_BODY.has(c.req.method);

/**
 * What every request passes before its routes: its id, language and elder mode, answers
 * made with their headers and pages finished as they render, the body checks. One middleware, not
 * five: each level of Hono's middleware chain is an async dispatch of its own, and on the
 * constant route those levels cost more than the handler. A request without a body skips
 * the body checks; a body the checks refuse is answered here, so its error page carries
 * the headers too.
 */
function frontSteps(bodyLimit: MiddlewareHandler<AppEnv>): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const headersWritten = openRequest(c);
    if (carriesBody(c)) {
      try {
        await bodyLimit(c, async () => {
          await wellFormedBody(c, next);
        });
      } catch (error) {
        if (!(error instanceof Error)) throw error;
        c.res = await answerError(error, c);
      }
    } else await next();
    headersWritten();
  };
}

type Route = [H, RouterRoute];

/**
 * The trie router, with one difference: a route whose one step after the front steps is its
 * handler (the public platform routes: health checks, static files, the API description)
 * is matched as a single handler that runs both. Hono calls a lone handler directly; two
 * go through its chain (compose), which adds an async level per step, closures per request
 * and an async wrapper around the chain, more than a constant answer's handler costs. A
 * request without a body then runs the front steps and the handler without a promise
 * between them, so a handler that answers at once (the health check) is answered at once.
 * The handler's errors are answered here, as the chain answers them, so the error page is
 * finished and carries the headers like any other answer.
 */
class FrontRouter extends TrieRouter<Route> {
  readonly #joined = new WeakMap<H, H>();
  /** The match of each GET path that is a route's whole fixed path (no parameter, no wildcard): the same on every request, so the trie is searched once. */
  readonly #fixedGets = new Map<string, Result<Route>>();
  constructor(private readonly front: MiddlewareHandler<AppEnv>) {
    super();
  }

  override match(method: string, path: string): Result<Route> {
    const fixed = method === "GET" ? this.#fixedGets.get(path) : undefined;
    if (fixed) return fixed;
    const found = super.match(method, path);
    const steps = found[0];
    if (steps.length !== 2 || steps[0]![0][0] !== this.front) return found;
    const [[handler, route], params] = steps[1]! as [Route, Record<string, string>];
    let joined = this.#joined.get(handler);
    if (!joined) {
      joined = joinFrontSteps(this.front, handler);
      this.#joined.set(handler, joined);
    }
    const match: Result<Route> = [[[[joined, route], params]]];
    // Only a route's own fixed paths are kept, so the map stays as small as the route table.
    if (method === "GET" && route.path === path && !/[:*]/.test(path)) this.#fixedGets.set(path, match);
    return match;
  }
}

/** Makes the handler's answer, or the error page for what it threw, the request's; undefined if it passed the request on, which Hono answers as not found. */
function settleAnswer(c: Context<AppEnv>, headersWritten: () => void, answer: unknown, failed: boolean): Response | undefined {
  if (answer instanceof Response && (failed || !c.finalized)) c.res = answer;
  headersWritten();
  return c.finalized ? c.res : undefined;
}

function answerFailure(c: Context<AppEnv>, headersWritten: () => void, error: unknown): Response | undefined | Promise<Response | undefined> {
  if (!(error instanceof Error)) throw error;
  const page = answerError(error, c);
  return page instanceof Promise ? page.then((p) => settleAnswer(c, headersWritten, p, true)) : settleAnswer(c, headersWritten, page, true);
}

/** The front steps and a route's lone handler as one handler (see FrontRouter). */
function joinFrontSteps(front: MiddlewareHandler<AppEnv>, handler: H): H {
  return (c: Context<AppEnv>, next: () => Promise<void>) => {
    if (carriesBody(c)) {
      return front(c, async () => {
        try {
          const res: unknown = await handler(c, next);
          if (res instanceof Response && !c.finalized) c.res = res;
        } catch (error) {
          if (!(error instanceof Error)) throw error;
          c.res = await answerError(error, c);
        }
      });
    }
    const headersWritten = openRequest(c);
    let answer: unknown;
    try {
      answer = handler(c, next);
    } catch (error) {
      return answerFailure(c, headersWritten, error);
    }
    if (answer instanceof Promise) {
      return answer.then(
        (a) => settleAnswer(c, headersWritten, a, false),
        (error) => answerFailure(c, headersWritten, error),
      );
    }
    return settleAnswer(c, headersWritten, answer, false);
  };
}

export function createApp(): Hono<AppEnv> {
  const front = frontSteps(requestBodyLimit(BODY_LIMIT_BYTES));
  // strict: false lets /d/150203/ and /d/150203 reach the same district home. One router,
  // the trie: it is the one Hono's default picks for these routes anyway, and the default
  // would also bundle the regular-expression router it tries first.
  const app: Hono<AppEnv> = new HonoBase<AppEnv>({ strict: false, router: new FrontRouter(front) });

  app.use(front);

  const platformSide = { name: "platform", switchable: false };
  registeringModule(platformSide, () => {
    registerPlatformRoutes(app);
    registerApiDescription(app);
  });

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
  // A repeat view of a public page is answered before the steps only a rendered page
  // needs: a cached page holds no CSRF token, and the module steps concern signed-in
  // people, written requests or districts not yet open, none of which the cache serves.
  district.use(publicPageCache);
  district.use(csrfProtection);
  for (const module of MODULES) for (const mw of module.districtMiddleware ?? []) district.use(mw);
  district.use(oneTimeSubmission);
  // Each module's routes carry its name and, when the district may switch it off, its
  // switch check (src/http/routes.ts), so no check leaks onto another module's routes.
  for (const module of MODULES) if (module.routes) registeringModule(module, () => module.routes!(district));
  app.route("/d/:districtCode", district);
  setUpModules(MODULES);

  app.notFound((c) => renderError(c, new AppError({ status: 404, code: "not_found", message: "error.not_found" })));
  app.onError(answerError);
  return app;
}
