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

/** A page kept by this isolate: its bytes and the headers a hit answers with. */
interface KeptPage {
  bytes: ArrayBuffer;
  etag: string;
  type: string;
  /** Date.now() when it was rendered or fetched from the Cache API. */
  at: number;
}

/**
 * The newest pages this isolate served, in front of the Cache API, under the same keys.
 * The Cache API is a call out of the isolate (under Miniflare a local service, the
 * biggest part of a hit after the head read); a page already here costs a map lookup.
 * The key already changes with every audited write, so this holds nothing stale that the
 * Cache API would not; it keeps a page no longer than the Cache API's max-age, for
 * the job-made changes that move no key. Bounded in count and bytes (an isolate has
 * 128 MB), dropping the least recently used.
 */
const kept = new Map<string, KeptPage>();
/** Kept with a page in the Cache API (never sent to a visitor): when it was rendered. */
const RENDERED_AT = "x-rendered-at";
const KEPT_PAGES = 256;
const KEPT_BYTES = 8 * 1024 * 1024;
let keptBytes = 0;

function keep(key: string, page: KeptPage): void {
  const before = kept.get(key);
  if (before) {
    kept.delete(key);
    keptBytes -= before.bytes.byteLength;
  }
  kept.set(key, page);
  keptBytes += page.bytes.byteLength;
  for (const [oldest, old] of kept) {
    if (kept.size <= KEPT_PAGES && keptBytes <= KEPT_BYTES) break;
    kept.delete(oldest);
    keptBytes -= old.bytes.byteLength;
  }
}

function keptPage(key: string): KeptPage | undefined {
  const page = kept.get(key);
  if (!page) return undefined;
  kept.delete(key);
  if (Date.now() - page.at >= PUBLIC_MAX_AGE * 1000) {
    keptBytes -= page.bytes.byteLength;
    return undefined;
  }
  kept.set(key, page); // the most recently used goes last
  return page;
}

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
  const query = c.req.url.indexOf("?");
  const search = query < 0 ? "" : c.req.url.slice(query);
  const key = `https://public-page.cache/${district.code}/${district.version}/${await publicVersion(c.var.data)}/${beijingToday()}/${c.var.locale}/${c.var.elder ? 1 : 0}${c.var.base}${path}${search}`;
  let page = keptPage(key);
  if (!page) {
    const hit = await caches.default.match(key);
    if (hit) {
      // Its age counts from when it was rendered, in whichever isolate that was.
      page = { bytes: await hit.arrayBuffer(), etag: hit.headers.get("etag") ?? "", type: hit.headers.get("content-type") ?? "text/html; charset=UTF-8", at: Number(hit.headers.get(RENDERED_AT)) || Date.now() };
      keep(key, page);
    }
  }
  if (page) {
    c.header("etag", page.etag);
    c.header("cache-control", "public, no-cache");
    if (page.etag && c.req.header("if-none-match") === page.etag) return c.body(null, 304);
    c.header("content-type", page.type);
    // The stored bytes go out as they are, not decoded to a string and encoded again (the Response copies them).
    return c.body(page.bytes, 200);
  }
  await next();
  const res = c.res;
  if (res.status !== 200 || res.headers.get("cache-control") !== "public, no-cache" || !res.headers.get("etag")) return;
  const body = await res.clone().text();
  const nonce = madeNonce(c);
  const token = c.var.csrfToken;
  if (body.includes('name="_once"') || (token && body.includes(token)) || (nonce && body.includes(nonce))) return;
  const type = res.headers.get("content-type") ?? "text/html; charset=UTF-8";
  const etag = res.headers.get("etag")!;
  const at = Date.now();
  keep(key, { bytes: new TextEncoder().encode(body).buffer as ArrayBuffer, etag, type, at });
  const stored = new Response(body, { headers: { "content-type": type, etag, "cache-control": `public, max-age=${PUBLIC_MAX_AGE}`, [RENDERED_AT]: String(at) } });
  const put = caches.default.put(key, stored);
  try {
    c.executionCtx.waitUntil(put);
  } catch {
    await put; // no execution context (a direct app.fetch): store before answering
  }
};
