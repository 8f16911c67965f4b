import { sql, type Compilable } from "kysely";
import type { DistrictData } from "../../../data/district-data";
import { notFound } from "../../../http/errors";
import { addDays, beijingToday } from "../../../lib/beijing-time";
import { newId } from "../../../lib/ids";
import { aggregate, assignReviewers, createRubric, loadRubric, recordDecision, type RubricItemInput } from "../../../review";
import { buysAt, conflict, fieldError, guardedWrite, invalid, type ProjectActor } from "../actor";
import type { EvaluationDecisionInput, EvaluationOpenInput } from "../schemas";
import type { EvaluationStage, EvaluationStatus } from "../tables";
import { notify } from "../../../core/module-contract";
import { evaluationAssigned } from "../notifications";
import { dueNotice, getContract, PAYMENT_DAYS, type ContractView } from "./contracts";

// 独立第三方评估: the buyer assigns evaluators to a signed contract's mid-term or final
// evaluation; they declare conflicts and score on the review engine, seeing the service
// records, the spending against the budget and the beneficiaries' feedback. The buyer
// then records the result: a pass opens the instalment gated on it (and a final pass
// completes the contract); a fail opens a rectification period, after which the buyer
// orders a re-evaluation (the next round) or terminates the contract, cancelling the
// instalments not yet paid. What the rules suggest for the credit lists is proposed to
// staff, who decide it on the credit-list pages.

import { EVALUATION_KIND } from "../subject-kinds";
export { EVALUATION_KIND };
/** The pass mark on the 100-point scale (合格). */
export const PASS_MARK = 60;
/** Days the implementer has to rectify after a failed evaluation. */
export const RECTIFICATION_DAYS = 30;

/** What the rules suggest for the credit lists after a result (for staff to decide). */
export type CreditProposal = "" | "rectification" | "abnormal_list";

export function evaluationRubric(stage: EvaluationStage): RubricItemInput[] {
  return [
    { title: "服务产出完成度", description: "服务记录与合同约定的活动、人次相比。", weight: 30, maxScore: 100 },
    { title: "成效指标达成", description: stage === "final" ? "成效指标的最终达成情况。" : "成效指标的阶段进展。", weight: 25, maxScore: 100 },
    { title: "资金使用规范", description: "支出与预算科目一致，票据完整。", weight: 20, maxScore: 100 },
    { title: "服务对象满意度", description: "居民反馈的评分与意见。", weight: 15, maxScore: 100 },
    { title: "项目管理与档案", description: "计划、记录、社区确认与档案。", weight: 10, maxScore: 100 },
  ];
}

export interface EvaluationView {
  id: string;
  contractId: string;
  stage: EvaluationStage;
  round: number;
  rubricId: string;
  passMark: number;
  status: EvaluationStatus;
  score: number | null;
  reasons: string;
  rectificationDueOn: string | null;
  creditProposal: CreditProposal;
  overdue: number;
  decidedAt: string | null;
  version: number;
}

function evaluationsQuery(data: DistrictData) {
  return data
    .selectFrom("project_evaluations")
    .select([
      "id",
      "contract_id as contractId",
      "stage",
      "round",
      "rubric_id as rubricId",
      "pass_mark as passMark",
      "status",
      "score",
      "reasons",
      "rectification_due_on as rectificationDueOn",
      "credit_proposal as creditProposal",
      "overdue",
      "decided_at as decidedAt",
      "version",
    ]);
}

export async function evaluationsOf(data: DistrictData, contractId: string): Promise<EvaluationView[]> {
  return (await evaluationsQuery(data).where("contract_id", "=", contractId).orderBy("created_at").execute()) as EvaluationView[];
}

/** An evaluation with its contract, for the buyers of the contract's call (404 for anyone else). */
export async function managedEvaluation(data: DistrictData, actor: ProjectActor, evaluationId: string): Promise<{ evaluation: EvaluationView; contract: ContractView }> {
  const evaluation = (await evaluationsQuery(data).where("id", "=", evaluationId).executeTakeFirst()) as EvaluationView | undefined;
  if (!evaluation) throw notFound();
  const contract = await getContract(data, actor, evaluation.contractId);
  if (!buysAt(actor, contract.call.areaCode)) throw notFound();
  return { evaluation, contract };
}

