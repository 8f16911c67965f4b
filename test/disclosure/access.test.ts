import { describe, expect, it } from "vitest";
import { routeTable } from "../../src/http/routes";
import type { Access } from "../../src/auth/permissions";
import { Browser, createUser } from "../helpers";
import { insertOrg, row, today } from "./fixtures";
import { districtWith } from "../fixtures/district";

/** A claim as the browser sends it: multipart, with the registration certificate. */
async function submitClaim(b: Browser, path: string, fields: Record<string, string>): Promise<Response> {
  if (!b.cookies.has("csrf")) await b.fetch(path);
  const form = new FormData();
  form.set("_csrf", b.csrf);
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  form.set("certificate", new File([new TextEncoder().encode("%PDF-1.4\n%%EOF\n")], "certificate.pdf", { type: "application/pdf" }));
  return b.fetch(path, { method: "POST", body: form });
}

// Every route of the disclosure module, called through another district with that
// district's own users in the right roles, with real ids of records of the first
// district: each answers 404 (never 403, never the record). The same ids through their
// own district work, so the 404s are about the district, not about bad ids.

const A = "150951";
const B = "150952";
const SHARD = "DISTRICTS_0"; // both on one shard: isolation must not rely on shards
const { db } = await districtWith(A, { shard: SHARD });
await districtWith(B, { shard: SHARD });

async function signedIn(code: string, role: Parameters<typeof createUser>[2][number]) {
  const user = await createUser(code, SHARD, [role]);
  const b = new Browser();
  expect((await b.signIn(code, user.email)).status).toBe(303);
  return { user, b };
}

// ----- records of district A, made through the module's own pages
const adminA = await signedIn(A, { role: "district_admin" });
const org = await insertOrg(db, A, { name: "甲区跨区测试中心", registeredOn: "2015-01-01" });
const memberA = await signedIn(A, { role: "org_member", organizationId: org.id });
const evaluatorA = await signedIn(A, { role: "evaluator" });
const reviewerA = await signedIn(A, { role: "reviewer" });

const published = await memberA.b.submit(
  `/d/${A}/my/disclosures/new/project`,
  { title: "跨区测试项目", projectKind: "own", funder: "", amount: "", startOn: "2026-01-01", endOn: "", beneficiaries: "", description: "用于跨区访问测试的项目说明。" },
  `/d/${A}/my/organization`,
);
const disclosureId = /disclosures\/([^?]+)/.exec(published.headers.get("location")!)![1]!;
const upload = new FormData();
upload.set("_csrf", memberA.b.csrf);
upload.set("file", new File([new TextEncoder().encode("%PDF-1.4\n跨区")], "a.pdf", { type: "application/pdf" }));
await memberA.b.fetch(`/d/${A}/my/disclosures/${disclosureId}/attachments`, { method: "POST", body: upload });

const entered = await adminA.b.submit(
  `/d/${A}/manage/organizations/${org.id}/credit`,
  { list: "abnormal", reasonCode: "unreachable", reason: "通过登记的住所无法取得联系", legalBasis: "《社会组织信用信息管理办法》", decidingBody: "甲区民政局", eventOn: today(), decidedOn: today(), needsRectification: "1" },
  `/d/${A}/manage/organizations/${org.id}/credit/new`,
);
const entryId = /credit\/([^?]+)/.exec(entered.headers.get("location")!)![1]!;
await memberA.b.submit(`/d/${A}/my/credit/${entryId}/requests/objection`, { content: "本组织可以正常联系，提出异议。" });

const other = await insertOrg(db, A, { name: "甲区认领测试协会" });
const claimant = new Browser();
await claimant.fetch(`/d/${A}/organizations/${other.id}/claim`);
await submitClaim(claimant, `/d/${A}/organizations/${other.id}/claim`, { position: "会长", statement: "本人为协会会长，申请认领本组织。", displayName: "认领人", email: "claimant-a@example.cn", password: "claim-pass-123" });

// An evaluation on notice, with an appeal and a public objection. (The organization
// leaves the credit list first: listed organizations may not be evaluated.)
const evalOrg = await insertOrg(db, A, { name: "甲区评估测试中心", registeredOn: "2015-01-01" });
const evalMember = await signedIn(A, { role: "org_member", organizationId: evalOrg.id });
const opened = await adminA.b.submit(`/d/${A}/manage/evaluations`, { title: "甲区跨区测试评估", year: "2026" }, `/d/${A}/manage/evaluations`);
const roundId = /evaluations\/([^?]+)/.exec(opened.headers.get("location")!)![1]!;
await evalMember.b.submit(`/d/${A}/my/evaluations`, { roundId });
const evaluationId = (await row<{ id: string }>(db, "SELECT id FROM evaluations WHERE district_id = ? AND organization_id = ?", A, evalOrg.id)).id;
await adminA.b.submit(`/d/${A}/manage/evaluation/${evaluationId}/assign`, { [`evaluators.${evaluatorA.user.id}`]: "1", [`committee.${reviewerA.user.id}`]: "1" });
const committeeAssignment = (await row<{ id: string }>(db, "SELECT id FROM review_assignments WHERE district_id = ? AND reviewer_id = ?", A, reviewerA.user.id)).id;
await reviewerA.b.submit(`/d/${A}/review/${committeeAssignment}/declaration`, { workedFor: "no", lastWorkedOn: "", otherConflict: "" });
const scores: Record<string, string> = { action: "submit" };
for (const item of (
  await db
    .prepare("SELECT ri.id, ri.max_score FROM rubric_items ri JOIN evaluation_rounds r ON r.district_id = ri.district_id AND json_extract(r.type_rubrics_json, '$.社会服务机构') = ri.rubric_id WHERE r.district_id = ? AND r.id = ?")
    .bind(A, roundId)
    .all<{ id: string; max_score: number }>()
).results)
  scores[`s_${item.id}`] = String(item.max_score);
