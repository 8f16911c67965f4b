import { describe, expect, it } from "vitest";
import { DistrictData } from "../../src/data/district-data";
import { findDistrict } from "../../src/district-lookup/district-registry";
import { beijingDate, beijingDayStart, workingDaysBetween } from "../../src/lib/beijing-time";
import { loadAreas } from "../../src/modules/linkage/areas";
import { areaFigures, assessmentFigures, type Period } from "../../src/modules/linkage/assessment-figures";
import { lastQuarters } from "../../src/modules/linkage/dashboard";
import { districtWith } from "../fixtures/district";
import { testEnv } from "../helpers";
import { median } from "./median";

// The dashboard, its public summary and the assessment count needs, meetings and actions
// in SQLite (per period, area, stored working days and whether the answer came by the due
// date) instead of reading each record. Every figure must equal counting the records one
// by one from their dates, the way the Worker used to: across Beijing midnight, the October
// holidays and quarter ends, with unanswered and merged needs, meetings at no area and
// actions not done. A request reads a row per distinct figure, not one per record.

const A = await districtWith("170651");
const areas = await loadAreas(new DistrictData((await findDistrict(testEnv, A.code))!, A.db));
const subjects = [...areas.values()];
const communities = subjects.filter((a) => a.level === "community").map((a) => a.code);

let seed = 11;
const next = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
};
const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
const DAY = 86_400_000;
const date = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

interface Need {
  community: string;
  status: string;
  received: string;
  answered: string | null;
  due: string;
}
const needs: Need[] = [];
// From mid-December 2025 to the end of 2026: four quarter ends and the October holidays.
for (let i = 0; i < 300; i++) {
  // Hours 15 to 17 UTC straddle midnight in Beijing.
  const at = Date.UTC(2025, 11, 15) + Math.floor(next() * 380) * DAY + (14 + Math.floor(next() * 4)) * 3_600_000 + Math.floor(next() * 60) * 60_000;
  const answered = next() < 0.7 ? at + Math.floor(next() * 14) * DAY + Math.floor(next() * 5) * 3_600_000 : null;
  needs.push({
    community: pick(communities),
    status: answered === null ? "received" : next() < 0.1 ? "merged" : "solved",
    received: new Date(at).toISOString(),
    answered: answered === null ? null : new Date(answered).toISOString(),
    due: date(at + Math.floor(next() * 10) * DAY),
  });
}
const meetings = Array.from({ length: 60 }, (_, i) => ({ id: `fm-${i}`, area: next() < 0.15 ? null : pick(subjects).code, held: date(Date.UTC(2025, 11, 20) + Math.floor(next() * 375) * DAY) }));
const actions = Array.from({ length: 90 }, (_, i) => {
  const due = Date.UTC(2025, 11, 20) + Math.floor(next() * 375) * DAY;
  const done = next() < 0.6 ? date(due + Math.floor(next() * 9 - 4) * DAY) : null;
  return { id: `fa-${i}`, meeting: pick(meetings).id, due: date(due), done };
});
const workers = Array.from({ length: 25 }, (_, i) => ({ id: `fw-${i}`, area: next() < 0.2 ? null : pick(subjects).code, qualification: pick(["none", "assistant", "intermediate"]) }));

