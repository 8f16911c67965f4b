import type { Hono } from "hono";
import type { AppEnv } from "../env";
import { routes } from "../http/routes";
import { brandHue, brandPng, brandSvg } from "../ui/brand-image";

// The favicon and the picture a shared link shows (og:image), per district. They
// are drawn once per isolate and cached by browsers and WeChat for a day.

const DAY = "public, max-age=86400";
const SHARE_SIZE = 300; // WeChat asks for at least 300 × 300
const pngCache = new Map<string, Promise<Uint8Array<ArrayBuffer>>>();

function cachedPng(key: string, hue: number, size: number): Promise<Uint8Array<ArrayBuffer>> {
  let png = pngCache.get(key);
  if (!png) {
    png = brandPng(hue, size);
    pngCache.set(key, png);
  }
  return png;
}

export function registerBrandRoutes(app: Hono<AppEnv>): void {
  const r = routes(app, "platform");

  r.get("/static/icon.svg", "public", (c) => {
    c.header("content-type", "image/svg+xml");
    c.header("cache-control", DAY);
    return c.body(brandSvg(brandHue(null)));
  });

  // Browsers ask for /favicon.ico on their own; they read a PNG served there.
  r.get("/favicon.ico", "public", async (c) => {
    c.header("content-type", "image/png");
    c.header("cache-control", DAY);
    return c.body(await cachedPng("favicon", brandHue(null), 32));
  });

  r.get("/static/share/:file{(?:platform|[0-9]{6})\\.png}", "public", async (c) => {
    const name = (c.req.param("file") ?? "").slice(0, -".png".length);
    const code = name === "platform" ? null : name;
    c.header("content-type", "image/png");
    c.header("cache-control", DAY);
    return c.body(await cachedPng(name, brandHue(code), SHARE_SIZE));
  });
}
