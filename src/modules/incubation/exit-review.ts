import type { IncubationActor } from "./actor";
import type { DistrictData } from "../../data/district-data";
import type * as z from "zod/mini";
import { AppError, validationFailed } from "../../http/errors";
import { t } from "../../i18n/messages";
import { addDays, addMonths, beijingDate } from "../../lib/beijing-time";
import { newId } from "../../lib/ids";
import { aggregate, assignReviewers, createRubric, loadRubric, type RubricItemInput } from "../../review";
import { findManagedIncubation } from "./incubations";
import { freeSpace } from "./period";
import { isReviewer } from "./queries";
import type { exitPanelSchema, exitSchema } from "./schemas";
import { changedMeanwhile } from "./service";

// The exit assessment (出壳评估): a panel of reviewers scores the incubation on a rubric
// through the review engine, then staff record the outcome with the panel's mean.

import { EXIT_KIND } from "./subject-kinds";
export { EXIT_KIND };

/** The exit rubric's items: what the incubation was for (docs/domain.md, incubation parks). */
export const EXIT_RUBRIC: readonly RubricItemInput[] = [
  { title: "登记与内部治理 Registration and governance", description: "是否依法登记或备案，章程、理事会、决策制度是否健全。", weight: 25, maxScore: 25 },
  { title: "财务管理 Financial management", description: "财务制度、账目与票据是否规范，资金是否独立核算。", weight: 20, maxScore: 20 },
  { title: "服务项目 Services delivered", description: "孵化期内开展的项目与服务的数量、质量和受益人反馈。", weight: 25, maxScore: 25 },
  { title: "团队与能力 Team and capacity", description: "骨干稳定性、专业能力、志愿者队伍。", weight: 15, maxScore: 15 },
  { title: "资源与可持续 Resources and sustainability", description: "资金来源、合作伙伴，离开孵化园后能否独立运作。", weight: 15, maxScore: 15 },
];

export async function openExitReview(data: DistrictData, actor: IncubationActor, incubationId: string, input: z.output<typeof exitPanelSchema>, now: string): Promise<string> {
  const l = actor.locale;
  const { inc } = await findManagedIncubation(data, actor, incubationId);
  if (inc.status !== "active") throw new AppError({ status: 409, code: "not_active", message: "inc.illegal", params: { status: t(l, `inc.incubation.status.${inc.status}`), allowed: "—" } });
  const panel = [...new Set(input.reviewerIds)];
  const min = data.district.settings.exitPanelMinimum;
  if (panel.length < min) throw validationFailed([{ field: "reviewerIds", code: "panel_too_small", message: t(l, "inc.exitPanel.tooSmall", { min }) }]);
  for (const reviewerId of panel) {
    if (!(await isReviewer(data, reviewerId))) throw validationFailed([{ field: "reviewerIds", code: "not_reviewer", message: t(l, "inc.exitPanel.notReviewer") }]);
  }
  if (await openPanel(data, inc.id)) throw new AppError({ status: 409, code: "conflict", message: "inc.exitPanel.alreadyOpen" });
  const org = await data.selectFrom("organizations").select("name").where("id", "=", inc.organization_id).executeTakeFirstOrThrow();
  const id = newId();
  const rubricId = newId();
  await data.write(
    [
      data.guard(data.selectFrom("incubations").select("id").where("id", "=", inc.id).where("version", "=", input.version).where("status", "=", "active")),
      // One panel at a time: a second one while the first works is refused as stale.
      data.guard(
        data
          .selectFrom("incubations")
          .select("id")
          .where("id", "=", inc.id)
          .where((eb) => eb.not(eb.exists(eb.selectFrom("exit_reviews").select("id").where("incubation_id", "=", inc.id).where("status", "=", "in_review")))),
      ),
      ...createRubric(data, rubricId, `出壳评估 · ${org.name}`, EXIT_RUBRIC, now),
      data.insertInto("exit_reviews", { id, incubation_id: inc.id, rubric_id: rubricId, status: "in_review", opened_by: actor.id, opened_at: now, decided_at: null }),
      ...assignReviewers(data, { subjectKind: EXIT_KIND, subjectId: id, rubricId, reviewerIds: panel, assignedBy: actor.id, now }),
      data
        .updateTable("incubations")
        .set({ version: input.version + 1 })
        .where("id", "=", inc.id),
    ],
    { action: "incubation.exit_review_opened", targetType: "incubation", targetId: inc.id, after: { exitReview: id, panel } },
    { stale: changedMeanwhile },
  );
  return id;
}

