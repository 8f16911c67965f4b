import type { FieldError } from "../../http/errors";
import { t, type Locale, type MessageKey } from "../../i18n/messages";
import { Checkbox, ErrorSummary, FileField, RadioGroup, SelectField, TextArea, TextField } from "../../ui/form";
import { CsrfField, Layout, type PageInfo } from "../../ui/layout";
import { formatReceipt } from "./needs";
import type { meetingDetail, publishedMeetings } from "./meetings";
import { SOCIETIES, type LinkageMeetingsTable } from "./tables";

// Joint meetings for staff (list, record, one meeting with its actions) and the public
// page of published summaries.

type Meeting = Omit<LinkageMeetingsTable, "district_id">;
type Detail = Awaited<ReturnType<typeof meetingDetail>>;
type Option = { value: string; label: string };

const societyLabel = (l: Locale, s: string) => t(l, `linkage.society.${s}` as MessageKey);

export function MeetingsPage(props: {
  page: PageInfo;
  meetings: Pick<Meeting, "id" | "area_code" | "title" | "held_on" | "published">[];
  areaName: (code: string | null) => string;
  reminders: { id: string; meetingId: string; title: string; owner: string; dueOn: string; overdue: boolean }[];
}) {
  const { page } = props;
  const l = page.locale;
  return (
    <Layout page={page} title={t(l, "linkage.meeting.list")}>
      <h1>{t(l, "linkage.meeting.list")}</h1>
      <p>
        <a class="button" href={`${page.base}/linkage/meetings/new`}>
          {t(l, "linkage.meeting.new")}
        </a>
      </p>
      {props.reminders.length ? (
        <section>
          <h2>{t(l, "linkage.action.reminders")}</h2>
          <ul>
            {props.reminders.map((a) => (
              <li class={a.overdue ? "overdue" : undefined}>
                <a href={`${page.base}/linkage/meetings/${a.meetingId}#action-${a.id}`}>{a.title}</a> · {a.owner} · {t(l, "linkage.action.dueOn")} {a.dueOn}
                {a.overdue ? <strong> · {t(l, "linkage.action.overdue")}</strong> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {props.meetings.length === 0 ? (
        <p>{t(l, "linkage.meeting.none")}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t(l, "linkage.meeting.heldOn")}</th>
                <th scope="col">{t(l, "linkage.meeting.title")}</th>
                <th scope="col">{t(l, "linkage.meeting.level")}</th>
                <th scope="col">{t(l, "linkage.meeting.publish")}</th>
              </tr>
            </thead>
            <tbody>
              {props.meetings.map((m) => (
                <tr>
                  <td>{m.held_on}</td>
                  <td>
                    <a href={`${page.base}/linkage/meetings/${m.id}`}>{m.title}</a>
                  </td>
                  <td>{props.areaName(m.area_code)}</td>
                  <td>{t(l, m.published ? "linkage.meeting.published" : "linkage.meeting.notPublished")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

export function NewMeetingPage(props: { page: PageInfo; levels: Option[]; values?: Record<string, string>; errors?: FieldError[] }) {
  const { page } = props;
  const l = page.locale;
  const v = props.values ?? {};
  const e = props.errors;
  return (
    <Layout page={page} title={t(l, "linkage.meeting.new")}>
      <h1>{t(l, "linkage.meeting.new")}</h1>
      <ErrorSummary locale={l} errors={e ?? []} />
      <form class="stack" method="post" action={`${page.base}/linkage/meetings`} novalidate>
        <CsrfField token={page.csrfToken} />
        <SelectField name="areaCode" label={t(l, "linkage.meeting.level")} value={v.areaCode} options={props.levels} errors={e} />
        <TextField name="title" label={t(l, "linkage.meeting.title")} value={v.title} errors={e} required maxLength={100} />
        <TextField name="heldOn" type="date" label={t(l, "linkage.meeting.heldOn")} value={v.heldOn} errors={e} required />
        <TextField name="place" label={t(l, "linkage.meeting.place")} value={v.place} errors={e} maxLength={100} />
        <fieldset>
          <legend>{t(l, "linkage.meeting.participants")}</legend>
          <p class="hint">{t(l, "linkage.meeting.participantsHint")}</p>
          {SOCIETIES.map((s) => (
            <TextArea name={s} label={societyLabel(l, s)} value={v[s]} errors={e} rows={2} maxLength={2000} />
          ))}
        </fieldset>
        <TextArea name="agenda" label={t(l, "linkage.meeting.agenda")} value={v.agenda} errors={e} required maxLength={4000} />
        <TextArea name="minutes" label={t(l, "linkage.meeting.minutes")} value={v.minutes} errors={e} rows={8} maxLength={20000} />
        <TextArea name="decisions" label={t(l, "linkage.meeting.decisions")} value={v.decisions} errors={e} maxLength={8000} />
        <TextArea name="publicSummary" label={t(l, "linkage.meeting.publicSummary")} value={v.publicSummary} errors={e} maxLength={4000} />
        <button type="submit">{t(l, "linkage.meeting.save")}</button>
      </form>
    </Layout>
  );
}

export interface MeetingPageProps {
  page: PageInfo;
  meeting: Meeting;
  detail: Detail;
  level: string;
  projects: Option[];
  values?: Record<string, string>;
  errors?: FieldError[];
  form?: "update" | "action" | "file" | `done-${string}`;
  message?: string;
}

export function MeetingPage(props: MeetingPageProps) {
  const { page, meeting, detail } = props;
  const l = page.locale;
  const base = `${page.base}/linkage/meetings/${meeting.id}`;
  const errorsFor = (form: string) => (props.form === form ? props.errors : undefined);
  const valuesFor = (form: string) => (props.form === form ? (props.values ?? {}) : {});
  const u = valuesFor("update");
  const a = valuesFor("action");
  return (
    <Layout page={page} title={meeting.title}>
      <h1>{meeting.title}</h1>
      <ErrorSummary locale={l} errors={props.errors ?? []} message={props.message} />
      <dl class="facts">
        <dt>{t(l, "linkage.meeting.level")}</dt>
        <dd>{props.level}</dd>
        <dt>{t(l, "linkage.meeting.heldOn")}</dt>
        <dd>{meeting.held_on}</dd>
        <dt>{t(l, "linkage.meeting.place")}</dt>
        <dd>{meeting.place || "–"}</dd>
        {SOCIETIES.map((s) => {
          const names = detail.participants.filter((p) => p.society === s).map((p) => p.name);
          return names.length ? (
            <>
              <dt>{societyLabel(l, s)}</dt>
              <dd>{names.join("、")}</dd>
            </>
          ) : null;
        })}
      </dl>
      <h2>{t(l, "linkage.meeting.agenda")}</h2>
      <p class="prose">{meeting.agenda}</p>
      <form class="stack" method="post" action={base} novalidate>
        <CsrfField token={page.csrfToken} />
        <input type="hidden" name="version" value={String(meeting.version)} />
        <TextArea name="minutes" label={t(l, "linkage.meeting.minutes")} value={u.minutes ?? meeting.minutes} errors={errorsFor("update")} rows={8} maxLength={20000} />
        <TextArea name="decisions" label={t(l, "linkage.meeting.decisions")} value={u.decisions ?? meeting.decisions} errors={errorsFor("update")} maxLength={8000} />
        <TextArea name="publicSummary" label={t(l, "linkage.meeting.publicSummary")} value={u.publicSummary ?? meeting.public_summary} errors={errorsFor("update")} maxLength={4000} />
        <div class="field">
          <Checkbox name="published" label={t(l, "linkage.meeting.publish")} checked={(u.published ?? String(meeting.published)) === "1"} />
        </div>
        <button type="submit">{t(l, "linkage.meeting.save")}</button>
      </form>
      <h2>{t(l, "linkage.meeting.files")}</h2>
      <ul>
        {detail.files.map((f) => (
          <li>
            <a href={`${base}/files/${f.id}`}>{f.filename}</a>
          </li>
        ))}
      </ul>
      <form class="stack" method="post" action={`${base}/files`} enctype="multipart/form-data" novalidate>
        <CsrfField token={page.csrfToken} />
        <FileField name="file" label={t(l, "linkage.meeting.file")} accept="application/pdf,image/jpeg,image/png" errors={errorsFor("file")} />
        <button type="submit">{t(l, "linkage.meeting.upload")}</button>
      </form>
      <h2>{t(l, "linkage.action.list")}</h2>
      {detail.actions.length === 0 ? <p>{t(l, "linkage.action.none")}</p> : null}
      {detail.actions.map((x) => (
        <section id={`action-${x.id}`} class={x.overdue && x.status === "open" ? "overdue" : undefined}>
          <h3>{x.title}</h3>
          <p>
            {t(l, x.owner_kind === "person" ? "linkage.action.person" : "linkage.action.organization")}：{x.owner_name} · {t(l, "linkage.action.dueOn")} {x.due_on} ·{" "}
            <strong>{x.status === "done" ? `${t(l, "linkage.action.done")} ${x.done_on}` : t(l, x.overdue ? "linkage.action.overdue" : "linkage.action.open")}</strong>
            {x.receipt_code ? ` · ${formatReceipt(x.receipt_code)}` : ""}
            {x.contract_id ? ` · ${props.projects.find((p) => p.value === x.contract_id)?.label ?? ""}` : ""}
          </p>
          {x.note ? <p class="prose">{x.note}</p> : null}
          {x.status === "open" ? (
            <form class="stack" method="post" action={`${page.base}/linkage/actions/${x.id}/done`} novalidate>
              <CsrfField token={page.csrfToken} />
              <input type="hidden" name="version" value={String(x.version)} />
              <TextField name="doneOn" type="date" label={t(l, "linkage.action.doneOn")} value={valuesFor(`done-${x.id}`).doneOn} errors={errorsFor(`done-${x.id}`)} required />
              <TextArea name="note" label={t(l, "linkage.action.note")} value={valuesFor(`done-${x.id}`).note} errors={errorsFor(`done-${x.id}`)} rows={2} maxLength={2000} />
              <button type="submit">{t(l, "linkage.action.markDone")}</button>
            </form>
          ) : null}
        </section>
      ))}
      <h3>{t(l, "linkage.action.add")}</h3>
      <form class="stack" method="post" action={`${base}/actions`} novalidate>
        <CsrfField token={page.csrfToken} />
        <TextField name="title" label={t(l, "linkage.action.title")} value={a.title} errors={errorsFor("action")} required maxLength={200} />
        <RadioGroup
          name="ownerKind"
          legend={t(l, "linkage.action.ownerKind")}
          value={a.ownerKind}
          errors={errorsFor("action")}
          options={[
            { value: "person", label: t(l, "linkage.action.person") },
            { value: "organization", label: t(l, "linkage.action.organization") },
          ]}
        />
        <TextField name="ownerName" label={t(l, "linkage.action.ownerName")} value={a.ownerName} errors={errorsFor("action")} required maxLength={100} />
        <TextField name="dueOn" type="date" label={t(l, "linkage.action.dueOn")} value={a.dueOn} errors={errorsFor("action")} required />
        <TextField name="needReceipt" label={t(l, "linkage.action.need")} value={a.needReceipt} errors={errorsFor("action")} maxLength={12} />
        <TextField name="contractQuery" type="search" label={t(l, "linkage.action.projectSearch")} hint={t(l, "linkage.action.projectSearchHint")} value={a.contractQuery} errors={errorsFor("action")} maxLength={100} />
        <button type="submit" name="find" value="1" class="secondary">
          {t(l, "linkage.action.projectFind")}
        </button>
        <SelectField name="contractId" label={t(l, "linkage.action.project")} value={a.contractId} options={[{ value: "", label: "–" }, ...props.projects]} errors={errorsFor("action")} />
        <button type="submit">{t(l, "linkage.action.add")}</button>
      </form>
    </Layout>
  );
}

export function PublicMeetingsPage(props: { page: PageInfo; meetings: Awaited<ReturnType<typeof publishedMeetings>>; areaName: (code: string | null) => string }) {
  const { page } = props;
  const l = page.locale;
  return (
    <Layout page={page} title={t(l, "linkage.meeting.publicTitle")}>
      <h1>{t(l, "linkage.meeting.publicTitle")}</h1>
      <p>{t(l, "linkage.meeting.publicIntro")}</p>
      {props.meetings.length === 0 ? <p>{t(l, "linkage.meeting.none")}</p> : null}
      {props.meetings.map((m) => (
        <article>
          <h2>{m.title}</h2>
          <p>
            {m.held_on} · {props.areaName(m.area_code)} · {t(l, "linkage.meeting.actionsDone", { done: m.actionsDone, total: m.actions })}
          </p>
          <p>
            {SOCIETIES.filter((s) => m.societies[s] > 0)
              .map((s) => `${societyLabel(l, s)} ${m.societies[s]}`)
              .join(" · ")}
          </p>
          <p class="prose">{m.public_summary}</p>
        </article>
      ))}
    </Layout>
  );
}
