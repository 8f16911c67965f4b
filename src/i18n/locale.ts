import type { Context, MiddlewareHandler } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import type { AppEnv } from "../env";
import type { Locale } from "./messages";

// Language and elder mode are chosen with ?lang=en / ?elder=1 links on every page and
// remembered in cookies. Chinese is the default; API clients may also send
// Accept-Language.

const YEAR = 365 * 24 * 3600;

/** Sets the request's language and elder mode (and remembers a choice made by link). */
export function chooseLocaleAndMode(c: Context<AppEnv>): void {
  // Parsing the query and the cookies costs more than the rest of a small answer: each is
  // read only when the request carries one that could matter.
  const url = c.req.url;
  const cookies = c.req.header("cookie") ?? "";
  const queryLang = url.includes("lang=") ? c.req.query("lang") : undefined;
  let locale: Locale;
  if (queryLang === "en" || queryLang === "zh-CN") {
    locale = queryLang;
    setCookie(c, "lang", locale, { path: "/", maxAge: YEAR, sameSite: "Lax" });
  } else {
    const cookie = cookies.includes("lang=") ? getCookie(c, "lang") : undefined;
    if (cookie === "en" || cookie === "zh-CN") locale = cookie;
    // Pages stay Chinese unless asked; API clients commonly state their language.
    else if (c.req.path.includes("/api/")) locale = /^en\b/i.test(c.req.header("accept-language") ?? "") ? "en" : "zh-CN";
    else locale = "zh-CN";
  }
  const queryElder = url.includes("elder=") ? c.req.query("elder") : undefined;
  let elder = cookies.includes("elder=") && getCookie(c, "elder") === "1";
  if (queryElder === "1" || queryElder === "0") {
    elder = queryElder === "1";
    setCookie(c, "elder", queryElder, { path: "/", maxAge: YEAR, sameSite: "Lax" });
  }
  c.set("locale", locale);
  c.set("elder", elder);
  // Content-Language and Vary are written with the other fixed headers (src/http/security-headers.ts).
}

export const localeAndMode: MiddlewareHandler<AppEnv> = (c, next) => {
  chooseLocaleAndMode(c);
  return next();
};
