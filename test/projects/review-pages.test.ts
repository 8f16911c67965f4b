import { describe, expect, it } from "vitest";
import { countRows } from "../helpers";
import { addDays, api, json, projectWorld, runJob, submittedBid } from "./fixtures";

// A call's review through the pages' forms: set-up, the eligibility check on the bid's
// page, the reviewer's declaration and scores on the engine's pages, the proposal and
// its change, the notice. Refusals come back beside their fields with the values kept
// and nothing written.

const w = await projectWorld("170401");
const { callId, bidId } = await submittedBid(w, { closesOn: w.today });
const version = (html: string) => /name="version" value="(\d+)"/.exec(html)![1]!;

describe("review pages", () => {
  it("sets up the review, refusing a set-up without reviewers beside the field", async () => {
    const page = await (await w.admin.b.fetch(w.path(`/projects/calls/${callId}/review`))).text();
    expect(page).toContain("评审设置");
    const bad = await w.admin.b.submit(w.path(`/projects/calls/${callId}/review`), { version: version(page), roadshowOn: w.today, roadshowPlace: "区社会组织服务中心" }, w.path(`/projects/calls/${callId}/review`));
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('id="f-reviewerIds-error"');
    expect(html).toContain('value="区社会组织服务中心"');
    expect(await countRows(w.db, "project_call_reviewers", "district_id = ?", w.code)).toBe(0);
    const ok = await w.admin.b.submit(w.path(`/projects/calls/${callId}/review`), { version: version(page), [`reviewerIds.${w.reviewer.id}`]: "1", roadshowOn: w.today, roadshowPlace: "区社会组织服务中心" });
    expect(ok.status).toBe(303);
    const en = await (await w.admin.b.fetch(w.path(`/projects/calls/${callId}/review?lang=en`))).text();
    expect(en).toContain("Roadshow");
  });

  it("checks eligibility on the bid's page, with its deadline, and needs reasons to refuse", async () => {
    const page = await (await w.admin.b.fetch(w.path(`/projects/bids/${bidId}?lang=zh-CN`))).text();
    expect(page).toContain("初审答复期限");
    const bad = await w.admin.b.submit(w.path(`/projects/bids/${bidId}/eligibility`), { version: version(page), outcome: "reject", reasons: "" }, w.path(`/projects/bids/${bidId}`));
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('id="f-reasons-error"');
    const ok = await w.admin.b.submit(w.path(`/projects/bids/${bidId}/eligibility`), { version: version(page), outcome: "pass", reasons: "" });
    expect(ok.status).toBe(303);
    expect(await countRows(w.db, "review_assignments", "district_id = ? AND subject_id = ?", w.code, bidId)).toBe(1);
  });

  it("lets the reviewer declare and score on the engine's pages, the roadshow as a part of the rubric", async () => {
    const [assignment] = await json<{ id: string }[]>(await w.reviewer.b.api(w.path("/api/v1/review/assignments")), 200);
    const declare = await (await w.reviewer.b.fetch(w.path(`/review/${assignment!.id}`))).text();
    expect(declare).toContain("利益冲突声明");
    expect(declare).not.toContain("每周入户探访");
    expect((await w.reviewer.b.submit(w.path(`/review/${assignment!.id}/declaration`), { conflicted: "no", reason: "" })).status).toBe(303);
    const form = await (await w.reviewer.b.fetch(w.path(`/review/${assignment!.id}`))).text();
    expect(form).toContain("每周入户探访");
    expect(form).toContain("路演 · 路演答辩");
    const items = [...form.matchAll(/name="score_([^"]+)"/g)].map((m) => m[1]!);
    expect(items).toHaveLength(5);
    const scored = await w.reviewer.b.submit(w.path(`/review/${assignment!.id}/scores`), { submit: "yes", ...Object.fromEntries(items.map((id) => [`score_${id}`, "85"])) });
    expect(scored.status).toBe(303);
  });

  it("proposes, refuses a change without a reason beside its field, and publishes the notice", async () => {
    await runJob(w, "projects.close_calls", `${addDays(w.today, 1)}T01:00:00.000Z`);
    expect((await w.admin.b.submit(w.path(`/projects/calls/${callId}/proposal`), {})).status).toBe(303);
    const page = await (await w.admin.b.fetch(w.path(`/projects/calls/${callId}/review`))).text();
    expect(page).toContain("建议立项");
    const rowVersion = new RegExp(`name="version\\.${bidId}" value="(\\d+)"`).exec(page)![1]!;
    const bad = await w.admin.b.submit(w.path(`/projects/calls/${callId}/proposal-change`), { bidId, included: "0", reason: "", [`version.${bidId}`]: rowVersion }, w.path(`/projects/calls/${callId}/review`));
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('id="f-reason-error"');
    const published = await w.admin.b.submit(w.path(`/projects/calls/${callId}/notice`), { body: "经资格初审和专家评审，拟立项项目公示如下。" });
    expect(published.status).toBe(303);
    const notices = await (await w.admin.b.fetch(w.path("/notices"))).text();
    expect(notices).toContain("拟立项项目公示");
    const board = await json<{ proposal: { stage: string }[] }>(await w.admin.b.api(api(w, `/projects/calls/${callId}/review`)), 200);
    expect(board.proposal.map((p) => p.stage)).toEqual(["in_notice"]);
  });
});
