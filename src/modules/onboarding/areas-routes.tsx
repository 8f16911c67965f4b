import { pageInfo } from "../../ui/layout";
import type { Context } from "hono";
import type { AppEnv } from "../../env";
import { AppError, notFound } from "../../http/errors";
import { allowUpload } from "../../http/uploads";
import { readForm } from "../../http/validation";
import { type MessageKey, t } from "../../i18n/messages";
import { nowIso } from "../../lib/time";
import { areaTree } from "../district";
import { addArea, communitiesOf, deleteArea, existingAreas, findArea, hasSubdistrict, importAreas, updateArea } from "./areas";
import { areaTemplate, readAreaFile, MAX_BYTES, MAX_POPULATION, parsePopulation, validateAreaCsv } from "./areas-csv";
import { currentDistrict, updateDistrictRow } from "./config";
import { areaEditSchema, communityFormSchema, importConfirmSchema, looseForm, subdistrictFormSchema } from "./schemas";
import { countChanges, planDigest, planImport } from "./areas-plan";
import { CSV_BOM, CSV_CONTENT_TYPE, csvLine } from "../../lib/csv";
import { newId } from "../../lib/ids";
import { type Column, writeXlsx } from "../../lib/xlsx-write";
import { AreaEditPage, AreasPage, type AreasPageProps } from "./areas-views";
import { type DistrictRoutes, saved, versionOf, afterSave, stepPatch } from "./admin-steps";

// The hierarchy pages of the wizard and of administration: sub-districts and
// communities by hand or from a CSV or Excel file, renaming and deleting areas. A file waiting for its
// preview to be confirmed is kept in R2 under the district's prefix, where the daily
// sweep of unreferenced files removes it after a day (src/operations/files.ts).

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
// Codes as text, so that one typed later keeps its digits; Chinese text is twice as wide.
const TEMPLATE_COLUMNS: Column[] = [{ width: 16, text: true }, { width: 20 }, { width: 8 }, { width: 22 }, { width: 10 }, { width: 8 }];
const pendingImportKey = (district: string, upload: string) => `${district}/area-imports/${upload}`;

async function renderAreas(c: Context<AppEnv>, props: Omit<AreasPageProps, "page" | "district" | "tree">, status: 200 | 409 | 413 | 422 = 200) {
  const [district, tree] = await Promise.all([currentDistrict(c.env, c.var.district.code), areaTree(c.var.data, { withRevoked: true })]);
  return c.html(<AreasPage page={pageInfo(c)} district={district} tree={tree} {...props} />, status);
}

