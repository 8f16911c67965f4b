import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";

// The headers every answer carries: the security headers, the request id, the language.
// They are written in one pass onto the handler's response, after it is built: Hono's
// c.header() after a response exists copies the whole response each time, and this
// runs on every request. Everything but the request id and the script nonce is fixed, so
// it is built once at load. A nonce costs random bytes and makes a page unfit for the
// shared page cache, so it is made only when a page puts an inline script on itself
// (cspNonce); every other answer gets the same policy with scripts from 'self' only.

const policy = (scripts: string) => `default-src 'self'; script-src ${scripts}; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'`;
const NO_NONCE_POLICY = policy("'self'");

const FIXED: readonly (readonly [string, string])[] = Object.freeze([
  ["Cross-Origin-Resource-Policy", "same-origin"],
  ["Cross-Origin-Opener-Policy", "same-origin"],
  ["Origin-Agent-Cluster", "?1"],
  ["Referrer-Policy", "strict-origin-when-cross-origin"],
  ["Strict-Transport-Security", "max-age=63072000; includeSubDomains"],
  ["X-Content-Type-Options", "nosniff"],
  ["X-DNS-Prefetch-Control", "off"],
  ["X-Download-Options", "noopen"],
  ["X-Frame-Options", "SAMEORIGIN"],
  ["X-Permitted-Cross-Domain-Policies", "none"],
  ["X-XSS-Protection", "0"],
  ["Vary", "Cookie, Accept-Language"],
] as const);

const NONCE = "cspNonce";
const GIVEN_ID = /^[\w\-=]{1,255}$/;

/** The nonce of this page's inline scripts; the first call makes it and puts it into the page's policy. */
export function cspNonce(c: Context<AppEnv>): string {
  let nonce = c.get(NONCE);
  if (!nonce) {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    nonce = btoa(String.fromCharCode(...bytes));
    c.set(NONCE, nonce);
  }
  return nonce;
}

/** The nonce if this request's page made one (a page that holds one is never shared from the cache). */
export const madeNonce = (c: Context<AppEnv>): string | undefined => c.get(NONCE);

export const responseHeaders: MiddlewareHandler<AppEnv> = async (c, next) => {
  // A caller's own id (a proxy's) is kept when it is plainly an id, so logs line up.
  const given = c.req.header("x-request-id");
  const id = given && GIVEN_ID.test(given) ? given : crypto.randomUUID();
  c.set("requestId", id);
  await next();
  const h = c.res.headers;
  for (const [name, value] of FIXED) h.set(name, value);
  const nonce = c.get(NONCE);
  h.set("Content-Security-Policy", nonce ? policy(`'self' 'nonce-${nonce}'`) : NO_NONCE_POLICY);
  h.set("X-Request-Id", id);
  h.set("Content-Language", c.get("locale") ?? "zh-CN");
};
