import { describe, expect, it } from "vitest";
import { Browser } from "../helpers";
import { projectWorld, signedContract } from "./fixtures";

// The public list of funded projects shows each project's residents' satisfaction
// (average rating and number of ratings, with a note saying what they are) and its latest
// evaluation result, in both languages; the open data CSV and JSON carry and document the
// same fields; the organization's public page lists the projects it implements;
// another district's list does not count these ratings.

const w = await projectWorld("170731");
const other = await projectWorld("170732", "DISTRICTS_1");
const rated = await signedContract(w);
const unrated = await signedContract(w);
const run = (sql: string, ...values: (string | number)[]) =>
  w.db
    .prepare(sql)
    .bind(...values)
    .run();
// Three ratings: 5, 4 and 2 average 3.7 out of 5, two of three (66.7%) satisfied.
for (const [i, r] of [5, 4, 2].entries())
  await run("INSERT INTO project_feedback (district_id, id, contract_id, rating, comment, respondent_key, created_at) VALUES (?, ?, ?, ?, '', ?, '2026-01-01T00:00:00Z')", w.code, `fb${i}`, rated.id, r, `k${i}`);
// A failed mid-term evaluation, then a passed re-evaluation: the latest result is shown.
for (const [round, status, at] of [
  [1, "failed", "2026-01-05T00:00:00Z"],
  [2, "passed", "2026-02-05T00:00:00Z"],
] as const)
  await run(
    "INSERT INTO project_evaluations (district_id, id, contract_id, stage, round, rubric_id, pass_mark, status, score, decided_at, created_at) VALUES (?, ?, ?, 'midterm', ?, 'r', 60, ?, 70, ?, ?)",
    w.code,
    `ev${round}`,
    rated.id,
    round,
    status,
    at,
    at,
  );

const rowOf = (html: string, contractId: string) => html.slice(html.indexOf(`/projects/funded/${contractId}"`)).split("</tr>")[0]!;

describe("public projects list", () => {
  it("shows each project's average rating, number of ratings and latest evaluation, with a note that explains them", async () => {
    const zh = await (await new Browser().fetch(w.path("/projects?lang=zh-CN"))).text();
    expect(zh).toContain("居民满意度（平均分 · 评分人数）");
    expect(rowOf(zh, rated.id)).toContain("平均 3.7 分（满分 5 分）· 3 人评分");
    expect(rowOf(zh, rated.id)).toContain("中期评估 · 合格");
    expect(rowOf(zh, unrated.id)).toContain("暂无居民评分");
    expect(rowOf(zh, unrated.id)).toContain("尚未评估");
    expect(zh).toContain("满意度为居民通过反馈链接或二维码打分");
    const en = await (await new Browser().fetch(w.path("/projects?lang=en"))).text();
    expect(rowOf(en, rated.id)).toContain("3.7 out of 5 on average · 3 ratings");
    expect(rowOf(en, rated.id)).toContain("Mid-term evaluation · Passed");
    expect(en).toContain("Satisfaction: residents&#39; average rating");
    expect(en).not.toContain("projects.public.");
  });

  it("shows the project's own page with the same figure, in the same words, as its row in the list", async () => {
    const zh = await (await new Browser().fetch(w.path(`/projects/funded/${rated.id}?lang=zh-CN`))).text();
    expect(zh).toContain("居民满意度（平均分 · 评分人数）");
    expect(zh).toContain("平均 3.7 分（满分 5 分）· 3 人评分");
    expect(zh).not.toContain("66.7%");
    const en = await (await new Browser().fetch(w.path(`/projects/funded/${rated.id}?lang=en`))).text();
    expect(en).toContain("3.7 out of 5 on average · 3 ratings");
    expect(await (await new Browser().fetch(w.path(`/projects/funded/${unrated.id}?lang=zh-CN`))).text()).toContain("暂无居民评分");
  });

  it("carries and documents the same figures in the open data", async () => {
    const data = (await (await new Browser().fetch(w.path("/open-data/v1/projects.json"))).json()) as { fields: { name: string; type: string }[]; records: Record<string, unknown>[] };
    expect(data.fields.map((f) => f.name)).toEqual(expect.arrayContaining(["ratings", "meanRating", "satisfactionPercent", "evaluationStage", "evaluationStatus"]));
    expect(data.fields.find((f) => f.name === "meanRating")!.type).toBe("number");
    expect(data.records.find((r) => r.id === rated.id)).toMatchObject({ ratings: 3, meanRating: 3.7, satisfactionPercent: 66.7, evaluationStage: "midterm", evaluationStatus: "passed" });
    expect(data.records.find((r) => r.id === unrated.id)).toMatchObject({ ratings: 0, meanRating: null, satisfactionPercent: null, evaluationStage: null });
    const csv = (await (await new Browser().fetch(w.path("/open-data/v1/projects.csv"))).text()).trim().split("\r\n");
    const head = csv[0]!.replace(/^\uFEFF/, "").split(",");
    const row = csv.find((l) => l.startsWith(`${rated.id},`))!.split(",");
    expect(row[head.indexOf("meanRating")]).toBe("3.7");
    expect(row[head.indexOf("ratings")]).toBe("3");
    // Documented on /open-data beside the other files, with its paging; the list links there.
    const zh = await (await new Browser().fetch(w.path("/open-data?lang=zh-CN"))).text();
    expect(zh).toContain('id="projects"');
    expect(zh).toContain("每页最多 1000 条（?page=、?limit=）");
    expect(zh).toContain("居民平均评分（1–5 分，5 分为非常满意）");
    expect(zh).toContain(`https://sanshe.test${w.path("/open-data/v1/projects.json")}`);
    const en = await (await new Browser().fetch(w.path("/open-data?lang=en"))).text();
    expect(en).toContain("Up to 1000 a page (?page=, ?limit=)");
    expect(en).toContain("Residents&#39; average rating");
    expect(await (await new Browser().fetch(w.path("/projects?lang=zh-CN"))).text()).toContain(`href="${w.path("/open-data#projects")}">字段与分页说明</a>`);
  });

  it("lists the projects an organization implements on its public page", async () => {
    const orgId = (await w.db.prepare("SELECT organization_id FROM project_bids WHERE district_id = ? AND id = ?").bind(w.code, rated.bidId).first<string>("organization_id"))!;
    const page = await (await new Browser().fetch(w.path(`/organizations/${orgId}?lang=zh-CN`))).text();
    expect(page).toContain("承接的政府购买服务和公益创投项目");
    expect(page).toContain(`/projects/funded/${rated.id}`);
    expect(page).toContain(`/projects/funded/${unrated.id}`);
    expect(await (await new Browser().fetch(w.path(`/organizations/${orgId}?lang=en`))).text()).toContain("Funded projects it implements");
    expect((await new Browser().fetch(other.path(`/organizations/${orgId}`))).status).toBe(404);
  });

  it("does not count these ratings in another district", async () => {
    const page = await (await new Browser().fetch(other.path("/projects?lang=zh-CN"))).text();
    expect(page).not.toContain(rated.id);
    expect(page).not.toContain("3 人评分");
  });
});
