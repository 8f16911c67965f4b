import type { Context } from "hono";
import { sql } from "kysely";
import * as z from "zod/mini";
import type { AppEnv } from "../../env";
import { AppError, type FieldError } from "../../http/errors";
import { authorize } from "../../http/routes";
import { readForm } from "../../http/validation";
import { t } from "../../i18n/messages";
import { nowIso } from "../../lib/time";
import { beijingDate } from "../../lib/beijing-time";
import type { AuditEntry } from "../../audit/append";
import { declare, recordDecision, saveScores, type AssignmentRow, type ReviewerAction, type ReviewerActionDetail, type Rubric, type SubjectKind } from "../../review";
import { ErrorSummary, RadioGroup, TextArea, TextField } from "../../ui/form";
import { CsrfField, Layout, pageInfo } from "../../ui/layout";
import { conflictFrom, evaluationWithRound, loadEvaluation, loadRound, scoringOpenGuard, settleStatements, type EvaluationRow, type RoundRow } from "./evaluations";
import { SUBJECT_KIND } from "./subject-kinds";
import { declarationSchema } from "./schemas";
import { readScores, ScoreForm, scoreValues } from "./scoring-form";
import { Flash } from "./views";

// Evaluations as a subject of the review engine: the evaluator team and the committee
// declare under the cooling-off rule, score while the evaluation is open, and each
// hand-in keeps the evaluation's column for that team up to date. The organization's
// own self-assessment is not a reviewer's task (it is scored on /my/evaluations).

type Declaration = z.output<typeof declarationSchema>;

async function subjectOf(c: Context<AppEnv>, a: AssignmentRow) {
  const evaluation = await loadEvaluation(c.var.data, a.subject_id);
  const { round, rubric } = await loadRound(c.var.data, evaluation.round_id);
  const org = await c.var.data.selectFrom("organizations").select(["id", "name"]).where("id", "=", evaluation.organization_id).executeTakeFirstOrThrow();
  return { a, evaluation, round, rubric, org };
}

type Subject = { a: AssignmentRow; evaluation: EvaluationRow; round: RoundRow; rubric: Rubric; org: { id: string; name: string } };

function TaskPage(props: { c: Context<AppEnv>; x: Subject; values?: Record<string, string>; errors?: FieldError[]; message?: string }) {
  const page = pageInfo(props.c);
  const l = page.locale;
  const { a, org, round, rubric, evaluation } = props.x;
  const years = props.c.var.district.settings.reviewerCoolingOffYears;
  const scoring = evaluation.status === "enrolled" || evaluation.status === "returned";
  return (
    <Layout page={page} title={`${org.name} · ${t(l, "review.inbox")}`}>
      <p class="crumbs">
        <a href={`${page.base}/review`}>{t(l, "review.inbox")}</a>
      </p>
      <h1>{org.name}</h1>
      <p>
        {round.title} · {a.scorer_role === "committee" ? t(l, "disclosure.eval.committee") : t(l, "disclosure.eval.evaluator")}
      </p>
      <Flash l={l} done={props.c.req.query("done")} />
      {a.status === "awaiting_declaration" ? (
        <>
          <h2>{t(l, "disclosure.eval.declare")}</h2>
          <p>{t(l, "disclosure.eval.declareIntro", { years })}</p>
          <ErrorSummary locale={l} errors={props.errors ?? []} message={props.message} />
          <form class="stack" method="post" action={`${page.base}/review/${a.id}/declaration`} novalidate>
            <CsrfField token={page.csrfToken} />
            <RadioGroup
              name="workedFor"
              legend={t(l, "disclosure.eval.workedFor")}
              value={props.values?.workedFor ?? "no"}
              errors={props.errors}
              options={(["no", "yes"] as const).map((v) => ({ value: v, label: t(l, `disclosure.eval.workedFor.${v}`) }))}
            />
            <TextField name="lastWorkedOn" type="date" label={t(l, "disclosure.eval.lastWorkedOn")} value={props.values?.lastWorkedOn} errors={props.errors} />
            <TextArea name="otherConflict" label={t(l, "disclosure.eval.otherConflict")} value={props.values?.otherConflict} errors={props.errors} maxLength={500} rows={2} />
            <button type="submit">{t(l, "disclosure.eval.declareSubmit")}</button>
          </form>
        </>
      ) : a.status === "conflicted" || a.status === "moved" ? (
        <p class="notice">
          {t(l, "disclosure.eval.declaredConflicted")} {a.conflict_reason ?? ""}
        </p>
      ) : (
        <>
          <h2>{t(l, "disclosure.eval.score")}</h2>
          <ScoreForm l={l} action={`${page.base}/review/${a.id}/scores`} csrfToken={page.csrfToken} rubric={rubric} values={props.values ?? {}} errors={props.errors} message={props.message} readOnly={!!a.submitted_at || !scoring} />
        </>
      )}
    </Layout>
  );
}

