import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { routeTable } from "../../src/http/routes";
import { DAILY } from "../../src/jobs/crons";
import entry from "../../src/index";
import { countRows, testEnv, worker } from "../helpers";
import { addDays, api, awardedBid, callBody, json, projectWorld } from "./fixtures";

// Every project route reached through another district answers 404 with real ids;
// pages keep typed values beside field errors and write nothing; the daily jobs close
// calls and flag overdue instalments on the trigger's clock, idempotently.

const A = await projectWorld("170201");
const B = await projectWorld("170202", "DISTRICTS_1");

const { callId, bidId } = await awardedBid(A);
const contract = await json<{ id: string; version: number }>(
  await A.admin.b.api(api(A, `/projects/bids/${bidId}/contract`), { method: "POST", json: { startsOn: A.today, endsOn: addDays(A.today, 300), deliverables: "探访 1,000 人次，满意度 90% 以上。" } }),
  201,
);
const budgetId = (await json<{ id: string }[]>(await A.admin.b.api(api(A, "/projects/budgets")), 200))[0]!.id;

const ids: Record<string, string> = { callId, bidId, contractId: contract.id, budgetId, seq: "1" };
// Valid bodies, so that a refusal cannot come from validation before the lookup.
const bodies: [RegExp, Record<string, unknown>][] = [
  [/budgets\/:budgetId$/, { amountYuan: 1, version: 1 }],
  [/calls\/:callId\/bid$/, { title: "x" }],
  [/\/return$/, { reason: "请补充材料。", version: 1 }],
  [/\/contract$/, { startsOn: A.today, endsOn: addDays(A.today, 30), deliverables: "探访 1,000 人次，满意度 90% 以上。" }],
  [/\/confirm$/, { party: "buyer", version: 1 }],
  [/\/release$/, { paidOn: A.today, reference: "ZF-1" }],
  [/\/records$/, { heldOn: A.today, place: "社区活动室", participants: 3, summary: "入户探访。" }],
  [/\/expenditures$/, { lineNo: 1, spentOn: A.today, amountYuan: 100, description: "活动物资" }],
  [/calls\/:callId\/review$/, { reviewerIds: ["x"], version: 1 }],
  [/\/eligibility$/, { outcome: "pass", reasons: "", version: 1 }],
  [/proposal\/:bidId$/, { included: true, reason: "预算内调整", version: 1 }],
  [/\/notice$/, { body: "拟立项项目公示如下，请监督。" }],
  [/contractId\/evaluations$/, { stage: "midterm", evaluatorIds: ["x"] }],
  [/proposal-change$/, { bidId: "x", included: "1", reason: "预算内调整", version: 1 }],
  [/contractId\/changes$/, { kind: "term", endsOn: addDays(A.today, 400), reason: "受疫情影响延期。" }],
  [/changeId\/decide$/, { approve: 1, reasons: "同意。", version: 1 }],
  [/./, { version: 1 }],
];
const bodyFor = (path: string) => bodies.find(([re]) => re.test(path))![1];
// A user of district B holding the route's permission.
const userFor = (access: string) => (access === "projects.bid" ? B.org : access === "projects.confirm" ? B.community : B.admin);
const projectRoutes = routeTable.filter((r) => r.realm === "district" && r.module === "projects");

describe("another district", () => {
  it("has routes to walk", () => expect(projectRoutes.length).toBeGreaterThan(30));

  for (const route of projectRoutes.filter((r) => r.path.includes(":"))) {
    it(`${route.method} ${route.path} answers 404 with district A's ids in district B`, async () => {
      const path = B.path(route.path.replace(/:(\w+)/g, (_, name: string) => ids[name] ?? "x"));
      const b = userFor(route.access).b;
      const body = bodyFor(route.path);
      const res =
        route.method === "GET"
          ? await b.fetch(path)
          : route.path.startsWith("/api/")
            ? await b.api(path, { method: route.method, json: body })
            : await b.fetch(path, { method: route.method, form: { _csrf: b.csrf, ...Object.fromEntries(Object.entries(body).map(([k, v]) => [k, String(v)])) } });
      expect(res.status).toBe(404);
    });
  }

  it("keeps A's records out of B's lists", async () => {
    const calls = await json<{ id: string }[]>(await B.admin.b.api(api(B, "/projects/calls")), 200);
    expect(calls.map((c) => c.id)).not.toContain(callId);
    const budgets = await json<{ id: string }[]>(await B.admin.b.api(api(B, "/projects/budgets")), 200);
    expect(budgets.map((b) => b.id)).not.toContain(budgetId);
  });
});

