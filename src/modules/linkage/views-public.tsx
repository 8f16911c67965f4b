import type { Child } from "hono/jsx";
import { raw } from "hono/html";
import type { FieldError } from "../../http/errors";
import { t, type Locale, type MessageKey } from "../../i18n/messages";
import { beijingDate } from "../../lib/beijing-time";
import { ErrorSummary, FileField, RadioGroup, TextArea, TextField } from "../../ui/form";
import { Checkbox } from "../../ui/form";
import { CsrfField, Layout, type PageInfo } from "../../ui/layout";
import { formatReceipt, type NeedRow } from "./needs";
import { NEED_CATEGORIES } from "./tables";

// The resident's pages: the form behind the poster's QR code, the receipt and status
// page, and the printable poster. Plain HTML forms (no script), few fields, large
// targets; elder mode enlarges everything through the shared layout.

export const categoryOptions = (l: Locale) => NEED_CATEGORIES.map((c) => ({ value: c, label: t(l, `linkage.category.${c}` as MessageKey) }));

export interface Community {
  code: string;
  short: string;
  name: string;
  subdistrict: string;
  /** Who processes the resident's personal data and how to reach them (PIPL art. 17(1)). */
  processor: string;
  contact: string;
}

export function NeedFormPage(props: { page: PageInfo; community: Community; values?: Record<string, string>; errors?: FieldError[]; message?: string }) {
  const { page, community } = props;
  const l = page.locale;
  const v = props.values ?? {};
  return (
    <Layout page={page} title={t(l, "linkage.form.title", { community: community.name })}>
      <h1>{t(l, "linkage.form.title", { community: community.name })}</h1>
      <p>{t(l, "linkage.form.intro")}</p>
      <p>
        <a href={`${page.base}/n/${community.short}/summary`}>{t(l, "linkage.summary.link")}</a>
      </p>
      <ErrorSummary locale={l} errors={props.errors ?? []} message={props.message} />
      <form class="stack" method="post" action={`${page.base}/n/${community.short}`} enctype="multipart/form-data" novalidate>
        <CsrfField token={page.csrfToken} />
        <RadioGroup name="category" legend={t(l, "linkage.form.category")} options={categoryOptions(l)} value={v.category} errors={props.errors} />
        <TextArea name="description" label={t(l, "linkage.form.description")} hint={t(l, "linkage.form.descriptionHint")} value={v.description} errors={props.errors} required maxLength={1000} rows={5} />
        <TextField name="location" label={t(l, "linkage.form.location")} hint={t(l, "linkage.form.locationHint")} value={v.location} errors={props.errors} maxLength={100} />
        <FileField name="photo" label={t(l, "linkage.form.photo")} accept="image/jpeg,image/png" errors={props.errors} />
        <TextField name="name" label={t(l, "linkage.form.name")} value={v.name} errors={props.errors} maxLength={40} autocomplete="name" />
        <TextField name="phone" type="tel" inputMode="tel" label={t(l, "linkage.form.phone")} hint={t(l, "linkage.form.phoneHint")} value={v.phone} errors={props.errors} maxLength={20} autocomplete="tel" />
        <section aria-labelledby="consent-title" class={props.errors?.some((e) => e.field === "consent") ? "field invalid" : "field"}>
          <h2 id="consent-title">{t(l, "linkage.form.consentTitle")}</h2>
          <p class="hint">{t(l, "linkage.form.consentText", { district: page.districtName ?? "" })}</p>
          <p class="hint" id="pipl-processor">
            {t(l, "linkage.form.processor", { processor: community.processor, contact: community.contact })}
          </p>
          {props.errors?.find((e) => e.field === "consent") ? (
            <p class="error" id="f-consent-error">
              {props.errors.find((e) => e.field === "consent")!.message}
            </p>
          ) : null}
          <Checkbox name="consent" label={t(l, "linkage.form.consent")} checked={v.consent === "1"} />
        </section>
        <button type="submit">{t(l, "linkage.form.submit")}</button>
      </form>
    </Layout>
  );
}

