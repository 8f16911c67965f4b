import { sql, type Compilable } from "kysely";
import { sameDistrict } from "../../../data/joins";
import type { DistrictData } from "../../../data/district-data";
import { notFound } from "../../../http/errors";
import { newId } from "../../../lib/ids";
import { addWorkingDays, beijingToday, endOfBeijingDay } from "../../../lib/beijing-time";
import { aggregate, assignReviewers, createRubric, loadRubric, publishNotice, recordDecision, replaceRubricItems, type RubricItemInput } from "../../../review";
import { buysAt, conflict, fieldError, guardedWrite, invalid, stale, type ProjectActor } from "../actor";
import type { EligibilityInput, ProposalChangeInput, ReviewSetupInput } from "../schemas";
import type { ProposalStage } from "../tables";
import { getBid, type BidView } from "./bids";
import { getCall, type CallView } from "./calls";
import { eligibilityProblems, organizationStanding } from "./eligibility";

// Bids through the shared review engine: the buyer sets the call's rubric, reviewers and
// optional roadshow (路演, scored as a part of the rubric); checks each submitted bid's
// eligibility within the working-day deadline; the engine collects the reviewers'
// declarations and scores; the ranking gives an award proposal within the call's budget
// (by rank, skipping a bid that does not fit), which staff may change with a recorded
// reason; the proposal goes on public notice (公示), and the bids on it are awarded when
// the notice settles (review-kind.tsx), unless an objection is upheld or the
// organization has entered a credit list meanwhile.

import { BID_KIND } from "../subject-kinds";
export { BID_KIND };

/** The rubric a call gets unless it already has scores: four parts, plus the roadshow when there is one. */
export function defaultRubric(roadshow: boolean): RubricItemInput[] {
  return [
    { title: "需求分析与项目设计", description: "回应居民需求的程度，服务对象、活动和指标是否清楚可行。", weight: 30, maxScore: 100 },
    { title: "团队与执行能力", description: "项目负责人和团队的专业资质，持证社工比例，志愿者动员。", weight: 25, maxScore: 100 },
    { title: "预算合理性", description: "预算与活动匹配，管理费用在上限以内。", weight: 20, maxScore: 100 },
    { title: "预期成效与可持续性", description: "成效指标可衡量，项目结束后服务能否延续。", weight: 25, maxScore: 100 },
    ...(roadshow ? [{ area: ROADSHOW_AREA, title: "路演答辩", description: "路演现场的陈述与答辩。", weight: 20, maxScore: 100 }] : []),
  ];
}
export const ROADSHOW_AREA = "路演";

function managedCall(actor: ProjectActor, call: CallView): CallView {
  if (!buysAt(actor, call.areaCode)) throw notFound();
  return call;
}

/** Sets the call's rubric, reviewer pool and roadshow; the rubric can no longer change once scored. */
export async function setUpReview(data: DistrictData, actor: ProjectActor, callId: string, input: ReviewSetupInput, now: string): Promise<void> {
  const call = managedCall(actor, await getCall(data, actor, callId));
  const ids = [...new Set(input.reviewerIds)];
  const known = new Set((await data.selectFrom("role_grants").select("user_id").where("role", "=", "reviewer").where("user_id", "in", ids).execute()).map((r) => r.user_id));
  const unknown = ids.findIndex((id) => !known.has(id));
  if (unknown >= 0) throw invalid([fieldError(actor, "reviewerIds", "projects.review.notAReviewer")]);
  const roadshowOn = input.roadshowOn || null;
  const items = defaultRubric(roadshowOn !== null);
  const rubricId = call.rubricId ?? newId();
  const existing = call.rubricId ? await loadRubric(data, call.rubricId) : null;
  // Once scored, the rubric stays as it is; only a set-up that keeps its shape may be saved.
  const locked = !!existing?.lockedAt;
  if (locked && existing.items.some((i) => i.area === ROADSHOW_AREA) !== (roadshowOn !== null)) throw conflict("projects.review.rubricLocked", {}, "rubric_locked");
  const rubric = locked ? [] : existing ? replaceRubricItems(data, rubricId, items) : createRubric(data, rubricId, `${call.title} 评审标准`, items, now);
  await guardedWrite(() =>
    data.write(
      [
        data.guard(data.selectFrom("project_calls").select("id").where("id", "=", callId).where("version", "=", input.version)),
        ...rubric,
        data
          .updateTable("project_calls")
          .set({ rubric_id: rubricId, roadshow_on: roadshowOn, roadshow_place: input.roadshowPlace, version: input.version + 1, updated_at: now })
          .where("id", "=", callId),
        data.deleteFrom("project_call_reviewers").where("call_id", "=", callId),
        ...(ids.length
          ? [
              data.insertInto(
                "project_call_reviewers",
                ids.map((user_id) => ({ call_id: callId, user_id })),
              ),
            ]
          : []),
      ],
      { action: "projects.review_set_up", targetType: "project_call", targetId: callId, after: { reviewers: ids, roadshowOn, roadshowPlace: input.roadshowPlace } },
    ),
  );
}

