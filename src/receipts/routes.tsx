import type { Context, Hono, MiddlewareHandler } from "hono";
import type { AppEnv } from "../env";
import type { FieldError } from "../http/errors";
import { rateLimit } from "../http/rate-limit";
import { routes } from "../http/routes";
import { t, type Locale, type MessageKey } from "../i18n/messages";
import { beijingDate } from "../lib/beijing-time";
import { ErrorSummary, TextField } from "../ui/form";
import { Layout, pageInfo, type PageInfo } from "../ui/layout";
import { findReceipt, receiptKind, type Receipt } from "./receipts";

/** Who issues receipts: the district's civil affairs bureau, as its profile names the district. */
export function issuerOf(c: Context<AppEnv>, l: Locale): string {
  const d = c.var.district;
  return t(l, "receipts.issuer", { district: l === "en" ? d.nameEn : `${d.parentNameZh}${d.nameZh}` });
}

/** The number and check code on a confirmation page, with the link to the printable receipt. */
export function ReceiptNotice(props: { page: PageInfo; receipt: Receipt }) {
  const { page, receipt } = props;
  const l = page.locale;
  const href = `${page.base}/receipts?no=${receipt.no}&check=${receipt.check}`;
  return (
    <div class="notice ok receipt-notice" role="status">
      {t(l, "receipts.keep")} <strong class="receipt">{receipt.no}</strong> · {t(l, "receipts.check")} <strong class="receipt">{receipt.check}</strong> · <a href={href}>{t(l, "receipts.print")}</a>
    </div>
  );
}

/** A submission's receipt number in its owner's list: " · 办件编号 …", nothing before it is submitted. */
export function ReceiptNo(props: { locale: Locale; no: string | null }) {
  return props.no ? (
    <>
      {" · "}
      {t(props.locale, "receipts.no")} <span class="receipt">{props.no}</span>
    </>
  ) : null;
}

type Found = { receipt: Receipt; what: string; outcome: string; follow: string; issuer: string; phone: string };

function ReceiptPage(props: { page: PageInfo; values: Record<string, string>; errors: FieldError[]; found?: Found }) {
  const { page, found } = props;
  const l = page.locale;
  const title = t(l, found ? "receipts.title" : "receipts.lookupTitle");
  return (
    <Layout page={page} title={title}>
      <h1>{title}</h1>
      {found ? (
        <>
          <dl class="facts">
            <dt>{t(l, "receipts.no")}</dt>
            <dd class="receipt">{found.receipt.no}</dd>
            <dt>{t(l, "receipts.check")}</dt>
            <dd class="receipt">{found.receipt.check}</dd>
            <dt>{t(l, "receipts.what")}</dt>
            <dd>{found.what}</dd>
            <dt>{t(l, "receipts.issuedAt")}</dt>
            <dd>{beijingDate(found.receipt.issuedAt)}</dd>
            <dt>{t(l, "receipts.outcome")}</dt>
            <dd>
              <strong>{found.outcome}</strong>
            </dd>
          </dl>
          <h2>{t(l, "receipts.follow")}</h2>
          <p>{found.follow}</p>
          <p>{t(l, "receipts.followLookup", { link: `${page.origin ?? ""}${page.base}/receipts` })}</p>
          <div class="signoff">
            {found.phone ? <p>{t(l, "review.notice.supervision", { phone: found.phone })}</p> : null}
            <p class="issuer">
              {t(l, "receipts.issuedBy")}
              {found.issuer}
              <br />
              {beijingDate(found.receipt.issuedAt)}
            </p>
          </div>
        </>
      ) : (
        <p>{t(l, "receipts.lookupIntro")}</p>
      )}
      <ErrorSummary locale={l} errors={props.errors} />
      <form class="stack" method="get" action={`${page.base}/receipts`}>
        <TextField name="no" label={t(l, "receipts.no")} value={props.values.no} errors={props.errors} maxLength={24} autocomplete="off" />
        <TextField name="check" label={t(l, "receipts.check")} value={props.values.check} errors={props.errors} maxLength={8} autocomplete="off" />
        <button type="submit">{t(l, "receipts.lookup")}</button>
      </form>
    </Layout>
  );
}

// A lookup guesses at a number and code, so it draws on the anonymous budget like a write.
const limitLookups: MiddlewareHandler<AppEnv> = (c, next) => (c.req.query("no") === undefined ? next() : rateLimit("anonymous_write")(c, next));

export function registerReceiptRoutes(app: Hono<AppEnv>): void {
  const r = routes(app, "district");
  r.get("/receipts", "public", limitLookups, async (c) => {
    const l = c.var.locale;
    const values = { no: c.req.query("no") ?? "", check: c.req.query("check") ?? "" };
    const page = pageInfo(c);
    const headers = { "cache-control": "private, no-store", "referrer-policy": "no-referrer" };
    if (c.req.query("no") === undefined) return c.html(<ReceiptPage page={page} values={values} errors={[]} />, 200, headers);
    if (!values.no.trim() || !values.check.trim()) {
      const errors = (["no", "check"] as const).filter((f) => !values[f].trim()).map((field) => ({ field, code: "required", message: t(l, "receipts.required") }));
      return c.html(<ReceiptPage page={page} values={values} errors={errors} />, 422, headers);
    }
    const receipt = await findReceipt(c.var.data, values.no, values.check);
    const kind = receipt ? receiptKind(receipt.kind) : undefined;
    const outcome = receipt && kind ? await kind.outcome(c.var.data, receipt.subjectId) : null;
    if (!receipt || !kind || !outcome) {
      return c.html(<ReceiptPage page={page} values={values} errors={[{ field: "no", code: "not_found", message: t(l, "receipts.notFound") }]} />, 404, headers);
    }
    const found: Found = {
      receipt,
      what: t(l, kind.title),
      outcome: t(l, outcome as MessageKey),
      follow: t(l, kind.follow),
      issuer: issuerOf(c, l),
      phone: c.var.district.profile.phone ?? "",
    };
    return c.html(<ReceiptPage page={page} values={values} errors={[]} found={found} />, 200, headers);
  });
}
