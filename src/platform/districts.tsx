import type { Context } from "hono";
import type { CompiledQuery } from "kysely";
import * as z from "zod/mini";
import { changedSinceRead, DistrictData } from "../data/district-data";
import { isNotNullViolation } from "../data/db-errors";
import { isUniqueViolation } from "../data/kysely";
import type { AppEnv } from "../env";
import { AppError, notFound, type FieldError } from "../http/errors";
import type { routes } from "../http/routes";
import { readForm } from "../http/validation";
import { t } from "../i18n/messages";
import { nowIso } from "../lib/time";
import { countDistrictRows, createDistrictSchema, deleteDistrictRows, deleteSchema, HOSTNAME, issueInvitation, operatorInviteSchema, reasonSchema, resendInvitation, tenantFileOf } from "../modules";
import { tenantStatements } from "../tenants/apply";
import { tenantFileSchema } from "../tenants/tenant-file";
import { clearRegistryCache, findDistrict, listDistricts, shardDatabase, shardNames, type District } from "../district-lookup/district-registry";
import { districtDisplayName } from "../ui/layout";
import { operatorAudit } from "./operators";
import { issuedByConsole, offboardingStarted, registryRemoval, statusChange, takenHostnames } from "./district-changes";
import { publicOrigin } from "../http/origin";
import { DetailPage, CreatePage, DeletedPage } from "./district-console-views";
import { detailData, leastLoadedShard, deleteDistrictFiles, maskEmail } from "./district-console-data";

// The operator console's district routes (pages in district-console-views.tsx, reads in
// district-console-data.ts): the list with figures, creating a district,
// suspending and reactivating it, the first admin's invitation, the tenants/ file, and
// deleting a district. The operator sees figures and registry records, never a
// district's personal data: no names of people, no records, only counts and times.

