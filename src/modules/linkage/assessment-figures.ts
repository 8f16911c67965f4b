import type { DistrictData } from "../../data/district-data";
import { beijingDate, beijingDayStart, workingDaysBetween } from "../../lib/beijing-time";
import { registeredWorkers } from "../posts";
import type { Area } from "./areas";
import type { Metric } from "./assessment-tables";
import { median } from "./needs-summary";

// The assessment's computed indicators for one year, per assessed area (a 街道 counts
// everything in its communities too). A figure with nothing to measure (no need received,
// no action due, no population recorded) is null: its weight is left out of that area's
// total rather than scored as zero, so an area is not marked down for a quiet year.

export type Figures = Record<Metric, number | null>;

const round1 = (n: number) => Math.round(n * 10) / 10;

/** The dashboard's figures: the assessment's and the counts behind them. */
export interface AreaFigures extends Figures {
  needs: number;
  answered: number;
  /** Working days from receipt to the first answer, of each answered need. */
  answerDays: number[];
  /** Median of answerDays; null when none was answered. */
  medianDays: number | null;
  actionsDue: number;
  actionsDoneOnTime: number;
}

/** A share in percent to one decimal, null when there is nothing to share. */
export const share = (done: number, all: number) => (all ? round1((done / all) * 100) : null);

export async function assessmentFigures(data: DistrictData, year: number, subjects: readonly Area[], areas: Map<string, Area>): Promise<Map<string, Figures>> {
  const all = await areaFigures(data, `${year}-01-01`, `${year}-12-31`, subjects, areas);
  return new Map([...all].map(([code, { needs_on_time, meetings_held, actions_on_time, workers_per_10k }]) => [code, { needs_on_time, meetings_held, actions_on_time, workers_per_10k }]));
}

/** Figures per area over Beijing dates from..to (both included). */
export async function areaFigures(data: DistrictData, from: string, to: string, subjects: readonly Area[], areas: Map<string, Area>): Promise<Map<string, AreaFigures>> {
  const [needs, meetings, actions, workers] = await Promise.all([
    data
      .selectFrom("linkage_needs")
      .select(["community_code", "received_at", "answered_at", "due_on"])
      .where("status", "<>", "merged")
      .where("received_at", ">=", beijingDayStart(from))
      .where("received_at", "<", beijingDayStart(to, 1))
      .execute(),
    data.selectFrom("linkage_meetings").select(["area_code"]).where("held_on", ">=", from).where("held_on", "<=", to).where("area_code", "is not", null).execute(),
    data
      .selectFrom("linkage_actions")
      .innerJoin("linkage_meetings", (j) => j.onRef("linkage_meetings.district_id", "=", "linkage_actions.district_id").onRef("linkage_meetings.id", "=", "linkage_actions.meeting_id"))
      .select(["linkage_meetings.area_code", "linkage_actions.due_on", "linkage_actions.done_on"])
      .where("linkage_actions.due_on", ">=", from)
      .where("linkage_actions.due_on", "<=", to)
      .execute(),
    registeredWorkers(data),
  ]);
  const population = await data.selectFrom("areas").select(["code", "population"]).execute();
  const people = new Map(population.map((p) => [p.code, p.population]));
  const result = new Map<string, AreaFigures>();
  for (const subject of subjects) {
    const within = (code: string | null) => !!code?.startsWith(subject.code);
    const mine = needs.filter((n) => within(n.community_code));
    const answered = mine.filter((n) => n.answered_at !== null);
    const onTime = mine.filter((n) => n.answered_at !== null && beijingDate(n.answered_at) <= n.due_on).length;
    const due = actions.filter((a) => within(a.area_code));
    const doneOnTime = due.filter((a) => a.done_on !== null && a.done_on <= a.due_on).length;
    // A 街道 without its own figure counts the residents of its communities.
    const residents =
      people.get(subject.code) ?? ([...areas.values()].filter((a) => a.parent === subject.code).reduce<number | null>((sum, a) => (people.get(a.code) == null ? sum : (sum ?? 0) + people.get(a.code)!), null) as number | null);
    const certified = workers.filter((w) => w.certified && within(w.areaCode)).length;
    const answerDays = answered.map((n) => workingDaysBetween(beijingDate(n.received_at), beijingDate(n.answered_at!)));
    result.set(subject.code, {
      needs_on_time: share(onTime, mine.length),
      meetings_held: meetings.filter((m) => within(m.area_code)).length,
      actions_on_time: share(doneOnTime, due.length),
      workers_per_10k: residents ? round1((certified / residents) * 10000) : null,
      needs: mine.length,
      answered: answered.length,
      answerDays,
      medianDays: median(answerDays),
      actionsDue: due.length,
      actionsDoneOnTime: doneOnTime,
    });
  }
  return result;
}
