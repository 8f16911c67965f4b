import { afterEach, describe, expect, it, vi } from "vitest";
import { proposeWithinBudget } from "../../src/modules/projects/domain/review";
import { Browser, countRows } from "../helpers";
import { api, completeBid, json, projectWorld, runJob, scoreBid, sendToReview, submittedBid } from "./fixtures";

// Bids through the shared review engine: the eligibility check's working-day deadline,
// reviewers' conflict declarations and scores (the roadshow a part of the rubric), the
// ranking, the award proposal within the budget and staff changes with reasons, the
// public notice with objections, and the award when the notice settles, refused for an
// organization that entered a credit list meanwhile.

const w = await projectWorld("170301", "DISTRICTS_0", ["第二社会工作服务中心", "第三社区服务社"]);
const org2 = await w.add({ role: "org_member", organization: 1 });
const org3 = await w.add({ role: "org_member", organization: 2 });
const reviewer2 = await w.add("reviewer");

type Board = {
  awaitingEligibility: { bidId: string; eligibilityDueOn: string; overdue: boolean }[];
  ranking: { bidId: string; rank: number; score: number | null; counted: number; conflicted: number }[];
  proposal: { bidId: string; included: boolean; byRule: boolean; reason: string; stage: string; version: number }[];
  proposedYuan: number;
  rubric: { items: { area: string; title: string }[] } | null;
};
const board = async (callId: string) => json<Board>(await w.admin.b.api(api(w, `/projects/calls/${callId}/review`)), 200);
const lines = (personnel: number) => [
  { kind: "personnel", item: "社工补贴", amountYuan: personnel },
  { kind: "activities", item: "集体活动", amountYuan: 5_000 },
];

afterEach(() => vi.useRealTimers());

describe("the proposal rule", () => {
  it("takes bids by rank while they fit, skipping one that does not, and never an unscored one", () => {
    const rows = [
      { id: "a", amountYuan: 95, score: 90 },
      { id: "b", amountYuan: 88, score: 80 },
      { id: "c", amountYuan: 60, score: 70 },
      { id: "d", amountYuan: 5, score: null },
    ];
    expect([...proposeWithinBudget(rows, 170)].map((r) => r.id)).toEqual(["a", "c"]);
    expect([...proposeWithinBudget(rows, 183)].map((r) => r.id)).toEqual(["a", "b"]);
    expect([...proposeWithinBudget(rows, 50)].map((r) => r.id)).toEqual([]);
  });
});

describe("eligibility check", () => {
  it("is due five working days after submission, holidays skipped, and needs reasons to refuse", async () => {
    // Submitted on the day before the National Day holiday (1–7 October 2026; 10 October is a working Saturday).
    vi.useFakeTimers({ toFake: ["Date"], now: Date.parse("2026-09-30T02:00:00Z") });
    const { callId, bidId, version } = await submittedBid(w, { opensOn: "2026-09-01", closesOn: "2026-09-30" });
    vi.useRealTimers();
    // Their sessions were last seen in September: they sign in again.
    for (const p of [w.admin, w.org]) expect((await p.b.signIn(w.code, p.email)).status).toBe(303);
    const due = (await board(callId)).awaitingEligibility.find((b) => b.bidId === bidId)!;
    expect(due.eligibilityDueOn).toBe("2026-10-13");
    expect(due.overdue).toBe(w.today > "2026-10-13");

    // No reviewers yet: the bid cannot be sent to review.
    const early = await w.admin.b.api(api(w, `/projects/bids/${bidId}/eligibility`), { method: "POST", json: { outcome: "pass", reasons: "", version } });
    expect((await json<{ code: string }>(early, 409)).code).toBe("review_not_set_up");
    const bare = await w.admin.b.api(api(w, `/projects/bids/${bidId}/eligibility`), { method: "POST", json: { outcome: "reject", reasons: "", version } });
    expect((await json<{ errors: { field: string }[] }>(bare, 422)).errors[0]!.field).toBe("reasons");
    // Only the buyer checks eligibility.
    expect((await w.org.b.api(api(w, `/projects/bids/${bidId}/eligibility`), { method: "POST", json: { outcome: "pass", reasons: "", version } })).status).toBe(403);
    const refused = await json<{ status: string }>(await w.admin.b.api(api(w, `/projects/bids/${bidId}/eligibility`), { method: "POST", json: { outcome: "reject", reasons: "未提交法人登记证书。", version } }), 200);
    expect(refused.status).toBe("rejected");
    expect(await countRows(w.db, "review_decisions", "district_id = ? AND subject_id = ? AND outcome = 'ineligible'", w.code, bidId)).toBe(1);
  });
});

