import { t } from "../../i18n/messages";
import { Layout, type PageInfo } from "../../ui/layout";
import type { StaffMember } from "./queries";

export function StaffPage(props: { page: PageInfo; members: StaffMember[] }) {
  const page = props.page;
  const l = page.locale;
  return (
    <Layout page={page} title={t(l, "staff.title")}>
      <h1>{t(l, "staff.title")}</h1>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t(l, "staff.name")}</th>
              <th scope="col">{t(l, "staff.email")}</th>
              <th scope="col">{t(l, "staff.roles")}</th>
              <th scope="col">{t(l, "staff.status")}</th>
            </tr>
          </thead>
          <tbody>
            {props.members.map((m) => (
              <tr>
                <td>{m.displayName}</td>
                <td>{m.email}</td>
                <td>{m.grants.map((g) => `${t(l, `role.${g.role}`)}${g.scopeArea ? ` (${g.scopeArea})` : ""}`).join("；")}</td>
                <td>
                  <span class={`badge ${m.status === "active" ? "ok" : "bad"}`}>{t(l, `staff.status.${m.status}`)}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}
