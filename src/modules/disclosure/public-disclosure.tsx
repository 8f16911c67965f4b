import type { Context } from "hono";
import type { AppEnv } from "../../env";
import { t, type Locale, type MessageKey } from "../../i18n/messages";
import { beijingDate } from "../../lib/beijing-time";
import { Layout, pageInfo } from "../../ui/layout";
import { formatYuan } from "./schemas";
import type { disclosurePage } from "./queries";
import type { AnnualReportContent, MajorChangeContent, ProjectContent } from "./disclosures";
import { Badge, DateText } from "./views";

// A disclosure's public page: its structured content by kind, attachments and versions.

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

export function DisclosurePublicPage(props: { c: Context<AppEnv>; d: Awaited<ReturnType<typeof disclosurePage>> }) {
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