await A.db.batch([
  ...needs.map((n, i) =>
    A.db
      .prepare(
        `INSERT INTO linkage_needs (district_id, id, receipt_code, community_code, category, description, source, status, answer, merged_into, due_on, received_at, answered_at, answer_working_days, created_at, updated_at)
         VALUES (?, ?, ?, ?, 'elderly', '助餐', 'visit', ?, '已处理', ?, ?, ?, ?, ?, ?, ?)`,
      )
      // The answer's write keeps the working days from receipt to answer on the need.
      .bind(
        A.code,
        `fn-${i}`,
        `F${String(i).padStart(6, "0")}`,
        n.community,
        n.status,
        n.status === "merged" ? "fn-0" : null,
        n.due,
        n.received,
        n.answered,
        n.answered && workingDaysBetween(beijingDate(n.received), beijingDate(n.answered)),
        n.received,
        n.received,
      ),
  ),
  ...meetings.map((m) => A.db.prepare("INSERT INTO linkage_meetings (district_id, id, area_code, title, held_on, agenda, created_at, updated_at) VALUES (?, ?, ?, '联席会议', ?, '议程', 'x', 'x')").bind(A.code, m.id, m.area, m.held)),
  ...actions.map((a) =>
    A.db
      .prepare("INSERT INTO linkage_actions (district_id, id, meeting_id, title, owner_kind, owner_name, due_on, status, done_on, created_at, updated_at) VALUES (?, ?, ?, '选址', 'person', '王', ?, ?, ?, 'x', 'x')")
      .bind(A.code, a.id, a.meeting, a.due, a.done ? "done" : "open", a.done),
  ),
  ...workers.map((w) =>
    A.db
      .prepare(
        `INSERT INTO social_workers (district_id, id, name, area_code, qualification, certificate_no, id_number_protected, id_number_hash, id_number_masked, phone_protected, phone_hash, phone_masked, user_id, version, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, 'x', ?, '1****1', 'x', ?, '1****1', NULL, 1, 'x', 'x')`,
      )
      .bind(A.code, w.id, `社工${w.id}`, w.area, w.qualification, w.qualification === "none" ? null : `C-${w.id}`, `h-${w.id}`, `p-${w.id}`),
  ),
  A.db.prepare("UPDATE areas SET population = 12000 WHERE district_id = ? AND code = ?").bind(A.code, communities[0]),
  A.db.prepare("UPDATE areas SET population = 30000 WHERE district_id = ? AND code = ?").bind(A.code, `${A.code}002`),
]);

const round1 = (n: number) => Math.round(n * 10) / 10;
const share = (done: number, all: number) => (all ? round1((done / all) * 100) : null);

/** The figures worked out one record at a time, as the Worker did before SQLite counted them. */
function reference(p: Period, code: string) {
  const within = (c: string | null) => !!c?.startsWith(code);
  const mine = needs.filter((n) => n.status !== "merged" && n.received >= beijingDayStart(p.from) && n.received < beijingDayStart(p.to, 1) && within(n.community));
  const answered = mine.filter((n) => n.answered !== null);
  const onTime = answered.filter((n) => beijingDate(n.answered!) <= n.due).length;
  const due = actions.filter((a) => a.due >= p.from && a.due <= p.to && within(meetings.find((m) => m.id === a.meeting)!.area));
  const doneOnTime = due.filter((a) => a.done !== null && a.done <= a.due).length;
  const people = new Map([
    [communities[0]!, 12000],
    [`${A.code}002`, 30000],
  ]);
  const residents = people.get(code) ?? subjects.filter((a) => a.parent === code).reduce<number | null>((sum, a) => (people.has(a.code) ? (sum ?? 0) + people.get(a.code)! : sum), null);
  const certified = workers.filter((w) => w.qualification !== "none" && within(w.area)).length;
  const days = answered.map((n) => workingDaysBetween(beijingDate(n.received), beijingDate(n.answered!)));
  return {
    needs_on_time: share(onTime, mine.length),
    meetings_held: meetings.filter((m) => m.held >= p.from && m.held <= p.to && within(m.area)).length,
    actions_on_time: share(doneOnTime, due.length),
    workers_per_10k: residents ? round1((certified / residents) * 10000) : null,
    needs: mine.length,
    answered: answered.length,
    medianDays: median(days),
    actionsDue: due.length,
    actionsDoneOnTime: doneOnTime,
    answerDays: [...days].sort((a, b) => a - b),
  };
}

