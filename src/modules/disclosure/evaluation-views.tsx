import type { FieldError } from "../../http/errors";
import { t } from "../../i18n/messages";
import { beijingDate } from "../../lib/beijing-time";
import type { AssignmentRow, Rubric } from "../../review";
import { ChoiceGroup, ErrorSummary, RadioGroup, SelectField, TextArea, TextField } from "../../ui/form";
import { CsrfField, Layout } from "../../ui/layout";
import { roundBands, type EvaluationRow, type RoundRow } from "./evaluations";
import { DateText, Flash, type ViewProps } from "./views";
import type { DistrictSettings } from "../../tenants/settings";
import type { RoundData, scorerOptions } from "./evaluation-queries";
import { AnnounceSection } from "./evaluation-announcement-pages";
import { RubricSection, type RubricState, RubricTable, SubtypeLinks } from "./evaluation-rubric-views";

// The administrators' evaluation pages: rounds, one round with its evaluations,
// proposals, appeals and objections, and one evaluation with its scorers.

function bandsText(round: RoundRow): string {
  const b = roundBands(round);
  return (["5A", "4A", "3A", "2A", "1A"] as const).map((g) => `${g} ≥ ${b.minimums[g]}`).join(" · ");
}

function EvalNav(props: ViewProps) {
  const page = props.page;
  const l = page.locale;
  return (
    <p class="crumbs">
      <a href={`${page.base}/manage/organizations`}>{t(l, "disclosure.manage.title")}</a> · <a href={`${page.base}/manage/evaluations`}>{t(l, "disclosure.manage.evaluations")}</a>
    </p>
  );
}

export function RoundsPage(props: ViewProps & { settings: DistrictSettings; rounds: RoundRow[]; wide: boolean; values?: Record<string, string>; errors?: FieldError[] }) {
  const page = props.page;
  const l = page.locale;
  const bands = props.settings.gradeBands;
  return (
    <Layout page={page} title={t(l, "disclosure.eval.rounds")}>
      <EvalNav page={props.page} />
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
      {props.wide ? (
        <>
          <p class="hint">{t(l, "disclosure.eval.rubricIntro", { scale: bands.scale, bands: (["5A", "4A", "3A", "2A", "1A"] as const).map((g) => `${g} ≥ ${bands.minimums[g]}`).join(" · ") })}</p>
          <ErrorSummary locale={l} errors={props.errors ?? []} />
          <form class="stack" method="post" action={`${page.base}/manage/evaluations`} novalidate>
            <CsrfField token={page.csrfToken} />
            <TextField name="title" label={t(l, "disclosure.eval.roundTitle")} value={props.values?.title} errors={props.errors} required maxLength={60} />
            <TextField name="year" label={t(l, "disclosure.eval.year")} value={props.values?.year ?? String(new Date().getUTCFullYear())} errors={props.errors} required inputMode="numeric" maxLength={4} />
            <button type="submit">{t(l, "disclosure.eval.open")}</button>
          </form>
        </>
      ) : (
        <p class="notice">{t(l, "disclosure.eval.districtWideOnly")}</p>
      )}
    </Layout>
  );
}

