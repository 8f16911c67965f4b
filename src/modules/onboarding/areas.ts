import type { DistrictData } from "../../data/district-data";
import { isForeignKeyViolation } from "../../data/db-errors";
import { isUniqueViolation } from "../../data/kysely";
import type { FieldError } from "../../http/errors";
import { t, type Locale } from "../../i18n/messages";
import type { ExistingArea } from "./areas-csv";
import { type PlannedChange, planStatements } from "./areas-plan";

// The district's hierarchy as the admin pages change it: sub-districts and communities
// added by hand or imported, renamed, deleted while nothing refers to them.

/** Every area by its code, as a re-import compares it. */
export async function existingAreas(data: DistrictData): Promise<Map<string, ExistingArea>> {
  const rows = await data.selectFrom("areas").select(["code", "level", "name_zh", "name_en", "kind", "population", "status"]).execute();
  return new Map(rows.map((r) => [r.code, { level: r.level, name: r.name_zh, nameEn: r.name_en, kind: r.kind, population: r.population, status: r.status }]));
}

export interface NewArea {
  level: "subdistrict" | "community";
  /** The sub-district a community belongs to (ignored for a sub-district). */
  parent: string;
  code: string;
  name: string;
  nameEn: string;
  kind: string;
}

/**
 * Adds a sub-district (its code under the district's) or a community (under an existing
 * sub-district). A refusal names its field: 422 before writing, 409 when the same code
 * was added meanwhile.
 */
export async function addArea(data: DistrictData, l: Locale, input: NewArea, now: string): Promise<{ status: 409 | 422; error: FieldError } | null> {
  const existing = await existingAreas(data);
  const community = input.level === "community";
  const prefix = community ? input.parent : data.districtId;
  const problem = (field: string, code: "area_parent_missing" | "area_code_parent" | "area_exists") => ({ field, code, message: t(l, `field.${code}`) });
  const error =
    community && existing.get(input.parent)?.level !== "subdistrict"
      ? problem("parent", "area_parent_missing")
      : !input.code.startsWith(prefix)
        ? problem("code", "area_code_parent")
        : existing.has(input.code)
          ? problem("code", "area_exists")
          : null;
  if (error) return { status: 422, error };
  const { level, code, name, nameEn, kind } = input;
  try {
    await data.write([data.insertInto("areas", { code, level, parent_code: community ? input.parent : null, name_zh: name, name_en: nameEn, kind, created_at: now, updated_at: now })], {
      action: "area.created",
      targetType: "area",
      targetId: code,
      after: community ? { level, parent: input.parent, name, nameEn, kind } : { level, name, nameEn, kind },
    });
  } catch (e) {
    if (!isUniqueViolation(e, "areas")) throw e;
    return { status: 409, error: problem("code", "area_exists") };
  }
  return null;
}

/** Applies a checked plan in one batch; false when someone added one of the codes meanwhile. */
export async function importAreas(data: DistrictData, plan: readonly PlannedChange[], after: Record<string, unknown>, now: string): Promise<boolean> {
  try {
    await data.write(planStatements(data, plan, now), { action: "areas.imported", targetType: "area", after });
  } catch (e) {
    if (!isUniqueViolation(e, "areas")) throw e;
    return false;
  }
  return true;
}

/** An area's level, or undefined when the district has no such area in use (a revoked one is history only). */
export async function levelOf(data: DistrictData, code: string) {
  return (await data.selectFrom("areas").select("level").where("code", "=", code).where("status", "=", "active").executeTakeFirst())?.level;
}

export async function hasSubdistrict(data: DistrictData): Promise<boolean> {
  const rows = await data.selectFrom("areas").select("code").where("level", "=", "subdistrict").limit(1).execute();
  return rows.length > 0;
}

export async function findArea(data: DistrictData, code: string) {
  const area = await data.selectFrom("areas").select(["code", "level", "name_zh", "name_en", "kind", "population"]).where("code", "=", code).executeTakeFirst();
  return area && { code: area.code, level: area.level, name: area.name_zh, nameEn: area.name_en, kind: area.kind, population: area.population };
}

export type Area = NonNullable<Awaited<ReturnType<typeof findArea>>>;

export async function communitiesOf(data: DistrictData, code: string) {
  const rows = await data.selectFrom("areas").select(["code", "name_zh", "name_en", "kind", "status"]).where("parent_code", "=", code).orderBy("code").execute();
  return rows.map((r) => ({ code: r.code, name: r.name_zh, nameEn: r.name_en, kind: r.kind, ...(r.status === "revoked" ? { revoked: true } : {}) }));
}

export async function updateArea(data: DistrictData, area: Area, input: { name: string; nameEn: string; kind: string; population: number | null }, now: string): Promise<void> {
  const { name, nameEn, kind, population } = input;
  await data.write([data.updateTable("areas").set({ name_zh: name, name_en: nameEn, kind, population, updated_at: now }).where("code", "=", area.code)], {
    action: "area.updated",
    targetType: "area",
    targetId: area.code,
    before: { name: area.name, nameEn: area.nameEn, kind: area.kind, population: area.population },
    after: { name, nameEn, kind, population },
  });
}

/** Deletes an area nothing refers to; false (nothing deleted) while something does. */
export async function deleteArea(data: DistrictData, area: Area): Promise<boolean> {
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
  if ([children, grants, invitations, organizations].some((rows) => Number(rows?.[0]?.n ?? 0) > 0)) return false;
  try {
    await data.write([data.deleteFrom("areas").where("code", "=", area.code)], { action: "area.deleted", targetType: "area", targetId: area.code, before: { level: area.level, name: area.name } });
  } catch (e) {
    // Other modules' records reference areas by foreign key.
    if (isForeignKeyViolation(e)) return false;
    throw e;
  }
  return true;
}
