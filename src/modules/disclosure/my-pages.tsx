import type { AppEnv } from "../../env";
import type { FieldError } from "../../http/errors";
import { t, type Locale, type MessageKey } from "../../i18n/messages";
import { beijingDate } from "../../lib/beijing-time";
import { ErrorSummary, FileField, SelectField, TextArea, TextField } from "../../ui/form";
import { CsrfField, Layout } from "../../ui/layout";
import type { RequestKind, RequestRow } from "./credit";
import { contentToForm, type disclosureOfOrganization } from "./disclosures";
import type { loadRound, EvaluationRow, RoundRow } from "./evaluations";
import { DisclosureContent } from "./public-disclosure";
import { EntryHistory } from "./public-organization";
import { today } from "./public";
import type { EntryRow } from "./queries";
import { evaluationEligibility, reportDueFor, seriousExitFrom } from "./rules";
import { annualReportSchema, CHANGE_TYPES, majorChangeSchema, PROJECT_KINDS, projectSchema } from "./schemas";
import { ScoreForm } from "./scoring-form";
import type { DisclosureKind } from "./tables";
import { DateText, FilingBadge, Flash, GradeBadge, ListBadge, type ViewProps } from "./views";
import type { DistrictSettings } from "../../tenants/settings";
import type { disclosureHistory, MemberDashboard, MyOrg } from "./my-queries";

// The pages of an organization's own account.

export type MemberDisclosure = { d: Awaited<ReturnType<typeof disclosureOfOrganization>> } & Awaited<ReturnType<typeof disclosureHistory>>;

function RequestForms(props: { l: Locale; base: string; csrf: string | null; entry: EntryRow; requests: RequestRow[]; settings: AppEnv["Variables"]["district"]["settings"] }) {
  const { l, entry } = props;
  if (entry.exited_on) return null;
  const pending = (kind: RequestKind) => props.requests.some((r) => r.entry_id === entry.id && r.kind === kind && r.status === "pending");
  const kinds: RequestKind[] = ["objection"];
  if (entry.list === "abnormal" && entry.needs_rectification && !entry.rectification_verified_on) kinds.push("rectification");
  const exitFrom = seriousExitFrom(entry, props.settings);
  if (exitFrom) kinds.push("exit");
  const label: Record<RequestKind, MessageKey> = { objection: "disclosure.my.object", rectification: "disclosure.my.rectify", exit: "disclosure.my.applyExit" };
  return (
    <div class="requests">
      {exitFrom ? <p class="hint">{t(l, "disclosure.credit.exitFrom", { date: exitFrom })}</p> : null}
      {kinds.map((kind) =>
        pending(kind) ? (
          <p>
            {t(l, label[kind])} · {t(l, "disclosure.credit.requestStatus.pending")}
          </p>
        ) : (
          <details>
            <summary>{t(l, label[kind])}</summary>
            <form class="stack" method="post" action={`${props.base}/my/credit/${entry.id}/requests/${kind}`} novalidate>
              <CsrfField token={props.csrf} />
              <TextArea name="content" label={t(l, "disclosure.my.requestContent")} required maxLength={2000} />
              <button type="submit">{t(l, label[kind])}</button>
            </form>
          </details>
        ),
      )}
    </div>
  );
}