/** Opens the stage's evaluation (or its re-evaluation after a failed one) with the evaluators chosen. */
export async function openEvaluation(data: DistrictData, actor: ProjectActor, contractId: string, input: EvaluationOpenInput, now: string): Promise<string> {
  const contract = await getContract(data, actor, contractId);
  if (!buysAt(actor, contract.call.areaCode)) throw notFound();
  if (contract.status !== "signed") throw conflict("projects.evaluation.notSigned", {}, "not_active");
  const ids = [...new Set(input.evaluatorIds)];
  const known = new Set((await data.selectFrom("role_grants").select("user_id").where("role", "=", "evaluator").where("user_id", "in", ids).execute()).map((k) => k.user_id));
  if (ids.some((id) => !known.has(id))) throw invalid([fieldError(actor, "evaluatorIds", "projects.evaluation.notAnEvaluator")]);
  const all = await evaluationsOf(data, contractId);
  if (all.some((e) => e.status === "open")) throw conflict("projects.evaluation.alreadyOpen", {}, "pending_exists");
  const same = all.filter((e) => e.stage === input.stage);
  const last = same.at(-1);
  if (last && last.status !== "failed") throw conflict("projects.evaluation.notAgain", {}, "illegal_transition");
  if (input.stage === "final" && contract.instalments.some((i) => i.gate === "midterm") && !all.some((e) => e.stage === "midterm" && e.status === "passed")) throw conflict("projects.evaluation.midtermFirst", {}, "illegal_transition");
  const id = newId();
  const rubricId = newId();
  await guardedWrite(
    () =>
      data.write(
        [
          ...createRubric(data, rubricId, `${contract.bid.title} ${input.stage === "final" ? "结项评估" : "中期评估"}`, evaluationRubric(input.stage), now),
          data.insertInto("project_evaluations", {
            id,
            contract_id: contractId,
            stage: input.stage,
            round: (last?.round ?? 0) + 1,
            rubric_id: rubricId,
            pass_mark: PASS_MARK,
            status: "open",
            score: null,
            reasons: "",
            rectification_due_on: null,
            credit_proposal: "",
            overdue: 0,
            decided_by: null,
            decided_at: null,
            version: 1,
            created_by: actor.id,
            created_at: now,
          }),
          ...(last ? [data.updateTable("project_evaluations").set({ overdue: 0, version: sql<number>`version + 1` }).where("id", "=", last.id)] : []),
          ...assignReviewers(data, { subjectKind: EVALUATION_KIND, subjectId: id, rubricId, reviewerIds: ids, assignedBy: actor.id, now, scorerRole: "evaluator" }),
          ...ids.map((to) => notify(data, evaluationAssigned, { to, params: { bid: contract.bid.title, organization: contract.bid.organizationName }, target: { type: "project_evaluation", id } })),
        ],
        { action: "projects.evaluation_opened", targetType: "project_contract", targetId: contractId, after: { evaluation: id, stage: input.stage, round: (last?.round ?? 0) + 1, evaluators: ids } },
      ),
    () => conflict("projects.evaluation.alreadyOpen", {}, "pending_exists"),
  );
  return id;
}

const guardOpen = (data: DistrictData, id: string, version: number, status: EvaluationStatus = "open") =>
  data.guard(data.selectFrom("project_evaluations").select("id").where("id", "=", id).where("status", "=", status).where("version", "=", version));

/** Records the result once every evaluator's score is in: pass (the gate opens) or fail (rectification). */
export async function decideEvaluation(data: DistrictData, actor: ProjectActor, evaluationId: string, input: EvaluationDecisionInput, now: string): Promise<EvaluationStatus> {
  const { evaluation, contract } = await managedEvaluation(data, actor, evaluationId);
  if (evaluation.status !== "open") throw conflict("projects.evaluation.notOpen", {}, "illegal_transition");
  const rubric = (await loadRubric(data, evaluation.rubricId))!;
  const result = (await aggregate(data, rubric, [evaluationId])).get(evaluationId)!;
  if (result.pending > 0 || result.counted === 0 || result.mean === null) throw conflict("projects.evaluation.scoresPending", {}, "scores_pending");
  const passed = result.mean >= evaluation.passMark;
  const today = beijingToday(Date.parse(now));
  const statements: Compilable[] = [
    guardOpen(data, evaluationId, input.version),
    data
      .updateTable("project_evaluations")
      .set({
        status: passed ? "passed" : "failed",
        score: result.mean,
        reasons: input.reasons,
        rectification_due_on: passed ? null : addDays(today, RECTIFICATION_DAYS),
        credit_proposal: passed ? "" : "rectification",
        decided_by: actor.id,
        decided_at: now,
        version: input.version + 1,
      })
      .where("id", "=", evaluationId),
    recordDecision(data, { subjectKind: EVALUATION_KIND, subjectId: evaluationId, outcome: passed ? "passed" : "failed", reasons: input.reasons, decidedBy: actor.id, now }),
  ];
  if (passed) {
    statements.push(
      data
        .updateTable("project_instalments")
        .set({ status: "due", due_on: addDays(today, PAYMENT_DAYS) })
        .where("contract_id", "=", contract.id)
        .where("gate", "=", evaluation.stage)
        .where("status", "=", "scheduled"),
      ...dueNotice(data, contract, evaluation.stage, addDays(today, PAYMENT_DAYS)),
    );
    if (evaluation.stage === "final") statements.push(data.updateTable("project_contracts").set({ status: "completed", version: sql<number>`version + 1`, updated_at: now }).where("id", "=", contract.id).where("status", "=", "signed"));
  }
  await guardedWrite(() =>
    data.write(statements, {
      action: passed ? "projects.evaluation_passed" : "projects.evaluation_failed",
      targetType: "project_contract",
      targetId: contract.id,
      after: { evaluation: evaluationId, stage: evaluation.stage, round: evaluation.round, score: result.mean, reasons: input.reasons },
    }),
  );
  return passed ? "passed" : "failed";
}

