import type { Context, MiddlewareHandler } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { cookieIsSecure, cookiePath, SESSION_COOKIE } from "../auth/sessions";
import type { AppEnv } from "../env";
import { randomToken, timingSafeEqual } from "../lib/crypto";
import { csrfRejected } from "./errors";

// CSRF defence for every state-changing request:
// - a cross-site Origin is refused outright;
// - browser forms carry a hidden _csrf field equal to the HttpOnly csrf cookie
//   (double submit; another site can neither read the cookie nor set the field);
// - any other call with a session cookie needs an X-CSRF-Token header equal to the
//   cookie; without a session, JSON needs no token (a cross-site page cannot send
//   application/json without a CORS preflight, which is never granted).

export const CSRF_COOKIE = "csrf";
export const CSRF_FIELD = "_csrf";
const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

function issueToken(c: Context<AppEnv>): string {
  const token = randomToken();
  setCookie(c, CSRF_COOKIE, token, { path: cookiePath(c), httpOnly: true, secure: cookieIsSecure(c), sameSite: "Lax" });
  c.set("csrfToken", token);
  return token;
}

/**
 * A new token with every new (or ended) session: one seen before signing in, or by the
 * previous user of a shared computer, is worthless afterwards. Pages rendered after the
 * call carry the new token.
 */
export function rotateCsrfToken(c: Context<AppEnv>): void {
  issueToken(c);
}

/** Requests whose token is made only when their page first asks for it. */
const later = new WeakSet<Context<AppEnv>>();

/**
 * This request's token, made now if it was left for later; null where no CSRF step ran.
 * Pages read it through pageInfo, so only a page that draws a form sets the cookie.
 */
export const csrfTokenFor = (c: Context<AppEnv>): string | null => c.get("csrfToken") ?? (later.has(c) ? issueToken(c) : null);

export const csrfProtection: MiddlewareHandler<AppEnv> = async (c, next) => {
  let token = getCookie(c, CSRF_COOKIE);
  const hadToken = !!token && token.length >= 32;
  const safe = SAFE.has(c.req.method);
  // A visitor without a session reading a page gets a token only if the page draws a
  // form: making one costs random bytes and a cookie, and a page that holds one cannot
  // go into the shared page cache. Signed-in pages and every write get theirs now.
  if (hadToken) c.set("csrfToken", token!);
  else if (safe && !getCookie(c, SESSION_COOKIE)) later.add(c);
  else token = issueToken(c);
  if (safe) return next();

  const origin = c.req.header("origin");
  if (origin && origin !== new URL(c.req.url).origin) throw csrfRejected();

  const type = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  // Without a session a request acts for nobody, so only what a cross-site page can
  // send by itself (a plain form, which could sign a victim in to the attacker's
  // account) needs the token. Anything else gets its own clear answer downstream.
  const crossSiteSendable = type === "application/x-www-form-urlencoded" || type === "multipart/form-data" || type === "text/plain" || type === "";
  if (!crossSiteSendable && !getCookie(c, SESSION_COOKIE)) return next();
  // Otherwise a token must match the cookie; a cookie issued just now proves nothing.
  if (!hadToken) throw csrfRejected();
  let presented: string | undefined;
  if (type === "application/x-www-form-urlencoded" || type === "multipart/form-data") {
    const field = (await c.req.parseBody())[CSRF_FIELD];
    presented = typeof field === "string" ? field : c.req.header("x-csrf-token");
  } else {
    presented = c.req.header("x-csrf-token");
  }
  if (!presented || !timingSafeEqual(presented, token!)) throw csrfRejected();
  return next();
};
