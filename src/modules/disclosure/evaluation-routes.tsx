import type { Context, Hono } from "hono";
import * as z from "zod/mini";
import type { AppEnv } from "../../env";
import { AppError, notFound, type FieldError } from "../../http/errors";
import { routes } from "../../http/routes";
import { readForm } from "../../http/validation";
import { t, type Locale } from "../../i18n/messages";
import { nowIso } from "../../lib/time";
import { beijingDate } from "../../lib/beijing-time";
import { handleObjection } from "../../review/notices";
import type { Rubric } from "../../review/rubrics";
import { aggregateByRole, declare, findAssignment, moveAssignment, saveScores, type AssignmentRow } from "../../review/scoring";
import { checkedValues, ChoiceGroup, ErrorSummary, RadioGroup, SelectField, TextArea, TextField } from "../../ui/form";
import { CsrfField, Layout, pageInfo } from "../../ui/layout";
import {
  answerAppeal,
  assignScorers,
  conflictFrom,
  enrol,
  loadEvaluation,
  loadRound,
  openRound,
  publishProposals,
  readyProposals,
  roundBands,
  scoringOpenGuard,
  SUBJECT_KIND,
  type AppealRow,
  type EvaluationRow,
  type RoundRow,
} from "./evaluations";
import { today } from "./public";
import { appealAnswerSchema, declarationSchema, objectionHandlingSchema, roundSchema } from "./schemas";
import { readScores, ScoreForm, scoreValues } from "./scoring-form";
import { DateText, Flash } from "./views";

// Evaluation rounds for district administrators, and the scoring tasks of the evaluator
// team and the committee (declare conflicts first, then score).

function bandsText(round: RoundRow): string {
  const b = roundBands(round);
  return (["5A", "4A", "3A", "2A", "1A"] as const).map((g) => `${g} ≥ ${b.minimums[g]}`).join(" · ");
}

