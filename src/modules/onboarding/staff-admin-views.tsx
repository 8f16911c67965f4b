import { raw } from "hono/html";
import type { FieldError } from "../../http/errors";
import { t, type Locale } from "../../i18n/messages";
import type { District } from "../../district-lookup/district-registry";
import { SelectField, TextField } from "../../ui/form";
import { CsrfField, type PageInfo } from "../../ui/layout";
import type { AreaNode } from "../district";
import type { StaffMember } from "../staff";
import { INVITATION_DAYS, invitationState } from "./invitations";
import { INVITABLE_ROLES, type InvitationsTable } from "./tables";
import { beijingDateTime } from "../../lib/beijing-time";
import { AdminPage, StepDoneForm } from "./views";
import { Table } from "../../ui/table";

// The staff administration page: people with their roles, invitations, and the one-time link just issued.

// Hundreds of communities in one list: typing narrows it to the matching names or codes
// (a 街道's name keeps its whole group). Without JavaScript the grouped list works alone.
const SCOPE_FILTER_JS = `(function(){var w=document.getElementById("scope-filter"),f=document.getElementById("f-scope-filter"),s=document.getElementById("f-scope");if(!w||!f||!s)return;w.hidden=false;f.addEventListener("input",function(){var q=f.value.trim().toLowerCase(),first=null;s.querySelectorAll("optgroup").forEach(function(g){var all=g.label.toLowerCase().indexOf(q)>=0,any=false;g.querySelectorAll("option").forEach(function(o){var m=!q||all||o.textContent.toLowerCase().indexOf(q)>=0;o.hidden=!m;o.disabled=!m;if(m){any=true;first=first||o}});g.hidden=!any});var cur=s.options[s.selectedIndex];if(first&&(!cur||cur.hidden))first.selected=true})})();`;

export function scopeLabel(l: Locale, tree: AreaNode[], scope: string): string {
  if (scope === "") return t(l, "onboarding.staff.scopeDistrict");
  for (const s of tree) {
    if (s.code === scope) return `${s.name}（${s.code}）`;
    const c = s.communities.find((x) => x.code === scope);
    if (c) return `${s.name} ${c.name}（${c.code}）`;
  }
  return scope;
}

export interface IssuedLink {
  email: string;
  link: string;
  expiresAt: string;
}

/** The language an invitation goes in, for staff and a district's first admin alike. */
export function InvitationLocaleField(props: { locale: Locale; value?: string; errors?: FieldError[] }) {
  const l = props.locale;
  return (
    <SelectField
      name="locale"
      label={t(l, "onboarding.staff.locale")}
      hint={t(l, "onboarding.staff.localeHint")}
      options={(["zh-CN", "en"] as const).map((x) => ({ value: x, label: t(l, `onboarding.staff.locale.${x}`) }))}
      value={props.value ?? "zh-CN"}
      errors={props.errors}
    />
  );
}

export function IssuedLinkNotice(props: { locale: Locale; issued: IssuedLink }) {
  const l = props.locale;
  return (
    <div class="notice ok" role="status">
      <p>{t(l, "onboarding.staff.linkFor", { email: props.issued.email, expires: beijingDateTime(props.issued.expiresAt) })}</p>
      <div class="field">
        <label for="invitation-link">{t(l, "onboarding.staff.link")}</label>
        <input id="invitation-link" type="text" readonly value={props.issued.link} class="link-output" />
      </div>
    </div>
  );
}

export type InvitationRow = Pick<InvitationsTable, "id" | "email" | "role" | "scope_area" | "status" | "expires_at" | "created_at"> & { delivery?: string | undefined };

