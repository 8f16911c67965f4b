import type { Context, Hono } from "hono";
import * as z from "zod/mini";
import type { AppEnv } from "../../env";
import { AppError, type FieldError, notFound, validationFailed } from "../../http/errors";
import { routes } from "../../http/routes";
import { readForm } from "../../http/validation";
import { checkedValues } from "../../ui/form";
import { attempt } from "../../ui/form-state";
import { t } from "../../i18n/messages";
import { nowIso } from "../../lib/time";
import { actorOf, evaluationAreas } from "./actor";
import { assertDistrictWide, districtWide } from "../../auth/scope";
import { aggregateByRole, handleNoticeObjection } from "../../review";
import { evaluationAssignment, moveScorer } from "./evaluation-scoring";
import { assignScorers, enrol, loadEvaluation, loadRound, openRound, publishProposals, readyProposals, roundBands, roundOf, SUBJECT_KIND } from "./evaluations";
import { answerAppeal } from "./evaluation-appeals";
import { announcementSchema, appealAnswerSchema, objectionHandlingSchema, roundSchema } from "./schemas";
import { announceResults } from "./evaluation-announcements";
import { EvaluationAdminPage, RoundPage, RoundsPage } from "./evaluation-views";
import type { RubricState } from "./evaluation-rubric-views";
import { indicatorsFrom, RUBRIC_FORM_KEY, rubricIdOf, saveRoundRubric } from "./evaluation-rubric-edit";
import { allRounds, evaluationAssignments, findAppeal, findObjection, organizationByUscc, organizationName, roundData, scorerOptions } from "./evaluation-queries";
import { pageInfo } from "../../ui/layout";

// Evaluation rounds for district administrators. The scoring tasks of the evaluator team
// and the committee are in the reviewer inbox (src/review/, kind in evaluation-kind.tsx).

// ---------------------------------------------------------------- routes

