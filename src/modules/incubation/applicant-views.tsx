import type { Child } from "hono/jsx";
import { MAX_ATTACHMENT_BYTES } from "../../http/attachments";
import type { FieldError } from "../../http/errors";
import { t } from "../../i18n/messages";
import { ReceiptNo } from "../../receipts";
import { Checkbox, ChoiceGroup, ErrorSummary, SelectField, TextArea, TextField } from "../../ui/form";
import { CsrfField, Layout, type PageInfo } from "../../ui/layout";
import type { organizationsOwn } from "./listings";
import { materialsOf, type Application, type applicationHistory, type attachmentsOf, type findCall } from "./queries";
import type { ApplicationForm } from "./schemas";
import { allowedActions } from "./state";
import { PARK_SERVICES } from "./tables";
import { ApplicationText, HistoryNote, Flash, Section, StatusBadge, when } from "./views";

// The applicant's pages: the organization's applications, and one application with its
// draft form (auto-saved), attachments, submission, history and withdrawal.

/** What a refused draft, upload or submission brings back to the application page. */
export interface Problems {
  errors: FieldError[];
  values?: Record<string, string>;
  message?: string;
}

/** The organization's applications and incubations. */
export function MyApplicationsPage(props: { page: PageInfo; own: Awaited<ReturnType<typeof organizationsOwn>> }) {
  const { page } = props;
  const { apps, incubations } = props.own;
  const l = page.locale;
  return (
    <Layout page={page} title={t(l, "inc.app.mine")}>
      <h1>{t(l, "inc.app.mine")}</h1>
      {apps?.length ? null : <p>{t(l, "inc.app.none")}</p>}
      <ul>
        {(apps ?? []).map((a) => (
          <li>
            <a href={`${page.base}/incubation/applications/${a.id}`}>{a.title}</a> <StatusBadge locale={l} status={a.status as "draft"} />
            <ReceiptNo locale={l} no={a.receiptNo} />
          </li>
        ))}
      </ul>
      {incubations?.length ? (
        <>
          <h2>{t(l, "inc.incubation.title")}</h2>
          <ul>
            {incubations.map((i) => (
              <li>
                <a href={`${page.base}/incubation/incubations/${i.id}`}>{i.name}</a> · {t(l, `inc.incubation.status.${i.status as "active"}`)} ({i.started_on} ~ {i.planned_end_on})
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <p>
        <a href={`${page.base}/incubation`}>{t(l, "inc.park.openCalls")}</a>
      </p>
    </Layout>
  );
}

/** One application for its organization: the draft (editable while draft or returned), files, submission, history. */
export function ApplicationPage(props: {
  page: PageInfo;
  app: Application;
  call: Awaited<ReturnType<typeof findCall>>;
  org: { name: string; kind: string };
  history: Awaited<ReturnType<typeof applicationHistory>>;
  attachments: Awaited<ReturnType<typeof attachmentsOf>>;
  /** Files that went in with a submission: they stay. */
  submittedFiles?: ReadonlySet<string>;
  flash: string | null;
  problems?: Problems;
  receiptNotice?: Child;
}) {
  const { page, app, call, org, history, attachments, problems } = props;
  const l = page.locale;
  const form = JSON.parse(app.form_json) as ApplicationForm;
  const editable = app.status === "draft" || app.status === "returned";
  const materials = materialsOf(call);
  const lastReturn = [...history].reverse().find((h) => h.to_status === "returned");
  const v = problems?.values;
  const fileError = problems?.errors.find((e) => e.field === "file");
  // Inside the draft form while it is editable: the upload button sends what was typed with the file.
  const files = (
    <Section title={t(l, "inc.app.attachments")} id="attachments">
      <ul>
        {attachments.map((a) => (
          <li>
            {materials.find((m) => m.key === a.material_key)?.label ?? a.material_key}: <a href={`${page.base}/incubation/attachments/${a.id}`}>{a.filename}</a> ({Math.ceil(a.size / 1024)} KB)
            {!editable ? null : props.submittedFiles?.has(a.id) ? (
              ` · ${t(l, "inc.file.submittedTag")}`
            ) : (
              <>
                {" "}
                <button type="submit" class="secondary" formaction={`${page.base}/incubation/applications/${app.id}/attachments/${a.id}/replace`} formenctype="multipart/form-data" aria-label={`${t(l, "inc.file.replace")}: ${a.filename}`}>
                  {t(l, "inc.file.replace")}
                </button>{" "}
                <button type="submit" class="secondary" formaction={`${page.base}/incubation/applications/${app.id}/attachments/${a.id}/delete`} aria-label={`${t(l, "inc.file.remove")}: ${a.filename}`}>
                  {t(l, "inc.file.remove")}
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
      {editable && materials.length ? (
        <>
          <SelectField name="materialKey" label={t(l, "inc.call.materials")} value={v?.materialKey} errors={problems?.errors} options={materials.map((m) => ({ value: m.key, label: `${m.label}${m.required ? " *" : ""}` }))} />
          <div class={fileError ? "field invalid" : "field"}>
            <label for="f-file">{t(l, "inc.app.chooseFile")}</label>
            <span class="hint" id="f-file-hint">
              {t(l, "inc.app.uploadHint")}
            </span>
            {fileError ? (
              <span class="error" id="f-file-error">
                {fileError.message}
              </span>
            ) : null}
            <input
              type="file"
              id="f-file"
              name="file"
              accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
              aria-describedby={fileError ? "f-file-hint f-file-error" : "f-file-hint"}
              aria-invalid={fileError ? "true" : undefined}
              data-max={String(MAX_ATTACHMENT_BYTES)}
            />
          </div>
          <button type="submit" class="secondary" formaction={`${page.base}/incubation/applications/${app.id}/attachments`} formenctype="multipart/form-data">
            {t(l, "inc.app.upload")}
          </button>
        </>
      ) : null}
    </Section>
  );
  return (
    <Layout page={page} title={`${t(l, "inc.app.title")} · ${call.title}`}>
      <h1>
        {t(l, "inc.app.title")} · {call.title}
      </h1>
      <p>
        {org.name} · <StatusBadge locale={l} status={app.status} />
        {app.eligibility_due_on && app.status === "submitted" ? ` · ${t(l, "inc.app.eligibilityDue")}: ${app.eligibility_due_on}` : ""}
      </p>
      <Flash message={props.flash} />
      {props.receiptNotice}
      {app.status === "returned" && lastReturn ? (
        <div class="notice">
          <strong>{t(l, "inc.app.comments")}</strong>
          <p class="prewrap">{lastReturn.note}</p>
        </div>
      ) : null}
      <ErrorSummary locale={l} errors={problems?.errors ?? []} message={problems?.message} />
      {editable ? (
        <form
          class="stack"
          method="post"
          action={`${page.base}/incubation/applications/${app.id}/draft`}
          id="draft-form"
          data-autosave={`${page.base}/api/v1/incubation/applications/${app.id}/draft`}
          data-csrf={page.csrfToken ?? ""}
          novalidate
        >
          <CsrfField token={page.csrfToken} />
          <p class="hint">{t(l, "inc.app.autosave")}</p>
          <TextArea name="orgIntro" label={t(l, "inc.app.orgIntro")} value={v?.orgIntro ?? form.orgIntro} errors={problems?.errors} maxLength={2000} />
          <TextArea name="plan" label={t(l, "inc.app.plan")} value={v?.plan ?? form.plan} errors={problems?.errors} maxLength={3000} rows={8} />
          <ChoiceGroup type="checkbox" name="needs" legend={t(l, "inc.app.needs")} options={PARK_SERVICES.map((s) => ({ value: s, label: t(l, `inc.service.${s}`) }))} selected={form.needs} errors={problems?.errors} />
          <TextField name="teamSize" label={t(l, "inc.app.teamSize")} value={v?.teamSize ?? (form.teamSize ? String(form.teamSize) : "")} errors={problems?.errors} />
          {org.kind === "founding_team" ? (
            <>
              <TextArea name="founders" label={t(l, "inc.app.founders")} value={v?.founders ?? form.founders.map((f) => `${f.name}，${f.role}`).join("\n")} errors={problems?.errors} rows={4} />
              <ChoiceGroup type="checkbox" name="foundersSigned" legend={t(l, "inc.app.foundersSigned")} options={[{ value: "yes", label: t(l, "inc.app.foundersSigned") }]} selected={form.foundersSigned ? ["yes"] : []} />
            </>
          ) : null}
          <button type="submit" class="secondary">
            {t(l, "inc.app.saveDraft")}
          </button>
          {files}
        </form>
      ) : (
        <Section title={t(l, "inc.app.title")} id="content">
          <ApplicationText locale={l} form={form} />
        </Section>
      )}
      {editable ? null : files}
      <div class="actions">
        {editable ? (
          <form method="post" action={`${page.base}/incubation/applications/${app.id}/submit`}>
            <CsrfField token={page.csrfToken} />
            <input type="hidden" name="version" value={String(app.version)} />
            <div class="choice">
              <Checkbox id="f-confirm" name="confirm" value="yes" required label={t(l, "inc.app.confirm")} />
            </div>
            <button type="submit">{t(l, "inc.app.submit")}</button>
          </form>
        ) : null}
        {allowedActions(app.status).includes("withdraw") ? (
          <form method="post" action={`${page.base}/incubation/applications/${app.id}/withdraw`}>
            <CsrfField token={page.csrfToken} />
            <input type="hidden" name="version" value={String(app.version)} />
            <button type="submit" class="secondary">
              {t(l, "inc.app.withdraw")}
            </button>
          </form>
        ) : null}
      </div>
      <Section title={t(l, "inc.app.history")} id="history">
        <ol>
          {history.map((h) => (
            <li>
              {when(h.at)} · {t(l, `inc.status.${h.to_status as "draft"}`)}
              <HistoryNote page={page} note={h.note} />
            </li>
          ))}
        </ol>
      </Section>
      {editable ? <script nonce={page.nonce} src="/static/autosave.js" defer></script> : null}
    </Layout>
  );
}
