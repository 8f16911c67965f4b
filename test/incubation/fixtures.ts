import { expect } from "vitest";
import { Browser, createOrganization, testEnv } from "../helpers";
import { districtWith } from "../fixtures/district";

// A district (test/fixtures/district.ts) with a park, an open call (two rubric items,
// one required material), three reviewers, staff and an applicant organization, all
// through the API.

export const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

export interface World {
  district: string;
  adminEmail: string;
  applicantEmail: string;
  shard: string;
  admin: Browser;
  applicant: Browser;
  orgId: string;
  reviewers: { id: string; email: string; browser: Browser }[];
  parkId: string;
  callId: string;
}

export async function world(district: string, shard = "DISTRICTS_0", options: { opensAt?: string; closesAt?: string } = {}): Promise<World> {
  const d = await districtWith(district, { shard, people: { admin: "district_admin", reviewer1: "reviewer", reviewer2: "reviewer", reviewer3: "reviewer" } });
  const admin = d.admin.b;

  const applicant = new Browser();
  const signUp = await applicant.fetch(`/d/${district}/api/v1/auth/sign-up`, {
    method: "POST",
    json: { organizationName: `阳光社工${district}`, kind: "founding_team", displayName: "刘洋", email: `org-${district}@example.cn`, password: "applicant-pass-1" },
  });
  expect(signUp.status).toBe(202);
  expect((await applicant.signIn(district, `org-${district}@example.cn`, "applicant-pass-1")).status).toBe(303);
  const orgId = ((await (await applicant.fetch(`/d/${district}/api/v1/auth/me`)).json()) as { grants: { organizationId: string }[] }).grants[0]!.organizationId;

  const reviewers = [d.reviewer1, d.reviewer2, d.reviewer3].map((r) => ({ id: r.id, email: r.email, browser: r.b }));

  const park = await admin.api(`/d/${district}/api/v1/incubation/parks`, {
    method: "POST",
    json: { name: "区社会组织孵化园", level: "district", areaCode: null, operatorName: "第三方运营机构", address: "钢铁大街 1 号", services: ["venue", "capacity_building"], physical: true, virtual: true },
  });
  expect(park.status).toBe(201);
  const parkId = ((await park.json()) as { id: string }).id;
  const now = Date.now();
  const call = await admin.api(`/d/${district}/api/v1/incubation/calls`, {
    method: "POST",
    json: {
      parkId,
      title: "2026 年第一批入驻招募",
      opensAt: options.opensAt ?? new Date(now - 3600_000).toISOString(),
      closesAt: options.closesAt ?? new Date(now + 14 * 86_400_000).toISOString(),
      places: 5,
      eligibilityText: "服务本区居民的社会组织或发起团队。",
      materials: [{ key: "plan", label: "孵化计划书", required: true }],
      rubric: [
        { title: "项目可行性", weight: 60, maxScore: 60 },
        { title: "团队能力", weight: 40, maxScore: 40 },
      ],
      reviewerIds: reviewers.map((r) => r.id),
    },
  });
  expect(call.status, await call.clone().text()).toBe(201);
  const callId = ((await call.json()) as { id: string }).id;
  return { district, adminEmail: d.admin.email, applicantEmail: `org-${district}@example.cn`, shard, admin, applicant, orgId, reviewers, parkId, callId };
}

/**
 * Scheduled jobs run "in the future" also end sessions idle by then, as they should:
 * sign the admin and the applicant in again afterwards.
 */
export async function signInAgain(w: World): Promise<void> {
  w.admin = new Browser();
  await w.admin.signIn(w.district, w.adminEmail);
  w.applicant = new Browser();
  await w.applicant.signIn(w.district, w.applicantEmail, "applicant-pass-1");
  for (const r of w.reviewers) {
    r.browser = new Browser();
    await r.browser.signIn(w.district, r.email);
  }
}

export const completeDraft = {
  orgIntro: "我们是一支长期在社区开展为老服务的志愿团队，已服务居民三百余人次。",
  plan: "孵化期内完成登记注册，建立财务制度，开展两个社区为老服务项目，培养五名骨干。",
  needs: ["venue", "capacity_building"],
  teamSize: 6,
  founders: [
    { name: "刘洋", role: "负责人" },
    { name: "陈静", role: "财务" },
  ],
  foundersSigned: true,
};

