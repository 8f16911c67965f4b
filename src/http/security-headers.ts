import type { Context } from "hono";
import type { AppEnv } from "../env";

// The headers every answer carries: the security headers, the request id, the language.
// They are written in one pass onto the handler's response, after it is built: Hono's
// c.header() after a response exists copies the whole response each time, and this
// runs on every request. Everything but the request id and the script nonce is fixed, so
// it is built once at load. A nonce costs random bytes and makes a page unfit for the
// shared page cache, so it is made only when a page puts an inline script on itself
// (cspNonce); every other answer gets the same policy with scripts from 'self' only.
//
// Each header written costs about as much as a small JSON answer's whole Response, so
// only headers current guidance asks for are sent. OWASP's HTTP Security Response Headers
// Cheat Sheet says not to set X-XSS-Protection (the filters it drove are gone, and they
// opened holes of their own); X-Download-Options only ever meant something to IE8 and is
// on none of OWASP's lists. JSON answers (the API, health checks, problem documents) get
// the set OWASP's REST Security Cheat Sheet lists for API responses (nosniff, HSTS, a
// policy with frame-ancestors 'none', X-Frame-Options) plus CORP, which keeps another
// site from reading them even by <script> or <img>: the headers that steer how a browser
// treats a document (opener, referrer, DNS prefetch, agent cluster, Flash and PDF cross-
// domain policies) are for pages, where OWASP's Secure Headers Project keeps them.
// https://cheatsheetseries.owasp.org/cheatsheets/HTTP_Headers_Cheat_Sheet.html
// https://cheatsheetseries.owasp.org/cheatsheets/REST_Security_Cheat_Sheet.html#security-headers
// https://owasp.org/www-project-secure-headers/

const policy = (scripts: string) => `default-src 'self'; script-src ${scripts}; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'`;
const NO_NONCE_POLICY = policy("'self'");

type Header = readonly [string, string];
const COMMON: readonly Header[] = [
  ["Cross-Origin-Resource-Policy", "same-origin"],
  ["Strict-Transport-Security", "max-age=63072000; includeSubDomains"],
  ["X-Content-Type-Options", "nosniff"],
  ["X-Frame-Options", "SAMEORIGIN"],
  ["Vary", "Cookie, Accept-Language"],
];
const FOR_JSON: readonly Header[] = Object.freeze([...COMMON, ["Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"]]);
const FOR_PAGES: readonly Header[] = Object.freeze([
  ...COMMON,
  ["Cross-Origin-Opener-Policy", "same-origin"],
  ["Origin-Agent-Cluster", "?1"],
  ["Referrer-Policy", "strict-origin-when-cross-origin"],
  ["X-DNS-Prefetch-Control", "off"],
  ["X-Permitted-Cross-Domain-Policies", "none"],
]);

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

/** Gives the request its id: a caller's own (a proxy's) when it is plainly an id, so logs line up. */
export function identifyRequest(c: Context<AppEnv>): string {
  const given = c.req.header("x-request-id");
  const id = given && GIVEN_ID.test(given) ? given : crypto.randomUUID();
  c.set("requestId", id);
  return id;
}

/** Writes the fixed headers, the policy, the request id and the language onto the answer. */
export function writeResponseHeaders(c: Context<AppEnv>): void {
  const h = c.res.headers;
  const json = h.get("content-type")?.includes("json");
  for (const [name, value] of json ? FOR_JSON : FOR_PAGES) h.set(name, value);
  if (!json) {
    const nonce = c.get(NONCE);
    h.set("Content-Security-Policy", nonce ? policy(`'self' 'nonce-${nonce}'`) : NO_NONCE_POLICY);
  }
  h.set("X-Request-Id", c.get("requestId"));
  h.set("Content-Language", c.get("locale") ?? "zh-CN");
}
