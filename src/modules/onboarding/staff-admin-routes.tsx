import { pageInfo } from "../../ui/layout";
import type { Context } from "hono";
import type { AppEnv } from "../../env";
import { notFound, type FieldError } from "../../http/errors";
import { publicOrigin } from "../../http/origin";
import { readForm } from "../../http/validation";
import { t, type Locale } from "../../i18n/messages";
import { nowIso } from "../../lib/time";
import { areaTree } from "../district";
import { listStaff } from "../staff";
import { currentDistrict, updateDistrictRow } from "./config";
import { invitationEmail, issueInvitation, recentInvitations, resendInvitation, revokeInvitation, type IssueResult } from "./invitations";
import { setAccountStatus } from "./accounts";
import { levelOf } from "./areas";
import { inviteSchema, looseForm } from "./schemas";
import { INVITABLE_ROLES, type InvitableRole } from "./tables";
import { StaffAdminPage, type InvitationRow, type IssuedLink } from "./staff-admin-views";
import { deliveryLabels } from "../../notifications/log";
import { inviteLink, saved, versionOf, afterSave, type DistrictRoutes, stepPatch } from "./admin-steps";

// The staff pages of the wizard and of administration: invitations by role and
// scope, resending and revoking them, deactivating and reactivating people.

async function renderStaff(c: Context<AppEnv>, extra: { issued?: IssuedLink; status?: string; message?: string; values?: Record<string, string>; errors?: FieldError[] } = {}, code: 200 | 404 | 409 | 422 = 200) {
  const data = c.var.data;
  const [district, tree, invitations, members] = await Promise.all([currentDistrict(c.env, c.var.district.code), areaTree(data, { withRevoked: true }), recentInvitations(data, 200), listStaff(data, c.var.user!, {})]);
  const sent = await deliveryLabels(
    data,
    c.var.locale,
    "invitation",
    invitations.map((i) => i.id),
  );
  for (const i of invitations as InvitationRow[]) i.delivery = sent.get(i.id);
  const people = members.filter((m) => m.grants.some((g) => (INVITABLE_ROLES as readonly string[]).includes(g.role)));
  return c.html(<StaffAdminPage page={pageInfo(c)} me={c.var.user?.id} district={district} tree={tree} invitations={invitations} people={people} {...extra} />, code);
}

/** The scope a role needs: whole district, or an existing sub-district / community. */
async function checkScope(c: Context<AppEnv>, role: InvitableRole, scope: string): Promise<FieldError | null> {
  const needs = role === "subdistrict_staff" ? "subdistrict" : role === "community_staff" ? "community" : null;
  const fail = { field: "scope", code: "scope_required", message: t(c.var.locale, "field.scope_required") };
  if (!needs) return scope === "" ? null : fail;
  if (scope === "") return fail;
  return (await levelOf(c.var.data, scope)) === needs ? null : fail;
}

export const issueErrorKey = {
  email_other_district: "onboarding.staff.emailOtherDistrict",
  email_has_account: "onboarding.staff.emailHasAccount",
  already_pending: "onboarding.staff.alreadyPending",
} as const;

export async function invite(
  c: Context<AppEnv>,
  input: { email: string; role: InvitableRole; scope: string; locale?: Locale },
): Promise<{ ok: true; issued: IssuedLink; id: string } | { ok: false; status: 409 | 422; errors: FieldError[]; code: keyof typeof issueErrorKey | "validation" }> {
  const scopeError = await checkScope(c, input.role, input.scope);
  if (scopeError) return { ok: false, status: 422, errors: [scopeError], code: "validation" };
  const result: IssueResult = await issueInvitation(c.var.data, c.env, { email: input.email, role: input.role, scopeArea: input.scope, locale: input.locale, invitedBy: { userId: c.var.user!.id } });
  if (!result.ok) return { ok: false, status: 409, code: result.reason, errors: [{ field: "email", code: result.reason, message: t(c.var.locale, issueErrorKey[result.reason]) }] };
  return { ok: true, id: result.id, issued: { email: input.email, link: inviteLink(publicOrigin(c), c.var.base, result.token), expiresAt: result.expiresAt } };
}

export function registerStaffAdminRoutes(r: DistrictRoutes): void {
  // ----- staff -----
  r.get("/admin/staff", "district.manage", async (c) => renderStaff(c, { status: saved(c.var.locale, c.req.query("saved")) }));

  r.post("/admin/staff/invitations", "district.manage", async (c) => {
    const form = await readForm(c, inviteSchema);
    if (!form.ok) return renderStaff(c, { values: form.values, errors: form.errors }, 422);
    const result = await invite(c, form.data);
    if (!result.ok) return renderStaff(c, { values: form.values, errors: result.errors }, result.status);
    return renderStaff(c, { issued: result.issued });
  });

  r.post("/admin/staff/invitations/:id/resend", "district.manage", async (c) => {
    const result = await resendInvitation(c.env, c.var.data, c.req.param("id") ?? "");
    if (!result.ok) {
      if (result.reason === "not_found") throw notFound();
      return renderStaff(c, { message: t(c.var.locale, "onboarding.staff.notPending") }, 409);
    }
    return renderStaff(c, { issued: { email: result.email, link: inviteLink(publicOrigin(c), c.var.base, result.token), expiresAt: result.expiresAt } });
  });

  r.post("/admin/staff/invitations/:id/revoke", "district.manage", async (c) => {
    const id = c.req.param("id") ?? "";
    const email = await invitationEmail(c.var.data, id);
    const outcome = await revokeInvitation(c.var.data, id);
    if (outcome === "not_found") throw notFound();
    if (outcome === "not_pending") return renderStaff(c, { message: t(c.var.locale, "onboarding.staff.notPending") }, 409);
    return renderStaff(c, { status: t(c.var.locale, "onboarding.staff.revoked", { email: email! }) });
  });

  async function setUserStatus(c: Context<AppEnv>, status: "active" | "disabled") {
    const result = await setAccountStatus(c.var.data, c.var.user!.id, c.req.param("id") ?? "", status, nowIso());
    if (!result.ok) return renderStaff(c, { message: t(c.var.locale, "onboarding.staff.notSelf") }, 409);
    return renderStaff(c, { status: t(c.var.locale, status === "disabled" ? "onboarding.staff.deactivated" : "onboarding.staff.reactivated", { name: result.name }) });
  }

  r.post("/admin/staff/users/:id/deactivate", "district.manage", (c) => setUserStatus(c, "disabled"));
  r.post("/admin/staff/users/:id/reactivate", "district.manage", (c) => setUserStatus(c, "active"));

  r.post("/admin/staff/done", "district.manage", async (c) => {
    const form = await readForm(c, looseForm);
    const before = await currentDistrict(c.env, c.var.district.code);
    if (before.status === "onboarding") {
      const ok =
        versionOf(form.values) === before.version &&
        (await updateDistrictRow(c.var.data, c.env, before, stepPatch(before, "staff"), { action: "district.onboarding_step_completed", targetType: "district", targetId: before.code, after: { step: "staff" } }));
      if (!ok) return renderStaff(c, { message: t(c.var.locale, "error.conflict") }, 409);
    }
    return c.redirect(afterSave(c.var.base, before, "staff"), 303);
  });
}
