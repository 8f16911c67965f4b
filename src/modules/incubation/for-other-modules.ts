import type { DistrictData } from "../../data/district-data";

// What other modules may read of incubation: queries (to batch with a page's others)
// and results, never the tables themselves.

export interface OrganizationIncubation {
  id: string;
  started_on: string;
  planned_end_on: string;
  status: string;
  ended_on: string | null;
  virtual: number;
  park_name: string;
}

/** An organization's incubations with their park's name, newest first; a query for `data.read`. */
export function incubationsOfOrganizationQuery(data: DistrictData, organizationId: string) {
  return data
    .selectFrom("incubations")
    .innerJoin("parks", (j) => j.onRef("parks.district_id", "=", "incubations.district_id").onRef("parks.id", "=", "incubations.park_id"))
    .select(["incubations.id", "incubations.started_on", "incubations.planned_end_on", "incubations.status", "incubations.ended_on", "incubations.virtual", "parks.name as park_name"])
    .where("incubations.organization_id", "=", organizationId)
    .orderBy("incubations.started_on", "desc");
}

export interface ParkSummary {
  id: string;
  name: string;
  level: "district" | "subdistrict" | "community";
  operator_name: string;
  address: string;
}

/** A few parks, by name, for a summary such as the district home page. */
export async function parkSummaries(data: DistrictData, limit = 6): Promise<ParkSummary[]> {
  return data.selectFrom("parks").select(["id", "name", "level", "operator_name", "address"]).orderBy("name").limit(limit).execute();
}
