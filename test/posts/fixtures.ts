import { expect } from "vitest";
import { idCheckCharacter } from "../../src/lib/id-number";
import type { District, DistrictOptions, Person, PersonSpec } from "../fixtures/district";

// The people of the post module's tests: staff at every level (two communities of one
// sub-district), an organization member, a reviewer and a social worker's account, each
// signed in. Tests build their district with `districtWith(code, POSTS_CAST)`.

export const POSTS_CAST = {
  organizations: ["测试社会工作服务中心"],
  people: {
    admin: "district_admin",
    sub: { role: "subdistrict_staff", area: "001" },
    community: { role: "community_staff", area: "001001" },
    otherCommunity: { role: "community_staff", area: "001002" },
    org: { role: "org_member", organization: 0 },
    reviewer: "reviewer",
    worker: "social_worker",
  },
} satisfies DistrictOptions<Record<string, PersonSpec>>;

export type TestDistrict = District<typeof POSTS_CAST.people>;

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

export async function host(d: TestDistrict, who: Person, body: Record<string, string>): Promise<string> {
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
  // Open to every level, so that tests about other rules can place any worker; the
  // qualification rule has its own tests (test/posts/qualification.test.ts).
  qualification: "none",
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

export async function post(d: TestDistrict, who: Person, body: Record<string, unknown>): Promise<PostJson> {
  const res = await who.b.api(d.path("/api/v1/posts"), { method: "POST", json: { ...POST_BODY, ...body } });
  return json<PostJson>(res, 201);
}

export async function openPost(d: TestDistrict, who: Person, p: PostJson): Promise<PostJson> {
  const res = await who.b.api(d.path(`/api/v1/posts/${p.id}/status`), { method: "POST", json: { to: "open", version: p.version } });
  return json<PostJson>(res, 200);
}

export async function worker(d: TestDistrict, who: Person, body: Record<string, unknown> = {}): Promise<{ id: string; idNumber: string; phone: string }> {
  const p = person();
  const res = await who.b.api(d.path("/api/v1/workers"), {
    method: "POST",
    json: { name: "测试社工", areaCode: `${d.code}001001`, qualification: "none", certificateNo: "", ...p, ...body },
  });
  const w = await json<{ id: string }>(res, 201);
  return { id: w.id, idNumber: (body.idNumber as string) ?? p.idNumber, phone: (body.phone as string) ?? p.phone };
}

export async function assign(d: TestDistrict, who: Person, postId: string, workerId: string, body: Record<string, string> = {}): Promise<Response> {
  return who.b.api(d.path(`/api/v1/posts/${postId}/assignments`), { method: "POST", json: { workerId, startsOn: "2026-01-05", ...body } });
}
