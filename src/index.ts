import { createApp } from "./app";
import { setUpModules } from "./core/module-contract";
import type { Env } from "./env";
import { runJobs } from "./jobs";
import { consumeNotifications } from "./notifications/publish";
import { districtCodeForHost } from "./district-lookup/district-registry";
import { MODULES } from "./modules";
import { pageWorkerFor } from "./workers/dispatch";

// No source file imports this one, so when it runs every module has finished loading: the
// message catalog and the review subject kinds are complete before any request, job or
// queue batch (the queue consumer builds no app).
setUpModules(MODULES);

// Built on the first request, not at import: a cron or queue start builds no routes.
let built: ReturnType<typeof createApp> | null = null;
function app(): ReturnType<typeof createApp> {
  built ??= createApp();
  return built;
}

// Paths served the same on every host, never rewritten into a district.
const GLOBAL_PATHS = /^\/(healthz|readyz|static\/)/;

/** Any other request, when its hostname is a district's own: routed internally to /d/{code}/…, and the app told, through env, that links carry no prefix. */
async function onDistrictHost(request: Request, env: Env, ctx: ExecutionContext, origin: string, path: string): Promise<Response> {
  const hostname = origin.slice(origin.indexOf("//") + 2).replace(/:\d+$/, "");
  const code = await districtCodeForHost(env, hostname);
  if (!code) return app().fetch(request, env, ctx);
  // Split on Cloudflare: the page Worker resolves the hostname again, as it is sent unchanged.
  const pages = pageWorkerFor(env, path);
  if (pages) return pages.fetch(request);
  return app().fetch(new Request(`${origin}/d/${code}${path}`, request), { ...env, HOST_DISTRICT: code, HOST_NAME: hostname }, ctx);
}

export default {
  // Not async, and no URL object: the runtime hands over the URL serialised
  // (scheme://host[:port]/path?query), so the path and host are string slices, and a global
  // path goes to the app with no promise of its own around it. Parsing the URL cost about
  // as much as a constant answer's own handler, on every request.
  fetch(request: Request, env: Env, ctx: ExecutionContext): Response | Promise<Response> {
    const url = request.url;
    const pathStart = url.indexOf("/", url.indexOf("//") + 2);
    const path = url.slice(pathStart);
    if (GLOBAL_PATHS.test(path)) return app().fetch(request, env, ctx);
    if (path.startsWith("/d/")) {
      const codeEnd = path.indexOf("/", 3);
      const pages = codeEnd < 0 ? null : pageWorkerFor(env, path.slice(codeEnd));
      if (pages) return pages.fetch(request);
    }
    return onDistrictHost(request, env, ctx, url.slice(0, pathStart), path);
  },

  async scheduled(controller: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void> {
    ctx.waitUntil(runJobs(env, controller.cron, controller.scheduledTime).then(() => undefined));
  },

  // The consumer of NOTIFICATIONS_QUEUE (wrangler.toml): sends the messages of outbox events.
  async queue(batch: MessageBatch<unknown>, env: Env): Promise<void> {
    await consumeNotifications(batch, env);
  },
} satisfies ExportedHandler<Env>;
