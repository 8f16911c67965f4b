import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import * as z from "zod/mini";
import { accountStatements } from "../src/auth/provision";
import { hashPassword } from "../src/auth/password";
import type { Role } from "../src/data/schema";
import type { Env } from "../src/env";
import { newId } from "../src/lib/ids";
import { nowIso } from "../src/lib/time";
import { DEMO_DISTRICTS, DEMO_PASSWORD, demoStatements, type DemoDistrict } from "../src/seed/demo";
import { runCompiled, tenantStatements } from "../src/tenants/apply";
import { tenantFileSchema } from "../src/tenants/tenant-file";
import { clearRegistryCache, shardDatabase } from "../src/district-lookup/district-registry";
import entry from "../src/index";

/**
 * The Worker under test (src/index.ts), called like a browser would, through its own
 * fetch handler with the test bindings. Work handed to waitUntil goes on after the
 * response, as on Cloudflare (a streamed download is written while it is read).
 * (Not through `exports.default`: the test pool wraps its entry class once more on
 * every request there, so a file with thousands of requests slows down request by
 * request until the stack overflows.)
 */
export const worker = {
  async fetch(request: Request): Promise<Response> {
    return entry.fetch(request, testEnv, createExecutionContext());
  },
};

export const testEnv = env as unknown as Env & { DISTRICTS_0: D1Database; DISTRICTS_1: D1Database };
export const ORIGIN = "https://sanshe.test";
export const PASSWORD = "correct-horse-42";

let hashCache: string | null = null;

/** Creates a user with the given roles; all test users share PASSWORD. */
export async function createUser(districtCode: string, shard: string, grants: { role: Role; scopeArea?: string; organizationId?: string | null }[], email?: string) {
  hashCache ??= await hashPassword(PASSWORD, testEnv.PASSWORD_PEPPER!);
  const id = newId();
  const address = email ?? `${grants[0]?.role ?? "user"}-${id}@example.cn`;
  const s = accountStatements({ districtCode, id, email: address, displayName: `用户${id.slice(-4)}`, passwordHash: hashCache, grants }, nowIso());
  await runCompiled(testEnv.PLATFORM, s.platform);
  await runCompiled(shardDatabase(testEnv, shard), s.shard);
  return { id, email: address };
}

export async function createOrganization(districtCode: string, shard: string, name = "测试社会组织") {
  const id = newId();
  const now = nowIso();
  await shardDatabase(testEnv, shard)
    .prepare("INSERT INTO organizations (district_id, id, name, uscc, kind, org_type, area_code, verification, created_at, updated_at) VALUES (?, ?, ?, NULL, 'founding_team', '', NULL, 'verified', ?, ?)")
    .bind(districtCode, id, name, now, now)
    .run();
  return id;
}

export function setCookies(response: Response): string[] {
  return (response.headers as unknown as { getSetCookie(): string[] }).getSetCookie();
}

let addressCounter = 0;
const randomHex4 = () => Math.floor(Math.random() * 0x10000).toString(16);

/** A minimal cookie jar: enough for one simulated browser. */
export class Browser {
  cookies = new Map<string, string>();
  /**
   * The client address Cloudflare reports (CF-Connecting-IP): each simulated browser has
   * its own, as separate visitors do, so the per-client limits count each one apart.
   */
  address = `2001:db8:${randomHex4()}:${randomHex4()}::${(++addressCounter).toString(16)}`;

  /** `send` delivers each request; by default to the Worker under test. */
  constructor(private readonly send: (request: Request) => Promise<Response> = (request) => worker.fetch(request)) {}

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  get csrf(): string {
    return this.cookies.get("csrf") ?? "";
  }

  async fetch(path: string, init: RequestInit & { form?: Record<string, string>; json?: unknown } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size && !headers.has("cookie")) headers.set("cookie", this.cookieHeader());
    if (!headers.has("cf-connecting-ip")) headers.set("cf-connecting-ip", this.address);
    let body = init.body;
    if (init.form) {
      headers.set("content-type", "application/x-www-form-urlencoded");
      body = new URLSearchParams(init.form).toString();
    } else if (init.json !== undefined) {
      headers.set("content-type", "application/json");
      body = JSON.stringify(init.json);
    }
    const response = await this.send(new Request(`${ORIGIN}${path}`, { ...init, headers, body, redirect: "manual" }));
    for (const line of setCookies(response)) {
      const [pair, ...attributes] = line.split(";");
      const [name, ...rest] = pair!.split("=");
      const value = rest.join("=");
      const expired = attributes.some((a) => /max-age=0/i.test(a.trim())) || value === "";
      if (expired) this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value);
    }
    return response;
  }

  /** Loads a page first (to get the CSRF cookie), then posts the form with the token. */
  async submit(path: string, form: Record<string, string>, pageToLoad?: string): Promise<Response> {
    if (!this.cookies.has("csrf")) await this.fetch(pageToLoad ?? path);
    // Only a page that draws a form makes a token. A test posting straight to an endpoint
    // (or past a page without a form) takes one from the sign-in form, as a visitor who
    // had opened any form would hold one.
    const home = /^\/(?:d\/\d{6}|platform)/.exec(path)?.[0];
    if (!this.cookies.has("csrf") && home) await this.fetch(`${home}/login`);
    return this.fetch(path, { method: "POST", form: { _csrf: this.csrf, ...form } });
  }

  async signIn(code: string, email: string, password = PASSWORD): Promise<Response> {
    return this.submit(`/d/${code}/login`, { email, password });
  }

  /** JSON call with the CSRF header a signed-in API client sends. */
  api(path: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (init.method && init.method !== "GET") headers.set("x-csrf-token", this.csrf);
    return this.fetch(path, { ...init, headers });
  }
}

export async function countRows(db: D1Database, table: string, where = "1=1", ...params: unknown[]): Promise<number> {
  const row = await db
    .prepare(`SELECT count(*) AS n FROM ${table} WHERE ${where}`)
    .bind(...params)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

/** A demo district exactly as `npm start` loads it (its tenants/ file and the demo seed), on DISTRICTS_0. */
export async function loadDemoDistrict(tenantFile: unknown): Promise<DemoDistrict> {
  const tenant = z.parse(tenantFileSchema, tenantFile);
  const t = tenantStatements(tenant, nowIso());
  await runCompiled(testEnv.PLATFORM, t.platform);
  await runCompiled(testEnv.DISTRICTS_0, t.shard);
  const d = DEMO_DISTRICTS.find((x) => x.code === tenant.code)!;
  const s = await demoStatements(d, { passwordHash: await hashPassword(DEMO_PASSWORD, testEnv.PASSWORD_PEPPER!), now: nowIso(), personalDataKey: testEnv.PERSONAL_DATA_KEY! });
  await runCompiled(testEnv.PLATFORM, s.platform);
  for (let i = 0; i < s.shard.length; i += 50) await runCompiled(testEnv.DISTRICTS_0, s.shard.slice(i, i + 50));
  clearRegistryCache();
  return d;
}
