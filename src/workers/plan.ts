// How the platform is deployed on Cloudflare: several Workers, so that each stays within
// the 250 KB (gzipped) that keeps cold starts quick. One Worker with every module cannot:
// the modules' pages, their wording in two languages and the shared core add up to about
// 430 KB. `npm run build:workers` (scripts/workers/build.ts) builds them from this plan.
//
// - The front Worker receives every request. It serves the platform's own pages (health,
//   static files, the operator console) and the district pages of every module no page
//   Worker below takes, and it runs the jobs and the notifications queue. It carries every
//   module's hooks (ServedParts in src/core/module-contract.ts): the home page, the to-dos,
//   receipts and the jobs gather from all of them.
// - Each page Worker serves the district pages and API of its modules and nothing else;
//   the front passes it those requests unchanged through a service binding
//   (src/workers/dispatch.ts). It holds the shared core, every module's manifest (names,
//   navigation, wording, notification kinds) and only its own modules' served parts.
//
// `npm start`, the tests and the self-hosted server run all modules in one Worker or
// process, from the same source: the split changes what is bundled where, not what runs.

export interface PageWorker {
  /** Short name: the Worker is "<front's name>-<name>", the front's binding to it PAGES_<NAME>. */
  name: string;
  /** The modules (manifest names) whose district pages and API it serves. */
  pagesOf: readonly string[];
  /**
   * Whether it also carries every other module's served parts but their routes: the
   * reviewer's inbox and the notice pages show every module's review subjects.
   */
  everyModulesHooks?: boolean;
}

export const PAGE_WORKERS: readonly PageWorker[] = [
  { name: "disclosure", pagesOf: ["disclosure"] },
  { name: "projects", pagesOf: ["projects"] },
  { name: "linkage", pagesOf: ["linkage"] },
  { name: "incubation", pagesOf: ["incubation"] },
  { name: "posts", pagesOf: ["posts"] },
  { name: "onboarding", pagesOf: ["onboarding"] },
  { name: "staff", pagesOf: ["staff", "audit", "notifications"] },
  { name: "account", pagesOf: ["auth"] },
  { name: "review", pagesOf: ["review"], everyModulesHooks: true },
];

/** The front's service binding to a page Worker. */
export const bindingOf = (worker: Pick<PageWorker, "name">) => `PAGES_${worker.name.toUpperCase()}`;
