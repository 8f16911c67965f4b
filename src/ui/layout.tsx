import { sharePicturePath } from "./brand-image";
import { Icon } from "./icons";
import type { Context } from "hono";
import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import type { AppEnv } from "../env";
import { t, type Locale, type MessageKey } from "../i18n/messages";
import type { Role } from "../data/schema";
import { DISTRICT_WIDE_ONLY, type Permission } from "../auth/permissions";
import { districtWide } from "../auth/scope";
import { CSRF_FIELD, csrfTokenFor } from "../http/csrf";
import { ONCE_FIELD } from "../http/submissions";
import { randomToken } from "../lib/crypto";
import { publicOrigin } from "../http/origin";
import { cspNonce } from "../http/security-headers";
import { navigationFor } from "../core/modules";
import { MODULES as SWITCHABLE_MODULES } from "../tenants/settings";

// The shared page frame: landmarks, skip link, district name, navigation by role,
// language and elder-mode switches, sign-in state. Pages are plain components that
// render inside it.

export interface PageInfo {
  locale: Locale;
  elder: boolean;
  base: string;
  path: string;
  districtName: string | null;
  /** The district's code (absent outside a district), for its share picture. */
  districtCode?: string;
  /** The district's switched-on modules (absent: all), which decide its navigation. */
  modules?: readonly string[];
  /** areaOnly: the permissions reaching only the whole district that the user holds for some areas at most (their links are left out). */
  user: { displayName: string; roles: Role[]; areaOnly: readonly Permission[] } | null;
  csrfToken: string | null;
  nonce?: string;
  /**
   * Where the language and elder-mode switches lead: this page with its query for a
   * GET; after a form was posted, the page the form was on (the posted URL may have no
   * page of its own, and following it would answer 404).
   */
  switchPath?: string;
  /** The signed-in person's unread messages (the bell), when known. */
  unread?: number;
  /** scheme://host for absolute links (canonical, Open Graph, feeds): see src/http/origin.ts. */
  origin?: string;
}

export function pageInfo(c: Context<AppEnv>): PageInfo {
  const district = c.get("district");
  const user = c.get("user");
  const locale = c.get("locale") ?? "zh-CN";
  return {
    locale,
    elder: c.get("elder") ?? false,
    base: c.get("base") ?? "",
    path: browserPath(c),
    switchPath: switchPath(c),
    districtName: district ? districtDisplayName(district, locale) : null,
    districtCode: district?.code,
    modules: district?.modules,
    user: user ? { displayName: user.displayName, roles: [...new Set(user.grants.map((g) => g.role))], areaOnly: DISTRICT_WIDE_ONLY.filter((p) => !districtWide(user, p)) } : null,
    // Made on first read too: a page without a form sets no CSRF cookie.
    get csrfToken() {
      return csrfTokenFor(c);
    },
    unread: c.get("unreadNotifications"),
    // Made on first read: only a page with an inline script pays for a nonce and loses the shared cache.
    get nonce() {
      return cspNonce(c);
    },
    origin: publicOrigin(c),
  };
}

/** The path as the browser sees it (a hostname-resolved district has no /d/{code} prefix). */
export function browserPath(c: Context<AppEnv>): string {
  return withoutDistrictPrefix(c, new URL(c.req.url).pathname);
}

export function districtDisplayName(d: { nameZh: string; nameEn: string; parentNameZh: string; parentNameEn: string }, locale: Locale) {
  return locale === "en" ? [d.nameEn, d.parentNameEn].filter(Boolean).join(", ") : `${d.parentNameZh}${d.nameZh}`;
}

interface NavItem {
  href: string;
  label: MessageKey;
  /** Behind a permission: staff work, grouped in the work menu so the bar stays one row. */
  work: boolean;
}

/** The modules' navigation entries this user may reach, in the district's base. */
function navItems(page: PageInfo): NavItem[] {
  const areaOnly: readonly string[] = page.user?.areaOnly ?? [];
  return navigationFor(page.modules ?? SWITCHABLE_MODULES, page.user?.roles ?? null)
    .filter((e) => !areaOnly.includes(e.access))
    .map((e) => ({
      href: `${page.base}${e.path}`,
      label: e.label,
      work: e.access !== "public" && e.access !== "signed_in",
    }));
}

function isCurrent(page: PageInfo, item: NavItem): boolean {
  return page.path === item.href || `${page.path}/` === item.href;
}

function NavLink(props: { page: PageInfo; item: NavItem }) {
  return (
    <li>
      <a href={props.item.href} aria-current={isCurrent(props.page, props.item) ? "page" : undefined}>
        {t(props.page.locale, props.item.label)}
      </a>
    </li>
  );
}

function withoutDistrictPrefix(c: Context<AppEnv>, path: string): string {
  return c.env.HOST_DISTRICT ? path.replace(/^\/d\/\d{6}/, "") || "/" : path;
}

function parsedUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

function switchPath(c: Context<AppEnv>): string {
  const url = new URL(c.req.url);
  if (c.req.method === "GET" || c.req.method === "HEAD") return withoutDistrictPrefix(c, url.pathname) + url.search;
  const referer = c.req.header("referer");
  const from = referer ? parsedUrl(referer) : null;
  if (from && from.host === url.host) return withoutDistrictPrefix(c, from.pathname) + from.search;
  return `${c.get("base") ?? ""}/`;
}

/** The page at `path` (which may carry a query) with `key` set to `value`, other parameters kept. */
function switchHref(path: string, key: string, value: string) {
  const [pathname, query = ""] = path.split("?", 2);
  const params = new URLSearchParams(query);
  params.delete(key);
  params.set(key, value);
  return `${pathname}?${params.toString()}`;
}

