import { notify } from "../../core/module-contract";
import { issueReceipt } from "../../receipts";
import { APPEAL_RECEIPT } from "./receipt-kind";
import { appealDismissed, appealUpheld } from "./notifications";
import { sql, type Compilable } from "kysely";
import type { DistrictData } from "../../data/district-data";
import { AppError, type FieldError, notFound, validationFailed } from "../../http/errors";
import { t } from "../../i18n/messages";
import { newId } from "../../lib/ids";
import { addDays, beijingDate } from "../../lib/beijing-time";
import { noticePhase, recordDecision } from "../../review";
import { gradeTotal, rubricMaxSql } from "./evaluation-simplified";
import { gradeFor } from "./rules";
import { roundBands, SUBJECT_KIND, type EvaluationRow, type RoundRow } from "./evaluations";
import type { DisclosureActor } from "./actor";

// Appeals (复核) of a proposed grade: filed in writing by the organization during the
// notice (办法 2011 art. 20, kept by the revision) and decided by the evaluation committee
// (the revised 社会组织评估管理办法, in force 2026-03-01, abolished the separate 复核委员会
// and gave its work to the 评估委员会). The district's staff, as the committee's office,
// record the committee's decision with the date it was taken and answer in writing by
// the district's deadline, possibly with a revised total.

export interface AppealRow {
  id: string;
  evaluation_id: string;
  organization_id: string;
  notice_id: string;
  content: string;
  filed_at: string;
  answer_due_on: string;
  status: "pending" | "upheld" | "dismissed";
  answer: string | null;
  revised_total: number | null;
  answered_at: string | null;
  committee_decided_on: string | null;
}

/** An appeal is accepted only during the notice period; afterwards the refusal names the date it closed. */
export async function fileAppeal(data: DistrictData, actor: DisclosureActor, input: { evaluation: EvaluationRow; content: string }, now: string): Promise<AppealRow> {
  const { evaluation, content } = input;
  if (!evaluation.notice_id || (evaluation.status !== "in_notice" && evaluation.status !== "final")) throw new AppError({ status: 409, code: "not_in_notice", message: "disclosure.eval.appealNotInNotice" });
  const notice = await data.selectFrom("public_notices").select(["id", "starts_at", "ends_at", "status"]).where("id", "=", evaluation.notice_id).executeTakeFirst();
  if (!notice) throw notFound();
  const closedOn = beijingDate(notice.ends_at);
  const phase = noticePhase(notice, now);
  if (phase === "closed" || evaluation.status !== "in_notice") {
    throw new AppError({ status: 409, code: "appeal_window_closed", message: "disclosure.eval.appealWindowClosed", params: { date: closedOn }, extra: { closedOn } });
  }
  if (phase === "upcoming") throw new AppError({ status: 409, code: "not_in_notice", message: "disclosure.eval.appealNotInNotice" });
  const id = newId();
  const dueOn = addDays(beijingDate(now), data.district.settings.appealAnswerDays);
  await data.write(
    [
      // The window is checked again as the batch runs: a notice closing meanwhile refuses it.
      data.guard(data.selectFrom("public_notices").select("id").where("id", "=", notice.id).where("status", "=", "open").where("ends_at", ">", now)),
      data.insertInto("evaluation_appeals", {
        id,
        evaluation_id: evaluation.id,
        organization_id: evaluation.organization_id,
        notice_id: notice.id,
        content,
        filed_by: actor.id,
        filed_at: now,
        answer_due_on: dueOn,
        status: "pending",
        answer: null,
        revised_total: null,
        answered_by: null,
        answered_at: null,
      }),
      issueReceipt(data, APPEAL_RECEIPT, id, now),
    ],
    { action: "evaluation.appeal_filed", targetType: "evaluation", targetId: evaluation.id, after: { appeal: id, answerDueOn: dueOn } },
    {
      stale: () => new AppError({ status: 409, code: "appeal_window_closed", message: "disclosure.eval.appealWindowClosed", params: { date: closedOn }, extra: { closedOn } }),
      rules: { "unique:evaluation_appeals": () => new AppError({ status: 409, code: "duplicate_appeal", message: "disclosure.eval.appealDuplicate" }) },
    },
  );
  return (await data.selectFrom("evaluation_appeals").selectAll().where("id", "=", id).executeTakeFirstOrThrow()) as AppealRow;
}