export function tenantFileName(d: District): string {
  const short = d.nameEn
    .toLowerCase()
    .replace(/\b(district|county|banner|city)\b/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
  return `${d.code}${short ? `-${short}` : ""}.json`;
}

const compilable = (q: CompiledQuery) => ({ compile: () => q });

/** The district's status does not allow this; the answer names the change that would. */
const illegal = (district: District, allowed: "reactivate" | "suspend") => new AppError({ status: 409, code: "illegal_transition", message: "onboarding.illegalTransition", extra: { status: district.status, allowed: [allowed] } });

// ---------------------------------------------------------------------------------

export function registerDistrictConsoleRoutes(r: ReturnType<typeof routes>): void {
  const op = (c: Context<AppEnv>) => c.get("operator")!;

  async function districtOr404(c: Context<AppEnv>): Promise<District> {
    const district = await findDistrict(c.env, c.req.param("code") ?? "", { fresh: true });
    if (!district) throw notFound();
    return district;
  }

  const detail = async (c: Context<AppEnv>, code: string, extra: Omit<Parameters<typeof DetailPage>[0], "c" | "data"> = {}, status: 200 | 409 | 422 = 200) => c.html(<DetailPage c={c} data={await detailData(c, code)} {...extra} />, status);

  r.get("/districts/new", "operator", async (c) => c.html(<CreatePage c={c} districts={await listDistricts(c.env)} />));

  r.post("/districts", "operator", async (c) => {
    const districts = await listDistricts(c.env);
    const form = await readForm(c, createDistrictSchema);
    if (!form.ok) return c.html(<CreatePage c={c} districts={districts} values={form.values} errors={form.errors} />, 422);
    const l = c.var.locale;
    const input = form.data;
    const hostnames = [
      ...new Set(
        input.hostnames
          .split(/[\s,，]+/)
          .map((h) => h.trim().toLowerCase())
          .filter(Boolean),
      ),
    ];
    const errors: FieldError[] = [];
    const badHost = hostnames.find((h) => !HOSTNAME.test(h));
    if (badHost) errors.push({ field: "hostnames", code: "hostname_invalid", message: `${t(l, "field.hostname_invalid")} ${badHost}` });
    const shard = input.shard === "auto" ? leastLoadedShard(c.env, districts) : input.shard;
    if (!shardNames(c.env).includes(shard)) errors.push({ field: "shard", code: "shard_unknown", message: t(l, "field.shard_unknown") });
    if (districts.some((d) => d.code === input.code)) errors.push({ field: "code", code: "code_taken", message: t(l, "field.code_taken") });
    if (!badHost && hostnames.length) {
      const taken = await takenHostnames(c.env, hostnames);
      if (taken.length) errors.push({ field: "hostnames", code: "hostname_taken", message: `${t(l, "field.hostname_taken")} ${taken.join(", ")}` });
    }
    if (errors.length) return c.html(<CreatePage c={c} districts={districts} values={form.values} errors={errors} />, 422);

    // The same records tenants/ files produce (src/tenants/apply.ts), created-only.
    const tenant = z.parse(tenantFileSchema, {
      code: input.code,
      name: { zh: input.nameZh, en: input.nameEn },
      parentName: { zh: input.parentNameZh, en: input.parentNameEn },
      status: "onboarding",
      shard,
      hostnames,
    });
    const statements = tenantStatements(tenant, nowIso(), { createOnly: true });
    try {
      await operatorAudit(c, op(c).id, statements.platform.map(compilable), {
        action: "district.created",
        targetType: "district",
        targetId: tenant.code,
        after: { name: tenant.name, parentName: tenant.parentName, shard, hostnames, shardChosen: input.shard === "auto" ? "automatic" : "by hand" },
      });
    } catch (error) {
      // Someone created the same code or hostname a moment ago.
      if (isUniqueViolation(error, "districts")) return c.html(<CreatePage c={c} districts={districts} values={form.values} errors={[{ field: "code", code: "code_taken", message: t(l, "field.code_taken") }]} />, 409);
      if (isUniqueViolation(error, "district_hostnames")) return c.html(<CreatePage c={c} districts={districts} values={form.values} errors={[{ field: "hostnames", code: "hostname_taken", message: t(l, "field.hostname_taken") }]} />, 409);
      throw error;
    }
    clearRegistryCache();
    return c.redirect(`/platform/districts/${tenant.code}?created=1`, 303);
  });

  r.get("/districts/:code", "operator", async (c) => {
    const district = await districtOr404(c);
    const created = c.req.query("created") ? t(c.var.locale, "onboarding.console.create.created", { district: districtDisplayName(district, c.var.locale), code: district.code }) : undefined;
    return detail(c, district.code, { status: created });
  });

  r.post("/districts/:code/invitations", "operator", async (c) => {
    const district = await districtOr404(c);
    const form = await readForm(c, operatorInviteSchema);
    if (!form.ok) return detail(c, district.code, { section: "invite", values: form.values, errors: form.errors }, 422);
    if (district.status === "suspended") throw illegal(district, "reactivate");
    const data = new DistrictData(district, shardDatabase(c.env, district.shard), { id: op(c).id, role: "platform_operator", requestId: c.var.requestId });
    const result = await issueInvitation(data, c.env, { email: form.data.email, role: "district_admin", scopeArea: "", locale: form.data.locale, invitedBy: { operatorId: op(c).id } });
    if (!result.ok) {
      const key = result.reason === "email_other_district" ? "onboarding.staff.emailOtherDistrict" : result.reason === "email_has_account" ? "onboarding.staff.emailHasAccount" : "onboarding.staff.alreadyPending";
      return detail(c, district.code, { section: "invite", values: form.values, errors: [{ field: "email", code: result.reason, message: t(c.var.locale, key) }] }, 409);
    }
    await operatorAudit(c, op(c).id, [], { action: "district.admin_invited", targetType: "district", targetId: district.code, after: { invitation: result.id, email: maskEmail(form.data.email), expiresAt: result.expiresAt } });
    const link = `${publicOrigin(c)}/d/${district.code}/invite/${result.token}`;
    return detail(c, district.code, { issued: { email: form.data.email, link, expiresAt: result.expiresAt } });
  });

  // A new link for a first admin's invitation that has not been accepted: sent again
  // through the district's channels, and shown once to copy, like the first one.
  r.post("/districts/:code/invitations/:id/resend", "operator", async (c) => {
    const district = await districtOr404(c);
    const data = new DistrictData(district, shardDatabase(c.env, district.shard), { id: op(c).id, role: "platform_operator", requestId: c.var.requestId });
    const id = c.req.param("id") ?? "";
    if (!(await issuedByConsole(data, id))) throw notFound();
    if (district.status === "suspended") throw illegal(district, "reactivate");
    const result = await resendInvitation(c.env, data, id);
    if (!result.ok) return detail(c, district.code, { message: t(c.var.locale, "onboarding.staff.notPending") }, 409);
    await operatorAudit(c, op(c).id, [], { action: "district.admin_invitation_resent", targetType: "district", targetId: district.code, after: { invitation: id, expiresAt: result.expiresAt } });
    return detail(c, district.code, { issued: { email: result.email, link: `${publicOrigin(c)}/d/${district.code}/invite/${result.token}`, expiresAt: result.expiresAt } });
  });

  async function changeStatus(c: Context<AppEnv>, to: "suspended" | "reactivated") {
    const district = await districtOr404(c);
    const form = await readForm(c, reasonSchema);
    if (!form.ok) return detail(c, district.code, { section: "status", values: form.values, errors: form.errors }, 422);
    const allowedFrom = to === "suspended" ? ["active", "onboarding"] : ["suspended"];
    if (!allowedFrom.includes(district.status)) throw illegal(district, district.status === "suspended" ? "reactivate" : "suspend");
    const next = to === "suspended" ? "suspended" : (district.suspendedFrom ?? "active");
    const update = statusChange(c.env, district, next, form.data.reason, nowIso());
    try {
      await operatorAudit(c, op(c).id, [update], {
        action: to === "suspended" ? "district.suspended" : "district.reactivated",
        targetType: "district",
        targetId: district.code,
        before: { status: district.status },
        after: { status: next },
        note: form.data.reason,
      });
    } catch (error) {
      if (isNotNullViolation(error, "districts.version")) throw changedSinceRead();
      throw error;
    } finally {
      clearRegistryCache();
    }
    const name = districtDisplayName(district, c.var.locale);
    return detail(c, district.code, { status: t(c.var.locale, to === "suspended" ? "onboarding.console.detail.suspended" : "onboarding.console.detail.reactivated", { district: name }) });
  }

  r.post("/districts/:code/suspend", "operator", (c) => changeStatus(c, "suspended"));
  r.post("/districts/:code/reactivate", "operator", (c) => changeStatus(c, "reactivated"));

  r.get("/districts/:code/tenant.json", "operator", async (c) => {
    const district = await districtOr404(c);
    const file = await tenantFileOf(c.env, district, shardDatabase(c.env, district.shard));
    c.header("content-disposition", `attachment; filename="${tenantFileName(district)}"`);
    c.header("cache-control", "no-store");
    return c.body(`${JSON.stringify(file, null, 2)}\n`, 200, { "content-type": "application/json; charset=utf-8" });
  });

  r.post("/districts/:code/delete", "operator", async (c) => {
    const district = await districtOr404(c);
    const form = await readForm(c, deleteSchema);
    if (!form.ok || form.data.confirm !== district.code) {
      return detail(c, district.code, { section: "delete", errors: [{ field: "confirm", code: "confirm_mismatch", message: t(c.var.locale, "field.confirm_mismatch") }] }, 422);
    }
    if (district.status === "active") throw illegal(district, "suspend");
    const shard = shardDatabase(c.env, district.shard);
    const before = await countDistrictRows(shard, district.code);
    await operatorAudit(c, op(c).id, [offboardingStarted(c.env, district.code, nowIso())], {
      action: "district.deletion_started",
      targetType: "district",
      targetId: district.code,
      before: { status: district.status },
      after: { rows: before },
    });
    clearRegistryCache();
    const progress = await deleteDistrictRows(shard, district.code, op(c).id);
    const after = await countDistrictRows(shard, district.code);
    if (!progress.done) return c.html(<DeletedPage c={c} district={district} before={before} after={after} done={false} />, 202);
    await deleteDistrictFiles(c.env, district.code);
    await operatorAudit(c, op(c).id, registryRemoval(c.env, district.code), { action: "district.deleted", targetType: "district", targetId: district.code, after: { shard: district.shard, rowsDeleted: before } });
    clearRegistryCache();
    return c.html(<DeletedPage c={c} district={district} before={before} after={after} done />);
  });
}
