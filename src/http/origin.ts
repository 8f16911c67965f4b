import type { Context } from "hono";
import type { AppEnv, Env } from "../env";

// Absolute links (canonical and og:url tags, the Atom feed, open data, invitation links)
// are built from configuration and the registry, never from the Host header: public
// responses are cached, and a forged Host must not end up in what others are served.

/** Where `npm start` serves when PUBLIC_ORIGIN is not set. */
export const LOCAL_ORIGIN = "http://127.0.0.1:8787";

/** The platform's configured origin (PUBLIC_ORIGIN in wrangler.toml's [vars]). */
export function platformOrigin(env: Env): URL {
  try {
    return new URL(env.PUBLIC_ORIGIN || LOCAL_ORIGIN);
  } catch {
    return new URL(LOCAL_ORIGIN);
  }
}

/**
 * scheme://host[:port] for absolute links of this request: the district's registered
 * hostname when it was reached by one (with the configured scheme and port), else the
 * platform origin, under which districts live at /d/{code}.
 */
export function publicOrigin(c: Context<AppEnv>): string {
  const configured = platformOrigin(c.env);
  const host = c.env.HOST_NAME;
  if (host && c.env.HOST_DISTRICT) return `${configured.protocol}//${host}${configured.port ? `:${configured.port}` : ""}`;
  return configured.origin;
}
