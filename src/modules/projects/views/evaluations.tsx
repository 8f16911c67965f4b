import { t, type Locale } from "../../../i18n/messages";
import { ChoiceGroup, ErrorSummary, RadioGroup, TextArea } from "../../../ui/form";
import { CsrfField, type PageInfo } from "../../../ui/layout";
import type { ContractView } from "../domain/contracts";
import type { EvaluationBoard } from "../domain/evaluation-board";
import { EVALUATION_STAGES } from "../schemas";
import { stateFor, type FormState } from "./parts";

/** Residents' average rating and how many rated, as a person reads it: the same words on the list, the project's page and the contract. */
export function rating(locale: Locale, f: { ratings: number; meanRating: number | null }): string {
  return f.ratings ? t(locale, "projects.public.rating", { mean: f.meanRating!.toFixed(1), n: f.ratings }) : t(locale, "projects.public.noRating");
}

/** A feedback summary (count, mean) read the way `rating` reads a listed project. */
export const satisfaction = (locale: Locale, f: { count: number; meanRating: number | null }) => rating(locale, { ratings: f.count, meanRating: f.meanRating });

/** The contract's third-party evaluations; for the buyer, the forms that start and decide them. */
export function EvaluationSection(props: { page: PageInfo; contract: ContractView; board: EvaluationBoard; state?: FormState }) {
  const { page, contract, board } = props;
  const l = page.locale;
  const base = `${page.base}/projects/contracts/${contract.id}/evaluations`;
  const start = stateFor(props.state, "evaluation");
  const chosen = start ? board.pool.filter((p) => start.values[`evaluatorIds.${p.id}`] === "1").map((p) => p.id) : [];
  const open = board.evaluations.some((e) => e.status === "open");
  return (
    <section aria-labelledby="evaluations">
      <h2 id="evaluations">{t(l, "projects.evaluation.title")}</h2>
      <p>
        {t(l, "projects.feedback.satisfaction")}：{satisfaction(l, board.feedback)}
        {contract.status === "signed" ? (
          <>
            {" · "}
            <a href={`${page.base}/f/${contract.feedbackCode}/poster`}>{t(l, "projects.feedback.poster")}</a>
          </>
        ) : null}
      </p>
      {board.evaluations.length ? (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t(l, "projects.evaluation.stage")}</th>
                <th scope="col">{t(l, "projects.contract.status")}</th>
                <th scope="col">{t(l, "projects.evaluation.score")}</th>
                <th scope="col">{t(l, "projects.evaluation.rectificationDue")}</th>
                <th scope="col">{t(l, "projects.evaluation.reasons")}</th>
              </tr>
            </thead>
            <tbody>
              {board.evaluations.map((e) => (
                <tr>
                  <td>
                    {t(l, `projects.evaluation.stage.${e.stage}`)} · {t(l, "projects.evaluation.round", { n: e.round })}
                  </td>
                  <td>
                    {t(l, `projects.evaluation.status.${e.status}`)}
                    {e.status === "open" ? ` · ${t(l, "projects.evaluation.progress", { scored: e.scored, pending: e.pending })}` : ""}
                    {e.overdue ? ` · ${t(l, "projects.evaluation.overdue")}` : ""}
                    {board.delivery.get(e.id) ? ` · ${t(l, "notifications.delivery")}: ${board.delivery.get(e.id)}` : ""}
                  </td>
                  <td>{e.score === null ? "" : `${e.score} / ${t(l, "projects.evaluation.passMark")} ${e.passMark}`}</td>
                  <td>{e.rectificationDueOn ?? ""}</td>
                  <td class="prewrap">
                    {e.reasons}
                    {e.creditProposal && board.canManage ? <p>{t(l, `projects.evaluation.credit.${e.creditProposal}`)}</p> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {board.canManage
        ? board.evaluations.map((e) => {
            const verb = e.status === "open" ? "decide" : e.status === "failed" && contract.status === "signed" ? "terminate" : null;
            if (!verb) return null;
            const s = stateFor(props.state, `${verb}-${e.id}`);
            return (
              <form class="stack" method="post" action={`${base}/${e.id}/${verb}`} novalidate>
                <h3>
                  {t(l, `projects.evaluation.${verb}`)} · {t(l, `projects.evaluation.stage.${e.stage}`)} {t(l, "projects.evaluation.round", { n: e.round })}
                </h3>
                <ErrorSummary locale={l} errors={s?.errors ?? []} message={s?.message} />
                <CsrfField token={page.csrfToken} />
                <input type="hidden" name="version" value={String(e.version)} />
                <TextArea name="reasons" label={t(l, "projects.evaluation.reasons")} value={s?.values.reasons} errors={s?.errors} maxLength={2000} required={verb === "terminate"} />
                <button type="submit">{t(l, `projects.evaluation.${verb}`)}</button>
              </form>
            );
          })
        : null}
      {board.canManage && contract.status === "signed" && !open ? (
        <form class="stack" method="post" action={base} novalidate>
          <h3>{t(l, "projects.evaluation.open")}</h3>
          <ErrorSummary locale={l} errors={start?.errors ?? []} message={start?.message} />
          <CsrfField token={page.csrfToken} />
          <RadioGroup
            name="stage"
            legend={t(l, "projects.evaluation.stage")}
            options={EVALUATION_STAGES.map((s) => ({ value: s, label: t(l, `projects.evaluation.stage.${s}`) }))}
            value={start?.values.stage ?? "midterm"}
            errors={start?.errors}
          />
          <ChoiceGroup type="checkbox" name="evaluatorIds" legend={t(l, "projects.evaluation.evaluators")} options={board.pool.map((p) => ({ value: p.id, label: p.name }))} selected={chosen} errors={start?.errors} />
          <button type="submit">{t(l, "projects.evaluation.open")}</button>
        </form>
      ) : null}
    </section>
  );
}
