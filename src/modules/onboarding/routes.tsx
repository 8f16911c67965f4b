import type { Context, Hono } from "hono";
import * as z from "zod/mini";
import { isForeignKeyViolation } from "../../data/db-errors";
import { isUniqueViolation } from "../../data/kysely";
import type { AppEnv } from "../../env";
import { AppError, notFound, validationFailed, type FieldError } from "../../http/errors";
import { apiRoute, routes } from "../../http/routes";
import { allowUpload } from "../../http/uploads";
import { readForm, toFieldErrors } from "../../http/validation";
import { t } from "../../i18n/messages";
import { nowIso } from "../../lib/time";
import { MODULES, settingsSchema, type DistrictSettings, type ModuleName } from "../../tenants/settings";
import type { District } from "../../tenancy/registry";
import { shardDatabase } from "../../tenancy/registry";
import { areaTree } from "../district/queries";
import { listStaff } from "../staff/queries";
import { decodeCsv, importStatements, MAX_BYTES, validateAreaCsv } from "./areas-csv";
import { currentDistrict, remainingSteps, updateDistrictRow, withStep, type Step } from "./config";
import { countDistrictRows, districtTables } from "./district-tables";
import { districtExport, EXPORT_OMITS } from "./export";
import { acceptInvitation, findInvitationByToken, invitationState, issueInvitation, resendInvitation, revokeInvitation, type IssueResult } from "./invitations";
import { acceptSchema, areaEditSchema, communityFormSchema, inviteSchema, looseForm, modulesBodySchema, profileFormSchema, settingsBodySchema, subdistrictFormSchema } from "./schemas";
import { INVITABLE_ROLES, type InvitableRole } from "./tables";
import { publicOrigin } from "../../http/origin";
import { AcceptPage, AreaEditPage, AreasPage, ExportPage, HubPage, ModulesPage, nextStep, ProfilePage, scopeLabel, SettingsPage, StaffAdminPage, stepHref, type AreasPageProps, type IssuedLink } from "./views";

// The district admin's onboarding wizard and administration pages, the invitation
// acceptance page, and a small JSON API for settings and invitations.

const saved = (c: Context<AppEnv>) => (c.req.query("saved") ? t(c.var.locale, "onboarding.saved") : undefined);

/** Where a saved step leads: the next open wizard step, or back to the page itself. */
function afterSave(c: Context<AppEnv>, before: District, step: Step): string {
  if (before.status !== "onboarding") return `${stepHref(c.var.base, step)}?saved=1`;
  const next = nextStep({ ...before, onboardingSteps: [...before.onboardingSteps, step] }, step);
  return next ? stepHref(c.var.base, next) : `${c.var.base}/admin`;
}

/** The registry fields a step saves, plus the wizard's progress while onboarding. */
function stepPatch(before: District, step: Step) {
  return before.status === "onboarding" ? { onboarding_json: withStep(before, step) } : {};
}

function versionOf(values: Record<string, string>): number {
  const n = Number(values.version);
  return Number.isInteger(n) && n >= 0 ? n : -1;
}

export function inviteLink(c: Context<AppEnv>, token: string, base = c.var.base): string {
  return `${publicOrigin(c)}${base}/invite/${token}`;
}

// ----- hierarchy helpers -----

async function existingAreas(c: Context<AppEnv>) {
  const rows = await c.var.data.selectFrom("areas").select(["code", "level"]).execute();
  return new Map(rows.map((r) => [r.code, r.level]));
}

async function renderAreas(c: Context<AppEnv>, props: Omit<AreasPageProps, "c" | "district" | "tree">, status: 200 | 409 | 413 | 422 = 200) {
  const [district, tree] = await Promise.all([currentDistrict(c), areaTree(c.var.data)]);
  return c.html(<AreasPage c={c} district={district} tree={tree} {...props} />, status);
}

// ----- staff helpers -----

