import { expect } from "vitest";
import { DistrictData } from "../../src/data/district-data";
import { beijingToday } from "../../src/lib/beijing-time";
import { projectsModule } from "../../src/modules/projects";
import { reviewEngine } from "../../src/review";
import { findDistrict, shardDatabase } from "../../src/district-lookup/district-registry";
import { testEnv } from "../helpers";
import { districtWith } from "../fixtures/district";
import { POSTS_CAST, type TestDistrict } from "../posts/fixtures";

// A district for the project module's tests: the post fixtures' people (admin,
// sub-district and community staff, an organization user), a registered organization
// old enough for any call, two registered social workers, a category with budgets.

export interface ProjectWorld extends TestDistrict {
  categoryId: string;
  workers: string[];
  today: string;
  year: number;
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export async function json<T = Record<string, unknown>>(res: Response, status: number): Promise<T> {
  const body = await res.text();
  expect(res.status, body.slice(0, 400)).toBe(status);
  return JSON.parse(body) as T;
}

/** `organizations`: more bidding organizations besides the cast's (all registered long ago). */
export async function projectWorld(code: string, shard = "DISTRICTS_0", more: string[] = []): Promise<ProjectWorld> {
  const d = await districtWith(code, { ...POSTS_CAST, organizations: [...POSTS_CAST.organizations, ...more], shard });
  const today = beijingToday();
  const year = Number(today.slice(0, 4));
  await d.db.prepare("UPDATE organizations SET kind = 'registered', registered_on = '2019-03-01' WHERE district_id = ?").bind(code).run();
  const workers: string[] = [];
  for (const [i, q] of (["intermediate", "none"] as const).entries()) {
    const id = `w-${code}-${i}`;
    await d.db
      .prepare(
        `INSERT INTO social_workers (district_id, id, name, area_code, qualification, certificate_no, id_number_protected, id_number_hash, id_number_masked, phone_protected, phone_hash, phone_masked, user_id, version, created_at, updated_at)
         VALUES (?, ?, ?, NULL, ?, ?, 'x', ?, '1****1', 'x', ?, '1****1', NULL, 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`,
      )
      .bind(code, id, `社工${i}`, q, q === "none" ? null : `CERT-${code}-${i}`, `h-${code}-${i}`, `p-${code}-${i}`)
      .run();
    workers.push(id);
  }
  const api = (p: string) => d.path(`/api/v1${p}`);
  const category = await json<{ id: string }>(await d.admin.b.api(api("/projects/categories"), { method: "POST", json: { nameZh: "养老扶幼", nameEn: "Elderly and child care", purchaseMethod: "commission" } }), 201);
  await json(await d.admin.b.api(api("/projects/budgets"), { method: "POST", json: { year, categoryId: category.id, areaCode: "", amountYuan: 500_000 } }), 201);
  return { ...d, categoryId: category.id, workers, today, year };
}

export const api = (w: TestDistrict, p: string) => w.path(`/api/v1${p}`);

export function callBody(w: ProjectWorld, overrides: Record<string, unknown> = {}) {
  return {
    kind: "venture",
    title: "2026年社区公益创投",
    description: "面向成立不久的社会组织，支持社区为老、助残和青少年服务项目。",
    needs: "居民议事会提出的独居老人探访需求。",
    year: w.year,
    areaCode: "",
    categoryIds: [w.categoryId],
    opensOn: w.today,
    closesOn: addDays(w.today, 30),
    projectCapYuan: 100_000,
    totalBudgetYuan: 300_000,
    minRegistrationMonths: 12,
    allowFoundingTeams: 0,
    adminCapPercent: 10,
    instalments: "30,40,30",
    materials: "法人登记证书\n项目书",
    ...overrides,
  };
}

export function completeBid(w: ProjectWorld, overrides: Record<string, unknown> = {}) {
  return {
    title: "银龄守望：独居老人探访",
    categoryId: w.categoryId,
    targetGroup: "社区独居老人",
    beneficiaries: 120,
    activities: "每周入户探访，每月一次集体活动，建立邻里互助小组。",
    indicators: "探访 1,000 人次\n满意度 90% 以上",
    communityCode: `${w.code}001001`,
    volunteers: 15,
    lines: [
      { kind: "personnel", item: "社工补贴", amountYuan: 50_000 },
      { kind: "activities", item: "集体活动", amountYuan: 30_000 },
      { kind: "admin", item: "管理费", amountYuan: 8_000 },
    ],
    team: [
      { workerId: w.workers[0], lead: true },
      { workerId: w.workers[1], lead: false },
    ],
    ...overrides,
  };
}

/** A published call with the organization's bid submitted to it. */
export async function submittedBid(w: ProjectWorld, callOverrides: Record<string, unknown> = {}) {
  const call = await json<{ id: string; version: number }>(await w.admin.b.api(api(w, "/projects/calls"), { method: "POST", json: callBody(w, callOverrides) }), 201);
  await json(await w.admin.b.api(api(w, `/projects/calls/${call.id}/publish`), { method: "POST", json: { version: call.version } }), 200);
  const bid = await json<{ id: string; version: number; amountYuan: number }>(await w.org.b.api(api(w, `/projects/calls/${call.id}/bid`), { method: "PUT", json: completeBid(w) }), 200);
  const submitted = await json<{ id: string; version: number; status: string }>(await w.org.b.api(api(w, `/projects/bids/${bid.id}/submit`), { method: "POST", json: { version: bid.version } }), 200);
  return { callId: call.id, bidId: bid.id, version: submitted.version, amountYuan: bid.amountYuan };
}

/** Runs one scheduled job of the module or of the review engine for this district only, on a fixed clock. */
export async function runJob(w: ProjectWorld, name: string, at: string): Promise<number> {
  const job = [...(projectsModule.jobs ?? []), ...(reviewEngine.jobs ?? [])].find((j) => j.name === name)!;
  const district = (await findDistrict(testEnv, w.code))!;
  const data = new DistrictData(district, shardDatabase(testEnv, district.shard), { id: null, role: "system", requestId: `test:${name}@${at}` });
  return job.run({ env: testEnv, data, now: at });
}

/** The reviewer declares no conflict and hands in the same score on every item of the bid. */
export async function scoreBid(w: ProjectWorld, bidId: string, score: number, reviewer = w.reviewer): Promise<void> {
  const mine = await json<{ id: string; subject_id: string }[]>(await reviewer.b.api(w.path("/api/v1/review/assignments")), 200);
  const assignment = mine.find((a) => a.subject_id === bidId)!;
  const declared = await reviewer.b.api(w.path(`/api/v1/review/assignments/${assignment.id}/declaration`), { method: "POST", json: { conflicted: false } });
  expect(declared.status).toBe(204);
  const subject = await json<{ rubric: { items: { id: string }[] } }>(await reviewer.b.api(w.path(`/api/v1/review/assignments/${assignment.id}`)), 200);
  const scored = await reviewer.b.api(w.path(`/api/v1/review/assignments/${assignment.id}/scores`), { method: "PUT", json: { scores: subject.rubric.items.map((i) => ({ itemId: i.id, score, comment: "" })), submit: true } });
  expect(scored.status).toBe(204);
}

/** Sets the call's reviewers (the world's reviewer) and passes the bid's eligibility check. */
export async function sendToReview(w: ProjectWorld, callId: string, bidId: string, reviewerIds = [w.reviewer.id]): Promise<void> {
  const call = await json<{ version: number; rubricId: string | null }>(await w.admin.b.api(api(w, `/projects/calls/${callId}`)), 200);
  if (!call.rubricId) await json(await w.admin.b.api(api(w, `/projects/calls/${callId}/review`), { method: "PUT", json: { reviewerIds, version: call.version } }), 200);
  const bid = await json<{ version: number }>(await w.admin.b.api(api(w, `/projects/bids/${bidId}`)), 200);
  await json(await w.admin.b.api(api(w, `/projects/bids/${bidId}/eligibility`), { method: "POST", json: { outcome: "pass", reasons: "", version: bid.version } }), 200);
}

/** The call's window ends, the proposal goes on notice and the notice settles: the jobs on a fixed clock. */
export async function closeProposeAndSettle(w: ProjectWorld, callId: string): Promise<string> {
  const call = await json<{ closesOn: string }>(await w.admin.b.api(api(w, `/projects/calls/${callId}`)), 200);
  await runJob(w, "projects.close_calls", `${addDays(call.closesOn, 1)}T01:00:00.000Z`);
  await json(await w.admin.b.api(api(w, `/projects/calls/${callId}/proposal`), { method: "POST" }), 200);
  const { noticeId } = await json<{ noticeId: string }>(await w.admin.b.api(api(w, `/projects/calls/${callId}/notice`), { method: "POST", json: { body: "经专家评审，拟立项项目公示如下，公示期内可提出异议。" } }), 201);
  const notice = await w.db.prepare("SELECT ends_at FROM public_notices WHERE district_id = ? AND id = ?").bind(w.code, noticeId).first<{ ends_at: string }>();
  await runJob(w, "notices.settle", new Date(Date.parse(notice!.ends_at) + 60_000).toISOString());
  return noticeId;
}

/** A submitted bid awarded through the real path: eligibility, review, ranking, proposal, notice, settling. */
export async function awardedBid(w: ProjectWorld, callOverrides: Record<string, unknown> = {}) {
  const submitted = await submittedBid(w, { closesOn: w.today, ...callOverrides });
  await sendToReview(w, submitted.callId, submitted.bidId);
  await scoreBid(w, submitted.bidId, 80);
  await closeProposeAndSettle(w, submitted.callId);
  const bid = await json<{ status: string; version: number }>(await w.admin.b.api(api(w, `/projects/bids/${submitted.bidId}`)), 200);
  expect(bid.status).toBe("awarded");
  return { ...submitted, version: bid.version };
}

/** An awarded bid's contract, confirmed by its three parties (signed). */
export async function signedContract(w: ProjectWorld): Promise<{ id: string; bidId: string }> {
  const { bidId } = await awardedBid(w);
  const contract = await json<{ id: string; version: number }>(
    await w.admin.b.api(api(w, `/projects/bids/${bidId}/contract`), { method: "POST", json: { startsOn: addDays(w.today, -30), endsOn: addDays(w.today, 300), deliverables: "探访 1,000 人次，满意度 90% 以上。" } }),
    201,
  );
  let version = contract.version;
  for (const [b, party] of [
    [w.admin.b, "buyer"],
    [w.org.b, "implementer"],
    [w.community.b, "community"],
  ] as const) {
    version = (await json<{ version: number }>(await b.api(api(w, `/projects/contracts/${contract.id}/confirm`), { method: "POST", json: { party, version } }), 200)).version;
  }
  return { id: contract.id, bidId };
}