export async function uploadPlan(w: World, applicationId: string, bytes: Uint8Array = PDF, name = "plan.pdf") {
  const form = new FormData();
  form.set("materialKey", "plan");
  form.set("file", new File([bytes], name, { type: "application/pdf" }));
  form.set("_csrf", w.applicant.csrf);
  return w.applicant.fetch(`/d/${w.district}/incubation/applications/${applicationId}/attachments`, { method: "POST", body: form, headers: { accept: "application/json" } });
}

/** An application taken to "submitted". */
export async function submittedApplication(w: World): Promise<{ id: string; version: number }> {
  const start = await w.applicant.api(`/d/${w.district}/api/v1/incubation/calls/${w.callId}/applications`, { method: "POST", json: {} });
  expect(start.status).toBe(201);
  const id = ((await start.json()) as { id: string }).id;
  expect((await w.applicant.api(`/d/${w.district}/api/v1/incubation/applications/${id}/draft`, { method: "PUT", json: completeDraft })).status).toBe(200);
  expect((await uploadPlan(w, id)).status).toBe(201);
  const submit = await w.applicant.api(`/d/${w.district}/api/v1/incubation/applications/${id}/submit`, { method: "POST", json: { version: 1, confirm: true } });
  expect(submit.status, await submit.clone().text()).toBe(200);
  const body = (await submit.json()) as { version: number };
  return { id, version: body.version };
}

export async function createReviewerOrg(district: string, shard: string) {
  return createOrganization(district, shard);
}

/** The incubation's current version, for the next staff write. */
export async function incubationVersion(id: string): Promise<number> {
  const row = await testEnv.DISTRICTS_0.prepare("SELECT version FROM incubations WHERE id = ?").bind(id).first<{ version: number }>();
  return row!.version;
}

/**
 * Staff set up the exit panel with the world's three reviewers; each declares no
 * conflict and hands in scores at the given share of every item's maximum.
 */
export async function panelScores(w: World, incubationId: string, shares: readonly number[] = [0.8, 0.9, 0.7]): Promise<string> {
  const opened = await w.admin.api(`/d/${w.district}/api/v1/incubation/incubations/${incubationId}/exit-panel`, {
    method: "POST",
    json: { reviewerIds: w.reviewers.map((r) => r.id), version: await incubationVersion(incubationId) },
  });
  expect(opened.status, await opened.clone().text()).toBe(201);
  const panelId = ((await opened.json()) as { id: string }).id;
  for (const [i, r] of w.reviewers.entries()) {
    const mine = ((await (await r.browser.api(`/d/${w.district}/api/v1/review/assignments`)).json()) as { id: string; subject_id: string }[]).find((a) => a.subject_id === panelId)!.id;
    expect((await r.browser.api(`/d/${w.district}/api/v1/review/assignments/${mine}/declaration`, { method: "POST", json: { conflicted: false } })).status).toBe(204);
    const view = (await (await r.browser.api(`/d/${w.district}/api/v1/review/assignments/${mine}`)).json()) as { rubric: { items: { id: string; maxScore: number }[] } };
    const share = shares[i] ?? 0.8;
    const scores = view.rubric.items.map((item) => ({ itemId: item.id, score: Math.round(item.maxScore * share) }));
    const put = await r.browser.api(`/d/${w.district}/api/v1/review/assignments/${mine}/scores`, { method: "PUT", json: { scores, submit: true } });
    expect(put.status, await put.clone().text()).toBe(204);
  }
  return panelId;
}

/** The first reviewer declares no conflict and hands in scores for the application: a decision needs at least one. */
export async function scoredByOne(w: World, applicationId: string): Promise<void> {
  const r = w.reviewers[0]!.browser;
  const base = `/d/${w.district}/api/v1/review/assignments`;
  const mine = ((await (await r.api(base)).json()) as { id: string; subject_id: string }[]).find((a) => a.subject_id === applicationId)!.id;
  expect((await r.api(`${base}/${mine}/declaration`, { method: "POST", json: { conflicted: false } })).status).toBe(204);
  const view = (await (await r.api(`${base}/${mine}`)).json()) as { rubric: { items: { id: string; maxScore: number }[] } };
  const scores = view.rubric.items.map((item) => ({ itemId: item.id, score: Math.round(item.maxScore * 0.8) }));
  expect((await r.api(`${base}/${mine}/scores`, { method: "PUT", json: { scores, submit: true } })).status).toBe(204);
}
