import type { Context } from "hono";
import type { AppEnv } from "../env";
import { bytesToBase64Url } from "../lib/crypto";
import { finishPage } from "./form-summary";

// Conditional GET for public pages and data. Every response carries an ETag computed
// from its bytes: a client that already has them gets 304. Nothing is served from a cache
// without asking first, except the open-data files and feeds, which may be reused for
// PUBLIC_MAX_AGE seconds: so any change is visible within a minute.

export const PUBLIC_MAX_AGE = 60;

// Forms carry a fresh one-time submission token on every render (src/http/submissions.ts);
// it is not content, so it does not change the ETag. A revalidated copy keeps its old
// token, which still works: a repeat with other content is a new submission.
const ONCE_VALUE = /(name="_once" value=")[^"]*"/g;

async function etagOf(body: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(body.replace(ONCE_VALUE, '$1"')));
  return `W/"${bytesToBase64Url(new Uint8Array(digest).slice(0, 18))}"`;
}

function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(",").some((tag) => {
    const t = tag.trim();
    return t === "*" || t === etag || t === etag.slice(2) || `W/${t}` === etag;
  });
}

export interface CacheOptions {
  contentType: string;
  /** Data files and feeds: reusable for PUBLIC_MAX_AGE seconds. Pages: revalidated on each use. */
  reusable?: boolean;
  status?: number;
  headers?: Record<string, string>;
}

export async function conditional(c: Context<AppEnv>, body: string, options: CacheOptions): Promise<Response> {
  const etag = await etagOf(body);
  // A page showing who is signed in (or holding their form token) is theirs alone.
  const personal = !!c.var.user;
  const cacheControl = personal ? "private, no-cache" : options.reusable ? `public, max-age=${PUBLIC_MAX_AGE}` : "public, no-cache";
  c.header("etag", etag);
  c.header("cache-control", cacheControl);
  for (const [k, v] of Object.entries(options.headers ?? {})) c.header(k, v);
  if (matches(c.req.header("if-none-match"), etag)) return c.body(null, 304);
  c.header("content-type", options.contentType);
  return c.body(body, (options.status ?? 200) as 200);
}

/** A rendered page (hono/jsx element) with an ETag; pages with forms pass personal. */
export async function cachedHtml(c: Context<AppEnv>, page: unknown, options: { personal?: boolean } = {}): Promise<Response> {
  const html = String(await (page as { toString(): string | Promise<string> }).toString());
  if (options.personal) {
    c.header("cache-control", "private, no-cache");
    return c.html(html);
  }
  const finished = finishPage(html, c.var.locale);
  return conditional(c, finished, { contentType: "text/html; charset=UTF-8" });
}