function RubricTable(props: { l: Locale; rubric: Rubric }) {
  const { l } = props;
  return (
    <div class="table-wrap">
      <table>
        <caption>{t(l, "disclosure.eval.rubric")}</caption>
        <thead>
          <tr>
            <th scope="col">{t(l, "disclosure.eval.area")}</th>
            <th scope="col">{t(l, "disclosure.eval.item")}</th>
            <th scope="col">{t(l, "disclosure.eval.points")}</th>
          </tr>
        </thead>
        <tbody>
          {props.rubric.items.map((i) => (
            <tr>
              <td>{i.area}</td>
              <td>
                {i.title}
                <br />
                <small>{i.description}</small>
              </td>
              <td>{i.maxScore}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function EvalNav(props: { c: Context<AppEnv> }) {
  const page = pageInfo(props.c);
  const l = page.locale;
  return (
    <p class="crumbs">
      <a href={`${page.base}/manage/organizations`}>{t(l, "disclosure.manage.title")}</a> · <a href={`${page.base}/manage/evaluations`}>{t(l, "disclosure.manage.evaluations")}</a>
    </p>
  );
}

function RoundsPage(props: { c: Context<AppEnv>; rounds: RoundRow[]; values?: Record<string, string>; errors?: FieldError[] }) {
  const page = pageInfo(props.c);
  const l = page.locale;
  const bands = props.c.var.district.settings.gradeBands;
  return (
    <Layout page={page} title={t(l, "disclosure.eval.rounds")}>
      <EvalNav c={props.c} />
      <h1>{t(l, "disclosure.eval.rounds")}</h1>
      {props.rounds.length === 0 ? <p>{t(l, "disclosure.eval.noRounds")}</p> : null}
      <ul>
        {props.rounds.map((r) => (
          <li>
            <a href={`${page.base}/manage/evaluations/${r.id}`}>{r.title}</a> · {r.year} · {r.status === "open" ? "●" : "■"} <DateText iso={beijingDate(r.opened_at)} />
          </li>
        ))}
      </ul>
      <h2>{t(l, "disclosure.eval.open")}</h2>
      <p class="hint">{t(l, "disclosure.eval.rubricIntro", { scale: bands.scale, bands: (["5A", "4A", "3A", "2A", "1A"] as const).map((g) => `${g} ≥ ${bands.minimums[g]}`).join(" · ") })}</p>
      <ErrorSummary locale={l} errors={props.errors ?? []} />
      <form class="stack" method="post" action={`${page.base}/manage/evaluations`} novalidate>
        <CsrfField token={page.csrfToken} />
        <TextField name="title" label={t(l, "disclosure.eval.roundTitle")} value={props.values?.title} errors={props.errors} required maxLength={60} />
        <TextField name="year" label={t(l, "disclosure.eval.year")} value={props.values?.year ?? String(new Date().getUTCFullYear())} errors={props.errors} required inputMode="numeric" maxLength={4} />
        <button type="submit">{t(l, "disclosure.eval.open")}</button>
      </form>
    </Layout>
  );
}

type RoundData = Awaited<ReturnType<typeof roundData>>;

async function roundData(c: Context<AppEnv>, roundId: string) {
  const data = c.var.data;
  const { round, rubric } = await loadRound(data, roundId);
  const [evaluations, appeals, objections] = await data.read<Record<string, unknown>>([
    data
      .selectFrom("evaluations")
      .innerJoin("organizations", (j) => j.onRef("organizations.district_id", "=", "evaluations.district_id").onRef("organizations.id", "=", "evaluations.organization_id"))
      .selectAll("evaluations")
      .select(["organizations.name as organization_name"])
      .where("evaluations.round_id", "=", round.id)
      .orderBy("organizations.name_key"),
    data
      .selectFrom("evaluation_appeals")
      .innerJoin("evaluations", (j) => j.onRef("evaluations.district_id", "=", "evaluation_appeals.district_id").onRef("evaluations.id", "=", "evaluation_appeals.evaluation_id"))
      .innerJoin("organizations", (j) => j.onRef("organizations.district_id", "=", "evaluation_appeals.district_id").onRef("organizations.id", "=", "evaluation_appeals.organization_id"))
      .selectAll("evaluation_appeals")
      .select(["organizations.name as organization_name"])
      .where("evaluations.round_id", "=", round.id)
      .orderBy("evaluation_appeals.filed_at"),
    data
      .selectFrom("notice_objections")
      .innerJoin("public_notices", (j) => j.onRef("public_notices.district_id", "=", "notice_objections.district_id").onRef("public_notices.id", "=", "notice_objections.notice_id"))
      .select(["notice_objections.id", "notice_objections.notice_id", "notice_objections.subject_id", "notice_objections.name", "notice_objections.content", "notice_objections.filed_at", "notice_objections.status", "notice_objections.handling_note"])
      .where("public_notices.batch_id", "=", round.id)
      .where("public_notices.subject_kind", "=", SUBJECT_KIND)
      .orderBy("notice_objections.filed_at"),
  ]);
  const rows = (evaluations ?? []) as unknown as (EvaluationRow & { organization_name: string })[];
  const totals = await aggregateByRole(data, rubric, rows.map((r) => r.id));
  return {
    round,
    rubric,
    evaluations: rows,
    totals,
    appeals: (appeals ?? []) as unknown as (AppealRow & { organization_name: string })[],
    objections: (objections ?? []) as { id: string; notice_id: string; subject_id: string | null; name: string; content: string; filed_at: string; status: string; handling_note: string | null }[],
    ready: await readyProposals(data, round, rubric),
  };
}

function RoundPage(props: { c: Context<AppEnv>; d: RoundData; errors?: FieldError[]; message?: string; status?: string }) {
  const page = pageInfo(props.c);
  const l = page.locale;
  const { round, rubric } = props.d;
  const bands = roundBands(round);
  const role = (id: string, r: string) => props.d.totals.get(id)?.get(r)?.mean ?? "–";
  const labelOf = (subjectId: string | null) => props.d.evaluations.find((e) => e.id === subjectId)?.organization_name ?? t(l, "disclosure.notice.objectWhole");
  return (
    <Layout page={page} title={round.title}>
      <EvalNav c={props.c} />
      <h1>{round.title}</h1>
      <Flash l={l} done={props.c.req.query("done")} />
      {props.status ? (
        <p class="notice ok" role="status">
          {props.status}
        </p>
      ) : null}
      <ErrorSummary locale={l} errors={props.errors ?? []} message={props.message} />
      <p>{t(l, "disclosure.eval.rubricIntro", { scale: bands.scale, bands: bandsText(round) })}</p>

      <h2>{t(l, "disclosure.eval.organizations")}</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t(l, "disclosure.org.name")}</th>
              <th scope="col">{t(l, "disclosure.eval.status")}</th>
              <th scope="col">{t(l, "disclosure.eval.self")}</th>
              <th scope="col">{t(l, "disclosure.eval.evaluator")}</th>
              <th scope="col">{t(l, "disclosure.eval.committee")}</th>
              <th scope="col">{t(l, "disclosure.eval.proposed")}</th>
              <th scope="col">{t(l, "disclosure.eval.final")}</th>
            </tr>
          </thead>
          <tbody>
            {props.d.evaluations.map((e) => (
              <tr>
                <td>
                  <a href={`${page.base}/manage/evaluation/${e.id}`}>{e.organization_name}</a>
                </td>
                <td>{t(l, `disclosure.eval.status.${e.status}`)}</td>
                <td>{e.self_total ?? role(e.id, "self")}</td>
                <td>{e.evaluator_total ?? role(e.id, "evaluator")}</td>
                <td>{e.total ?? role(e.id, "committee")}</td>
                <td>{e.status === "in_notice" || e.status === "final" ? (e.proposed_grade ?? t(l, "disclosure.grade.noGrade")) : "–"}</td>
                <td>{e.status === "final" ? (e.final_grade ?? t(l, "disclosure.grade.noGrade")) : "–"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {round.status === "open" ? (
        <form class="stack" method="post" action={`${page.base}/manage/evaluations/${round.id}/enrol`} novalidate>
          <CsrfField token={page.csrfToken} />
          <TextField name="uscc" label={`${t(l, "disclosure.eval.enrol")} · ${t(l, "disclosure.org.uscc")}`} errors={props.errors} maxLength={18} required />
          <button type="submit" class="secondary">
            {t(l, "disclosure.eval.enrol")}
          </button>
        </form>
      ) : null}

      <h2>{t(l, "disclosure.eval.propose")}</h2>
      <p class="hint">{t(l, "disclosure.eval.proposeHint", { days: props.c.var.district.settings.publicNoticeWorkingDays })}</p>
      {props.d.ready.length === 0 ? (
        <p>{t(l, "disclosure.eval.noneReady")}</p>
      ) : (
        <form method="post" action={`${page.base}/manage/evaluations/${round.id}/propose`}>
          <CsrfField token={page.csrfToken} />
          <ul>
            {props.d.ready.map((p) => (
              <li>
                {p.organizationName}：{p.committee} → {p.grade ?? t(l, "disclosure.grade.noGrade")}
              </li>
            ))}
          </ul>
          <button type="submit">{t(l, "disclosure.eval.propose")}</button>
        </form>
      )}

      <h2>{t(l, "disclosure.eval.appeals")}</h2>
      {props.d.appeals.length === 0 ? <p>{t(l, "disclosure.eval.noAppeals")}</p> : null}
      {props.d.appeals.map((a) => (
        <article class="card">
          <h3>
            {a.organization_name} · <DateText iso={a.filed_at} /> · {t(l, `disclosure.eval.appealStatus.${a.status}`)}
          </h3>
          <p class="prose">{a.content}</p>
          {a.status === "pending" ? (
            <form class="stack" method="post" action={`${page.base}/manage/evaluation-appeals/${a.id}`} novalidate>
              <CsrfField token={page.csrfToken} />
              <p class="hint">{t(l, "disclosure.credit.answerDue", { date: a.answer_due_on })}</p>
              <RadioGroup name="outcome" legend={t(l, "disclosure.eval.appealAnswer")} value="dismissed" options={(["dismissed", "upheld"] as const).map((o) => ({ value: o, label: t(l, `disclosure.eval.${o}`) }))} />
              <TextField name="revisedTotal" label={t(l, "disclosure.eval.revisedTotal")} inputMode="decimal" maxLength={8} errors={props.errors} />
              <TextArea name="answer" label={t(l, "disclosure.eval.appealAnswer")} required maxLength={2000} errors={props.errors} />
              <button type="submit">{t(l, "disclosure.credit.answer")}</button>
            </form>
          ) : (
            <p class="prose">{a.answer}</p>
          )}
        </article>
      ))}

      <h2>{t(l, "disclosure.eval.objections")}</h2>
      {props.d.objections.length === 0 ? <p>{t(l, "disclosure.credit.noRequests")}</p> : null}
      {props.d.objections.map((o) => (
        <article class="card">
          <h3>
            {labelOf(o.subject_id)} · {o.name} · <DateText iso={o.filed_at} />
          </h3>
          <p class="prose">{o.content}</p>
          {o.status === "received" ? (
            <form class="stack" method="post" action={`${page.base}/manage/notice-objections/${o.id}`} novalidate>
              <CsrfField token={page.csrfToken} />
              <RadioGroup name="outcome" legend={t(l, "disclosure.eval.handle")} value="dismissed" options={[{ value: "dismissed", label: t(l, "disclosure.eval.dismiss") }, { value: "upheld", label: t(l, "disclosure.eval.uphold") }]} />
              <TextArea name="note" label={t(l, "disclosure.credit.note")} required maxLength={1000} rows={2} />
              <button type="submit">{t(l, "disclosure.eval.handle")}</button>
            </form>
          ) : (
            <p>
              {o.status} · {o.handling_note}
            </p>
          )}
        </article>
      ))}
      <RubricTable l={l} rubric={rubric} />
    </Layout>
  );
}

async function scorerOptions(c: Context<AppEnv>) {
  return c.var.data
    .selectFrom("role_grants")
    .innerJoin("users", (j) => j.onRef("users.district_id", "=", "role_grants.district_id").onRef("users.id", "=", "role_grants.user_id"))
    .select(["users.id", "users.display_name", "role_grants.role"])
    .where("role_grants.role", "in", ["evaluator", "reviewer"])
    .where("users.status", "=", "active")
    .orderBy("users.display_name")
    .execute();
}

function EvaluationAdminPage(props: { c: Context<AppEnv>; e: EvaluationRow & { organization_name: string }; round: RoundRow; rubric: Rubric; assignments: (AssignmentRow & { display_name: string })[]; scorers: Awaited<ReturnType<typeof scorerOptions>>; perItem: Map<string, Map<string, number | null>> }) {
  const page = pageInfo(props.c);
  const l = page.locale;
  const roles = ["self", "evaluator", "committee"] as const;
  const roleLabel = { self: t(l, "disclosure.eval.self"), evaluator: t(l, "disclosure.eval.evaluator"), committee: t(l, "disclosure.eval.committee") };
  const assigned = new Set(props.assignments.filter((a) => a.status !== "moved").map((a) => `${a.scorer_role}:${a.reviewer_id}`));
  return (
    <Layout page={page} title={`${props.e.organization_name} · ${props.round.title}`}>
      <EvalNav c={props.c} />
      <p class="crumbs">
        <a href={`${page.base}/manage/evaluations/${props.round.id}`}>{props.round.title}</a>
      </p>
      <h1>{props.e.organization_name}</h1>
      <Flash l={l} done={props.c.req.query("done")} />
      <p>{t(l, `disclosure.eval.status.${props.e.status}`)}</p>
      <h2>{t(l, "disclosure.eval.assignments")}</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t(l, "disclosure.eval.role")}</th>
              <th scope="col">{t(l, "staff.name")}</th>
              <th scope="col">{t(l, "disclosure.eval.status")}</th>
              <th scope="col">{t(l, "disclosure.eval.move")}</th>
            </tr>
          </thead>
          <tbody>
            {props.assignments.map((a) => (
              <tr>
                <td>{roleLabel[a.scorer_role as "self"] ?? a.scorer_role}</td>
                <td>{a.display_name}</td>
                <td>
                  {t(l, `disclosure.eval.assignment.${a.status}`)}
                  {a.status === "clear" ? ` · ${a.submitted_at ? t(l, "disclosure.eval.submitted") : t(l, "disclosure.eval.notSubmitted")}` : ""}
                  {a.conflict_reason ? <div class="hint">{a.conflict_reason}</div> : null}
                </td>
                <td>
                  {(a.status === "conflicted" || a.status === "awaiting_declaration") && a.scorer_role !== "self" ? (
                    <form method="post" action={`${page.base}/manage/evaluation-assignments/${a.id}/move`} class="inline">
                      <CsrfField token={page.csrfToken} />
                      <SelectField
                        name="to"
                        label={t(l, "disclosure.eval.move")}
                        options={props.scorers.filter((s) => s.role === (a.scorer_role === "evaluator" ? "evaluator" : "reviewer") && s.id !== a.reviewer_id && !assigned.has(`${a.scorer_role}:${s.id}`)).map((s) => ({ value: s.id, label: s.display_name }))}
                      />
                      <button type="submit" class="secondary">
                        {t(l, "disclosure.eval.move")}
                      </button>
                    </form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {props.e.status === "enrolled" || props.e.status === "returned" ? (
        <form class="stack" method="post" action={`${page.base}/manage/evaluation/${props.e.id}/assign`}>
          <CsrfField token={page.csrfToken} />
          <ChoiceGroup
            type="checkbox"
            name="evaluators"
            legend={t(l, "disclosure.eval.evaluators")}
            options={props.scorers.filter((s) => s.role === "evaluator").map((s) => ({ value: s.id, label: s.display_name, disabled: assigned.has(`evaluator:${s.id}`) }))}
            selected={props.scorers.filter((s) => assigned.has(`evaluator:${s.id}`)).map((s) => s.id)}
          />
          <ChoiceGroup
            type="checkbox"
            name="committee"
            legend={t(l, "disclosure.eval.committeeMembers")}
            options={props.scorers.filter((s) => s.role === "reviewer").map((s) => ({ value: s.id, label: s.display_name, disabled: assigned.has(`committee:${s.id}`) }))}
            selected={props.scorers.filter((s) => assigned.has(`committee:${s.id}`)).map((s) => s.id)}
          />
          <button type="submit">{t(l, "disclosure.eval.assign")}</button>
        </form>
      ) : null}
      <h2>{t(l, "disclosure.eval.score")}</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t(l, "disclosure.eval.area")}</th>
              <th scope="col">{t(l, "disclosure.eval.item")}</th>
              <th scope="col">{t(l, "disclosure.eval.points")}</th>
              {roles.map((r) => (
                <th scope="col">{roleLabel[r]}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.rubric.items.map((i) => (
              <tr>
                <td>{i.area}</td>
                <td>{i.title}</td>
                <td>{i.maxScore}</td>
                {roles.map((r) => (
                  <td>{props.perItem.get(r)?.get(i.id) ?? "–"}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}

// ---------------------------------------------------------------- scorers

async function myTasks(c: Context<AppEnv>) {
  return c.var.data
    .selectFrom("review_assignments")
    .innerJoin("evaluations", (j) => j.onRef("evaluations.district_id", "=", "review_assignments.district_id").onRef("evaluations.id", "=", "review_assignments.subject_id"))
    .innerJoin("organizations", (j) => j.onRef("organizations.district_id", "=", "evaluations.district_id").onRef("organizations.id", "=", "evaluations.organization_id"))
    .innerJoin("evaluation_rounds", (j) => j.onRef("evaluation_rounds.district_id", "=", "evaluations.district_id").onRef("evaluation_rounds.id", "=", "evaluations.round_id"))
    .select(["review_assignments.id", "review_assignments.status", "review_assignments.scorer_role", "review_assignments.submitted_at", "organizations.name", "evaluation_rounds.title", "evaluations.status as evaluation_status"])
    .where("review_assignments.reviewer_id", "=", c.var.user!.id)
    .where("review_assignments.subject_kind", "=", SUBJECT_KIND)
    .where("review_assignments.scorer_role", "in", ["evaluator", "committee"])
    .orderBy("review_assignments.assigned_at", "desc")
    .execute();
}

function TasksPage(props: { c: Context<AppEnv>; tasks: Awaited<ReturnType<typeof myTasks>> }) {
  const page = pageInfo(props.c);
  const l = page.locale;
  return (
    <Layout page={page} title={t(l, "disclosure.eval.tasks")}>
      <h1>{t(l, "disclosure.eval.tasks")}</h1>
      {props.tasks.length === 0 ? <p>{t(l, "disclosure.eval.noTasks")}</p> : null}
      <ul class="results">
        {props.tasks.map((task) => (
          <li class="result">
            <h2 class="h3">
              <a href={`${page.base}/evaluation-tasks/${task.id}`}>{task.name}</a>
            </h2>
            <div class="meta">
              {task.title} · {task.scorer_role === "committee" ? t(l, "disclosure.eval.committee") : t(l, "disclosure.eval.evaluator")} · {t(l, `disclosure.eval.assignment.${task.status}`)}
              {task.status === "clear" ? ` · ${task.submitted_at ? t(l, "disclosure.eval.submitted") : t(l, "disclosure.eval.notSubmitted")}` : ""}
            </div>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

async function taskContext(c: Context<AppEnv>) {
  const a = await findAssignment(c.var.data, c.req.param("assignmentId") ?? "");
  // Someone else's assignment does not exist for this user.
  if (!a || a.reviewer_id !== c.var.user!.id || a.subject_kind !== SUBJECT_KIND || a.scorer_role === "self") throw notFound();
  const evaluation = await loadEvaluation(c.var.data, a.subject_id);
  const { round, rubric } = await loadRound(c.var.data, evaluation.round_id);
  const org = await c.var.data.selectFrom("organizations").select(["id", "name"]).where("id", "=", evaluation.organization_id).executeTakeFirstOrThrow();
  return { a, evaluation, round, rubric, org };
}

function TaskPage(props: { c: Context<AppEnv>; x: Awaited<ReturnType<typeof taskContext>>; values?: Record<string, string>; errors?: FieldError[]; message?: string }) {
  const page = pageInfo(props.c);
  const l = page.locale;
  const { a, org, round, rubric, evaluation } = props.x;
  const years = props.c.var.district.settings.reviewerCoolingOffYears;
  const scoring = evaluation.status === "enrolled" || evaluation.status === "returned";
  return (
    <Layout page={page} title={`${org.name} · ${t(l, "disclosure.eval.tasks")}`}>
      <p class="crumbs">
        <a href={`${page.base}/evaluation-tasks`}>{t(l, "disclosure.eval.tasks")}</a>
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
          <form class="stack" method="post" action={`${page.base}/evaluation-tasks/${a.id}/declare`} novalidate>
            <CsrfField token={page.csrfToken} />
            <RadioGroup name="workedFor" legend={t(l, "disclosure.eval.workedFor")} value={props.values?.workedFor ?? "no"} errors={props.errors} options={(["no", "yes"] as const).map((v) => ({ value: v, label: t(l, `disclosure.eval.workedFor.${v}`) }))} />
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
          <ScoreForm l={l} action={`${page.base}/evaluation-tasks/${a.id}/scores`} csrfToken={page.csrfToken} rubric={rubric} values={props.values ?? {}} errors={props.errors} message={props.message} readOnly={!!a.submitted_at || !scoring} />
        </>
      )}
    </Layout>
  );
}

// ---------------------------------------------------------------- routes

export function registerEvaluationRoutes(app: Hono<AppEnv>): void {
  const r = routes(app, "district");

  const roundsPage = async (c: Context<AppEnv>, extra: { values?: Record<string, string>; errors?: FieldError[]; status?: number } = {}) => {
    const rounds = (await c.var.data.selectFrom("evaluation_rounds").selectAll().orderBy("opened_at", "desc").execute()) as RoundRow[];
    return c.html(<RoundsPage c={c} rounds={rounds} values={extra.values} errors={extra.errors} />, (extra.status ?? 200) as 200);
  };

  r.get("/manage/evaluations", "evaluation.manage", (c) => roundsPage(c));

  r.post("/manage/evaluations", "evaluation.manage", async (c) => {
    const form = await readForm(c, roundSchema);
    if (!form.ok) return roundsPage(c, { values: form.values, errors: form.errors, status: 422 });
    const id = await openRound(c, { title: form.data.title, year: Number(form.data.year) });
    return c.redirect(`${c.var.base}/manage/evaluations/${id}?done=disclosure.eval.opened`, 303);
  });

  const roundPage = async (c: Context<AppEnv>, roundId: string, extra: { errors?: FieldError[]; message?: string; status?: number; done?: string } = {}) =>
    c.html(<RoundPage c={c} d={await roundData(c, roundId)} errors={extra.errors} message={extra.message} status={extra.done} />, (extra.status ?? 200) as 200);

  r.get("/manage/evaluations/:roundId", "evaluation.manage", (c) => roundPage(c, c.req.param("roundId") ?? ""));

  r.post("/manage/evaluations/:roundId/enrol", "evaluation.manage", async (c) => {
    const roundId = c.req.param("roundId") ?? "";
    const { round } = await loadRound(c.var.data, roundId);
    const form = await readForm(c, z.strictObject({ uscc: z.string().check(z.trim(), z.toUpperCase(), z.minLength(1), z.maxLength(18)) }));
    if (!form.ok) return roundPage(c, roundId, { errors: form.errors, status: 422 });
    const org = await c.var.data.selectFrom("organizations").select("id").where("uscc", "=", form.data.uscc).executeTakeFirst();
    if (!org) return roundPage(c, roundId, { errors: [{ field: "uscc", code: "not_found", message: t(c.var.locale, "error.not_found") }], status: 422 });
    try {
      await enrol(c, round, org.id, null);
    } catch (error) {
      if (error instanceof AppError && error.status === 409) return roundPage(c, roundId, { message: t(c.var.locale, error.messageKey, error.params), status: 409 });
      throw error;
    }
    return c.redirect(`${c.var.base}/manage/evaluations/${roundId}?done=disclosure.eval.enrolled`, 303);
  });

  r.post("/manage/evaluations/:roundId/propose", "evaluation.manage", async (c) => {
    const roundId = c.req.param("roundId") ?? "";
    const { round, rubric } = await loadRound(c.var.data, roundId);
    const ready = await readyProposals(c.var.data, round, rubric);
    if (ready.length === 0) return roundPage(c, roundId, { message: t(c.var.locale, "disclosure.eval.noneReady"), status: 409 });
    try {
      await publishProposals(c, round, ready);
    } catch (error) {
      if (error instanceof AppError && error.status === 409) return roundPage(c, roundId, { message: t(c.var.locale, error.messageKey), status: 409 });
      throw error;
    }
    return c.redirect(`${c.var.base}/manage/evaluations/${roundId}?done=disclosure.eval.published`, 303);
  });

  const evaluationPage = async (c: Context<AppEnv>) => {
    const data = c.var.data;
    const e = await loadEvaluation(data, c.req.param("evaluationId") ?? "");
    const { round, rubric } = await loadRound(data, e.round_id);
    const [org, assignments, scorers, totals] = await Promise.all([
      data.selectFrom("organizations").select("name").where("id", "=", e.organization_id).executeTakeFirstOrThrow(),
      data
        .selectFrom("review_assignments")
        .innerJoin("users", (j) => j.onRef("users.district_id", "=", "review_assignments.district_id").onRef("users.id", "=", "review_assignments.reviewer_id"))
        .selectAll("review_assignments")
        .select("users.display_name")
        .where("review_assignments.subject_id", "=", e.id)
        .orderBy("review_assignments.assigned_at")
        .execute(),
      scorerOptions(c),
      aggregateByRole(data, rubric, [e.id]),
    ]);
    const perItem = new Map([...(totals.get(e.id) ?? new Map()).entries()].map(([role, agg]) => [role, agg.perItem]));
    return c.html(<EvaluationAdminPage c={c} e={{ ...e, organization_name: org.name }} round={round} rubric={rubric} assignments={assignments as (AssignmentRow & { display_name: string })[]} scorers={scorers} perItem={perItem} />);
  };

  r.get("/manage/evaluation/:evaluationId", "evaluation.manage", evaluationPage);

  r.post("/manage/evaluation/:evaluationId/assign", "evaluation.manage", async (c) => {
    const e = await loadEvaluation(c.var.data, c.req.param("evaluationId") ?? "");
    const { round } = await loadRound(c.var.data, e.round_id);
    const form = await readForm(c, z.record(z.string().check(z.regex(/^(evaluators|committee)\.[0-9a-z]{1,40}$/)), z.string()));
    if (!form.ok) throw new AppError(422, "validation", "error.validation", {}, form.errors);
    if (e.status !== "enrolled" && e.status !== "returned") throw new AppError(409, "illegal_transition", "error.conflict", {}, [], { allowed: [] });
    const scorers = await scorerOptions(c);
    const pick = (group: string, role: string) => checkedValues(form.data, group).filter((id) => scorers.some((s) => s.id === id && s.role === role));
    await assignScorers(c, e, round.rubric_id, pick("evaluators", "evaluator"), pick("committee", "reviewer"));
    return c.redirect(`${c.var.base}/manage/evaluation/${e.id}?done=disclosure.eval.assigned`, 303);
  });

  r.post("/manage/evaluation-assignments/:assignmentId/move", "evaluation.manage", async (c) => {
    const a = await findAssignment(c.var.data, c.req.param("assignmentId") ?? "");
    if (!a || a.subject_kind !== SUBJECT_KIND) throw notFound();
    const form = await readForm(c, z.strictObject({ to: z.string().check(z.minLength(1), z.maxLength(40)) }));
    if (!form.ok) throw new AppError(422, "validation", "error.validation", {}, form.errors);
    const scorers = await scorerOptions(c);
    const wanted = a.scorer_role === "evaluator" ? "evaluator" : "reviewer";
    if (!scorers.some((s) => s.id === form.data.to && s.role === wanted)) throw new AppError(422, "validation", "error.validation", {}, [{ field: "to", code: "invalid_choice", message: t(c.var.locale, "field.invalid_choice") }]);
    await c.var.data.write(moveAssignment(c.var.data, a, form.data.to, c.var.user!.id, nowIso()), { action: "evaluation.assignment_moved", targetType: "evaluation", targetId: a.subject_id, after: { from: a.reviewer_id, to: form.data.to } });
    return c.redirect(`${c.var.base}/manage/evaluation/${a.subject_id}?done=disclosure.eval.moved`, 303);
  });

  r.post("/manage/evaluation-appeals/:appealId", "evaluation.manage", async (c) => {
    const appeal = (await c.var.data.selectFrom("evaluation_appeals").selectAll().where("id", "=", c.req.param("appealId") ?? "").executeTakeFirst()) as AppealRow | undefined;
    if (!appeal) throw notFound();
    const e = await loadEvaluation(c.var.data, appeal.evaluation_id);
    const { round } = await loadRound(c.var.data, e.round_id);
    const form = await readForm(c, appealAnswerSchema);
    if (!form.ok) return roundPage(c, round.id, { errors: form.errors, status: 422 });
    try {
      await answerAppeal(c, appeal, round, { outcome: form.data.outcome, answer: form.data.answer, revisedTotal: form.data.outcome === "upheld" ? Number(form.data.revisedTotal) : null });
    } catch (error) {
      if (error instanceof AppError && (error.status === 409 || error.status === 422)) return roundPage(c, round.id, { errors: error.fieldErrors, message: t(c.var.locale, error.messageKey, error.params), status: error.status });
      throw error;
    }
    return c.redirect(`${c.var.base}/manage/evaluations/${round.id}?done=disclosure.eval.appealAnswered`, 303);
  });

  r.post("/manage/notice-objections/:objectionId", "evaluation.manage", async (c) => {
    const data = c.var.data;
    const objection = await data
      .selectFrom("notice_objections")
      .innerJoin("public_notices", (j) => j.onRef("public_notices.district_id", "=", "notice_objections.district_id").onRef("public_notices.id", "=", "notice_objections.notice_id"))
      .select(["notice_objections.id", "public_notices.batch_id", "public_notices.subject_kind"])
      .where("notice_objections.id", "=", c.req.param("objectionId") ?? "")
      .executeTakeFirst();
    if (!objection || objection.subject_kind !== SUBJECT_KIND) throw notFound();
    const form = await readForm(c, objectionHandlingSchema);
    if (!form.ok) return roundPage(c, objection.batch_id, { errors: form.errors, status: 422 });
    await data.write(handleObjection(data, { objectionId: objection.id, upheld: form.data.outcome === "upheld", note: form.data.note, by: c.var.user!.id, now: nowIso() }), {
      action: "notice.objection_handled",
      targetType: "notice_objection",
      targetId: objection.id,
      after: { outcome: form.data.outcome },
    });
    return c.redirect(`${c.var.base}/manage/evaluations/${objection.batch_id}?done=disclosure.eval.handled`, 303);
  });

  // ----- scorers

  r.get("/evaluation-tasks", "evaluation.score", async (c) => c.html(<TasksPage c={c} tasks={await myTasks(c)} />));

  r.get("/evaluation-tasks/:assignmentId", "evaluation.score", async (c) => {
    const x = await taskContext(c);
    const scores = x.a.status === "clear" ? await c.var.data.selectFrom("review_scores").select(["item_id", "score", "comment"]).where("assignment_id", "=", x.a.id).execute() : [];
    return c.html(<TaskPage c={c} x={x} values={scoreValues(scores)} />);
  });

  r.post("/evaluation-tasks/:assignmentId/declare", "evaluation.score", async (c) => {
    const x = await taskContext(c);
    const form = await readForm(c, declarationSchema);
    if (!form.ok) return c.html(<TaskPage c={c} x={x} values={form.values} errors={form.errors} />, 422);
    const settings = c.var.district.settings;
    const reason = conflictFrom(form.data, today(), settings.reviewerCoolingOffYears, c.var.locale);
    await c.var.data.write(declare(c.var.data, x.a, reason !== null, reason, nowIso()), {
      action: reason ? "evaluation.conflict_declared" : "evaluation.declared_clear",
      targetType: "evaluation",
      targetId: x.evaluation.id,
      after: { assignment: x.a.id, conflicted: reason !== null },
    }, { stale: () => new AppError(409, "conflict", "error.conflict", {}, [], { allowed: [] }) });
    return c.redirect(`${c.var.base}/evaluation-tasks/${x.a.id}?done=${reason ? "disclosure.eval.declaredConflicted" : "disclosure.eval.declaredClear"}`, 303);
  });

  r.post("/evaluation-tasks/:assignmentId/scores", "evaluation.score", async (c) => {
    const x = await taskContext(c);
    const l = c.var.locale;
    const form = await readForm(c, z.record(z.string(), z.string()));
    const values = form.values;
    if (x.a.status !== "clear") throw new AppError(409, "illegal_transition", "disclosure.eval.locked", {}, [], { allowed: x.a.status === "awaiting_declaration" ? ["declare"] : [] });
    const { scores, errors, submit } = readScores(l, x.rubric, values);
    if (errors.length) return c.html(<TaskPage c={c} x={x} values={values} errors={errors} />, 422);
    const saved = await c.var.data.writeIfCurrent([scoringOpenGuard(c.var.data, x.evaluation.id), ...saveScores(c.var.data, x.a, scores, submit, nowIso())], {
      action: submit ? "evaluation.scores_submitted" : "evaluation.scores_saved",
      targetType: "evaluation",
      targetId: x.evaluation.id,
      after: { assignment: x.a.id, role: x.a.scorer_role },
    });
    if (!saved) return c.html(<TaskPage c={c} x={x} values={values} message={t(l, "disclosure.eval.locked")} />, 409);
    return c.redirect(`${c.var.base}/evaluation-tasks/${x.a.id}?done=${submit ? "disclosure.eval.scoresSubmitted" : "disclosure.eval.saved"}`, 303);
  });
}
