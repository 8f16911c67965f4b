import type { Child } from "hono/jsx";
import type { Context, Hono } from "hono";
import { findReceipt, ReceiptNotice, receiptOf } from "../receipts";
import { OBJECTION_RECEIPT } from "./receipt-kind";
import { Icon } from "../ui/icons";
import type { AppEnv } from "../env";
import { cachedHtml, conditional } from "../http/cache";
import type { FieldError } from "../http/errors";
import { publicOrigin } from "../http/origin";
import { routes } from "../http/routes";
import { readForm } from "../http/validation";
import { isMessageKey, t, type Locale, type MessageKey } from "../i18n/messages";
import { nowIso } from "../lib/time";
import { beijingDate } from "../lib/beijing-time";
import { ErrorSummary, SelectField, TextArea, TextField } from "../ui/form";
import { CsrfField, Layout, pageInfo, type PageInfo } from "../ui/layout";
import { findKind } from "./kinds";
import { noticePhase } from "./notices";
import { latestNotices, noticePage, type NoticeRow } from "./notice-queries";
import { NoticeClosed, objectToNotice } from "./objections";
import { noticeObjectionFormSchema } from "./schemas";

// The public notice pages, for every subject kind: the list, one notice with its
// objection form, and an Atom feed. No sign-in; cached with ETags like the portal.

function districtName(page: PageInfo): string {
  return page.districtName ?? "";
}

function kindLabel(kind: string, l: Locale): string {
  return findKind(kind)?.label[l] ?? t(l, "review.notice.kindOther");
}

function Badge(props: { tone: "ok" | "neutral"; icon: string; text: string }) {
  return (
    <span class={`badge ${props.tone}`}>
      <Icon name={props.icon} /> {props.text}
    </span>
  );
}

/** Open, upcoming or closed, as a badge (also on the portal's home page). */
/** A proposed outcome is a kind's code ("admit", "award") with a label, or already words (a grade). */
export function proposedLabel(value: string, l: Locale): string {
  const key = `review.proposed.${value}`;
  return isMessageKey(key) ? t(l, key) : value;
}

export function PhaseBadge(props: { l: Locale; notice: NoticeRow; now: string }) {
  const phase = noticePhase(props.notice, props.now);
  if (phase === "open") return <Badge tone="ok" icon="●" text={t(props.l, "review.notice.phase.open")} />;
  if (phase === "upcoming") return <Badge tone="neutral" icon="○" text={t(props.l, "review.notice.phase.upcoming")} />;
  return <Badge tone="neutral" icon="■" text={t(props.l, "review.notice.phase.closed")} />;
}

/** The notice period as Beijing dates. */
export function noticePeriod(notice: Pick<NoticeRow, "starts_at" | "ends_at">): { start: string; end: string } {
  return { start: beijingDate(notice.starts_at), end: beijingDate(notice.ends_at) };
}

