import type { Context } from "hono";
import { mayAccess } from "../auth/permissions";
import type { Role } from "../data/schema";
import type { OpenDataset } from "../http/open-data";
import type { AppEnv } from "../env";
import { MODULES } from "../modules";
import { moduleEnabled, type NavEntry, type TodoContext, type TodoItem } from "./module-contract";

// What the core derives from the module list at request time, for one district.

/** The district's navigation for a user with these roles (null: signed out). */
export function navigationFor(districtModules: readonly string[], roles: readonly Role[] | null): NavEntry[] {
  return MODULES.filter((m) => moduleEnabled(m, districtModules))
    .flatMap((m) => m.nav ?? [])
    .filter((entry) => mayAccess(roles, entry.access))
    .sort((a, b) => a.order - b.order);
}

/** The home-page sections of the district's modules, rendered for this request. */
export function homeSections(c: Context<AppEnv>): Promise<unknown>[] {
  return MODULES.filter((m) => moduleEnabled(m, c.var.district.modules))
    .flatMap((m) => m.homeSections ?? [])
    .map((section) => section(c));
}

/**
 * Everything waiting for the person across the district's modules: overdue first,
 * then by deadline, then what has none. One source failing must not hide the others'
 * tasks, so a failure is logged and that source left out.
 */
export async function todosFor(districtModules: readonly string[], ctx: TodoContext): Promise<TodoItem[]> {
  const sources = MODULES.filter((m) => moduleEnabled(m, districtModules)).flatMap((m) => m.todos ?? []);
  const lists = await Promise.all(
    sources.map((source) =>
      source(ctx).catch((error: unknown) => {
        console.error("a to-do source failed:", error);
        return [] as TodoItem[];
      }),
    ),
  );
  return lists.flat().sort((a, b) => Number(b.overdue) - Number(a.overdue) || (a.due ?? "9999").localeCompare(b.due ?? "9999") || a.title.localeCompare(b.title, "zh-CN"));
}

/** The open-data files of the district's modules, in module order: what /open-data documents. */
export function openDatasetsOf(districtModules: readonly string[]): OpenDataset[] {
  return MODULES.filter((m) => moduleEnabled(m, districtModules)).flatMap((m) => m.openData?.() ?? []);
}
