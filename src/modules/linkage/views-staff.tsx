import type { Child } from "hono/jsx";
import type { FieldError } from "../../http/errors";
import { t, type Locale, type MessageKey } from "../../i18n/messages";
import { beijingDate } from "../../lib/beijing-time";
import { ErrorSummary, RadioGroup, SelectField, TextArea, TextField } from "../../ui/form";
import { CsrfField, Layout, type PageInfo } from "../../ui/layout";
import { formatReceipt, type NeedRow } from "./needs";
import { NEED_PRIORITIES, STAFF_SOURCES } from "./tables";
import { categoryOptions, statusSentence } from "./views-public";

// Community staff's pages: the needs of their communities, one need with its triage
// (classify, answer, merge), and the entry form for needs heard on visits.

type Need = NonNullable<NeedRow>;

const label = (l: Locale, key: string) => t(l, key as MessageKey);

export function NeedsListPage(props: { page: PageInfo; needs: Need[]; areaName: (code: string) => string; status: string; message?: string }) {
  const { page } = props;
  const l = page.locale;
  const filters = [
    ["", "linkage.needs.filterAll"],
    ["open", "linkage.needs.filterOpen"],
    ["overdue", "linkage.needs.filterOverdue"],
    ["accepted", "linkage.status.accepted"],
  ] as const;
  return (
    <Layout page={page} title={t(l, "linkage.needs.title")}>
      <h1>{t(l, "linkage.needs.title")}</h1>
      {props.message ? (
        <div class="notice ok" role="status">
          {props.message}
        </div>
      ) : null}
      <p>
        <a class="button" href={`${page.base}/linkage/needs/new`}>
          {t(l, "linkage.needs.enter")}
        </a>{" "}
        <a href={`${page.base}/linkage/posters`}>{t(l, "linkage.needs.posters")}</a>
      </p>
      <nav aria-label={t(l, "linkage.needs.filter")}>
        {filters.map(([value, key]) => (
          <>
            <a href={`${page.base}/linkage/needs${value ? `?status=${value}` : ""}`} aria-current={props.status === value ? "page" : undefined}>
              {t(l, key)}
            </a>{" "}
          </>
        ))}
      </nav>
      {props.needs.length === 0 ? (
        <p>{t(l, "linkage.needs.none")}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t(l, "linkage.needs.receipt")}</th>
                <th scope="col">{t(l, "linkage.needs.community")}</th>
                <th scope="col">{t(l, "linkage.status.category")}</th>
                <th scope="col">{t(l, "linkage.needs.source")}</th>
                <th scope="col">{t(l, "linkage.needs.received")}</th>
                <th scope="col">{t(l, "linkage.needs.due")}</th>
                <th scope="col">{t(l, "linkage.needs.status")}</th>
              </tr>
            </thead>
            <tbody>
              {props.needs.map((n) => (
                <tr class={n.overdue ? "overdue" : undefined}>
                  <td>
                    <a href={`${page.base}/linkage/needs/${n.id}`}>{formatReceipt(n.receipt_code)}</a>
                  </td>
                  <td>{props.areaName(n.community_code)}</td>
                  <td>{label(l, `linkage.category.${n.category}`)}</td>
                  <td>{label(l, `linkage.source.${n.source}`)}</td>
                  <td>{beijingDate(n.received_at)}</td>
                  <td>{n.due_on}</td>
                  <td>{statusSentence(l, n)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

export function NeedPage(props: {
  page: PageInfo;
  need: Need;
  community: string;
  phone: string | null;
  mergedInto: string | null;
  values?: Record<string, string>;
  errors?: FieldError[];
  message?: string;
  form?: "answer" | "merge";
  revealed?: string;
  /** The projects answering the need (from the projects module). */
  projects?: Child;
}) {
  const { page, need } = props;
  const l = page.locale;
  const v = props.values ?? {};
  const answerErrors = props.form === "merge" ? [] : (props.errors ?? []);
  const mergeErrors = props.form === "merge" ? (props.errors ?? []) : [];
  const open = need.status === "received" || need.status === "accepted" || need.status === "referred";
  return (
    <Layout page={page} title={`${t(l, "linkage.needs.receipt")} ${formatReceipt(need.receipt_code)}`}>
      <h1>
        {t(l, "linkage.needs.receipt")} {formatReceipt(need.receipt_code)}
      </h1>
      <ErrorSummary locale={l} errors={props.errors ?? []} message={props.message} />
      <dl class="facts">
        <dt>{t(l, "linkage.needs.community")}</dt>
        <dd>{props.community}</dd>
        <dt>{t(l, "linkage.needs.status")}</dt>
        <dd>
          {statusSentence(l, need)}
          {props.mergedInto ? ` → ${formatReceipt(props.mergedInto)}` : ""}
        </dd>
        <dt>{t(l, "linkage.status.category")}</dt>
        <dd>{label(l, `linkage.category.${need.category}`)}</dd>
        <dt>{t(l, "linkage.needs.source")}</dt>
        <dd>{label(l, `linkage.source.${need.source}`)}</dd>
        <dt>{t(l, "linkage.needs.received")}</dt>
        <dd>{beijingDate(need.received_at)}</dd>
        <dt>{t(l, "linkage.needs.due")}</dt>
        <dd>{need.due_on}</dd>
        <dt>{t(l, "linkage.needs.location")}</dt>
        <dd>{need.location || "–"}</dd>
        <dt>{t(l, "linkage.needs.resident")}</dt>
        <dd>{need.resident_name || t(l, "linkage.needs.anonymous")}</dd>
        <dt>{t(l, "linkage.needs.phone")}</dt>
        <dd>
          {props.phone ?? "–"}
          {need.phone && !props.revealed ? (
            <form method="post" action={`${page.base}/linkage/needs/${need.id}/phone`} class="inline">
              <CsrfField token={page.csrfToken} />
              <button type="submit" class="linkbutton">
                {t(l, "linkage.needs.revealPhone")}
              </button>
            </form>
          ) : null}
        </dd>
      </dl>
      <h2>{t(l, "linkage.needs.description")}</h2>
      <p class="prose">{need.description}</p>
      {need.r2_key ? (
        <p>
          <a href={`${page.base}/linkage/needs/${need.id}/photo`}>{t(l, "linkage.needs.photo")}</a>
        </p>
      ) : null}
      {need.answer ? (
        <>
          <h2>{t(l, "linkage.status.answer")}</h2>
          <p class="prose">{need.answer}</p>
        </>
      ) : null}
      {open ? (
        <>
          <h2>{t(l, "linkage.answer.title")}</h2>
          <form class="stack" method="post" action={`${page.base}/linkage/needs/${need.id}/answer`} novalidate>
            <CsrfField token={page.csrfToken} />
            <input type="hidden" name="version" value={String(need.version)} />
            <SelectField name="category" label={t(l, "linkage.status.category")} value={v.category ?? need.category} options={categoryOptions(l)} errors={answerErrors} />
            <RadioGroup
              name="outcome"
              legend={t(l, "linkage.answer.outcome")}
              value={v.outcome}
              errors={answerErrors}
              options={(["accepted", "solved", "referred", "declined"] as const).filter((o) => o !== need.status).map((o) => ({ value: o, label: t(l, `linkage.answer.${o}`) }))}
            />
            <SelectField
              name="priority"
              label={t(l, "linkage.answer.priority")}
              value={v.priority ?? need.priority ?? ""}
              options={[{ value: "", label: "–" }, ...NEED_PRIORITIES.map((p) => ({ value: p, label: t(l, `linkage.priority.${p}`) }))]}
              errors={answerErrors}
            />
            <TextArea name="answer" label={t(l, "linkage.answer.text")} value={v.answer ?? need.answer} errors={answerErrors} maxLength={1000} />
            <button type="submit">{t(l, "linkage.answer.submit")}</button>
          </form>
        </>
      ) : null}
      {need.status === "received" ? (
        <>
          <h2>{t(l, "linkage.merge.title")}</h2>
          <form class="stack" method="post" action={`${page.base}/linkage/needs/${need.id}/merge`} novalidate>
            <CsrfField token={page.csrfToken} />
            <input type="hidden" name="version" value={String(need.version)} />
            <TextField name="target" label={t(l, "linkage.merge.target")} value={props.form === "merge" ? v.target : undefined} errors={mergeErrors} maxLength={12} autocomplete="off" />
            <button type="submit">{t(l, "linkage.merge.submit")}</button>
          </form>
        </>
      ) : null}
      {props.projects}
    </Layout>
  );
}

export function EnterNeedPage(props: { page: PageInfo; communities: { value: string; label: string }[]; values?: Record<string, string>; errors?: FieldError[] }) {
  const { page } = props;
  const l = page.locale;
  const v = props.values ?? {};
  return (
    <Layout page={page} title={t(l, "linkage.needs.enterTitle")}>
      <h1>{t(l, "linkage.needs.enterTitle")}</h1>
      <ErrorSummary locale={l} errors={props.errors ?? []} />
      <form class="stack" method="post" action={`${page.base}/linkage/needs`} novalidate>
        <CsrfField token={page.csrfToken} />
        <SelectField name="communityCode" label={t(l, "linkage.needs.community")} value={v.communityCode} options={props.communities} errors={props.errors} />
        <SelectField name="source" label={t(l, "linkage.needs.source")} value={v.source} options={STAFF_SOURCES.map((s) => ({ value: s, label: label(l, `linkage.source.${s}`) }))} errors={props.errors} />
        <SelectField name="category" label={t(l, "linkage.status.category")} value={v.category} options={categoryOptions(l)} errors={props.errors} />
        <TextArea name="description" label={t(l, "linkage.needs.description")} value={v.description} errors={props.errors} required maxLength={1000} />
        <TextField name="location" label={t(l, "linkage.needs.location")} value={v.location} errors={props.errors} maxLength={100} />
        <TextField name="name" label={t(l, "linkage.form.name")} value={v.name} errors={props.errors} maxLength={40} />
        <TextField name="phone" type="tel" label={t(l, "linkage.form.phone")} value={v.phone} errors={props.errors} maxLength={20} />
        <button type="submit">{t(l, "linkage.needs.enter")}</button>
      </form>
    </Layout>
  );
}
