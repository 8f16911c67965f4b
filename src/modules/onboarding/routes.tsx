import { pageInfo } from "../../ui/layout";
import { districtWide } from "../../auth/scope";
import type { Context, Hono } from "hono";
import { setSessionCookie } from "../../auth/sessions";
import * as z from "zod/mini";
import type { AppEnv } from "../../env";
import { AppError, notFound, validationFailed } from "../../http/errors";
import { apiRoute, routes } from "../../http/routes";
import { readForm, toFieldErrors } from "../../http/validation";
import { t } from "../../i18n/messages";
import { nowIso } from "../../lib/time";
import { DEFAULT_SETTINGS, MODULES, settingsSchema, type DistrictSettings, type ModuleName } from "../../tenants/settings";
import { type District, shardDatabase } from "../../district-lookup/district-registry";
import { areaTree } from "../district";
import { currentDistrict, remainingSteps, updateDistrictRow } from "./config";
import { countDistrictRows, districtTables } from "./district-tables";
import { districtExport, EXPORT_OMITS } from "./export";
import { acceptInvitation, findInvitationByToken, invitationState, recentInvitations, revokeInvitation } from "./invitations";
import { acceptSchema, inviteSchema, looseForm, modulesBodySchema, profileFormSchema, settingsBodySchema } from "./schemas";
import { INVITABLE_ROLES } from "./tables";
import { AcceptPage, ExportPage, HubPage, ProfilePage } from "./views";
import { ModulesPage, SettingsPage } from "./settings-views";
import { scopeLabel } from "./staff-admin-views";
import { stepPatch, saved, afterSave, versionOf } from "./admin-steps";
import { registerStaffAdminRoutes, invite, issueErrorKey } from "./staff-admin-routes";
import { registerAreaAdminRoutes } from "./areas-routes";

// The district admin's onboarding wizard and administration pages, the invitation
// acceptance page, and a small JSON API for settings and invitations. The hierarchy and
// staff pages register from areas-routes.tsx and staff-admin-routes.tsx, in this order.

// ----- settings helpers -----

/** The settings form's flat fields as the nested settings object, numbers as numbers. */
function settingsFromForm(values: Record<string, string>): unknown {
  const num = (v: string | undefined) => (v !== undefined && /^-?\d+(\.\d+)?$/.test(v.trim()) ? Number(v.trim()) : v);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (key === "version" || key.startsWith("gradeBands.")) continue;
    out[key] = typeof DEFAULT_SETTINGS[key as keyof DistrictSettings] === "string" ? value.trim() : num(value);
  }
  out.gradeBands = {
    scale: num(values["gradeBands.scale"]),
    minimums: Object.fromEntries(["5A", "4A", "3A", "2A", "1A"].map((g) => [g, num(values[`gradeBands.minimums.${g}`])])),
  };
  return out;
}

function changedSettings(before: DistrictSettings, after: DistrictSettings) {
  const keys = (Object.keys(after) as (keyof DistrictSettings)[]).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
  return { before: Object.fromEntries(keys.map((k) => [k, before[k]])), after: Object.fromEntries(keys.map((k) => [k, after[k]])) };
}

async function saveSettings(c: Context<AppEnv>, before: District, version: number, settings: DistrictSettings): Promise<boolean> {
  if (version !== before.version) return false;
  return updateDistrictRow(
    c.var.data,
    c.env,
    before,
    { settings_json: JSON.stringify(settings), ...stepPatch(before, "settings") },
    { action: "district.settings_updated", targetType: "district", targetId: before.code, ...changedSettings(before.settings, settings) },
  );
}

// ---------------------------------------------------------------------------------

