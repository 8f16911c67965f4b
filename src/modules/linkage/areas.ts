import type { DistrictData } from "../../data/district-data";
import { notFound } from "../../http/errors";
import { t, type Locale } from "../../i18n/messages";
import type { District } from "../../district-lookup/district-registry";
import type { Community } from "./views-public";

// The district's areas as this module names them. A community's short code is its code
// after the district's six digits ("001002"): what the poster's link carries.

export interface Area {
  code: string;
  level: "subdistrict" | "community";
  parent: string | null;
  nameZh: string;
  nameEn: string;
  /** 社区 (urban) or 村 (rural) for a community; 街道 or 镇 for a 街道-level area. */
  kind: string;
}

export async function loadAreas(data: DistrictData): Promise<Map<string, Area>> {
  const rows = await data.selectFrom("areas").select(["code", "level", "parent_code", "name_zh", "name_en", "kind"]).orderBy("code").execute();
  return new Map(rows.map((r) => [r.code, { code: r.code, level: r.level, parent: r.parent_code, nameZh: r.name_zh, nameEn: r.name_en, kind: r.kind }]));
}

const pick = (a: Area, l: Locale) => (l === "en" && a.nameEn ? a.nameEn : a.nameZh);

/** "第一街道 · 和平路社区" (the code itself when the area is unknown). */
export function areaName(areas: Map<string, Area>, code: string, l: Locale): string {
  const area = areas.get(code);
  if (!area) return code;
  const parent = area.parent ? areas.get(area.parent) : undefined;
  return parent ? `${pick(parent, l)} · ${pick(area, l)}` : pick(area, l);
}

export const shortCode = (district: District, code: string) => code.slice(district.code.length);

/** The community of a short link, or 404. */
export async function communityByShort(data: DistrictData, district: District, l: Locale, short: string): Promise<Community> {
  if (!/^\d{6}$/.test(short)) throw notFound();
  const code = `${district.code}${short}`;
  // The community and its 街道 in one round trip.
  const row = await data
    .selectFrom("areas")
    .leftJoin("areas as p", (j) => j.onRef("p.district_id", "=", "areas.district_id").onRef("p.code", "=", "areas.parent_code"))
    .select(["areas.name_zh", "areas.name_en", "p.name_zh as parent_zh", "p.name_en as parent_en"])
    .where("areas.code", "=", code)
    .where("areas.level", "=", "community")
    .executeTakeFirst();
  if (!row) throw notFound();
  const parent = row.parent_zh === null ? null : { name_zh: row.parent_zh, name_en: row.parent_en ?? "" };
  const name = (r: { name_zh: string; name_en: string }) => (l === "en" && r.name_en ? r.name_en : r.name_zh);
  const { needsDataProcessor, needsDataContact } = district.settings;
  return {
    code,
    short,
    name: name(row),
    subdistrict: parent ? name(parent) : "",
    processor: needsDataProcessor || t(l, "linkage.form.defaultProcessor", { district: l === "en" ? district.nameEn || district.nameZh : district.nameZh }),
    contact: needsDataContact || t(l, "linkage.form.defaultContact", { community: name(row) }),
  };
}

/** Communities within the given area prefixes, as select options. */
export function communitiesInScope(areas: Map<string, Area>, scopes: readonly string[], l: Locale): { value: string; label: string }[] {
  return [...areas.values()].filter((a) => a.level === "community" && scopes.some((p) => a.code.startsWith(p))).map((a) => ({ value: a.code, label: areaName(areas, a.code, l) }));
}
