import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "../env";
import { AppError } from "./errors";

// Request bodies are capped before anything reads them (CSRF checks parse forms). A
// route that accepts file uploads declares its own cap here when it is registered, and
// the app-wide limit applies that cap to its path instead of the default.

const uploads: { pattern: RegExp; maxBytes: number }[] = [];

/** Declares a district route (Hono path syntax, as given to routes()) that takes uploads up to `maxBytes`. */
export function allowUpload(districtPath: string, maxBytes: number): void {
  const pattern = new RegExp(`^/d/\\d{6}${districtPath.replace(/:[A-Za-z]+/g, "[^/]+")}/?$`);
  uploads.push({ pattern, maxBytes });
}

const limiters = new Map<number, MiddlewareHandler<AppEnv>>();

function limiter(maxBytes: number): MiddlewareHandler<AppEnv> {
  let middleware = limiters.get(maxBytes);
  if (!middleware) {
    middleware = bodyLimit({
      maxSize: maxBytes,
      onError: () => {
        throw new AppError({ status: 413, code: "payload_too_large", message: "error.payload_too_large", params: { limit: maxBytes >= 1024 * 1024 ? `${(maxBytes / 1024 / 1024).toFixed(0)} MB` : `${Math.round(maxBytes / 1024)} KB` } });
      },
    });
    limiters.set(maxBytes, middleware);
  }
  return middleware;
}

/** The app-wide body limit: `defaultBytes`, or the declared cap of an upload route. */
export function requestBodyLimit(defaultBytes: number): MiddlewareHandler<AppEnv> {
  return (c, next) => limiter(uploads.find((u) => u.pattern.test(c.req.path))?.maxBytes ?? defaultBytes)(c, next);
}
