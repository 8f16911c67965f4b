import { t } from "../../i18n/messages";
import { noticePhase } from "../../review";
import { ErrorSummary, TextArea } from "../../ui/form";
import { Table } from "../../ui/table";
import { CsrfField, Layout, type PageInfo } from "../../ui/layout";
import { stateFor, type FormState } from "./form-state";
import type { CallNotices } from "./queries";
import type { ranking } from "./service";
import { day, Section, StatusBadge, when } from "./views";

// One call for staff: the ranking with eligibility deadlines, publishing the notice, and
// the objections filed against it with their handling.

type Ranking = Awaited<ReturnType<typeof ranking>>;
type Notices = CallNotices;

export function CallQueuePage(props: { page: PageInfo; ranking: Ranking; notices: Notices; now: string; state?: FormState }) {
  const { page, now } = props;
  const { call, rubricLockedAt, rows } = props.ranking;
  const { notices, objections } = props.notices;
  const l = page.locale;
  const today = day(now);
  const publishState = stateFor(props.state, "notice");
  return (
    <Layout page={page} title={call.title}>
      <h1>{call.title}</h1>
      <p>
        {call.park.name} · {when(call.opens_at)} ~ {when(call.closes_at)} · {t(l, "inc.call.places")} {call.places}
        {rubricLockedAt ? ` · ${t(l, "inc.review.rubricLocked")}` : ""}
      </p>
      <h2>{t(l, "inc.call.ranking")}</h2>
      <Table head={["#", t(l, "inc.app.organization"), t(l, "staff.status"), t(l, "inc.app.score"), t(l, "inc.app.spread"), t(l, "inc.app.reviewers"), t(l, "inc.app.eligibilityDue")]}>
        {rows.map((row, i) => (
          <tr>
            <td>{i + 1}</td>
            <td>
              <a href={`${page.base}/incubation/manage/applications/${row.id}`}>{row.organization}</a>
            </td>
            <td>
              <StatusBadge locale={l} status={row.status} />
            </td>
            <td>{row.aggregate.mean ?? "—"}</td>
            <td>{row.aggregate.spread ?? "—"}</td>
            <td>
              {row.aggregate.counted}
              {row.aggregate.conflicted ? ` (${t(l, "inc.review.status.conflicted")} ${row.aggregate.conflicted})` : ""}
            </td>
            <td>
              {row.status === "submitted" && row.eligibility_due_on ? (
                <>
                  {row.eligibility_due_on}
                  {row.eligibility_due_on < today ? <strong class="badge bad"> {t(l, "inc.app.overdue")}</strong> : null}
                </>
              ) : (
                "—"
              )}
            </td>
          </tr>
        ))}
      </Table>
      {rows.some((r) => r.status === "proposed") || publishState ? (
        <Section title={t(l, "inc.staff.publishNotice")} id="publish">
          <ErrorSummary locale={l} errors={publishState?.errors ?? []} message={publishState?.message} />
          <form class="stack" method="post" action={`${page.base}/incubation/manage/calls/${call.id}/notice`}>
            <CsrfField token={page.csrfToken} />
            <TextArea name="body" label={t(l, "inc.notice.title")} value={publishState?.values.body} errors={publishState?.errors} rows={3} />
            <button type="submit">{t(l, "inc.staff.publishNotice")}</button>
          </form>
        </Section>
      ) : null}
      {notices.map((n) => (
        <Section title={n.title} id={`n-${n.id}`}>
          <p>
            <a href={`${page.base}/notices/${n.id}`}>
              {when(n.starts_at)} ~ {when(n.ends_at)}
            </a>{" "}
            · {t(l, `inc.notice.phase.${noticePhase(n, now)}`)}
          </p>
          <h3>{t(l, "inc.notice.objections")}</h3>
          <ul>
            {objections
              .filter((o) => o.notice_id === n.id)
              .map((o) => {
                const s = stateFor(props.state, `objection-${o.id}`);
                return (
                  <li>
                    <p>
                      {when(o.filed_at)} · {o.name} · {o.subject_id ? rows.find((r) => r.id === o.subject_id)?.organization : t(l, "inc.notice.aboutAll")}
                    </p>
                    <p class="prewrap">{o.content}</p>
                    {o.status === "received" ? (
                      <form method="post" action={`${page.base}/incubation/manage/objections/${o.id}`}>
                        <CsrfField token={page.csrfToken} />
                        <ErrorSummary locale={l} errors={s?.errors ?? []} message={s?.message} />
                        <TextArea name="note" label={t(l, "inc.staff.reasons")} value={s?.values.note} errors={s?.errors} rows={2} required />
                        <div class="actions">
                          <button type="submit" name="upheld" value="yes">
                            {t(l, "inc.notice.uphold")}
                          </button>
                          <button type="submit" name="upheld" value="no" class="secondary">
                            {t(l, "inc.notice.dismiss")}
                          </button>
                        </div>
                      </form>
                    ) : (
                      <p>
                        <strong>{t(l, o.status === "upheld" ? "inc.notice.uphold" : "inc.notice.dismiss")}</strong>: {o.handling_note}
                      </p>
                    )}
                  </li>
                );
              })}
          </ul>
        </Section>
      ))}
    </Layout>
  );
}
