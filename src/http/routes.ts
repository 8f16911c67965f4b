import type { Context, Handler, Hono, MiddlewareHandler } from "hono";
import type * as z from "zod/mini";
import { DISTRICT_WIDE_ONLY, PERMISSIONS, type Access } from "../auth/permissions";
import { assertDistrictWide } from "../auth/scope";
import type { AppEnv } from "../env";
import { forbidden, notFound, unauthenticated } from "./errors";
import { limitKindFor, rateLimit } from "./rate-limit";
import { readJson, readQuery } from "./validation";

// Every route is registered through `routes()`, which records who may call it and puts
// the single authorization check in front of the handler. The route table that results
// is what the security tests walk, and the API part is what OpenAPI is generated from.

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export type Realm = "district" | "platform";

export interface RouteRecord {
  realm: Realm;
  method: Method;
  path: string;
  access: Access | "operator";
  /** The module that registered the route ("platform" for the operator side). */
  module: string;
}
export const routeTable: RouteRecord[] = [];

/** The module whose routes are being registered (see registeringModule). */
interface ModuleScope {
  name: string;
  /** Present for a module the district may switch off: it answers 404 then. */
  gate?: MiddlewareHandler<AppEnv>;
}
let currentModule: ModuleScope | null = null;

/**
 * Registers routes on behalf of a module: each route is recorded with the module's name
 * and, for a switchable module, gets the module's switch check in front of its own
 * handlers. Wrapping each route (rather than `app.use("*")` on a sub-app) keeps the check
 * off other modules' routes under the same mount.
 */
export function registeringModule(module: { name: string; switchable: boolean }, register: () => void): void {
  const outer = currentModule;
  currentModule = { name: module.name, gate: module.switchable ? switchGate(module.name) : undefined };
  try {
    register();
  } finally {
    currentModule = outer;
  }
}

function switchGate(name: string): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    // A module the district has switched off does not exist there, for anyone.
    if (!(c.var.district.modules as readonly string[]).includes(name)) throw notFound();
    await next();
  };
}

/**
 * The one authorization check of district routes. Throws 404 / 401 / 403 as a problem
 * or a page. (Operator routes pass through requireOperator instead.)
 */
export function authorize(c: Context<AppEnv>, access: Access): void {
  if (access === "public") return;
  // A session of another district: its private routes do not exist for this user.
  if (c.var.foreignSession) throw notFound();
  const user = c.var.user;
  if (!user) throw unauthenticated();
  if (access === "signed_in") return;
  const allowed: readonly string[] = PERMISSIONS[access];
  const grant = user.grants.find((g) => allowed.includes(g.role));
  if (!grant) throw forbidden();
  if (DISTRICT_WIDE_ONLY.includes(access)) assertDistrictWide(user, access);
  // Writes are audited under the grant that allowed them.
  const data = c.var.data;
  if (data.actor.role !== grant.role) c.set("data", data.as({ ...data.actor, role: grant.role }));
}

/** The role a signed-in person acts under where no permission names one. */
export function defaultRole(user: { grants: readonly { role: string }[] }): string {
  return user.grants[0]?.role ?? "user";
}

function guard(access: Access): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    authorize(c, access);
    await next();
  };
}

export function routes(app: Hono<AppEnv>, realm: Realm, extraGuard?: MiddlewareHandler<AppEnv>) {
  const add =
    (method: Method) =>
    (path: string, access: Access | "operator", ...handlers: (Handler<AppEnv> | MiddlewareHandler<AppEnv>)[]) => {
      if (!currentModule) throw new Error(`${method} ${path}: routes must be registered through registeringModule()`);
      routeTable.push({ realm, method, path, access, module: currentModule.name });
      // A public route has nothing to authorize: no guard, one step less on every request.
      const checks = [...(currentModule.gate ? [currentModule.gate] : []), ...(access === "public" ? [] : [access === "operator" ? extraGuard! : guard(access)])];
      // Anyone may call a public write, so each client gets a budget for them (signing out excepted).
      if (access === "public" && method !== "GET" && !/\/(logout|sign-out)$/.test(path)) checks.unshift(rateLimit(limitKindFor(path)));
      app.on(method, path, ...(checks as [MiddlewareHandler<AppEnv>]), ...(handlers as [Handler<AppEnv>]));
    };
  return { get: add("GET"), post: add("POST"), put: add("PUT"), patch: add("PATCH"), delete: add("DELETE") };
}

// ---------------------------------------------------------------------------------
// JSON API routes: validated input and an OpenAPI description from the same schemas.

export interface ApiSpec<B extends z.ZodMiniType | undefined, Q extends z.ZodMiniType | undefined> {
  method: Method;
  path: string; // Hono syntax: /users/:id
  access: Access;
  summary: string;
  tag: string;
  body?: B;
  query?: Q;
  response?: z.ZodMiniType;
  responseStatus?: number;
}

type Input<S> = S extends z.ZodMiniType ? z.output<S> : undefined;

export const apiSpecs: ApiSpec<z.ZodMiniType | undefined, z.ZodMiniType | undefined>[] = [];

export function apiRoute<B extends z.ZodMiniType | undefined = undefined, Q extends z.ZodMiniType | undefined = undefined>(
  app: Hono<AppEnv>,
  spec: ApiSpec<B, Q>,
  handler: (c: Context<AppEnv>, input: { body: Input<B>; query: Input<Q> }) => Response | Promise<Response>,
): void {
  apiSpecs.push(spec as ApiSpec<z.ZodMiniType | undefined, z.ZodMiniType | undefined>);
  const r = routes(app, "district");
  const method = spec.method.toLowerCase() as "get" | "post" | "put" | "patch" | "delete";
  r[method](`/api/v1${spec.path}`, spec.access, async (c) => {
    const body = (spec.body ? await readJson(c, spec.body) : undefined) as Input<B>;
    const query = (spec.query ? readQuery(c, spec.query) : undefined) as Input<Q>;
    return handler(c, { body, query });
  });
}
