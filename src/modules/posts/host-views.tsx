import { t } from "../../i18n/messages";
import { ErrorSummary, SelectField, TextField } from "../../ui/form";
import { CsrfField, Layout, type PageInfo } from "../../ui/layout";
import { areaLabel, type Areas } from "./areas";
import { HOST_TYPES } from "./schemas";
import type { HostType } from "./tables";
import { options, SavedNotice, type FormState } from "./view-parts";
import { Table } from "../../ui/table";

// The hosts page: who may host posts, and the form to register one.

export interface HostRow {
  id: string;
  name: string;
  type: HostType;
  areaCode: string | null;
  posts: number;
}

export function HostsPage(props: { page: PageInfo; saved?: string; hosts: HostRow[]; areas: Areas; areaOptions: { value: string; label: string }[]; organizations: { id: string; name: string }[]; state?: FormState }) {
  const page = props.page;
  const l = page.locale;
  const s = props.state;
  return (
    <Layout page={page} title={t(l, "posts.hosts.title")}>
      <h1>{t(l, "posts.hosts.title")}</h1>
      <p class="lead">{t(l, "posts.hosts.intro")}</p>
      <SavedNotice locale={props.page.locale} saved={props.saved} keys={{ host: "posts.hosts.saved" }} />
      {props.hosts.length === 0 ? <p>{t(l, "posts.hosts.empty")}</p> : null}
      {props.hosts.length ? (
        <Table head={[t(l, "posts.hosts.name"), t(l, "posts.hosts.type"), t(l, "posts.field.area"), t(l, "posts.hosts.posts")]}>
          {props.hosts.map((h) => (
            <tr>
              <td>{h.name}</td>
              <td>{t(l, `posts.hostType.${h.type}`)}</td>
              <td>{areaLabel(props.areas, h.areaCode, l)}</td>
              <td>{h.posts}</td>
            </tr>
          ))}
        </Table>
      ) : null}
      <h2>{t(l, "posts.hosts.add")}</h2>
      <ErrorSummary locale={l} errors={s?.errors ?? []} message={s?.message} />
      <form class="stack" method="post" action={`${page.base}/posts/hosts`} novalidate>
        <CsrfField token={page.csrfToken} />
        <SelectField name="hostType" label={t(l, "posts.hosts.type")} value={s?.values.hostType} errors={s?.errors} required placeholder={t(l, "posts.choose")} options={options(l, HOST_TYPES, (k) => `posts.hostType.${k}`)} />
        <TextField name="name" label={t(l, "posts.hosts.name")} hint={t(l, "posts.hosts.nameHint")} value={s?.values.name} errors={s?.errors} maxLength={60} />
        <SelectField name="areaCode" label={t(l, "posts.field.area")} value={s?.values.areaCode} errors={s?.errors} options={props.areaOptions} />
        <SelectField
          name="organizationId"
          label={t(l, "posts.hosts.organization")}
          value={s?.values.organizationId}
          errors={s?.errors}
          placeholder={t(l, "posts.choose")}
          options={props.organizations.map((o) => ({ value: o.id, label: o.name }))}
        />
        <button type="submit">{t(l, "posts.hosts.submit")}</button>
      </form>
    </Layout>
  );
}
