import type { DistrictData } from "../../../data/district-data";
import type { AreaName } from "../views/parts";

/** The district's 街道 and communities with their names, for labels. */
export function areaNames(data: DistrictData): Promise<AreaName[]> {
  return data.selectFrom("areas").select(["code", "level", "name_zh as nameZh", "name_en as nameEn"]).orderBy("code").execute();
}
