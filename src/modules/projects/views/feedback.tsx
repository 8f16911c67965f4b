import { raw } from "hono/html";
import type { FieldError } from "../../../http/errors";
import { t } from "../../../i18n/messages";
import { Checkbox, ErrorSummary, RadioGroup, TextArea, TextField } from "../../../ui/form";
import { CsrfField, Layout, type PageInfo } from "../../../ui/layout";

// The residents' feedback form of one project (服务对象反馈): a plain form that works
// without JavaScript and in elder mode, and the printable QR poster that leads to it.

export interface FeedbackTargetView {
  id: string;
  /** The short code of the link (/f/<code>). */
  code: string;
  title: string;
  organizationName: string;
  community: string;
  open: boolean;
}

export function FeedbackFormPage(props: { page: PageInfo; project: FeedbackTargetView; values?: Record<string, string>; errors?: FieldError[]; message?: string; done?: "sent" | "again" }) {
  const { page, project: p } = props;
  const l = page.locale;
  const v = props.values ?? {};
  const consentError = props.errors?.find((e) => e.field === "consent");
  return (
    <Layout page={page} title={t(l, "projects.feedback.formTitle", { title: p.title })}>
      <h1>{t(l, "projects.feedback.formTitle", { title: p.title })}</h1>
      <p>
        {p.organizationName} · {p.community}
      </p>
      {props.done ? (
        <p class="notice ok" role="status">
          {t(l, props.done === "sent" ? "projects.feedback.thanks" : "projects.feedback.already")}
        </p>
      ) : !p.open ? (
        <p class="notice">{t(l, "projects.feedback.closed")}</p>
      ) : (
        <>
          <p>{t(l, "projects.feedback.intro")}</p>
          <ErrorSummary locale={l} errors={props.errors ?? []} message={props.message} />
          <form class="stack" method="post" action={`${page.base}/f/${p.code}`} novalidate>
            <CsrfField token={page.csrfToken} />
            <RadioGroup
              name="rating"
              legend={t(l, "projects.feedback.rating")}
              options={(["5", "4", "3", "2", "1"] as const).map((value) => ({ value, label: t(l, `projects.feedback.rating.${value}`) }))}
              value={v.rating}
              errors={props.errors}
            />
            <TextArea name="comment" label={t(l, "projects.feedback.comment")} value={v.comment} errors={props.errors} maxLength={500} rows={4} />
            <TextField name="phone" type="tel" inputMode="tel" label={t(l, "projects.feedback.phone")} hint={t(l, "projects.feedback.phoneHint")} value={v.phone} errors={props.errors} maxLength={20} autocomplete="tel" />
            <div class={consentError ? "field invalid" : "field"}>
              {consentError ? (
                <p class="error" id="f-consent-error">
                  {consentError.message}
                </p>
              ) : null}
              <Checkbox name="consent" label={t(l, "projects.feedback.consent", { district: page.districtName ?? "" })} checked={v.consent === "1"} />
            </div>
            <button type="submit">{t(l, "projects.feedback.submit")}</button>
          </form>
        </>
      )}
    </Layout>
  );
}

/** A page to print: the project's name, what to do, the code and its link. */
export function FeedbackPosterPage(props: { page: PageInfo; project: FeedbackTargetView; link: string; svg: string }) {
  const { page, project: p } = props;
  const l = page.locale;
  return (
    <Layout page={page} title={t(l, "projects.feedback.poster")}>
      <section class="poster">
        <h1>{p.title}</h1>
        <p>
          {p.organizationName} · {p.community}
        </p>
        <p>
          <strong>{t(l, "projects.feedback.scan")}</strong>
        </p>
        <div class="qr">{raw(props.svg)}</div>
        <p>
          <a href={props.link}>{props.link}</a> · <a href={`${page.base}/f/${p.code}/qr.svg`}>SVG</a>
        </p>
        <p>
          {t(l, "projects.feedback.code")}：<strong class="receipt">{p.code}</strong>
        </p>
      </section>
    </Layout>
  );
}
