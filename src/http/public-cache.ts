import type { MiddlewareHandler } from "hono";
import type { Compilable } from "kysely";
import type { DistrictData } from "../data/district-data";
import { getCookie } from "hono/cookie";
import { SESSION_COOKIE } from "../auth/sessions";
import type { AppEnv } from "../env";
import { beijingToday } from "../lib/beijing-time";
import { PUBLIC_MAX_AGE } from "./cache";
import { madeNonce } from "./security-headers";

// Repeat views of the busiest public pages come from the Workers Cache API. The key holds
// the district's newest audit event: every write() appends one in the same D1 batch as the
// change, so a page cached before a write is never found after it. The registry row's
// version (settings, names), the Beijing date (pages that count days) and the language,
// elder mode and path prefix complete it. Unaudited changes made by scheduled jobs (a call
// or notice closing on time) reach a cached page within PUBLIC_MAX_AGE seconds, as they
// reach the feeds. Only visitors without a session are served from it, and a page holding
// anything of one visitor (a form token, the CSRF token, a script nonce) is never stored.

/**
 * The public pages worth keeping: the directory, organization pages, credit lists, project
 * pages, a community's needs summary and the linkage summary (their counts change only
 * through audited writes; the quarters they show follow the date in the key).
 */
const CACHEABLE = /^\/(?:(?:organizations|credit-lists|projects)(?:\/[^/]+)?|n\/\d{6}\/summary|linkage-summary)\/?$/;

/** Each district's head query, compiled once: building and compiling it cost more than the cache lookup it keys. */
const headQueries = new Map<string, Compilable>();

/** The district's audit chain head, a counter that every audited write moves. */
async function publicVersion(data: DistrictData): Promise<number> {
  let query = headQueries.get(data.districtId);
  if (!query) {
    const compiled = data.selectFrom("audit_events").select("seq").orderBy("seq", "desc").limit(1).compile();
    query = { compile: () => compiled };
    headQueries.set(data.districtId, query);
  }
  const [rows] = await data.read<{ seq: number }>([query]);
  return rows?.[0]?.seq ?? 0;
}

export const publicPageCache: MiddlewareHandler<AppEnv> = async (c, next) => {
  // Only open districts: one still onboarding answers its own page to visitors.
  if (c.req.method !== "GET" || c.var.user || c.var.district.status !== "active" || c.env.PUBLIC_PAGE_CACHE === "off" || typeof caches === "undefined" || getCookie(c, SESSION_COOKIE)) return next();
  const path = c.req.path.slice(c.var.base.length);
  if (!CACHEABLE.test(path)) return next();
  const district = c.var.district;
  const at = c.req.url.indexOf("?");
  const search = at < 0 ? "" : c.req.url.slice(at);
  const key = `https://public-page.cache/${district.code}/${district.version}/${await publicVersion(c.var.data)}/${beijingToday()}/${c.var.locale}/${c.var.elder ? 1 : 0}${c.var.base}${path}${search}`;
  const cache = caches.default;
  const hit = await cache.match(key);
  if (hit) {
    const etag = hit.headers.get("etag") ?? "";
    c.header("etag", etag);
    c.header("cache-control", "public, no-cache");
    if (etag && c.req.header("if-none-match") === etag) return c.body(null, 304);
    c.header("content-type", hit.headers.get("content-type") ?? "text/html; charset=UTF-8");
    // The stored bytes go out as they are, not decoded to a string and encoded again.
    return c.body(await hit.arrayBuffer(), 200);
  }
  await next();
  const res = c.res;
  if (res.status !== 200 || res.headers.get("cache-control") !== "public, no-cache" || !res.headers.get("etag")) return;
  const body = await res.clone().text();
  const nonce = madeNonce(c);
  const token = c.var.csrfToken;
  if (body.includes('name="_once"') || (token && body.includes(token)) || (nonce && body.includes(nonce))) return;
  const stored = new Response(body, { headers: { "content-type": res.headers.get("content-type") ?? "text/html; charset=UTF-8", etag: res.headers.get("etag")!, "cache-control": `public, max-age=${PUBLIC_MAX_AGE}` } });
  const put = cache.put(key, stored);
  try {
    c.executionCtx.waitUntil(put);
  } catch {
    await put; // no execution context (a direct app.fetch): store before answering
  }
};
