import type { Child } from "hono/jsx";
import { raw } from "hono/html";
import { t } from "../../../i18n/messages";
import { ReceiptNo } from "../../../receipts";
import type { RegisteredWorker } from "../../posts";
import { ChoiceGroup, ErrorSummary, SelectField, TextArea, TextField } from "../../../ui/form";
import { CsrfField, Layout, type PageInfo } from "../../../ui/layout";
import type { BidView } from "../domain/bids";
import type { CallView } from "../domain/calls";
import type { Category } from "../domain/catalogue";
import { LINE_ROWS } from "../forms";
import { LINE_KINDS } from "../schemas";
import { BID_AUTOSAVE_JS } from "./autosave";
import { EligibilityForm } from "./review";
import { areaName, options, Saved, stateFor, yuan, type AreaName, type FormState } from "./parts";

/** The form's values for a saved bid (what a refused save shows is the typed values instead). */
export function bidFormValues(bid: BidView | null): Record<string, string> {
  if (!bid) return {};
  const values: Record<string, string> = {
    title: bid.title,
    categoryId: bid.categoryId ?? "",
    targetGroup: bid.targetGroup,
    beneficiaries: String(bid.beneficiaries),
    activities: bid.activities,
    indicators: bid.indicators,
    communityCode: bid.communityCode ?? "",
    volunteers: String(bid.volunteers),
    lead: bid.team.find((m) => m.lead)?.id ?? "",
  };
  bid.lines.forEach((line, i) => {
    values[`line${i + 1}Kind`] = line.kind;
    values[`line${i + 1}Item`] = line.item;
    values[`line${i + 1}Amount`] = String(line.amountYuan);
  });
  for (const m of bid.team) values[`team.${m.id}`] = "1";
  return values;
}

export function BidFormPage(props: { page: PageInfo; call: CallView; bid: BidView | null; categories: Category[]; communities: AreaName[]; areas: AreaName[]; workers: RegisteredWorker[]; state?: FormState }) {
  const { page, call, bid } = props;
  const l = page.locale;
  const s = props.state;
  const values = s?.values ?? bidFormValues(bid);
  const v = (k: string) => values[k] ?? "";
  const rows = Array.from({ length: LINE_ROWS }, (_, i) => i + 1);
  const team = props.workers.filter((w) => values[`team.${w.id}`] === "1");
  const certified = team.length ? Math.round((100 * team.filter((w) => w.certified).length) / team.length) : 0;
  return (
    <Layout page={page} title={`${t(l, "projects.call.bid")} · ${call.title}`}>
      <h1>{t(l, "projects.call.bid")}</h1>
      <p class="lead">
        <a href={`${page.base}/projects/calls/${call.id}`}>{call.title}</a>
      </p>
      {bid?.returnReason && bid.status === "returned" ? (
        <p class="notice warn">
          {t(l, "projects.bid.returnReason")}: {bid.returnReason}
        </p>
      ) : null}
      <ErrorSummary locale={l} errors={s?.errors ?? []} message={s?.message} />
      <form class="stack" method="post" action={`${page.base}/projects/calls/${call.id}/bid`} data-autosave={`${page.base}/api/v1/projects/calls/${call.id}/bid`} data-csrf={page.csrfToken ?? ""} novalidate>
        <CsrfField token={page.csrfToken} />
        <p class="hint">{t(l, "projects.bid.autosave")}</p>
        {bid ? <input type="hidden" name="version" value={String(bid.version)} /> : null}
        <TextField name="title" label={t(l, "projects.bid.title")} value={v("title")} errors={s?.errors} maxLength={80} />
        <SelectField
          name="categoryId"
          label={t(l, "projects.bid.category")}
          value={v("categoryId")}
          errors={s?.errors}
          placeholder={t(l, "projects.choose")}
          options={props.categories.filter((c) => call.categoryIds.includes(c.id)).map((c) => ({ value: c.id, label: l === "en" ? c.nameEn : c.nameZh }))}
        />
        <TextArea name="targetGroup" label={t(l, "projects.bid.targetGroup")} value={v("targetGroup")} errors={s?.errors} maxLength={1000} />
        <TextField name="beneficiaries" type="number" label={t(l, "projects.bid.beneficiaries")} value={v("beneficiaries")} errors={s?.errors} inputMode="numeric" />
        <TextArea name="activities" label={t(l, "projects.bid.activities")} value={v("activities")} errors={s?.errors} maxLength={4000} />
        <TextArea name="indicators" label={t(l, "projects.bid.indicators")} value={v("indicators")} errors={s?.errors} maxLength={4000} />
        <SelectField
          name="communityCode"
          label={t(l, "projects.bid.community")}
          value={v("communityCode")}
          errors={s?.errors}
          placeholder={t(l, "projects.choose")}
          options={props.communities.map((a) => ({ value: a.code, label: areaName(l, props.areas, a.code) }))}
        />
        <TextField name="volunteers" type="number" label={t(l, "projects.bid.volunteers")} value={v("volunteers")} errors={s?.errors} inputMode="numeric" />
        <fieldset class="field">
          <legend>{t(l, "projects.bid.budget")}</legend>
          <p class="hint">{t(l, "projects.error.adminCap", { percent: call.adminCapPercent })}</p>
          {rows.map((i) => (
            <div class="row">
              <SelectField name={`line${i}Kind`} label={`${t(l, "projects.bid.lineKind")} ${i}`} value={v(`line${i}Kind`)} errors={s?.errors} options={options(l, LINE_KINDS, (k) => `projects.line.${k}`)} />
              <TextField name={`line${i}Item`} label={`${t(l, "projects.bid.lineItem")} ${i}`} value={v(`line${i}Item`)} errors={s?.errors} maxLength={60} />
              <TextField name={`line${i}Amount`} type="number" label={`${t(l, "projects.bid.lineAmount")} ${i}`} value={v(`line${i}Amount`)} errors={s?.errors} inputMode="numeric" />
            </div>
          ))}
        </fieldset>
        <ChoiceGroup
          type="checkbox"
          name="team"
          legend={t(l, "projects.bid.team")}
          hint={t(l, "projects.bid.certifiedShare", { share: certified })}
          options={props.workers.map((w) => ({ value: w.id, label: `${w.name}（${t(l, `projects.qualification.${w.qualification}`)}）` }))}
          selected={props.workers.filter((w) => values[`team.${w.id}`] === "1").map((w) => w.id)}
          errors={s?.errors}
        />
        <SelectField name="lead" label={t(l, "projects.bid.lead")} value={v("lead")} errors={s?.errors} placeholder={t(l, "projects.choose")} options={props.workers.map((w) => ({ value: w.id, label: w.name }))} />
        <button type="submit">{t(l, "projects.bid.saveDraft")}</button>
      </form>
      <script nonce={page.nonce}>{raw(BID_AUTOSAVE_JS)}</script>
    </Layout>
  );
}

