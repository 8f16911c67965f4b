import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PERMISSIONS } from "../../src/auth/permissions";
import { routeTable } from "../../src/http/routes";
import type { Role } from "../../src/data/schema";
import { Browser, createUser, testEnv } from "../helpers";
import { submittedApplication, world } from "../incubation/fixtures";

// Every state-changing district route, fed generated bad bodies (wrong types, huge and
// odd Unicode strings, nested junk, prototype-pollution keys) by a user allowed to call
// it: never a 5xx, and a 4xx never writes anything.

const w = await world("330101");
const app = await submittedApplication(w);
const reviewerAssignment = await testEnv.DISTRICTS_0.prepare("SELECT id FROM review_assignments WHERE district_id = ? LIMIT 1").bind(w.district).first<{ id: string }>();

// Real ids for path parameters, so that requests get past "not found" into validation.
const samples: [RegExp, string][] = [
  [/\/calls\/:id/, w.callId],
  [/\/applications\/:id/, app.id],
  [/\/parks\/:id/, w.parkId],
  [/\/assignments\/:id/, reviewerAssignment?.id ?? "x"],
];

function concrete(path: string): string {
  let out = path;
  for (const [pattern, id] of samples) if (pattern.test(out)) out = out.replace(/:id/, id);
  return `/d/${w.district}${out.replace(/:\w+/g, "x")}`;
}

const browsers = new Map<string, Browser>();
async function browserFor(access: string): Promise<Browser> {
  if (access === "public") return new Browser();
  const role: Role = access === "signed_in" ? "district_admin" : (PERMISSIONS[access as keyof typeof PERMISSIONS][0] as Role);
  if (role === "org_member") return w.applicant;
  if (role === "reviewer") return w.reviewers[0]!.browser;
  if (!browsers.has(role)) {
    const user = await createUser(w.district, w.shard, [{ role }]);
    const b = new Browser();
    await b.signIn(w.district, user.email);
    browsers.set(role, b);
  }
  return browsers.get(role)!;
}

// Every row of every district table (login failures excepted: a failed sign-in is
// meant to leave one; and notification deliveries, which the queue consumer writes in
// the background for events that earlier successful requests emitted), counted in one
// statement, plus the platform's address claims.
const { results: tableNames } = await testEnv.DISTRICTS_0.prepare(
  "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name NOT IN ('d1_migrations', 'login_failures', 'notification_deliveries', 'notification_attempts')",
).all<{ name: string }>();
const countAll = `SELECT ${tableNames.map(({ name }) => `(SELECT count(*) FROM "${name}")`).join(" + ")} AS n`;

async function totalRows(): Promise<number> {
  const shard = (await testEnv.DISTRICTS_0.prepare(countAll).first<{ n: number }>())!.n;
  return shard + (await testEnv.PLATFORM.prepare("SELECT count(*) AS n FROM account_directory").first<{ n: number }>())!.n;
}

const nastyString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom("", " ", "\u0000", "\u202e", "𠜎𠜱", "'; DROP TABLE users; --", "<script>alert(1)</script>", "%00", "NaN", "-1", "1e309"),
  fc.string({ minLength: 3000, maxLength: 5000 }),
);
const junk = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    nastyString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom("__proto__", "constructor", "prototype", "version", "confirm")), tie("value"), { maxKeys: 5 }),
  ),
})).value;
const formBody = fc.dictionary(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom("version", "outcome", "reasons", "name", "__proto__", "score_x", "spaceId", "status")), nastyString, { maxKeys: 6 });

const writeRoutes = routeTable.filter((r) => r.realm === "district" && r.method !== "GET" && !/logout|sign-out/.test(r.path));

describe("generated bad bodies", () => {
  it("covers every state-changing route", () => {
    expect(writeRoutes.length).toBeGreaterThan(25);
  });

  for (const route of writeRoutes) {
    it(`${route.method} ${route.path}`, async () => {
      const b = await browserFor(route.access);
      if (!b.cookies.has("csrf")) await b.fetch(`/d/${w.district}/login`);
      const path = concrete(route.path);
      const isApi = route.path.startsWith("/api/");
      await fc.assert(
        fc.asyncProperty(isApi ? junk : formBody, async (body) => {
          const before = await totalRows();
          const res = isApi
            ? await b.fetch(path, { method: route.method, headers: { "content-type": "application/json", "x-csrf-token": b.csrf }, body: JSON.stringify(body) ?? "null" })
            : await b.fetch(path, { method: route.method, form: { ...(body as Record<string, string>), _csrf: b.csrf } });
          expect(res.status, `${route.method} ${path} ${JSON.stringify(body).slice(0, 200)}`).toBeLessThan(500);
          if (res.status >= 400) expect(await totalRows(), `${route.method} ${path} wrote on ${res.status}`).toBe(before);
        }),
        { numRuns: 40 },
      );
    });
  }
});

// Bodies that cannot be parsed at all, whatever the route expects: a 400 problem
// (problem+json for the API, the error page for forms), never a 5xx, never a write.
const MALFORMED: { name: string; type: string; body: string }[] = [
  { name: "multipart without a boundary", type: "multipart/form-data", body: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n' },
  { name: "multipart with a boundary the body does not use", type: "multipart/form-data; boundary=expected", body: '--other\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--other--\r\n' },
  { name: "multipart with a malformed boundary parameter", type: "multipart/form-data; boundary=", body: "--\r\n\r\n" },
  { name: "multipart with a truncated part", type: "multipart/form-data; boundary=xyz", body: '--xyz\r\nContent-Disposition: form-data; name="a"\r\n\r\nhalf a val' },
  { name: "urlencoded with invalid percent escapes", type: "application/x-www-form-urlencoded", body: "name=%zz&note=100%&x=%E4%B8" },
  { name: "urlencoded with an escape that is not UTF-8", type: "application/x-www-form-urlencoded", body: "name=%FF%FE" },
];

const platformWrites = routeTable.filter((r) => r.realm === "platform" && r.method !== "GET");

describe("malformed content", () => {
  it("covers the platform's write routes as well", () => {
    expect(platformWrites.length).toBeGreaterThan(3);
  });

  for (const route of [...writeRoutes, ...platformWrites]) {
    it(`${route.method} ${route.realm === "platform" ? `/platform${route.path}` : route.path}`, async () => {
      const b = route.realm === "platform" ? new Browser() : await browserFor(route.access);
      if (!b.cookies.has("csrf")) await b.fetch(route.realm === "platform" ? "/platform/login" : `/d/${w.district}/login`);
      const path = route.realm === "platform" ? `/platform${route.path.replace(/:\w+/g, "x")}` : concrete(route.path);
      const isApi = route.path.startsWith("/api/");
      for (const bad of MALFORMED) {
        const before = await totalRows();
        const res = await b.fetch(path, { method: route.method, headers: { "content-type": bad.type, "x-csrf-token": b.csrf }, body: bad.body });
        expect(res.status, `${bad.name}: ${route.method} ${path}`).toBe(400);
        if (isApi) {
          expect(res.headers.get("content-type")).toMatch(/application\/problem\+json/);
          expect(((await res.json()) as { code: string }).code).toBe("malformed_body");
        } else {
          expect(await res.text()).toMatch(/无法读取|could not be read/);
        }
        expect(await totalRows(), `${bad.name}: ${route.method} ${path} wrote`).toBe(before);
      }
    });
  }
});
