import { sql, type RawBuilder } from "kysely";
import type { DistrictData } from "../../data/district-data";
import { addDays, beijingDayStart } from "../../lib/beijing-time";
import { certifiedWorkersByArea } from "../posts";
import type { Area } from "./areas";
import type { Metric } from "./assessment-tables";
import { type Answers, histogramMedian } from "./needs-summary";

// The assessment's computed indicators for one year, per assessed area (a 街道 counts
// everything in its communities too). A figure with nothing to measure (no need received,
// no action due, no population recorded) is null: its weight is left out of that area's
// total rather than scored as zero, so an area is not marked down for a quiet year.
//
// SQLite counts needs, meetings and actions per period and area (needs also per stored
// working days to the first answer), so the Worker reads a row per distinct figure and
// adds each to the areas above it, however many records there are.

export type Figures = Record<Metric, number | null>;

const round1 = (n: number) => Math.round(n * 10) / 10;

/** The dashboard's figures: the assessment's and the counts behind them. */
export interface AreaFigures extends Figures {
  needs: number;
  answered: number;
  /** Working days from receipt to the first answer → how many answered needs took them. */
  answerDays: Answers;
  /** Median of answerDays; null when none was answered. */
  medianDays: number | null;
  actionsDue: number;
  actionsDoneOnTime: number;
}

/** Beijing dates from..to, both included. */
export interface Period {
  from: string;
  to: string;
}

/** A share in percent to one decimal, null when there is nothing to share. */
export const share = (done: number, all: number) => (all ? round1((done / all) * 100) : null);

export async function assessmentFigures(data: DistrictData, year: number, subjects: readonly Area[], areas: Map<string, Area>): Promise<Map<string, Figures>> {
  const [all] = await areaFigures(data, [{ from: `${year}-01-01`, to: `${year}-12-31` }], subjects, areas);
  return new Map([...all!].map(([code, { needs_on_time, meetings_held, actions_on_time, workers_per_10k }]) => [code, { needs_on_time, meetings_held, actions_on_time, workers_per_10k }]));
}

/** Which period a value falls in (NULL: none), for periods bounded by [starts[i], ends[i]). */
const periodOf = (column: string, starts: readonly string[], ends: readonly string[]): RawBuilder<number | null> =>
  sql`case ${sql.join(
    starts.map((s, i) => sql`when ${sql.ref(column)} >= ${s} and ${sql.ref(column)} < ${ends[i]} then ${sql.lit(i)}`),
    sql` `,
  )} end`;

/** Figures per area for each period, in the order given. */
export async function areaFigures(data: DistrictData, periods: readonly Period[], subjects: readonly Area[], areas: Map<string, Area>): Promise<Map<string, AreaFigures>[]> {
  const from = periods.map((p) => p.from);
  const until = periods.map((p) => addDays(p.to, 1));
  const first = [...from].sort()[0]!;
  const last = [...until].sort().at(-1)!;
  const count = sql<number>`count(*)`.as("n");
  const [needs, meetings, actions, workers, population] = await Promise.all([
    data
      .selectFrom("linkage_needs")
      .select([
        periodOf(
          "received_at",
          from.map((d) => beijingDayStart(d)),
          until.map((d) => beijingDayStart(d)),
        ).as("period"),
        "community_code as area",
        "answer_working_days as days",
        // 0 not answered, 1 answered after the due date, 2 answered by it (both Beijing dates).
        sql<number>`case when answered_at is null then 0 when date(answered_at, '+8 hours') <= due_on then 2 else 1 end`.as("answered_by_due"),
        count,
      ])
      .where("status", "<>", "merged")
      .where("received_at", ">=", beijingDayStart(first))
      .where("received_at", "<", beijingDayStart(last))
      .groupBy([sql`period`, "community_code", "answer_working_days", sql`answered_by_due`])
      .execute(),
    data
      .selectFrom("linkage_meetings")
      .select([periodOf("held_on", from, until).as("period"), "area_code as area", count])
      .where("held_on", ">=", first)
      .where("held_on", "<", last)
      .groupBy([sql`period`, "area_code"])
      .execute(),
    data
      .selectFrom("linkage_actions")
      .innerJoin("linkage_meetings", (j) => j.onRef("linkage_meetings.district_id", "=", "linkage_actions.district_id").onRef("linkage_meetings.id", "=", "linkage_actions.meeting_id"))
      .select([periodOf("linkage_actions.due_on", from, until).as("period"), "area_code as area", count, sql<number>`sum(done_on <= linkage_actions.due_on)`.as("done")])
      .where("linkage_actions.due_on", ">=", first)
      .where("linkage_actions.due_on", "<", last)
      .groupBy([sql`period`, "area_code"])
      .execute(),
    certifiedWorkersByArea(data),
    data.selectFrom("areas").select(["code", "population"]).execute(),
  ]);
  const people = new Map(population.map((p) => [p.code, p.population]));
  const perArea = subjects.map((subject) => {
    // A 街道 without its own figure counts the residents of its communities.
    const residents =
      people.get(subject.code) ?? ([...areas.values()].filter((a) => a.parent === subject.code).reduce<number | null>((sum, a) => (people.get(a.code) == null ? sum : (sum ?? 0) + people.get(a.code)!), null) as number | null);
    let certified = 0;
    for (const [code, n] of workers) if (code.startsWith(subject.code)) certified += n;
    return residents ? round1((certified / residents) * 10000) : null;
  });
  // Counts first (needs_on_time holds the needs answered by their due date until the end).
  const tallies = periods.map(
    () =>
      new Map<string, AreaFigures>(
        subjects.map((s, i) => [s.code, { needs_on_time: 0, meetings_held: 0, actions_on_time: null, workers_per_10k: perArea[i]!, needs: 0, answered: 0, answerDays: new Map(), medianDays: null, actionsDue: 0, actionsDoneOnTime: 0 }]),
      ),
  );
  // The areas a row counts towards: its own and those whose code its code extends.
  const above = new Map<string, AreaFigures[]>();
  const into = (period: number | null, area: string | null) => {
    if (period === null || area === null) return [];
    const key = `${period} ${area}`;
    const found = above.get(key) ?? subjects.filter((s) => area.startsWith(s.code)).map((s) => tallies[period]!.get(s.code)!);
    above.set(key, found);
    return found;
  };
  for (const r of needs)
    for (const f of into(r.period, r.area)) {
      const n = Number(r.n);
      f.needs += n;
      if (r.answered_by_due) f.answered += n;
      if (r.answered_by_due === 2) f.needs_on_time! += n;
      if (r.days !== null) f.answerDays.set(r.days, (f.answerDays.get(r.days) ?? 0) + n);
    }
  for (const r of meetings) for (const f of into(r.period, r.area)) f.meetings_held! += Number(r.n);
  for (const r of actions)
    for (const f of into(r.period, r.area)) {
      f.actionsDue += Number(r.n);
      f.actionsDoneOnTime += Number(r.done);
    }
  for (const byCode of tallies)
    for (const f of byCode.values()) {
      f.needs_on_time = share(f.needs_on_time!, f.needs);
      f.actions_on_time = share(f.actionsDoneOnTime, f.actionsDue);
      f.medianDays = histogramMedian(f.answerDays);
    }
  return tallies;
}
