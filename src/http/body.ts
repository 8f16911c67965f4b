import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";
import { AppError } from "./errors";

// Form bodies are parsed once, up front, for every state-changing request: a body that
// cannot be read (multipart without a boundary or cut off, urlencoded with broken
// escapes or bytes that are not UTF-8) is refused here with 400, before the CSRF check
// or any handler calls parseBody(). Hono caches the parsed form, so later reads reuse it.

export const malformedBody = () => new AppError({ status: 400, code: "malformed_body", message: "error.malformed_body" });

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/** True if every `name=value` pair decodes as application/x-www-form-urlencoded in strict UTF-8. */
export function isWellFormedUrlencoded(text: string): boolean {
  if (!text) return true;
  for (const pair of text.split("&")) {
    try {
      decodeURIComponent(pair.replace(/\+/g, " "));
    } catch {
      return false;
    }
  }
  return true;
}

export const wellFormedBody: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (SAFE.has(c.req.method)) return next();
  const type = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type === "application/x-www-form-urlencoded") {
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(await c.req.arrayBuffer());
    } catch {
      throw malformedBody();
    }
    if (!isWellFormedUrlencoded(text)) throw malformedBody();
  } else if (type === "multipart/form-data") {
    try {
      await c.req.parseBody();
    } catch {
      throw malformedBody();
    }
  }
  return next();
};