function NoticesPage(props: { c: Context<AppEnv>; notices: NoticeRow[] }) {
  const page = pageInfo(props.c);
  const l = page.locale;
  const now = nowIso();
  const title = t(l, "review.notice.title");
  return (
    <Layout
      page={page}
      title={title}
      description={t(l, "review.notice.description", { district: districtName(page) })}
      meta={{ canonical: `${page.base}/notices`, feeds: [{ title: t(l, "review.notice.feed"), href: `${page.base}/notices.atom` }] }}
    >
      <h1>{title}</h1>
      <p class="lead">{t(l, "review.notice.description", { district: districtName(page) })}</p>
      <p>
        <a href={`${page.base}/notices.atom`}>{t(l, "review.notice.feed")}</a>
      </p>
      {props.notices.length === 0 ? <p>{t(l, "review.notice.none")}</p> : null}
      <ul class="results">
        {props.notices.map((n) => (
          <li class="result">
            <h2 class="h3">
              <a href={`${page.base}/notices/${n.id}`}>{n.title}</a>
            </h2>
            <div class="meta">
              <PhaseBadge l={l} notice={n} now={now} /> {kindLabel(n.subject_kind, l)} · {t(l, "review.notice.period", noticePeriod(n))}
            </div>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

/**
 * The sign-off a paper notice carries: the issuing body (发布单位), the date, and the
 * phone for supervision from the district's profile. On paper (print CSS) the page keeps
 * only the notice itself and this block, right-aligned like a stamped notice.
 */
function NoticeSignoff(props: { c: Context<AppEnv>; l: Locale; notice: NoticeRow }) {
  const district = props.c.var.district;
  const l = props.l;
  const issuer = district ? t(l, "review.notice.issuer", { district: l === "en" ? district.nameEn : `${district.parentNameZh}${district.nameZh}` }) : "";
  const phone = district?.profile.phone ?? "";
  return (
    <div class="signoff">
      {phone ? <p>{t(l, "review.notice.supervision", { phone })}</p> : null}
      <p class="issuer">
        {t(l, "review.notice.issuedBy")}
        {issuer}
        <br />
        {beijingDate(props.notice.published_at)}
      </p>
    </div>
  );
}

function NoticePage(props: { c: Context<AppEnv>; d: Awaited<ReturnType<typeof noticePage>>; values?: Record<string, string>; errors?: FieldError[]; message?: string; status?: string; receiptNotice?: Child }) {
  const page = pageInfo(props.c);
  const l = page.locale;
  const { notice, items } = props.d;
  const now = nowIso();
  const open = noticePhase(notice, now) === "open";
  const v = props.values ?? {};
  return (
    <Layout page={page} title={notice.title} description={`${kindLabel(notice.subject_kind, l)} · ${t(l, "review.notice.period", noticePeriod(notice))}`} meta={{ canonical: `${page.base}/notices/${notice.id}`, ogType: "article" }}>
      <p class="crumbs">
        <a href={`${page.base}/notices`}>{t(l, "review.notice.title")}</a>
      </p>
      <h1>{notice.title}</h1>
      {props.status ? (
        <p class="notice ok" role="status">
          {props.status}
        </p>
      ) : null}
      {props.receiptNotice}
      <p>
        <PhaseBadge l={l} notice={notice} now={now} /> {t(l, "review.notice.period", noticePeriod(notice))}
      </p>
      {notice.body ? <p class="prose">{notice.body}</p> : null}
      <h2>{t(l, "review.notice.items")}</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t(l, "review.notice.label")}</th>
              <th scope="col">{t(l, "review.notice.proposed")}</th>
              <th scope="col">{t(l, "review.notice.score")}</th>
              <th scope="col">{t(l, "review.notice.outcome")}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr>
                <td>{i.label}</td>
                <td>{proposedLabel(i.proposed_outcome, l)}</td>
                <td>{i.score ?? "–"}</td>
                <td>{t(l, `review.notice.outcome.${i.outcome}` as MessageKey)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {notice.reviewers_text ? (
        <p>
          {t(l, "review.notice.reviewers")}：{notice.reviewers_text}
        </p>
      ) : null}
      <p>{t(l, "review.notice.objections", { count: props.d.objections })}</p>
      <NoticeSignoff c={props.c} l={l} notice={notice} />
      <h2 id="object">{t(l, "review.notice.object")}</h2>
      {open ? (
        <>
          <p>{t(l, "review.notice.objectIntro")}</p>
          <ErrorSummary locale={l} errors={props.errors ?? []} message={props.message} />
          <form class="stack" method="post" action={`${page.base}/notices/${notice.id}/objections`} novalidate>
            <CsrfField token={page.csrfToken} />
            <SelectField
              name="subjectId"
              label={t(l, "review.notice.objectSubject")}
              value={v.subjectId}
              errors={props.errors}
              options={[{ value: "", label: t(l, "review.notice.objectWhole") }, ...items.map((i) => ({ value: i.subject_id, label: i.label }))]}
            />
            <TextField name="name" label={t(l, "review.notice.objectName")} value={v.name} errors={props.errors} required maxLength={40} autocomplete="name" />
            <TextField name="contact" label={t(l, "review.notice.objectContact")} value={v.contact} errors={props.errors} required maxLength={60} />
            <TextArea name="content" label={t(l, "review.notice.objectContent")} value={v.content} errors={props.errors} required maxLength={2000} />
            <button type="submit">{t(l, "review.notice.objectSubmit")}</button>
          </form>
        </>
      ) : (
        <p>{t(l, "review.notice.objectClosed")}</p>
      )}
    </Layout>
  );
}

function escapeXml(s: string): string {
  return s.replace(/[<>&'"]/g, (ch) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&apos;", '"': "&quot;" })[ch]!);
}

export function registerNoticePages(app: Hono<AppEnv>): void {
  const r = routes(app, "district");
  const site = (c: Context<AppEnv>) => `${publicOrigin(c)}${c.var.base}`;

  r.get("/notices", "public", async (c) => cachedHtml(c, <NoticesPage c={c} notices={await latestNotices(c.var.data, 100)} />));

  r.get("/notices/:noticeId", "public", async (c) => {
    const d = await noticePage(c.var.data, c.req.param("noticeId") ?? "");
    // The page holds a form with this visitor's token: it is theirs alone.
    const filed = c.req.query("filed") ? await findReceipt(c.var.data, c.req.query("no") ?? "", c.req.query("check") ?? "") : null;
    const receiptNotice = filed ? <ReceiptNotice page={pageInfo(c)} receipt={filed} /> : undefined;
    return cachedHtml(c, <NoticePage c={c} d={d} status={c.req.query("filed") ? t(c.var.locale, "review.notice.objectFiled") : undefined} receiptNotice={receiptNotice} />, { personal: true });
  });

  r.post("/notices/:noticeId/objections", "public", async (c) => {
    const d = await noticePage(c.var.data, c.req.param("noticeId") ?? "");
    const form = await readForm(c, noticeObjectionFormSchema);
    if (!form.ok) return c.html(<NoticePage c={c} d={d} values={form.values} errors={form.errors} />, 422);
    const subjectId = form.data.subjectId || null;
    if (subjectId && !d.items.some((i) => i.subject_id === subjectId)) {
      return c.html(<NoticePage c={c} d={d} values={form.values} errors={[{ field: "subjectId", code: "invalid_choice", message: t(c.var.locale, "field.invalid_choice") }]} />, 422);
    }
    let objectionId: string;
    try {
      objectionId = await objectToNotice(
        c.var.data,
        d.notice.id,
        { subjectId: subjectId ?? "", name: form.data.name, contact: form.data.contact, content: form.data.content },
        { locale: c.var.locale, now: nowIso(), personalDataKey: c.env.PERSONAL_DATA_KEY },
      );
    } catch (error) {
      if (error instanceof NoticeClosed) return c.html(<NoticePage c={c} d={d} values={form.values} message={t(c.var.locale, "review.notice.objectClosed")} />, 409);
      throw error;
    }
    const receipt = await receiptOf(c.var.data, OBJECTION_RECEIPT, objectionId);
    const query = receipt ? `&no=${receipt.no}&check=${receipt.check}` : "";
    return c.redirect(`${c.var.base}/notices/${d.notice.id}?filed=1${query}`, 303);
  });

  r.get("/notices.atom", "public", async (c) => {
    const notices = await latestNotices(c.var.data, 50);
    const base = site(c);
    const d = c.var.district;
    const updated = notices[0]?.published_at ?? "2000-01-01T00:00:00.000Z";
    const entries = notices
      .map(
        (n) => `  <entry>
    <id>${escapeXml(`${base}/notices/${n.id}`)}</id>
    <title>${escapeXml(n.title)}</title>
    <link rel="alternate" type="text/html" href="${escapeXml(`${base}/notices/${n.id}`)}"/>
    <published>${n.published_at}</published>
    <updated>${n.published_at}</updated>
    <summary>${escapeXml(`${n.starts_at.slice(0, 10)} – ${n.ends_at.slice(0, 10)}${n.body ? ` ${n.body}` : ""}`)}</summary>
  </entry>`,
      )
      .join("\n");
    const xml = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">
  <id>${escapeXml(`${base}/notices`)}</id>
  <title>${escapeXml(`${d.parentNameZh}${d.nameZh} · 公示公告`)}</title>
  <link rel="self" type="application/atom+xml" href="${escapeXml(`${base}/notices.atom`)}"/>
  <link rel="alternate" type="text/html" href="${escapeXml(`${base}/notices`)}"/>
  <updated>${updated}</updated>
  <author><name>${escapeXml(`${d.parentNameZh}${d.nameZh}民政局`)}</name></author>
${entries}
</feed>
`;
    return conditional(c, xml, { contentType: "application/atom+xml; charset=utf-8", reusable: true });
  });
}
