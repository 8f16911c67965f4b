import type { H } from "hono/types";
import { describe, expect, it, vi } from "vitest";
import { createApp } from "../../src/app";
import type { AppEnv } from "../../src/env";
import { AppError } from "../../src/http/errors";
import { setCookies, testEnv } from "../helpers";

// A platform route with no step of its own before its handler is run by the router as one
// handler together with the front steps (src/app.ts), not through Hono's chain. Each
// handler here is served both ways: once as such a route (/one/…) and once with a step
// in front, which sends it through the chain (/chain/…). The answers must be the same.
// Each is also served on a fixed path (/fixed/…), whose match the router keeps after the
// first request: the second answer must be the same as the first.

const HANDLERS: Record<string, H<AppEnv>> = {
  json: (c) => c.json({ status: "ok" }),
  param: (c) => c.json({ id: c.req.param("id") }),
  thrown: () => {
    throw new Error("broken");
  },
  "thrown later": async () => {
    throw new Error("broken");
  },
  refused: async () => {
    throw new AppError({ status: 404, code: "not_found", message: "error.not_found" });
  },
  "passes on": (_c, next) => next(),
};

const app = createApp();
app.use("/chain/*", async (_c, next) => {
  await next();
});
for (const [i, handler] of Object.values(HANDLERS).entries()) {
  app.get(`/one/${i}/:id`, handler);
  app.get(`/chain/${i}/:id`, handler);
  app.get(`/fixed/${i}`, handler);
}

const request = (path: string, headers: Record<string, string> = {}) => app.request(path, { headers }, testEnv);
/** Every header but the request id, which differs by design. */
const headersOf = (res: Response) => [...res.headers].filter(([name]) => name !== "x-request-id");

describe("platform routes run by the router with the front steps", () => {
  it.each(Object.keys(HANDLERS))("%s: the same answer as through Hono's chain", async (name) => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const i = Object.keys(HANDLERS).indexOf(name);
    for (const headers of [{}, { accept: "application/json" }] as Record<string, string>[]) {
      const [chained, joined] = [await request(`/chain/${i}/x?lang=en`, headers), await request(`/one/${i}/x?lang=en`, headers)];
      expect(joined.status).toBe(chained.status);
      expect(headersOf(joined)).toEqual(headersOf(chained));
      // A page names its own address and an error its reference: both differ by design.
      const body = async (res: Response, prefix: string) => (await res.text()).replaceAll(prefix, "/P/").replaceAll(res.headers.get("x-request-id")!, "ID");
      expect(await body(joined, "/one/")).toBe(await body(chained, "/chain/"));
    }
  });

  it.each(Object.keys(HANDLERS))("%s on a fixed path: the same answer on every request", async (name) => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const i = Object.keys(HANDLERS).indexOf(name);
    const chained = await request(`/chain/${i}/x?lang=en`);
    const chainedBody = (await chained.text()).replaceAll(`/chain/${i}/x`, "/P").replaceAll(chained.headers.get("x-request-id")!, "ID");
    for (const path of [`/fixed/${i}?lang=en`, `/fixed/${i}?lang=en`, `/fixed/${i}/?lang=en`]) {
      const fixed = await request(path);
      expect(fixed.status).toBe(chained.status);
      expect(headersOf(fixed)).toEqual(headersOf(chained));
      const body = (await fixed.text()).replaceAll(/\/fixed\/\d+\/?/g, "/P").replaceAll(fixed.headers.get("x-request-id")!, "ID");
      // The one handler that reads a parameter reads none on a fixed path.
      if (name !== "param") expect(body).toBe(chainedBody);
    }
  });

  it("keeps a fixed path's match for GET only: a POST to it is still refused as the route table says", async () => {
    const i = Object.keys(HANDLERS).indexOf("json");
    expect((await request(`/fixed/${i}`)).status).toBe(200);
    const posted = await app.request(`/fixed/${i}`, { method: "POST", headers: { accept: "application/json" } }, testEnv);
    expect(posted.status).toBe(404);
    expect(posted.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("answers a failing handler with the error page in the visitor's language, its headers and its reference", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const page = await request(`/one/${Object.keys(HANDLERS).indexOf("thrown")}/x?lang=en`);
    expect(page.status).toBe(500);
    const id = page.headers.get("x-request-id")!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await page.text()).toContain(`A server problem occurred. Try again later. Reference: ${id}`);
    expect(page.headers.get("content-language")).toBe("en");
    expect(page.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(page.headers.get("x-content-type-options")).toBe("nosniff");
    expect(setCookies(page).join()).toContain("lang=en");
  });

  it("reads the route's own parameters and answers 404 when the handler passes on", async () => {
    const param = await request(`/one/${Object.keys(HANDLERS).indexOf("param")}/数据`);
    expect(await param.json()).toEqual({ id: "数据" });
    const passed = await request(`/one/${Object.keys(HANDLERS).indexOf("passes on")}/x`, { accept: "application/json" });
    expect(passed.status).toBe(404);
    expect(passed.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
  });
});
