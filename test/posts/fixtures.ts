import { expect } from "vitest";
import type { Role } from "../../src/data/schema";
import { idCheckCharacter } from "../../src/lib/id-number";
import { shardDatabase } from "../../src/tenancy/district-registry";
import { Browser, createDistrict, createOrganization, createUser, testEnv } from "../helpers";

// A district for the post module's tests: staff at every level (two communities of one
// sub-district), an organization user, a reviewer and social workers, each signed in.
// Areas (from test/helpers.ts): {code}001 with communities {code}001001 and {code}001002,
// {code}002 with {code}002001 and {code}002002.

export interface Actor {
  id: string;
  email: string;
  b: Browser;
}

export interface TestDistrict {
  code: string;
  shard: string;
  db: D1Database;
  orgId: string;
  admin: Actor;
  sub: Actor; // {code}001
  community: Actor; // {code}001001
  otherCommunity: Actor; // {code}001002
  org: Actor;
  reviewer: Actor;
  worker: Actor; // social_worker account
  path(p: string): string;
}

async function actor(code: string, shard: string, grant: { role: Role; scopeArea?: string; organizationId?: string }): Promise<Actor> {
  const user = await createUser(code, shard, [grant]);
  const b = new Browser();
  expect((await b.signIn(code, user.email)).status).toBe(303);
  return { ...user, b };
}

export async function setupDistrict(code: string, shard = "DISTRICTS_0"): Promise<TestDistrict> {
  await createDistrict(code, { shard });
  const orgId = await createOrganization(code, shard, "测试社会工作服务中心");
  return {
    code,
    shard,
    db: shardDatabase(testEnv, shard),
    orgId,
    admin: await actor(code, shard, { role: "district_admin" }),
    sub: await actor(code, shard, { role: "subdistrict_staff", scopeArea: `${code}001` }),
    community: await actor(code, shard, { role: "community_staff", scopeArea: `${code}001001` }),
    otherCommunity: await actor(code, shard, { role: "community_staff", scopeArea: `${code}001002` }),
    org: await actor(code, shard, { role: "org_member", organizationId: orgId }),
    reviewer: await actor(code, shard, { role: "reviewer" }),
    worker: await actor(code, shard, { role: "social_worker" }),
    path: (p: string) => `/d/${code}${p}`,
  };
}

/** A valid ID number for a birth date and sequence. */
export function idNumber(birth = "19900101", sequence = "123", region = "150203"): string {
  const first17 = `${region}${birth}${sequence}`;
  return first17 + idCheckCharacter(first17);
}

let serial = 0;
/** A fresh valid ID number and phone per call. */
export function person() {
  serial++;
  const day = String((serial % 28) + 1).padStart(2, "0");
  const month = String(((serial >> 5) % 12) + 1).padStart(2, "0");
  return { idNumber: idNumber(`1985${month}${day}`, String(100 + (serial % 900))), phone: `139${String(10_000_000 + serial * 7919).slice(-8)}` };
}

export async function json<T = Record<string, unknown>>(res: Response, status: number): Promise<T> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  return (text ? JSON.parse(text) : null) as T;
}

export async function host(d: TestDistrict, who: Actor, body: Record<string, string>): Promise<string> {
  const res = await who.b.api(d.path("/api/v1/post-hosts"), { method: "POST", json: body });
  return (await json<{ id: string }>(res, 201)).id;
}

export const POST_BODY = {
  title: "社区社会工作者",
  kind: "professional",
  mode: "post_development",
  funding: "government_purchased",
  workContent: "走访独居老人\n组织互助小组\n链接为老服务资源",
  responsibilities: "个案工作和小组工作\n协助需求调查",
  workSteps: "需求评估\n制定计划\n实施服务\n评估总结",
  qualification: "assistant",
  headcount: 2,
};

export interface PostJson {
  id: string;
  version: number;
  status: string;
  headcount: number;
  active: number;
  title: string;
  workContent: string;
}

export async function post(d: TestDistrict, who: Actor, body: Record<string, unknown>): Promise<PostJson> {
  const res = await who.b.api(d.path("/api/v1/posts"), { method: "POST", json: { ...POST_BODY, ...body } });
  return json<PostJson>(res, 201);
}

export async function openPost(d: TestDistrict, who: Actor, p: PostJson): Promise<PostJson> {
  const res = await who.b.api(d.path(`/api/v1/posts/${p.id}/status`), { method: "POST", json: { to: "open", version: p.version } });
  return json<PostJson>(res, 200);
}

export async function worker(d: TestDistrict, who: Actor, body: Record<string, unknown> = {}): Promise<{ id: string; idNumber: string; phone: string }> {
  const p = person();
  const res = await who.b.api(d.path("/api/v1/workers"), {
    method: "POST",
    json: { name: "测试社工", areaCode: `${d.code}001001`, qualification: "none", certificateNo: "", ...p, ...body },
  });
  const w = await json<{ id: string }>(res, 201);
  return { id: w.id, idNumber: (body.idNumber as string) ?? p.idNumber, phone: (body.phone as string) ?? p.phone };
}

export async function assign(d: TestDistrict, who: Actor, postId: string, workerId: string, body: Record<string, string> = {}): Promise<Response> {
  return who.b.api(d.path(`/api/v1/posts/${postId}/assignments`), { method: "POST", json: { workerId, startsOn: "2026-01-05", ...body } });
}
