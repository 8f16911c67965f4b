import type { Context } from "hono";
import { Table } from "../../ui/table";
import type { AppEnv } from "../../env";
import { groundLabel } from "./credit-ground-label";
import { t, type Locale, type MessageKey } from "../../i18n/messages";
import { beijingDate } from "../../lib/beijing-time";
import { Layout, pageInfo } from "../../ui/layout";
import type { organizationPage, AreaMap, EntryRow, EventRow } from "./queries";
import { areaLabel, Badge, DateText, FilingBadge, GradeBadge, gradeText, ListBadge, orgTypeLabel } from "./views";
import { today } from "./public";
import { hasCertificate, reportDueFor } from "./rules";
import { AdjustmentHistory } from "./grade-adjustment-pages";
import { registrationLabel } from "./registration";
import type { FundedProject } from "../projects";

// An organization's public page: basic information, grades, credit-list history and
// disclosures.

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
            {t(l, `disclosure.list.${e.list}`)} ·{" "}
            {e.exited_on ? <Badge tone="neutral" icon="↩" text={t(l, "disclosure.list.left")} /> : <Badge tone={e.list === "serious" ? "bad" : "warn"} icon={e.list === "serious" ? "⛔" : "⚠"} text={t(l, "disclosure.list.active")} />}
          </h3>
          <dl class="facts">
            <dt>{t(l, "disclosure.list.reason")}</dt>
            <dd>
              {groundLabel(l, e.list, e.reason_code)}：{e.reason}
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
    <Table caption={props.caption} head={[t(l, "disclosure.d.title"), t(l, "disclosure.page.published"), t(l, "disclosure.d.versions")]}>
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
    </Table>
  );
}

/** The newest funded projects shown on an organization's page; the rest are one link away. */
export const ORG_PAGE_PROJECTS = 10;

/** `projects`: its newest funded projects and how many it has in all, when the district runs the projects module. */
export function OrganizationPublicPage(props: { c: Context<AppEnv>; d: OrgData; areas: AreaMap; projects?: [FundedProject[], number] | null }) {
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
      <div class="badges" role="group" aria-label={t(l, "disclosure.page.basic")}>
        <GradeBadge l={l} org={org} /> <ListBadge l={l} status={org.list_status} /> <FilingBadge l={l} org={org} today={day} due={settings} />
      </div>
      <section aria-labelledby="basic">
        <h2 id="basic">{t(l, "disclosure.page.basic")}</h2>
        <dl class="facts">
          <dt>{t(l, "disclosure.org.uscc")}</dt>
          <dd>{org.uscc ?? "–"}</dd>
          <dt>{t(l, "disclosure.org.kind")}</dt>
          <dd>{t(l, `disclosure.org.kind.${org.kind}`)}</dd>
          <dt>{t(l, "disclosure.org.type")}</dt>
          <dd>
            {orgTypeLabel(l, org.org_type)}
            {org.org_type === "社会团体" && org.association_subtype !== "other" ? ` · ${t(l, `disclosure.subtype.${org.association_subtype as "other"}`)}` : ""}
          </dd>
          <dt>{t(l, "disclosure.org.authority")}</dt>
          <dd>{org.registration_authority || t(l, "disclosure.org.notFilled")}</dd>
          <dt>{t(l, "disclosure.org.scope.legend")}</dt>
          <dd>{t(l, `disclosure.org.scope.${org.registration_scope}`)}</dd>
          <dt>{t(l, "disclosure.registration.status")}</dt>
          <dd>
            {registrationLabel(l, props.d.registration.registration_status)}
            {props.d.registration.registration_status_on ? (
              <>
                {" · "}
                <DateText iso={props.d.registration.registration_status_on} />
              </>
            ) : null}
          </dd>
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
            <FilingBadge l={l} org={org} today={day} due={settings} /> <span class="hint">{t(l, "disclosure.filing.due", { date: reportDueFor(org.org_type, settings) })}</span>
          </dd>
        </dl>
      </section>

      <section aria-labelledby="grade">
        <h2 id="grade">{t(l, "disclosure.org.grade")}</h2>
        <p>
          <GradeBadge l={l} org={org} />
        </p>
        {props.d.grades.length ? (
          <Table caption={t(l, "disclosure.grade.history")} head={[t(l, "disclosure.org.grade"), t(l, "disclosure.grade.awardedOn"), t(l, "disclosure.grade.term"), t(l, "disclosure.grade.status")]}>
            {props.d.grades.map((g) => (
              <tr>
                <td>{g.grade}</td>
                <td>{g.announcement_id ? <a href={`${page.base}/evaluation-announcements/${g.announcement_id}`}>{g.awarded_on}</a> : <DateText iso={g.awarded_on} />}</td>
                <td>
                  <DateText iso={g.valid_from ?? g.awarded_on} /> – <DateText iso={g.valid_until} />
                </td>
                <td>
                  {t(l, `disclosure.grade.status.${g.status}` as MessageKey)}
                  {hasCertificate(g) ? (
                    <>
                      {" "}
                      · <a href={`${page.base}/organizations/${org.id}/grades/${g.id}/certificate`}>{t(l, "disclosure.certificate.link")}</a>
                    </>
                  ) : null}
                </td>
              </tr>
            ))}
          </Table>
        ) : null}
        {props.d.adjustments.length ? (
          <>
            <h3>{t(l, "disclosure.adjust.history")}</h3>
            <AdjustmentHistory l={l} rows={props.d.adjustments} />
          </>
        ) : null}
        {props.d.evaluations.length ? (
          <>
            <h3>{t(l, "disclosure.page.evaluations")}</h3>
            <ul>
              {props.d.evaluations.map((e) => (
                <li>
                  {e.title} · {t(l, `disclosure.eval.status.${e.status}` as MessageKey)} · {e.status === "final" ? (e.final_grade ?? t(l, "disclosure.grade.noGrade")) : (e.proposed_grade ?? t(l, "disclosure.grade.noGrade"))}
                  {e.simplified_onsite && e.total !== null ? ` · ${t(l, "disclosure.eval.simplifiedTotal", { total: e.total, max: e.max })}` : null}
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
      {props.projects ? (
        <section aria-labelledby="funded">
          <h2 id="funded">{t(l, "disclosure.page.funded")}</h2>
          {props.projects[1] === 0 ? (
            <p>{t(l, "disclosure.page.noFunded")}</p>
          ) : (
            <ul>
              {props.projects[0].map((p) => (
                <li>
                  <a href={`${page.base}/projects/funded/${p.id}`}>{p.title}</a> · {t(l, `projects.kind.${p.kind}`)} · {t(l, "projects.yuan", { n: p.amountYuan.toLocaleString(l === "en" ? "en-US" : "zh-CN") })} ·{" "}
                  <DateText iso={p.startsOn} /> – <DateText iso={p.endsOn} /> · {t(l, `projects.publicStatus.${p.status}`)}
                </li>
              ))}
            </ul>
          )}
          {props.projects[1] ? (
            <p>
              {t(l, "projects.public.count", { count: props.projects[1] })} · <a href={`${page.base}/projects?org=${encodeURIComponent(org.id)}`}>{t(l, "disclosure.page.allFunded")}</a>
            </p>
          ) : null}
        </section>
      ) : null}
      {isMember ? null : (
        <p>
          <a href={`${page.base}/organizations/${org.id}/claim`}>{t(l, "disclosure.page.claim")}</a>
        </p>
      )}
    </Layout>
  );
}
