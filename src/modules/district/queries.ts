import type { DistrictData } from "../../data/district-data";

export interface AreaNode {
  code: string;
  name: string;
  nameEn: string;
  kind: string;
  /** Only with `withRevoked`: a revoked (已撤销) area kept as history. */
  revoked?: boolean;
  communities: { code: string; name: string; nameEn: string; kind: string; revoked?: boolean }[];
}

/** The sub-districts with their communities, in code order; revoked areas only `withRevoked` (history, labels of old records). */
export async function areaTree(data: DistrictData, options: { withRevoked?: boolean } = {}): Promise<AreaNode[]> {
  let query = data.selectFrom("areas").select(["code", "level", "parent_code", "name_zh", "name_en", "kind", "status"]).orderBy("code");
  if (!options.withRevoked) query = query.where("status", "=", "active");
  const rows = await query.execute();
  const tree = new Map<string, AreaNode>();
  const node = (row: (typeof rows)[number]) => ({ code: row.code, name: row.name_zh, nameEn: row.name_en, kind: row.kind, ...(row.status === "revoked" ? { revoked: true } : {}) });
  for (const row of rows) {
    if (row.level === "subdistrict") tree.set(row.code, { ...node(row), communities: [] });
  }
  for (const row of rows) {
    if (row.level === "community") tree.get(row.parent_code!)?.communities.push(node(row));
  }
  return [...tree.values()];
}

/**
 * One area by its code, a sub-district with its communities: a single indexed query
 * (the primary key for the area, areas_by_parent for its communities).
 */
export async function areaByCode(data: DistrictData, code: string): Promise<AreaNode | undefined> {
  const rows = await data
    .selectFrom("areas")
    .select(["code", "level", "parent_code", "name_zh", "name_en", "kind"])
    .where((eb) => eb.or([eb("code", "=", code), eb("parent_code", "=", code)]))
    .orderBy("code")
    .execute();
  const own = rows.find((r) => r.code === code);
  if (!own) return undefined;
  const communities = rows.filter((r) => r.parent_code === code).map((r) => ({ code: r.code, name: r.name_zh, nameEn: r.name_en, kind: r.kind }));
  return { code: own.code, name: own.name_zh, nameEn: own.name_en, kind: own.kind, communities };
}

/** Figures for the district home page, in one round trip. */
export interface HomeFigures {
  subdistricts: number;
  communities: number;
  organizations: number;
}

export async function homeFigures(data: DistrictData): Promise<HomeFigures> {
  const [areas, orgs] = await data.read<{ level?: string; n: number }>([
    data
      .selectFrom("areas")
      .select(["level", (eb) => eb.fn.countAll<number>().as("n")])
      .groupBy("level"),
    data.selectFrom("organizations").select((eb) => eb.fn.countAll<number>().as("n")),
  ]);
  const count = (level: string) => Number(areas?.find((a) => a.level === level)?.n ?? 0);
  return { subdistricts: count("subdistrict"), communities: count("community"), organizations: Number(orgs?.[0]?.n ?? 0) };
}