export async function callReviewers(data: DistrictData, callId: string): Promise<{ id: string; name: string }[]> {
  return data
    .selectFrom("project_call_reviewers")
    .innerJoin("users", sameDistrict("users", "project_call_reviewers.user_id"))
    .select(["users.id", "users.display_name as name"])
    .where("project_call_reviewers.call_id", "=", callId)
    .orderBy("users.display_name")
    .execute();
}

/** The eligibility check (资格初审) of a submitted bid: passing sends it to the call's reviewers. */
export async function checkEligibility(data: DistrictData, actor: ProjectActor, bidId: string, input: EligibilityInput, now: string): Promise<void> {
  const { bid, call } = await getBid(data, actor, bidId);
  managedCall(actor, call);
  if (bid.status !== "submitted") throw conflict("projects.error.notSubmitted");
  const statements: Compilable[] = [data.guard(data.selectFrom("project_bids").select("id").where("id", "=", bidId).where("status", "=", "submitted").where("version", "=", input.version))];
  if (input.outcome === "pass") {
    const reviewers = await callReviewers(data, call.id);
    if (!call.rubricId || reviewers.length === 0) throw conflict("projects.review.setUpFirst", {}, "review_not_set_up");
    const standing = await organizationStanding(data, bid.organizationId);
    const problems = standing ? eligibilityProblems(call, standing, beijingToday(Date.parse(now))) : ["projects.eligibility.creditList" as const];
    if (problems.length) throw conflict(problems[0]!, {}, problems[0] === "projects.eligibility.creditList" ? "credit_listed" : "ineligible");
    statements.push(
      data
        .updateTable("project_bids")
        .set({ status: "in_review", eligibility_done_at: now, version: input.version + 1, updated_at: now })
        .where("id", "=", bidId),
      ...assignReviewers(data, { subjectKind: BID_KIND, subjectId: bidId, rubricId: call.rubricId, reviewerIds: reviewers.map((r) => r.id), assignedBy: actor.id, now }),
    );
  } else {
    statements.push(
      data
        .updateTable("project_bids")
        .set({ status: "rejected", eligibility_done_at: now, version: input.version + 1, updated_at: now })
        .where("id", "=", bidId),
      recordDecision(data, { subjectKind: BID_KIND, subjectId: bidId, outcome: "ineligible", reasons: input.reasons, decidedBy: actor.id, now }),
    );
  }
  await guardedWrite(() => data.write(statements, { action: `projects.eligibility_${input.outcome}`, targetType: "project_bid", targetId: bidId, after: { reasons: input.reasons } }));
}

export interface RankedBid {
  bidId: string;
  title: string;
  organizationName: string;
  amountYuan: number;
  status: BidView["status"];
  grade: string | null;
  score: number | null;
  spread: number | null;
  counted: number;
  pending: number;
  conflicted: number;
  rank: number;
}

const PRIORITY_GRADES = new Set(["3A", "4A", "5A"]);

/**
 * Bids in review ranked by their mean weighted score; at equal scores a 3A or better
 * organization comes first (评估等级3A以上优先), then the smaller amount.
 */
