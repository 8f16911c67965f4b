// The front Worker's one extra step (src/workers/plan.ts): a district request whose pages
// another Worker serves is passed to it unchanged through the service binding. The table
// of which path goes where is made by the build from the route table and compiled into
// the front; in one Worker (npm start, the tests, the self-hosted server) it is absent
// and every request is served in place.

/** Path keys (see routeKey) → the binding of the Worker that serves them; set by the build. */
declare const SANSHE_PAGE_ROUTES: Readonly<Record<string, string>> | undefined;

const pageRoutes: Readonly<Record<string, string>> | null = typeof SANSHE_PAGE_ROUTES === "undefined" ? null : SANSHE_PAGE_ROUTES;

/**
 * What decides which Worker serves a district path (the part after /d/{code}, or the whole
 * path on a district's own hostname): its first segment, and under /api/v1 and
 * /open-data/v1 the one after, where several modules' routes meet.
 */
export function routeKey(districtPath: string): string {
  const end = districtPath.search(/[?#]/);
  const parts = (end < 0 ? districtPath : districtPath.slice(0, end)).split("/", 4);
  const first = parts[1] ?? "";
  return (first === "api" || first === "open-data") && parts[2] === "v1" ? `${first}/v1/${parts[3] ?? ""}` : first;
}

/** The page Worker that serves this district path, or null when the front serves it. */
export function pageWorkerFor(env: object, districtPath: string): Fetcher | null {
  if (!pageRoutes) return null;
  const binding = pageRoutes[routeKey(districtPath)];
  return binding ? bound(env, binding) : null;
}

/** A page Worker by its binding. A front deployed without a binding its build expects fails loudly, not with a 404 for every page. */
function bound(env: object, binding: string): Fetcher {
  const worker = (env as Record<string, Fetcher | undefined>)[binding];
  if (!worker) throw new Error(`the service binding ${binding} is missing: deploy every Worker that npm run build:workers made`);
  return worker;
}

/** Every page Worker, once each (none in one Worker): for what the front gathers from all of them. */
export function pageWorkers(env: object): Fetcher[] {
  if (!pageRoutes) return [];
  return [...new Set(Object.values(pageRoutes))].map((binding) => bound(env, binding));
}
