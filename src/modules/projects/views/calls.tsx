import { t } from "../../../i18n/messages";
import { ChoiceGroup, ErrorSummary, SelectField, TextArea, TextField } from "../../../ui/form";
import { CsrfField, Layout, type PageInfo } from "../../../ui/layout";
import type { BidView } from "../domain/bids";
import type { CallView } from "../domain/calls";
import type { Category } from "../domain/catalogue";
import { CALL_KINDS } from "../schemas";
import { areaName, options, Saved, yuan, type AreaName, type FormState } from "./parts";

const categoryNames = (l: string, categories: Category[], ids: string[]) =>
  ids
    .map((id) => categories.find((c) => c.id === id))
    .filter(Boolean)
    .map((c) => (l === "en" ? c!.nameEn : c!.nameZh))
    .join(l === "en" ? ", " : "、");

export function CallsPage(props: { page: PageInfo; calls: CallView[]; categories: Category[]; areas: AreaName[]; canCreate: boolean }) {
  const { page } = props;
  const l = page.locale;
  return (
    <Layout page={page} title={t(l, "projects.calls.title")}>
      <h1>{t(l, "projects.calls.title")}</h1>
      <p class="lead">{t(l, "projects.calls.intro")}</p>
      {props.canCreate ? (
        <p>
          <a class="button" href={`${page.base}/projects/calls/new`}>
            {t(l, "projects.calls.new")}
          </a>
        </p>
      ) : null}
      {props.calls.length === 0 ? <p>{t(l, "projects.calls.empty")}</p> : null}
      {props.calls.length ? (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t(l, "projects.call.title")}</th>
                <th scope="col">{t(l, "projects.call.kind")}</th>
                <th scope="col">{t(l, "projects.call.level")}</th>
                <th scope="col">{t(l, "projects.call.window")}</th>
                <th scope="col">{t(l, "projects.call.total")}</th>
                <th scope="col">{t(l, "projects.call.status")}</th>
              </tr>
            </thead>
            <tbody>
              {props.calls.map((call) => (
                <tr>
                  <td>
                    <a href={`${page.base}/projects/calls/${call.id}`}>{call.title}</a>
                  </td>
                  <td>{t(l, `projects.kind.${call.kind}`)}</td>
                  <td>{areaName(l, props.areas, call.areaCode)}</td>
                  <td>
                    {call.opensOn} – {call.closesOn}
                  </td>
                  <td>{yuan(l, call.totalBudgetYuan)}</td>
                  <td>{t(l, `projects.callStatus.${call.status}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </Layout>
  );
}

export function CallFormPage(props: { page: PageInfo; categories: Category[]; levels: { value: string; label: string }[]; defaults: Record<string, string>; state?: FormState }) {
  const { page } = props;
  const l = page.locale;
  const s = props.state;
  const v = (k: string) => s?.values[k] ?? props.defaults[k] ?? "";
  const chosen = s
    ? Object.keys(s.values)
        .filter((k) => k.startsWith("categoryIds."))
        .map((k) => k.slice(12))
    : [];
  return (
    <Layout page={page} title={t(l, "projects.calls.new")}>
      <h1>{t(l, "projects.calls.new")}</h1>
      <ErrorSummary locale={l} errors={s?.errors ?? []} message={s?.message} />
      <form class="stack" method="post" action={`${page.base}/projects/calls`} novalidate>
        <CsrfField token={page.csrfToken} />
        <SelectField name="kind" label={t(l, "projects.call.kind")} value={v("kind")} errors={s?.errors} required options={options(l, CALL_KINDS, (k) => `projects.kind.${k}`)} />
        <TextField name="title" label={t(l, "projects.call.title")} value={v("title")} errors={s?.errors} required maxLength={80} />
        <TextArea name="description" label={t(l, "projects.call.description")} value={v("description")} errors={s?.errors} required maxLength={4000} />
        <TextArea name="needs" label={t(l, "projects.call.needs")} value={v("needs")} errors={s?.errors} maxLength={2000} />
        <TextField name="year" type="number" label={t(l, "projects.call.year")} value={v("year")} errors={s?.errors} required inputMode="numeric" />
        <SelectField name="areaCode" label={t(l, "projects.call.level")} value={v("areaCode")} errors={s?.errors} options={props.levels} />
        <ChoiceGroup type="checkbox" name="categoryIds" legend={t(l, "projects.call.categories")} options={props.categories.map((c) => ({ value: c.id, label: l === "en" ? c.nameEn : c.nameZh }))} selected={chosen} errors={s?.errors} />
        <TextField name="opensOn" type="date" label={t(l, "projects.call.opensOn")} value={v("opensOn")} errors={s?.errors} required />
        <TextField name="closesOn" type="date" label={t(l, "projects.call.closesOn")} value={v("closesOn")} errors={s?.errors} required />
        <TextField name="projectCapYuan" type="number" label={t(l, "projects.call.cap")} value={v("projectCapYuan")} errors={s?.errors} required inputMode="numeric" />
        <TextField name="totalBudgetYuan" type="number" label={t(l, "projects.call.total")} value={v("totalBudgetYuan")} errors={s?.errors} required inputMode="numeric" />
        <TextField name="minRegistrationMonths" type="number" label={t(l, "projects.call.minMonths")} value={v("minRegistrationMonths")} errors={s?.errors} inputMode="numeric" />
        <SelectField
          name="allowFoundingTeams"
          label={t(l, "projects.call.foundingTeams")}
          value={v("allowFoundingTeams")}
          errors={s?.errors}
          options={[
            { value: "0", label: t(l, "projects.no") },
            { value: "1", label: t(l, "projects.yes") },
          ]}
        />
        <TextField name="adminCapPercent" type="number" label={t(l, "projects.call.adminCap")} value={v("adminCapPercent")} errors={s?.errors} inputMode="numeric" />
        <TextField name="instalments" label={t(l, "projects.call.instalments")} value={v("instalments")} errors={s?.errors} />
        <TextArea name="materials" label={t(l, "projects.call.materials")} value={v("materials")} errors={s?.errors} maxLength={2000} />
        <button type="submit">{t(l, "projects.call.submit")}</button>
      </form>
    </Layout>
  );
}

export function CallPage(props: { page: PageInfo; call: CallView; categories: Category[]; areas: AreaName[]; canManage: boolean; canBid: boolean; open: boolean; bids: BidView[] | null; saved?: string; message?: string }) {
  const { page, call } = props;
  const l = page.locale;
  return (
    <Layout page={page} title={call.title}>
      <h1>{call.title}</h1>
      <Saved locale={l} saved={props.saved} keys={{ call: "projects.call.saved", published: "projects.call.published" }} />
      {props.message ? (
        <p class="notice error" role="alert">
          {props.message}
        </p>
      ) : null}
      <dl class="facts">
        <dt>{t(l, "projects.call.kind")}</dt>
        <dd>{t(l, `projects.kind.${call.kind}`)}</dd>
        <dt>{t(l, "projects.call.status")}</dt>
        <dd>{t(l, `projects.callStatus.${call.status}`)}</dd>
        <dt>{t(l, "projects.call.level")}</dt>
        <dd>{areaName(l, props.areas, call.areaCode)}</dd>
        <dt>{t(l, "projects.call.categories")}</dt>
        <dd>{categoryNames(l, props.categories, call.categoryIds)}</dd>
        <dt>{t(l, "projects.call.window")}</dt>
        <dd>
          {call.opensOn} – {call.closesOn}
        </dd>
        <dt>{t(l, "projects.call.cap")}</dt>
        <dd>{yuan(l, call.projectCapYuan)}</dd>
        <dt>{t(l, "projects.call.total")}</dt>
        <dd>{yuan(l, call.totalBudgetYuan)}</dd>
        <dt>{t(l, "projects.call.adminCap")}</dt>
        <dd>{call.adminCapPercent}%</dd>
        <dt>{t(l, "projects.call.instalments")}</dt>
        <dd>{call.instalments}</dd>
      </dl>
      <h2>{t(l, "projects.call.description")}</h2>
      <p class="prewrap">{call.description}</p>
      {call.needs ? (
        <>
          <h2>{t(l, "projects.call.needs")}</h2>
          <p class="prewrap">{call.needs}</p>
        </>
      ) : null}
      <h2>{t(l, "projects.call.eligibility")}</h2>
      <ul>
        {call.minRegistrationMonths > 0 ? (
          <li>
            {t(l, "projects.call.minMonths")}: {call.minRegistrationMonths}
          </li>
        ) : null}
        <li>
          {t(l, "projects.call.foundingTeams")}: {t(l, call.allowFoundingTeams ? "projects.yes" : "projects.no")}
        </li>
        <li>{t(l, "projects.call.creditRule")}</li>
      </ul>
      {call.materials ? (
        <>
          <h2>{t(l, "projects.call.materials")}</h2>
          <ul>
            {call.materials
              .split("\n")
              .filter(Boolean)
              .map((m) => (
                <li>{m}</li>
              ))}
          </ul>
        </>
      ) : null}
      {props.canBid && props.open ? (
        <p>
          <a class="button" href={`${page.base}/projects/calls/${call.id}/bid`}>
            {t(l, "projects.call.bid")}
          </a>
        </p>
      ) : null}
      {props.canManage && call.status === "draft" ? (
        <form method="post" action={`${page.base}/projects/calls/${call.id}/publish`}>
          <CsrfField token={page.csrfToken} />
          <input type="hidden" name="version" value={String(call.version)} />
          <button type="submit">{t(l, "projects.call.publish")}</button>
        </form>
      ) : null}
      {props.canManage && call.status !== "draft" ? (
        <p>
          <a class="button" href={`${page.base}/projects/calls/${call.id}/review`}>
            {t(l, "projects.review.title")}
          </a>
        </p>
      ) : null}
      {props.bids ? (
        <>
          <h2>{t(l, "projects.call.bids")}</h2>
          {props.bids.length === 0 ? <p>{t(l, "projects.bids.empty")}</p> : null}
          <ul>
            {props.bids.map((b) => (
              <li>
                <a href={`${page.base}/projects/bids/${b.id}`}>{b.title || b.organizationName}</a> · {b.organizationName} · {yuan(l, b.amountYuan)} · {t(l, `projects.bidStatus.${b.status}`)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Layout>
  );
}
