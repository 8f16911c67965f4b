import { createApp } from "./app";
import { setUpModules } from "./core/module-contract";
import type { Env } from "./env";
import { runJobs } from "./jobs";
import { consumeNotifications } from "./notifications/publish";
import { districtCodeForHost } from "./district-lookup/district-registry";
import { MODULES } from "./modules";

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

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    const url = new URL(request.url);
    if (!GLOBAL_PATHS.test(url.pathname)) {
      // A district's own hostname serves its pages at the root: route it internally to
      // /d/{code}/… and tell the app, through env, that links carry no prefix.
      const code = await districtCodeForHost(env, url.hostname);
      if (code) {
        url.pathname = `/d/${code}${url.pathname}`;
        return app().fetch(new Request(url, request), { ...env, HOST_DISTRICT: code, HOST_NAME: url.hostname }, ctx);
      }
    }
    return app().fetch(request, env, ctx);
  },

  async scheduled(controller: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void> {
    ctx.waitUntil(runJobs(env, controller.cron, controller.scheduledTime).then(() => undefined));
  },

  // The consumer of NOTIFICATIONS_QUEUE (wrangler.toml): sends the messages of outbox events.
  async queue(batch: MessageBatch<unknown>, env: Env): Promise<void> {
    await consumeNotifications(batch, env);
  },
} satisfies ExportedHandler<Env>;
