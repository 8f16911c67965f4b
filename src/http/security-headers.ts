import type { Context } from "hono";
import type { AppEnv } from "../env";

// The headers every answer carries: the security headers, the request id, the language.
// The answers built through the context carry them from the start (src/http/answers.ts);
// any other answer has them written in one pass after it is built. Everything but the request id and the script nonce is fixed, so
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

const FIXED = new Set([...FOR_PAGES, ...FOR_JSON].map(([name]) => name.toLowerCase()).concat("x-request-id", "content-language"));

/**
 * Each kind of answer's fixed headers with its type and language, built once per isolate
 * and copied natively into each Response. Kept by language, then type: both are strings
 * from the code whose hashes are already known, where a key joined per request would be
 * a new string to hash on every answer.
 */
const bases = new Map<string, Map<string, { headers: Headers; json: boolean }>>();
let basesKept = 0;

/**
 * An answer with every header it carries: the fixed set for its kind, its type and
 * language (copied in one native step from a Headers object kept per isolate, which costs
 * far less than a write per header), then the request id, a page's nonce policy and the
 * handler's own headers (any it set of the fixed ones give way, as to writeResponseHeaders).
 */
export function makeAnswer(c: Context<AppEnv>, body: BodyInit | null, status: number | undefined, own: readonly Header[]): Response {
  // Indexed loops: the list is short (often the type alone), and on a constant answer an
  // iterator and a destructured pair per entry showed in the profile.
  let type = "";
  for (let i = 0; i < own.length; i++) if (own[i]![0] === "content-type") type = own[i]![1];
  const locale = c.get("locale") ?? "zh-CN";
  let ofLocale = bases.get(locale);
  if (!ofLocale) {
    ofLocale = new Map();
    bases.set(locale, ofLocale);
  }
  let base = ofLocale.get(type);
  if (!base) {
    const json = type.includes("json");
    const headers = new Headers(json ? FOR_JSON : FOR_PAGES.concat([["Content-Security-Policy", NO_NONCE_POLICY]]));
    headers.set("Content-Language", locale);
    if (type) headers.set("Content-Type", type);
    base = { headers, json };
    // Types come from the code, but a stored file's own type could be anything.
    if (basesKept++ < 64) ofLocale.set(type, base);
  }
  const res = new Response(body, { status, headers: base.headers });
  const h = res.headers;
  h.set("X-Request-Id", c.get("requestId"));
  const nonce = base.json ? undefined : c.get(NONCE);
  if (nonce) h.set("Content-Security-Policy", policy(`'self' 'nonce-${nonce}'`));
  for (let i = 0; i < own.length; i++) {
    const [name, value] = own[i]!;
    if (name !== "content-type" && !FIXED.has(name)) h.append(name, value);
  }
  return res;
}

function pagePolicy(c: Context<AppEnv>): string {
  const nonce = c.get(NONCE);
  return nonce ? policy(`'self' 'nonce-${nonce}'`) : NO_NONCE_POLICY;
}

/** Writes the fixed headers, the policy, the request id and the language onto an answer made without answerHeaders. */
export function writeResponseHeaders(c: Context<AppEnv>): void {
  const h = c.res.headers;
  const json = h.get("content-type")?.includes("json");
  for (const [name, value] of json ? FOR_JSON : FOR_PAGES) h.set(name, value);
  if (!json) h.set("Content-Security-Policy", pagePolicy(c));
  h.set("X-Request-Id", c.get("requestId"));
  h.set("Content-Language", c.get("locale") ?? "zh-CN");
}
