import type { Context, Hono } from "hono";
import type { AppEnv } from "../../env";
import { AppError, notFound, type FieldError } from "../../http/errors";
import { routes } from "../../http/routes";
import { MAX_ATTACHMENT_BYTES } from "../../http/attachments";
import { allowUpload } from "../../http/uploads";
import { readForm } from "../../http/validation";
import { t, type Locale, type MessageKey } from "../../i18n/messages";
import { nowIso } from "../../lib/time";
import { beijingDate } from "../../lib/beijing-time";
import { findAssignment, saveScores } from "../../review/scoring";
import { ErrorSummary, FileField, SelectField, TextArea, TextField } from "../../ui/form";
import { CsrfField, Layout, pageInfo } from "../../ui/layout";
import * as z from "zod/mini";
import { checkRequest, fileRequest, loadEntry, type RequestKind, type RequestRow } from "./credit";
import { addAttachment, annualContent, contentToForm, correctDisclosure, disclosureOfOrganization, majorChangeContent, projectContent, publishDisclosure } from "./disclosures";
import { enrol, ensureSelfAssignment, loadEvaluation, loadRound, scoringOpenGuard, type EvaluationRow, type RoundRow } from "./evaluations";
import { fileAppeal, type AppealRow } from "./evaluation-appeals";
import { DisclosureContent } from "./public-disclosure";
import { EntryHistory } from "./public-organization";
import { today } from "./public";
import type { EntryRow, EventRow } from "./queries";
import { evaluationEligibility, seriousExitFrom } from "./rules";
import { annualReportSchema, appealSchema, CHANGE_TYPES, correctionFields, creditRequestSchema, majorChangeSchema, PROJECT_KINDS, projectSchema } from "./schemas";
import { readScores, ScoreForm, scoreValues } from "./scoring-form";
import type { DisclosureKind } from "./tables";
import { DateText, FilingBadge, Flash, GradeBadge, ListBadge } from "./views";

// What an organization's own account does: publish and correct disclosures with
// attachments, see its credit-list entries and object or report rectification, apply
// for evaluation, fill in its self-assessment and appeal a proposed grade.

export function memberOrganizationId(c: Context<AppEnv>): string {
  const id = c.var.user?.grants.find((g) => g.role === "org_member")?.organizationId;
  if (!id) throw notFound();
  return id;
}

async function myOrganization(c: Context<AppEnv>) {
  const id = memberOrganizationId(c);
  const org = await c.var.data
    .selectFrom("organizations")
    .select(["id", "name", "uscc", "kind", "verification", "registered_on", "grade", "grade_status", "grade_valid_until", "list_status", "filing_status", "last_report_year", "last_report_filed_on"])
    .where("id", "=", id)
    .executeTakeFirst();
  if (!org) throw notFound();
  return org;
}

type MyOrg = Awaited<ReturnType<typeof myOrganization>>;

async function dashboardData(c: Context<AppEnv>, orgId: string) {
  const data = c.var.data;
  const [disclosures, entries, events, requests, rounds, evaluations, appeals] = await data.read<Record<string, unknown>>([
    data.selectFrom("disclosures").select(["id", "kind", "report_year", "title", "current_version", "first_published_at"]).where("organization_id", "=", orgId).orderBy("first_published_at", "desc"),
    data.selectFrom("credit_list_entries").selectAll().where("organization_id", "=", orgId).orderBy("decided_on", "desc"),
    data.selectFrom("credit_list_events").select(["id", "entry_id", "kind", "on_date", "note", "detail_json", "public", "at"]).where("organization_id", "=", orgId).orderBy("at"),
    data.selectFrom("credit_requests").selectAll().where("organization_id", "=", orgId).orderBy("filed_at", "desc"),
    data.selectFrom("evaluation_rounds").selectAll().where("status", "=", "open").orderBy("opened_at", "desc"),
    data
      .selectFrom("evaluations")
      .innerJoin("evaluation_rounds", (j) => j.onRef("evaluation_rounds.district_id", "=", "evaluations.district_id").onRef("evaluation_rounds.id", "=", "evaluations.round_id"))
      .selectAll("evaluations")
      .select(["evaluation_rounds.title as round_title"])
      .where("evaluations.organization_id", "=", orgId)
      .orderBy("evaluations.enrolled_at", "desc"),
    data.selectFrom("evaluation_appeals").selectAll().where("organization_id", "=", orgId).orderBy("filed_at", "desc"),
  ]);
  return {
    disclosures: (disclosures ?? []) as { id: string; kind: DisclosureKind; report_year: number | null; title: string; current_version: number; first_published_at: string }[],
    entries: (entries ?? []) as unknown as EntryRow[],
    events: (events ?? []) as unknown as EventRow[],
    requests: (requests ?? []) as unknown as RequestRow[],
    rounds: (rounds ?? []) as unknown as RoundRow[],
    evaluations: (evaluations ?? []) as unknown as (EvaluationRow & { round_title: string })[],
    appeals: (appeals ?? []) as unknown as AppealRow[],
  };
}

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