export async function rankCall(data: DistrictData, actor: ProjectActor, callId: string): Promise<{ call: CallView; rows: RankedBid[] }> {
  const call = managedCall(actor, await getCall(data, actor, callId));
  const bids = await data
    .selectFrom("project_bids")
    .innerJoin("organizations", sameDistrict("organizations", "project_bids.organization_id"))
    .select(["project_bids.id", "project_bids.title", "project_bids.amount_yuan", "project_bids.status", "organizations.name", "organizations.grade"])
    .where("project_bids.call_id", "=", callId)
    .where("project_bids.status", "in", ["in_review", "awarded", "rejected"])
    .where("project_bids.eligibility_done_at", "is not", null)
    .execute();
  const rubric = call.rubricId ? await loadRubric(data, call.rubricId) : null;
  const aggregates = rubric
    ? await aggregate(
        data,
        rubric,
        bids.map((b) => b.id),
      )
    : new Map();
  const rows = bids.map((b) => {
    const a = aggregates.get(b.id);
    return {
      bidId: b.id,
      title: b.title,
      organizationName: b.name,
      amountYuan: Number(b.amount_yuan),
      status: b.status,
      grade: b.grade,
      score: a?.mean ?? null,
      spread: a?.spread ?? null,
      counted: a?.counted ?? 0,
      pending: a?.pending ?? 0,
      conflicted: a?.conflicted ?? 0,
      rank: 0,
    };
  });
  const priority = (g: string | null) => (g && PRIORITY_GRADES.has(g) ? 0 : 1);
  rows.sort((x, y) => (y.score ?? -1) - (x.score ?? -1) || priority(x.grade) - priority(y.grade) || x.amountYuan - y.amountYuan || x.organizationName.localeCompare(y.organizationName, "zh-CN"));
  for (const [i, r] of rows.entries()) r.rank = i + 1;
  return { call, rows };
}

/** By rank, each bid that still fits the budget; one that does not is skipped, not the end. */
export function proposeWithinBudget<T extends { amountYuan: number; score: number | null }>(ranked: readonly T[], budgetYuan: number): Set<T> {
  const chosen = new Set<T>();
  let left = budgetYuan;
  for (const row of ranked) {
    if (row.score === null || row.amountYuan > left) continue;
    chosen.add(row);
    left -= row.amountYuan;
  }
  return chosen;
}

export interface ProposalRow {
  bidId: string;
  rank: number;
  score: number | null;
  amountYuan: number;
  byRule: boolean;
  included: boolean;
  reason: string;
  stage: ProposalStage;
  noticeId: string | null;
  version: number;
  title: string;
  organizationName: string;
}

export async function proposalOf(data: DistrictData, callId: string): Promise<ProposalRow[]> {
  const rows = await data
    .selectFrom("project_proposals")
    .innerJoin("project_bids", sameDistrict("project_bids", "project_proposals.bid_id"))
    .innerJoin("organizations", sameDistrict("organizations", "project_bids.organization_id"))
    .select([
      "project_proposals.bid_id",
      "project_proposals.rank",
      "project_proposals.score",
      "project_proposals.amount_yuan",
      "project_proposals.by_rule",
      "project_proposals.included",
      "project_proposals.reason",
      "project_proposals.stage",
      "project_proposals.notice_id",
      "project_proposals.version",
      "project_bids.title",
      "organizations.name",
    ])
    .where("project_proposals.call_id", "=", callId)
    .orderBy("project_proposals.rank")
    .execute();
  return rows.map((r) => ({
    bidId: r.bid_id,
    rank: r.rank,
    score: r.score,
    amountYuan: Number(r.amount_yuan),
    byRule: r.by_rule === 1,
    included: r.included === 1,
    reason: r.reason,
    stage: r.stage,
    noticeId: r.notice_id,
    version: r.version,
    title: r.title,
    organizationName: r.name,
  }));
}

/** No proposal of the call has gone on notice: the condition of every change before the notice. */
const stillDraft = (data: DistrictData, callId: string) =>
  data.guard(
    data
      .selectFrom("project_calls")
      .select("id")
      .where("id", "=", callId)
      .where(sql<boolean>`not exists (select 1 from project_proposals p where p.district_id = project_calls.district_id and p.call_id = project_calls.id and p.stage <> 'draft')`),
  );

/** Makes (or makes again) the award proposal of a closed call from its ranking. */
export async function proposeAwards(data: DistrictData, actor: ProjectActor, callId: string, now: string): Promise<void> {
  const { call, rows } = await rankCall(data, actor, callId);
  if (call.status !== "closed") throw conflict("projects.review.callStillOpen", {}, "call_not_closed");
  const inReview = rows.filter((r) => r.status === "in_review");
  if (!inReview.length) throw conflict("projects.review.nothingToPropose", {}, "nothing_to_propose");
  const waiting = inReview.filter((r) => r.pending > 0 || r.counted === 0);
  if (waiting.length) throw conflict("projects.review.scoresPending", { bids: waiting.map((w) => w.organizationName).join("、") }, "scores_pending");
  const chosen = proposeWithinBudget(inReview, call.totalBudgetYuan);
  await guardedWrite(() =>
    data.write(
      [
        stillDraft(data, callId),
        data.deleteFrom("project_proposals").where("call_id", "=", callId),
        ...chunk(
          inReview.map((r, i) => ({
            call_id: callId,
            bid_id: r.bidId,
            rank: i + 1,
            score: r.score,
            amount_yuan: r.amountYuan,
            by_rule: chosen.has(r) ? 1 : 0,
            included: chosen.has(r) ? 1 : 0,
            reason: "",
            stage: "draft" as const,
            notice_id: null,
            version: 1,
            updated_by: actor.id,
            updated_at: now,
          })),
          7,
        ).map((rows) => data.insertInto("project_proposals", rows)),
      ],
      { action: "projects.awards_proposed", targetType: "project_call", targetId: callId, after: { proposed: [...chosen].map((r) => r.bidId), budgetYuan: call.totalBudgetYuan } },
    ),
  );
}

