import type { Hono } from "hono";
import * as z from "zod/mini";
import type { AppEnv } from "../../env";
import { ROLES } from "../../data/schema";
import { notFound } from "../../http/errors";
import { apiRoute, routes } from "../../http/routes";
import { readQuery } from "../../http/validation";
import { pageInfo } from "../../ui/layout";
import { listStaff } from "./queries";
import { StaffPage } from "./views";

// People and their roles, as far as the viewer's scope reaches. Managing them
// (invitations, deactivation) comes with district administration.

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
    return c.html(<StaffPage page={pageInfo(c)} members={await listStaff(c.var.data, c.var.user!, query)} />);
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
