import type { DistrictData } from "../../data/district-data";
import { type Locale, t } from "../../i18n/messages";
import { areaInScope, type Viewer } from "./scope";

// The district's areas, read once per request: the table is small (tens of rows) and
// every page of the module names places.

export interface Area {
  code: string;
  level: "subdistrict" | "community";
  parent: string | null;
  nameZh: string;
  nameEn: string;
}

export type Areas = Map<string, Area>;

export function areasQuery(data: DistrictData) {
  return data.selectFrom("areas").select(["code", "level", "parent_code", "name_zh", "name_en"]).orderBy("code");
}

export function toAreas(rows: { code: string; level: "subdistrict" | "community"; parent_code: string | null; name_zh: string; name_en: string }[]): Areas {
  return new Map(rows.map((r) => [r.code, { code: r.code, level: r.level, parent: r.parent_code, nameZh: r.name_zh, nameEn: r.name_en }]));
}

export async function loadAreas(data: DistrictData): Promise<Areas> {
  return toAreas(await areasQuery(data).execute());
}

/** "沼潭街道 · 和平路社区", or the district level for NULL. */
export function areaLabel(areas: Areas, code: string | null, locale: Locale): string {
  if (!code) return t(locale, "posts.area.district");
  const area = areas.get(code);
  if (!area) return code;
  const name = (a: Area) => (locale === "en" && a.nameEn ? a.nameEn : a.nameZh);
  const parent = area.parent ? areas.get(area.parent) : undefined;
  return parent ? `${name(parent)} · ${name(area)}` : name(area);
}

/** Areas the viewer may place things in, as select options ("" = district level). */
export function areaOptions(areas: Areas, v: Viewer, locale: Locale, options: { anyArea?: boolean } = {}): { value: string; label: string }[] {
  const list: { value: string; label: string }[] = [];
  if (options.anyArea || areaInScope(v, null)) list.push({ value: "", label: t(locale, "posts.area.district") });
  for (const a of areas.values()) {
    if (options.anyArea || areaInScope(v, a.code)) list.push({ value: a.code, label: areaLabel(areas, a.code, locale) });
  }
  return list;
}
