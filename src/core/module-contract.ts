import type { Context, Hono, MiddlewareHandler } from "hono";
import type { CompiledQuery } from "kysely";
import type { Access, Permission } from "../auth/permissions";
import type { CurrentUser } from "../auth/sessions";
import type { DistrictData } from "../data/district-data";
import type { DistrictTable } from "../data/schema";
import type { AppEnv } from "../env";
import type { OpenDataset } from "../http/open-data";
import { addCatalogs, type Catalog, type Locale, type MessageKey } from "../i18n/messages";
import type { Job } from "../jobs";
import type { DemoDistrict, SeedContext } from "../seed/demo";
import type { DistrictSettings } from "../tenants/settings";

// What a module brings to the platform, declared in one place. The core (app, jobs,
// messages, demo seed, navigation, home page, data export) loops over the list in
// src/modules/index.ts and never reaches into a module's files, so adding a module is
// one folder with a manifest plus one line in that list.

/** A link in the district's main navigation; shown to whoever may reach it. */
export interface NavEntry {
  /** Path under the district's base, starting with "/". */
  path: string;
  label: MessageKey;
  /** Shown when the user holds a role of this permission ("public": everyone). */
  access: Access;
  /** Position in the navigation; entries of all modules are sorted by it. */
  order: number;
}

/** A block a module adds to the district home page, rendered for the request. */
export type HomeSection = (c: Context<AppEnv>) => Promise<unknown>;

/** One thing waiting for the signed-in person, on their to-do page (待办). */
export interface TodoItem {
  /** What kind of task it is, in the reader's language (e.g. "评审任务"). */
  what: string;
  /** The record it is about, e.g. the applicant's name. */
  title: string;
  /** The page where the task is done, inside the district. */
  href: string;
  /** The deadline as a Beijing date (YYYY-MM-DD), or null when the task has none. */
  due: string | null;
  overdue: boolean;
  /** The record the task is about, as notifications name it (their `target`): the to-do
   * page links the inbox messages about the same record, and opening it marks them read. */
  about?: { type: string; id: string };
}

/** What a to-do source may read: the person, the district's data and settings, the time. */
export interface TodoContext {
  data: DistrictData;
  user: CurrentUser;
  locale: Locale;
  /** The district's base path, to build `href`s. */
  base: string;
  settings: DistrictSettings;
  now: Date;
}

/** A module's tasks for one person; only ever tasks the person may act on. */
export type TodoSource = (ctx: TodoContext) => Promise<TodoItem[]>;

/**
 * A module's demo data for one district: idempotent inserts for the district's shard.
 * Listed in src/modules/seeds.ts, not in the manifest, so the Worker bundle leaves it out.
 */
export type ModuleSeed = (district: DemoDistrict, ctx: SeedContext) => Promise<CompiledQuery[]>;

export interface ModuleManifest<Name extends string = string> {
  /** Unique; for a switchable module, its name in the district's `modules` setting. */
  name: Name;
  /**
   * Whether the district may switch the module off; true exactly for the names in
   * src/tenants/settings.ts MODULES (the onboarding wizard's choices).
   * Switched off, its routes answer 404, its navigation entries are hidden, its home
   * sections are left out and its jobs skip the district.
   */
  switchable: boolean;
  /** Registers the module's district pages and API through routes()/apiRoute(). */
  routes?: (app: Hono<AppEnv>) => void;
  /** Runs for every district request before any route (e.g. the onboarding gate). */
  districtMiddleware?: readonly MiddlewareHandler<AppEnv>[];
  jobs?: readonly Job[];
  nav?: readonly NavEntry[];
  homeSections?: readonly HomeSection[];
  /** The module's tasks for the signed-in person, gathered on the to-do page. */
  todos?: readonly TodoSource[];
  /** key -> [zh-CN, en]; keys are prefixed with the module's name. */
  messages?: Catalog;
  /** The district shard tables the module owns (created by its migrations). */
  tables: readonly DistrictTable[];
  /** Of those, tables left out of the district's data export (secrets, not data). */
  unexportedTables?: readonly DistrictTable[];
  /**
   * Review subject kinds the module serves; the review engine registers them in its
   * `setup`, so no module calls into the engine while the module graph is still loading.
   */
  reviewSubjects?: readonly unknown[];
  /**
   * The open-data files the module serves (registerPagedOpenData), as /open-data documents
   * them; a function, as the fields' wording is read once the catalog is complete.
   */
  openData?: () => readonly OpenDataset[];
  /** The notifications the module sends (src/notifications/): every kind it passes to notify(). */
  notifications?: readonly NotificationKind[];
  /** The kinds of submission the module gives a receipt number (src/receipts/). */
  receipts?: readonly ReceiptKind[];
  /** Called once with every module, before the first request or job (see setUpModules). */
  setup?: (modules: readonly ModuleManifest[]) => void;
}

