import { describe, expect, it } from "vitest";
import { countRows, testEnv } from "../helpers";
import { scoredByOne, submittedApplication, world } from "./fixtures";

// A decision weighs the panel's scores: before any reviewer has handed some in, the
// server refuses it, on the API and on the staff page's own form.

describe("deciding before any score", () => {
  it("is refused with 409 beside the outcome, changes nothing, and goes through once a reviewer has scored", async () => {
    const w = await world("330101");
    const app = await submittedApplication(w);
    const base = `/d/${w.district}/api/v1/incubation/applications/${app.id}`;
    expect((await w.admin.api(`${base}/eligibility`, { method: "POST", json: { outcome: "pass", reasons: "符合条件", version: app.version } })).status).toBe(200);
    const events = await countRows(testEnv.DISTRICTS_0, "application_events", "application_id = ?", app.id);

    const early = await w.admin.api(`${base}/decision`, { method: "POST", json: { outcome: "reject", reasons: "计划不可行", version: app.version + 1 } });
    expect(early.status).toBe(409);
    const problem = (await early.json()) as { code: string; errors: { field: string; message: string }[] };
    expect(problem.code).toBe("no_scores");
    expect(problem.errors[0]).toMatchObject({ field: "outcome", message: expect.stringContaining("评审专家尚未提交任何评分") });

    // The page comes back with the form as typed and the reason beside the outcome, in either language.
    const page = `/d/${w.district}/incubation/manage/applications/${app.id}`;
    const zh = await w.admin.submit(`${page}/decision`, { outcome: "admit", reasons: "得分靠前，计划可行。", version: String(app.version + 1) }, page);
    expect(zh.status).toBe(409);
    const html = await zh.text();
    expect(html).toContain("评审专家尚未提交任何评分，暂不能作出决定");
    expect(html).toContain("得分靠前，计划可行。");
    expect(html).toMatch(/<input[^>]*value="admit"[^>]*checked/);
    await w.admin.fetch(`${page}?lang=en`);
    const en = await (await w.admin.submit(`${page}/decision`, { outcome: "admit", reasons: "Feasible plan.", version: String(app.version + 1) })).text();
    expect(en).toContain("No reviewer has handed in scores yet, so no decision can be made.");
    expect(en).toContain("Feasible plan.");
    expect(await countRows(testEnv.DISTRICTS_0, "application_events", "application_id = ?", app.id)).toBe(events);
    expect((await (await w.admin.api(base)).json()) as { status: string }).toMatchObject({ status: "in_review" });

    await scoredByOne(w, app.id);
    const decided = await w.admin.api(`${base}/decision`, { method: "POST", json: { outcome: "admit", reasons: "得分靠前，计划可行。", version: app.version + 1 } });
    expect(decided.status).toBe(200);
    expect(((await decided.json()) as { status: string }).status).toBe("proposed");
  });
});
