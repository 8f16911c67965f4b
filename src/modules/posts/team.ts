import type { DistrictData } from "../../data/district-data";
import type { Qualification } from "./tables";

// What other modules may know of the social-worker registry: names and qualification
// levels, never personal data. Projects pick their teams from it.

export interface RegisteredWorker {
  id: string;
  name: string;
  qualification: Qualification;
  /** Holds a national social-work qualification (助理社会工作师 or above). */
  certified: boolean;
  /** The 街道 or community the worker serves in, if recorded. */
  areaCode: string | null;
}

/** Registered social workers, all or the given ones (unknown ids are left out). */
export async function registeredWorkers(data: DistrictData, ids?: readonly string[]): Promise<RegisteredWorker[]> {
  if (ids && ids.length === 0) return [];
  let q = data.selectFrom("social_workers").select(["id", "name", "qualification", "area_code"]);
  if (ids) q = q.where("id", "in", [...ids]);
  const rows = await q.orderBy("name").limit(2000).execute();
  return rows.map(({ area_code, ...r }) => ({ ...r, certified: r.qualification !== "none", areaCode: area_code }));
}

/** Workers holding a national qualification, counted per area they serve in (those with no area left out). */
export async function certifiedWorkersByArea(data: DistrictData): Promise<Map<string, number>> {
  const rows = await data
    .selectFrom("social_workers")
    .select((eb) => ["area_code", eb.fn.countAll<number>().as("n")])
    .where("area_code", "is not", null)
    .where("qualification", "<>", "none")
    .groupBy("area_code")
    .execute();
  return new Map(rows.map((r) => [r.area_code!, Number(r.n)]));
}
