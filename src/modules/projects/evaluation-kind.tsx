import type { Context } from "hono";
import type * as z from "zod/mini";
import type { AppEnv } from "../../env";
import { notFound } from "../../http/errors";
import { authorize } from "../../http/routes";
import { t } from "../../i18n/messages";
import { conflictDeclaration, declareFromForm, loadRubric, scoreFromForm, type AssignmentRow, type SubjectKind } from "../../review";
import { Layout, pageInfo } from "../../ui/layout";
import { actorOf, buysAt } from "./actor";
import { loadContract, type ContractView } from "./domain/contracts";
import { deliveryOf } from "./domain/delivery";
import { EVALUATION_KIND } from "./subject-kinds";
import { feedbackSummary } from "./domain/feedback";
import { satisfaction } from "./views/evaluations";
import { yuan } from "./views/parts";
import { DeclarationForm, ScoreForm } from "./views/score-form";

// Third-party evaluations of project contracts as a subject of the review engine: the
// evaluator declares any conflict with the implementer, then scores the contract's
// delivery with its service records, spending against the budget and the beneficiaries'
// feedback in view. The buyer records the result (domain/evaluations.ts); there is no
// public notice, so finalize and overturn have nothing to do.

async function subject(data: AppEnv["Variables"]["data"], a: AssignmentRow) {
  const evaluation = await data.selectFrom("project_evaluations").select(["contract_id", "stage", "round", "status"]).where("id", "=", a.subject_id).executeTakeFirst();
  const contract = evaluation ? await loadContract(data, evaluation.contract_id) : null;
  if (!evaluation || !contract) throw notFound();
  return { evaluation, contract };
}

async function evidence(data: AppEnv["Variables"]["data"], contract: ContractView) {
  const [delivery, feedback] = await Promise.all([deliveryOf(data, contract), feedbackSummary(data, contract.id)]);
  return { delivery, feedback };
}

async function showPage(c: Context<AppEnv>, a: AssignmentRow): Promise<Response> {
  const page = pageInfo(c);
  const l = page.locale;
  const data = c.var.data;
  const { evaluation, contract } = await subject(data, a);
  const heading = `${t(l, `projects.evaluation.stage.${evaluation.stage}`)} · ${contract.bid.title}`;
  if (a.status === "awaiting_declaration") {
    return c.html(
      <Layout page={page} title={t(l, "projects.review.declare")}>
        <h1>{heading}</h1>
        <p>
          {t(l, "projects.bid.organization")}: {contract.bid.organizationName}
        </p>
        <DeclarationForm page={page} assignmentId={a.id} intro={t(l, "projects.review.declareIntro")} />
      </Layout>,
    );
  }
  const [rubric, scores, { delivery, feedback }] = await Promise.all([
    loadRubric(data, a.rubric_id).then((r) => r!),
    data.selectFrom("review_scores").select(["item_id", "score", "comment"]).where("assignment_id", "=", a.id).execute(),
    evidence(data, contract),
  ]);
  return c.html(
    <Layout page={page} title={heading}>
      <p class="crumbs">
        <a href={`${page.base}/review`}>{t(l, "review.inbox")}</a>
      </p>
      <h1>{heading}</h1>
      {a.submitted_at ? <p class="notice ok">{t(l, "projects.review.submitted")}</p> : null}
      {a.status === "conflicted" ? <p class="notice">{t(l, "projects.review.recused")}</p> : null}
      {a.status === "clear" ? (
        <>
          <p>
            {contract.bid.organizationName} · {yuan(l, contract.amountYuan)} · {contract.startsOn} – {contract.endsOn}
          </p>
          <h2>{t(l, "projects.bid.indicators")}</h2>
          <p class="prewrap">{contract.deliverables}</p>
          <h2>{t(l, "projects.evaluation.records")}</h2>
          <ul>
            {delivery.records.map((r) => (
              <li>
                {r.heldOn} · {r.place} · {r.participants} · {r.summary}
              </li>
            ))}
          </ul>
          <h2>{t(l, "projects.evaluation.spending")}</h2>
          <ul>
            {delivery.lines.map((line) => (
              <li>
                {t(l, `projects.line.${line.kind}`)} · {line.item} · {yuan(l, line.spentYuan)} / {yuan(l, line.budgetYuan)}
              </li>
            ))}
          </ul>
          <h2>{t(l, "projects.evaluation.feedback")}</h2>
          <p>{feedback.count ? `${satisfaction(l, feedback)} · ${t(l, "projects.feedback.satisfiedShare", { p: feedback.satisfactionPercent ?? 0 })}` : t(l, "projects.feedback.none")}</p>
          <ul>
            {feedback.comments.map((f) => (
              <li>
                {f.on} · {"★".repeat(f.rating)} · {f.comment}
              </li>
            ))}
          </ul>
          <ScoreForm page={page} assignmentId={a.id} rubric={rubric} scores={scores} editable={!a.submitted_at} />
        </>
      ) : null}
    </Layout>,
  );
}

async function authorizeContract(c: Context<AppEnv>, contractId: string): Promise<void> {
  authorize(c, "projects.manage");
  const contract = await loadContract(c.var.data, contractId);
  if (!contract || !buysAt(actorOf(c.var.user!, c.var.locale), contract.call.areaCode)) throw notFound();
}

export const evaluationKind: SubjectKind<z.output<typeof conflictDeclaration>> = {
  kind: EVALUATION_KIND,
  label: { "zh-CN": "项目第三方评估", en: "Project evaluation" },

  async render(data, a) {
    const { evaluation, contract } = await subject(data, a);
    const { delivery, feedback } = await evidence(data, contract);
    return {
      title: `${contract.bid.organizationName}：${contract.bid.title}`,
      context: `${evaluation.stage === "final" ? "结项评估" : "中期评估"} · ${evaluation.round}`,
      content: {
        evaluation: { id: a.subject_id, ...evaluation },
        contract: { id: contract.id, amountYuan: contract.amountYuan, startsOn: contract.startsOn, endsOn: contract.endsOn, deliverables: contract.deliverables },
        delivery,
        feedback,
      },
    };
  },

  canScore: {
    forReviewer: () => true,
    declaration: conflictDeclaration,
    conflictReason: (input) => (input.conflicted ? input.reason : null),
    open: (data, a) => [data.guard(data.selectFrom("project_evaluations").select("id").where("id", "=", a.subject_id).where("status", "=", "open"))],
    async authorizeMove(c, a) {
      const { contract } = await subject(c.var.data, a);
      await authorizeContract(c, contract.id);
    },
    async eligibleReviewer(data, _a, reviewerId) {
      return !!(await data.selectFrom("role_grants").select("user_id").where("role", "=", "evaluator").where("user_id", "=", reviewerId).executeTakeFirst());
    },
    // Evaluations have no public notice: nobody handles objections to one.
    async authorizeObjections() {
      throw notFound();
    },
  },

  pages: {
    show: showPage,
    declare: (c, a) => declareFromForm(c, a, evaluationKind as SubjectKind),
    score: (c, a) => scoreFromForm(c, a, evaluationKind as SubjectKind),
  },

  onSubmitted: () => [],

  finalize: async () => [],
  overturn: async () => [],
};
