import { describe, expect, it } from "vitest";
import { countRows } from "../helpers";
import { api, json, projectWorld, signedContract } from "./fixtures";

// Evaluations run from the contract page: the buyer starts one choosing evaluators, sees
// the scores come in, records the result and, after a fail, terminates; refusals come
// back beside their fields with the values kept and nothing written; another district's
// staff get 404.

const w = await projectWorld("170601");
const other = await projectWorld("170602", "DISTRICTS_1");
const evaluator = await w.add("evaluator");
const contract = await signedContract(w);
const page = (lang = "zh-CN") => w.admin.b.fetch(w.path(`/projects/contracts/${contract.id}?lang=${lang}`));
const versionOf = (html: string, verb: string) => new RegExp(`/${verb}"[^>]*>[\\s\\S]*?name="version" value="(\\d+)"`).exec(html)![1]!;

async function scoreAll(value: number) {
  const mine = await json<{ id: string; submitted_at: string | null }[]>(await evaluator.b.api(w.path("/api/v1/review/assignments")), 200);
  const a = mine.find((x) => !x.submitted_at)!;
  await evaluator.b.api(w.path(`/api/v1/review/assignments/${a.id}/declaration`), { method: "POST", json: { conflicted: false } });
  const subject = await json<{ rubric: { items: { id: string }[] } }>(await evaluator.b.api(w.path(`/api/v1/review/assignments/${a.id}`)), 200);
  const res = await evaluator.b.api(w.path(`/api/v1/review/assignments/${a.id}/scores`), { method: "PUT", json: { scores: subject.rubric.items.map((i) => ({ itemId: i.id, score: value, comment: "" })), submit: true } });
  expect(res.status).toBe(204);
}

describe("evaluation pages", () => {
  it("starts, records a fail and terminates from the contract page", async () => {
    const start = await (await page()).text();
    expect(start).toContain("启动评估");
    expect(start).toContain(`evaluatorIds.${evaluator.id}`);
    const base = `/projects/contracts/${contract.id}/evaluations`;
    const bad = await w.admin.b.submit(w.path(base), { stage: "final" }, w.path(`/projects/contracts/${contract.id}`));
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain('id="f-evaluatorIds-error"');
    expect(badHtml).toMatch(/value="final" checked/);
    expect(await countRows(w.db, "project_evaluations", "district_id = ?", w.code)).toBe(0);
    // The final evaluation waits for a passed mid-term one: said on the page, nothing written.
    const early = await w.admin.b.submit(w.path(base), { stage: "final", [`evaluatorIds.${evaluator.id}`]: "1" }, w.path(`/projects/contracts/${contract.id}`));
    expect(early.status).toBe(409);
    expect(await early.text()).toContain("中期评估合格后才能进行结项评估");
    expect((await w.admin.b.submit(w.path(base), { stage: "midterm", [`evaluatorIds.${evaluator.id}`]: "1" })).status).toBe(303);

    const open = await (await page()).text();
    expect(open).toContain("评估中 · 已评分 0 人，待评分 1 人");
    const id = (await w.db.prepare("SELECT id FROM project_evaluations WHERE district_id = ?").bind(w.code).first<{ id: string }>())!.id;
    const pending = await w.admin.b.submit(w.path(`${base}/${id}/decide`), { reasons: "", version: versionOf(open, "decide") }, w.path(`/projects/contracts/${contract.id}`));
    expect(pending.status).toBe(409);
    expect(await pending.text()).toContain("评估人员的评分尚未全部提交");

    // Another district's buyer reaches none of it.
    const foreign = await other.admin.b.fetch(other.path(`${base}/${id}/decide`), { method: "POST", form: { _csrf: other.admin.b.csrf, reasons: "", version: "1" } });
    expect(foreign.status).toBe(404);

    await scoreAll(50);
    expect((await w.admin.b.submit(w.path(`${base}/${id}/decide`), { reasons: "服务人次不足。", version: versionOf(open, "decide") })).status).toBe(303);
    const failed = await (await page()).text();
    expect(failed).toContain("不合格，整改中");
    expect(failed).toContain("建议：责令限期整改");
    const noReason = await w.admin.b.submit(w.path(`${base}/${id}/terminate`), { reasons: "", version: versionOf(failed, "terminate") }, w.path(`/projects/contracts/${contract.id}`));
    expect(noReason.status).toBe(422);
    expect(await noReason.text()).toContain('id="f-reasons-error"');
    expect((await w.admin.b.submit(w.path(`${base}/${id}/terminate`), { reasons: "整改期内未开展服务。", version: versionOf(failed, "terminate") })).status).toBe(303);
    const ended = await (await page("en")).text();
    expect(ended).toContain("Failed: contract terminated");
    expect(ended).not.toContain("Start the evaluation");
    expect((await json<{ status: string }>(await w.admin.b.api(api(w, `/projects/contracts/${contract.id}`)), 200)).status).toBe("terminated");
  });
});
