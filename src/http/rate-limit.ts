import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";
import { AppError } from "./errors";
import { renderError } from "./problem";

// Per-client limits on what anyone may post without an account, through the Workers
// rate-limiting binding (declared in wrangler.toml; Miniflare emulates it locally).
// Sign-in attempts have their own budget; every other anonymous write (sign-up,
// claims, objections, invitation acceptance, and any public form added later) shares
// another. routes() puts the limit in front of every public route that changes state.

export type LimitKind = "sign_in" | "anonymous_write";

const BINDINGS: Record<LimitKind, string> = { sign_in: "SIGN_IN_LIMIT", anonymous_write: "ANONYMOUS_WRITE_LIMIT" };

/** The period of both bindings in wrangler.toml, in seconds: what Retry-After tells the client. */
export const LIMIT_PERIOD_SECONDS = 60;

/** Sign-in routes (forms and API, districts and operators) and password reset codes draw on the sign-in budget. */
export function limitKindFor(path: string): LimitKind {
  return /\/(login|sign-in|password-reset\/confirm)$/.test(path) ? "sign_in" : "anonymous_write";
}

export function rateLimit(kind: LimitKind): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    // Absent only where a harness serves the Worker without wrangler.toml's bindings
    // (the benchmark, which loads the app from one address on purpose).
    const limiter = c.env[BINDINGS[kind]] as RateLimit | undefined;
    if (limiter) {
      // Cloudflare sets CF-Connecting-IP on every request and a client cannot forge it.
      const client = c.req.header("cf-connecting-ip") ?? "unknown";
      const { success } = await limiter.limit({ key: `${kind}:${client}` });
      if (!success) {
        const response = await renderError(c, new AppError({ status: 429, code: "rate_limited", message: "error.rate_limited" }));
        response.headers.set("retry-after", String(LIMIT_PERIOD_SECONDS));
        return response;
      }
    }
    await next();
  };
}
