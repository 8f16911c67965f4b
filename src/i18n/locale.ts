import type { MiddlewareHandler } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import type { AppEnv } from "../env";
import type { Locale } from "./messages";

// Language and elder mode are chosen with ?lang=en / ?elder=1 links on every page and
// remembered in cookies. Chinese is the default; API clients may also send
// Accept-Language.

const YEAR = 365 * 24 * 3600;

export const localeAndMode: MiddlewareHandler<AppEnv> = async (c, next) => {
  const queryLang = c.req.query("lang");
  let locale: Locale;
  if (queryLang === "en" || queryLang === "zh-CN") {
    locale = queryLang;
    setCookie(c, "lang", locale, { path: "/", maxAge: YEAR, sameSite: "Lax" });
  } else {
    const cookie = getCookie(c, "lang");
    if (cookie === "en" || cookie === "zh-CN") locale = cookie;
    // Pages stay Chinese unless asked; API clients commonly state their language.
    else if (c.req.path.includes("/api/")) locale = /^en\b/i.test(c.req.header("accept-language") ?? "") ? "en" : "zh-CN";
    else locale = "zh-CN";
  }
  const queryElder = c.req.query("elder");
  let elder = getCookie(c, "elder") === "1";
  if (queryElder === "1" || queryElder === "0") {
    elder = queryElder === "1";
    setCookie(c, "elder", queryElder, { path: "/", maxAge: YEAR, sameSite: "Lax" });
  }
  c.set("locale", locale);
  c.set("elder", elder);
  await next();
  c.header("Content-Language", locale);
  c.header("Vary", "Cookie, Accept-Language", { append: true });
};
