import { t } from "../../../i18n/messages";
import { ChoiceGroup, ErrorSummary, RadioGroup, SelectField, TextArea, TextField } from "../../../ui/form";
import { CsrfField, Layout, type PageInfo } from "../../../ui/layout";
import type { BidView } from "../domain/bids";
import { ROADSHOW_AREA } from "../domain/review";
import type { ReviewBoard } from "../domain/review-board";
import { Saved, stateFor, yuan, type FormState } from "./parts";

// The buyer's page for a call's review: set-up (reviewers, roadshow), bids awaiting the
// eligibility check with their deadlines, the ranking, the award proposal with its
// changes, and the notice. The eligibility form itself sits on each bid's page.

const SAVED = {
  setup: "projects.review.saveSetup",
  proposed: "projects.review.proposal",
  changed: "projects.review.proposal",
  published: "projects.review.publish",
} as const;

export function ReviewPage(props: { page: PageInfo; board: ReviewBoard; today: string; saved?: string; state?: FormState }) {
  const { page, board } = props;
  const { call } = board;
  const l = page.locale;
  const setup = stateFor(props.state, "setup");
  const change = stateFor(props.state, "change");
  const notice = stateFor(props.state, "notice");
  const propose = stateFor(props.state, "propose");
  const draft = board.proposal.length > 0 && board.proposal.every((p) => p.stage === "draft");
  const chosen = setup ? board.pool.filter((p) => setup.values[`reviewerIds.${p.id}`] === "1").map((p) => p.id) : board.reviewers.map((r) => r.id);
  return (
    <Layout page={page} title={`${t(l, "projects.review.title")} · ${call.title}`}>
      <p class="crumbs">
        <a href={`${page.base}/projects/calls/${call.id}`}>{call.title}</a>
      </p>
      <h1>{t(l, "projects.review.title")}</h1>
      <Saved locale={l} saved={props.saved} keys={SAVED} />
      <p>
        {t(l, "projects.review.budget")}: {yuan(l, call.totalBudgetYuan)} · {t(l, "projects.call.status")}: {t(l, `projects.callStatus.${call.status}`)}
      </p>

      <h2>{t(l, "projects.review.setup")}</h2>
      <ErrorSummary locale={l} errors={setup?.errors ?? []} message={setup?.message} />
      <form class="stack" method="post" action={`${page.base}/projects/calls/${call.id}/review`} novalidate>
        <CsrfField token={page.csrfToken} />
        <input type="hidden" name="version" value={String(call.version)} />
        <ChoiceGroup type="checkbox" name="reviewerIds" legend={t(l, "projects.review.reviewers")} options={board.pool.map((p) => ({ value: p.id, label: p.name }))} selected={chosen} errors={setup?.errors} />
        <TextField name="roadshowOn" type="date" label={t(l, "projects.review.roadshowOn")} value={setup?.values.roadshowOn ?? call.roadshowOn ?? ""} errors={setup?.errors} />
        <TextField name="roadshowPlace" label={t(l, "projects.review.roadshowPlace")} value={setup?.values.roadshowPlace ?? call.roadshowPlace} errors={setup?.errors} maxLength={80} />
        <button type="submit">{t(l, "projects.review.saveSetup")}</button>
      </form>
      {board.rubric ? (
        <>
          <h3>{t(l, "projects.review.rubric")}</h3>
          <ul>
            {board.rubric.items.map((i) => (
              <li>
                {i.area === ROADSHOW_AREA ? `${t(l, "projects.review.roadshow")} · ` : ""}
                {i.title} · {i.weight}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <h2>{t(l, "projects.review.eligibility")}</h2>
      {board.awaitingEligibility.length === 0 ? <p>{t(l, "projects.bids.empty")}</p> : null}
      <ul>
        {board.awaitingEligibility.map((b) => (
          <li>
            <a href={`${page.base}/projects/bids/${b.bidId}`}>{b.title || b.organizationName}</a> · {b.organizationName} · {t(l, "projects.review.eligibilityDue")}: {b.eligibilityDueOn ?? "—"}
            {b.overdue ? <strong> · {t(l, "projects.review.overdue")}</strong> : null}
          </li>
        ))}
      </ul>

      <h2>{t(l, "projects.review.ranking")}</h2>
      {board.ranking.length ? (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t(l, "projects.review.rank")}</th>
                <th scope="col">{t(l, "projects.bid.title")}</th>
                <th scope="col">{t(l, "projects.bid.amount")}</th>
                <th scope="col">{t(l, "projects.review.score")}</th>
                <th scope="col">{t(l, "projects.review.spread")}</th>
                <th scope="col">{t(l, "projects.review.scored")}</th>
                <th scope="col">{t(l, "projects.review.pending")}</th>
                <th scope="col">{t(l, "projects.review.conflicted")}</th>
                <th scope="col">{t(l, "projects.bid.status")}</th>
              </tr>
            </thead>
            <tbody>
              {board.ranking.map((r) => (
                <tr>
                  <td>{r.rank}</td>
                  <td>
                    <a href={`${page.base}/projects/bids/${r.bidId}`}>{r.title}</a> · {r.organizationName}
                    {r.grade ? ` · ${r.grade}` : ""}
                  </td>
                  <td>{yuan(l, r.amountYuan)}</td>
                  <td>{r.score ?? t(l, "projects.review.noScores")}</td>
                  <td>{r.spread ?? "—"}</td>
                  <td>{r.counted}</td>
                  <td>{r.pending}</td>
                  <td>{r.conflicted}</td>
                  <td>{t(l, `projects.bidStatus.${r.status}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t(l, "projects.bids.empty")}</p>
      )}

      <h2>{t(l, "projects.review.proposal")}</h2>
      <ErrorSummary locale={l} errors={propose?.errors ?? []} message={propose?.message} />
      {board.proposal.length === 0 || draft ? (
        <form method="post" action={`${page.base}/projects/calls/${call.id}/proposal`}>
          <CsrfField token={page.csrfToken} />
          <button type="submit" class={draft ? "secondary" : undefined}>
            {t(l, "projects.review.propose")}
          </button>
        </form>
      ) : null}
      {board.proposal.length ? (
        <>
          <p>
            {t(l, "projects.review.proposedTotal")}: {yuan(l, board.proposedYuan)} / {yuan(l, call.totalBudgetYuan)}
          </p>
          <ul>
            {board.proposal.map((p) => (
              <li>
                {p.rank}. {p.organizationName}：{p.title} · {yuan(l, p.amountYuan)} · {p.score ?? "—"} · {t(l, p.included ? "projects.review.included" : "projects.review.excluded")}
                {p.included !== p.byRule ? ` · ${t(l, "projects.review.changedBy")}: ${p.reason}` : ""} · {t(l, `projects.review.stage.${p.stage}`)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {draft ? (
        <>
          <h3>{t(l, "projects.review.changedBy")}</h3>
          <ErrorSummary locale={l} errors={change?.errors ?? []} message={change?.message} />
          <form class="stack" method="post" action={`${page.base}/projects/calls/${call.id}/proposal-change`} novalidate>
            <CsrfField token={page.csrfToken} />
            {board.proposal.map((p) => (
              <input type="hidden" name={`version.${p.bidId}`} value={String(p.version)} />
            ))}
            <SelectField
              name="bidId"
              label={t(l, "projects.bid.title")}
              options={board.proposal.map((p) => ({ value: p.bidId, label: `${p.rank}. ${p.organizationName}：${p.title}` }))}
              value={change?.values.bidId}
              errors={change?.errors}
            />
            <RadioGroup
              name="included"
              legend={t(l, "projects.review.proposal")}
              options={[
                { value: "1", label: t(l, "projects.review.include") },
                { value: "0", label: t(l, "projects.review.exclude") },
              ]}
              value={change?.values.included ?? "1"}
              errors={change?.errors}
            />
            <TextArea name="reason" label={t(l, "projects.review.changedBy")} value={change?.values.reason} errors={change?.errors} required maxLength={500} />
            <button type="submit">{t(l, "projects.review.changedBy")}</button>
          </form>
          <h3>{t(l, "projects.review.publish")}</h3>
          <ErrorSummary locale={l} errors={notice?.errors ?? []} message={notice?.message} />
          <form class="stack" method="post" action={`${page.base}/projects/calls/${call.id}/notice`} novalidate>
            <CsrfField token={page.csrfToken} />
            <TextArea
              name="body"
              label={t(l, "projects.review.noticeBody")}
              value={notice?.values.body ?? `${call.title}经资格初审、专家评审，拟立项项目公示如下。公示期内如有异议，请在公示页面提出。`}
              errors={notice?.errors}
              required
              maxLength={4000}
            />
            <button type="submit">{t(l, "projects.review.publish")}</button>
          </form>
        </>
      ) : null}
      {board.proposal.find((p) => p.noticeId) ? (
        <p>
          <a href={`${page.base}/notices/${board.proposal.find((p) => p.noticeId)!.noticeId}`}>{t(l, "projects.review.stage.in_notice")}</a>
        </p>
      ) : null}
    </Layout>
  );
}

/** The eligibility check on a submitted bid's page, with its deadline. */
export function EligibilityForm(props: { page: PageInfo; bid: BidView; state?: FormState }) {
  const { page, bid } = props;
  const l = page.locale;
  const s = stateFor(props.state, "eligibility");
  return (
    <>
      <h2>{t(l, "projects.review.eligibility")}</h2>
      <p>
        {t(l, "projects.review.eligibilityDue")}: {bid.eligibilityDueOn ?? "—"}
      </p>
      <ErrorSummary locale={l} errors={s?.errors ?? []} message={s?.message} />
      <form class="stack" method="post" action={`${page.base}/projects/bids/${bid.id}/eligibility`} novalidate>
        <CsrfField token={page.csrfToken} />
        <input type="hidden" name="version" value={String(bid.version)} />
        <RadioGroup
          name="outcome"
          legend={t(l, "projects.review.eligibility")}
          options={[
            { value: "pass", label: t(l, "projects.review.pass") },
            { value: "reject", label: t(l, "projects.review.reject") },
          ]}
          value={s?.values.outcome ?? "pass"}
          errors={s?.errors}
        />
        <TextArea name="reasons" label={t(l, "projects.review.reasons")} value={s?.values.reasons} errors={s?.errors} maxLength={1000} />
        <button type="submit">{t(l, "projects.review.eligibility")}</button>
      </form>
    </>
  );
}