async function renderStaff(c: Context<AppEnv>, extra: { issued?: IssuedLink; status?: string; message?: string; values?: Record<string, string>; errors?: FieldError[] } = {}, code: 200 | 404 | 409 | 422 = 200) {
  const data = c.var.data;
  const [district, tree, invitations, members] = await Promise.all([
    currentDistrict(c),
    areaTree(data),
    data.selectFrom("invitations").select(["id", "email", "role", "scope_area", "status", "expires_at", "created_at"]).orderBy("created_at", "desc").limit(200).execute(),
    listStaff(data, c.var.user!, {}),
  ]);
  const people = members.filter((m) => m.grants.some((g) => (INVITABLE_ROLES as readonly string[]).includes(g.role)));
  return c.html(<StaffAdminPage c={c} district={district} tree={tree} invitations={invitations} people={people} {...extra} />, code);
}

/** The scope a role needs: whole district, or an existing sub-district / community. */
async function checkScope(c: Context<AppEnv>, role: InvitableRole, scope: string): Promise<FieldError | null> {
  const needs = role === "subdistrict_staff" ? "subdistrict" : role === "community_staff" ? "community" : null;
  const fail = { field: "scope", code: "scope_required", message: t(c.var.locale, "field.scope_required") };
  if (!needs) return scope === "" ? null : fail;
  if (scope === "") return fail;
  const area = await c.var.data.selectFrom("areas").select("level").where("code", "=", scope).executeTakeFirst();
  return area?.level === needs ? null : fail;
}

const issueErrorKey = {
  email_other_district: "onboarding.staff.emailOtherDistrict",
  email_has_account: "onboarding.staff.emailHasAccount",
  already_pending: "onboarding.staff.alreadyPending",
} as const;

async function invite(
  c: Context<AppEnv>,
  input: { email: string; role: InvitableRole; scope: string },
): Promise<{ ok: true; issued: IssuedLink; id: string } | { ok: false; status: 409 | 422; errors: FieldError[]; code: keyof typeof issueErrorKey | "validation" }> {
  const scopeError = await checkScope(c, input.role, input.scope);
  if (scopeError) return { ok: false, status: 422, errors: [scopeError], code: "validation" };
  const result: IssueResult = await issueInvitation(c, c.var.data, { email: input.email, role: input.role, scopeArea: input.scope, invitedBy: { userId: c.var.user!.id } });
  if (!result.ok) return { ok: false, status: 409, code: result.reason, errors: [{ field: "email", code: result.reason, message: t(c.var.locale, issueErrorKey[result.reason]) }] };
  return { ok: true, id: result.id, issued: { email: input.email, link: inviteLink(c, result.token), expiresAt: result.expiresAt } };
}

// ----- settings helpers -----

