import { describe, expect, it } from "vitest";
import { DEMO_PASSWORD, demoEmail } from "../../src/seed/demo";
import kundulun from "../../tenants/150203-kundulun.json";
import { Browser, loadDemoDistrict } from "../helpers";

// The demo data `npm start` shows for projects: an open 公益创投 call with bids, a
// contract in delivery with its first instalment paid, last year's project paid in
// full, and budgets whose committed and paid figures agree with them.

const d = await loadDemoDistrict(kundulun);
const admin = new Browser();
await admin.signIn(d.code, demoEmail(d, d.people.find((p) => p.key === "admin")!), DEMO_PASSWORD);
const api = (p: string) => `/d/${d.code}/api/v1${p}`;

describe("project demo data", () => {
  it("has a call open for bids, with bids submitted", async () => {
    const calls = (await (await new Browser().fetch(api("/projects/calls"))).json()) as { id: string; kind: string; status: string }[];
    const venture = calls.find((c) => c.kind === "venture" && c.status === "published")!;
    const bids = (await (await admin.api(api(`/projects/calls/${venture.id}/bids`))).json()) as { status: string }[];
    expect(bids.map((b) => b.status)).toEqual(["submitted", "submitted"]);
  });

  it("has a closed 公益创投 round with its bids in the demo reviewer's inbox", async () => {
    const reviewer = new Browser();
    await reviewer.signIn(d.code, demoEmail(d, d.people.find((p) => p.key === "reviewer")!), DEMO_PASSWORD);
    const mine = (await (await reviewer.api(api("/review/assignments"))).json()) as { subject_id: string; submitted_at: string | null }[];
    expect(mine.filter((a) => a.subject_id.includes("-bid-r") && !a.submitted_at)).toHaveLength(2);
    const board = await (await admin.fetch(`/d/${d.code}/projects/calls/demo-${d.code}-call-venture-first/review?lang=zh-CN`)).text();
    expect(board).toContain("彩虹课后成长营");
  });

  it("has a mid-term evaluation waiting for the evaluator, residents' feedback, and last year's final evaluation passed", async () => {
    const p1 = (await (await admin.api(api(`/projects/contracts/demo-${d.code}-contract-p1/evaluations`))).json()) as { evaluations: { stage: string; status: string }[]; feedback: { count: number; satisfactionPercent: number } };
    expect(p1.evaluations).toMatchObject([{ stage: "midterm", status: "open" }]);
    expect(p1.feedback).toMatchObject({ count: 6, satisfactionPercent: 83.3 });
    const evaluator = new Browser();
    await evaluator.signIn(d.code, demoEmail(d, d.people.find((p) => p.key === "evaluator")!), DEMO_PASSWORD);
    const inbox = (await (await evaluator.api(api("/review/assignments"))).json()) as { subject_id: string; submitted_at: string | null }[];
    expect(inbox.filter((a) => a.subject_id.endsWith("-evaluation-p1-midterm") && !a.submitted_at)).toHaveLength(1);
    const g1 = (await (await admin.api(api(`/projects/contracts/demo-${d.code}-contract-g1/evaluations`))).json()) as { evaluations: { stage: string; status: string; score: number }[] };
    expect(g1.evaluations).toMatchObject([{ stage: "final", status: "passed", score: 86 }]);
    const page = await (await admin.fetch(`/d/${d.code}/projects/contracts/demo-${d.code}-contract-p1?lang=zh-CN`)).text();
    expect(page).toContain("评估中 · 已评分 0 人，待评分 1 人");
    const published = await (await new Browser().fetch(`/d/${d.code}/projects/funded/demo-${d.code}-contract-g1?lang=zh-CN`)).text();
    expect(published).toContain("结项评估 · 合格 · 86");
    // Ratings 4, 5, 3 and 4.
    expect(published).toContain("平均 4.0 分（满分 5 分）· 4 人评分");
  });

  it("moves the budget figures with the awarded and paid projects", async () => {
    const year = new Date().getUTCFullYear();
    const budgets = (await (await admin.api(api(`/projects/budgets?year=${year}`))).json()) as { categoryId: string; committedYuan: number; paidYuan: number; remainingYuan: number; amountYuan: number }[];
    const elderly = budgets.find((b) => b.categoryId.endsWith("category-elderly"))!;
    expect(elderly).toMatchObject({ committedYuan: 200_000, paidYuan: 60_000, remainingYuan: 600_000 });
    const contract = (await (await admin.api(api(`/projects/contracts/demo-${d.code}-contract-p1`))).json()) as { status: string; instalments: { status: string }[] };
    expect(contract.status).toBe("signed");
    expect(contract.instalments.map((i) => i.status)).toEqual(["paid", "scheduled", "scheduled"]);
    const page = await (await admin.fetch(`/d/${d.code}/projects/contracts/demo-${d.code}-contract-p1`)).text();
    expect(page).toContain("昆都仑区阳光社会工作服务中心");
    const delivery = (await (await admin.api(api(`/projects/contracts/demo-${d.code}-contract-p1/delivery`))).json()) as { records: { confirmedAt: string | null }[]; lines: { spentYuan: number }[] };
    expect(delivery.records.filter((r) => r.confirmedAt)).toHaveLength(2);
    expect(delivery.lines.map((l) => l.spentYuan)).toEqual([30_000, 6_500, 4_800, 0]);
  });
});

describe("public pages and open data", () => {
  const visitor = new Browser();

  it("lists funded projects with implementer, community, amount, term and status, and no person", async () => {
    const html = await (await visitor.fetch(`/d/${d.code}/projects`)).text();
    expect(html).toContain("沼潭街道居家养老社工服务");
    expect(html).toContain("林荫路街道社区议事会能力建设");
    expect(html).not.toContain("银龄守望"); // a bid, not a funded project
    const page = await (await visitor.fetch(`/d/${d.code}/projects/funded/demo-${d.code}-contract-p1`)).text();
    expect(page).toContain("昆都仑区阳光社会工作服务中心");
    expect(page).toContain("持证社工占比：100%");
    for (const personal of ["刘芳", "陈静", "王磊", "139", "1384"]) expect(page).not.toContain(personal);
    expect(await (await visitor.fetch(`/d/${d.code}/projects/funded/demo-${d.code}-bid-v1`)).status).toBe(404);
    expect(await (await visitor.fetch(`/d/${d.code}/projects/funded/x?lang=en`)).status).toBe(404);
  });

  it("serves the same records as CSV (with a BOM for Excel) and JSON with documented fields", async () => {
    const bytes = new Uint8Array(await (await visitor.fetch(`/d/${d.code}/open-data/v1/projects.csv`)).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = new TextDecoder().decode(bytes);
    const [header, ...rows] = csv.trim().split("\r\n");
    expect(header).toBe("id,title,kind,year,categoryZh,organizationId,organizationName,communityCode,amountYuan,paidYuan,startsOn,endsOn,status,evaluationStage,evaluationStatus,ratings,meanRating,satisfactionPercent");
    const json = (await (await visitor.fetch(`/d/${d.code}/open-data/v1/projects.json`)).json()) as {
      count: number;
      fields: { name: string; description: { en: string } }[];
      records: { paidYuan: number; amountYuan: number; status: string; evaluationStage: string | null; evaluationStatus: string | null }[];
    };
    expect(json.count).toBe(rows.length);
    expect(json.fields.every((f) => f.description.en.length > 0)).toBe(true);
    const completed = json.records.find((r) => r.status === "completed")!;
    expect(completed.paidYuan).toBe(completed.amountYuan);
    expect([completed.evaluationStage, completed.evaluationStatus]).toEqual(["final", "passed"]);
  });
});