describe("review and award", () => {
  const call = { id: "", version: 0 };
  const bids: Record<string, string> = {};

  it("sets reviewers and a roadshow scored as a part of the rubric", async () => {
    const created = await json<{ id: string; version: number }>(
      await w.admin.b.api(api(w, "/projects/calls"), {
        method: "POST",
        json: {
          kind: "venture",
          title: "2026年第二批社区公益创投",
          description: "支持社区为老和青少年服务的新项目，设路演答辩。",
          year: w.year,
          areaCode: "",
          categoryIds: [w.categoryId],
          opensOn: w.today,
          closesOn: w.today,
          projectCapYuan: 100_000,
          totalBudgetYuan: 170_000,
          minRegistrationMonths: 12,
        },
      }),
      201,
    );
    const published = await json<{ version: number }>(await w.admin.b.api(api(w, `/projects/calls/${created.id}/publish`), { method: "POST", json: { version: created.version } }), 200);
    const notReviewer = await w.admin.b.api(api(w, `/projects/calls/${created.id}/review`), { method: "PUT", json: { reviewerIds: [w.org.id], version: published.version } });
    expect((await json<{ errors: { field: string }[] }>(notReviewer, 422)).errors[0]!.field).toBe("reviewerIds");
    const set = await json<Board>(
      await w.admin.b.api(api(w, `/projects/calls/${created.id}/review`), { method: "PUT", json: { reviewerIds: [w.reviewer.id, reviewer2.id], roadshowOn: w.today, roadshowPlace: "区社会组织服务中心", version: published.version } }),
      200,
    );
    expect(set.rubric!.items.map((i) => i.area)).toContain("路演");
    call.id = created.id;
    call.version = published.version + 1;

    for (const [key, b, personnel] of [
      ["first", w.org.b, 83_000],
      ["second", org2.b, 90_000],
      ["third", org3.b, 55_000],
    ] as const) {
      const draft = await json<{ id: string; version: number }>(await b.api(api(w, `/projects/calls/${call.id}/bid`), { method: "PUT", json: completeBid(w, { lines: lines(personnel) }) }), 200);
      await json(await b.api(api(w, `/projects/bids/${draft.id}/submit`), { method: "POST", json: { version: draft.version } }), 200);
      await sendToReview(w, call.id, draft.id);
      bids[key] = draft.id;
    }
    expect(await countRows(w.db, "review_assignments", "district_id = ? AND subject_kind = 'project_bid' AND subject_id IN (?, ?, ?)", w.code, bids.first, bids.second, bids.third)).toBe(6);
  });

  it("keeps a conflicted reviewer's score out, ranks the bids and proposes within the budget only when every score is in", async () => {
    // The second reviewer worked for the third organization: recused, never sees the bid.
    const mine = await json<{ id: string; subject_id: string }[]>(await reviewer2.b.api(w.path("/api/v1/review/assignments")), 200);
    const recused = mine.find((a) => a.subject_id === bids.third)!;
    expect((await reviewer2.b.api(w.path(`/api/v1/review/assignments/${recused.id}/declaration`), { method: "POST", json: { conflicted: true, reason: "近两年曾任该组织顾问" } })).status).toBe(204);
    expect((await reviewer2.b.api(w.path(`/api/v1/review/assignments/${recused.id}`))).status).toBe(409);

    await scoreBid(w, bids.second!, 90);
    await scoreBid(w, bids.first!, 80);
    await scoreBid(w, bids.third!, 70);
    await scoreBid(w, bids.second!, 90, reviewer2);
    // Still open: no proposal before the window ends.
    expect((await json<{ code: string }>(await w.admin.b.api(api(w, `/projects/calls/${call.id}/proposal`), { method: "POST" }), 409)).code).toBe("call_not_closed");
    await runJob(w, "projects.close_calls", `${addDay(w.today)}T01:00:00.000Z`);
    const waiting = await w.admin.b.api(api(w, `/projects/calls/${call.id}/proposal`), { method: "POST" });
    expect((await json<{ code: string }>(waiting, 409)).code).toBe("scores_pending");
    await scoreBid(w, bids.first!, 70, reviewer2);

    const proposed = await json<Board>(await w.admin.b.api(api(w, `/projects/calls/${call.id}/proposal`), { method: "POST" }), 200);
    expect(proposed.ranking.map((r) => [r.bidId, r.rank, r.score])).toEqual([
      [bids.second, 1, 90],
      [bids.first, 2, 75],
      [bids.third, 3, 70],
    ]);
    expect(proposed.ranking.find((r) => r.bidId === bids.third)).toMatchObject({ counted: 1, conflicted: 1 });
    // 95,000 fits; 88,000 does not fit the 75,000 left and is skipped; 60,000 fits.
    expect(proposed.proposal.filter((p) => p.included).map((p) => p.bidId)).toEqual([bids.second, bids.third]);
    expect(proposed.proposedYuan).toBe(155_000);
  });

  it("lets staff change the proposal with a reason, never above the budget, one of two at once", async () => {
    const row = async (id: string) => (await board(call.id)).proposal.find((p) => p.bidId === id)!;
    const first = await row(bids.first!);
    const over = await w.admin.b.api(api(w, `/projects/calls/${call.id}/proposal/${bids.first}`), { method: "POST", json: { included: true, reason: "服务对象急需", version: first.version } });
    expect((await json<{ errors: { field: string }[] }>(over, 422)).errors[0]!.field).toBe("included");
    const third = await row(bids.third!);
    const noReason = await w.admin.b.api(api(w, `/projects/calls/${call.id}/proposal/${bids.third}`), { method: "POST", json: { included: false, reason: "", version: third.version } });
    expect((await json<{ errors: { field: string }[] }>(noReason, 422)).errors[0]!.field).toBe("reason");
    const change = () => w.admin.b.api(api(w, `/projects/calls/${call.id}/proposal/${bids.third}`), { method: "POST", json: { included: false, reason: "与已立项项目服务内容重复", version: third.version } });
    expect((await Promise.all([change(), change()])).map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await row(bids.third!)).toMatchObject({ included: false, byRule: true, reason: "与已立项项目服务内容重复" });
    const back = await row(bids.third!);
    await json(await w.admin.b.api(api(w, `/projects/calls/${call.id}/proposal/${bids.third}`), { method: "POST", json: { included: true, reason: "经复核服务内容不重复", version: back.version } }), 200);
    expect(await countRows(w.db, "audit_events", "district_id = ? AND action IN ('projects.proposal_included', 'projects.proposal_excluded') AND target_id = ?", w.code, bids.third)).toBe(2);
  });

  it("publishes one notice; an upheld objection and a credit listing keep bids from the award when it settles", async () => {
    const publish = () => w.admin.b.api(api(w, `/projects/calls/${call.id}/notice`), { method: "POST", json: { body: "经专家评审，拟立项项目公示如下，公示期内可提出异议。" } });
    const results = await Promise.all([publish(), publish()]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    const { noticeId } = (await results.find((r) => r.status === 201)!.json()) as { noticeId: string };
    // The bid left out is not awarded, with its reason; the notice is public.
    expect((await json<{ status: string }>(await w.org.b.api(api(w, `/projects/bids/${bids.first}`)), 200)).status).toBe("rejected");
    const notice = await json<{ title: string }>(await new Browser().api(w.path(`/api/v1/notices/${noticeId}`)), 200);
    expect(notice.title).toContain("拟立项项目公示");
    // No more scores once on notice.
    expect((await board(call.id)).proposal.every((p) => p.stage !== "draft")).toBe(true);

    const objection = await json<{ id: string }>(
      await new Browser().api(w.path(`/api/v1/notices/${noticeId}/objections`), { method: "POST", json: { subjectId: bids.third, name: "居民张女士", contact: "13800138000", content: "该组织的团队成员同时服务于另一立项项目，人手不足。" } }),
      201,
    );
    expect((await w.admin.b.api(w.path(`/api/v1/notices/objections/${objection.id}/handle`), { method: "POST", json: { upheld: true, note: "经核实，团队人员重复。" } })).status).toBe(204);
    await w.db
      .prepare(
        "INSERT INTO credit_list_entries (district_id, id, organization_id, list, reason, legal_basis, deciding_body, decided_on, exited_on, created_at) VALUES (?, 'cl-r', ?, 'abnormal', '未按规定报送年度报告', '《社会组织信用信息管理办法》', '区民政局', ?, NULL, ?)",
      )
      .bind(w.code, w.orgIds[1], w.today, new Date().toISOString())
      .run();

    const endsAt = (await w.db.prepare("SELECT ends_at FROM public_notices WHERE district_id = ? AND id = ?").bind(w.code, noticeId).first<{ ends_at: string }>())!.ends_at;
    expect(await runJob(w, "notices.settle", new Date(Date.parse(endsAt) - 60_000).toISOString())).toBe(0);
    const at = new Date(Date.parse(endsAt) + 60_000).toISOString();
    expect(await runJob(w, "notices.settle", at)).toBeGreaterThan(0);
    expect(await runJob(w, "notices.settle", at)).toBe(0);
    const stages = Object.fromEntries((await board(call.id)).proposal.map((p) => [p.bidId, p.stage]));
    expect(stages).toEqual({ [bids.first!]: "not_awarded", [bids.second!]: "not_awarded", [bids.third!]: "overturned" });
    const outcomes = await w.db
      .prepare("SELECT subject_id, outcome FROM review_decisions WHERE district_id = ? AND subject_kind = 'project_bid' AND subject_id IN (?, ?)")
      .bind(w.code, bids.second, bids.third)
      .all<{ subject_id: string; outcome: string }>();
    expect(outcomes.results.map((o) => `${o.subject_id === bids.second ? "second" : "third"}:${o.outcome}`).sort()).toEqual(["second:credit_listed", "third:overturned"]);
    await w.db.prepare("UPDATE credit_list_entries SET exited_on = ? WHERE district_id = ? AND id = 'cl-r'").bind(w.today, w.code).run();
  });
});

function addDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}