export function registerOnboardingRoutes(app: Hono<AppEnv>): void {
  const r = routes(app, "district");

  // ----- invitation links -----
  const invitationProblem = (reason: string) =>
    reason === "not_found"
      ? new AppError({ status: 404, code: "invitation_not_found", message: "onboarding.accept.notFound" })
      : new AppError({ status: 410, code: `invitation_${reason as "expired" | "used" | "revoked"}`, message: `onboarding.accept.${reason as "expired" | "used" | "revoked"}` });

  async function openInvitation(c: Context<AppEnv>) {
    const token = c.req.param("token") ?? "";
    const invitation = await findInvitationByToken(c.var.data, token);
    if (!invitation) throw invitationProblem("not_found");
    const state = invitationState(invitation);
    if (state !== "valid") throw invitationProblem(state);
    const scope = scopeLabel(c.var.locale, await areaTree(c.var.data, { withRevoked: true }), invitation.scope_area);
    return { token, invitation, scope };
  }

  r.get("/invite/:token", "public", async (c) => {
    c.header("cache-control", "no-store");
    c.header("referrer-policy", "no-referrer");
    return c.html(<AcceptPage page={pageInfo(c)} {...(await openInvitation(c))} />);
  });

  r.post("/invite/:token", "public", async (c) => {
    const open = await openInvitation(c);
    const form = await readForm(c, acceptSchema);
    if (!form.ok) return c.html(<AcceptPage page={pageInfo(c)} {...open} values={form.values} errors={form.errors} />, 422);
    const result = await acceptInvitation(c.var.data, c.env, open.token, form.data);
    if (!result.ok) {
      if (result.reason === "email_taken") return c.html(<AcceptPage page={pageInfo(c)} {...open} values={form.values} message={t(c.var.locale, "onboarding.accept.emailTaken")} />, 409);
      throw invitationProblem(result.reason);
    }
    setSessionCookie(c, result.sessionToken);
    return c.redirect(result.role === "district_admin" ? `${c.var.base}/admin` : `${c.var.base}/`, 303);
  });

  // ----- wizard overview / admin hub -----
  r.get("/admin", "district.manage", async (c) => {
    const launched = c.req.query("launched") ? t(c.var.locale, "onboarding.launch.done") : undefined;
    return c.html(<HubPage page={pageInfo(c)} district={await currentDistrict(c.env, c.var.district.code)} status={launched} exports={districtWide(c.var.user!, "district.export")} />);
  });

  r.post("/admin/launch", "district.manage", async (c) => {
    const form = await readForm(c, looseForm);
    const before = await currentDistrict(c.env, c.var.district.code);
    if (before.status !== "onboarding") throw new AppError({ status: 409, code: "illegal_transition", message: "onboarding.illegalTransition", extra: { status: before.status, allowed: [] } });
    if (remainingSteps(before).length) return c.html(<HubPage page={pageInfo(c)} district={before} message={t(c.var.locale, "onboarding.launch.incomplete")} exports={districtWide(c.var.user!, "district.export")} />, 409);
    const ok =
      versionOf(form.values) === before.version &&
      (await updateDistrictRow(c.var.data, c.env, before, { status: "active" }, { action: "district.launched", targetType: "district", targetId: before.code, before: { status: "onboarding" }, after: { status: "active" } }));
    if (!ok) return c.html(<HubPage page={pageInfo(c)} district={await currentDistrict(c.env, c.var.district.code)} message={t(c.var.locale, "error.conflict")} exports={districtWide(c.var.user!, "district.export")} />, 409);
    return c.redirect(`${c.var.base}/admin?launched=1`, 303);
  });

  // ----- profile -----
  r.get("/admin/profile", "district.manage", async (c) => c.html(<ProfilePage page={pageInfo(c)} district={await currentDistrict(c.env, c.var.district.code)} status={saved(c.var.locale, c.req.query("saved"))} />));

  r.post("/admin/profile", "district.manage", async (c) => {
    const before = await currentDistrict(c.env, c.var.district.code);
    const form = await readForm(c, profileFormSchema);
    if (!form.ok) return c.html(<ProfilePage page={pageInfo(c)} district={before} values={form.values} errors={form.errors} />, 422);
    const { version, nameZh, nameEn, parentNameZh, parentNameEn, ...profile } = form.data;
    const names = { nameZh, nameEn, parentNameZh, parentNameEn };
    const ok =
      version === before.version &&
      (await updateDistrictRow(
        c.var.data,
        c.env,
        before,
        { name_zh: nameZh, name_en: nameEn, parent_name_zh: parentNameZh, parent_name_en: parentNameEn, profile_json: JSON.stringify(profile), ...stepPatch(before, "profile") },
        {
          action: "district.profile_updated",
          targetType: "district",
          targetId: before.code,
          before: { nameZh: before.nameZh, nameEn: before.nameEn, parentNameZh: before.parentNameZh, parentNameEn: before.parentNameEn, ...before.profile },
          after: { ...names, ...profile },
        },
      ));
    if (!ok) return c.html(<ProfilePage page={pageInfo(c)} district={await currentDistrict(c.env, c.var.district.code)} values={form.values} message={t(c.var.locale, "error.conflict")} />, 409);
    return c.redirect(afterSave(c.var.base, before, "profile"), 303);
  });

  registerAreaAdminRoutes(r);

  registerStaffAdminRoutes(r);

  // ----- rule settings -----
  r.get("/admin/settings", "district.manage", async (c) => c.html(<SettingsPage page={pageInfo(c)} district={await currentDistrict(c.env, c.var.district.code)} status={saved(c.var.locale, c.req.query("saved"))} />));

  r.post("/admin/settings", "district.manage", async (c) => {
    const before = await currentDistrict(c.env, c.var.district.code);
    const form = await readForm(c, looseForm);
    const values = form.values;
    const parsed = z.safeParse(settingsSchema, settingsFromForm(values));
    if (!parsed.success) return c.html(<SettingsPage page={pageInfo(c)} district={before} values={values} errors={toFieldErrors(parsed.error, c.var.locale, settingsFromForm(values))} />, 422);
    if (!(await saveSettings(c, before, versionOf(values), parsed.data)))
      return c.html(<SettingsPage page={pageInfo(c)} district={await currentDistrict(c.env, c.var.district.code)} values={values} message={t(c.var.locale, "error.conflict")} />, 409);
    return c.redirect(afterSave(c.var.base, before, "settings"), 303);
  });

  // ----- modules -----
  r.get("/admin/modules", "district.manage", async (c) => c.html(<ModulesPage page={pageInfo(c)} district={await currentDistrict(c.env, c.var.district.code)} status={saved(c.var.locale, c.req.query("saved"))} />));

  r.post("/admin/modules", "district.manage", async (c) => {
    const before = await currentDistrict(c.env, c.var.district.code);
    const form = await readForm(c, looseForm);
    const unknown = Object.keys(form.values).filter((k) => k !== "version" && !MODULES.some((m) => k === `modules.${m}`));
    const selected = MODULES.filter((m) => form.values[`modules.${m}`] === "1");
    const l = c.var.locale;
    if (unknown.length) throw validationFailed([{ field: "(body)", code: "unknown_field", message: t(l, "field.unknown_field", { keys: unknown.join(", ") }) }]);
    if (selected.length === 0) return c.html(<ModulesPage page={pageInfo(c)} district={before} selected={[]} errors={[{ field: "modules", code: "modules_required", message: t(l, "field.modules_required") }]} />, 422);
    const ok = versionOf(form.values) === before.version && (await saveModules(c, before, selected));
    if (!ok) return c.html(<ModulesPage page={pageInfo(c)} district={await currentDistrict(c.env, c.var.district.code)} selected={selected} message={t(l, "error.conflict")} />, 409);
    return c.redirect(afterSave(c.var.base, before, "modules"), 303);
  });

  function saveModules(c: Context<AppEnv>, before: District, modules: ModuleName[]) {
    return updateDistrictRow(
      c.var.data,
      c.env,
      before,
      { modules_json: JSON.stringify(modules), ...stepPatch(before, "modules") },
      { action: "district.modules_updated", targetType: "district", targetId: before.code, before: { modules: before.modules }, after: { modules } },
    );
  }

  // ----- data export -----
  r.get("/admin/export", "district.export", async (c) => {
    const district = await currentDistrict(c.env, c.var.district.code);
    const shard = shardDatabase(c.env, district.shard);
    const tables = (await districtTables(shard)).filter((tb) => !(EXPORT_OMITS.tables as readonly string[]).includes(tb.name));
    return c.html(<ExportPage page={pageInfo(c)} district={district} counts={await countDistrictRows(shard, district.code, tables)} />);
  });

  r.post("/admin/export", "district.export", async (c) => {
    const district = await currentDistrict(c.env, c.var.district.code);
    const { stream, counts, done } = await districtExport(c.env, district, shardDatabase(c.env, district.shard), c.var.user!.id);
    // The export is recorded before any data leaves.
    await c.var.data.write([], { action: "district.data_exported", targetType: "district", targetId: district.code, after: { tables: counts, personalData: true } });
    try {
      c.executionCtx.waitUntil(done.catch(() => {}));
    } catch {
      done.catch(() => {});
    }
    const stamp = nowIso().slice(0, 10);
    return new Response(stream, {
      headers: {
        "content-type": "application/zip",
        "content-disposition": `attachment; filename="district-${district.code}-${stamp}.zip"`,
        "cache-control": "no-store",
      },
    });
  });

  // ----- JSON API -----
  const settingsOut = z.object({ version: z.number(), settings: z.record(z.string(), z.unknown()), onboardingSteps: z.array(z.string()) });
  apiRoute(
    app,
    { method: "GET", path: "/admin/settings", access: "district.manage", tag: "administration", summary: "The district's rule settings and the registry version to send back when changing them", response: settingsOut },
    async (c) => {
      const d = await currentDistrict(c.env, c.var.district.code);
      return c.json({ version: d.version, settings: d.settings, onboardingSteps: d.onboardingSteps });
    },
  );

  apiRoute(
    app,
    { method: "PUT", path: "/admin/settings", access: "district.manage", tag: "administration", summary: "Replace the rule settings (409 when the version is not the current one)", body: settingsBodySchema, response: settingsOut },
    async (c, { body }) => {
      const before = await currentDistrict(c.env, c.var.district.code);
      if (!(await saveSettings(c, before, body.version, body.settings))) throw new AppError({ status: 409, code: "conflict", message: "error.conflict", extra: { version: before.version } });
      const d = await currentDistrict(c.env, c.var.district.code);
      return c.json({ version: d.version, settings: d.settings, onboardingSteps: d.onboardingSteps });
    },
  );

  apiRoute(
    app,
    { method: "PUT", path: "/admin/modules", access: "district.manage", tag: "administration", summary: "Switch modules on and off (409 when the version is not the current one)", body: modulesBodySchema, responseStatus: 204 },
    async (c, { body }) => {
      const before = await currentDistrict(c.env, c.var.district.code);
      if (body.version !== before.version || !(await saveModules(c, before, [...new Set(body.modules)]))) throw new AppError({ status: 409, code: "conflict", message: "error.conflict", extra: { version: before.version } });
      return c.body(null, 204);
    },
  );

  const invitationOut = z.object({ id: z.string(), email: z.string(), role: z.enum(INVITABLE_ROLES), scopeArea: z.string(), state: z.enum(["valid", "expired", "used", "revoked"]), expiresAt: z.string() });
  apiRoute(app, { method: "GET", path: "/admin/invitations", access: "district.manage", tag: "administration", summary: "Invitations, newest first", response: z.array(invitationOut) }, async (c) => {
    const rows = await recentInvitations(c.var.data, 500);
    return c.json(rows.map((row) => ({ id: row.id, email: row.email, role: row.role, scopeArea: row.scope_area, state: invitationState(row), expiresAt: row.expires_at })));
  });

  apiRoute(
    app,
    {
      method: "POST",
      path: "/admin/invitations",
      access: "district.manage",
      tag: "administration",
      summary: "Invite someone by email with a role and scope; returns the one-time link",
      body: inviteSchema,
      response: z.object({ id: z.string(), link: z.string(), expiresAt: z.string() }),
      responseStatus: 201,
    },
    async (c, { body }) => {
      const result = await invite(c, body);
      if (!result.ok) {
        if (result.status === 422) throw validationFailed(result.errors);
        throw new AppError({ status: 409, code: result.code, message: issueErrorKey[result.code as keyof typeof issueErrorKey] });
      }
      return c.json({ id: result.id, link: result.issued.link, expiresAt: result.issued.expiresAt }, 201);
    },
  );

  apiRoute(app, { method: "POST", path: "/admin/invitations/:id/revoke", access: "district.manage", tag: "administration", summary: "Revoke a pending invitation", responseStatus: 204 }, async (c) => {
    const outcome = await revokeInvitation(c.var.data, c.req.param("id") ?? "");
    if (outcome === "not_found") throw notFound();
    if (outcome === "not_pending") throw new AppError({ status: 409, code: "not_pending", message: "onboarding.staff.notPending" });
    return c.body(null, 204);
  });
}
