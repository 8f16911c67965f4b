import { Hono, type Context, type MiddlewareHandler } from "hono";
import { setCookie } from "hono/cookie";
import { describe, expect, it } from "vitest";
import type { AppEnv } from "../../src/env";
import { answerWithHeaders } from "../../src/http/answers";
import { cspNonce, writeResponseHeaders } from "../../src/http/security-headers";
import { Browser, setCookies } from "../helpers";
import { districtWith } from "../fixtures/district";

// Answers made through the context carry their headers from the start. Each way a
// handler answers is served twice, once by Hono's own context with the headers written
// afterwards (as every answer was before) and once with them made in; both must carry
// exactly the same headers, status and body.

const D = "140109";
await districtWith(D, { shard: "DISTRICTS_1" });

const HANDLERS: Record<string, (c: Context<AppEnv>) => Response | Promise<Response>> = {
  json: (c) => c.json({ status: "ok" }),
  created: (c) => c.json({ id: 1 }, 201, { location: "/x/1" }),
  page: (c) => c.html(`<p nonce="${cspNonce(c)}">页面</p>`),
  "page with own headers": (c) => {
    c.header("cache-control", "no-store");
    c.header("referrer-policy", "no-referrer");
    c.header("Vary", "Origin");
    setCookie(c, "a", "1");
    setCookie(c, "b", "2");
    c.status(422);
    return c.html("<p>错误</p>");
  },
  "content type from c.header": (c) => {
    c.header("content-type", "application/problem+json");
    return c.body('{"a":1}', 200);
  },
  "c.header replaced and removed": (c) => {
    c.header("etag", '"1"');
    c.header("etag", '"2"');
    c.header("x-gone", "1");
    c.header("x-gone", undefined);
    return c.body(null, 304);
  },
  "headers as init": (c) => c.body("csv", { status: 200, headers: { "content-type": "text/csv", "content-disposition": "attachment" } }),
  "json type wins over c.header": (c) => {
    c.header("content-type", "text/plain");
    return c.json([1]);
  },
  "json type given by the call": (c) => c.json({ a: 1 }, 200, { "Content-Type": "application/problem+json" }),
  "text with a status and a type in the init": (c) => c.text("纯文本", { status: 202, headers: { "content-type": "text/csv" } }),
  text: (c) => c.text("纯文本", 200, { "x-extra": ["1", "2"] }),
  redirect: (c) => {
    setCookie(c, "s", "x");
    return c.redirect("/d/区?x=1", 303);
  },
  "a Response of its own": () => new Response("raw", { headers: { "content-type": "image/png" } }),
  render: (c) => c.render("<p>r</p>"),
};

function app(made: boolean): Hono<AppEnv> {
  const front: MiddlewareHandler<AppEnv> = async (c, next) => {
    c.set("requestId", "req-1");
    c.set("locale", "en");
    c.set("cspNonce", "fixed");
    const check = made ? answerWithHeaders(c) : () => writeResponseHeaders(c);
    await next();
    check();
  };
  const a = new Hono<AppEnv>();
  a.use(front);
  for (const [i, handler] of Object.values(HANDLERS).entries()) a.get(`/${i}`, handler);
  return a;
}

const headersOf = (res: Response) => [...res.headers].concat([["set-cookie*", setCookies(res).join(" | ")]]);

describe("answers made with their headers", () => {
  it.each(Object.keys(HANDLERS))("%s: the same headers, status and body as headers written afterwards", async (name) => {
    const path = `/${Object.keys(HANDLERS).indexOf(name)}`;
    const [before, after] = [await app(false).request(path), await app(true).request(path)];
    expect(after.status).toBe(before.status);
    expect(headersOf(after)).toEqual(headersOf(before));
    expect(await after.text()).toBe(await before.text());
    expect(after.headers.get("x-content-type-options")).toBe("nosniff");
    expect(after.headers.get("content-language")).toBe("en");
  });

  it("leaves the handler's own headers next to the fixed ones, and the fixed ones win", async () => {
    const res = await app(true).request(`/${Object.keys(HANDLERS).indexOf("page with own headers")}`);
    expect(res.status).toBe(422);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(res.headers.get("vary")).toBe("Cookie, Accept-Language");
    expect(setCookies(res)).toEqual(["a=1; Path=/", "b=2; Path=/"]);
    expect(res.headers.get("content-security-policy")).toContain("'nonce-fixed'");
  });

  it("gives the Worker's redirects, cookie-setting pages and JSON the full set", async () => {
    const b = new Browser();
    const login = await b.fetch(`/d/${D}/login`);
    expect(setCookies(login).join()).toContain("csrf=");
    const toLogin = await b.fetch(`/d/${D}/admin/staff`);
    for (const res of [login, toLogin, await b.fetch("/healthz")]) {
      expect(res.headers.get("strict-transport-security")).toBe("max-age=63072000; includeSubDomains");
      expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    }
    // Each answer is its own copy of the shared headers: nothing one sets reaches the next.
    expect(new Set([login, toLogin].map((res) => res.headers.get("x-request-id"))).size).toBe(2);
    expect(setCookies(toLogin).join()).not.toContain("csrf=");
    expect(toLogin.status).toBe(303);
    expect(toLogin.headers.get("location")).toContain("/login?next=");
    expect(toLogin.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
  });
});
