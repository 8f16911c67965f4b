import { t, type MessageKey } from "../../i18n/messages";
import type { Aggregate } from "../../review";
import { ErrorSummary, SelectField } from "../../ui/form";
import { CsrfField, Layout, type PageInfo } from "../../ui/layout";
import { stateFor, type FormState } from "./form-state";
import { materialsOf, type Application, type applicationForStaff, type Call } from "./queries";
import { allowedActions } from "./state";
import { ApplicationText, HistoryNote, DecisionForm, Section, StatusBadge, when } from "./views";

// One application for staff: its content, eligibility, reviewers and their
// declarations, the decision and its history.

const ELIGIBILITY: [string, MessageKey][] = [
  ["pass", "inc.action.pass"],
  ["return", "inc.action.return"],
  ["reject", "inc.action.reject_eligibility"],
];
const DECISION: [string, MessageKey][] = [
  ["admit", "inc.action.propose"],
  ["reject", "inc.action.reject"],
];

type Detail = Awaited<ReturnType<typeof applicationForStaff>>;

export function ApplicationStaffPage(props: { page: PageInfo; app: Application; call: Call; aggregate: Aggregate; detail: Detail; state?: FormState; delivery?: string | undefined }) {
  const { page, app, call } = props;
  const { history, attachments, org, assignments, reviewers, incubation } = props.detail;
  const agg = props.aggregate;
  const l = page.locale;
  const form = JSON.parse(app.form_json) as { orgIntro: string; plan: string; teamSize: number | null; founders: { name: string; role: string }[] };
  const allowed = allowedActions(app.status);
  const eligibility = stateFor(props.state, "eligibility");
  const decision = stateFor(props.state, "decision");
  const move = stateFor(props.state, "move");
  return (
    <Layout page={page} title={`${org.name} · ${call.title}`}>
      <h1>{org.name}</h1>
      <p>
        <a href={`${page.base}/incubation/manage/calls/${call.id}`}>{call.title}</a> · <StatusBadge locale={l} status={app.status} />
        {app.eligibility_due_on ? ` · ${t(l, "inc.app.eligibilityDue")}: ${app.eligibility_due_on}` : ""}
        {props.delivery ? ` · ${t(l, "notifications.delivery")}: ${props.delivery}` : ""}
        {incubation ? (
          <>
            {" · "}
            <a href={`${page.base}/incubation/incubations/${incubation.id}`}>{t(l, "inc.incubation.title")}</a>
          </>
        ) : null}
      </p>
      <Section title={t(l, "inc.app.title")} id="content">
        <ApplicationText locale={l} form={form} />
        {form.founders.length ? (
          <>
            <h3>{t(l, "inc.app.founders")}</h3>
            <ul>
              {form.founders.map((f) => (
                <li>
                  {f.name} {f.role}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <h3>{t(l, "inc.app.attachments")}</h3>
        <ul>
          {attachments.map((a) => (
            <li>
              <a href={`${page.base}/incubation/attachments/${a.id}`}>{a.filename}</a> ({materialsOf(call).find((m) => m.key === a.material_key)?.label ?? a.material_key})
            </li>
          ))}
        </ul>
      </Section>
      {allowed.includes("pass") ? <StepSection page={page} app={app} step="eligibility" state={eligibility} outcomes={ELIGIBILITY} /> : null}
      {app.status === "in_review" || assignments.length ? (
        <Section title={t(l, "inc.call.ranking")} id="review">
          <p>
            {t(l, "inc.app.score")}: {agg.mean ?? "—"} · {t(l, "inc.app.spread")}: {agg.spread ?? "—"} · {t(l, "inc.app.reviewers")}: {agg.counted}
          </p>
          <ErrorSummary locale={l} errors={move?.errors ?? []} message={move?.message} />
          <ul>
            {assignments.map((a) => (
              <li>
                {a.display_name} · {t(l, `inc.review.status.${a.status}`)}
                {a.conflict_reason ? ` (${a.conflict_reason})` : ""}
                {a.submitted_at ? ` · ${when(a.submitted_at)}` : ""}
                {a.status === "conflicted" || a.status === "awaiting_declaration" ? (
                  <form method="post" action={`${page.base}/incubation/manage/assignments/${a.id}/move`} class="actions">
                    <CsrfField token={page.csrfToken} />
                    <SelectField
                      name="reviewerId"
                      label={t(l, "inc.review.moveTo")}
                      errors={move?.errors}
                      options={reviewers.filter((u) => !assignments.some((other) => other.reviewer_id === u.id)).map((u) => ({ value: u.id, label: u.display_name }))}
                    />
                    <button type="submit" class="secondary">
                      {t(l, "inc.review.move")}
                    </button>
                  </form>
                ) : null}
              </li>
            ))}
          </ul>
        </Section>
      ) : null}
      {allowed.includes("propose") ? <StepSection page={page} app={app} step="decision" state={decision} outcomes={DECISION} /> : null}
      <Section title={t(l, "inc.app.history")} id="history">
        <ol>
          {history.map((h) => (
            <li>
              {when(h.at)} · {t(l, `inc.status.${h.to_status as "draft"}`)} · {h.actor_role === "system" ? t(l, "inc.app.bySystem") : t(l, `role.${h.actor_role as "public"}`)}
              <HistoryNote page={page} note={h.note} />
            </li>
          ))}
        </ol>
      </Section>
    </Layout>
  );
}

/** The eligibility check and the decision: an outcome with reasons, posted to the application. */
function StepSection(props: { page: PageInfo; app: Application; step: "eligibility" | "decision"; state?: FormState; outcomes: [string, MessageKey][] }) {
  const { page, app } = props;
  const title = t(page.locale, `inc.staff.${props.step}`);
  return (
    <Section title={title} id={props.step}>
      <DecisionForm
        page={page}
        action={`${page.base}/incubation/manage/applications/${app.id}/${props.step}`}
        version={app.version}
        name="outcome"
        legend={title}
        state={props.state}
        options={props.outcomes.map(([value, key]) => ({ value, label: t(page.locale, key) }))}
      />
    </Section>
  );
}