export function MyPage(props: ViewProps & { settings: DistrictSettings; org: MyOrg; d: MemberDashboard; message?: string; errors?: FieldError[]; done?: string }) {
  const page = props.page;
  const l = page.locale;
  const { org, d } = props;
  const settings = props.settings;
  const day = today();
  const eligibility = evaluationEligibility(org, day, settings);
  const enrolledRounds = new Set(d.evaluations.map((e) => e.round_id));
  return (
    <Layout page={page} title={t(l, "disclosure.my.title", { name: org.name })}>
      <h1>{t(l, "disclosure.my.title", { name: org.name })}</h1>
      <Flash l={l} done={props.flash} />
      {props.done ? (
        <p class="notice ok" role="status">
          {props.done}
        </p>
      ) : null}
      <ErrorSummary locale={l} errors={props.errors ?? []} message={props.message} />
      {org.verification !== "verified" ? (
        <p class="notice">{t(l, "disclosure.my.unverified")}</p>
      ) : (
        <p>
          <a href={`${page.base}/organizations/${org.id}`}>{t(l, "disclosure.manage.public")}</a>
        </p>
      )}
      <div class="badges">
        <GradeBadge l={l} org={org} /> <ListBadge l={l} status={org.list_status} /> <FilingBadge l={l} org={org} today={day} due={settings} />
      </div>

      <section aria-labelledby="my-disclosures">
        <h2 id="my-disclosures">{t(l, "disclosure.page.disclosures")}</h2>
        <p class="hint">{t(l, "disclosure.filing.due", { date: reportDueFor(org.org_type, settings) })}</p>
        <ul class="actions-list">
          {(["annual_report", "project", "major_change"] as const).map((kind) => (
            <li>
              <a class="button secondary" href={`${page.base}/my/disclosures/new/${kind}`}>
                {t(l, "disclosure.d.new", { kind: t(l, `disclosure.kind.${kind}`) })}
              </a>
            </li>
          ))}
        </ul>
        {d.disclosures.length === 0 ? <p>{t(l, "disclosure.page.noDisclosures")}</p> : null}
        <ul>
          {d.disclosures.map((x) => (
            <li>
              <a href={`${page.base}/my/disclosures/${x.id}`}>{x.title}</a> · {t(l, `disclosure.kind.${x.kind}`)} · <DateText iso={beijingDate(x.first_published_at)} />
              {x.current_version > 1 ? ` · ${t(l, "disclosure.page.corrected", { count: x.current_version - 1 })}` : ""}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="my-credit">
        <h2 id="my-credit">{t(l, "disclosure.my.credit")}</h2>
        <EntryHistory l={l} entries={d.entries} events={d.events} />
        {d.entries.map((entry) => (
          <div>
            <RequestForms l={l} base={page.base} csrf={page.csrfToken} entry={entry} requests={d.requests} settings={settings} />
          </div>
        ))}
        {d.requests.length ? (
          <div class="table-wrap">
            <table>
              <caption>{t(l, "disclosure.credit.pendingRequests")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t(l, "disclosure.credit.filedAt")}</th>
                  <th scope="col">{t(l, "disclosure.credit.content")}</th>
                  <th scope="col">{t(l, "disclosure.credit.status")}</th>
                  <th scope="col">{t(l, "disclosure.credit.answer")}</th>
                </tr>
              </thead>
              <tbody>
                {d.requests.map((r) => (
                  <tr>
                    <td>
                      {t(l, `disclosure.credit.request.${r.kind}`)} · <DateText iso={r.filed_at} />
                    </td>
                    <td class="prose">{r.content}</td>
                    <td>
                      {t(l, `disclosure.credit.requestStatus.${r.status}`)}
                      {r.status === "pending" ? <div class="hint">{t(l, "disclosure.credit.answerDue", { date: r.answer_due_on })}</div> : null}
                    </td>
                    <td class="prose">{r.answer ?? ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>

      <section aria-labelledby="my-evaluations">
        <h2 id="my-evaluations">{t(l, "disclosure.my.evaluations")}</h2>
        {d.rounds
          .filter((r) => !enrolledRounds.has(r.id))
          .map((r) => (
            <form method="post" action={`${page.base}/my/evaluations`} class="inline">
              <CsrfField token={page.csrfToken} />
              <input type="hidden" name="roundId" value={r.id} />
              <span>{r.title}</span>{" "}
              {eligibility.length ? <span class="hint">{t(l, "disclosure.eval.ineligible", { reasons: eligibility.map((e) => t(l, e.key, e.params)).join("；") })}</span> : <button type="submit">{t(l, "disclosure.my.apply")}</button>}
            </form>
          ))}
        {d.evaluations.length === 0 && d.rounds.length === 0 ? <p>{t(l, "disclosure.eval.noRounds")}</p> : null}
        {d.evaluations.map((e) => {
          const appeals = d.appeals.filter((a) => a.evaluation_id === e.id);
          return (
            <article class="card">
              <h3>{e.round_title}</h3>
              <p>
                {t(l, `disclosure.eval.status.${e.status}`)}
                {e.status === "in_notice" || e.status === "final"
                  ? ` · ${t(l, e.status === "final" ? "disclosure.eval.final" : "disclosure.eval.proposed")}：${(e.status === "final" ? e.final_grade : e.proposed_grade) ?? t(l, "disclosure.grade.noGrade")}（${e.total ?? "–"}）`
                  : ""}
              </p>
              {e.status === "enrolled" || e.status === "returned" ? (
                <p>
                  <a href={`${page.base}/my/evaluations/${e.id}/self`}>{t(l, "disclosure.my.selfAssess")}</a>
                </p>
              ) : null}
              {appeals.map((a) => (
                <div class="notice">
                  <strong>{t(l, "disclosure.my.appeal")}</strong> · <DateText iso={a.filed_at} /> · {t(l, `disclosure.eval.appealStatus.${a.status}`)}
                  {a.status === "pending" ? <div>{t(l, "disclosure.credit.answerDue", { date: a.answer_due_on })}</div> : null}
                  {a.answer ? <p class="prose">{a.answer}</p> : null}
                </div>
              ))}
              {e.status === "in_notice" && appeals.length === 0 ? (
                <details>
                  <summary>{t(l, "disclosure.my.appeal")}</summary>
                  <form class="stack" method="post" action={`${page.base}/my/evaluations/${e.id}/appeal`} novalidate>
                    <CsrfField token={page.csrfToken} />
                    <TextArea name="content" label={t(l, "disclosure.my.appealContent")} required maxLength={2000} />
                    <button type="submit">{t(l, "disclosure.my.appeal")}</button>
                  </form>
                </details>
              ) : null}
            </article>
          );
        })}
      </section>
    </Layout>
  );
}

// ---------------------------------------------------------------- disclosure forms

export const SCHEMAS = { annual_report: annualReportSchema, project: projectSchema, major_change: majorChangeSchema } as const;

function DisclosureFields(props: { l: Locale; kind: DisclosureKind; v: Record<string, string>; errors?: FieldError[]; correcting?: boolean }) {
  const { l, v, errors } = props;
  if (props.kind === "annual_report") {
    const money = (name: string, key: MessageKey) => <TextField name={name} label={t(l, key)} value={v[name]} errors={errors} required inputMode="decimal" maxLength={16} />;
    return (
      <>
        {props.correcting ? null : <TextField name="reportYear" label={t(l, "disclosure.d.reportYear")} value={v.reportYear} errors={errors} required inputMode="numeric" maxLength={4} />}
        {money("assets", "disclosure.d.assets")}
        {money("liabilities", "disclosure.d.liabilities")}
        <fieldset class="field">
          <legend>{t(l, "disclosure.d.income")}</legend>
          {money("incomeDonations", "disclosure.d.incomeDonations")}
          {money("incomeGrants", "disclosure.d.incomeGrants")}
          {money("incomeServices", "disclosure.d.incomeServices")}
          {money("incomeDues", "disclosure.d.incomeDues")}
          {money("incomeOther", "disclosure.d.incomeOther")}
        </fieldset>
        <fieldset class="field">
          <legend>{t(l, "disclosure.d.expenses")}</legend>
          {money("expensePrograms", "disclosure.d.expensePrograms")}
          {money("expenseAdmin", "disclosure.d.expenseAdmin")}
          {money("expenseFundraising", "disclosure.d.expenseFundraising")}
          {money("expenseOther", "disclosure.d.expenseOther")}
        </fieldset>
        <TextArea name="activities" label={t(l, "disclosure.d.activities")} hint={t(l, "disclosure.d.activitiesHint")} value={v.activities} errors={errors} required maxLength={4000} rows={8} />
      </>
    );
  }
  if (props.kind === "project") {
    return (
      <>
        <TextField name="title" label={t(l, "disclosure.d.title")} value={v.title} errors={errors} required maxLength={100} />
        <SelectField name="projectKind" label={t(l, "disclosure.d.projectKind")} value={v.projectKind} errors={errors} options={PROJECT_KINDS.map((k) => ({ value: k, label: t(l, `disclosure.d.projectKind.${k}`) }))} />
        <TextField name="funder" label={t(l, "disclosure.d.funder")} value={v.funder} errors={errors} maxLength={100} />
        <TextField name="amount" label={t(l, "disclosure.d.amount")} value={v.amount} errors={errors} inputMode="decimal" maxLength={16} />
        <TextField name="startOn" type="date" label={t(l, "disclosure.d.startOn")} value={v.startOn} errors={errors} required />
        <TextField name="endOn" type="date" label={t(l, "disclosure.d.endOn")} value={v.endOn} errors={errors} />
        <TextField name="beneficiaries" label={t(l, "disclosure.d.beneficiaries")} value={v.beneficiaries} errors={errors} maxLength={200} />
        <TextArea name="description" label={t(l, "disclosure.d.description")} value={v.description} errors={errors} required maxLength={4000} />
      </>
    );
  }
  return (
    <>
      <TextField name="title" label={t(l, "disclosure.d.title")} value={v.title} errors={errors} required maxLength={100} />
      <SelectField name="changeType" label={t(l, "disclosure.d.changeType")} value={v.changeType} errors={errors} options={CHANGE_TYPES.map((k) => ({ value: k, label: t(l, `disclosure.d.changeType.${k}`) }))} />
      <TextField name="effectiveOn" type="date" label={t(l, "disclosure.d.effectiveOn")} value={v.effectiveOn} errors={errors} required />
      <TextField name="before" label={t(l, "disclosure.d.before")} value={v.before} errors={errors} maxLength={500} />
      <TextField name="after" label={t(l, "disclosure.d.after")} value={v.after} errors={errors} maxLength={500} />
      <TextArea name="description" label={t(l, "disclosure.d.description")} value={v.description} errors={errors} maxLength={2000} />
    </>
  );
}

export function NewDisclosurePage(props: ViewProps & { kind: DisclosureKind; values?: Record<string, string>; errors?: FieldError[]; message?: string }) {
  const page = props.page;
  const l = page.locale;
  const title = t(l, "disclosure.d.new", { kind: t(l, `disclosure.kind.${props.kind}`) });
  return (
    <Layout page={page} title={title}>
      <p class="crumbs">
        <a href={`${page.base}/my/organization`}>{t(l, "disclosure.nav.myOrganization")}</a>
      </p>
      <h1>{title}</h1>
      <ErrorSummary locale={l} errors={props.errors ?? []} message={props.message} />
      <form class="stack" method="post" action={`${page.base}/my/disclosures/new/${props.kind}`} novalidate>
        <CsrfField token={page.csrfToken} />
        <DisclosureFields l={l} kind={props.kind} v={props.values ?? {}} errors={props.errors} />
        <button type="submit">{t(l, "disclosure.d.publish")}</button>
      </form>
    </Layout>
  );
}

export function ManageDisclosurePage(props: ViewProps & { x: MemberDisclosure; values?: Record<string, string>; errors?: FieldError[]; message?: string; status?: string }) {
  const page = props.page;
  const l = page.locale;
  const { d, versions, attachments } = props.x;
  const current = versions[0]!;
  const values = props.values ?? { ...contentToForm(d.kind, JSON.parse(current.content_json)), ...(d.kind !== "annual_report" ? { title: current.title } : {}), version: String(d.current_version) };
  return (
    <Layout page={page} title={t(l, "disclosure.d.correctTitle", { title: d.title })}>
      <p class="crumbs">
        <a href={`${page.base}/my/organization`}>{t(l, "disclosure.nav.myOrganization")}</a> · <a href={`${page.base}/disclosures/${d.id}`}>{t(l, "disclosure.manage.public")}</a>
      </p>
      <h1>{d.title}</h1>
      <Flash l={l} done={props.flash} />
      {props.status ? (
        <p class="notice ok" role="status">
          {props.status}
        </p>
      ) : null}
      <h2>{t(l, "disclosure.d.current")}</h2>
      <DisclosureContent l={l} kind={d.kind} content={current.content_json} />

      <h2 id="attach">{t(l, "disclosure.d.attachments")}</h2>
      <ul>
        {attachments.map((a) => (
          <li>
            <a href={`${page.base}/disclosures/${d.id}/attachments/${a.id}`}>{a.filename}</a> ({Math.ceil(a.size / 1024)} KB, {t(l, "disclosure.d.attachmentVersion", { version: a.version })})
          </li>
        ))}
      </ul>
      <form class="stack" method="post" action={`${page.base}/my/disclosures/${d.id}/attachments`} enctype="multipart/form-data">
        <CsrfField token={page.csrfToken} />
        <FileField name="file" label={t(l, "disclosure.d.attachment")} accept="application/pdf,image/jpeg,image/png" errors={props.errors} />
        <button type="submit" class="secondary">
          {t(l, "disclosure.d.upload")}
        </button>
      </form>

      <h2 id="correct">{t(l, "disclosure.d.correct")}</h2>
      <p>{t(l, "disclosure.d.correctIntro")}</p>
      <ErrorSummary locale={l} errors={(props.errors ?? []).filter((e) => e.field !== "file")} message={props.message} />
      <form class="stack" method="post" action={`${page.base}/my/disclosures/${d.id}/correct`} novalidate>
        <CsrfField token={page.csrfToken} />
        <input type="hidden" name="version" value={values.version ?? String(d.current_version)} />
        <DisclosureFields l={l} kind={d.kind} v={values} errors={props.errors} correcting />
        <TextArea name="correctionNote" label={t(l, "disclosure.d.correctionNote")} value={values.correctionNote} errors={props.errors} required maxLength={500} rows={3} />
        <button type="submit">{t(l, "disclosure.d.correct")}</button>
      </form>
    </Layout>
  );
}

export function SelfAssessmentPage(
  props: ViewProps & {
    evaluation: EvaluationRow;
    round: RoundRow;
    rubric: Awaited<ReturnType<typeof loadRound>>["rubric"];
    skipped: Awaited<ReturnType<typeof loadRound>>["rubric"]["items"];
    values: Record<string, string>;
    submitted: boolean;
    errors?: FieldError[];
    message?: string;
  },
) {
  const page = props.page;
  const l = page.locale;
  return (
    <Layout page={page} title={t(l, "disclosure.my.selfAssess")}>
      <p class="crumbs">
        <a href={`${page.base}/my/organization`}>{t(l, "disclosure.nav.myOrganization")}</a>
      </p>
      <h1>
        {t(l, "disclosure.my.selfAssess")} · {props.round.title}
      </h1>
      <Flash l={l} done={props.flash} />
      <ScoreForm
        l={l}
        action={`${page.base}/my/evaluations/${props.evaluation.id}/self`}
        csrfToken={page.csrfToken}
        rubric={props.rubric}
        skipped={props.skipped}
        values={props.values}
        errors={props.errors}
        message={props.message}
        readOnly={props.submitted}
      />
    </Layout>
  );
}

// ---------------------------------------------------------------- routes
