import type { NotificationKind } from "../core/module-contract";
import type { Locale } from "../i18n/messages";
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

/** A message of the kind in one language. */
export function render(kind: NotificationKind, locale: Locale, params: Readonly<Record<string, string>>): Rendered {
  const k = locale === "en" ? 1 : 0;
  return {
    title: fill(kind.title[k], params),
    body: fill(kind.body[k], params),
    link: kind.link ? fill(kind.link, Object.fromEntries(Object.entries(params).map(([n, v]) => [n, encodeURIComponent(v)]))) : null,
  };
}