/** The district's data over a shard that notes each statement and how many rows it returned. */
async function countingData(log: { sql: string; params: unknown[]; rows: number }[]) {
  const district = (await findDistrict(testEnv, A.code))!;
  const shard = new Proxy(A.db, {
    get(target, property) {
      if (property === "prepare")
        return (sql: string) => {
          const entry = { sql, params: [] as unknown[], rows: 0 };
          log.push(entry);
          const wrap = (s: D1PreparedStatement): D1PreparedStatement =>
            new Proxy(s, {
              get(t, p) {
                if (p === "bind")
                  return (...v: unknown[]) => {
                    entry.params = v;
                    return wrap(t.bind(...v));
                  };
                if (p === "all")
                  return async () => {
                    const result = await t.all();
                    entry.rows = result.results.length;
                    return result;
                  };
                const value = Reflect.get(t, p);
                return typeof value === "function" ? value.bind(t) : value;
              },
            });
          return wrap(target.prepare(sql));
        };
      const value = Reflect.get(target, property);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return new DistrictData(district, shard);
}

const QUARTERS = lastQuarters("2026-11-16");

describe("linkage figures counted by SQLite", () => {
  it("equal counting each record, for every area over the dashboard's four quarters and an assessment year", async () => {
    expect(QUARTERS.map((q) => q.from)).toEqual(["2026-01-01", "2026-04-01", "2026-07-01", "2026-10-01"]);
    const got = await areaFigures(await countingData([]), QUARTERS, subjects, areas);
    for (const [i, q] of QUARTERS.entries())
      for (const a of subjects) {
        const { answerDays, ...f } = got[i]!.get(a.code)!;
        const { answerDays: listed, ...expected } = reference(q, a.code);
        expect({ ...f, answerDays: [...answerDays].sort(([x], [y]) => x - y).flatMap(([d, n]) => Array<number>(n).fill(d)) }, `${q.label} ${a.code}`).toEqual({ ...expected, answerDays: listed });
      }
    // The data reaches each figure: answered late and on time, merged left out, holidays counted.
    const all = reference({ from: "2026-01-01", to: "2026-12-31" }, A.code);
    expect(all.needs_on_time).toBeGreaterThan(0);
    expect(all.needs_on_time).toBeLessThan(100);
    expect(all.actions_on_time).toBeGreaterThan(0);
    expect(reference({ from: "2026-01-01", to: "2026-12-31" }, `${A.code}002`).workers_per_10k).toBeGreaterThan(0);
    const year = await assessmentFigures(await countingData([]), 2026, subjects, areas);
    for (const a of subjects) {
      const { needs_on_time, meetings_held, actions_on_time, workers_per_10k } = reference({ from: "2026-01-01", to: "2026-12-31" }, a.code);
      expect(year.get(a.code), a.code).toEqual({ needs_on_time, meetings_held, actions_on_time, workers_per_10k });
    }
  });

  it("reads a row per distinct figure from date-ordered covering indexes, in five statements", async () => {
    const before: { sql: string; params: unknown[]; rows: number }[] = [];
    await areaFigures(await countingData(before), QUARTERS, subjects, areas);
    // Forty more needs with figures already counted: the same rows come back.
    await A.db.batch(
      Array.from({ length: 40 }, (_, i) =>
        A.db
          .prepare(
            "INSERT INTO linkage_needs (district_id, id, receipt_code, community_code, category, description, source, status, answer, due_on, received_at, answered_at, answer_working_days, created_at, updated_at) VALUES (?, ?, ?, ?, 'other', '照明', 'visit', 'solved', '已修', ?, ?, ?, ?, ?, ?)",
          )
          .bind(A.code, `fx-${i}`, `X${i}`, needs[0]!.community, needs[0]!.due, needs[0]!.received, needs[0]!.answered, needs[0]!.answered && workingDaysBetween(beijingDate(needs[0]!.received), beijingDate(needs[0]!.answered)), "x", "x"),
      ),
    );
    const after: typeof before = [];
    await areaFigures(await countingData(after), QUARTERS, subjects, areas);
    expect(after).toHaveLength(5);
    expect(after.map((s) => s.rows)).toEqual(before.map((s) => s.rows));
    const needRows = after.find((s) => s.sql.includes("linkage_needs"))!;
    expect(needRows.rows).toBeLessThan(needs.length / 2);
    for (const { sql, params } of after) {
      const plan = (
        await A.db
          .prepare(`EXPLAIN QUERY PLAN ${sql}`)
          .bind(...params)
          .all<{ detail: string }>()
      ).results.map((r) => r.detail);
      expect(
        plan.filter((d) => /^SCAN /.test(d)),
        sql,
      ).toEqual([]);
      if (sql.includes('from "linkage_needs"'))
        expect(
          plan.some((d) => /^SEARCH linkage_needs USING COVERING INDEX linkage_needs_by_received \(district_id=\? AND received_at>\? AND received_at<\?\)/.test(d)),
          plan.join("; "),
        ).toBe(true);
      if (sql.includes('from "linkage_actions"'))
        expect(
          plan.some((d) => /^SEARCH linkage_actions USING COVERING INDEX linkage_actions_by_due/.test(d)),
          plan.join("; "),
        ).toBe(true);
    }
  });
});
