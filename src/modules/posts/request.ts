import type { Context } from "hono";
import { mayAccess, type Permission } from "../../auth/permissions";
import type { AppEnv } from "../../env";
import { actorOf, type PostsActor } from "./scope";

// What the module's handlers read of a request, besides its parsed input.

const actors = new WeakMap<Context<AppEnv>, PostsActor>();

/** The signed-in person acting in this request, built once (routes that reach here require a session). */
export function me(c: Context<AppEnv>): PostsActor {
  const known = actors.get(c);
  if (known) return known;
  const actor = actorOf(c.var.user!, c.var.locale);
  actors.set(c, actor);
  return actor;
}

export function may(c: Context<AppEnv>, permission: Permission): boolean {
  return mayAccess(c.var.user?.grants.map((g) => g.role) ?? null, permission);
}

export const param = (c: Context<AppEnv>, name: string) => c.req.param(name) ?? "";