await reviewerA.b.submit(`/d/${A}/review/${committeeAssignment}/scores`, scores);
const evaluatorAssignment = (await row<{ id: string }>(db, "SELECT id FROM review_assignments WHERE district_id = ? AND reviewer_id = ?", A, evaluatorA.user.id)).id;
await adminA.b.submit(`/d/${A}/manage/evaluations/${roundId}/propose`, {});
const noticeId = (await row<{ notice_id: string }>(db, "SELECT notice_id FROM evaluations WHERE district_id = ? AND id = ?", A, evaluationId)).notice_id;
await evalMember.b.submit(`/d/${A}/my/evaluations/${evaluationId}/appeal`, { content: "申请复核，理由详见附件材料说明。" });
const visitor = new Browser();
await visitor.fetch(`/d/${A}/notices/${noticeId}`);
await visitor.submit(`/d/${A}/notices/${noticeId}/objections`, { subjectId: "", name: "居民", contact: "resident@example.cn", content: "对本次公示提出异议。" });

// A results announcement and a 4A grade with its certificate (written directly: the
// announcement needs a settled notice, which the evaluation tests cover).
await db.batch([
  db
    .prepare("INSERT INTO evaluation_announcements (district_id, id, round_id, title, document_no, announced_on, published_by, published_at) VALUES (?, 'ann-a', ?, '甲区评估结果公告', '', ?, ?, ?)")
    .bind(A, roundId, today(), adminA.user.id, new Date().toISOString()),
  db
    .prepare(
      "INSERT INTO organization_grades (district_id, id, organization_id, evaluation_id, grade, total, scale, awarded_on, valid_from, valid_until, status, ended_on, announcement_id) VALUES (?, 'grade-a', ?, NULL, '4A', 85, 100, ?, ?, ?, 'valid', NULL, 'ann-a')",
    )
    .bind(A, org.id, today(), `${Number(today().slice(0, 4)) + 1}-01-01`, `${Number(today().slice(0, 4)) + 5}-12-31`),
]);

const ids: Record<string, string> = {
  announcementId: "ann-a",
  gradeId: "grade-a",
  orgId: org.id,
  disclosureId,
  attachmentId: (await row<{ id: string }>(db, "SELECT id FROM disclosure_attachments WHERE district_id = ?", A)).id,
  entryId,
  requestId: (await row<{ id: string }>(db, "SELECT id FROM credit_requests WHERE district_id = ?", A)).id,
  claimId: (await row<{ id: string }>(db, "SELECT id FROM organization_claims WHERE district_id = ?", A)).id,
  roundId,
  evaluationId,
  assignmentId: evaluatorAssignment,
  appealId: (await row<{ id: string }>(db, "SELECT id FROM evaluation_appeals WHERE district_id = ?", A)).id,
  objectionId: (await row<{ id: string }>(db, "SELECT id FROM notice_objections WHERE district_id = ?", A)).id,
  noticeId,
  kind: "objection",
  list: "abnormal",
  ground: "annual_report",
};
// Record-free parameters: the same in every district.
const NOT_RECORDS = new Set(["kind", "list", "ground"]);

// ----- district B's users, one per kind of access
const adminB = await signedIn(B, { role: "district_admin" });
const orgB = await insertOrg(db, B, { name: "乙区组织" });
const memberB = await signedIn(B, { role: "org_member", organizationId: orgB.id });
const evaluatorB = await signedIn(B, { role: "evaluator" });

function browserFor(access: Access | "operator", district: "A" | "B", path: string): Browser {
  if (access === "public") return new Browser();
  if (access === "organization.act") return district === "B" ? memberB.b : path.startsWith("/my/evaluations") ? evalMember.b : memberA.b;
  if (access === "evaluation.score" || access === "review.score") return district === "A" ? evaluatorA.b : evaluatorB.b;
  return district === "A" ? adminA.b : adminB.b;
}

const MODULE_PATH =
  /^\/(organizations|evaluation-announcements|disclosures|credit-lists|notices|open-data|my|manage\/(organizations|claims|credit|evaluation|notice-objections)|review|api\/v1\/(organizations|credit-lists|credit-entries|evaluation-announcements|manage))/;
const moduleRoutes = routeTable.filter((r) => r.realm === "district" && MODULE_PATH.test(r.path));
const withRecords = moduleRoutes.filter((r) => [...r.path.matchAll(/:(\w+)/g)].some((m) => !NOT_RECORDS.has(m[1]!)));