/** The open panel of an incubation and where its scoring stands. */
export async function openPanel(data: DistrictData, incubationId: string) {
  const review = await data.selectFrom("exit_reviews").selectAll().where("incubation_id", "=", incubationId).where("status", "=", "in_review").executeTakeFirst();
  if (!review) return null;
  const rubric = (await loadRubric(data, review.rubric_id))!;
  const result = (await aggregate(data, rubric, [review.id])).get(review.id)!;
  return { review, aggregate: result, ready: result.pending === 0 && result.counted > 0 };
}

/**
 * Staff record the outcome once every panel member not conflicted has handed in scores:
 * graduated, extended (within the renewals allowed) or eliminated; the score is the
 * panel's mean. An exit frees the space from its handback date.
 */
export async function assessExit(data: DistrictData, actor: IncubationActor, incubationId: string, input: z.output<typeof exitSchema>, now: string): Promise<void> {
  const l = actor.locale;
  const settings = data.district.settings;
  const { inc } = await findManagedIncubation(data, actor, incubationId);
  if (inc.status !== "active") throw new AppError({ status: 409, code: "not_active", message: "inc.illegal", params: { status: t(l, `inc.incubation.status.${inc.status}`), allowed: "—" } });
  const panel = await openPanel(data, inc.id);
  if (!panel) throw new AppError({ status: 409, code: "conflict", message: "inc.exitPanel.none" });
  if (!panel.ready || panel.aggregate.mean === null) throw new AppError({ status: 409, code: "conflict", message: "inc.exitPanel.pending", params: { pending: panel.aggregate.pending } });
  if (input.outcome === "extended" && inc.renewals_used >= settings.incubationRenewals) {
    throw validationFailed([{ field: "outcome", code: "no_renewals_left", message: t(l, "inc.incubation.noRenewals", { max: settings.incubationRenewals }) }]);
  }
  const score = panel.aggregate.mean;
  const today = beijingDate(now);
  const statements = [
    data.guard(data.selectFrom("incubations").select("id").where("id", "=", inc.id).where("version", "=", input.version).where("status", "=", "active")),
    data.guard(data.selectFrom("exit_reviews").select("id").where("id", "=", panel.review.id).where("status", "=", "in_review")),
    data.insertInto("exit_assessments", { id: newId(), incubation_id: inc.id, outcome: input.outcome, score, reasons: input.reasons, assessed_by: actor.id, assessed_at: now, exit_review_id: panel.review.id }),
    data.updateTable("exit_reviews").set({ status: "decided", decided_at: now }).where("id", "=", panel.review.id),
  ];
  if (input.outcome === "extended") {
    statements.push(
      data
        .updateTable("incubations")
        .set({ renewals_used: inc.renewals_used + 1, planned_end_on: addMonths(inc.planned_end_on, settings.incubationMonths), exit_due_on: null, version: input.version + 1 })
        .where("id", "=", inc.id),
    );
  } else {
    const handback = inc.space_id ? addDays(today, settings.spaceHandbackDays) : null;
    statements.push(
      data
        .updateTable("incubations")
        .set({ status: input.outcome, ended_on: today, handback_due_on: handback, version: input.version + 1 })
        .where("id", "=", inc.id),
      ...(handback && handback <= today ? freeSpace(data, inc, today) : []),
    );
  }
  await data.write(statements, { action: `incubation.exit_${input.outcome}`, targetType: "incubation", targetId: inc.id, after: { score, reasons: input.reasons, exitReview: panel.review.id } }, { stale: changedMeanwhile });
}