/** The settings form's flat fields as the nested settings object, numbers as numbers. */
function settingsFromForm(values: Record<string, string>): unknown {
  const num = (v: string | undefined) => (v !== undefined && /^-?\d+(\.\d+)?$/.test(v.trim()) ? Number(v.trim()) : v);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (key === "version" || key.startsWith("gradeBands.")) continue;
    out[key] = key === "annualReportDue" ? value.trim() : num(value);
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
    c,
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
    const scope = scopeLabel(c.var.locale, await areaTree(c.var.data), invitation.scope_area);
    return { token, invitation, scope };
  }

  r.get("/invite/:token", "public", async (c) => {
    c.header("cache-control", "no-store");
    c.header("referrer-policy", "no-referrer");
    return c.html(<AcceptPage c={c} {...(await openInvitation(c))} />);
  });

  r.post("/invite/:token", "public", async (c) => {
    const open = await openInvitation(c);
    const form = await readForm(c, acceptSchema);
    if (!form.ok) return c.html(<AcceptPage c={c} {...open} values={form.values} errors={form.errors} />, 422);
    const result = await acceptInvitation(c, open.token, form.data);
    if (!result.ok) {
      if (result.reason === "email_taken") return c.html(<AcceptPage c={c} {...open} values={form.values} message={t(c.var.locale, "onboarding.accept.emailTaken")} />, 409);
      throw invitationProblem(result.reason);
    }
    return c.redirect(result.role === "district_admin" ? `${c.var.base}/admin` : `${c.var.base}/`, 303);
  });

  // ----- wizard overview / admin hub -----
  r.get("/admin", "district.manage", async (c) => {
    const launched = c.req.query("launched") ? t(c.var.locale, "onboarding.launch.done") : undefined;
    return c.html(<HubPage c={c} district={await currentDistrict(c)} status={launched} />);
  });

  r.post("/admin/launch", "district.manage", async (c) => {
    const form = await readForm(c, looseForm);
    const before = await currentDistrict(c);
    if (before.status !== "onboarding") throw new AppError({ status: 409, code: "illegal_transition", message: "onboarding.illegalTransition", extra: { status: before.status, allowed: [] } });
    if (remainingSteps(before).length) return c.html(<HubPage c={c} district={before} message={t(c.var.locale, "onboarding.launch.incomplete")} />, 409);
    const ok =
      versionOf(form.values) === before.version &&
      (await updateDistrictRow(c, before, { status: "active" }, { action: "district.launched", targetType: "district", targetId: before.code, before: { status: "onboarding" }, after: { status: "active" } }));
    if (!ok) return c.html(<HubPage c={c} district={await currentDistrict(c)} message={t(c.var.locale, "error.conflict")} />, 409);
    return c.redirect(`${c.var.base}/admin?launched=1`, 303);
  });

  // ----- profile -----
  r.get("/admin/profile", "district.manage", async (c) => c.html(<ProfilePage c={c} district={await currentDistrict(c)} status={saved(c)} />));

  r.post("/admin/profile", "district.manage", async (c) => {
    const before = await currentDistrict(c);
    const form = await readForm(c, profileFormSchema);
    if (!form.ok) return c.html(<ProfilePage c={c} district={before} values={form.values} errors={form.errors} />, 422);
    const { version, nameZh, nameEn, parentNameZh, parentNameEn, ...profile } = form.data;
    const names = { nameZh, nameEn, parentNameZh, parentNameEn };
    const ok =
      version === before.version &&
      (await updateDistrictRow(
        c,
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
    if (!ok) return c.html(<ProfilePage c={c} district={await currentDistrict(c)} values={form.values} message={t(c.var.locale, "error.conflict")} />, 409);
    return c.redirect(afterSave(c, before, "profile"), 303);
  });

  // ----- hierarchy -----
  r.get("/admin/areas", "district.manage", async (c) => renderAreas(c, { status: saved(c) }));

  r.post("/admin/areas/subdistricts", "district.manage", async (c) => {
    const form = await readForm(c, subdistrictFormSchema);
    if (!form.ok) return renderAreas(c, { form: "subdistrict", values: form.values, errors: form.errors }, 422);
    const { code, name, kind, nameEn } = form.data;
    const l = c.var.locale;
    const existing = await existingAreas(c);
    const error: FieldError | null = !code.startsWith(c.var.data.districtId)
      ? { field: "code", code: "area_code_parent", message: t(l, "field.area_code_parent") }
      : existing.has(code)
        ? { field: "code", code: "area_exists", message: t(l, "field.area_exists") }
        : null;
    if (error) return renderAreas(c, { form: "subdistrict", values: form.values, errors: [error] }, 422);
    const now = nowIso();
    try {
      await c.var.data.write([c.var.data.insertInto("areas", { code, level: "subdistrict", parent_code: null, name_zh: name, name_en: nameEn, kind, created_at: now, updated_at: now })], {
        action: "area.created",
        targetType: "area",
        targetId: code,
        after: { level: "subdistrict", name, nameEn, kind },
      });
    } catch (e) {
      if (!isUniqueViolation(e, "areas")) throw e;
      return renderAreas(c, { form: "subdistrict", values: form.values, errors: [{ field: "code", code: "area_exists", message: t(l, "field.area_exists") }] }, 409);
    }
    return renderAreas(c, { status: t(l, "onboarding.areas.added", { name }) });
  });

  r.post("/admin/areas/communities", "district.manage", async (c) => {
    const form = await readForm(c, communityFormSchema);
    if (!form.ok) return renderAreas(c, { form: "community", values: form.values, errors: form.errors }, 422);
    const { parent, code, name, kind, nameEn } = form.data;
    const l = c.var.locale;
    const existing = await existingAreas(c);
    const error: FieldError | null =
      existing.get(parent) !== "subdistrict"
        ? { field: "parent", code: "area_parent_missing", message: t(l, "field.area_parent_missing") }
        : !code.startsWith(parent)
          ? { field: "code", code: "area_code_parent", message: t(l, "field.area_code_parent") }
          : existing.has(code)
            ? { field: "code", code: "area_exists", message: t(l, "field.area_exists") }
            : null;
    if (error) return renderAreas(c, { form: "community", values: form.values, errors: [error] }, 422);
    const now = nowIso();
    try {
      await c.var.data.write([c.var.data.insertInto("areas", { code, level: "community", parent_code: parent, name_zh: name, name_en: nameEn, kind, created_at: now, updated_at: now })], {
        action: "area.created",
        targetType: "area",
        targetId: code,
        after: { level: "community", parent, name, nameEn, kind },
      });
    } catch (e) {
      if (!isUniqueViolation(e, "areas")) throw e;
      return renderAreas(c, { form: "community", values: form.values, errors: [{ field: "code", code: "area_exists", message: t(l, "field.area_exists") }] }, 409);
    }
    return renderAreas(c, { status: t(l, "onboarding.areas.added", { name }) });
  });

  allowUpload("/admin/areas/import", MAX_BYTES + 64 * 1024);
  r.post("/admin/areas/import", "district.manage", async (c) => {
    const l = c.var.locale;
    const type = (c.req.header("content-type") ?? "").toLowerCase();
    if (!type.startsWith("multipart/form-data")) throw new AppError({ status: 415, code: "unsupported_media_type", message: "error.unsupported_media_type", params: { type: type.split(";")[0] || "(none)" } });
    const body = await c.req.parseBody();
    const file = body.file;
    const fileError = (key: "onboarding.areas.noFile" | "onboarding.areas.tooLarge") => [{ field: "file", code: "file", message: t(l, key) }];
    if (!(file instanceof File) || (file.size === 0 && file.name === "")) return renderAreas(c, { form: "import", errors: fileError("onboarding.areas.noFile"), message: t(l, "onboarding.areas.noFile") }, 422);
    if (file.size > MAX_BYTES) return renderAreas(c, { form: "import", errors: fileError("onboarding.areas.tooLarge"), message: t(l, "onboarding.areas.tooLarge") }, 413);
    const decoded = decodeCsv(await file.arrayBuffer());
    if (!decoded.ok) return renderAreas(c, { form: "import", lineErrors: [{ line: null, key: decoded.key }] }, 422);
    const data = c.var.data;
    const { rows, errors } = validateAreaCsv(decoded.text, data.districtId, await existingAreas(c));
    if (errors.length) return renderAreas(c, { form: "import", lineErrors: errors }, 422);
    const subdistricts = rows.filter((row) => row.level === "subdistrict").length;
    const summary = { rows: rows.length, subdistricts, communities: rows.length - subdistricts };
    try {
      await data.write(importStatements(data, rows, nowIso()), { action: "areas.imported", targetType: "area", after: { ...summary, encoding: decoded.encoding, file: file.name.slice(0, 100) } });
    } catch (e) {
      if (!isUniqueViolation(e, "areas")) throw e;
      return renderAreas(c, { form: "import", message: t(l, "onboarding.areas.raced") }, 409);
    }
    const converted = decoded.encoding === "utf-8" ? "" : ` ${t(l, "onboarding.areas.converted", { encoding: decoded.encoding === "gb18030" ? "GBK" : "UTF-16" })}`;
    return renderAreas(c, { status: `${t(l, "onboarding.areas.imported", summary)}${converted}` });
  });

  r.post("/admin/areas/done", "district.manage", async (c) => {
    const form = await readForm(c, looseForm);
    const before = await currentDistrict(c);
    const subdistricts = await c.var.data.selectFrom("areas").select("code").where("level", "=", "subdistrict").limit(1).execute();
    if (subdistricts.length === 0) return renderAreas(c, { message: t(c.var.locale, "onboarding.areas.needOne") }, 422);
    if (before.status === "onboarding") {
      const ok =
        versionOf(form.values) === before.version &&
        (await updateDistrictRow(c, before, stepPatch(before, "areas"), { action: "district.onboarding_step_completed", targetType: "district", targetId: before.code, after: { step: "areas" } }));
      if (!ok) return renderAreas(c, { message: t(c.var.locale, "error.conflict") }, 409);
    }
    return c.redirect(afterSave(c, before, "areas"), 303);
  });

  async function areaOr404(c: Context<AppEnv>) {
    const code = c.req.param("code") ?? "";
    const area = await c.var.data.selectFrom("areas").select(["code", "level", "name_zh", "name_en", "kind"]).where("code", "=", code).executeTakeFirst();
    if (!area) throw notFound();
    return { code: area.code, level: area.level, name: area.name_zh, nameEn: area.name_en, kind: area.kind };
  }

  r.get("/admin/areas/:code", "district.manage", async (c) => {
    const area = await areaOr404(c);
    const communities =
      area.level === "subdistrict"
        ? (await c.var.data.selectFrom("areas").select(["code", "name_zh", "name_en", "kind"]).where("parent_code", "=", area.code).orderBy("code").execute()).map((r) => ({ code: r.code, name: r.name_zh, nameEn: r.name_en, kind: r.kind }))
        : [];
    return c.html(<AreaEditPage c={c} district={await currentDistrict(c)} area={area} communities={communities} />);
  });

  r.post("/admin/areas/:code", "district.manage", async (c) => {
    const area = await areaOr404(c);
    const form = await readForm(c, areaEditSchema);
    const kinds: readonly string[] = area.level === "community" ? ["社区", "村"] : ["街道", "镇", "乡"];
    const errors = form.ok ? (kinds.includes(form.data.kind) ? [] : [{ field: "kind", code: "invalid_choice", message: t(c.var.locale, "field.invalid_choice") }]) : form.errors;
    if (!form.ok || errors.length) return c.html(<AreaEditPage c={c} district={await currentDistrict(c)} area={area} values={form.values} errors={errors} />, 422);
    const { name, nameEn, kind } = form.data;
    await c.var.data.write([c.var.data.updateTable("areas").set({ name_zh: name, name_en: nameEn, kind, updated_at: nowIso() }).where("code", "=", area.code)], {
      action: "area.updated",
      targetType: "area",
      targetId: area.code,
      before: { name: area.name, nameEn: area.nameEn, kind: area.kind },
      after: { name, nameEn, kind },
    });
    return c.redirect(`${c.var.base}/admin/areas?saved=1`, 303);
  });

  r.post("/admin/areas/:code/delete", "district.manage", async (c) => {
    const area = await areaOr404(c);
    const data = c.var.data;
    const [children, grants, invitations, organizations] = await data.read<{ n: number }>([
      data
        .selectFrom("areas")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("parent_code", "=", area.code),
      data
        .selectFrom("role_grants")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("scope_area", "=", area.code),
      data
        .selectFrom("invitations")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("scope_area", "=", area.code)
        .where("status", "=", "pending"),
      data
        .selectFrom("organizations")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("area_code", "=", area.code),
    ]);
    const used = [children, grants, invitations, organizations].some((rows) => Number(rows?.[0]?.n ?? 0) > 0);
    const inUse = async () => c.html(<AreaEditPage c={c} district={await currentDistrict(c)} area={area} message={t(c.var.locale, "onboarding.areas.inUse", { name: area.name })} />, 409);
    if (used) return inUse();
    try {
      await data.write([data.deleteFrom("areas").where("code", "=", area.code)], { action: "area.deleted", targetType: "area", targetId: area.code, before: { level: area.level, name: area.name } });
    } catch (e) {
      // Other modules' records reference areas by foreign key.
      if (isForeignKeyViolation(e)) return inUse();
      throw e;
    }
    return renderAreas(c, { status: t(c.var.locale, "onboarding.areas.deleted", { name: area.name }) });
  });

  // ----- staff -----
  r.get("/admin/staff", "district.manage", async (c) => renderStaff(c, { status: saved(c) }));

  r.post("/admin/staff/invitations", "district.manage", async (c) => {
    const form = await readForm(c, inviteSchema);
    if (!form.ok) return renderStaff(c, { values: form.values, errors: form.errors }, 422);
    const result = await invite(c, form.data);
    if (!result.ok) return renderStaff(c, { values: form.values, errors: result.errors }, result.status);
    return renderStaff(c, { issued: result.issued });
  });

  r.post("/admin/staff/invitations/:id/resend", "district.manage", async (c) => {
    const result = await resendInvitation(c.var.data, c.req.param("id") ?? "");
    if (!result.ok) {
      if (result.reason === "not_found") throw notFound();
      return renderStaff(c, { message: t(c.var.locale, "onboarding.staff.notPending") }, 409);
    }
    return renderStaff(c, { issued: { email: result.email, link: inviteLink(c, result.token), expiresAt: result.expiresAt } });
  });

  r.post("/admin/staff/invitations/:id/revoke", "district.manage", async (c) => {
    const id = c.req.param("id") ?? "";
    const row = await c.var.data.selectFrom("invitations").select("email").where("id", "=", id).executeTakeFirst();
    const outcome = await revokeInvitation(c.var.data, id);
    if (outcome === "not_found") throw notFound();
    if (outcome === "not_pending") return renderStaff(c, { message: t(c.var.locale, "onboarding.staff.notPending") }, 409);
    return renderStaff(c, { status: t(c.var.locale, "onboarding.staff.revoked", { email: row!.email }) });
  });

  async function setUserStatus(c: Context<AppEnv>, status: "active" | "disabled") {
    const id = c.req.param("id") ?? "";
    const data = c.var.data;
    const user = await data.selectFrom("users").select(["id", "display_name", "status"]).where("id", "=", id).executeTakeFirst();
    if (!user) throw notFound();
    if (user.id === c.var.user!.id) return renderStaff(c, { message: t(c.var.locale, "onboarding.staff.notSelf") }, 409);
    if (user.status === status) throw new AppError({ status: 409, code: "illegal_transition", message: "onboarding.illegalTransition", extra: { status: user.status, allowed: [user.status === "active" ? "deactivate" : "reactivate"] } });
    const now = nowIso();
    await data.write(
      [
        data.updateTable("users").set({ status, updated_at: now }).where("id", "=", id),
        // Deactivation ends every session of the account in the same batch.
        ...(status === "disabled" ? [data.deleteFrom("sessions").where("user_id", "=", id)] : []),
      ],
      { action: status === "disabled" ? "user.deactivated" : "user.reactivated", targetType: "user", targetId: id, before: { status: user.status }, after: { status } },
    );
    return renderStaff(c, { status: t(c.var.locale, status === "disabled" ? "onboarding.staff.deactivated" : "onboarding.staff.reactivated", { name: user.display_name }) });
  }

  r.post("/admin/staff/users/:id/deactivate", "district.manage", (c) => setUserStatus(c, "disabled"));
  r.post("/admin/staff/users/:id/reactivate", "district.manage", (c) => setUserStatus(c, "active"));

  r.post("/admin/staff/done", "district.manage", async (c) => {
    const form = await readForm(c, looseForm);
    const before = await currentDistrict(c);
    if (before.status === "onboarding") {
      const ok =
        versionOf(form.values) === before.version &&
        (await updateDistrictRow(c, before, stepPatch(before, "staff"), { action: "district.onboarding_step_completed", targetType: "district", targetId: before.code, after: { step: "staff" } }));
      if (!ok) return renderStaff(c, { message: t(c.var.locale, "error.conflict") }, 409);
    }
    return c.redirect(afterSave(c, before, "staff"), 303);
  });

  // ----- rule settings -----
  r.get("/admin/settings", "district.manage", async (c) => c.html(<SettingsPage c={c} district={await currentDistrict(c)} status={saved(c)} />));

  r.post("/admin/settings", "district.manage", async (c) => {
    const before = await currentDistrict(c);
    const form = await readForm(c, looseForm);
    const values = form.values;
    const parsed = z.safeParse(settingsSchema, settingsFromForm(values));
    if (!parsed.success) return c.html(<SettingsPage c={c} district={before} values={values} errors={toFieldErrors(parsed.error, c.var.locale, settingsFromForm(values))} />, 422);
    if (!(await saveSettings(c, before, versionOf(values), parsed.data))) return c.html(<SettingsPage c={c} district={await currentDistrict(c)} values={values} message={t(c.var.locale, "error.conflict")} />, 409);
    return c.redirect(afterSave(c, before, "settings"), 303);
  });

  // ----- modules -----
  r.get("/admin/modules", "district.manage", async (c) => c.html(<ModulesPage c={c} district={await currentDistrict(c)} status={saved(c)} />));

  r.post("/admin/modules", "district.manage", async (c) => {
    const before = await currentDistrict(c);
    const form = await readForm(c, looseForm);
    const unknown = Object.keys(form.values).filter((k) => k !== "version" && !MODULES.some((m) => k === `modules.${m}`));
    const selected = MODULES.filter((m) => form.values[`modules.${m}`] === "1");
    const l = c.var.locale;
    if (unknown.length) throw validationFailed([{ field: "(body)", code: "unknown_field", message: t(l, "field.unknown_field", { keys: unknown.join(", ") }) }]);
    if (selected.length === 0) return c.html(<ModulesPage c={c} district={before} selected={[]} errors={[{ field: "modules", code: "modules_required", message: t(l, "field.modules_required") }]} />, 422);
    const ok = versionOf(form.values) === before.version && (await saveModules(c, before, selected));
    if (!ok) return c.html(<ModulesPage c={c} district={await currentDistrict(c)} selected={selected} message={t(l, "error.conflict")} />, 409);
    return c.redirect(afterSave(c, before, "modules"), 303);
  });

  function saveModules(c: Context<AppEnv>, before: District, modules: ModuleName[]) {
    return updateDistrictRow(
      c,
      before,
      { modules_json: JSON.stringify(modules), ...stepPatch(before, "modules") },
      { action: "district.modules_updated", targetType: "district", targetId: before.code, before: { modules: before.modules }, after: { modules } },
    );
  }

  // ----- data export -----
  r.get("/admin/export", "district.export", async (c) => {
    const district = await currentDistrict(c);
    const shard = shardDatabase(c.env, district.shard);
    const tables = (await districtTables(shard)).filter((tb) => !(EXPORT_OMITS.tables as readonly string[]).includes(tb.name));
    return c.html(<ExportPage c={c} district={district} counts={await countDistrictRows(shard, district.code, tables)} />);
  });

  r.post("/admin/export", "district.export", async (c) => {
    const district = await currentDistrict(c);
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
      const d = await currentDistrict(c);
      return c.json({ version: d.version, settings: d.settings, onboardingSteps: d.onboardingSteps });
    },
  );

  apiRoute(
    app,
    { method: "PUT", path: "/admin/settings", access: "district.manage", tag: "administration", summary: "Replace the rule settings (409 when the version is not the current one)", body: settingsBodySchema, response: settingsOut },
    async (c, { body }) => {
      const before = await currentDistrict(c);
      if (!(await saveSettings(c, before, body.version, body.settings))) throw new AppError({ status: 409, code: "conflict", message: "error.conflict", extra: { version: before.version } });
      const d = await currentDistrict(c);
      return c.json({ version: d.version, settings: d.settings, onboardingSteps: d.onboardingSteps });
    },
  );

  apiRoute(
    app,
    { method: "PUT", path: "/admin/modules", access: "district.manage", tag: "administration", summary: "Switch modules on and off (409 when the version is not the current one)", body: modulesBodySchema, responseStatus: 204 },
    async (c, { body }) => {
      const before = await currentDistrict(c);
      if (body.version !== before.version || !(await saveModules(c, before, [...new Set(body.modules)]))) throw new AppError({ status: 409, code: "conflict", message: "error.conflict", extra: { version: before.version } });
      return c.body(null, 204);
    },
  );

  const invitationOut = z.object({ id: z.string(), email: z.string(), role: z.enum(INVITABLE_ROLES), scopeArea: z.string(), state: z.enum(["valid", "expired", "used", "revoked"]), expiresAt: z.string() });
  apiRoute(app, { method: "GET", path: "/admin/invitations", access: "district.manage", tag: "administration", summary: "Invitations, newest first", response: z.array(invitationOut) }, async (c) => {
    const rows = await c.var.data.selectFrom("invitations").select(["id", "email", "role", "scope_area", "status", "expires_at"]).orderBy("created_at", "desc").limit(500).execute();
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
