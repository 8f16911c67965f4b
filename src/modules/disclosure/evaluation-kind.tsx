import type { Context } from "hono";
import * as z from "zod/mini";
import type { AppEnv } from "../../env";
import { prefixesCover } from "../../auth/scope";
import { type FieldError, notFound } from "../../http/errors";
import { authorize } from "../../http/routes";
import { readForm } from "../../http/validation";
import { t } from "../../i18n/messages";
import { nowIso } from "../../lib/time";
import { beijingDate } from "../../lib/beijing-time";
import type { SubjectKind } from "../../review";
import { ErrorSummary, RadioGroup, TextArea, TextField } from "../../ui/form";
import { CsrfField, Layout, pageInfo } from "../../ui/layout";
import { conflictFrom, loadEvaluation, scoringOpenGuard } from "./evaluations";
import { evaluationAreas } from "./actor";
import { declareOnEvaluation, evaluationAudit, evaluationTask, finalizeEvaluation, isEligibleScorer, overturnEvaluation, savedScores, scoreEvaluation, taskSummary, teamColumnUpdate, type EvaluationTask } from "./evaluation-scoring";
import { SUBJECT_KIND } from "./subject-kinds";
import { declarationSchema } from "./schemas";
import { readScores, ScoreForm, scoreValues } from "./scoring-form";
import { Flash } from "./views";

// Evaluations as a subject of the review engine: the evaluator team and the committee
// declare under the cooling-off rule, score while the evaluation is open, and each
// hand-in keeps the evaluation's column for that team up to date. The organization's
// own self-assessment is not a reviewer's task (it is scored on /my/evaluations).

type Declaration = z.output<typeof declarationSchema>;

function TaskPage(props: { c: Context<AppEnv>; x: EvaluationTask; values?: Record<string, string>; errors?: FieldError[]; message?: string }) {
  const page = pageInfo(props.c);
  const l = page.locale;
  const { a, org, round, rubric, skipped, evaluation } = props.x;
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
          <ScoreForm
            l={l}
            action={`${page.base}/review/${a.id}/scores`}
            csrfToken={page.csrfToken}
            rubric={rubric}
            skipped={skipped}
            values={props.values ?? {}}
            errors={props.errors}
            message={props.message}
            readOnly={!!a.submitted_at || !scoring}
          />
        </>
      )}
    </Layout>
  );
}

export const evaluationKind: SubjectKind<Declaration> = {
  kind: SUBJECT_KIND,
  label: { "zh-CN": "等级评估", en: "Evaluation grades" },

  async render(data, a) {
    const { evaluation, round, org } = await taskSummary(data, a);
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
    async authorizeMove(c, a) {
      authorize(c, "evaluation.manage");
      await loadEvaluation(c.var.data, a.subject_id, evaluationAreas(c.var.user!));
    },
    eligibleReviewer: (data, a, reviewerId) => isEligibleScorer(data, a.scorer_role, reviewerId),
    objectionsHandledBy: "evaluation.manage",
    // A round spans the district, so the objected organization's area decides, as it
    // decided whose staff were alerted; another area's objection does not exist here.
    async authorizeObjections(c, objection) {
      authorize(c, "evaluation.manage");
      if (!prefixesCover(evaluationAreas(c.var.user!), objection.area_code)) throw notFound();
    },
  },

  pages: {
    async show(c, a) {
      const [x, scores] = await Promise.all([evaluationTask(c.var.data, a), savedScores(c.var.data, a)]);
      return c.html(<TaskPage c={c} x={x} values={scoreValues(scores)} />);
    },
    async declare(c, a) {
      const x = await evaluationTask(c.var.data, a);
      const form = await readForm(c, declarationSchema);
      if (!form.ok) return c.html(<TaskPage c={c} x={x} values={form.values} errors={form.errors} />, 422);
      const reason = evaluationKind.canScore.conflictReason(form.data, { locale: c.var.locale, settings: c.var.district.settings, now: nowIso() });
      await declareOnEvaluation(c.var.data, a, reason, nowIso());
      return c.redirect(`${c.var.base}/review/${a.id}?done=${reason ? "disclosure.eval.declaredConflicted" : "disclosure.eval.declaredClear"}`, 303);
    },
    async score(c, a) {
      const x = await evaluationTask(c.var.data, a);
      const l = c.var.locale;
      const form = await readForm(c, z.record(z.string(), z.string()));
      const values = form.values;
      const { scores, errors, submit } = readScores(l, x.rubric, values);
      if (a.status === "clear" && errors.length) return c.html(<TaskPage c={c} x={x} values={values} errors={errors} />, 422);
      const written = await scoreEvaluation(c.var.data, a, { scores, submit }, nowIso());
      // Closed meanwhile: the form comes back with what was typed.
      if (!written) return c.html(<TaskPage c={c} x={x} values={values} message={t(l, "disclosure.eval.locked")} />, 409);
      return c.redirect(`${c.var.base}/review/${a.id}?done=${submit ? "disclosure.eval.scoresSubmitted" : "disclosure.eval.saved"}`, 303);
    },
  },

  onSubmitted: (data, a) => teamColumnUpdate(data, a),
  audit: evaluationAudit,
  finalize: finalizeEvaluation,
  overturn: async (data, evaluationId, now) => overturnEvaluation(data, evaluationId, now),
};