/** Every form's CSRF field, and its one-time submission token (src/http/submissions.ts). */
export function CsrfField(props: { token: string | null }) {
  return (
    <>
      <input type="hidden" name={CSRF_FIELD} value={props.token ?? ""} />
      <input type="hidden" name={ONCE_FIELD} value={randomToken(16)} />
    </>
  );
}

/** What a shared link shows (Open Graph, read by WeChat and others) and where a page's canonical copy lives. */
export interface PageMeta {
  /** Path (or absolute URL) of the canonical copy; default: this path without its query. */
  canonical?: string;
  /** og:title when the page's own title says too little out of context (a home page's "首页"). */
  ogTitle?: string;
  /** og:type; default "website". */
  ogType?: string;
  /** Feeds to announce, e.g. the Atom feed of notices. */
  feeds?: { title: string; href: string }[];
}

function absolute(page: PageInfo, pathOrUrl: string): string {
  return /^https?:\/\//.test(pathOrUrl) ? pathOrUrl : `${page.origin ?? ""}${pathOrUrl}`;
}

export function Layout(props: { page: PageInfo; title: string; description?: string; meta?: PageMeta; children?: Child }) {
  const { page } = props;
  const l = page.locale;
  const districtHome = page.districtName !== null;
  const siteName = page.districtName ? `${page.districtName} · ${t(l, "app.name")}` : t(l, "app.name");
  const canonical = absolute(page, props.meta?.canonical ?? page.path);
  const nav = districtHome ? navItems(page) : [];
  return (
    <>
      {raw("<!doctype html>")}
      <html lang={l} class={page.elder ? "elder" : undefined}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{`${props.title} - ${siteName}`}</title>
          {props.description ? <meta name="description" content={props.description} /> : null}
          <link rel="canonical" href={canonical} />
          <meta property="og:type" content={props.meta?.ogType ?? "website"} />
          <meta property="og:site_name" content={siteName} />
          <meta property="og:title" content={props.meta?.ogTitle ?? props.title} />
          <meta property="og:image" content={absolute(page, sharePicturePath(page.districtCode ?? null))} />
          <link rel="icon" href="/static/icon.svg" type="image/svg+xml" />
          {props.description ? <meta property="og:description" content={props.description} /> : null}
          <meta property="og:url" content={canonical} />
          <meta property="og:locale" content={l === "en" ? "en_US" : "zh_CN"} />
          {(props.meta?.feeds ?? []).map((f) => (
            <link rel="alternate" type="application/atom+xml" title={f.title} href={absolute(page, f.href)} />
          ))}
          <link rel="stylesheet" href="/static/app.css" />
        </head>
        <body>
          <a class="skip" href="#main">
            {t(l, "layout.skip")}
          </a>
          <header class="site">
            <div class="bar">
              <a class="brand" href={districtHome ? `${page.base}/` : "/"}>
                {page.districtName ?? t(l, "app.name")}
                {districtHome ? <small>{t(l, "app.name")}</small> : null}
              </a>
              <div class="tools">
                <a href={switchHref(page.switchPath ?? page.path, "lang", l === "en" ? "zh-CN" : "en")} lang={l === "en" ? "zh-CN" : "en"} hreflang={l === "en" ? "zh-CN" : "en"}>
                  {t(l, "layout.language")}
                </a>
                <a href={switchHref(page.switchPath ?? page.path, "elder", page.elder ? "0" : "1")}>{t(l, page.elder ? "layout.elderOff" : "layout.elderOn")}</a>
                {districtHome && page.user ? (
                  <>
                    <a class="bell" href={`${page.base}/notifications`}>
                      <Icon name="bell" /> {page.unread ? t(l, "notifications.bell.unread", { count: page.unread }) : t(l, "notifications.bell")}
                    </a>
                    <a href={`${page.base}/account`}>{page.user.displayName}</a>
                    <form method="post" action={`${page.base}/logout`}>
                      <CsrfField token={page.csrfToken} />
                      <button type="submit" class="linkbutton">
                        {t(l, "layout.signOut")}
                      </button>
                    </form>
                  </>
                ) : districtHome ? (
                  <>
                    <a href={`${page.base}/login`}>{t(l, "layout.signIn")}</a>
                    <a href={`${page.base}/signup`}>{t(l, "layout.signUp")}</a>
                  </>
                ) : null}
              </div>
            </div>
          </header>
          {nav.length ? (
            <nav class="main" aria-label={t(l, "layout.nav")}>
              <div class="navbar">
                <ul>
                  {nav
                    .filter((item) => !item.work)
                    .map((item) => (
                      <NavLink page={page} item={item} />
                    ))}
                </ul>
                {nav.some((item) => item.work) ? (
                  // A native disclosure: opens by keyboard and touch without any script.
                  <details class="work">
                    <summary class={nav.some((item) => item.work && isCurrent(page, item)) ? "current" : undefined}>{t(l, "layout.work")}</summary>
                    <ul>
                      {nav
                        .filter((item) => item.work)
                        .map((item) => (
                          <NavLink page={page} item={item} />
                        ))}
                    </ul>
                  </details>
                ) : null}
              </div>
            </nav>
          ) : null}
          <main id="main" tabindex={-1}>
            {props.children}
          </main>
          <footer class="site">
            <div>{page.districtName ? t(l, "layout.footer", { district: page.districtName }) : t(l, "app.tagline")}</div>
          </footer>
        </body>
      </html>
    </>
  );
}
