import type { Context, Hono } from "hono";
import type { AppEnv } from "../../env";
import { cachedHtml } from "../../http/cache";
import { notFound, type FieldError } from "../../http/errors";
import { routes } from "../../http/routes";
import { readForm, readQuery } from "../../http/validation";
import { t, type Locale, type MessageKey } from "../../i18n/messages";
import { nowIso } from "../../lib/time";
import { addDays, beijingDate } from "../../lib/beijing-time";
import { fileObjection, noticePhase } from "../../review/notices";
import { ErrorSummary, SelectField, TextArea, TextField } from "../../ui/form";
import { CsrfField, Layout, pageInfo, type PageInfo } from "../../ui/layout";
import { formatYuan, ORG_TYPES, SERVICE_FIELDS, noticeObjectionSchema, directoryQuerySchema, listPageQuerySchema, type DirectoryQuery } from "./schemas";
import { COUNT_LIMIT, directoryPage, PAGE_SIZE, type DirectoryResult } from "./directory";
import { creditList, disclosurePage, homeFigures, homeParks, latestNotices, noticePage, organizationPage, type AreaMap, type EntryRow, type EventRow, type NoticeRow } from "./queries";
import { GRADES } from "./tables";
import type { AnnualReportContent, MajorChangeContent, ProjectContent } from "./disclosures";
import { areaLabel, Badge, DateText, FilingBadge, GradeBadge, gradeText, ListBadge, orgTypeLabel } from "./views";

// The public disclosure portal: no sign-in, cacheable (ETag), shareable (canonical and
// Open Graph tags), in both languages and in elder mode. Nothing personal is ever
// selected for these pages (see queries.ts).

export function today(): string {
  return beijingDate(nowIso());
}

function districtName(page: PageInfo): string {
  return page.districtName ?? "";
}

function queryString(params: Record<string, string | number | undefined>): string {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined && v !== "" && v !== 1 && v !== "1");
  return entries.length ? `?${new URLSearchParams(entries.map(([k, v]) => [k, String(v)])).toString()}` : "";
}

// ---------------------------------------------------------------- directory

function DirectoryPage(props: { c: Context<AppEnv>; q: DirectoryQuery; found: DirectoryResult; areas: AreaMap }) {
  const page = pageInfo(props.c);
  const l = page.locale;
  const { q } = props;
  const settings = props.c.var.district.settings;
  const day = today();
  const { rows, total, more } = props.found;
  // Past the counted matches the last page is unknown: offer the next one while pages are full.
  const pages = more ? null : Math.max(1, Math.ceil(total / PAGE_SIZE));
  const hasNext = pages === null ? rows.length === PAGE_SIZE : q.page < pages;
  const pageLabel = pages === null ? t(l, "disclosure.directory.pageOpen", { page: q.page }) : t(l, "disclosure.directory.page", { page: q.page, pages });
  const filters = { q: q.q, type: q.type, field: q.field, area: q.area, grade: q.grade, list: q.list, filing: q.filing };
  const any = { value: "", label: t(l, "disclosure.directory.any") };
  const subdistricts = [...props.areas.entries()].filter(([, a]) => a.level === "subdistrict");
  const title = t(l, "disclosure.directory.title");
  return (
    <Layout page={page} title={title} description={t(l, "disclosure.directory.description", { district: districtName(page) })} meta={{ canonical: `${page.base}/organizations${queryString({ ...filters, page: q.page })}` }}>
      <h1>{title}</h1>
      <p class="lead">{t(l, "disclosure.directory.description", { district: districtName(page) })}</p>
      <form class="search" method="get" action={`${page.base}/organizations`} role="search">
        <TextField name="q" type="search" label={t(l, "disclosure.directory.q")} hint={t(l, "disclosure.directory.qHint")} value={q.q} maxLength={50} />
        <details class="filters" open={!!(q.type || q.field || q.area || q.grade || q.list || q.filing)}>
          <summary>{t(l, "disclosure.directory.filters")}</summary>
          <div>
          <SelectField name="type" label={t(l, "disclosure.org.type")} value={q.type} options={[any, ...ORG_TYPES.map((o) => ({ value: o.value, label: t(l, o.key) }))]} />
          <SelectField name="field" label={t(l, "disclosure.org.serviceFields")} value={q.field} options={[any, ...SERVICE_FIELDS.map((f) => ({ value: f, label: t(l, `disclosure.field.${f}`) }))]} />
          <SelectField name="area" label={t(l, "disclosure.org.area")} value={q.area} options={[any, ...subdistricts.map(([code, a]) => ({ value: code, label: l === "en" && a.name_en ? a.name_en : a.name_zh }))]} />
          <SelectField
            name="grade"
            label={t(l, "disclosure.org.grade")}
            value={q.grade}
            options={[any, ...GRADES.map((g) => ({ value: g, label: g })), { value: "expired", label: t(l, "disclosure.directory.gradeExpired") }, { value: "none", label: t(l, "disclosure.directory.gradeNone") }]}
          />
          <SelectField
            name="list"
            label={t(l, "disclosure.org.listStatus")}
            value={q.list}
            options={[any, { value: "none", label: t(l, "disclosure.directory.listNone") }, { value: "abnormal", label: t(l, "disclosure.list.abnormal") }, { value: "serious", label: t(l, "disclosure.list.serious") }]}
          />
          <SelectField
            name="filing"
            label={t(l, "disclosure.org.filing")}
            value={q.filing}
            options={[any, ...(["on_time", "late", "overdue", "not_due"] as const).map((s) => ({ value: s, label: t(l, `disclosure.filing.short.${s}`) }))]}
          />
          </div>
        </details>
        <div class="actions">
          <button type="submit">{t(l, "disclosure.directory.search")}</button> <a href={`${page.base}/organizations`}>{t(l, "disclosure.directory.reset")}</a>
        </div>
      </form>
      <h2 id="results">{more ? t(l, "disclosure.directory.resultsMore", { count: COUNT_LIMIT }) : t(l, "disclosure.directory.results", { count: total })}</h2>
      {rows.length === 0 ? <p>{t(l, "disclosure.directory.none")}</p> : null}
      <ul class="results" aria-labelledby="results">
        {rows.map((o) => (
          <li class="result">
            <h3>
              <a href={`${page.base}/organizations/${o.id}`}>{o.name}</a>
            </h3>
            <div class="meta">
              <span>{o.uscc ?? t(l, "disclosure.org.kind.founding_team")}</span> · <span>{orgTypeLabel(l, o.org_type)}</span> · <span>{areaLabel(props.areas, o.area_code, l)}</span>
            </div>
            <div class="badges">
              <GradeBadge l={l} org={o} short /> <ListBadge l={l} status={o.list_status} /> <FilingBadge l={l} org={o} today={day} due={settings.annualReportDue} short />
            </div>
          </li>
        ))}
      </ul>
      {q.page > 1 || hasNext ? (
        <nav class="pager" aria-label={pageLabel}>
          {q.page > 1 ? <a href={`${page.base}/organizations${queryString({ ...filters, page: q.page - 1 })}`} rel="prev">{t(l, "disclosure.directory.prev")}</a> : null}
          <span>{pageLabel}</span>
          {hasNext ? <a href={`${page.base}/organizations${queryString({ ...filters, page: q.page + 1 })}`} rel="next">{t(l, "disclosure.directory.next")}</a> : null}
        </nav>
      ) : null}
    </Layout>
  );
}

