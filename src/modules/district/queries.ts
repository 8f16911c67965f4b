import type { DistrictData } from "../../data/district-data";

export interface AreaNode {
  code: string;
  name: string;
  nameEn: string;
  kind: string;
  communities: { code: string; name: string; nameEn: string; kind: string }[];
}

/** The sub-districts with their communities, in code order. */
export async function areaTree(data: DistrictData): Promise<AreaNode[]> {
  const rows = await data.selectFrom("areas").select(["code", "level", "parent_code", "name_zh", "name_en", "kind"]).orderBy("code").execute();
  const tree = new Map<string, AreaNode>();
  for (const row of rows) {
    if (row.level === "subdistrict") tree.set(row.code, { code: row.code, name: row.name_zh, nameEn: row.name_en, kind: row.kind, communities: [] });
  }
  for (const row of rows) {
    if (row.level === "community") tree.get(row.parent_code!)?.communities.push({ code: row.code, name: row.name_zh, nameEn: row.name_en, kind: row.kind });
  }
  return [...tree.values()];
}

/** Figures for the district home page, in one round trip. */
export async function homeFigures(data: DistrictData) {
  const [areas, orgs] = await data.read<{ level?: string; n: number }>([
    data.selectFrom("areas").select(["level", (eb) => eb.fn.countAll<number>().as("n")]).groupBy("level"),
    data.selectFrom("organizations").select((eb) => eb.fn.countAll<number>().as("n")),
  ]);
  const count = (level: string) => Number(areas?.find((a) => a.level === level)?.n ?? 0);
  return { subdistricts: count("subdistrict"), communities: count("community"), organizations: Number(orgs?.[0]?.n ?? 0) };
}