describe("pages", () => {
  it("shows field errors with the typed values kept, and writes nothing", async () => {
    const before = await countRows(A.db, "project_calls");
    const res = await A.admin.b.submit(
      A.path("/projects/calls"),
      { kind: "venture", title: "青少年成长陪伴计划", description: "短", year: String(A.year), projectCapYuan: "50000", totalBudgetYuan: "10000", opensOn: A.today, closesOn: A.today },
      A.path("/projects/calls/new"),
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('value="青少年成长陪伴计划"');
    expect(html).toContain('id="f-description-error"');
    expect(html).toContain('id="f-categoryIds-error"');
    expect(await countRows(A.db, "project_calls")).toBe(before);
  });

  it("runs the chain through the forms: a call, a bid draft and its submission", async () => {
    const created = await A.admin.b.submit(A.path("/projects/calls"), {
      ...Object.fromEntries(
        Object.entries(callBody(A, { totalBudgetYuan: 100_000 }))
          .filter(([k]) => k !== "categoryIds")
          .map(([k, v]) => [k, String(v)]),
      ),
      [`categoryIds.${A.categoryId}`]: "1",
    });
    expect(created.status, await created.clone().text()).toBe(303);
    const callPath = new URL(created.headers.get("location")!, "https://x").pathname;
    const id = callPath.split("/").pop()!;
    const page = await (await A.admin.b.fetch(callPath)).text();
    const version = /name="version" value="(\d+)"/.exec(page)![1]!;
    expect((await A.admin.b.submit(A.path(`/projects/calls/${id}/publish`), { version })).status).toBe(303);
    // English, elder mode, and the public list.
    expect(await (await A.admin.b.fetch(`${callPath}?lang=en`)).text()).toContain("Community venture philanthropy");
    expect(await (await worker.fetch(new Request(`https://sanshe.test${A.path("/projects/calls")}`))).text()).toContain("2026年社区公益创投");

    const second = await A.db.prepare("SELECT count(*) AS n FROM project_bids WHERE district_id = ?").bind(A.code).first<{ n: number }>();
    // The organization already bid to the first call; this one is new.
    const form = {
      title: "邻里守望",
      categoryId: A.categoryId,
      targetGroup: "独居老人",
      beneficiaries: "80",
      activities: "每周入户探访与每月集体活动。",
      indicators: "探访 800 人次",
      communityCode: `${A.code}001001`,
      volunteers: "10",
      line1Kind: "personnel",
      line1Item: "社工补贴",
      line1Amount: "40000",
      line2Kind: "admin",
      line2Item: "管理费",
      line2Amount: "abc",
      [`team.${A.workers[0]}`]: "1",
      lead: A.workers[0]!,
    };
    const bad = await A.org.b.submit(A.path(`/projects/calls/${id}/bid`), form, A.path(`/projects/calls/${id}/bid`));
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain('id="f-line2Amount-error"');
    expect(badHtml).toContain('value="邻里守望"');
    expect((await A.db.prepare("SELECT count(*) AS n FROM project_bids WHERE district_id = ?").bind(A.code).first<{ n: number }>())!.n).toBe(second!.n);

    const ok = await A.org.b.submit(A.path(`/projects/calls/${id}/bid`), { ...form, line2Amount: "3000" });
    expect(ok.status).toBe(303);
    const bidPath = new URL(ok.headers.get("location")!, "https://x").pathname;
    const bidHtml = await (await A.org.b.fetch(bidPath)).text();
    expect(bidHtml).toContain("持证社工占比：100%");
    const bidVersion = /name="version" value="(\d+)"/.exec(bidHtml)![1]!;
    const submitted = await A.org.b.submit(`${bidPath}/submit`, { version: bidVersion });
    expect(submitted.status).toBe(303);
    expect(await (await A.org.b.fetch(A.path("/projects/my-bids"))).text()).toContain("已提交");
  });

  it("shows the catalogue with committed and paid figures to buyers only", async () => {
    const html = await (await A.admin.b.fetch(A.path("/projects/catalogue?lang=zh-CN"))).text();
    expect(html).toContain("已承诺");
    expect((await A.org.b.fetch(A.path("/projects/catalogue"))).status).toBe(403);
  });
});

describe("jobs", () => {
  afterEach(() => vi.useRealTimers());

  async function daily(at: number) {
    const ctx = createExecutionContext();
    await entry.scheduled(createScheduledController({ scheduledTime: at, cron: DAILY }), testEnv, ctx);
    await waitOnExecutionContext(ctx);
  }

  it("closes a call after its window and flags an unpaid due instalment, once", async () => {
    let version = contract.version;
    for (const [b, party] of [
      [A.admin.b, "buyer"],
      [A.org.b, "implementer"],
      [A.community.b, "community"],
    ] as const) {
      version = (await json<{ version: number }>(await b.api(api(A, `/projects/contracts/${contract.id}/confirm`), { method: "POST", json: { party, version } }), 200)).version;
    }
    const at = Date.parse(`${addDays(A.today, 40)}T01:00:00Z`);
    await daily(at);
    expect(await countRows(A.db, "project_calls", "district_id = ? AND id = ? AND status = 'closed'", A.code, callId)).toBe(1);
    expect(await countRows(A.db, "project_instalments", "district_id = ? AND contract_id = ? AND overdue = 1", A.code, contract.id)).toBe(1);
    // The buyer's staff are told, in the write that flagged it, once.
    expect(await countRows(A.db, "notification_events", "district_id = ? AND kind = 'projects.instalment_overdue' AND target_id = ?", A.code, contract.id)).toBe(1);
    const events = await countRows(A.db, "audit_events", "district_id = ? AND action IN ('projects.call_closed', 'projects.instalment_overdue')", A.code);
    await daily(at);
    expect(await countRows(A.db, "audit_events", "district_id = ? AND action IN ('projects.call_closed', 'projects.instalment_overdue')", A.code)).toBe(events);
    expect(await countRows(A.db, "notification_events", "district_id = ? AND kind = 'projects.instalment_overdue' AND target_id = ?", A.code, contract.id)).toBe(1);
    // The organization sees the call closed; a bid cannot be saved to it any more.
    const call = await json<{ status: string }>(await A.org.b.api(api(A, `/projects/calls/${callId}`)), 200);
    expect(call.status).toBe("closed");
  });
});