// ---------------------------------------------------------------- organization page

type OrgData = Awaited<ReturnType<typeof organizationPage>>;

export function EntryHistory(props: { l: Locale; entries: EntryRow[]; events: EventRow[] }) {
  const { l } = props;
  if (props.entries.length === 0) return <p>{t(l, "disclosure.list.noHistory")}</p>;
  return (
    <>
      {props.entries.map((e) => (
        <article class="entry card" aria-labelledby={`entry-${e.id}`}>
          <h3 id={`entry-${e.id}`}>
            {t(l, `disclosure.list.${e.list}`)} · {e.exited_on ? <Badge tone="neutral" icon="↩" text={t(l, "disclosure.list.left")} /> : <Badge tone={e.list === "serious" ? "bad" : "warn"} icon={e.list === "serious" ? "⛔" : "⚠"} text={t(l, "disclosure.list.active")} />}
          </h3>
          <dl class="facts">
            <dt>{t(l, "disclosure.list.reason")}</dt>
            <dd>
              {t(l, `disclosure.reason.${e.reason_code}` as MessageKey)}：{e.reason}
            </dd>
            <dt>{t(l, "disclosure.list.legalBasis")}</dt>
            <dd>{e.legal_basis}</dd>
            <dt>{t(l, "disclosure.list.decidingBody")}</dt>
            <dd>{e.deciding_body}</dd>
            <dt>{t(l, "disclosure.list.decidedOn")}</dt>
            <dd>
              <DateText iso={e.decided_on} />
            </dd>
            {e.exited_on ? (
              <>
                <dt>{t(l, "disclosure.list.exitedOn")}</dt>
                <dd>
                  <DateText iso={e.exited_on} /> · {e.exit_reason ? t(l, `disclosure.list.exit.${e.exit_reason}` as MessageKey) : ""}
                </dd>
              </>
            ) : null}
          </dl>
          <ol class="timeline">
            {props.events
              .filter((ev) => ev.entry_id === e.id)
              .map((ev) => (
                <li>
                  <DateText iso={ev.on_date} /> {t(l, `disclosure.event.${ev.kind}` as MessageKey)}
                  {ev.kind === "corrected" ? <CorrectionDetail l={l} detail={ev.detail_json} /> : null}
                </li>
              ))}
          </ol>
        </article>
      ))}
    </>
  );
}

function CorrectionDetail(props: { l: Locale; detail: string }) {
  const d = JSON.parse(props.detail) as { before?: Record<string, string>; after?: Record<string, string> };
  if (!d.before) return null;
  const { l } = props;
  return (
    <details>
      <summary>{t(l, "disclosure.d.original")}</summary>
      <dl class="facts">
        <dt>{t(l, "disclosure.list.reason")}</dt>
        <dd>{d.before.reason}</dd>
        <dt>{t(l, "disclosure.list.legalBasis")}</dt>
        <dd>{d.before.legalBasis}</dd>
        <dt>{t(l, "disclosure.list.decidingBody")}</dt>
        <dd>{d.before.decidingBody}</dd>
      </dl>
    </details>
  );
}

