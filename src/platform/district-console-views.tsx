import type { Context } from "hono";
import type { AppEnv } from "../env";
import type { FieldError } from "../http/errors";
import { actionLabel } from "../audit/action-label";
import { t } from "../i18n/messages";
import { INVITATION_DAYS, InvitationLocaleField, type IssuedLink, IssuedLinkNotice, invitationState } from "../modules";
import { shardNames, type District } from "../district-lookup/district-registry";
import { ErrorSummary, SelectField, TextArea, TextField } from "../ui/form";
import { CsrfField, districtDisplayName, Layout, pageInfo } from "../ui/layout";
import { beijingDateTime, beijingToday } from "../lib/beijing-time";
import { missingCalendarYears } from "./calendar";
import { type DistrictFigures, type DetailData, maskEmail, leastLoadedShard } from "./district-console-data";
import { tenantFileName } from "./districts";

// The operator console's district pages: the list with figures, the creation form,
// one district's detail (invitation, status, deletion) and the deletion report.

const statusBadge = (status: District["status"]) => (status === "active" ? "ok" : status === "suspended" ? "bad" : "warn");

export function ConsoleList(props: { c: Context<AppEnv>; districts: District[]; hostnames: Map<string, string[]>; figures: Map<string, DistrictFigures>; status?: string }) {
  const page = pageInfo(props.c);
  const l = page.locale;
  const operator = props.c.get("operator")!;
  return (
    <Layout page={page} title={t(l, "platform.console")}>
      <h1>{t(l, "platform.console")}</h1>
      <div class="operator-bar">
        <span>{operator.displayName}</span>
        <form method="post" action="/platform/logout">
          <CsrfField token={page.csrfToken} />
          <button type="submit" class="linkbutton">
            {t(l, "layout.signOut")}
          </button>
        </form>
      </div>
      {props.status ? (
        <p class="notice ok" role="status">
          {props.status}
        </p>
      ) : null}
      {missingCalendarYears(beijingToday()).map((year) => (
        <p class="notice warn" role="status">
          {t(l, "platform.calendar.missing", { year })} <a href="/platform/calendar">{t(l, "platform.calendar.link")}</a>
        </p>
      ))}
      <p>
        <a href="/platform/calendar">{t(l, "platform.calendar.link")}</a>
      </p>
      <h2>{t(l, "onboarding.console.districts")}</h2>
      <p>
        <a class="button" href="/platform/districts/new">
          {t(l, "onboarding.console.new")}
        </a>
      </p>
      <p>{t(l, "onboarding.console.noPersonalData")}</p>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t(l, "areas.code")}</th>
              <th scope="col">{t(l, "areas.name")}</th>
              <th scope="col">{t(l, "staff.status")}</th>
              <th scope="col">{t(l, "platform.shard")}</th>
              <th scope="col">{t(l, "platform.hostnames")}</th>
              <th scope="col">{t(l, "onboarding.console.organizations")}</th>
              <th scope="col">{t(l, "onboarding.console.users")}</th>
              <th scope="col">{t(l, "onboarding.console.lastActivity")}</th>
            </tr>
          </thead>
          <tbody>
            {props.districts.map((d) => {
              const f = props.figures.get(d.code);
              return (
                <tr>
                  <th scope="row">{d.code}</th>
                  <td>
                    <a href={`/platform/districts/${d.code}`}>{districtDisplayName(d, l)}</a>
                  </td>
                  <td>
                    <span class={`badge ${statusBadge(d.status)}`}>{t(l, `platform.status.${d.status}`)}</span>
                    {d.statusReason ? <div>{d.statusReason}</div> : null}
                  </td>
                  <td>{d.shard}</td>
                  <td>{(props.hostnames.get(d.code) ?? []).join(", ")}</td>
                  <td>{f ? f.organizations : "?"}</td>
                  <td>{f ? f.users : "?"}</td>
                  <td>{f?.lastActivity ? <time datetime={f.lastActivity}>{beijingDateTime(f.lastActivity)}</time> : t(l, "onboarding.console.never")}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}

export function CreatePage(props: { c: Context<AppEnv>; districts: District[]; values?: Record<string, string>; errors?: FieldError[] }) {
  const page = pageInfo(props.c);
  const l = page.locale;
  const v = props.values ?? {};
  const e = props.errors;
  const shards = shardNames(props.c.env);
  return (
    <Layout page={page} title={t(l, "onboarding.console.create.title")}>
      <p>
        <a href="/platform">{t(l, "platform.console")}</a>
      </p>
      <h1>{t(l, "onboarding.console.create.title")}</h1>
      <ErrorSummary locale={l} errors={e ?? []} />
      <form class="stack" method="post" action="/platform/districts" novalidate>
        <CsrfField token={page.csrfToken} />
        <TextField name="code" label={t(l, "onboarding.console.create.code")} hint={t(l, "onboarding.console.create.codeHint")} value={v.code} errors={e} required maxLength={6} inputMode="numeric" />
        <TextField name="nameZh" label={t(l, "onboarding.profile.nameZh")} value={v.nameZh} errors={e} required maxLength={60} />
        <TextField name="nameEn" label={t(l, "onboarding.profile.nameEn")} value={v.nameEn} errors={e} required maxLength={120} />
        <TextField name="parentNameZh" label={t(l, "onboarding.profile.parentNameZh")} value={v.parentNameZh} errors={e} maxLength={60} />
        <TextField name="parentNameEn" label={t(l, "onboarding.profile.parentNameEn")} value={v.parentNameEn} errors={e} maxLength={120} />
        <TextArea name="hostnames" label={t(l, "onboarding.console.create.hostnames")} hint={t(l, "onboarding.console.create.hostnamesHint")} value={v.hostnames} errors={e} rows={3} maxLength={2000} />
        <SelectField
          name="shard"
          label={t(l, "onboarding.console.create.shard")}
          options={[
            { value: "auto", label: t(l, "onboarding.console.create.shardAuto", { shard: leastLoadedShard(props.c.env, props.districts) }) },
            ...shards.map((s) => ({ value: s, label: t(l, "onboarding.console.create.shardOption", { shard: s, count: props.districts.filter((d) => d.shard === s).length }) })),
          ]}
          value={v.shard ?? "auto"}
          errors={e}
        />
        <button type="submit">{t(l, "onboarding.console.create.submit")}</button>
      </form>
    </Layout>
  );
}

type Section = "invite" | "status" | "delete";

export function DetailPage(props: { c: Context<AppEnv>; data: DetailData; issued?: IssuedLink; status?: string; section?: Section; values?: Record<string, string>; errors?: FieldError[]; message?: string }) {
  const page = pageInfo(props.c);
  const l = page.locale;
  const { district: d, figures: f } = props.data;
  const errorsFor = (s: Section) => (props.section === s ? props.errors : undefined);
  const suspended = d.status === "suspended";
  return (
    <Layout page={page} title={districtDisplayName(d, l)}>
      <p>
        <a href="/platform">{t(l, "platform.console")}</a>
      </p>
      <h1>
        {districtDisplayName(d, l)} <small>{d.code}</small>
      </h1>
      {props.status ? (
        <p class="notice ok" role="status">
          {props.status}
        </p>
      ) : null}
      <ErrorSummary locale={l} errors={props.errors ?? []} message={props.message} />
      <h2>{t(l, "onboarding.console.detail.summary")}</h2>
      <dl class="summary">
        <dt>{t(l, "staff.status")}</dt>
        <dd>
          <span class={`badge ${statusBadge(d.status)}`}>{t(l, `platform.status.${d.status}`)}</span> {d.statusReason ?? ""}
        </dd>
        <dt>{t(l, "platform.shard")}</dt>
        <dd>
          {d.shard} · <a href={`/platform/districts/${d.code}/move`}>{t(l, "ops.move.title")}</a>
        </dd>
        <dt>{t(l, "platform.hostnames")}</dt>
        <dd>{props.data.hostnames.join(", ") || "-"}</dd>
        <dt>{t(l, "onboarding.console.organizations")}</dt>
        <dd>{f?.organizations ?? "?"}</dd>
        <dt>{t(l, "onboarding.console.users")}</dt>
        <dd>{f?.users ?? "?"}</dd>
        <dt>{t(l, "onboarding.console.lastActivity")}</dt>
        <dd>{f?.lastActivity ? beijingDateTime(f.lastActivity) : t(l, "onboarding.console.never")}</dd>
      </dl>

      <section aria-labelledby="invite">
        <h2 id="invite">{t(l, "onboarding.console.detail.invite")}</h2>
        {props.issued ? <IssuedLinkNotice locale={l} issued={props.issued} /> : null}
        <p>{t(l, "onboarding.console.detail.inviteIntro", { days: INVITATION_DAYS })}</p>
        {!suspended ? (
          <form class="stack" method="post" action={`/platform/districts/${d.code}/invitations`} novalidate>
            <CsrfField token={page.csrfToken} />
            <TextField name="email" type="email" label={t(l, "onboarding.console.detail.inviteEmail")} value={props.section === "invite" ? props.values?.email : undefined} errors={errorsFor("invite")} required maxLength={254} />
            <InvitationLocaleField locale={l} value={props.section === "invite" ? props.values?.locale : undefined} errors={errorsFor("invite")} />
            <button type="submit">{t(l, "onboarding.staff.inviteSubmit")}</button>
          </form>
        ) : null}
        {props.data.invitations.length ? (
          <>
            <h3>{t(l, "onboarding.console.detail.invitations")}</h3>
            <div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t(l, "staff.email")}</th>
                    <th scope="col">{t(l, "staff.status")}</th>
                    <th scope="col">{t(l, "onboarding.staff.expires")}</th>
                    <th scope="col">{t(l, "notifications.delivery")}</th>
                    <th scope="col">{t(l, "onboarding.areas.actions")}</th>
                  </tr>
                </thead>
                <tbody>
                  {props.data.invitations.map((inv) => (
                    <tr>
                      <td>{maskEmail(inv.email)}</td>
                      <td>{t(l, `onboarding.staff.state.${invitationState(inv)}`)}</td>
                      <td>{beijingDateTime(inv.expires_at)}</td>
                      <td>{inv.delivery ?? t(l, "notifications.status.skipped")}</td>
                      <td>
                        {inv.status === "pending" && !suspended ? (
                          <form method="post" action={`/platform/districts/${d.code}/invitations/${inv.id}/resend`}>
                            <CsrfField token={page.csrfToken} />
                            <button type="submit">{t(l, "onboarding.staff.resend")}</button>
                          </form>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        ) : null}
      </section>

      <section aria-labelledby="status">
        <h2 id="status">{t(l, "onboarding.console.detail.status")}</h2>
        <form class="stack" method="post" action={`/platform/districts/${d.code}/${suspended ? "reactivate" : "suspend"}`} novalidate>
          <CsrfField token={page.csrfToken} />
          <TextField
            name="reason"
            label={t(l, "onboarding.console.detail.reason")}
            hint={t(l, "onboarding.console.detail.reasonHint")}
            value={props.section === "status" ? props.values?.reason : undefined}
            errors={errorsFor("status")}
            required
            maxLength={200}
          />
          <button type="submit" class={suspended ? undefined : "danger"}>
            {t(l, suspended ? "onboarding.console.detail.reactivate" : "onboarding.console.detail.suspend")}
          </button>
        </form>
      </section>

      <section aria-labelledby="tenant-file">
        <h2 id="tenant-file">{t(l, "onboarding.console.detail.tenantFile")}</h2>
        <p>{t(l, "onboarding.console.detail.tenantFileIntro")}</p>
        <p>
          <a href={`/platform/districts/${d.code}/tenant.json`} download>
            {t(l, "onboarding.console.detail.download", { file: tenantFileName(d) })}
          </a>
        </p>
      </section>

      <section aria-labelledby="history">
        <h2 id="history">{t(l, "onboarding.console.detail.history")}</h2>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t(l, "audit.at")}</th>
                <th scope="col">{t(l, "audit.action")}</th>
                <th scope="col">{t(l, "onboarding.console.detail.reason")}</th>
              </tr>
            </thead>
            <tbody>
              {props.data.history.map((h) => (
                <tr>
                  <td>{beijingDateTime(h.at)}</td>
                  <td>{actionLabel(l, h.action)}</td>
                  <td>{String((JSON.parse(h.summary_json) as { note?: string }).note ?? "")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="delete">
        <h2 id="delete">{t(l, "onboarding.console.detail.delete")}</h2>
        <p>{t(l, "onboarding.console.detail.deleteIntro")}</p>
        {d.status === "active" ? (
          <p>{t(l, "onboarding.console.detail.deleteOnlySuspended")}</p>
        ) : (
          <form class="stack" method="post" action={`/platform/districts/${d.code}/delete`} novalidate>
            <CsrfField token={page.csrfToken} />
            <TextField name="confirm" label={t(l, "onboarding.console.detail.confirm", { code: d.code })} errors={errorsFor("delete")} required maxLength={20} autocomplete="off" />
            <button type="submit" class="danger">
              {t(l, "onboarding.console.detail.deleteSubmit")}
            </button>
          </form>
        )}
      </section>
    </Layout>
  );
}

export function DeletedPage(props: { c: Context<AppEnv>; district: District; before: Record<string, number>; after: Record<string, number>; done: boolean }) {
  const page = pageInfo(props.c);
  const l = page.locale;
  const d = props.district;
  return (
    <Layout page={page} title={t(l, "onboarding.console.deleted.title")}>
      <p>
        <a href="/platform">{t(l, "platform.console")}</a>
      </p>
      <h1>{t(l, "onboarding.console.deleted.title")}</h1>
      <p class={`notice ${props.done ? "ok" : ""}`} role="status">
        {props.done ? t(l, "onboarding.console.deleted.body", { district: districtDisplayName(d, l), code: d.code, shard: d.shard }) : t(l, "onboarding.console.deleted.partial")}
      </p>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t(l, "onboarding.export.table")}</th>
              <th scope="col">{t(l, "onboarding.console.deleted.before")}</th>
              <th scope="col">{t(l, "onboarding.console.deleted.after")}</th>
            </tr>
          </thead>
          <tbody>
            {Object.keys(props.before).map((table) => (
              <tr>
                <th scope="row">{table}</th>
                <td>{props.before[table]}</td>
                <td>{props.after[table] ?? 0}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {props.done ? null : (
        <form method="post" action={`/platform/districts/${d.code}/delete`}>
          <CsrfField token={page.csrfToken} />
          <input type="hidden" name="confirm" value={d.code} />
          <button type="submit" class="danger">
            {t(l, "onboarding.console.detail.deleteSubmit")}
          </button>
        </form>
      )}
    </Layout>
  );
}
