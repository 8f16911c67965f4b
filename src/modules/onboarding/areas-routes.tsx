import { pageInfo } from "../../ui/layout";
import type { Context } from "hono";
import { isForeignKeyViolation } from "../../data/db-errors";
import { isUniqueViolation } from "../../data/kysely";
import type { AppEnv } from "../../env";
import { AppError, notFound, type FieldError } from "../../http/errors";
import { allowUpload } from "../../http/uploads";
import { readForm } from "../../http/validation";
import { t } from "../../i18n/messages";
import { nowIso } from "../../lib/time";
import { areaTree } from "../district";
import { decodeCsv, importStatements, MAX_BYTES, MAX_POPULATION, parsePopulation, validateAreaCsv } from "./areas-csv";
import { currentDistrict, updateDistrictRow } from "./config";
import { areaEditSchema, communityFormSchema, looseForm, subdistrictFormSchema } from "./schemas";
import { AreaEditPage, AreasPage, type AreasPageProps } from "./areas-views";
import { type DistrictRoutes, saved, versionOf, afterSave, stepPatch } from "./admin-steps";

// The hierarchy pages of the wizard and of administration: sub-districts and
// communities by hand or by CSV, renaming and deleting areas.

async function existingAreas(c: Context<AppEnv>) {
  const rows = await c.var.data.selectFrom("areas").select(["code", "level"]).execute();
  return new Map(rows.map((r) => [r.code, r.level]));
}

async function renderAreas(c: Context<AppEnv>, props: Omit<AreasPageProps, "page" | "district" | "tree">, status: 200 | 409 | 413 | 422 = 200) {
  const [district, tree] = await Promise.all([currentDistrict(c.env, c.var.district.code), areaTree(c.var.data)]);
  return c.html(<AreasPage page={pageInfo(c)} district={district} tree={tree} {...props} />, status);
}

export function registerAreaAdminRoutes(r: DistrictRoutes): void {
  // ----- hierarchy -----
  r.get("/admin/areas", "district.manage", async (c) => renderAreas(c, { status: saved(c.var.locale, c.req.query("saved")) }));

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
    const before = await currentDistrict(c.env, c.var.district.code);
    const subdistricts = await c.var.data.selectFrom("areas").select("code").where("level", "=", "subdistrict").limit(1).execute();
    if (subdistricts.length === 0) return renderAreas(c, { message: t(c.var.locale, "onboarding.areas.needOne") }, 422);
    if (before.status === "onboarding") {
      const ok =
        versionOf(form.values) === before.version &&
        (await updateDistrictRow(c.var.data, c.env, before, stepPatch(before, "areas"), { action: "district.onboarding_step_completed", targetType: "district", targetId: before.code, after: { step: "areas" } }));
      if (!ok) return renderAreas(c, { message: t(c.var.locale, "error.conflict") }, 409);
    }
    return c.redirect(afterSave(c.var.base, before, "areas"), 303);
  });

  async function areaOr404(c: Context<AppEnv>) {
    const code = c.req.param("code") ?? "";
    const area = await c.var.data.selectFrom("areas").select(["code", "level", "name_zh", "name_en", "kind", "population"]).where("code", "=", code).executeTakeFirst();
    if (!area) throw notFound();
    return { code: area.code, level: area.level, name: area.name_zh, nameEn: area.name_en, kind: area.kind, population: area.population };
  }

  r.get("/admin/areas/:code", "district.manage", async (c) => {
    const area = await areaOr404(c);
    const communities =
      area.level === "subdistrict"
        ? (await c.var.data.selectFrom("areas").select(["code", "name_zh", "name_en", "kind"]).where("parent_code", "=", area.code).orderBy("code").execute()).map((r) => ({ code: r.code, name: r.name_zh, nameEn: r.name_en, kind: r.kind }))
        : [];
    return c.html(<AreaEditPage page={pageInfo(c)} district={await currentDistrict(c.env, c.var.district.code)} area={area} communities={communities} />);
  });

  r.post("/admin/areas/:code", "district.manage", async (c) => {
    const area = await areaOr404(c);
    const form = await readForm(c, areaEditSchema);
    const kinds: readonly string[] = area.level === "community" ? ["社区", "村"] : ["街道", "镇", "乡"];
    const population = form.ok ? parsePopulation(form.data.population) : null;
    const errors = form.ok ? (kinds.includes(form.data.kind) ? [] : [{ field: "kind", code: "invalid_choice", message: t(c.var.locale, "field.invalid_choice") }]) : form.errors;
    if (population === "invalid") errors.push({ field: "population", code: "population", message: t(c.var.locale, "field.area_population", { max: MAX_POPULATION }) });
    if (!form.ok || errors.length || population === "invalid") return c.html(<AreaEditPage page={pageInfo(c)} district={await currentDistrict(c.env, c.var.district.code)} area={area} values={form.values} errors={errors} />, 422);
    const { name, nameEn, kind } = form.data;
    await c.var.data.write([c.var.data.updateTable("areas").set({ name_zh: name, name_en: nameEn, kind, population, updated_at: nowIso() }).where("code", "=", area.code)], {
      action: "area.updated",
      targetType: "area",
      targetId: area.code,
      before: { name: area.name, nameEn: area.nameEn, kind: area.kind, population: area.population },
      after: { name, nameEn, kind, population },
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
    const inUse = async () => c.html(<AreaEditPage page={pageInfo(c)} district={await currentDistrict(c.env, c.var.district.code)} area={area} message={t(c.var.locale, "onboarding.areas.inUse", { name: area.name })} />, 409);
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
}
