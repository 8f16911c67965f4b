import type { Context } from "hono";
import { PERMISSIONS } from "../auth/permissions";
import type { Role } from "../data/schema";
import type { AppEnv } from "../env";
import { MODULES } from "../modules";
import { moduleEnabled, type NavEntry } from "./module-contract";

// What the core derives from the module list at request time, for one district.

/** The district's navigation for a user with these roles (null: signed out). */
export function navigationFor(districtModules: readonly string[], roles: readonly Role[] | null): NavEntry[] {
  return MODULES.filter((m) => moduleEnabled(m, districtModules))
    .flatMap((m) => m.nav ?? [])
    .filter((entry) => mayReach(entry, roles))
    .sort((a, b) => a.order - b.order);
}

function mayReach(entry: NavEntry, roles: readonly Role[] | null): boolean {
  if (entry.access === "public") return true;
  if (!roles) return false;
  if (entry.access === "signed_in") return true;
  const allowed: readonly Role[] = PERMISSIONS[entry.access];
  return roles.some((r) => allowed.includes(r));
}

/** The home-page sections of the district's modules, rendered for this request. */
export function homeSections(c: Context<AppEnv>): Promise<unknown>[] {
  return MODULES.filter((m) => moduleEnabled(m, c.var.district.modules))
    .flatMap((m) => m.homeSections ?? [])
    .map((section) => section(c));
}
