import { describe, expect, it } from "vitest";
import { testEnv } from "../helpers";
import { submittedApplication, world } from "./fixtures";

// A refused form comes back as its own page, with what was typed kept, each error
// beside its field and in the summary above the form (linking to the field), as a
// browser without JavaScript sees it.

const escapeHtml = (s: string) => s.replaceAll("&", "&amp;").replaceAll('"', "&quot;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

describe("incubation forms re-render themselves when refused", () => {
  it("a refused score form keeps the typed scores and comments and shows the error beside the field", async () => {
    const w = await world("320111");
    const d = `/d/${w.district}`;
    const app = await submittedApplication(w);
    const pass = await w.admin.submit(`${d}/incubation/manage/applications/${app.id}/eligibility`, { outcome: "pass", reasons: "材料齐全，符合条件。", version: String(app.version) });
    expect(pass.status).toBe(303);
    const reviewer = w.reviewers[0]!.browser;
    const list = await (await reviewer.fetch(`${d}/review`)).text();
    const assignment = /href="\/d\/\d+\/review\/([^"]+)"/.exec(list)![1]!;

    // The declaration without a reason for a conflict: the choice and the form stay.
    const noReason = await reviewer.submit(`${d}/review/${assignment}/declaration`, { conflicted: "yes", reason: "" });
    expect(noReason.status).toBe(422);
    const declarePage = await noReason.text();
    expect(declarePage).toContain('href="#f-reason"');
    expect(declarePage).toMatch(/<input[^>]*value="yes"[^>]*checked/);
    expect((await reviewer.submit(`${d}/review/${assignment}/declaration`, { conflicted: "no", reason: "" })).status).toBe(303);

    const scorePage = await (await reviewer.fetch(`${d}/review/${assignment}`)).text();
    const items = [...scorePage.matchAll(/name="score_([^"]+)"/g)].map((m) => m[1]!);
    expect(items.length).toBe(2);
    const [first, second] = items as [string, string];
    const refused = await reviewer.submit(`${d}/review/${assignment}/scores`, {
      submit: "yes",
      [`score_${first}`]: "999",
      [`comment_${first}`]: "计划完整，但预算偏高。",
      [`score_${second}`]: "28",
      [`comment_${second}`]: "团队稳定 <有经验>",
    });
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).not.toContain("出错了");
    // What was typed is kept.
    expect(html).toMatch(new RegExp(`name="score_${first}"[^>]*value="999"|value="999"[^>]*name="score_${first}"`));
    expect(html).toMatch(new RegExp(`name="score_${second}"[^>]*value="28"|value="28"[^>]*name="score_${second}"`));
    expect(html).toContain("计划完整，但预算偏高。");
    expect(html).toContain(escapeHtml("团队稳定 <有经验>"));
    // The error beside the field it concerns, and in the summary linking to it.
    expect(html).toContain(`id="f-score_${first}-error"`);
    expect(html).toContain("分数应在 0 到");
    expect(html).toContain(`href="#f-score_${first}"`);
    expect(html).not.toContain(`id="f-score_${second}-error"`);
    // Nothing was saved.
    const saved = await testEnv.DISTRICTS_0.prepare("SELECT COUNT(*) AS n FROM review_scores WHERE assignment_id = ?").bind(assignment).first<{ n: number }>();
    expect(saved!.n).toBe(0);
  });

  it("a refused call or space form keeps what staff typed and names the field", async () => {
    const w = await world("320112");
    const d = `/d/${w.district}`;
    const call = await w.admin.submit(`${d}/incubation/manage/calls`, {
      parkId: w.parkId,
      title: "第二批入驻招募",
      opensOn: "2026-13-45",
      closesOn: "2026-12-31",
      places: "5",
      eligibilityText: "本区登记或拟登记的社会组织。",
      rubric: "项目可行性|60|60\n团队能力|40|40",
      [`reviewerIds.${w.reviewers[0]!.id}`]: "1",
    });
    expect(call.status).toBe(422);
    const callPage = await call.text();
    expect(callPage).not.toContain("出错了");
    expect(callPage).toContain('href="#f-opensOn"');
    expect(callPage).toContain('id="f-opensOn-error"');
    expect(callPage).toContain('value="第二批入驻招募"');
    expect(callPage).toContain("本区登记或拟登记的社会组织。");
    expect(callPage).toMatch(new RegExp(`name="reviewerIds\\.${w.reviewers[0]!.id}"[^>]*checked`));

    const space = await w.admin.submit(`${d}/incubation/manage/parks/${w.parkId}/spaces`, { kind: "office", label: "301 室", capacity: "0" });
    expect(space.status).toBe(422);
    const parkPage = await space.text();
    expect(parkPage).toContain('id="f-capacity-error"');
    expect(parkPage).toContain('value="301 室"');
  });
});
