import type { IncubationActor } from "./actor";
import type { DistrictData } from "../../data/district-data";
import { sql } from "kysely";
import { grantCovers } from "../../auth/scope";
import { notFound } from "../../http/errors";
import { PERMISSIONS } from "../../auth/permissions";
import { APPLICATION_STATUSES } from "./tables";

// Per park and per district: applications by state, days from submission to decision,
// occupancy, graduations and eliminations per year. Staff see the parks at or below
// their level.

export async function dashboard(data: DistrictData, actor: IncubationActor, parkId?: string) {
  const grants = (actor?.grants ?? []).filter((g) => (PERMISSIONS["incubation.view"] as readonly string[]).includes(g.role));
  const allParks = await data.selectFrom("parks").select(["id", "name", "area_code"]).orderBy("name").execute();
  const parks = allParks.filter((p) => grants.some((g) => grantCovers(g, p.area_code)));
  if (parkId && !parks.some((p) => p.id === parkId)) throw notFound();
  const ids = parkId ? [parkId] : parks.map((p) => p.id);
  if (ids.length === 0) return { parks, byState: {}, averageDaysToDecision: null, occupancy: { spaces: 0, occupied: 0, rate: null }, exitsByYear: [] };

  const [states, days, spaces, exits] = await data.read<Record<string, unknown>>([
    data
      .selectFrom("applications")
      .innerJoin("calls", (j) => j.onRef("calls.district_id", "=", "applications.district_id").onRef("calls.id", "=", "applications.call_id"))
      .select(["applications.status", (eb) => eb.fn.countAll<number>().as("n")])
      .where("calls.park_id", "in", ids)
      .groupBy("applications.status"),
    data
      .selectFrom("applications")
      .innerJoin("calls", (j) => j.onRef("calls.district_id", "=", "applications.district_id").onRef("calls.id", "=", "applications.call_id"))
      .select(sql<number>`avg(julianday(applications.decided_at) - julianday(applications.submitted_at))`.as("days"))
      .where("calls.park_id", "in", ids)
      .where("applications.decided_at", "is not", null)
      .where("applications.submitted_at", "is not", null),
    data
      .selectFrom("park_spaces")
      .select(["status", (eb) => eb.fn.countAll<number>().as("n")])
      .where("park_id", "in", ids)
      .groupBy("status"),
    data
      .selectFrom("incubations")
      .select([sql<string>`substr(ended_on, 1, 4)`.as("year"), "status", (eb) => eb.fn.countAll<number>().as("n")])
      .where("park_id", "in", ids)
      .where("status", "in", ["graduated", "eliminated"])
      .groupBy([sql`substr(ended_on, 1, 4)`, "status"])
      .orderBy("year"),
  ]);
  const byState = Object.fromEntries(APPLICATION_STATUSES.map((s) => [s, Number(states?.find((r) => r.status === s)?.n ?? 0)]));
  const total = (spaces ?? []).reduce((n, r) => n + Number(r.n), 0);
  const occupied = Number(spaces?.find((r) => r.status === "occupied")?.n ?? 0);
  const years = new Map<string, { year: string; graduated: number; eliminated: number }>();
  for (const r of exits ?? []) {
    const year = String(r.year);
    const row = years.get(year) ?? { year, graduated: 0, eliminated: 0 };
    row[r.status as "graduated" | "eliminated"] = Number(r.n);
    years.set(year, row);
  }
  const avg = days?.[0]?.days;
  return {
    parks,
    byState,
    averageDaysToDecision: avg === null || avg === undefined ? null : Math.round(Number(avg) * 10) / 10,
    occupancy: { spaces: total, occupied, rate: total ? Math.round((occupied / total) * 1000) / 10 : null },
    exitsByYear: [...years.values()],
  };
}
