import type { MiddlewareHandler } from "hono";
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

/** A body with no declared length is read to its end after a refusal, up to this much; beyond it, the stream is cancelled. */
export const DRAIN_LIMIT_BYTES = 100 * 1024 * 1024;

function tooLarge(maxBytes: number): AppError {
  const limit = maxBytes >= 1024 * 1024 ? `${(maxBytes / 1024 / 1024).toFixed(0)} MB` : `${Math.round(maxBytes / 1024)} KB`;
  return new AppError({ status: 413, code: "payload_too_large", message: "error.payload_too_large", params: { limit } });
}

/**
 * Reads and discards what is left of a refused body. A response sent while the client
 * is still sending leaves the rest in the connection: under local serving (wrangler
 * dev's proxy) the next request on that connection then failed with 503 "worker
 * restarted mid-request", or hung.
 */
async function discardRest(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  let drained = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    drained += value.length;
    if (drained > DRAIN_LIMIT_BYTES) {
      await reader.cancel();
      return;
    }
  }
}

/**
 * Like hono/body-limit: a declared Content-Length above the cap is refused before
 * reading; a body without one (chunked) is read up to the cap and handed on as bytes.
 * Unlike it, the rest of a refused chunked body is consumed, not left in the stream.
 */
function limiter(maxBytes: number): MiddlewareHandler<AppEnv> {
  let middleware = limiters.get(maxBytes);
  if (!middleware) {
    middleware = async (c, next) => {
      const raw = c.req.raw;
      if (!raw.body) return next();
      const declared = raw.headers.get("content-length");
      if (declared !== null && !raw.headers.has("transfer-encoding")) {
        if (Number.parseInt(declared, 10) > maxBytes) throw tooLarge(maxBytes);
        return next();
      }
      const reader = raw.body.getReader();
      const chunks: Uint8Array[] = [];
      let size = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.length;
        if (size > maxBytes) {
          await discardRest(reader);
          throw tooLarge(maxBytes);
        }
        chunks.push(value);
      }
      const body = new Uint8Array(size);
      let offset = 0;
      for (const chunk of chunks) {
        body.set(chunk, offset);
        offset += chunk.length;
      }
      c.req.raw = new Request(raw, { body });
      return next();
    };
    limiters.set(maxBytes, middleware);
  }
  return middleware;
}

/** The app-wide body limit: `defaultBytes`, or the declared cap of an upload route. */
export function requestBodyLimit(defaultBytes: number): MiddlewareHandler<AppEnv> {
  // Most requests have no body: they skip the search through the upload routes' patterns.
  return (c, next) => (c.req.raw.body ? limiter(uploads.find((u) => u.pattern.test(c.req.path))?.maxBytes ?? defaultBytes)(c, next) : next());
}