function MyPage(props: { c: Context<AppEnv>; org: MyOrg; d: Awaited<ReturnType<typeof dashboardData>>; message?: string; errors?: FieldError[]; done?: string }) {
  const page = pageInfo(props.c);
  const l = page.locale;
  const { org, d } = props;
  const settings = props.c.var.district.settings;
  const day = today();
  const eligibility = evaluationEligibility(org, day, settings);
  const enrolledRounds = new Set(d.evaluations.map((e) => e.round_id));
  return (
    <Layout page={page} title={t(l, "disclosure.my.title", { name: org.name })}>
      <h1>{t(l, "disclosure.my.title", { name: org.name })}</h1>
      <Flash l={l} done={props.c.req.query("done")} />
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
        <GradeBadge l={l} org={org} /> <ListBadge l={l} status={org.list_status} /> <FilingBadge l={l} org={org} today={day} due={settings.annualReportDue} />
      </div>

      <section aria-labelledby="my-disclosures">
        <h2 id="my-disclosures">{t(l, "disclosure.page.disclosures")}</h2>
        <p class="hint">{t(l, "disclosure.filing.due", { date: settings.annualReportDue })}</p>
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

const SCHEMAS = { annual_report: annualReportSchema, project: projectSchema, major_change: majorChangeSchema } as const;

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

function NewDisclosurePage(props: { c: Context<AppEnv>; kind: DisclosureKind; values?: Record<string, string>; errors?: FieldError[]; message?: string }) {
  const page = pageInfo(props.c);
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

async function disclosureForMember(c: Context<AppEnv>) {
  const orgId = memberOrganizationId(c);
  const d = await disclosureOfOrganization(c, c.req.param("disclosureId") ?? "", orgId);
  const [versions, attachments] = await c.var.data.read<Record<string, unknown>>([
    c.var.data.selectFrom("disclosure_versions").select(["version", "title", "content_json", "correction_note", "published_at"]).where("disclosure_id", "=", d.id).orderBy("version", "desc"),
    c.var.data.selectFrom("disclosure_attachments").select(["id", "version", "filename", "size"]).where("disclosure_id", "=", d.id).orderBy("uploaded_at"),
  ]);
  return {
    d,
    versions: (versions ?? []) as { version: number; title: string; content_json: string; correction_note: string | null; published_at: string }[],
    attachments: (attachments ?? []) as { id: string; version: number; filename: string; size: number }[],
  };
}

function ManageDisclosurePage(props: { c: Context<AppEnv>; x: Awaited<ReturnType<typeof disclosureForMember>>; values?: Record<string, string>; errors?: FieldError[]; message?: string; status?: string }) {
  const page = pageInfo(props.c);
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
      <Flash l={l} done={props.c.req.query("done")} />
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

function SelfAssessmentPage(props: {
  c: Context<AppEnv>;
  evaluation: EvaluationRow;
  round: RoundRow;
  rubric: Awaited<ReturnType<typeof loadRound>>["rubric"];
  values: Record<string, string>;
  submitted: boolean;
  errors?: FieldError[];
  message?: string;
}) {
  const page = pageInfo(props.c);
  const l = page.locale;
  return (
    <Layout page={page} title={t(l, "disclosure.my.selfAssess")}>
      <p class="crumbs">
        <a href={`${page.base}/my/organization`}>{t(l, "disclosure.nav.myOrganization")}</a>
      </p>
      <h1>
        {t(l, "disclosure.my.selfAssess")} · {props.round.title}
      </h1>
      <Flash l={l} done={props.c.req.query("done")} />
      <ScoreForm l={l} action={`${page.base}/my/evaluations/${props.evaluation.id}/self`} csrfToken={page.csrfToken} rubric={props.rubric} values={props.values} errors={props.errors} message={props.message} readOnly={props.submitted} />
    </Layout>
  );
}

// ---------------------------------------------------------------- routes

function isKind(kind: string | undefined): kind is DisclosureKind {
  return kind === "annual_report" || kind === "project" || kind === "major_change";
}

function conflictMessage(c: Context<AppEnv>, error: unknown): string | null {
  if (error instanceof AppError && error.status === 409) return t(c.var.locale, error.messageKey, error.params);
  return null;
}

export function registerMemberRoutes(app: Hono<AppEnv>): void {
  const r = routes(app, "district");
  allowUpload("/my/disclosures/:disclosureId/attachments", MAX_ATTACHMENT_BYTES + 64 * 1024);

  const dashboard = async (c: Context<AppEnv>, extra: { message?: string; errors?: FieldError[]; status?: number; done?: string } = {}) => {
    const org = await myOrganization(c);
    const d = await dashboardData(c, org.id);
    return c.html(<MyPage c={c} org={org} d={d} message={extra.message} errors={extra.errors} done={extra.done} />, (extra.status ?? 200) as 200);
  };

  r.get("/my/organization", "organization.act", (c) => dashboard(c));

  r.get("/my/disclosures/new/:kind", "organization.act", (c) => {
    const kind = c.req.param("kind");
    if (!isKind(kind)) throw notFound();
    memberOrganizationId(c);
    return c.html(<NewDisclosurePage c={c} kind={kind} />);
  });

  r.post("/my/disclosures/new/:kind", "organization.act", async (c) => {
    const kind = c.req.param("kind");
    if (!isKind(kind)) throw notFound();
    const orgId = memberOrganizationId(c);
    const l = c.var.locale;
    const form = await readForm(c, SCHEMAS[kind] as z.ZodMiniType<Record<string, string>>);
    if (!form.ok) return c.html(<NewDisclosurePage c={c} kind={kind} values={form.values} errors={form.errors} />, 422);
    const v = form.data as Record<string, string>;
    const input =
      kind === "annual_report"
        ? { reportYear: Number(v.reportYear), title: t("zh-CN", "disclosure.d.annualTitle", { year: v.reportYear! }), content: annualContent(form.data as z.output<typeof annualReportSchema>) }
        : kind === "project"
          ? { reportYear: null, title: v.title!, content: projectContent(form.data as z.output<typeof projectSchema>) }
          : { reportYear: null, title: v.title!, content: majorChangeContent(form.data as z.output<typeof majorChangeSchema>) };
    try {
      const id = await publishDisclosure(c, { organizationId: orgId, kind, ...input });
      return c.redirect(`${c.var.base}/my/disclosures/${id}?done=disclosure.d.published`, 303);
    } catch (error) {
      const message = conflictMessage(c, error);
      if (!message) throw error;
      return c.html(<NewDisclosurePage c={c} kind={kind} values={form.values} errors={[{ field: "reportYear", code: "duplicate_year", message }]} message={t(l, "error.validation")} />, 409);
    }
  });

  r.get("/my/disclosures/:disclosureId", "organization.act", async (c) => c.html(<ManageDisclosurePage c={c} x={await disclosureForMember(c)} />));

  r.post("/my/disclosures/:disclosureId/correct", "organization.act", async (c) => {
    const x = await disclosureForMember(c);
    const kind = x.d.kind;
    const base = kind === "annual_report" ? z.omit(annualReportSchema, { reportYear: true }) : SCHEMAS[kind];
    const schema = z.extend(base as z.ZodMiniObject, correctionFields);
    const form = await readForm(c, schema);
    if (!form.ok) return c.html(<ManageDisclosurePage c={c} x={x} values={form.values} errors={form.errors} />, 422);
    const v = form.data as Record<string, string>;
    const content =
      kind === "annual_report"
        ? annualContent({ ...(form.data as z.output<typeof annualReportSchema>), reportYear: String(x.d.report_year) })
        : kind === "project"
          ? projectContent(form.data as z.output<typeof projectSchema>)
          : majorChangeContent(form.data as z.output<typeof majorChangeSchema>);
    try {
      await correctDisclosure(c, { disclosureId: x.d.id, expectedVersion: Number(v.version), title: kind === "annual_report" ? x.d.title : v.title!, content, note: v.correctionNote! });
    } catch (error) {
      const message = conflictMessage(c, error);
      if (!message) throw error;
      return c.html(<ManageDisclosurePage c={c} x={await disclosureForMember(c)} values={form.values} message={message} />, 409);
    }
    return c.redirect(`${c.var.base}/my/disclosures/${x.d.id}?done=disclosure.d.corrected`, 303);
  });

  r.post("/my/disclosures/:disclosureId/attachments", "organization.act", async (c) => {
    const x = await disclosureForMember(c);
    const body = await c.req.parseBody();
    const file = body.file;
    const l = c.var.locale;
    if (!(file instanceof File) || file.size === 0) {
      return c.html(<ManageDisclosurePage c={c} x={x} errors={[{ field: "file", code: "required", message: t(l, "disclosure.d.noFile") }]} />, 422);
    }
    if (file.size > MAX_ATTACHMENT_BYTES) return c.html(<ManageDisclosurePage c={c} x={x} errors={[{ field: "file", code: "too_big", message: t(l, "disclosure.d.badFile") }]} />, 413);
    try {
      await addAttachment(c, x.d, file);
    } catch (error) {
      if (error instanceof AppError && error.code === "bad_file") return c.html(<ManageDisclosurePage c={c} x={x} errors={[{ field: "file", code: "bad_file", message: t(l, "disclosure.d.badFile") }]} />, 422);
      throw error;
    }
    return c.redirect(`${c.var.base}/my/disclosures/${x.d.id}?done=disclosure.d.uploaded#attach`, 303);
  });

  r.post("/my/credit/:entryId/requests/:kind", "organization.act", async (c) => {
    const orgId = memberOrganizationId(c);
    const kind = c.req.param("kind") as RequestKind;
    if (!["objection", "rectification", "exit"].includes(kind)) throw notFound();
    const entry = await loadEntry(c.var.data, c.req.param("entryId") ?? "");
    if (!entry || entry.organization_id !== orgId) throw notFound();
    const form = await readForm(c, creditRequestSchema);
    if (!form.ok) return dashboard(c, { errors: form.errors.map((e) => ({ ...e, field: `content` })), status: 422 });
    const now = nowIso();
    const settings = c.var.district.settings;
    try {
      checkRequest(entry, kind, beijingDate(now), settings, c.var.locale);
      const filed = await fileRequest(c.var.data, entry, kind, form.data.content, { id: c.var.user!.id, role: "org_member" }, now, settings);
      return dashboard(c, { done: t(c.var.locale, "disclosure.my.requestFiled", { date: filed.dueOn }) });
    } catch (error) {
      const message = conflictMessage(c, error);
      if (!message) throw error;
      return dashboard(c, { message, status: 409 });
    }
  });

  r.post("/my/evaluations", "organization.act", async (c) => {
    const orgId = memberOrganizationId(c);
    const form = await readForm(c, z.strictObject({ roundId: z.string().check(z.maxLength(40)) }));
    if (!form.ok) return dashboard(c, { errors: form.errors, status: 422 });
    const { round } = await loadRound(c.var.data, form.data.roundId);
    try {
      await enrol(c, round, orgId, c.var.user!.id);
    } catch (error) {
      const message = conflictMessage(c, error);
      if (!message) throw error;
      return dashboard(c, { message, status: 409 });
    }
    return c.redirect(`${c.var.base}/my/organization?done=disclosure.my.applied#my-evaluations`, 303);
  });

  const selfContext = async (c: Context<AppEnv>) => {
    const orgId = memberOrganizationId(c);
    const evaluation = await loadEvaluation(c.var.data, c.req.param("evaluationId") ?? "");
    if (evaluation.organization_id !== orgId) throw notFound();
    const { round, rubric } = await loadRound(c.var.data, evaluation.round_id);
    return { evaluation, round, rubric };
  };

  r.get("/my/evaluations/:evaluationId/self", "organization.act", async (c) => {
    const { evaluation, round, rubric } = await selfContext(c);
    const scoring = evaluation.status === "enrolled" || evaluation.status === "returned";
    const assignment = scoring
      ? await ensureSelfAssignment(c, evaluation, rubric.id)
      : await c.var.data.selectFrom("review_assignments").selectAll().where("subject_id", "=", evaluation.id).where("scorer_role", "=", "self").executeTakeFirst();
    const scores = assignment ? await c.var.data.selectFrom("review_scores").select(["item_id", "score", "comment"]).where("assignment_id", "=", assignment.id).execute() : [];
    return c.html(<SelfAssessmentPage c={c} evaluation={evaluation} round={round} rubric={rubric} values={scoreValues(scores)} submitted={!scoring || !!assignment?.submitted_at} />);
  });

  r.post("/my/evaluations/:evaluationId/self", "organization.act", async (c) => {
    const { evaluation, round, rubric } = await selfContext(c);
    const l = c.var.locale;
    const form = await readForm(c, z.record(z.string(), z.string()));
    const values = form.values;
    if (evaluation.status !== "enrolled" && evaluation.status !== "returned") {
      return c.html(<SelfAssessmentPage c={c} evaluation={evaluation} round={round} rubric={rubric} values={values} submitted message={t(l, "disclosure.eval.selfClosed")} />, 409);
    }
    const { scores, errors, submit } = readScores(l, rubric, values);
    if (errors.length) return c.html(<SelfAssessmentPage c={c} evaluation={evaluation} round={round} rubric={rubric} values={values} submitted={false} errors={errors} />, 422);
    const assignment = await ensureSelfAssignment(c, evaluation, rubric.id);
    const full = await findAssignment(c.var.data, assignment.id);
    try {
      await c.var.data.write([scoringOpenGuard(c.var.data, evaluation.id), ...saveScores(c.var.data, full!, scores, submit, nowIso())], {
        action: submit ? "evaluation.self_submitted" : "evaluation.self_saved",
        targetType: "evaluation",
        targetId: evaluation.id,
      });
    } catch (error) {
      if (error instanceof AppError) throw error;
      return c.html(<SelfAssessmentPage c={c} evaluation={evaluation} round={round} rubric={rubric} values={values} submitted message={t(l, "disclosure.eval.locked")} />, 409);
    }
    return c.redirect(`${c.var.base}/my/evaluations/${evaluation.id}/self?done=${submit ? "disclosure.eval.scoresSubmitted" : "disclosure.eval.saved"}`, 303);
  });

  r.post("/my/evaluations/:evaluationId/appeal", "organization.act", async (c) => {
    const orgId = memberOrganizationId(c);
    const evaluation = await loadEvaluation(c.var.data, c.req.param("evaluationId") ?? "");
    if (evaluation.organization_id !== orgId) throw notFound();
    const form = await readForm(c, appealSchema);
    if (!form.ok) return dashboard(c, { errors: form.errors, status: 422 });
    try {
      const appeal = await fileAppeal(c, evaluation, form.data.content);
      return dashboard(c, { done: t(c.var.locale, "disclosure.my.appealFiled", { date: appeal.answer_due_on }) });
    } catch (error) {
      const message = conflictMessage(c, error);
      if (!message) throw error;
      return dashboard(c, { message, status: 409 });
    }
  });
}