export function StaffAdminPage(props: {
  page: PageInfo;
  /** The signed-in admin, whose own roles cannot be removed here. */
  me?: string;
  district: District;
  tree: AreaNode[];
  invitations: InvitationRow[];
  people: StaffMember[];
  issued?: IssuedLink;
  status?: string;
  message?: string;
  values?: Record<string, string>;
  errors?: FieldError[];
}) {
  const page = props.page;
  const l = page.locale;
  const d = props.district;
  const v = props.values ?? {};
  const me = props.me;
  // Revoked areas label old grants but are not offered for new ones.
  const scopeGroups = props.tree
    .filter((s) => !s.revoked)
    .map((s) => ({
      label: s.name,
      options: [{ value: s.code, label: `${s.name}（${s.code}）` }, ...s.communities.filter((c) => !c.revoked).map((c) => ({ value: c.code, label: `　${c.name}（${c.code}）` }))],
    }));
  return (
    <AdminPage page={page} district={d} step="staff" title={t(l, "onboarding.step.staff")} status={props.status} errors={props.errors} message={props.message}>
      <p class="lead">{t(l, "onboarding.staff.intro", { days: INVITATION_DAYS })}</p>
      {props.issued ? <IssuedLinkNotice locale={l} issued={props.issued} /> : null}
      <section aria-labelledby="invite-title">
        <h2 id="invite-title">{t(l, "onboarding.staff.invite")}</h2>
        <form class="stack" method="post" action={`${page.base}/admin/staff/invitations`} novalidate>
          <CsrfField token={page.csrfToken} />
          <TextField name="email" type="email" label={t(l, "onboarding.staff.email")} value={v.email} errors={props.errors} required maxLength={254} />
          <SelectField name="role" label={t(l, "onboarding.staff.role")} options={INVITABLE_ROLES.map((r) => ({ value: r, label: t(l, `role.${r}`) }))} value={v.role ?? "subdistrict_staff"} errors={props.errors} />
          <div class="field" id="scope-filter" hidden>
            <label for="f-scope-filter">{t(l, "onboarding.scope.filter")}</label>
            <input type="search" id="f-scope-filter" aria-controls="f-scope" autocomplete="off" />
          </div>
          <SelectField
            name="scope"
            label={t(l, "onboarding.staff.scope")}
            hint={t(l, "onboarding.staff.scopeHint")}
            options={[{ value: "", label: t(l, "onboarding.staff.scopeDistrict") }]}
            groups={scopeGroups}
            value={v.scope ?? ""}
            errors={props.errors}
          />
          <InvitationLocaleField locale={l} value={v.locale} errors={props.errors} />
          <button type="submit">{t(l, "onboarding.staff.inviteSubmit")}</button>
        </form>
        <script nonce={page.nonce}>{raw(SCOPE_FILTER_JS)}</script>
      </section>

      <section aria-labelledby="invitations-title">
        <h2 id="invitations-title">{t(l, "onboarding.staff.invitations")}</h2>
        {props.invitations.length === 0 ? (
          <p>{t(l, "onboarding.staff.noInvitations")}</p>
        ) : (
          <Table head={[t(l, "staff.email"), t(l, "onboarding.staff.role"), t(l, "onboarding.staff.scope"), t(l, "staff.status"), t(l, "onboarding.staff.expires"), t(l, "notifications.delivery"), t(l, "onboarding.areas.actions")]}>
            {props.invitations.map((inv) => {
              const state = invitationState(inv);
              return (
                <tr>
                  <td>{inv.email}</td>
                  <td>{t(l, `role.${inv.role}`)}</td>
                  <td>{scopeLabel(l, props.tree, inv.scope_area)}</td>
                  <td>
                    <span class={`badge ${state === "used" ? "ok" : state === "valid" ? "warn" : "bad"}`}>{t(l, `onboarding.staff.state.${state}`)}</span>
                  </td>
                  <td>{beijingDateTime(inv.expires_at)}</td>
                  <td>{inv.delivery ?? t(l, "notifications.status.skipped")}</td>
                  <td class="actions">
                    {inv.status === "pending" ? (
                      <>
                        <form method="post" action={`${page.base}/admin/staff/invitations/${inv.id}/resend`}>
                          <CsrfField token={page.csrfToken} />
                          <button type="submit" class="secondary" aria-label={`${t(l, "onboarding.staff.resend")} ${inv.email}`}>
                            {t(l, "onboarding.staff.resend")}
                          </button>
                        </form>
                        <form method="post" action={`${page.base}/admin/staff/invitations/${inv.id}/revoke`}>
                          <CsrfField token={page.csrfToken} />
                          <button type="submit" class="secondary" aria-label={`${t(l, "onboarding.staff.revoke")} ${inv.email}`}>
                            {t(l, "onboarding.staff.revoke")}
                          </button>
                        </form>
                      </>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </Table>
        )}
      </section>

      <section aria-labelledby="people-title">
        <h2 id="people-title">{t(l, "onboarding.staff.people")}</h2>
        {props.people.length === 0 ? (
          <p>{t(l, "onboarding.staff.noPeople")}</p>
        ) : (
          <Table head={[t(l, "staff.name"), t(l, "staff.email"), t(l, "staff.roles"), t(l, "staff.status"), t(l, "onboarding.areas.actions")]}>
            {props.people.map((m) => (
              <tr>
                <td>{m.displayName}</td>
                <td>{m.email}</td>
                <td>{m.grants.map((g) => `${t(l, `role.${g.role}`)}（${scopeLabel(l, props.tree, g.scopeArea)}）`).join("；")}</td>
                <td>
                  <span class={`badge ${m.status === "active" ? "ok" : "bad"}`}>{t(l, `staff.status.${m.status}`)}</span>
                </td>
                <td>
                  {m.id === me ? null : (
                    <form method="post" action={`${page.base}/admin/staff/users/${m.id}/${m.status === "active" ? "deactivate" : "reactivate"}`}>
                      <CsrfField token={page.csrfToken} />
                      <button type="submit" class="secondary" aria-label={`${t(l, m.status === "active" ? "onboarding.staff.deactivate" : "onboarding.staff.reactivate")} ${m.displayName}`}>
                        {t(l, m.status === "active" ? "onboarding.staff.deactivate" : "onboarding.staff.reactivate")}
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </Table>
        )}
      </section>

      <StepDoneForm page={page} district={d} step="staff" label="onboarding.staff.doneStep" />
    </AdminPage>
  );
}
