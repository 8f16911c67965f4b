import type { Hono } from "hono";
import type { AppEnv } from "../../env";
import { cachedHtml } from "../../http/cache";
import type { FieldError } from "../../http/errors";
import { routes } from "../../http/routes";
import { t, type Locale, type MessageKey } from "../../i18n/messages";
import { beijingDate } from "../../lib/beijing-time";
import { nowIso } from "../../lib/time";
import { ErrorSummary, TextField } from "../../ui/form";
import { CsrfField, Layout, pageInfo, type PageInfo } from "../../ui/layout";
import { announcementWithResults, gradeCertificate, type roundAnnouncements, type unannounced } from "./evaluation-announcements";
import { DateText } from "./views";

// The results announcement (评估结果公告): the administrators' form on the round page,
// the public announcement, and the printable certificate of a 3A-and-above grade.

type Unannounced = Awaited<ReturnType<typeof unannounced>>;
type Announcements = Awaited<ReturnType<typeof roundAnnouncements>>;

/** The round page's part: settled results waiting for their announcement, and the announcements made. */
export function AnnounceSection(props: { page: PageInfo; roundId: string; roundTitle: string; pending: Unannounced; announcements: Announcements; values?: Record<string, string>; errors?: FieldError[] }) {
  const { page } = props;
  const l = page.locale;
  const v = props.values ?? { title: t("zh-CN", "disclosure.announce.defaultTitle", { round: props.roundTitle }), announcedOn: beijingDate(nowIso()) };
  return (
    <section aria-labelledby="announce">
      <h2 id="announce">{t(l, "disclosure.announce.title")}</h2>
      <p class="hint">{t(l, "disclosure.announce.hint")}</p>
      {props.announcements.length ? (
        <ul>
          {props.announcements.map((a) => (
            <li>
              <a href={`${page.base}/evaluation-announcements/${a.id}`}>{a.title}</a> · <DateText iso={a.announced_on} />
            </li>
          ))}
        </ul>
      ) : null}
      {props.pending.length === 0 ? (
        <p>{t(l, "disclosure.announce.nothing")}</p>
      ) : (
        <form class="stack" method="post" action={`${page.base}/manage/evaluations/${props.roundId}/announce`} novalidate>
          <CsrfField token={page.csrfToken} />
          <ul>
            {props.pending.map((r) => (
              <li>
                {r.organization_name}：{r.final_grade ?? t(l, "disclosure.grade.noGrade")}
              </li>
            ))}
          </ul>
          <ErrorSummary locale={l} errors={props.errors ?? []} />
          <TextField name="title" label={t(l, "disclosure.announce.name")} value={v.title} errors={props.errors} required maxLength={100} />
          <TextField name="documentNo" label={t(l, "disclosure.announce.documentNo")} value={v.documentNo} errors={props.errors} maxLength={60} />
          <TextField name="announcedOn" type="date" label={t(l, "disclosure.announce.date")} hint={t(l, "disclosure.announce.dateHint")} value={v.announcedOn} errors={props.errors} required />
          <button type="submit">{t(l, "disclosure.announce.submit")}</button>
        </form>
      )}
    </section>
  );
}

type AnnouncementData = Awaited<ReturnType<typeof announcementWithResults>>;

function AnnouncementPage(props: { page: PageInfo; d: AnnouncementData }) {
  const { page } = props;
  const l = page.locale;
  const a = props.d.announcement;
  return (
    <Layout page={page} title={a.title}>
      <h1>{a.title}</h1>
      <p>
        {a.document_no ? `${a.document_no} · ` : ""}
        {t(l, "disclosure.announce.date")} <DateText iso={a.announced_on} />
      </p>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t(l, "disclosure.org.name")}</th>
              <th scope="col">{t(l, "disclosure.org.uscc")}</th>
              <th scope="col">{t(l, "disclosure.org.grade")}</th>
              <th scope="col">{t(l, "disclosure.grade.term")}</th>
            </tr>
          </thead>
          <tbody>
            {props.d.results.map((r) => (
              <tr>
                <td>
                  <a href={`${page.base}/organizations/${r.organization_id}`}>{r.name}</a>
                </td>
                <td>{r.uscc ?? "–"}</td>
                <td>{r.final_grade ?? t(l, "disclosure.grade.noGrade")}</td>
                <td>
                  {r.valid_from ? (
                    <>
                      <DateText iso={r.valid_from} /> – <DateText iso={r.valid_until} />
                      {r.status && r.status !== "valid" ? ` (${t(l, `disclosure.grade.status.${r.status}` as MessageKey)})` : ""}
                    </>
                  ) : (
                    "–"
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}

type CertificateData = Awaited<ReturnType<typeof gradeCertificate>>;

function zhDate(iso: string): string {
  return `${Number(iso.slice(0, 4))}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;
}

function CertificatePage(props: { page: PageInfo; d: CertificateData; issuer: string; l: Locale }) {
  const { page, d, l } = props;
  const from = d.grade.valid_from ?? d.grade.awarded_on;
  return (
    <Layout page={page} title={t(l, "disclosure.certificate.title", { name: d.org.name })}>
      <p class="crumbs no-print">
        <a href={`${page.base}/organizations/${d.org.id}`}>{d.org.name}</a>
      </p>
      {d.grade.status !== "valid" ? (
        <p class="notice" role="status">
          {t(l, "disclosure.certificate.notValid", { status: t(l, `disclosure.grade.status.${d.grade.status}` as MessageKey) })}
        </p>
      ) : null}
      <article class="certificate card" aria-labelledby="cert-title">
        <h1 id="cert-title">{t("zh-CN", "disclosure.certificate.heading")}</h1>
        <p class="certificate-grade">{d.grade.grade}</p>
        <p>{t("zh-CN", "disclosure.certificate.body", { name: d.org.name, grade: d.grade.grade })}</p>
        <dl class="facts">
          <dt>{t(l, "disclosure.org.uscc")}</dt>
          <dd>{d.org.uscc ?? "–"}</dd>
          <dt>{t(l, "disclosure.grade.term")}</dt>
          <dd>
            {zhDate(from)} 至 {zhDate(d.grade.valid_until)}
          </dd>
          <dt>{t(l, "disclosure.announce.name")}</dt>
          <dd>
            {d.announcement ? `${d.announcement.title}${d.announcement.document_no ? `（${d.announcement.document_no}）` : ""}` : "–"} · {zhDate(d.grade.awarded_on)}
          </dd>
        </dl>
        <p class="certificate-issuer">
          {props.issuer}
          <br />
          {zhDate(d.grade.awarded_on)}
        </p>
      </article>
      <p class="hint no-print">{t(l, "disclosure.certificate.printHint")}</p>
    </Layout>
  );
}

/** The public announcement and certificate pages. */
export function registerAnnouncementRoutes(app: Hono<AppEnv>): void {
  const r = routes(app, "district");

  r.get("/evaluation-announcements/:announcementId", "public", async (c) => {
    const d = await announcementWithResults(c.var.data, c.req.param("announcementId") ?? "");
    return cachedHtml(c, <AnnouncementPage page={pageInfo(c)} d={d} />);
  });

  r.get("/organizations/:orgId/grades/:gradeId/certificate", "public", async (c) => {
    const d = await gradeCertificate(c.var.data, { orgId: c.req.param("orgId") ?? "", gradeId: c.req.param("gradeId") ?? "" });
    const issuer = `${c.var.district.nameZh}民政局`;
    return cachedHtml(c, <CertificatePage page={pageInfo(c)} d={d} issuer={issuer} l={c.var.locale} />);
  });
}