export function LookupPage(props: { page: PageInfo; code?: string; notFound?: boolean }) {
  const { page } = props;
  const l = page.locale;
  const errors: FieldError[] = props.notFound ? [{ field: "code", code: "not_found", message: t(l, "linkage.status.notFound") }] : [];
  return (
    <Layout page={page} title={t(l, "linkage.status.lookupTitle")}>
      <h1>{t(l, "linkage.status.lookupTitle")}</h1>
      <p>{t(l, "linkage.status.lookupIntro")}</p>
      <ErrorSummary locale={l} errors={errors} />
      <form class="stack" method="get" action={`${page.base}/needs/status`}>
        <TextField name="code" label={t(l, "linkage.status.code")} value={props.code} errors={errors} maxLength={12} autocomplete="off" />
        <button type="submit">{t(l, "linkage.status.lookup")}</button>
      </form>
    </Layout>
  );
}

/** The answer in plain words: the status, and what the community wrote. */
export function statusSentence(l: Locale, need: Pick<NonNullable<NeedRow>, "status" | "overdue">): string {
  if (need.status === "received" && need.overdue) return `${t(l, "linkage.status.received")}（${t(l, "linkage.status.overdue")}）`;
  return t(l, `linkage.status.${need.status}` as MessageKey);
}

export function StatusPage(props: { page: PageInfo; receipt: string; own: NonNullable<NeedRow>; shown: NonNullable<NeedRow>; community: string; fresh: boolean; projects?: Child; receiptNotice?: Child }) {
  const { page, own, shown } = props;
  const l = page.locale;
  return (
    <Layout page={page} title={t(l, "linkage.status.title")}>
      <h1>{t(l, "linkage.status.title")}</h1>
      {props.fresh ? (
        <div class="notice ok" role="status">
          {t(l, "linkage.status.thanks")} <strong class="receipt">{formatReceipt(props.receipt)}</strong>
        </div>
      ) : null}
      {props.receiptNotice}
      <p>{t(l, "linkage.status.bookmark")}</p>
      <dl class="facts">
        <dt>{t(l, "linkage.status.code")}</dt>
        <dd>{formatReceipt(props.receipt)}</dd>
        <dt>{t(l, "linkage.status.community")}</dt>
        <dd>{props.community}</dd>
        <dt>{t(l, "linkage.status.category")}</dt>
        <dd>{t(l, `linkage.category.${own.category}` as MessageKey)}</dd>
        <dt>{t(l, "linkage.status.received_at")}</dt>
        <dd>{beijingDate(own.received_at)}</dd>
      </dl>
      {own.id !== shown.id ? <p>{t(l, "linkage.status.mergedNote")}</p> : null}
      <h2>{t(l, "linkage.status.now")}</h2>
      <p class="status-now">
        <strong>{statusSentence(l, shown)}</strong>
      </p>
      {shown.status === "received" ? <p>{t(l, "linkage.status.dueOn", { date: shown.due_on })}</p> : null}
      {shown.status === "accepted" && shown.priority ? <p>{t(l, "linkage.status.priority", { priority: t(l, `linkage.priority.${shown.priority}` as MessageKey) })}</p> : null}
      {shown.answer ? (
        <>
          <h2>{t(l, "linkage.status.answer")}</h2>
          <p class="prose">{shown.answer}</p>
        </>
      ) : null}
      {shown.answered_at && shown.status !== "received" ? (
        <p>
          {t(l, "linkage.status.answeredOn")}：{beijingDate(shown.answered_at)}
        </p>
      ) : null}
      {props.projects}
    </Layout>
  );
}

/** One printable A4 sheet per community: the QR code, the short link, one sentence. */
export function PosterPage(props: { page: PageInfo; communities: (Omit<Community, "processor" | "contact"> & { link: string; svg: string })[] }) {
  const { page } = props;
  const l = page.locale;
  return (
    <Layout page={page} title={t(l, "linkage.qr.title")}>
      <h1>{t(l, "linkage.qr.title")}</h1>
      <p>{t(l, "linkage.qr.intro")}</p>
      {props.communities.map((c) => (
        <section class="poster">
          <h2>
            {c.subdistrict} · {c.name}
          </h2>
          <p>
            <strong>{t(l, "linkage.qr.scan")}</strong>
          </p>
          <div class="qr">{raw(c.svg)}</div>
          <p>
            <a href={c.link}>{c.link}</a> · <a href={`${page.base}/n/${c.short}/qr.svg`}>SVG</a>
          </p>
        </section>
      ))}
    </Layout>
  );
}