export function registerEvaluationRoutes(app: Hono<AppEnv>): void {
  const r = routes(app, "district");

  const roundsPage = async (c: Context<AppEnv>, extra: { values?: Record<string, string>; errors?: FieldError[]; status?: number } = {}) => {
    const rounds = await allRounds(c.var.data);
    return c.html(
      <RoundsPage page={pageInfo(c)} flash={c.req.query("done")} settings={c.var.district.settings} rounds={rounds} wide={districtWide(c.var.user!, "evaluation.manage")} values={extra.values} errors={extra.errors} />,
      (extra.status ?? 200) as 200,
    );
  };

  r.get("/manage/evaluations", "evaluation.manage", (c) => roundsPage(c));

  // A round and its rubrics concern every area: only a district-wide grant opens or edits them.
  r.post("/manage/evaluations", "evaluation.manage", async (c) => {
    assertDistrictWide(c.var.user!, "evaluation.manage");
    const form = await readForm(c, roundSchema);
    if (!form.ok) return roundsPage(c, { values: form.values, errors: form.errors, status: 422 });
    const id = await openRound(c.var.data, actorOf(c.var.user!, c.var.locale), { title: form.data.title, year: Number(form.data.year) }, nowIso());
    return c.redirect(`${c.var.base}/manage/evaluations/${id}?done=disclosure.eval.opened`, 303);
  });

  const roundPage = async (
    c: Context<AppEnv>,
    roundId: string,
    extra: {
      errors?: FieldError[];
      message?: string;
      status?: number;
      done?: string;
      announce?: { values: Record<string, string>; errors: FieldError[] };
      appeal?: { id: string; values: Record<string, string>; errors: FieldError[] };
      rubric?: RubricState;
    } = {},
  ) =>
    c.html(
      <RoundPage
        page={pageInfo(c)}
        flash={c.req.query("done")}
        settings={c.var.district.settings}
        d={await roundData(c.var.data, roundId, evaluationAreas(c.var.user!))}
        wide={districtWide(c.var.user!, "evaluation.manage")}
        errors={extra.errors}
        message={extra.message}
        status={extra.done}
        announce={extra.announce}
        appeal={extra.appeal}
        rubric={extra.rubric}
      />,
      (extra.status ?? 200) as 200,
    );

  r.get("/manage/evaluations/:roundId", "evaluation.manage", (c) => {
    const key = c.req.query("rubric");
    return roundPage(c, c.req.param("roundId") ?? "", { rubric: key === undefined ? undefined : { key } });
  });

  r.post("/manage/evaluations/:roundId/rubric", "evaluation.manage", async (c) => {
    assertDistrictWide(c.var.user!, "evaluation.manage");
    const roundId = c.req.param("roundId") ?? "";
    const { round } = await loadRound(c.var.data, roundId);
    const form = await readForm(c, z.record(z.string().check(z.regex(RUBRIC_FORM_KEY)), z.string().check(z.maxLength(500))));
    if (!form.ok) throw validationFailed(form.errors);
    const key = form.values.rubricFor ?? "";
    rubricIdOf(round, key);
    const back = (status: number, state: Omit<RubricState, "key">) => roundPage(c, roundId, { rubric: { key, values: form.values, ...state }, message: state.message, status });
    const { items, errors } = indicatorsFrom(form.values, roundBands(round).scale, c.var.locale);
    if (errors.length) return back(422, { errors });
    const done = await attempt(c.var.locale, "rubric", form.values, () => saveRoundRubric(c.var.data, actorOf(c.var.user!, c.var.locale), { round, key, items }, nowIso()));
    if (!done.ok) return back(done.status, { message: done.state.message });
    return c.redirect(`${c.var.base}/manage/evaluations/${roundId}?done=disclosure.rubric.saved#rubric-${encodeURIComponent(key || "common")}`, 303);
  });

  r.post("/manage/evaluations/:roundId/enrol", "evaluation.manage", async (c) => {
    const roundId = c.req.param("roundId") ?? "";
    const { round } = await loadRound(c.var.data, roundId);
    const form = await readForm(c, z.strictObject({ uscc: z.string().check(z.trim(), z.toUpperCase(), z.minLength(1), z.maxLength(18)) }));
    if (!form.ok) return roundPage(c, roundId, { errors: form.errors, status: 422 });
    const org = await organizationByUscc(c.var.data, form.data.uscc, evaluationAreas(c.var.user!));
    if (!org) return roundPage(c, roundId, { errors: [{ field: "uscc", code: "not_found", message: t(c.var.locale, "error.not_found") }], status: 422 });
    const done = await attempt(c.var.locale, "enrol", form.values, () => enrol(c.var.data, actorOf(c.var.user!, c.var.locale), { round, organizationId: org.id, selfScorer: null }, nowIso()));
    if (!done.ok) return roundPage(c, roundId, { message: done.state.message, status: done.status });
    return c.redirect(`${c.var.base}/manage/evaluations/${roundId}?done=disclosure.eval.enrolled`, 303);
  });

  r.post("/manage/evaluations/:roundId/propose", "evaluation.manage", async (c) => {
    const roundId = c.req.param("roundId") ?? "";
    const { round } = await loadRound(c.var.data, roundId);
    const ready = await readyProposals(c.var.data, round, evaluationAreas(c.var.user!));
    if (ready.length === 0) return roundPage(c, roundId, { message: t(c.var.locale, "disclosure.eval.noneReady"), status: 409 });
    const done = await attempt(c.var.locale, "propose", {}, () => publishProposals(c.var.data, actorOf(c.var.user!, c.var.locale), { round, proposals: ready }, nowIso()));
    if (!done.ok) return roundPage(c, roundId, { message: done.state.message, status: done.status });
    return c.redirect(`${c.var.base}/manage/evaluations/${roundId}?done=disclosure.eval.published`, 303);
  });

  r.post("/manage/evaluations/:roundId/announce", "evaluation.manage", async (c) => {
    const roundId = c.req.param("roundId") ?? "";
    const { round } = await loadRound(c.var.data, roundId);
    const form = await readForm(c, announcementSchema);
    if (!form.ok) return roundPage(c, roundId, { announce: { values: form.values, errors: form.errors }, status: 422 });
    const done = await attempt(c.var.locale, "announce", form.values, () => announceResults(c.var.data, actorOf(c.var.user!, c.var.locale), { ...form.data, round }, nowIso()));
    if (!done.ok) return roundPage(c, roundId, { announce: done.state, message: done.state.message, status: done.status });
    return c.redirect(`${c.var.base}/manage/evaluations/${roundId}?done=disclosure.announce.done`, 303);
  });

  const evaluationPage = async (c: Context<AppEnv>) => {
    const data = c.var.data;
    const e = await loadEvaluation(data, c.req.param("evaluationId") ?? "", evaluationAreas(c.var.user!));
    const { round, rubric } = await roundOf(data, e);
    const [org, assignments, scorers, totals] = await Promise.all([organizationName(data, e.organization_id), evaluationAssignments(data, e.id), scorerOptions(c.var.data), aggregateByRole(data, rubric, [e.id])]);
    const perItem = new Map([...(totals.get(e.id) ?? new Map()).entries()].map(([role, agg]) => [role, agg.perItem]));
    return c.html(<EvaluationAdminPage page={pageInfo(c)} flash={c.req.query("done")} e={{ ...e, organization_name: org }} round={round} rubric={rubric} assignments={assignments} scorers={scorers} perItem={perItem} />);
  };

  r.get("/manage/evaluation/:evaluationId", "evaluation.manage", evaluationPage);

  r.post("/manage/evaluation/:evaluationId/assign", "evaluation.manage", async (c) => {
    const e = await loadEvaluation(c.var.data, c.req.param("evaluationId") ?? "", evaluationAreas(c.var.user!));
    const form = await readForm(c, z.record(z.string().check(z.regex(/^(evaluators|committee)\.[0-9a-z]{1,40}$/)), z.string()));
    if (!form.ok) throw validationFailed(form.errors);
    if (e.status !== "enrolled" && e.status !== "returned") throw new AppError({ status: 409, code: "illegal_transition", message: "error.conflict", extra: { allowed: [] } });
    const scorers = await scorerOptions(c.var.data);
    const pick = (group: string, role: string) => checkedValues(form.data, group).filter((id) => scorers.some((s) => s.id === id && s.role === role));
    await assignScorers(c.var.data, actorOf(c.var.user!, c.var.locale), { evaluation: e, rubricId: e.rubric_id, evaluators: pick("evaluators", "evaluator"), committee: pick("committee", "reviewer") }, nowIso());
    return c.redirect(`${c.var.base}/manage/evaluation/${e.id}?done=disclosure.eval.assigned`, 303);
  });

  r.post("/manage/evaluation-assignments/:assignmentId/move", "evaluation.manage", async (c) => {
    const a = await evaluationAssignment(c.var.data, c.req.param("assignmentId") ?? "");
    await loadEvaluation(c.var.data, a.subject_id, evaluationAreas(c.var.user!));
    const form = await readForm(c, z.strictObject({ to: z.string().check(z.minLength(1), z.maxLength(40)) }));
    if (!form.ok) throw validationFailed(form.errors);
    await moveScorer(c.var.data, actorOf(c.var.user!, c.var.locale), { assignment: a, to: form.data.to }, nowIso());
    return c.redirect(`${c.var.base}/manage/evaluation/${a.subject_id}?done=disclosure.eval.moved`, 303);
  });

  r.post("/manage/evaluation-appeals/:appealId", "evaluation.manage", async (c) => {
    const appeal = await findAppeal(c.var.data, c.req.param("appealId") ?? "");
    if (!appeal) throw notFound();
    const e = await loadEvaluation(c.var.data, appeal.evaluation_id, evaluationAreas(c.var.user!));
    const { round } = await loadRound(c.var.data, e.round_id);
    const form = await readForm(c, appealAnswerSchema);
    if (!form.ok) return roundPage(c, round.id, { appeal: { id: appeal.id, values: form.values, errors: form.errors }, status: 422 });
    const v = form.data;
    const revisedTotal = v.outcome === "upheld" ? Number(v.revisedTotal) : null;
    const done = await attempt(c.var.locale, "appeal", form.values, () =>
      answerAppeal(c.var.data, actorOf(c.var.user!, c.var.locale), { appeal, round, outcome: v.outcome, answer: v.answer, revisedTotal, committeeDecidedOn: v.committeeDecidedOn }, nowIso()),
    );
    if (!done.ok && done.status === 422) return roundPage(c, round.id, { appeal: { id: appeal.id, ...done.state }, status: 422 });
    if (!done.ok) return roundPage(c, round.id, { message: done.state.message, status: 409 });
    return c.redirect(`${c.var.base}/manage/evaluations/${round.id}?done=disclosure.eval.appealAnswered`, 303);
  });

  r.post("/manage/notice-objections/:objectionId", "evaluation.manage", async (c) => {
    const data = c.var.data;
    const objection = await findObjection(data, c.req.param("objectionId") ?? "", evaluationAreas(c.var.user!));
    if (!objection) throw notFound();
    const form = await readForm(c, objectionHandlingSchema);
    if (!form.ok) return roundPage(c, objection.batch_id, { errors: form.errors, status: 422 });
    await handleNoticeObjection(c, objection.id, { upheld: form.data.outcome === "upheld", note: form.data.note }, SUBJECT_KIND);
    return c.redirect(`${c.var.base}/manage/evaluations/${objection.batch_id}?done=disclosure.eval.handled`, 303);
  });
}