/**
 * The parts of a manifest only a Worker that serves the module needs: its pages and API,
 * its jobs, and what the cross-module pages (home, to-dos, receipts, the reviewer's inbox)
 * gather from it. A module keeps them in its `served.ts` (default export) and spreads them
 * into the manifest. On Cloudflare the platform is split into Workers (src/workers/plan.ts):
 * the build leaves a module's `served.ts` out of the Workers that do not serve it, and its
 * routes out of those that serve its hooks but not its pages, so each stays small.
 */
export type ServedParts = Pick<ModuleManifest, "routes" | "jobs" | "homeSections" | "todos" | "receipts" | "reviewSubjects">;

/** A kind of submission that gets a receipt number (办件编号) and a public lookup. */
export interface ReceiptKind {
  /** "<module>.<record>", stored on the receipt row. */
  name: string;
  /** What was received, as the printed receipt names it. */
  title: MessageKey;
  /** The record's outcome so far, as a label; null when the record is gone. */
  outcome: (data: DistrictData, subjectId: string) => Promise<MessageKey | null>;
  /** How the submitter follows it up. */
  follow: MessageKey;
}

/**
 * Who a notification kind goes to. The module names the concrete person, organization or
 * area when it emits (notify's `to`); the recipients are resolved when it is delivered, so
 * someone who joined the organization meanwhile hears of it too.
 */
export type NotificationRecipients =
  /** `to` is a user id. */
  | { type: "person" }
  /** `to` is an organization id: its members (org_member). */
  | { type: "organization" }
  /**
   * `to` is an area code ("" = the district): holders of the permission whose scope covers it.
   * notify's `permission` may name another one for one event (the staff who own the record).
   */
  | {
      type: "permission";
      permission: Permission;
      /** Every permission an event may name instead, so that their holders can choose channels for the kind. */
      alsoReaches?: () => readonly Permission[];
    }
  /** `to` is an e-mail address or mobile number sealed with protect(), of someone without an account (an invitee, an objector). */
  | { type: "address" };

/** A kind of notification, declared in a module's manifest and passed to notify(). */
export interface NotificationKind<P extends string = string> {
  /** "<module>.<event>", unique. */
  name: string;
  recipients: NotificationRecipients;
  /** Urgent messages (password reset, security) ignore preferences and quiet hours. */
  urgency: "urgent" | "normal";
  /** The values every message of the kind is given: names, dates, numbers; no personal data. */
  params: readonly P[];
  /**
   * Of those, values the caller seals with protect() (a code, a link token): the outbox
   * row holds them encrypted, only the sending step opens them, the inbox and logs mask them.
   */
  secret?: readonly P[];
  /** [zh-CN, en], with {param} placeholders; the title is also the SMS and WeChat summary. */
  title: readonly [string, string];
  body: readonly [string, string];
  /** Path under the district's base of the record the message is about, with {param} placeholders. */
  link?: string;
  /** Values that show the message (the render test, the admin's preview). */
  example: Readonly<Record<P, string>>;
}

export function defineNotification<const P extends string>(kind: NotificationKind<P>): NotificationKind<P> {
  return kind;
}

// The call a module makes inside the write that causes a notification:
//   data.write([...changes, notify(data, kind, { to, params, target })], audit)
export { notify } from "../notifications/emit";

export function defineModule<const Name extends string>(manifest: ModuleManifest<Name>): ModuleManifest<Name> {
  return manifest;
}

const setUp = new WeakSet<readonly ModuleManifest[]>();

/**
 * Hands the modules' messages to the catalog and runs every module's `setup`, once per
 * module list. The Worker's entry calls it as it loads (src/index.ts), as do the scripts
 * that print messages, so cross-module wiring happens after all modules have loaded,
 * whatever order a runtime evaluates the import graph in.
 */
export function setUpModules(modules: readonly ModuleManifest[]): void {
  if (setUp.has(modules)) return;
  setUp.add(modules);
  addCatalogs(modules.map((m) => m.messages));
  for (const module of modules) module.setup?.(modules);
}

/** Whether the district has the module on (core modules always are). */
export function moduleEnabled(module: Pick<ModuleManifest, "name" | "switchable">, districtModules: readonly string[]): boolean {
  return !module.switchable || districtModules.includes(module.name);
}
