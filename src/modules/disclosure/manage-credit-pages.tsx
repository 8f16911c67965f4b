import type { FieldError } from "../../http/errors";
import { groundLabel } from "./credit-ground-label";
import { t, type Locale } from "../../i18n/messages";
import { ErrorSummary, RadioGroup, SelectField, TextArea, TextField } from "../../ui/form";
import { CsrfField, Layout } from "../../ui/layout";
import { entryDelayWorkingDays, type RequestRow } from "./credit";
import { EntryHistory } from "./public-organization";
import { today } from "./public";
import type { EntryRow, EventRow } from "./queries";
import type { StaffOrg } from "./registry";
import { autoExitOn, clockStart, seriousExitFrom, transferOn } from "./rules";
import { ABNORMAL_REASONS, SERIOUS_REASONS } from "./schemas";
import { DateText, Flash } from "./views";
import { ManageNav, staffProps, type StaffViewProps } from "./manage-common";

// The credit lists' staff pages (district administrators).

export function CreditAdminPage(props: StaffViewProps & { active: (EntryRow & { name: string })[]; requests: (RequestRow & { name: string })[] }) {
  const page = props.page;
  const l = page.locale;
  const late = (e: EntryRow) => entryDelayWorkingDays(e) > props.district.settings.creditEntryWorkingDays;
  return (
    <Layout page={page} title={t(l, "disclosure.credit.title")}>
      <ManageNav {...staffProps(props)} />
      <h1>{t(l, "disclosure.credit.title")}</h1>
      <h2>{t(l, "disclosure.credit.pendingRequests")}</h2>
      {props.requests.length === 0 ? <p>{t(l, "disclosure.credit.noRequests")}</p> : null}
      <ul>
        {props.requests.map((r) => (
          <li>
            <a href={`${page.base}/manage/credit/${r.entry_id}`}>
              {r.name} · {t(l, `disclosure.credit.request.${r.kind}`)}
            </a>{" "}
            · {t(l, "disclosure.credit.answerDue", { date: r.answer_due_on })}
          </li>
        ))}
      </ul>
      <h2>{t(l, "disclosure.credit.activeEntries")}</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t(l, "disclosure.org.name")}</th>
              <th scope="col">{t(l, "disclosure.credit.list")}</th>
              <th scope="col">{t(l, "disclosure.list.decidedOn")}</th>
              <th scope="col">{t(l, "disclosure.credit.clock")}</th>
              <th scope="col">{t(l, "disclosure.credit.timeliness")}</th>
            </tr>
          </thead>
          <tbody>
            {props.active.map((e) => (
              <tr>
                <td>
                  <a href={`${page.base}/manage/credit/${e.id}`}>{e.name}</a>
                </td>
                <td>{t(l, `disclosure.list.${e.list}`)}</td>
                <td>
                  <DateText iso={e.decided_on} />
                </td>
                <td>
                  <DateText iso={clockStart(e)} />
                </td>
                <td>{late(e) ? <strong class="overdue">{t(l, "disclosure.credit.recordedLate", { days: entryDelayWorkingDays(e) })}</strong> : t(l, "disclosure.credit.recordedInTime")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}

function reasonOptions(l: Locale) {
  return [
    // "other" is one code on both lists, so its option carries no item number.
    ...ABNORMAL_REASONS.map((r) => ({ value: r, label: `${t(l, "disclosure.list.abnormal")} · ${r === "other" ? t(l, "disclosure.reason.other") : groundLabel(l, "abnormal", r)}` })),
    ...SERIOUS_REASONS.filter((r) => r !== "other").map((r) => ({ value: r, label: `${t(l, "disclosure.list.serious")} · ${groundLabel(l, "serious", r)}` })),
  ];
}

/** A standing proposal the form was filled in from: the dismissal form goes with it. */
export interface ProposalForm {
  ground: string;
  period: string;
  reason?: string;
  errors?: FieldError[];
}

export function NewEntryPage(props: StaffViewProps & { org: StaffOrg; values?: Record<string, string>; errors?: FieldError[]; proposal?: ProposalForm }) {
  const page = props.page;
  const l = page.locale;
  const v = props.values ?? { decidedOn: today(), list: "abnormal", decidingBody: `${props.district.nameZh}民政局` };
  const e = props.errors;
  return (
    <Layout page={page} title={t(l, "disclosure.credit.enterFor", { name: props.org.name })}>
      <ManageNav {...staffProps(props)} />
      <h1>{t(l, "disclosure.credit.enterFor", { name: props.org.name })}</h1>
      <ErrorSummary locale={l} errors={e ?? []} />
      {props.proposal ? <p class="notice">{t(l, props.proposal.ground === "annual_report" ? "disclosure.candidate.proposedHint" : "disclosure.candidate.proposedHint.repeated_penalties")}</p> : null}
      <form class="stack" method="post" action={`${page.base}/manage/organizations/${props.org.id}/credit`} novalidate>
        <CsrfField token={page.csrfToken} />
        <RadioGroup name="list" legend={t(l, "disclosure.credit.list")} value={v.list} errors={e} options={(["abnormal", "serious"] as const).map((x) => ({ value: x, label: t(l, `disclosure.list.${x}`) }))} />
        <SelectField name="reasonCode" label={t(l, "disclosure.credit.reasonCode")} value={v.reasonCode} errors={e} options={reasonOptions(l)} />
        <TextArea name="reason" label={t(l, "disclosure.credit.reason")} value={v.reason} errors={e} required maxLength={1000} rows={3} />
        <TextField name="legalBasis" label={t(l, "disclosure.list.legalBasis")} hint={t(l, "disclosure.credit.legalBasisHint")} value={v.legalBasis} errors={e} maxLength={200} />
        <TextField name="decidingBody" label={t(l, "disclosure.list.decidingBody")} value={v.decidingBody} errors={e} required maxLength={100} />
        <TextField name="eventOn" type="date" label={t(l, "disclosure.credit.eventOn")} value={v.eventOn} errors={e} required />
        <TextField name="decidedOn" type="date" label={t(l, "disclosure.list.decidedOn")} value={v.decidedOn} errors={e} required />
        <RadioGroup
          name="needsRectification"
          legend={t(l, "disclosure.credit.needsRectification")}
          hint={t(l, "disclosure.credit.needsRectificationHint")}
          value={v.needsRectification}
          errors={e}
          options={(["1", "0"] as const).map((x) => ({ value: x, label: t(l, `disclosure.credit.needsRectification.${x}`) }))}
        />
        <button type="submit">{t(l, "disclosure.credit.enter")}</button>
      </form>
      {props.proposal ? <DismissProposal l={l} base={page.base} csrf={page.csrfToken} org={props.org.id} proposal={props.proposal} /> : null}
    </Layout>
  );
}

function DismissProposal(props: { l: Locale; base: string; csrf: StaffViewProps["page"]["csrfToken"]; org: string; proposal: ProposalForm }) {
  const { l, proposal: p } = props;
  return (
    <section class="panel" aria-labelledby="dismiss-h">
      <h2 id="dismiss-h">{t(l, "disclosure.candidate.dismissTitle")}</h2>
      <p class="hint">{t(l, "disclosure.candidate.dismissHint")}</p>
      <ErrorSummary locale={l} errors={p.errors ?? []} />
      <form class="stack" method="post" action={`${props.base}/manage/organizations/${props.org}/credit/candidates/${p.ground}/dismiss`} novalidate>
        <CsrfField token={props.csrf} />
        <input type="hidden" name="period" value={p.period} />
        <TextArea name="dismissReason" label={t(l, "disclosure.candidate.dismissReason")} value={p.reason} errors={p.errors} required maxLength={1000} rows={3} />
        <button type="submit">{t(l, "disclosure.candidate.dismiss")}</button>
      </form>
    </section>
  );
}

export function EntryPage(
  props: StaffViewProps & {
    entry: EntryRow;
    org: { id: string; name: string };
    events: EventRow[];
    requests: RequestRow[];
    transfer?: { period: string; on: string };
    errors?: FieldError[];
    message?: string;
    form?: string;
    values?: Record<string, string>;
  },
) {
  const page = props.page;
  const l = page.locale;
  const { entry } = props;
  const settings = props.district.settings;
  const day = today();
  const active = !entry.exited_on;
  const auto = autoExitOn(entry, settings);
  const transfer = transferOn(entry, settings);
  const exitFrom = seriousExitFrom(entry, settings);
  const delay = entryDelayWorkingDays(entry);
  const errorsOf = (form: string) => (props.form === form ? props.errors : undefined);
  const v = props.values ?? {};
  return (
    <Layout page={page} title={`${t(l, "disclosure.credit.entry")} · ${props.org.name}`}>
      <ManageNav {...staffProps(props)} />
      <h1>
        {t(l, `disclosure.list.${entry.list}`)} · <a href={`${page.base}/manage/organizations/${props.org.id}`}>{props.org.name}</a>
      </h1>
      <Flash l={l} done={props.flash} />
      <ErrorSummary locale={l} errors={props.errors ?? []} message={props.message} />
      {delay > settings.creditEntryWorkingDays ? <p class="notice">{t(l, "disclosure.credit.lateEntry", { days: delay, limit: settings.creditEntryWorkingDays })}</p> : null}
      {active ? (
        <ul class="notice">
          <li>
            {t(l, "disclosure.credit.clock")}：<DateText iso={clockStart(entry)} />
          </li>
          {auto ? <li>{t(l, "disclosure.credit.autoExitOn", { date: auto })}</li> : null}
          {transfer ? <li>{t(l, "disclosure.credit.transferOn", { date: transfer })}</li> : null}
          {exitFrom ? <li>{t(l, "disclosure.credit.exitFrom", { date: exitFrom })}</li> : null}
          {entry.exit_due_on ? <li>{t(l, "disclosure.credit.exitDue", { date: entry.exit_due_on })}</li> : null}
        </ul>
      ) : null}
      {props.transfer ? <TransferProposal {...props} transfer={props.transfer} errorsOf={errorsOf} /> : null}
      <EntryHistory l={l} entries={[entry]} events={props.events} />

      <h2>{t(l, "disclosure.credit.pendingRequests")}</h2>
      {props.requests.length === 0 ? <p>{t(l, "disclosure.credit.noRequests")}</p> : null}
      {props.requests.map((r) => (
        <article class="card">
          <h3>
            {t(l, `disclosure.credit.request.${r.kind}`)} · <DateText iso={r.filed_at} /> · {t(l, `disclosure.credit.requestStatus.${r.status}`)}
          </h3>
          <p class="prose">{r.content}</p>
          {r.status === "pending" && active ? (
            <form class="stack" method="post" action={`${page.base}/manage/credit/requests/${r.id}`}>
              <CsrfField token={page.csrfToken} />
              <p class="hint">{t(l, "disclosure.credit.answerDue", { date: r.answer_due_on })}</p>
              {r.kind === "objection" ? <p class="hint">{t(l, "disclosure.credit.acceptObjectionHint")}</p> : null}
              <TextArea name="note" label={t(l, "disclosure.credit.answer")} required maxLength={1000} rows={3} errors={errorsOf(`request-${r.id}`)} />
              <button type="submit" name="decision" value="accept">
                {t(l, "disclosure.credit.accept")}
              </button>{" "}
              <button type="submit" name="decision" value="refuse" class="secondary">
                {t(l, "disclosure.credit.refuse")}
              </button>
            </form>
          ) : r.answer ? (
            <p>
              {t(l, "disclosure.credit.answer")}：{r.answer}
            </p>
          ) : null}
        </article>
      ))}

      {active ? (
        <>
          <h2>{t(l, "disclosure.credit.newEvent")}</h2>
          <form class="stack" method="post" action={`${page.base}/manage/credit/${entry.id}/events`} novalidate>
            <CsrfField token={page.csrfToken} />
            <p class="hint">{t(l, "disclosure.credit.newEventHint")}</p>
            <TextField name="onDate" type="date" label={t(l, "disclosure.credit.onDate")} value={props.form === "event" ? v.onDate : day} errors={errorsOf("event")} required />
            <TextArea name="note" label={t(l, "disclosure.credit.note")} value={props.form === "event" ? v.note : ""} errors={errorsOf("event")} required maxLength={1000} rows={3} />
            <button type="submit">{t(l, "disclosure.credit.record")}</button>
          </form>
          {entry.list === "abnormal" && entry.rectification_verified_on ? (
            <>
              <h2>{t(l, "disclosure.credit.exitNow")}</h2>
              <form class="stack" method="post" action={`${page.base}/manage/credit/${entry.id}/exit`} novalidate>
                <CsrfField token={page.csrfToken} />
                <TextArea name="note" label={t(l, "disclosure.credit.note")} errors={errorsOf("exit")} required maxLength={1000} rows={2} />
                <button type="submit">{t(l, "disclosure.credit.exitNow")}</button>
              </form>
            </>
          ) : null}
        </>
      ) : null}
      <h2>{t(l, "disclosure.credit.correct")}</h2>
      <form class="stack" method="post" action={`${page.base}/manage/credit/${entry.id}/correct`} novalidate>
        <CsrfField token={page.csrfToken} />
        <input type="hidden" name="version" value={String(entry.version)} />
        <TextArea name="reason" label={t(l, "disclosure.credit.reason")} value={props.form === "correct" ? v.reason : entry.reason} errors={errorsOf("correct")} required maxLength={1000} rows={3} />
        <TextField name="legalBasis" label={t(l, "disclosure.list.legalBasis")} value={props.form === "correct" ? v.legalBasis : entry.legal_basis} errors={errorsOf("correct")} required maxLength={200} />
        <TextField name="decidingBody" label={t(l, "disclosure.list.decidingBody")} value={props.form === "correct" ? v.decidingBody : entry.deciding_body} errors={errorsOf("correct")} required maxLength={100} />
        <TextArea name="note" label={t(l, "disclosure.d.correctionNote")} value={props.form === "correct" ? v.note : ""} errors={errorsOf("correct")} required maxLength={500} rows={2} />
        <button type="submit" class="secondary">
          {t(l, "disclosure.credit.correct")}
        </button>
      </form>
    </Layout>
  );
}

/** Two years on the abnormal list: staff confirm the transfer or dismiss it with a reason. */
function TransferProposal(props: StaffViewProps & { entry: EntryRow; org: { id: string }; transfer: { period: string; on: string }; form?: string; values?: Record<string, string>; errorsOf: (form: string) => FieldError[] | undefined }) {
  const page = props.page;
  const l = page.locale;
  const v = props.values ?? {};
  return (
    <section aria-labelledby="transfer-h">
      <h2 id="transfer-h">{t(l, "disclosure.transfer.title")}</h2>
      <p class="hint">{t(l, "disclosure.transfer.hint", { on: props.transfer.on })}</p>
      <form class="stack" method="post" action={`${page.base}/manage/credit/${props.entry.id}/transfer`} novalidate>
        <CsrfField token={page.csrfToken} />
        <TextArea name="note" label={t(l, "disclosure.transfer.note")} value={props.form === "transfer" ? v.note : ""} errors={props.errorsOf("transfer")} required maxLength={1000} rows={2} />
        <button type="submit">{t(l, "disclosure.transfer.confirm")}</button>
      </form>
      <h3>{t(l, "disclosure.candidate.dismissTitle")}</h3>
      <p class="hint">{t(l, "disclosure.candidate.dismissHint")}</p>
      <form class="stack" method="post" action={`${page.base}/manage/organizations/${props.org.id}/credit/candidates/abnormal_two_years/dismiss`} novalidate>
        <CsrfField token={page.csrfToken} />
        <input type="hidden" name="period" value={props.transfer.period} />
        <input type="hidden" name="entry" value={props.entry.id} />
        <TextArea name="dismissReason" label={t(l, "disclosure.candidate.dismissReason")} value={props.form === "dismiss" ? v.dismissReason : ""} errors={props.errorsOf("dismiss")} required maxLength={1000} rows={3} />
        <button type="submit" class="secondary">
          {t(l, "disclosure.candidate.dismiss")}
        </button>
      </form>
    </section>
  );
}