/** The team's column on the evaluation: each counted scorer's sum, averaged (as the proposal computes it). */
const TEAM_COLUMN = { evaluator: "evaluator_total", committee: "committee_total" } as const;

/** Reviewers' actions are recorded against the evaluation, not the assignment: its history is the one people read. */
function evaluationAudit(a: AssignmentRow, action: ReviewerAction, detail: ReviewerActionDetail): AuditEntry {
  if (action === "declared")
    return { action: detail.conflicted ? "evaluation.conflict_declared" : "evaluation.declared_clear", targetType: "evaluation", targetId: a.subject_id, after: { assignment: a.id, conflicted: !!detail.conflicted } };
  if (action === "scored") return { action: detail.submit ? "evaluation.scores_submitted" : "evaluation.scores_saved", targetType: "evaluation", targetId: a.subject_id, after: { assignment: a.id, role: a.scorer_role } };
  return { action: "evaluation.assignment_moved", targetType: "evaluation", targetId: a.subject_id, after: { from: a.reviewer_id, to: detail.to } };
}

export const evaluationKind: SubjectKind<Declaration> = {
  kind: SUBJECT_KIND,
  label: { "zh-CN": "等级评估", en: "Evaluation grades" },

  async render(data, a) {
    const evaluation = await loadEvaluation(data, a.subject_id);
    const [round, org] = await Promise.all([
      data.selectFrom("evaluation_rounds").select(["title"]).where("id", "=", evaluation.round_id).executeTakeFirstOrThrow(),
      data.selectFrom("organizations").select(["id", "name"]).where("id", "=", evaluation.organization_id).executeTakeFirstOrThrow(),
    ]);
    return {
      title: org.name,
      context: round.title,
      content: { evaluation: { id: evaluation.id, status: evaluation.status, organization: org, round: round.title, scorerRole: a.scorer_role } },
    };
  },

  canScore: {
    forReviewer: (a) => a.scorer_role !== "self",
    declaration: declarationSchema,
    conflictReason: (input, env) => conflictFrom(input, beijingDate(env.now), env.settings.reviewerCoolingOffYears, env.locale),
    open: (data, a) => [scoringOpenGuard(data, a.subject_id)],
    async authorizeMove(c) {
      authorize(c, "evaluation.manage");
    },
    async eligibleReviewer(data, a, reviewerId) {
      const wanted = a.scorer_role === "evaluator" ? "evaluator" : "reviewer";
      const found = await data
        .selectFrom("role_grants")
        .innerJoin("users", (j) => j.onRef("users.district_id", "=", "role_grants.district_id").onRef("users.id", "=", "role_grants.user_id"))
        .select("users.id")
        .where("role_grants.role", "=", wanted)
        .where("users.status", "=", "active")
        .where("users.id", "=", reviewerId)
        .executeTakeFirst();
      return !!found;
    },
    objectionsHandledBy: "evaluation.manage",
    async authorizeObjections(c) {
      authorize(c, "evaluation.manage");
    },
  },

  pages: {
    async show(c, a) {
      const x = await subjectOf(c, a);
      const scores = a.status === "clear" ? await c.var.data.selectFrom("review_scores").select(["item_id", "score", "comment"]).where("assignment_id", "=", a.id).execute() : [];
      return c.html(<TaskPage c={c} x={x} values={scoreValues(scores)} />);
    },
    async declare(c, a) {
      const x = await subjectOf(c, a);
      const form = await readForm(c, declarationSchema);
      if (!form.ok) return c.html(<TaskPage c={c} x={x} values={form.values} errors={form.errors} />, 422);
      const reason = evaluationKind.canScore.conflictReason(form.data, { locale: c.var.locale, settings: c.var.district.settings, now: nowIso() });
      const data = c.var.data;
      await data.write(declare(data, a, reason !== null, reason, nowIso()), evaluationAudit(a, "declared", { conflicted: reason !== null, reason }), {
        stale: () => new AppError({ status: 409, code: "conflict", message: "error.conflict", extra: { allowed: [] } }),
      });
      return c.redirect(`${c.var.base}/review/${a.id}?done=${reason ? "disclosure.eval.declaredConflicted" : "disclosure.eval.declaredClear"}`, 303);
    },
    async score(c, a) {
      const x = await subjectOf(c, a);
      const l = c.var.locale;
      const form = await readForm(c, z.record(z.string(), z.string()));
      const values = form.values;
      if (a.status !== "clear") throw new AppError({ status: 409, code: "illegal_transition", message: "disclosure.eval.locked", extra: { allowed: a.status === "awaiting_declaration" ? ["declare"] : [] } });
      const { scores, errors, submit } = readScores(l, x.rubric, values);
      if (errors.length) return c.html(<TaskPage c={c} x={x} values={values} errors={errors} />, 422);
      const data = c.var.data;
      const now = nowIso();
      const written = await data.writeIfCurrent(
        [...evaluationKind.canScore.open(data, a), ...saveScores(data, a, scores, submit, now), ...(submit ? evaluationKind.onSubmitted(data, a, now) : [])],
        evaluationAudit(a, "scored", { submit, items: scores.length }),
      );
      // Closed meanwhile: the form comes back with what was typed.
      if (written === null) return c.html(<TaskPage c={c} x={x} values={values} message={t(l, "disclosure.eval.locked")} />, 409);
      return c.redirect(`${c.var.base}/review/${a.id}?done=${submit ? "disclosure.eval.scoresSubmitted" : "disclosure.eval.saved"}`, 303);
    },
  },

  onSubmitted(data, a) {
    const column = TEAM_COLUMN[a.scorer_role as keyof typeof TEAM_COLUMN];
    if (!column) return [];
    // Runs after the hand-in's own statements in the same batch, so it counts them.
    const mean = sql<number | null>`(SELECT round(avg(t.total), 2) FROM (
      SELECT sum(s.score) AS total FROM review_assignments ra
      JOIN review_scores s ON s.district_id = ra.district_id AND s.assignment_id = ra.id
      WHERE ra.district_id = ${data.districtId} AND ra.subject_id = ${a.subject_id} AND ra.scorer_role = ${a.scorer_role}
        AND ra.status = 'clear' AND ra.submitted_at IS NOT NULL
      GROUP BY ra.id) t)`;
    return [
      data
        .updateTable("evaluations")
        .set({ [column]: mean })
        .where("id", "=", a.subject_id),
    ];
  },

  audit: evaluationAudit,

  async finalize(data, evaluationId, now) {
    const e = await evaluationWithRound(data, evaluationId);
    if (!e) return [];
    return [
      // A pending appeal holds the result: the item stays pending until it is answered.
      data.guard(
        data
          .selectFrom("evaluations")
          .select("id")
          .where("id", "=", evaluationId)
          .where("status", "=", "in_notice")
          .where((eb) => eb.not(eb.exists(data.selectFrom("evaluation_appeals").select("id").where("evaluation_id", "=", evaluationId).where("status", "=", "pending")))),
      ),
      ...settleStatements(data, e, now),
    ];
  },
  async overturn(data, evaluationId, now) {
    return [
      data.updateTable("evaluations").set({ status: "returned", proposed_grade: null, version: sql`version + 1` }).where("id", "=", evaluationId).where("status", "=", "in_notice"),
      // The committee scores again: its hand-ins are reopened, the scores stay as a start.
      data.updateTable("review_assignments").set({ submitted_at: null }).where("subject_id", "=", evaluationId).where("scorer_role", "=", "committee").where("status", "=", "clear"),
      recordDecision(data, { subjectKind: SUBJECT_KIND, subjectId: evaluationId, outcome: "returned", reasons: "公示期间异议成立，退回重新评审", decidedBy: "system", now }),
    ];
  },
};
