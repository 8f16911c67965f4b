import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";
import { bytesToHex, sha256Hex } from "../lib/crypto";
import { addMinutes, nowIso } from "../lib/time";
import { AppError } from "./errors";

// A double-clicked button or a retried API call must not create two records where the
// data has no natural key. Every form carries a one-time token (rendered with the CSRF
// field, src/ui/layout.tsx); API clients may send an Idempotency-Key header. The first
// request with a token reserves it and, once handled, stores its response; a repeat of
// the same request (same sender, token, method, path and body) waits for the first if
// it is still running and gets the same response. Only a redirect or a 201 is kept: a
// refusal can be corrected and sent again.

export const ONCE_FIELD = "_once";
export const IDEMPOTENCY_HEADER = "idempotency-key";
/** How long a response is remembered (the daily clean-up in src/jobs/session-cleanup.ts). */
export const SUBMISSION_KEEP_MINUTES = 24 * 60;
/** A reservation older than this belongs to a request that died: it is taken over. */
const ABANDONED_MINUTES = 2;
const WAIT_MS = 10_000;
const POLL_MS = 100;
const MAX_STORED_BYTES = 64 * 1024;

function tokenOf(c: Context<AppEnv>, form: Record<string, unknown> | null): { token: string; api: boolean } | null {
  const header = c.req.header(IDEMPOTENCY_HEADER)?.trim();
  if (header) {
    if (header.length > 255) throw new AppError({ status: 400, code: "idempotency_key_invalid", message: "error.idempotency_key_invalid" });
    return { token: header, api: true };
  }
  const field = form?.[ONCE_FIELD];
  return typeof field === "string" && field.length >= 16 && field.length <= 64 ? { token: field, api: false } : null;
}

async function formBody(c: Context<AppEnv>): Promise<Record<string, unknown> | null> {
  const type = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded" && type !== "multipart/form-data") return null;
  return (await c.req.parseBody()) as Record<string, unknown>;
}

/** SHA-256 of method, path and body bytes: what makes a repeat "the same request". */
async function requestDigest(c: Context<AppEnv>): Promise<string> {
  const head = new TextEncoder().encode(`${c.req.method} ${new URL(c.req.url).pathname}\n`);
  const body = new Uint8Array(await c.req.arrayBuffer());
  const all = new Uint8Array(head.length + body.length);
  all.set(head);
  all.set(body, head.length);
  return bytesToHex(new Uint8Array(await crypto.subtle.digest("SHA-256", all)));
}

type Stored = { request_hash: string; status: number | null; location: string | null; content_type: string | null; body: string | null; created_at: string };

function replay(row: Stored): Response {
  const headers = new Headers({ "idempotent-replayed": "true", "cache-control": "no-store" });
  if (row.location) headers.set("location", row.location);
  if (row.content_type) headers.set("content-type", row.content_type);
  return new Response(row.status === 201 ? row.body : null, { status: row.status!, headers });
}

export const oneTimeSubmission: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.req.method !== "POST") return next();
  const found = tokenOf(c, await formBody(c));
  if (!found) return next();
  const data = c.var.data;
  const sender = c.var.user?.id ?? `anonymous:${c.req.header("cf-connecting-ip") ?? "unknown"}`;
  const keyHash = await sha256Hex(`${sender}\n${found.api ? "api" : "form"}\n${found.token}`);
  const requestHash = await requestDigest(c);

  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const now = nowIso();
    const [reserved] = await data.writeUnaudited([
      data
        .insertInto("submissions", { key_hash: keyHash, request_hash: requestHash, status: null, location: null, content_type: null, body: null, created_at: now })
        .onConflict((oc) => oc.columns(["district_id", "key_hash"]).doNothing())
        .returning("key_hash"),
    ]);
    if (reserved?.length) break;
    const row = (await data.selectFrom("submissions").select(["request_hash", "status", "location", "content_type", "body", "created_at"]).where("key_hash", "=", keyHash).executeTakeFirst()) as Stored | undefined;
    if (!row) continue; // the first request was refused meanwhile: this one goes ahead
    if (row.request_hash !== requestHash) {
      // A client reusing its key for another request made a mistake worth telling; an
      // old page's token sent with other content is simply a new submission.
      if (found.api) throw new AppError({ status: 422, code: "idempotency_key_reused", message: "error.idempotency_key_reused" });
      return next();
    }
    if (row.status !== null) return replay(row);
    if (row.created_at < addMinutes(now, -ABANDONED_MINUTES)) {
      await data.writeUnaudited([data.deleteFrom("submissions").where("key_hash", "=", keyHash).where("created_at", "=", row.created_at)]);
      continue;
    }
    if (Date.now() > deadline) throw new AppError({ status: 409, code: "submission_in_progress", message: "error.submission_in_progress" });
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }

  const release = () => data.writeUnaudited([data.deleteFrom("submissions").where("key_hash", "=", keyHash)]);
  try {
    await next();
  } catch (error) {
    await release();
    throw error;
  }
  // Kept: a form's redirect to what it made, or an API's 201 with the new record. Other
  // answers are pages or values that may hold personal data (a revealed ID number) and
  // are not stored; a response that changes cookies belongs to that one request.
  const res = c.res;
  const body = res.status === 201 ? await res.clone().text() : "";
  const keep = (res.status === 201 || (res.status >= 300 && res.status < 400)) && !res.headers.has("set-cookie") && body.length <= MAX_STORED_BYTES;
  if (!keep) {
    await release();
    return;
  }
  await data.writeUnaudited([
    data
      .updateTable("submissions")
      .set({ status: res.status, location: res.headers.get("location"), content_type: res.headers.get("content-type"), body })
      .where("key_hash", "=", keyHash),
  ]);
};