/** The written answer. Upheld: the total is revised and the proposed grade follows it. */
export async function answerAppeal(
  data: DistrictData,
  actor: DisclosureActor,
  input: { appeal: AppealRow; round: RoundRow; outcome: "upheld" | "dismissed"; answer: string; revisedTotal: number | null; committeeDecidedOn: string },
  now: string,
): Promise<void> {
  const { appeal, round } = input;
  const l = actor.locale;
  const bands = roundBands(round);
  // The revised total is on the evaluation's own rubric, as its scores were: a simplified
  // evaluation's leaves the skipped areas out, bonus items count on top of any.
  const { rubric_id, max } = await data
    .selectFrom("evaluations")
    .select(["rubric_id", rubricMaxSql(data).as("max")])
    .where("id", "=", appeal.evaluation_id)
    .executeTakeFirstOrThrow();
  const errors: FieldError[] = [];
  if (input.revisedTotal !== null && input.revisedTotal > max) errors.push({ field: "revisedTotal", code: "too_big", message: t(l, "disclosure.eval.revisedTotalTooBig", { max }) });
  // The committee can only have decided on an appeal it had received, and not tomorrow.
  const filedOn = beijingDate(appeal.filed_at);
  if (input.committeeDecidedOn > beijingDate(now)) errors.push({ field: "committeeDecidedOn", code: "too_late", message: t(l, "disclosure.eval.committeeDecidedFuture") });
  else if (input.committeeDecidedOn < filedOn) errors.push({ field: "committeeDecidedOn", code: "too_early", message: t(l, "disclosure.eval.committeeDecidedBeforeFiling", { date: filedOn }) });
  if (errors.length) throw validationFailed(errors);
  const statements: Compilable[] = [
    data.guard(data.selectFrom("evaluation_appeals").select("id").where("id", "=", appeal.id).where("status", "=", "pending")),
    data
      .updateTable("evaluation_appeals")
      .set({ status: input.outcome, answer: input.answer, revised_total: input.revisedTotal, answered_by: actor.id, answered_at: now, committee_decided_on: input.committeeDecidedOn })
      .where("id", "=", appeal.id),
    recordDecision(data, { subjectKind: SUBJECT_KIND, subjectId: appeal.evaluation_id, outcome: `appeal_${input.outcome}`, reasons: `评估委员会 ${input.committeeDecidedOn} 复核决定：${input.answer}`, decidedBy: actor.id, now }),
    notify(data, input.outcome === "upheld" ? appealUpheld : appealDismissed, { to: appeal.organization_id, params: { answer: input.answer }, target: { type: "evaluation", id: appeal.evaluation_id } }),
  ];
  if (input.outcome === "upheld" && input.revisedTotal !== null) {
    const gradeOn = await gradeTotal(data, rubric_id, input.revisedTotal, bands.scale);
    statements.push(
      data
        .updateTable("evaluations")
        .set({ total: input.revisedTotal, proposed_grade: gradeFor(gradeOn, bands), version: sql`version + 1` })
        .where("id", "=", appeal.evaluation_id)
        .where("status", "=", "in_notice"),
    );
  }
  await data.write(statements, {
    action: `evaluation.appeal_${input.outcome}`,
    targetType: "evaluation",
    targetId: appeal.evaluation_id,
    after: { appeal: appeal.id, revisedTotal: input.revisedTotal, committeeDecidedOn: input.committeeDecidedOn },
  });
}
