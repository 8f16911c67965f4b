import type { Context } from "hono";
import type { AppEnv } from "../env";
import { AppError } from "../http/errors";
import { renderError } from "../http/problem";
import type { District } from "../district-lookup/district-registry";
import { districtDisplayName } from "../ui/layout";

// While a district's data moves between shards (src/operations/move.ts) its registry
// row carries a write lock: pages and API reads are served from the old shard as
// usual, and anything that could write answers 503 with Retry-After and a page (or
// problem+json) that says so in the visitor's language.

export const RETRY_AFTER_SECONDS = 120;
const READS = new Set(["GET", "HEAD", "OPTIONS"]);

export function refusesWrite(district: District, method: string): boolean {
  return district.writeLock !== null && !READS.has(method.toUpperCase());
}

export async function readOnlyResponse(c: Context<AppEnv>, district: District): Promise<Response> {
  const error = new AppError({
    status: 503,
    code: "district_read_only",
    message: "ops.readOnly",
    params: { district: districtDisplayName(district, c.var.locale), minutes: Math.ceil(RETRY_AFTER_SECONDS / 60) },
    extra: { retryAfter: RETRY_AFTER_SECONDS },
  });
  const response = await renderError(c, error);
  response.headers.set("retry-after", String(RETRY_AFTER_SECONDS));
  response.headers.set("cache-control", "no-store");
  return response;
}
