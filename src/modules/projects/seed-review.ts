import { sql, type CompiledQuery } from "kysely";
import { createKysely } from "../../data/kysely";
import type { DistrictDB } from "../../data/schema";
import { addDays, beijingToday } from "../../lib/beijing-time";
import type { RubricItemInput } from "../../review";
import type { DemoDistrict, ModuleSeed, SeedContext } from "../../seed/demo";
import { defaultRubric } from "./domain/review";
import { evaluationRubric, PASS_MARK } from "./domain/evaluations";
import type { CallSpec } from "./seed";
import { BID_KIND, EVALUATION_KIND } from "./subject-kinds";

// Demo data of review and evaluation in 昆都仑区: a first 公益创投 round closed with its
// bids in review (the demo reviewer has them in the inbox), the purchased-service
// contract's mid-term evaluation open with the demo evaluator, residents' feedback on
// it, and last year's completed project with its passed final evaluation.
//
// Idempotent: fixed ids, existing rows left alone.

const db = createKysely<DistrictDB>(null as unknown as D1Database);

export function reviewCalls(today: string, year: number): CallSpec[] {
  return [
    {
      key: "venture-first",
      kind: "venture",
      title: `${year}年昆都仑区社区公益创投（第一批）`,
      description: "第一批创投项目已截止申报，评审专家正在评分。",
      needs: "社区走访中居民反映：青少年课后无处去，社区文体活动少。",
      year,
      opens: addDays(today, -60),
      closes: addDays(today, -15),
      cap: 80_000,
      total: 150_000,
      status: "closed",
      categories: ["youth", "culture"],
      bids: [
        {
          key: "r1",
          org: "silver",
          category: "culture",
          title: "银龄合唱团：社区文化共享",
          target: "沼潭街道老年居民与青少年",
          beneficiaries: 90,
          activities: "每周合唱排练；季度社区音乐会；祖孙同台。",
          indicators: "排练 40 次\n音乐会 4 场\n服务对象满意度 90% 以上",
          community: "150203001002",
          volunteers: 15,
          status: "in_review",
          lines: [
            ["personnel", "指导老师补贴", 24_000],
            ["activities", "排练与演出", 18_000],
            ["admin", "项目管理", 3_000],
          ],
          team: [["liufang", true]],
        },
        {
          key: "r2",
          org: "sunshine",
          category: "youth",
          title: "彩虹课后成长营",
          target: "和平路社区小学生",
          beneficiaries: 60,
          activities: "课后作业辅导、阅读小组、暑期成长营。",
          indicators: "课后服务 120 次\n阅读小组 10 期",
          community: "150203001001",
          volunteers: 18,
          status: "in_review",
          lines: [
            ["personnel", "社工服务补贴", 36_000],
            ["activities", "活动与营地", 22_000],
            ["admin", "项目管理", 5_000],
          ],
          team: [
            ["chenjing", true],
            ["wanglei", false],
          ],
        },
      ],
    },
  ];
}

function rubric(d: string, rubricId: string, title: string, items: RubricItemInput[], at: string): CompiledQuery[] {
  return [
    db
      .insertInto("rubrics")
      .values({ district_id: d, id: rubricId, title, locked_at: null, created_at: at })
      .onConflict((oc) => oc.doNothing())
      .compile(),
    ...items.map((item, position) =>
      db
        .insertInto("rubric_items")
        .values({ district_id: d, id: `${rubricId}-${position}`, rubric_id: rubricId, position, area: item.area ?? "", title: item.title, description: item.description ?? "", weight: item.weight, max_score: item.maxScore })
        .onConflict((oc) => oc.doNothing())
        .compile(),
    ),
  ];
}

function assignment(d: string, id: string, kind: string, subjectId: string, rubricId: string, reviewer: string, role: string, assignedBy: string, at: string, submitted: boolean): CompiledQuery {
  return db
    .insertInto("review_assignments")
    .values({
      district_id: d,
      id,
      subject_kind: kind,
      subject_id: subjectId,
      rubric_id: rubricId,
      reviewer_id: reviewer,
      scorer_role: role,
      status: submitted ? "clear" : "awaiting_declaration",
      conflict_reason: null,
      declared_at: submitted ? at : null,
      submitted_at: submitted ? at : null,
      assigned_by: assignedBy,
      assigned_at: at,
    })
    .onConflict((oc) => oc.doNothing())
    .compile();
}

const FEEDBACK: [number, string][] = [
  [5, "社工每次来都很耐心，老伴的康复训练有进步。"],
  [5, "照护者小组让我知道怎么休息，谢谢。"],
  [4, "活动很好，希望时间安排在上午。"],
  [5, ""],
  [3, "上门次数可以再多一些。"],
  [4, ""],
];

