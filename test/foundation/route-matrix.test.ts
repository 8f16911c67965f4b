import { describe, expect, it } from "vitest";
import { PERMISSIONS } from "../../src/auth/permissions";
import { ROLES, type Role } from "../../src/data/schema";
import { routeTable } from "../../src/http/routes";
import { Browser, createOrganization, createUser } from "../helpers";
import { districtWith } from "../fixtures/district";

// Every registered district route against the role-permission matrix: anonymous
// visitors, each role, and a signed-in user of another district. A route added without
// a decision in the matrix cannot be registered at all (routes() requires an access).

const A = "160102";
const B = "160103";
const SHARD = "DISTRICTS_0"; // both on one shard: isolation must not rely on shards
await districtWith(A, { shard: SHARD });
await districtWith(B, { shard: SHARD });
const orgA = await createOrganization(A, SHARD);

const browsers = new Map<Role, Browser>();
const users = new Map<Role, { id: string; email: string }>();
for (const role of ROLES) {
  const grant = role === "org_member" ? { role, organizationId: orgA } : role === "subdistrict_staff" ? { role, scopeArea: `${A}001` } : role === "community_staff" ? { role, scopeArea: `${A}001001` } : { role };
  const user = await createUser(A, SHARD, [grant]);
  const b = new Browser();
  expect((await b.signIn(A, user.email)).status).toBe(303);
  browsers.set(role, b);
  users.set(role, user);
}
const adminB = await createUser(B, SHARD, [{ role: "district_admin" }]);
const foreign = new Browser();
await foreign.signIn(B, adminB.email);

const samples: Record<string, string> = { id: users.get("district_admin")!.id, code: `${A}001` };
function concrete(path: string, district: string): string {
  return `/d/${district}${path.replace(/:(\w+)/g, (_, name: string) => samples[name] ?? "x").replace(/\/$/, "") || `/d/${district}`}/`.replace(/\/+$/, "/").replace(/([^/])\/$/, "$1");
}

async function call(b: Browser, method: string, path: string): Promise<Response> {
  if (method === "GET") return b.fetch(path);
  if (path.includes("/api/")) return b.api(path, { method, json: {} });
  // Foreign cookies: send the csrf cookie this browser holds for its own district.
  return b.fetch(path, { method, form: { _csrf: b.csrf } });
}

const districtRoutes = routeTable.filter((r) => r.realm === "district");

describe("route table", () => {
  it("has routes, each with an access decision", () => {
    expect(districtRoutes.length).toBeGreaterThan(10);
    for (const r of districtRoutes) expect(r.access).toBeTruthy();
  });

  for (const route of districtRoutes) {
    const label = `${route.method} ${route.path} (${route.access})`;
    it(`${label}: anonymous visitors`, async () => {
      const b = new Browser();
      await b.fetch(`/d/${A}/login`); // a CSRF cookie, as any visitor has
      const res = await call(b, route.method, concrete(route.path, A));
      if (route.access === "public") expect([401, 403]).not.toContain(res.status);
      else if (route.method === "GET" && !route.path.includes("/api/")) expect(res.headers.get("location") ?? "").toContain("/login?next=");
      else expect(res.status).toBe(401);
    });

    if (route.access !== "public") {
      it(`${label}: a user of another district gets 404`, async () => {
        const res = await call(foreign, route.method, concrete(route.path, A));
        expect(res.status).toBe(404);
      });

      it(`${label}: roles`, async () => {
        for (const role of ROLES) {
          const allowed = route.access === "signed_in" || (PERMISSIONS[route.access as keyof typeof PERMISSIONS] as readonly string[]).includes(role);
          // A state change by an allowed role would really happen (e.g. sign-out ends the
          // session this loop relies on); its effects are tested per module. Refusals
          // are checked here for every method: they must come before any change.
          if (route.method !== "GET" && allowed) continue;
          const res = await call(browsers.get(role)!, route.method, concrete(route.path, A));
          if (allowed) expect([401, 403], `${role} on ${route.path}`).not.toContain(res.status);
          else expect(res.status, `${role} on ${route.path}`).toBe(403);
        }
      });
    }
  }
});

describe("cross-district reads", () => {
  it("answers another district's record as not found, through this district's path", async () => {
    const admin = browsers.get("district_admin")!;
    expect((await admin.fetch(`/d/${A}/api/v1/users/${adminB.id}`)).status).toBe(404);
    const own = await admin.fetch(`/d/${A}/api/v1/users/${users.get("reviewer")!.id}`);
    expect(own.status, await own.clone().text()).toBe(200);
    expect((await admin.fetch(`/d/${A}/api/v1/areas/${B}001`)).status).toBe(404);
    expect((await admin.fetch(`/d/${A}/api/v1/areas/${A}001`)).status).toBe(200);
  });

  it("never lists another district's rows, even on the same shard", async () => {
    const admin = browsers.get("district_admin")!;
    const listed = (await (await admin.fetch(`/d/${A}/api/v1/users`)).json()) as { id: string }[];
    expect(listed.map((u) => u.id).sort()).toEqual([...users.values()].map((u) => u.id).sort());
    const areas = (await (await admin.fetch(`/d/${A}/api/v1/areas`)).json()) as { code: string; communities: { code: string }[] }[];
    for (const a of areas) {
      expect(a.code.startsWith(A)).toBe(true);
      for (const c of a.communities) expect(c.code.startsWith(A)).toBe(true);
    }
    const events = (await (await admin.fetch(`/d/${A}/api/v1/audit-events?limit=500`)).json()) as { actor_id: string }[];
    expect(events.some((e) => e.actor_id === adminB.id)).toBe(false);
  });

  it("limits staff lists to the viewer's area", async () => {
    const sub = browsers.get("subdistrict_staff")!;
    const listed = (await (await sub.fetch(`/d/${A}/api/v1/users`)).json()) as { id: string }[];
    // Sub-district staff see the people placed in their sub-district and its communities.
    expect(listed.map((u) => u.id).sort()).toEqual([users.get("subdistrict_staff")!.id, users.get("community_staff")!.id].sort());
    const community = browsers.get("community_staff")!;
    expect((await community.fetch(`/d/${A}/api/v1/users/${users.get("subdistrict_staff")!.id}`)).status).toBe(404);
  });
});