/**
 * After a failed evaluation, the buyer ends the contract: the instalments not yet paid
 * are cancelled, and entering the organization on the abnormal-activity list (rectification
 * not finished) is proposed to the staff who keep the credit lists.
 */
export async function terminateContract(data: DistrictData, actor: ProjectActor, evaluationId: string, input: EvaluationDecisionInput, now: string): Promise<void> {
  const { evaluation, contract } = await managedEvaluation(data, actor, evaluationId);
  if (evaluation.status !== "failed" || contract.status !== "signed") throw conflict("projects.evaluation.cannotTerminate", {}, "illegal_transition");
  if (input.reasons.length < 2) throw invalid([fieldError(actor, "reasons", "projects.evaluation.reasonsNeeded")]);
  await guardedWrite(() =>
    data.write(
      [
        guardOpen(data, evaluationId, input.version, "failed"),
        data
          .updateTable("project_evaluations")
          .set({ status: "terminated", credit_proposal: "abnormal_list", reasons: input.reasons, version: input.version + 1 })
          .where("id", "=", evaluationId),
        data.updateTable("project_contracts").set({ status: "terminated", version: sql<number>`version + 1`, updated_at: now }).where("id", "=", contract.id).where("status", "=", "signed"),
        data.updateTable("project_instalments").set({ status: "cancelled", overdue: 0 }).where("contract_id", "=", contract.id).where("status", "in", ["scheduled", "due"]),
        recordDecision(data, { subjectKind: EVALUATION_KIND, subjectId: evaluationId, outcome: "terminated", reasons: input.reasons, decidedBy: actor.id, now }),
      ],
      {
        action: "projects.contract_terminated",
        targetType: "project_contract",
        targetId: contract.id,
        after: { evaluation: evaluationId, reasons: input.reasons, cancelled: contract.instalments.filter((i) => i.status === "scheduled" || i.status === "due").map((i) => i.seq) },
      },
    ),
  );
}

/** The daily job: a rectification period that ended with neither re-evaluation nor termination is flagged. */
export async function flagOverdueRectifications(data: DistrictData, today: string): Promise<number> {
  const late = await data.selectFrom("project_evaluations").select(["id", "contract_id", "version"]).where("status", "=", "failed").where("overdue", "=", 0).where("rectification_due_on", "<", today).execute();
  let flagged = 0;
  for (const e of late) {
    const written = await data.writeIfCurrent(
      [
        data.guard(
          data
            .selectFrom("project_evaluations")
            .select("id")
            .where("id", "=", e.id)
            .where("version", "=", e.version)
            .where(
              sql<boolean>`not exists (select 1 from project_evaluations n where n.district_id = project_evaluations.district_id and n.contract_id = project_evaluations.contract_id and n.round > project_evaluations.round and n.stage = project_evaluations.stage)`,
            ),
        ),
        data
          .updateTable("project_evaluations")
          .set({ overdue: 1, version: e.version + 1 })
          .where("id", "=", e.id),
      ],
      { action: "projects.rectification_overdue", targetType: "project_contract", targetId: e.contract_id, after: { evaluation: e.id } },
    );
    if (written) flagged += 1;
  }
  return flagged;
}
