import type { Context, Hono } from "hono";
import * as z from "zod/mini";
import type { AppEnv } from "../../env";
import { ROLES } from "../../data/schema";
import { notFound } from "../../http/errors";
import { apiRoute, routes } from "../../http/routes";
import { readQuery } from "../../http/validation";
import { t } from "../../i18n/messages";
import { Layout, pageInfo } from "../../ui/layout";
import { listStaff, type StaffMember } from "./queries";

// People and their roles, as far as the viewer's scope reaches. Managing them
// (invitations, deactivation) comes with district administration.

function StaffPage(props: { c: Context<AppEnv>; members: StaffMember[] }) {
  const page = pageInfo(props.c);
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

const memberSchema = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  status: z.enum(["active", "disabled"]),
  grants: z.array(z.object({ role: z.enum(ROLES), scopeArea: z.string(), organizationId: z.nullable(z.string()) })),
});
const listQuery = z.strictObject({ role: z.optional(z.enum(ROLES)) });

export function registerStaffRoutes(app: Hono<AppEnv>): void {
  const r = routes(app, "district");
  r.get("/staff", "staff.read", async (c) => {
    const query = readQuery(c, z.object({ role: z.optional(z.enum(ROLES)) }));
    return c.html(<StaffPage c={c} members={await listStaff(c.var.data, c.var.user!, query)} />);
  });

  apiRoute(app, { method: "GET", path: "/users", access: "staff.read", tag: "staff", summary: "People with roles in the viewer's scope", query: listQuery, response: z.array(memberSchema) }, async (c, { query }) =>
    c.json(await listStaff(c.var.data, c.var.user!, query)),
  );

  apiRoute(app, { method: "GET", path: "/users/:id", access: "staff.read", tag: "staff", summary: "One person and their roles (404 outside the viewer's scope)", response: memberSchema }, async (c) => {
    const [member] = await listStaff(c.var.data, c.var.user!, { userId: c.req.param("id") ?? "" });
    if (!member) throw notFound();
    return c.json(member);
  });
}