function DisclosureTable(props: { l: Locale; base: string; rows: OrgData["disclosures"]; caption: string }) {
  const { l } = props;
  if (props.rows.length === 0) return <p>{t(l, "disclosure.page.noDisclosures")}</p>;
  return (
    <div class="table-wrap">
      <table>
        <caption class="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t(l, "disclosure.d.title")}</th>
            <th scope="col">{t(l, "disclosure.page.published")}</th>
            <th scope="col">{t(l, "disclosure.d.versions")}</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((d) => (
            <tr>
              <td>
                <a href={`${props.base}/disclosures/${d.id}`}>{d.title}</a>
              </td>
              <td>
                <DateText iso={beijingDate(d.first_published_at)} />
              </td>
              <td>{d.current_version > 1 ? <Badge tone="neutral" icon="✎" text={t(l, "disclosure.page.corrected", { count: d.current_version - 1 })} /> : t(l, "disclosure.d.original")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function OrganizationPublicPage(props: { c: Context<AppEnv>; d: OrgData; areas: AreaMap }) {
  const page = pageInfo(props.c);
  const l = page.locale;
  const { org } = props.d;
  const settings = props.c.var.district.settings;
  const day = today();
  const user = props.c.var.user;
  const isMember = !!user?.grants.some((g) => g.role === "org_member" && g.organizationId === org.id);
  const description = t(l, "disclosure.page.description", { name: org.name, uscc: org.uscc ?? "–", type: orgTypeLabel(l, org.org_type), grade: gradeText(l, org) });
  const byKind = (kind: string) => props.d.disclosures.filter((x) => x.kind === kind);
  return (
    <Layout page={page} title={org.name} description={description} meta={{ canonical: `${page.base}/organizations/${org.id}`, ogType: "profile" }}>
      <p class="crumbs">
        <a href={`${page.base}/organizations`}>{t(l, "disclosure.directory.title")}</a>
      </p>
      <h1>{org.name}</h1>
      <div class="badges" aria-label={t(l, "disclosure.page.basic")}>
        <GradeBadge l={l} org={org} /> <ListBadge l={l} status={org.list_status} /> <FilingBadge l={l} org={org} today={day} due={settings.annualReportDue} />
      </div>
      <section aria-labelledby="basic">
        <h2 id="basic">{t(l, "disclosure.page.basic")}</h2>
        <dl class="facts">
          <dt>{t(l, "disclosure.org.uscc")}</dt>
          <dd>{org.uscc ?? "–"}</dd>
          <dt>{t(l, "disclosure.org.kind")}</dt>
          <dd>{t(l, `disclosure.org.kind.${org.kind}`)}</dd>
          <dt>{t(l, "disclosure.org.type")}</dt>
          <dd>{orgTypeLabel(l, org.org_type)}</dd>
          <dt>{t(l, "disclosure.org.authority")}</dt>
          <dd>{org.registration_authority || t(l, "disclosure.org.notFilled")}</dd>
          <dt>{t(l, "disclosure.org.registeredOn")}</dt>
          <dd>{org.registered_on ? <DateText iso={org.registered_on} /> : t(l, "disclosure.org.notFilled")}</dd>
          <dt>{t(l, "disclosure.org.domicile")}</dt>
          <dd>{org.domicile || t(l, "disclosure.org.notFilled")}</dd>
          <dt>{t(l, "disclosure.org.legalRep")}</dt>
          <dd>{org.legal_rep_name || t(l, "disclosure.org.notFilled")}</dd>
          <dt>{t(l, "disclosure.org.scope")}</dt>
          <dd class="prose">{org.business_scope || t(l, "disclosure.org.notFilled")}</dd>
          <dt>{t(l, "disclosure.org.serviceFields")}</dt>
          <dd>{props.d.fields.length ? props.d.fields.map((f) => t(l, `disclosure.field.${f}` as MessageKey)).join(l === "en" ? ", " : "、") : t(l, "disclosure.org.notFilled")}</dd>
          <dt>{t(l, "disclosure.org.area")}</dt>
          <dd>{areaLabel(props.areas, org.area_code, l)}</dd>
          <dt>{t(l, "disclosure.org.filing")}</dt>
          <dd>
            <FilingBadge l={l} org={org} today={day} due={settings.annualReportDue} /> <span class="hint">{t(l, "disclosure.filing.due", { date: settings.annualReportDue })}</span>
          </dd>
        </dl>
      </section>

      <section aria-labelledby="grade">
        <h2 id="grade">{t(l, "disclosure.org.grade")}</h2>
        <p>
          <GradeBadge l={l} org={org} />
        </p>
        {props.d.grades.length ? (
          <div class="table-wrap">
            <table>
              <caption class="visually-hidden">{t(l, "disclosure.grade.history")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t(l, "disclosure.org.grade")}</th>
                  <th scope="col">{t(l, "disclosure.grade.awardedOn")}</th>
                  <th scope="col">{t(l, "disclosure.grade.validUntil")}</th>
                  <th scope="col">{t(l, "disclosure.grade.status")}</th>
                </tr>
              </thead>
              <tbody>
                {props.d.grades.map((g) => (
                  <tr>
                    <td>{g.grade}</td>
                    <td>
                      <DateText iso={g.awarded_on} />
                    </td>
                    <td>
                      <DateText iso={g.valid_until} />
                    </td>
                    <td>{t(l, `disclosure.grade.status.${g.status}` as MessageKey)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        {props.d.evaluations.length ? (
          <>
            <h3>{t(l, "disclosure.page.evaluations")}</h3>
            <ul>
              {props.d.evaluations.map((e) => (
                <li>
                  {e.title} · {t(l, `disclosure.eval.status.${e.status}` as MessageKey)} · {e.status === "final" ? e.final_grade ?? t(l, "disclosure.grade.noGrade") : e.proposed_grade ?? t(l, "disclosure.grade.noGrade")}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      <section aria-labelledby="lists">
        <h2 id="lists">{t(l, "disclosure.list.history")}</h2>
        <EntryHistory l={l} entries={props.d.entries} events={props.d.events} />
      </section>

      <section aria-labelledby="disclosures">
        <h2 id="disclosures">{t(l, "disclosure.page.disclosures")}</h2>
        <h3>{t(l, "disclosure.page.annualReports")}</h3>
        <DisclosureTable l={l} base={page.base} rows={byKind("annual_report")} caption={t(l, "disclosure.page.annualReports")} />
        <h3>{t(l, "disclosure.page.projects")}</h3>
        <DisclosureTable l={l} base={page.base} rows={byKind("project")} caption={t(l, "disclosure.page.projects")} />
        <h3>{t(l, "disclosure.page.changes")}</h3>
        <DisclosureTable l={l} base={page.base} rows={byKind("major_change")} caption={t(l, "disclosure.page.changes")} />
      </section>

      <section aria-labelledby="incubation">
        <h2 id="incubation">{t(l, "disclosure.page.incubation")}</h2>
        {props.d.incubations.length === 0 ? (
          <p>{t(l, "disclosure.page.noIncubation")}</p>
        ) : (
          <ul>
            {props.d.incubations.map((i) => (
              <li>
                {i.park_name} · <DateText iso={i.started_on} /> – <DateText iso={i.ended_on ?? i.planned_end_on} />
              </li>
            ))}
          </ul>
        )}
      </section>
      {isMember ? null : (
        <p>
          <a href={`${page.base}/organizations/${org.id}/claim`}>{t(l, "disclosure.page.claim")}</a>
        </p>
      )}
    </Layout>
  );
}

// ---------------------------------------------------------------- disclosure page

export function DisclosureContent(props: { l: Locale; kind: string; content: string }) {
  const { l } = props;
  const money = (fen: number | null) => (fen === null ? "–" : formatYuan(fen, l));
  if (props.kind === "annual_report") {
    const c = JSON.parse(props.content) as AnnualReportContent;
    const income = c.income.donations + c.income.grants + c.income.services + c.income.dues + c.income.other;
    const expenses = c.expenses.programs + c.expenses.admin + c.expenses.fundraising + c.expenses.other;
    const sources = (
      [
        ["disclosure.d.incomeDonations", c.income.donations],
        ["disclosure.d.incomeGrants", c.income.grants],
        ["disclosure.d.incomeServices", c.income.services],
        ["disclosure.d.incomeDues", c.income.dues],
        ["disclosure.d.incomeOther", c.income.other],
      ] as [MessageKey, number][]
    ).sort((a, b) => b[1] - a[1]);
    return (
      <div class="table-wrap">
        <table class="figures">
          <tbody>
            <tr>
              <th scope="row">{t(l, "disclosure.d.assets")}</th>
              <td>{money(c.assets)}</td>
            </tr>
            <tr>
              <th scope="row">{t(l, "disclosure.d.liabilities")}</th>
              <td>{money(c.liabilities)}</td>
            </tr>
            <tr>
              <th scope="row">{t(l, "disclosure.d.netAssets")}</th>
              <td>{money(c.assets - c.liabilities)}</td>
            </tr>
            <tr>
              <th scope="row">{t(l, "disclosure.d.incomeTotal")}</th>
              <td>{money(income)}</td>
            </tr>
            {sources.map(([key, value]) => (
              <tr>
                <th scope="row" class="sub">
                  {t(l, key)}
                </th>
                <td>
                  {money(value)} {income > 0 ? <small>({((value / income) * 100).toFixed(1)}%)</small> : null}
                </td>
              </tr>
            ))}
            <tr>
              <th scope="row">{t(l, "disclosure.d.expenseTotal")}</th>
              <td>{money(expenses)}</td>
            </tr>
            {(
              [
                ["disclosure.d.expensePrograms", c.expenses.programs],
                ["disclosure.d.expenseAdmin", c.expenses.admin],
                ["disclosure.d.expenseFundraising", c.expenses.fundraising],
                ["disclosure.d.expenseOther", c.expenses.other],
              ] as [MessageKey, number][]
            ).map(([key, value]) => (
              <tr>
                <th scope="row" class="sub">
                  {t(l, key)}
                </th>
                <td>{money(value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h3>{t(l, "disclosure.d.activities")}</h3>
        <p class="prose">{c.activities}</p>
      </div>
    );
  }
  if (props.kind === "project") {
    const c = JSON.parse(props.content) as ProjectContent;
    return (
      <dl class="facts">
        <dt>{t(l, "disclosure.d.projectKind")}</dt>
        <dd>{t(l, `disclosure.d.projectKind.${c.projectKind}` as MessageKey)}</dd>
        <dt>{t(l, "disclosure.d.funder")}</dt>
        <dd>{c.funder || "–"}</dd>
        <dt>{t(l, "disclosure.d.amount")}</dt>
        <dd>{money(c.amount)}</dd>
        <dt>{t(l, "disclosure.d.startOn")}</dt>
        <dd>
          <DateText iso={c.startOn} /> – <DateText iso={c.endOn} />
        </dd>
        <dt>{t(l, "disclosure.d.beneficiaries")}</dt>
        <dd>{c.beneficiaries || "–"}</dd>
        <dt>{t(l, "disclosure.d.description")}</dt>
        <dd class="prose">{c.description}</dd>
      </dl>
    );
  }
  const c = JSON.parse(props.content) as MajorChangeContent;
  return (
    <dl class="facts">
      <dt>{t(l, "disclosure.d.changeType")}</dt>
      <dd>{t(l, `disclosure.d.changeType.${c.changeType}` as MessageKey)}</dd>
      <dt>{t(l, "disclosure.d.effectiveOn")}</dt>
      <dd>
        <DateText iso={c.effectiveOn} />
      </dd>
      <dt>{t(l, "disclosure.d.before")}</dt>
      <dd>{c.before || "–"}</dd>
      <dt>{t(l, "disclosure.d.after")}</dt>
      <dd>{c.after || "–"}</dd>
      <dt>{t(l, "disclosure.d.description")}</dt>
      <dd class="prose">{c.description || "–"}</dd>
    </dl>
  );
}

function DisclosurePublicPage(props: { c: Context<AppEnv>; d: Awaited<ReturnType<typeof disclosurePage>> }) {
  const page = pageInfo(props.c);
  const l = page.locale;
  const { disclosure, versions, attachments } = props.d;
  const current = versions[0]!;
  const title = `${disclosure.organization_name} · ${current.title}`;
  return (
    <Layout page={page} title={title} description={`${t(l, `disclosure.kind.${disclosure.kind}` as MessageKey)} · ${disclosure.organization_name}`} meta={{ canonical: `${page.base}/disclosures/${disclosure.id}`, ogType: "article" }}>
      <p class="crumbs">
        <a href={`${page.base}/organizations/${disclosure.organization_id}`}>{disclosure.organization_name}</a>
      </p>
      <h1>{current.title}</h1>
      <p>
        <Badge tone="neutral" icon="🗎" text={t(l, `disclosure.kind.${disclosure.kind}` as MessageKey)} /> {t(l, "disclosure.page.publishedOn", { date: beijingDate(disclosure.first_published_at) })}
        {disclosure.current_version > 1 ? (
          <>
            {" "}
            · <Badge tone="warn" icon="✎" text={t(l, "disclosure.page.corrected", { count: disclosure.current_version - 1 })} />
          </>
        ) : null}
      </p>
      <section aria-labelledby="current">
        <h2 id="current">
          {t(l, "disclosure.d.current")} · {t(l, "disclosure.d.version", { version: current.version })}
        </h2>
        {current.correction_note ? <p class="notice">{t(l, "disclosure.d.correctionOf", { note: current.correction_note })}</p> : null}
        <DisclosureContent l={l} kind={disclosure.kind} content={current.content_json} />
      </section>
      <section aria-labelledby="attachments">
        <h2 id="attachments">{t(l, "disclosure.d.attachments")}</h2>
        {attachments.length === 0 ? (
          <p>{t(l, "disclosure.page.noDisclosures")}</p>
        ) : (
          <ul>
            {attachments.map((a) => (
              <li>
                <a href={`${page.base}/disclosures/${disclosure.id}/attachments/${a.id}`}>{a.filename}</a> ({Math.ceil(a.size / 1024)} KB, {t(l, "disclosure.d.attachmentVersion", { version: a.version })})
              </li>
            ))}
          </ul>
        )}
      </section>
      {versions.length > 1 ? (
        <section aria-labelledby="versions">
          <h2 id="versions">{t(l, "disclosure.d.versions")}</h2>
          {versions.slice(1).map((v) => (
            <details class="version">
              <summary>
                {t(l, "disclosure.d.version", { version: v.version })} · <DateText iso={v.published_at} /> {v.version === 1 ? `· ${t(l, "disclosure.d.original")}` : ""}
              </summary>
              {v.correction_note ? <p>{t(l, "disclosure.d.correctionOf", { note: v.correction_note })}</p> : null}
              <h3>{v.title}</h3>
              <DisclosureContent l={l} kind={disclosure.kind} content={v.content_json} />
            </details>
          ))}
          <ol class="timeline">
            {[...versions].reverse().map((v) => (
              <li>
                <DateText iso={v.published_at} /> {t(l, "disclosure.d.version", { version: v.version })}
                {v.correction_note ? `：${v.correction_note}` : ` · ${t(l, "disclosure.d.original")}`}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </Layout>
  );
}

// ---------------------------------------------------------------- credit lists

function CreditListsPage(props: { c: Context<AppEnv>; list: "abnormal" | "serious"; d: Awaited<ReturnType<typeof creditList>> }) {
  const page = pageInfo(props.c);
  const l = page.locale;
  const title = t(l, `disclosure.list.${props.list}`);
  const other = props.list === "abnormal" ? "serious" : "abnormal";
  const Table = (p: { rows: typeof props.d.active; left?: boolean; caption: string }) => (
    <div class="table-wrap">
      <table>
        <caption class="visually-hidden">{p.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t(l, "disclosure.org.name")}</th>
            <th scope="col">{t(l, "disclosure.list.reason")}</th>
            <th scope="col">{t(l, "disclosure.list.legalBasis")}</th>
            <th scope="col">{t(l, "disclosure.list.decidingBody")}</th>
            <th scope="col">{t(l, "disclosure.list.decidedOn")}</th>
            {p.left ? <th scope="col">{t(l, "disclosure.list.exitedOn")}</th> : null}
          </tr>
        </thead>
        <tbody>
          {p.rows.map((r) => (
            <tr>
              <td>
                <a href={`${page.base}/organizations/${r.organization_id}`}>{r.name}</a>
                <br />
                <small>{r.uscc ?? ""}</small>
              </td>
              <td>
                {t(l, `disclosure.reason.${r.reason_code}` as MessageKey)}
                <br />
                <small>{r.reason}</small>
              </td>
              <td>{r.legal_basis}</td>
              <td>{r.deciding_body}</td>
              <td>
                <DateText iso={r.decided_on} />
              </td>
              {p.left ? (
                <td>
                  <DateText iso={r.exited_on} /> <small>{r.exit_reason ? t(l, `disclosure.list.exit.${r.exit_reason}` as MessageKey) : ""}</small>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
  return (
    <Layout page={page} title={title} description={t(l, "disclosure.list.intro")} meta={{ canonical: `${page.base}/credit-lists/${props.list}${queryString({ page: props.d.page })}` }}>
      <p class="crumbs">
        <a href={`${page.base}/credit-lists`}>{t(l, "disclosure.list.title")}</a> · <a href={`${page.base}/credit-lists/${other}`}>{t(l, `disclosure.list.${other}`)}</a>
      </p>
      <h1>{title}</h1>
      <p class="lead">{t(l, "disclosure.list.intro")}</p>
      <h2>
        {t(l, "disclosure.list.active")} · {t(l, "disclosure.list.count", { count: props.d.activeTotal })}
      </h2>
      {props.d.active.length === 0 ? <p>{t(l, "disclosure.list.empty")}</p> : <Table rows={props.d.active} caption={title} />}
      {props.d.pages > 1 ? (
        <nav class="pager" aria-label={t(l, "disclosure.directory.page", { page: props.d.page, pages: props.d.pages })}>
          {props.d.page > 1 ? <a href={`${page.base}/credit-lists/${props.list}${queryString({ page: props.d.page - 1 })}`} rel="prev">{t(l, "disclosure.directory.prev")}</a> : null}
          <span>{t(l, "disclosure.directory.page", { page: props.d.page, pages: props.d.pages })}</span>
          {props.d.page < props.d.pages ? <a href={`${page.base}/credit-lists/${props.list}${queryString({ page: props.d.page + 1 })}`} rel="next">{t(l, "disclosure.directory.next")}</a> : null}
        </nav>
      ) : null}
      {props.d.left.length ? (
        <>
          <h2>{t(l, "disclosure.list.recentExits")}</h2>
          <Table rows={props.d.left} left caption={t(l, "disclosure.list.recentExits")} />
        </>
      ) : null}
    </Layout>
  );
}

function CreditListsIndex(props: { c: Context<AppEnv>; counts: { abnormal: number; serious: number } }) {
  const page = pageInfo(props.c);
  const l = page.locale;
  return (
    <Layout page={page} title={t(l, "disclosure.list.title")} description={t(l, "disclosure.list.intro")} meta={{ canonical: `${page.base}/credit-lists` }}>
      <h1>{t(l, "disclosure.list.title")}</h1>
      <p class="lead">{t(l, "disclosure.list.intro")}</p>
      <ul class="cards">
        {(["abnormal", "serious"] as const).map((list) => (
          <li class="card">
            <span class="figure">{props.counts[list]}</span>
            <a href={`${page.base}/credit-lists/${list}`}>{t(l, `disclosure.list.${list}`)}</a>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

// ---------------------------------------------------------------- notices

function noticeKindKey(kind: string): MessageKey {
  return kind === "evaluation" || kind === "incubation_application" ? (`disclosure.notice.kind.${kind}` as MessageKey) : "disclosure.notice.kind.other";
}

function PhaseBadge(props: { l: Locale; notice: NoticeRow; now: string }) {
  const phase = noticePhase(props.notice, props.now);
  if (phase === "open") return <Badge tone="ok" icon="●" text={t(props.l, "disclosure.notice.phase.open")} />;
  if (phase === "upcoming") return <Badge tone="neutral" icon="○" text={t(props.l, "disclosure.notice.phase.upcoming")} />;
  return <Badge tone="neutral" icon="■" text={t(props.l, "disclosure.notice.phase.closed")} />;
}

function period(notice: NoticeRow): { start: string; end: string } {
  return { start: beijingDate(notice.starts_at), end: beijingDate(notice.ends_at) };
}

function NoticesPage(props: { c: Context<AppEnv>; notices: NoticeRow[] }) {
  const page = pageInfo(props.c);
  const l = page.locale;
  const now = nowIso();
  const title = t(l, "disclosure.notice.title");
  return (
    <Layout page={page} title={title} description={t(l, "disclosure.notice.description", { district: districtName(page) })} meta={{ canonical: `${page.base}/notices`, feeds: [{ title: t(l, "disclosure.notice.feed"), href: `${page.base}/notices.atom` }] }}>
      <h1>{title}</h1>
      <p class="lead">{t(l, "disclosure.notice.description", { district: districtName(page) })}</p>
      <p>
        <a href={`${page.base}/notices.atom`}>{t(l, "disclosure.notice.feed")}</a>
      </p>
      {props.notices.length === 0 ? <p>{t(l, "disclosure.notice.none")}</p> : null}
      <ul class="results">
        {props.notices.map((n) => (
          <li class="result">
            <h2 class="h3">
              <a href={`${page.base}/notices/${n.id}`}>{n.title}</a>
            </h2>
            <div class="meta">
              <PhaseBadge l={l} notice={n} now={now} /> {t(l, noticeKindKey(n.subject_kind))} · {t(l, "disclosure.notice.period", period(n))}
            </div>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

function NoticePage(props: { c: Context<AppEnv>; d: Awaited<ReturnType<typeof noticePage>>; values?: Record<string, string>; errors?: FieldError[]; message?: string; status?: string }) {
  const page = pageInfo(props.c);
  const l = page.locale;
  const { notice, items } = props.d;
  const now = nowIso();
  const open = noticePhase(notice, now) === "open";
  const v = props.values ?? {};
  return (
    <Layout page={page} title={notice.title} description={`${t(l, noticeKindKey(notice.subject_kind))} · ${t(l, "disclosure.notice.period", period(notice))}`} meta={{ canonical: `${page.base}/notices/${notice.id}`, ogType: "article" }}>
      <p class="crumbs">
        <a href={`${page.base}/notices`}>{t(l, "disclosure.notice.title")}</a>
      </p>
      <h1>{notice.title}</h1>
      {props.status ? (
        <p class="notice ok" role="status">
          {props.status}
        </p>
      ) : null}
      <p>
        <PhaseBadge l={l} notice={notice} now={now} /> {t(l, "disclosure.notice.period", period(notice))}
      </p>
      {notice.body ? <p class="prose">{notice.body}</p> : null}
      <h2>{t(l, "disclosure.notice.items")}</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t(l, "disclosure.notice.label")}</th>
              <th scope="col">{t(l, "disclosure.notice.proposed")}</th>
              <th scope="col">{t(l, "disclosure.notice.score")}</th>
              <th scope="col">{t(l, "disclosure.eval.status")}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr>
                <td>{i.label}</td>
                <td>{i.proposed_outcome}</td>
                <td>{i.score ?? "–"}</td>
                <td>{t(l, `disclosure.notice.outcome.${i.outcome}` as MessageKey)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {notice.reviewers_text ? (
        <p>
          {t(l, "disclosure.notice.reviewers")}：{notice.reviewers_text}
        </p>
      ) : null}
      <p>{t(l, "disclosure.notice.objections", { count: props.d.objections })}</p>
      <h2 id="object">{t(l, "disclosure.notice.object")}</h2>
      {open ? (
        <>
          <p>{t(l, "disclosure.notice.objectIntro")}</p>
          <ErrorSummary locale={l} errors={props.errors ?? []} message={props.message} />
          <form class="stack" method="post" action={`${page.base}/notices/${notice.id}/objections`} novalidate>
            <CsrfField token={page.csrfToken} />
            <SelectField
              name="subjectId"
              label={t(l, "disclosure.notice.objectSubject")}
              value={v.subjectId}
              errors={props.errors}
              options={[{ value: "", label: t(l, "disclosure.notice.objectWhole") }, ...items.map((i) => ({ value: i.subject_id, label: i.label }))]}
            />
            <TextField name="name" label={t(l, "disclosure.notice.objectName")} value={v.name} errors={props.errors} required maxLength={40} autocomplete="name" />
            <TextField name="contact" label={t(l, "disclosure.notice.objectContact")} value={v.contact} errors={props.errors} required maxLength={60} />
            <TextArea name="content" label={t(l, "disclosure.notice.objectContent")} value={v.content} errors={props.errors} required maxLength={2000} />
            <button type="submit">{t(l, "disclosure.notice.objectSubmit")}</button>
          </form>
        </>
      ) : (
        <p>{t(l, "disclosure.notice.objectClosed")}</p>
      )}
    </Layout>
  );
}

// ---------------------------------------------------------------- home section

export async function HomeSection(props: { c: Context<AppEnv> }) {
  const c = props.c;
  const page = pageInfo(c);
  const l = page.locale;
  const [figures, notices, parks] = await Promise.all([homeFigures(c.var.data), latestNotices(c.var.data, 5), homeParks(c.var.data)]);
  const now = nowIso();
  return (
    <>
      <section aria-labelledby="disclosure-home">
        <h2 id="disclosure-home">{t(l, "disclosure.home.title")}</h2>
        <form class="search inline" method="get" action={`${page.base}/organizations`} role="search">
          <TextField name="q" type="search" label={t(l, "disclosure.home.search")} hint={t(l, "disclosure.directory.qHint")} maxLength={50} />
          <button type="submit">{t(l, "disclosure.directory.search")}</button>
        </form>
        <ul class="cards">
          <li class="card">
            <span class="figure">{figures.organizations}</span>
            <a href={`${page.base}/organizations`}>{t(l, "disclosure.home.organizations")}</a>
          </li>
          <li class="card">
            <span class="figure">{figures.graded}</span>
            <a href={`${page.base}/organizations?grade=3A`}>{t(l, "disclosure.home.graded")}</a>
          </li>
          <li class="card">
            <span class="figure">{figures.abnormal}</span>
            <a href={`${page.base}/credit-lists/abnormal`}>{t(l, "disclosure.home.abnormal")}</a>
          </li>
          <li class="card">
            <span class="figure">{figures.serious}</span>
            <a href={`${page.base}/credit-lists/serious`}>{t(l, "disclosure.home.serious")}</a>
          </li>
        </ul>
      </section>
      <section aria-labelledby="home-notices">
        <h2 id="home-notices">{t(l, "disclosure.home.latestNotices")}</h2>
        {notices.length === 0 ? <p>{t(l, "disclosure.home.noNotices")}</p> : null}
        <ul>
          {notices.map((n) => (
            <li>
              <a href={`${page.base}/notices/${n.id}`}>{n.title}</a> <PhaseBadge l={l} notice={n} now={now} /> <small>{t(l, "disclosure.notice.period", period(n))}</small>
            </li>
          ))}
        </ul>
        <p>
          <a href={`${page.base}/notices`}>{t(l, "disclosure.home.allNotices")}</a> · <a href={`${page.base}/open-data`}>{t(l, "disclosure.nav.openData")}</a>
        </p>
      </section>
      {/* Parks: the incubation module's table, read here so the home page shows them; its own park pages may take this over. */}
      <section aria-labelledby="home-parks">
        <h2 id="home-parks">{t(l, "disclosure.home.parks")}</h2>
        {parks.length === 0 ? <p>{t(l, "disclosure.home.noParks")}</p> : null}
        <ul>
          {parks.map((p) => (
            <li>
              {p.name} <small>· {p.operator_name} · {p.address}</small>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

// ---------------------------------------------------------------- routes

export function registerPublicRoutes(app: Hono<AppEnv>): void {
  const r = routes(app, "district");

  r.get("/organizations", "public", async (c) => {
    const q = readQuery(c, directoryQuerySchema);
    const found = await directoryPage(c.var.data, q);
    return cachedHtml(c, <DirectoryPage c={c} q={q} found={found} areas={found.areas} />);
  });

  r.get("/organizations/:orgId", "public", async (c) => {
    const d = await organizationPage(c.var.data, c.req.param("orgId") ?? "");
    return cachedHtml(c, <OrganizationPublicPage c={c} d={d} areas={d.areas} />);
  });

  r.get("/disclosures/:disclosureId", "public", async (c) => {
    const d = await disclosurePage(c.var.data, c.req.param("disclosureId") ?? "");
    if (d.disclosure.verification !== "verified") throw notFound();
    return cachedHtml(c, <DisclosurePublicPage c={c} d={d} />);
  });

  r.get("/disclosures/:disclosureId/attachments/:attachmentId", "public", async (c) => {
    const data = c.var.data;
    const row = await data
      .selectFrom("disclosure_attachments")
      .innerJoin("disclosures", (j) => j.onRef("disclosures.district_id", "=", "disclosure_attachments.district_id").onRef("disclosures.id", "=", "disclosure_attachments.disclosure_id"))
      .innerJoin("organizations", (j) => j.onRef("organizations.district_id", "=", "disclosures.district_id").onRef("organizations.id", "=", "disclosures.organization_id"))
      .select(["disclosure_attachments.r2_key", "disclosure_attachments.filename", "disclosure_attachments.content_type", "organizations.verification"])
      .where("disclosure_attachments.id", "=", c.req.param("attachmentId") ?? "")
      .where("disclosure_attachments.disclosure_id", "=", c.req.param("disclosureId") ?? "")
      .executeTakeFirst();
    if (!row || row.verification !== "verified") throw notFound();
    const object = await c.env.FILES.get(row.r2_key);
    if (!object) throw notFound();
    // Served as a download with its sniffed type; never rendered in our origin's context.
    return new Response(object.body, {
      headers: {
        "content-type": row.content_type,
        "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(row.filename)}`,
        "x-content-type-options": "nosniff",
        "cache-control": "public, max-age=3600",
        etag: object.httpEtag,
      },
    });
  });

  r.get("/credit-lists", "public", async (c) => {
    const f = await homeFigures(c.var.data);
    return cachedHtml(c, <CreditListsIndex c={c} counts={f} />);
  });

  r.get("/credit-lists/:list", "public", async (c) => {
    const list = c.req.param("list");
    if (list !== "abnormal" && list !== "serious") throw notFound();
    const { page } = readQuery(c, listPageQuerySchema);
    const d = await creditList(c.var.data, list, addDays(today(), -365), page);
    return cachedHtml(c, <CreditListsPage c={c} list={list} d={d} />);
  });

  r.get("/notices", "public", async (c) => cachedHtml(c, <NoticesPage c={c} notices={await latestNotices(c.var.data, 100)} />));

  r.get("/notices/:noticeId", "public", async (c) => {
    const d = await noticePage(c.var.data, c.req.param("noticeId") ?? "");
    // The page holds a form with this visitor's token: it is theirs alone.
    return cachedHtml(c, <NoticePage c={c} d={d} status={c.req.query("filed") ? t(c.var.locale, "disclosure.notice.objectFiled") : undefined} />, { personal: true });
  });

  r.post("/notices/:noticeId/objections", "public", async (c) => {
    const d = await noticePage(c.var.data, c.req.param("noticeId") ?? "");
    const form = await readForm(c, noticeObjectionSchema);
    if (!form.ok) return c.html(<NoticePage c={c} d={d} values={form.values} errors={form.errors} />, 422);
    const subjectId = form.data.subjectId || null;
    if (subjectId && !d.items.some((i) => i.subject_id === subjectId)) {
      return c.html(<NoticePage c={c} d={d} values={form.values} errors={[{ field: "subjectId", code: "invalid_choice", message: t(c.var.locale, "field.invalid_choice") }]} />, 422);
    }
    const data = c.var.data;
    const objection = await fileObjection(data, { noticeId: d.notice.id, subjectId, name: form.data.name, contact: form.data.contact, content: form.data.content, now: nowIso(), personalDataKey: c.env.PERSONAL_DATA_KEY });
    const filed = await data.writeIfCurrent(objection.statements, { action: "notice.objection_filed", targetType: "public_notice", targetId: d.notice.id, after: { objection: objection.id, subject: subjectId } });
    if (!filed) return c.html(<NoticePage c={c} d={d} values={form.values} message={t(c.var.locale, "disclosure.notice.objectClosed")} />, 409);
    return c.redirect(`${c.var.base}/notices/${d.notice.id}?filed=1`, 303);
  });
}