export function registerAreaAdminRoutes(r: DistrictRoutes): void {
  // ----- hierarchy -----
  r.get("/admin/areas", "district.manage", async (c) => renderAreas(c, { status: saved(c.var.locale, c.req.query("saved")) }));

  r.post("/admin/areas/subdistricts", "district.manage", async (c) => {
    const form = await readForm(c, subdistrictFormSchema);
    if (!form.ok) return renderAreas(c, { form: "subdistrict", values: form.values, errors: form.errors }, 422);
    const refused = await addArea(c.var.data, c.var.locale, { level: "subdistrict", parent: "", ...form.data }, nowIso());
    if (refused) return renderAreas(c, { form: "subdistrict", values: form.values, errors: [refused.error] }, refused.status);
    return renderAreas(c, { status: t(c.var.locale, "onboarding.areas.added", { name: form.data.name }) });
  });

  r.post("/admin/areas/communities", "district.manage", async (c) => {
    const form = await readForm(c, communityFormSchema);
    if (!form.ok) return renderAreas(c, { form: "community", values: form.values, errors: form.errors }, 422);
    const refused = await addArea(c.var.data, c.var.locale, { level: "community", ...form.data }, nowIso());
    if (refused) return renderAreas(c, { form: "community", values: form.values, errors: [refused.error] }, refused.status);
    return renderAreas(c, { status: t(c.var.locale, "onboarding.areas.added", { name: form.data.name }) });
  });

  allowUpload("/admin/areas/import", MAX_BYTES + 64 * 1024);
  r.post("/admin/areas/import", "district.manage", async (c) => {
    const l = c.var.locale;
    const type = (c.req.header("content-type") ?? "").toLowerCase();
    if (!type.startsWith("multipart/form-data")) throw new AppError({ status: 415, code: "unsupported_media_type", message: "error.unsupported_media_type", params: { type: type.split(";")[0] || "(none)" } });
    const body = await c.req.parseBody();
    const file = body.file;
    const fileError = (key: MessageKey) => [{ field: "file", code: "file", message: t(l, key) }];
    if (!(file instanceof File) || (file.size === 0 && file.name === "")) return renderAreas(c, { form: "import", errors: fileError("onboarding.areas.noFile"), message: t(l, "onboarding.areas.noFile") }, 422);
    if (file.size > MAX_BYTES) return renderAreas(c, { form: "import", errors: fileError("onboarding.areas.tooLarge"), message: t(l, "onboarding.areas.tooLarge") }, 413);
    const bytes = await file.arrayBuffer();
    const decoded = await readAreaFile(bytes);
    if (!decoded.ok) return renderAreas(c, { form: "import", errors: fileError(decoded.key), lineErrors: [{ line: null, key: decoded.key }] }, 422);
    const data = c.var.data;
    const existing = await existingAreas(data);
    const { rows, errors } = validateAreaCsv(decoded.records, data.districtId, existing);
    if (errors.length) return renderAreas(c, { form: "import", lineErrors: errors }, 422);
    const converted = decoded.encoding === "utf-8" || decoded.encoding === "xlsx" ? "" : ` ${t(l, "onboarding.areas.converted", { encoding: decoded.encoding === "gb18030" ? "GBK" : "UTF-16" })}`;
    const plan = planImport(rows, existing);
    if (existing.size > 0) {
      // An update: nothing is written before the admin has seen what changes.
      if (plan.length === 0) return renderAreas(c, { status: `${t(l, "onboarding.areas.noChanges")}${converted}` });
      const upload = newId();
      await c.env.FILES.put(pendingImportKey(data.districtId, upload), bytes, { customMetadata: { encoding: decoded.encoding, file: file.name.slice(0, 100) } });
      return renderAreas(c, { status: converted.trim() || undefined, preview: { upload, digest: planDigest(plan), plan, counts: countChanges(plan) } });
    }
    const subdistricts = rows.filter((row) => row.level === "subdistrict").length;
    const summary = { rows: rows.length, subdistricts, communities: rows.length - subdistricts };
    if (!(await importAreas(data, plan, { ...summary, encoding: decoded.encoding, file: file.name.slice(0, 100) }, nowIso()))) return renderAreas(c, { form: "import", message: t(l, "onboarding.areas.raced") }, 409);
    return renderAreas(c, { status: `${t(l, "onboarding.areas.imported", summary)}${converted}` });
  });

  r.post("/admin/areas/import/confirm", "district.manage", async (c) => {
    const l = c.var.locale;
    const form = await readForm(c, importConfirmSchema);
    const data = c.var.data;
    const key = form.ok ? pendingImportKey(data.districtId, form.data.upload) : "";
    const stored = key ? await c.env.FILES.get(key) : null;
    // The file is read again as it was uploaded, CSV in its own encoding or a workbook.
    const decoded = stored ? await readAreaFile(await stored.arrayBuffer()) : null;
    if (!form.ok || !decoded?.ok) return renderAreas(c, { form: "import", message: t(l, "onboarding.areas.previewGone") }, 409);
    const existing = await existingAreas(data);
    const { rows, errors } = validateAreaCsv(decoded.records, data.districtId, existing);
    if (errors.length) return renderAreas(c, { form: "import", lineErrors: errors }, 422);
    const plan = planImport(rows, existing);
    const counts = countChanges(plan);
    if (planDigest(plan) !== form.data.digest) return renderAreas(c, { preview: { upload: form.data.upload, digest: planDigest(plan), plan, counts, stale: true } }, 409);
    const after = { ...counts, encoding: decoded.encoding, file: stored!.customMetadata?.file ?? "" };
    if (!(await importAreas(data, plan, after, nowIso()))) return renderAreas(c, { form: "import", message: t(l, "onboarding.areas.raced") }, 409);
    await c.env.FILES.delete(key);
    return renderAreas(c, { status: t(l, "onboarding.areas.updated", counts) });
  });

  // The same lines as a CSV file and as an Excel workbook, named in the admin's language.
  const templateName = (c: Context<AppEnv>, ext: string) => `attachment; filename*=UTF-8''${encodeURIComponent(t(c.var.locale, "onboarding.areas.templateFile", { code: c.var.district.code }))}.${ext}`;
  r.get("/admin/areas/template.csv", "district.manage", (c) =>
    c.body(
      `${CSV_BOM}${areaTemplate(c.var.district.code)
        .map((line) => csvLine(line))
        .join("")}`,
      200,
      { "content-type": CSV_CONTENT_TYPE, "content-disposition": templateName(c, "csv") },
    ),
  );
  r.get("/admin/areas/template.xlsx", "district.manage", async (c) => {
    const book = await writeXlsx(t(c.var.locale, "onboarding.areas.templateSheet"), TEMPLATE_COLUMNS, areaTemplate(c.var.district.code));
    return c.body(book, 200, { "content-type": XLSX_TYPE, "content-disposition": templateName(c, "xlsx") });
  });

  r.post("/admin/areas/done", "district.manage", async (c) => {
    const form = await readForm(c, looseForm);
    const before = await currentDistrict(c.env, c.var.district.code);
    if (!(await hasSubdistrict(c.var.data))) return renderAreas(c, { message: t(c.var.locale, "onboarding.areas.needOne") }, 422);
    if (before.status === "onboarding") {
      const ok =
        versionOf(form.values) === before.version &&
        (await updateDistrictRow(c.var.data, c.env, before, stepPatch(before, "areas"), { action: "district.onboarding_step_completed", targetType: "district", targetId: before.code, after: { step: "areas" } }));
      if (!ok) return renderAreas(c, { message: t(c.var.locale, "error.conflict") }, 409);
    }
    return c.redirect(afterSave(c.var.base, before, "areas"), 303);
  });

  async function areaOr404(c: Context<AppEnv>) {
    const area = await findArea(c.var.data, c.req.param("code") ?? "");
    if (!area) throw notFound();
    return area;
  }

  r.get("/admin/areas/:code", "district.manage", async (c) => {
    const area = await areaOr404(c);
    const communities = area.level === "subdistrict" ? await communitiesOf(c.var.data, area.code) : [];
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
    await updateArea(c.var.data, area, { ...form.data, population }, nowIso());
    return c.redirect(`${c.var.base}/admin/areas?saved=1`, 303);
  });

  r.post("/admin/areas/:code/delete", "district.manage", async (c) => {
    const area = await areaOr404(c);
    if (!(await deleteArea(c.var.data, area))) {
      return c.html(<AreaEditPage page={pageInfo(c)} district={await currentDistrict(c.env, c.var.district.code)} area={area} message={t(c.var.locale, "onboarding.areas.inUse", { name: area.name })} />, 409);
    }
    return renderAreas(c, { status: t(c.var.locale, "onboarding.areas.deleted", { name: area.name }) });
  });
}