export const projectsReviewSeed: ModuleSeed = async (district: DemoDistrict, ctx: SeedContext) => {
  const d = district.code;
  if (district.onboarding || d !== "150203") return [];
  const id = (kind: string, key: string) => `demo-${d}-${kind}-${key}`;
  const today = beijingToday(Date.parse(ctx.now));
  const year = Number(today.slice(0, 4));
  const admin = ctx.personId("admin");
  const out: CompiledQuery[] = [];

  // The first venture round: its rubric, reviewer and the bids awaiting scores.
  const callId = id("call", "venture-first");
  const callRubric = id("rubric", "venture-first");
  out.push(...rubric(d, callRubric, `${year}年社区公益创投（第一批）评审`, defaultRubric(false), ctx.now));
  out.push(db.updateTable("project_calls").set({ rubric_id: callRubric, version: sql<number>`version + 1` }).where("district_id", "=", d).where("id", "=", callId).where("rubric_id", "is", null).compile());
  out.push(
    db
      .insertInto("project_call_reviewers")
      .values({ district_id: d, call_id: callId, user_id: ctx.personId("reviewer") })
      .onConflict((oc) => oc.doNothing())
      .compile(),
  );
  for (const key of ["r1", "r2"]) {
    out.push(db.updateTable("project_bids").set({ eligibility_done_at: ctx.now, version: sql<number>`version + 1` }).where("district_id", "=", d).where("id", "=", id("bid", key)).where("eligibility_done_at", "is", null).compile());
    out.push(assignment(d, id("assignment", key), BID_KIND, id("bid", key), callRubric, ctx.personId("reviewer"), "reviewer", admin, ctx.now, false));
  }

  // Evaluations: this year's mid-term waiting for the evaluator, last year's final passed.
  const evaluations: { key: string; contract: string; stage: "midterm" | "final"; passed: boolean; at: string }[] = [
    { key: "p1-midterm", contract: id("contract", "p1"), stage: "midterm", passed: false, at: ctx.now },
    { key: "g1-final", contract: id("contract", "g1"), stage: "final", passed: true, at: `${year}-02-20T02:00:00.000Z` },
  ];
  for (const e of evaluations) {
    const rubricId = id("rubric", e.key);
    const items = evaluationRubric(e.stage);
    out.push(...rubric(d, rubricId, e.stage === "final" ? "结项评估" : "中期评估", items, e.at));
    const evaluationId = id("evaluation", e.key);
    out.push(
      db
        .insertInto("project_evaluations")
        .values({
          district_id: d,
          id: evaluationId,
          contract_id: e.contract,
          stage: e.stage,
          round: 1,
          rubric_id: rubricId,
          pass_mark: PASS_MARK,
          status: e.passed ? "passed" : "open",
          score: e.passed ? 86 : null,
          reasons: e.passed ? "服务产出和成效指标全部达成，资金使用规范，居民满意度高。" : "",
          rectification_due_on: null,
          credit_proposal: "",
          overdue: 0,
          decided_by: e.passed ? admin : null,
          decided_at: e.passed ? e.at : null,
          version: e.passed ? 2 : 1,
          created_by: admin,
          created_at: e.at,
        })
        .onConflict((oc) => oc.doNothing())
        .compile(),
    );
    const assignmentId = id("assignment", e.key);
    out.push(assignment(d, assignmentId, EVALUATION_KIND, evaluationId, rubricId, ctx.personId("evaluator"), "evaluator", admin, e.at, e.passed));
    if (e.passed) {
      for (const position of items.keys()) {
        out.push(
          db
            .insertInto("review_scores")
            .values({ district_id: d, assignment_id: assignmentId, item_id: `${rubricId}-${position}`, score: 86, comment: "", scored_at: e.at })
            .onConflict((oc) => oc.doNothing())
            .compile(),
        );
      }
      out.push(db.updateTable("rubrics").set({ locked_at: e.at }).where("district_id", "=", d).where("id", "=", rubricId).compile());
    }
  }

  // Residents' feedback through the projects' QR posters (device tokens, no phone numbers).
  for (const [contract, from] of [
    [id("contract", "p1"), 0],
    [id("contract", "g1"), 2],
  ] as const) {
    for (const [i, [rating, comment]] of FEEDBACK.slice(from).entries()) {
      out.push(
        db
          .insertInto("project_feedback")
          .values({ district_id: d, id: `${contract}-feedback-${i}`, contract_id: contract, rating, comment, respondent_key: `d:demo-${contract}-${i}`, phone_protected: null, created_at: `${addDays(today, -(i * 3 + 1))}T02:00:00.000Z` })
          .onConflict((oc) => oc.doNothing())
          .compile(),
      );
    }
  }
  return out;
};