export function BidPage(props: {
  page: PageInfo;
  bid: BidView;
  call: CallView;
  categories: Category[];
  areas: AreaName[];
  own: boolean;
  canManage: boolean;
  contractId: string | null;
  saved?: string;
  state?: FormState;
  delivery?: string | undefined;
  receiptNotice?: Child;
}) {
  const { page, bid, call } = props;
  const l = page.locale;
  const act = stateFor(props.state, "action");
  const ret = stateFor(props.state, "return");
  const con = stateFor(props.state, "contract");
  const category = props.categories.find((c) => c.id === bid.categoryId);
  const certified = bid.team.length ? Math.round((100 * bid.team.filter((m) => m.certified).length) / bid.team.length) : 0;
  const action = (path: string, label: string) => (
    <form method="post" action={`${page.base}/projects/bids/${bid.id}/${path}`}>
      <CsrfField token={page.csrfToken} />
      <input type="hidden" name="version" value={String(bid.version)} />
      <button type="submit">{label}</button>
    </form>
  );
  return (
    <Layout page={page} title={bid.title || call.title}>
      <h1>{bid.title || call.title}</h1>
      <Saved locale={l} saved={props.saved} keys={{ bid: "projects.bid.saved", submitted: "projects.bid.submitted", withdrawn: "projects.bid.withdrawn", returned: "projects.bid.returned", contract: "projects.contract.saved" }} />
      {props.receiptNotice}
      <ErrorSummary locale={l} errors={act?.errors ?? []} message={act?.message} />
      <dl class="facts">
        <dt>{t(l, "projects.bid.status")}</dt>
        <dd>
          {t(l, `projects.bidStatus.${bid.status}`)}
          {props.delivery ? ` · ${t(l, "notifications.delivery")}: ${props.delivery}` : ""}
        </dd>
        <dt>{t(l, "projects.bid.organization")}</dt>
        <dd>{bid.organizationName}</dd>
        <dt>{t(l, "projects.calls.title")}</dt>
        <dd>
          <a href={`${page.base}/projects/calls/${call.id}`}>{call.title}</a>
        </dd>
        <dt>{t(l, "projects.bid.category")}</dt>
        <dd>{category ? (l === "en" ? category.nameEn : category.nameZh) : t(l, "projects.none")}</dd>
        <dt>{t(l, "projects.bid.community")}</dt>
        <dd>{bid.communityCode ? areaName(l, props.areas, bid.communityCode) : t(l, "projects.none")}</dd>
        <dt>{t(l, "projects.bid.amount")}</dt>
        <dd>{yuan(l, bid.amountYuan)}</dd>
        <dt>{t(l, "projects.bid.beneficiaries")}</dt>
        <dd>{bid.beneficiaries}</dd>
        <dt>{t(l, "projects.bid.volunteers")}</dt>
        <dd>{bid.volunteers}</dd>
        {bid.returnReason ? (
          <>
            <dt>{t(l, "projects.bid.returnReason")}</dt>
            <dd>{bid.returnReason}</dd>
          </>
        ) : null}
      </dl>
      <h2>{t(l, "projects.bid.targetGroup")}</h2>
      <p class="prewrap">{bid.targetGroup}</p>
      <h2>{t(l, "projects.bid.activities")}</h2>
      <p class="prewrap">{bid.activities}</p>
      <h2>{t(l, "projects.bid.indicators")}</h2>
      <p class="prewrap">{bid.indicators}</p>
      <h2>{t(l, "projects.bid.budget")}</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t(l, "projects.bid.lineKind")}</th>
              <th scope="col">{t(l, "projects.bid.lineItem")}</th>
              <th scope="col">{t(l, "projects.bid.lineAmount")}</th>
            </tr>
          </thead>
          <tbody>
            {bid.lines.map((line) => (
              <tr>
                <td>{t(l, `projects.line.${line.kind}`)}</td>
                <td>{line.item}</td>
                <td>{yuan(l, line.amountYuan)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t(l, "projects.bid.team")}</h2>
      <p>{t(l, "projects.bid.certifiedShare", { share: certified })}</p>
      <ul>
        {bid.team.map((m) => (
          <li>
            {m.name}（{t(l, `projects.qualification.${m.qualification}`)}）{m.lead ? ` · ${t(l, "projects.bid.lead")}` : ""}
          </li>
        ))}
      </ul>
      <div class="actions">
        {props.own && (bid.status === "draft" || bid.status === "returned") ? (
          <a class="button" href={`${page.base}/projects/calls/${call.id}/bid`}>
            {t(l, "projects.bid.saveDraft")}
          </a>
        ) : null}
        {props.own && (bid.status === "draft" || bid.status === "returned") ? action("submit", t(l, "projects.bid.submit")) : null}
        {props.own && ["draft", "submitted", "returned"].includes(bid.status) ? action("withdraw", t(l, "projects.bid.withdraw")) : null}
      </div>
      {props.canManage && bid.status === "submitted" ? <EligibilityForm page={page} bid={bid} state={props.state} /> : null}
      {props.canManage && bid.status === "submitted" ? (
        <>
          <h2>{t(l, "projects.bid.return")}</h2>
          <ErrorSummary locale={l} errors={ret?.errors ?? []} message={ret?.message} />
          <form class="stack" method="post" action={`${page.base}/projects/bids/${bid.id}/return`} novalidate>
            <CsrfField token={page.csrfToken} />
            <input type="hidden" name="version" value={String(bid.version)} />
            <TextArea name="reason" label={t(l, "projects.bid.returnReason")} value={ret?.values.reason} errors={ret?.errors} required maxLength={1000} />
            <button type="submit">{t(l, "projects.bid.return")}</button>
          </form>
        </>
      ) : null}
      {props.contractId ? (
        <p>
          <a href={`${page.base}/projects/contracts/${props.contractId}`}>{t(l, "projects.bid.contract")}</a>
        </p>
      ) : props.canManage && bid.status === "awarded" ? (
        <>
          <h2>{t(l, "projects.bid.makeContract")}</h2>
          <ErrorSummary locale={l} errors={con?.errors ?? []} message={con?.message} />
          <form class="stack" method="post" action={`${page.base}/projects/bids/${bid.id}/contract`} novalidate>
            <CsrfField token={page.csrfToken} />
            <TextField name="startsOn" type="date" label={t(l, "projects.contract.startsOn")} value={con?.values.startsOn} errors={con?.errors} required />
            <TextField name="endsOn" type="date" label={t(l, "projects.contract.endsOn")} value={con?.values.endsOn} errors={con?.errors} required />
            <TextArea name="deliverables" label={t(l, "projects.contract.deliverables")} value={con?.values.deliverables ?? bid.indicators} errors={con?.errors} required maxLength={4000} />
            <button type="submit">{t(l, "projects.contract.create")}</button>
          </form>
        </>
      ) : null}
    </Layout>
  );
}

export function MyBidsPage(props: { page: PageInfo; bids: (BidView & { receiptNo: string | null })[] }) {
  const { page } = props;
  const l = page.locale;
  return (
    <Layout page={page} title={t(l, "projects.bids.mine")}>
      <h1>{t(l, "projects.bids.mine")}</h1>
      <p>
        <a href={`${page.base}/projects/calls`}>{t(l, "projects.calls.title")}</a>
      </p>
      {props.bids.length === 0 ? <p>{t(l, "projects.bids.empty")}</p> : null}
      <ul>
        {props.bids.map((b) => (
          <li>
            <a href={`${page.base}/projects/bids/${b.id}`}>{b.title || b.id}</a> · {yuan(l, b.amountYuan)} · {t(l, `projects.bidStatus.${b.status}`)}
            <ReceiptNo locale={l} no={b.receiptNo} />
          </li>
        ))}
      </ul>
    </Layout>
  );
}