function concrete(code: string, path: string): string {
  return `/d/${code}${path.replace(/:(\w+)/g, (_, name: string) => {
    if (!(name in ids)) throw new Error(`no sample for :${name} in ${path}`);
    return ids[name]!;
  })}`;
}

async function call(b: Browser, method: string, path: string): Promise<Response> {
  if (method === "GET") return b.fetch(path);
  if (!b.cookies.has("csrf")) await b.fetch(path.replace(/\/[^/]+$/, "") || "/");
  // A page without a form makes no token: the district's sign-in form does.
  if (!b.cookies.has("csrf")) await b.fetch(`${/^\/d\/\d{6}/.exec(path)![0]}/login`);
  return b.fetch(path, { method, form: { _csrf: b.csrf } });
}

describe("cross-district access to every disclosure route", () => {
  it("covers the module's routes", () => {
    expect(withRecords.length).toBeGreaterThan(25);
  });

  for (const route of withRecords) {
    it(`${route.method} ${route.path} (${route.access}) answers 404 through another district`, async () => {
      const res = await call(browserFor(route.access, "B", route.path), route.method, concrete(B, route.path));
      expect(res.status, await res.clone().text()).toBe(404);
      expect(await res.text()).not.toContain("甲区");
    });
  }

  for (const route of withRecords.filter((r) => r.method === "GET")) {
    it(`GET ${route.path} works with the same ids in their own district`, async () => {
      const res = await call(browserFor(route.access, "A", route.path), "GET", concrete(A, route.path));
      expect(res.status, concrete(A, route.path)).toBe(200);
    });
  }

  it("never lists another district's records", async () => {
    for (const path of ["/organizations", "/credit-lists/abnormal", "/notices", "/open-data/v1/organizations.json", "/open-data/v1/credit-lists.csv", "/notices.atom", "/"]) {
      const body = await (await new Browser().fetch(`/d/${B}${path}`)).text();
      expect(body, path).not.toContain("甲区");
    }
    for (const path of ["/manage/organizations", "/manage/claims", "/manage/credit", "/manage/evaluations"]) {
      expect(await (await adminB.b.fetch(`/d/${B}${path}`)).text(), path).not.toContain("甲区");
    }
    expect(await (await evaluatorB.b.fetch(`/d/${B}/review`)).text()).not.toContain("甲区");
    // A session of district A presented to district B's private pages: not found.
    expect((await adminA.b.fetch(`/d/${B}/manage/organizations`)).status).toBe(404);
    expect((await memberA.b.fetch(`/d/${B}/my/organization`)).status).toBe(404);
  });

  it("scopes sub-district staff to organizations at or below their area", async () => {
    const inside = await insertOrg(db, A, { name: "街道内组织", area: `${A}001001` });
    const outside = await insertOrg(db, A, { name: "街道外组织", area: `${A}002` });
    const districtLevel = await insertOrg(db, A, { name: "区级组织", area: null });
    const sub = await signedIn(A, { role: "subdistrict_staff", scopeArea: `${A}001` });
    const list = await (await sub.b.fetch(`/d/${A}/manage/organizations`)).text();
    expect(list).toContain("街道内组织");
    expect(list).not.toContain("街道外组织");
    expect(list).not.toContain("区级组织");
    expect((await sub.b.fetch(`/d/${A}/manage/organizations/${inside.id}`)).status).toBe(200);
    expect((await sub.b.fetch(`/d/${A}/manage/organizations/${outside.id}`)).status).toBe(404);
    expect((await sub.b.fetch(`/d/${A}/manage/organizations/${districtLevel.id}`)).status).toBe(404);
    // Nor can they place an organization outside their area.
    const moved = await sub.b.submit(`/d/${A}/manage/organizations/${inside.id}`, { name: "街道内组织", kind: "registered", uscc: inside.uscc!, orgType: "社会服务机构", areaCode: `${A}002`, version: "1" });
    expect(moved.status).toBe(422);
    expect((await row<{ area_code: string }>(db, "SELECT area_code FROM organizations WHERE district_id = ? AND id = ?", A, inside.id)).area_code).toBe(`${A}001001`);
    expect((await sub.b.fetch(`/d/${A}/manage/credit`)).status).toBe(403);
  });

  it("answers an organization edit made on an old version with 409 and the page saying so, changing nothing", async () => {
    const org = await insertOrg(db, A, { name: "旧版本组织", area: `${A}001001` });
    const sub = await signedIn(A, { role: "subdistrict_staff", scopeArea: `${A}001` });
    const stale = await sub.b.submit(`/d/${A}/manage/organizations/${org.id}`, { name: "改名组织", kind: "registered", uscc: org.uscc!, orgType: "社会服务机构", areaCode: `${A}001001`, version: "7" });
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain("此记录已被他人修改");
    expect((await row<{ name: string }>(db, "SELECT name FROM organizations WHERE district_id = ? AND id = ?", A, org.id)).name).toBe("旧版本组织");
  });
});
