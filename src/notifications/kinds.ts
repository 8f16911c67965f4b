import type { NotificationKind } from "../core/module-contract";
import type { Locale } from "../i18n/messages";
import { reveal } from "../lib/personal-data";
import { MODULES } from "../modules";

// Every kind declared by a module manifest, by name. Built on first use: modules import
// the contract while the module list is still loading.
let registry: Map<string, NotificationKind> | null = null;

export function notificationKinds(): Map<string, NotificationKind> {
  if (!registry) {
    registry = new Map();
    for (const module of MODULES) {
      for (const kind of (module as { notifications?: readonly NotificationKind[] }).notifications ?? []) {
        if (registry.has(kind.name)) throw new Error(`notification kind ${kind.name} declared twice`);
        registry.set(kind.name, kind);
      }
    }
  }
  return registry;
}

export function kindNamed(name: string): NotificationKind | undefined {
  return notificationKinds().get(name);
}

export interface Rendered {
  title: string;
  body: string;
  /** Path under the district's base, or null. */
  link: string | null;
}

function fill(template: string, params: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? params[name]! : whole));
}

/** The event's parameters with its secret ones opened: only the sending step calls this. */
export async function openParams(kind: NotificationKind, json: string, key: string | undefined): Promise<Record<string, string>> {
  const params = JSON.parse(json) as Record<string, string>;
  for (const name of kind.secret ?? []) if (params[name]) params[name] = await reveal(params[name], key);
  return params;
}

/** A message of the kind in one language; secret parameters still sealed are masked. */
export function render(kind: NotificationKind, locale: Locale, given: Readonly<Record<string, string>>): Rendered {
  const k = locale === "en" ? 1 : 0;
  const params = { ...given };
  for (const name of kind.secret ?? []) if (params[name]?.startsWith("v1.")) params[name] = "••••••";
  return {
    title: fill(kind.title[k], params),
    body: fill(kind.body[k], params),
    link: kind.link ? fill(kind.link, Object.fromEntries(Object.entries(params).map(([n, v]) => [n, encodeURIComponent(v)]))) : null,
  };
}