export function RoundPage(
  props: ViewProps & {
    settings: DistrictSettings;
    d: RoundData;
    errors?: FieldError[];
    message?: string;
    status?: string;
    announce?: { values: Record<string, string>; errors: FieldError[] };
    appeal?: { id: string; values: Record<string, string>; errors: FieldError[] };
    /** The rubric being edited (?rubric=), with what a refused form brings back. */
    rubric?: RubricState;
    /** A district-wide grant, which alone edits the round's rubrics. */
    wide: boolean;
  },
) {
  const page = props.page;
  const l = page.locale;
  const { round, rubrics } = props.d;
  const key = props.wide ? (props.rubric?.key ?? "") : "";
  const fresh = /^社会团体:/.test(key) && !rubrics.some((r) => r.key === key) && rubrics.some((r) => r.key === "社会团体") ? key : null;
  const bands = roundBands(round);
  const role = (id: string, r: string) => props.d.totals.get(id)?.get(r)?.mean ?? "–";
  const labelOf = (subjectId: string | null) => props.d.evaluations.find((e) => e.id === subjectId)?.organization_name ?? t(l, "review.notice.objectWhole");
  return (
    <Layout page={page} title={round.title}>
      <EvalNav page={props.page} />
      <h1>{round.title}</h1>
      <Flash l={l} done={props.flash} />
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
      <p class="hint">{t(l, "disclosure.eval.proposeHint", { days: props.settings.publicNoticeWorkingDays })}</p>
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

      <AnnounceSection page={page} roundId={round.id} roundTitle={round.title} pending={props.d.unannounced} announcements={props.d.announcements} values={props.announce?.values} errors={props.announce?.errors} />

      <h2>{t(l, "disclosure.eval.appeals")}</h2>
      {props.d.appeals.length === 0 ? <p>{t(l, "disclosure.eval.noAppeals")}</p> : null}
      {props.d.appeals.map((a) => {
        // The typed answer and its errors come back only to the appeal they were for.
        const mine = props.appeal?.id === a.id ? props.appeal : undefined;
        const v = mine?.values ?? {};
        return (
          <article class="card">
            <h3>
              {a.organization_name} · <DateText iso={a.filed_at} /> · {t(l, `disclosure.eval.appealStatus.${a.status}`)}
            </h3>
            <p class="prose">{a.content}</p>
            {a.status === "pending" ? (
              <form class="stack" method="post" action={`${page.base}/manage/evaluation-appeals/${a.id}`} novalidate>
                <CsrfField token={page.csrfToken} />
                <p class="hint">{t(l, "disclosure.credit.answerDue", { date: a.answer_due_on })}</p>
                <ErrorSummary errors={mine?.errors ?? []} locale={l} />
                <RadioGroup name="outcome" legend={t(l, "disclosure.eval.appealAnswer")} value={v.outcome ?? "dismissed"} options={(["dismissed", "upheld"] as const).map((o) => ({ value: o, label: t(l, `disclosure.eval.${o}`) }))} />
                <TextField
                  name="revisedTotal"
                  label={t(l, "disclosure.eval.revisedTotal")}
                  hint={a.simplified_onsite ? t(l, "disclosure.eval.revisedTotalOfSimplified", { max: a.max_points, scale: bands.scale }) : t(l, "disclosure.eval.revisedTotalOf", { max: a.max_points })}
                  inputMode="decimal"
                  maxLength={8}
                  value={v.revisedTotal}
                  errors={mine?.errors}
                />
                <TextField name="committeeDecidedOn" type="date" label={t(l, "disclosure.eval.committeeDecidedOn")} hint={t(l, "disclosure.eval.committeeDecidedHint")} value={v.committeeDecidedOn} errors={mine?.errors} required />
                <TextArea name="answer" label={t(l, "disclosure.eval.appealAnswer")} value={v.answer} required maxLength={2000} errors={mine?.errors} />
                <button type="submit">{t(l, "disclosure.credit.answer")}</button>
              </form>
            ) : (
              <>
                {a.committee_decided_on ? <p>{t(l, "disclosure.eval.committeeDecidedLine", { date: a.committee_decided_on })}</p> : null}
                <p class="prose">{a.answer}</p>
              </>
            )}
          </article>
        );
      })}

      <h2 id="objections">{t(l, "disclosure.eval.objections")}</h2>
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
              <RadioGroup
                name="outcome"
                legend={t(l, "disclosure.eval.handle")}
                value="dismissed"
                options={[
                  { value: "dismissed", label: t(l, "disclosure.eval.dismiss") },
                  { value: "upheld", label: t(l, "disclosure.eval.uphold") },
                ]}
              />
              <TextArea name="note" label={t(l, "disclosure.credit.note")} required maxLength={1000} rows={2} />
              <button type="submit">{t(l, "disclosure.eval.handle")}</button>
            </form>
          ) : (
            <p>
              {t(l, `review.objection.${o.status as "upheld" | "dismissed"}`)} · {o.handling_note}
            </p>
          )}
        </article>
      ))}
      {props.wide ? null : <p class="notice">{t(l, "disclosure.eval.districtWideOnly")}</p>}
      {rubrics.map((r) => (
        <RubricSection page={page} roundId={round.id} rubricKey={r.key} rubric={r.rubric} scale={bands.scale} editing={props.wide && key === r.key} readOnly={!props.wide} state={key === r.key ? props.rubric : undefined} />
      ))}
      {props.wide && rubrics[0]?.key ? <SubtypeLinks page={page} roundId={round.id} taken={rubrics.map((r) => r.key)} /> : null}
      {/* A kind of 社会团体 being given its own indicators, starting from the 社会团体 ones. */}
      {fresh ? <RubricSection page={page} roundId={round.id} rubricKey={fresh} rubric={{ ...rubrics.find((r) => r.key === "社会团体")!.rubric, lockedAt: null }} scale={bands.scale} editing state={props.rubric} fresh /> : null}
    </Layout>
  );
}

export function EvaluationAdminPage(
  props: ViewProps & {
    e: EvaluationRow & { organization_name: string };
    round: RoundRow;
    rubric: Rubric;
    assignments: (AssignmentRow & { display_name: string })[];
    scorers: Awaited<ReturnType<typeof scorerOptions>>;
    perItem: Map<string, Map<string, number | null>>;
  },
) {
  const page = props.page;
  const l = page.locale;
  const roles = ["self", "evaluator", "committee"] as const;
  const roleLabel = { self: t(l, "disclosure.eval.self"), evaluator: t(l, "disclosure.eval.evaluator"), committee: t(l, "disclosure.eval.committee") };
  const assigned = new Set(props.assignments.filter((a) => a.status !== "moved").map((a) => `${a.scorer_role}:${a.reviewer_id}`));
  return (
    <Layout page={page} title={`${props.e.organization_name} · ${props.round.title}`}>
      <EvalNav page={props.page} />
      <p class="crumbs">
        <a href={`${page.base}/manage/evaluations/${props.round.id}`}>{props.round.title}</a>
      </p>
      <h1>{props.e.organization_name}</h1>
      <Flash l={l} done={props.flash} />
      <p>{t(l, `disclosure.eval.status.${props.e.status}`)}</p>
      {props.e.simplified_onsite ? <p class="notice">{t(l, "disclosure.eval.simplifiedOnsite")}</p> : null}
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
                        options={props.scorers
                          .filter((s) => s.role === (a.scorer_role === "evaluator" ? "evaluator" : "reviewer") && s.id !== a.reviewer_id && !assigned.has(`${a.scorer_role}:${s.id}`))
                          .map((s) => ({ value: s.id, label: s.display_name }))}
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
      <RubricTable l={l} rubric={props.rubric} columns={roles.map((r) => roleLabel[r])} cells={(id) => roles.map((r) => props.perItem.get(r)?.get(id) ?? "–")} />
    </Layout>
  );
}