function chunk<T>(rows: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** Staff put a bid into the proposal or take it out, with the reason; never above the budget. */
export async function changeProposal(data: DistrictData, actor: ProjectActor, callId: string, bidId: string, input: ProposalChangeInput, now: string): Promise<void> {
  managedCall(actor, await getCall(data, actor, callId));
  const row = (await proposalOf(data, callId)).find((r) => r.bidId === bidId);
  if (!row) throw notFound();
  if (row.stage !== "draft") throw conflict("projects.review.alreadyOnNotice", {}, "not_editable");
  await data.write(
    [
      stillDraft(data, callId),
      data.guard(data.selectFrom("project_proposals").select("bid_id").where("bid_id", "=", bidId).where("version", "=", input.version)),
      data
        .updateTable("project_proposals")
        .set({ included: input.included ? 1 : 0, reason: input.reason, version: input.version + 1, updated_by: actor.id, updated_at: now })
        .where("bid_id", "=", bidId),
    ],
    { action: input.included ? "projects.proposal_included" : "projects.proposal_excluded", targetType: "project_bid", targetId: bidId, before: { included: row.included }, after: { included: input.included, reason: input.reason } },
    { stale, rules: { "project_proposals.over_budget": () => invalid([fieldError(actor, "included", "projects.review.overBudget")]) } },
  );
}

/**
 * Puts the proposal on public notice for the district's notice period in working days.
 * Bids left out are not awarded (with the reason: rank and budget, or the staff's own).
 */
export async function publishAwards(data: DistrictData, actor: ProjectActor, callId: string, input: { body: string; noticeWorkingDays: number }, now: string): Promise<string> {
  const call = managedCall(actor, await getCall(data, actor, callId));
  const rows = await proposalOf(data, callId);
  if (!rows.length || rows.some((r) => r.stage !== "draft")) throw conflict("projects.review.nothingToPublish", {}, "nothing_to_publish");
  const included = rows.filter((r) => r.included);
  if (!included.length) throw conflict("projects.review.nothingToPublish", {}, "nothing_to_publish");
  const reviewers = await callReviewers(data, callId);
  const noticeId = newId();
  const endsAt = endOfBeijingDay(addWorkingDays(now, input.noticeWorkingDays));
  const left = rows.filter((r) => !r.included);
  const statements: Compilable[] = [
    stillDraft(data, callId),
    ...publishNotice(data, {
      noticeId,
      subjectKind: BID_KIND,
      batchId: callId,
      title: `${call.title}拟立项项目公示`,
      body: input.body,
      reviewersText: reviewers.map((r) => r.name).join("、"),
      startsAt: now,
      endsAt,
      items: included.map((r) => ({ subjectId: r.bidId, label: `${r.organizationName}：${r.title}`, proposedOutcome: "award", score: r.score, areaCode: call.areaCode })),
      by: actor.id,
      now,
    }),
    data.updateTable("project_proposals").set({ stage: "in_notice", notice_id: noticeId, version: sql<number>`version + 1`, updated_at: now }).where("call_id", "=", callId).where("included", "=", 1),
    data.updateTable("project_proposals").set({ stage: "not_awarded", version: sql<number>`version + 1`, updated_at: now }).where("call_id", "=", callId).where("included", "=", 0),
  ];
  for (const r of left) {
    statements.push(
      data.updateTable("project_bids").set({ status: "rejected", version: sql<number>`version + 1`, updated_at: now }).where("id", "=", r.bidId).where("status", "=", "in_review"),
      recordDecision(data, { subjectKind: BID_KIND, subjectId: r.bidId, outcome: "not_awarded", reasons: r.reason || (r.score === null ? "未获评分" : "按评分排序，超出本批次预算"), decidedBy: actor.id, now }),
    );
  }
  await guardedWrite(() => data.write(statements, { action: "notice.published", targetType: "notice", targetId: noticeId, after: { call: callId, items: included.length, endsAt } }));
  return noticeId;
}
