import { describe, expect, it } from "vitest";
import { DistrictData } from "../../src/data/district-data";
import { beijingDate, workingDaysBetween } from "../../src/lib/beijing-time";
import { needSummaries } from "../../src/modules/linkage/needs-summary";
import { median } from "./median";
import { NEED_CATEGORIES } from "../../src/modules/linkage/tables";
import { findDistrict } from "../../src/district-lookup/district-registry";
import { districtWith } from "../fixtures/district";
import { testEnv } from "../helpers";

// The needs summary is counted by SQLite (needs per community, category and the working
// days to an answer kept on each need) instead of reading every need. Needs answered before
// that column existed get it from migration 0032's backfill. The figures must equal
// counting the needs one by one from their dates, near Beijing midnight and across the
// October holidays and their 调休 working Saturday included, and a request reads a row per
// distinct figure, not one per need.

const A = await districtWith("170321");
const communities = [`${A.code}001001`, `${A.code}001002`, `${A.code}002001`];

let seed = 7;
const next = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
};
const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;

interface Need {
  community: string;
  category: string;
  status: string;
  received: string;
  answered: string | null;
}
const needs: Need[] = [];
needs.push({ community: communities[0]!, category: "health", status: "received", received: "2026-09-01T02:00:00.000Z", answered: null });
for (let i = 0; i < 120; i++) {
  // Hours 15 to 17 UTC straddle midnight in Beijing.
  const day = Date.UTC(2026, 8, 1) + Math.floor(next() * 60) * 86_400_000 + (14 + Math.floor(next() * 4)) * 3_600_000 + Math.floor(next() * 60) * 60_000;
  const answered = next() < 0.7 ? day + Math.floor(next() * 12) * 86_400_000 + Math.floor(next() * 5) * 3_600_000 : null;
  needs.push({
    community: pick(communities),
    category: pick(NEED_CATEGORIES.slice(0, 4)),
    status: answered === null ? "received" : next() < 0.1 ? "merged" : "solved",
    received: new Date(day).toISOString(),
    answered: answered === null ? null : new Date(answered).toISOString(),
  });
}
// Thirty needs of one category received and answered on the same two days: one row to read.
for (let i = 0; i < 30; i++) needs.push({ community: communities[0]!, category: "other", status: "solved", received: "2026-11-02T02:00:00.000Z", answered: "2026-11-05T03:00:00.000Z" });

const insert = A.db.prepare(
  `INSERT INTO linkage_needs (district_id, id, receipt_code, community_code, category, description, location, source, resident_name, phone, phone_lookup, r2_key, photo_type, status, priority, answer, merged_into, due_on, overdue, received_at, answered_at, answered_by, entered_by, version, created_at, updated_at)
   VALUES (?, ?, ?, ?, ?, '楼道照明', '', 'online', '', NULL, NULL, NULL, NULL, ?, NULL, '已处理', ?, '2026-12-31', 0, ?, ?, NULL, NULL, 1, ?, ?)`,
);
await A.db.batch(needs.map((n, i) => insert.bind(A.code, `sql-need-${i}`, `SQL${String(i).padStart(6, "0")}`, n.community, n.category, n.status, n.status === "merged" ? "sql-need-0" : null, n.received, n.answered, n.received, n.received)));

/** Migration 0032's backfill, as each runtime's test pool hands it over. */
function backfill(): string[] {
  const migration = (testEnv as unknown as { TEST_DISTRICT_MIGRATIONS: { name: string; queries?: string[]; sql?: string }[] }).TEST_DISTRICT_MIGRATIONS.find((m) => m.name.startsWith("0032_"))!;
  const statements = migration.queries ?? (migration.sql ?? "").split(/;\s*$/m);
  const from = statements.findIndex((q) => q.includes("CREATE TABLE need_backfill_days"));
  const to = statements.findIndex((q) => q.includes("DROP TABLE need_backfill_days"));
  return statements.slice(from, to + 1);
}
expect(await A.db.prepare("SELECT count(*) AS n FROM linkage_needs WHERE district_id = ? AND answer_working_days IS NOT NULL").bind(A.code).first("n")).toBe(0);
for (const q of backfill()) await A.db.prepare(q).run();

/** The figures counted one need at a time, as the summary did before SQLite counted them. */
function reference(list: readonly Need[]) {
  const days = list.filter((n) => n.answered).map((n) => workingDaysBetween(beijingDate(n.received), beijingDate(n.answered!)));
  return { received: list.length, answered: days.length, medianDays: median(days) };
}

/** The district's data over a shard whose statements' returned rows are counted. */
async function countingData(rows: number[]) {
  const district = (await findDistrict(testEnv, A.code))!;
  const real = A.db;
  const shard = new Proxy(real, {
    get(target, property) {
      if (property === "prepare")
        return (sql: string) => {
          const wrap = (s: D1PreparedStatement): D1PreparedStatement =>
            new Proxy(s, {
              get(t, p) {
                if (p === "bind") return (...v: unknown[]) => wrap(t.bind(...v));
                if (p === "all")
                  return async () => {
                    const result = await t.all();
                    rows.push(result.results.length);
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

describe("needs counted by SQLite", () => {
  it("gives every community's figures, by category, exactly as counting each need would", async () => {
    const summaries = await needSummaries(await countingData([]));
    const counted = needs.filter((n) => n.status !== "merged");
    expect(summaries.map((s) => s.communityCode)).toEqual([...new Set(counted.map((n) => n.community))].sort());
    for (const s of summaries) {
      const mine = counted.filter((n) => n.community === s.communityCode);
      expect({ received: s.received, answered: s.answered, medianDays: s.medianDays }).toEqual(reference(mine));
      const categories = NEED_CATEGORIES.filter((c) => mine.some((n) => n.category === c));
      expect(s.byCategory).toEqual(categories.map((category) => ({ category, ...reference(mine.filter((n) => n.category === category)) })));
    }
  });

  it("reads one row per figure: thirty needs answered after the same working days are one row", async () => {
    const rows: number[] = [];
    const [summary] = await needSummaries(await countingData(rows), communities[0]);
    const mine = needs.filter((n) => n.community === communities[0] && n.status !== "merged");
    expect(summary!.received).toBe(mine.length);
    expect(summary!.byCategory.find((c) => c.category === "other")).toEqual({ category: "other", received: 30, answered: 30, medianDays: 3 });
    const figures = new Set(mine.map((n) => `${n.category} ${n.answered ? workingDaysBetween(beijingDate(n.received), beijingDate(n.answered)) : ""}`));
    expect(rows).toEqual([figures.size]);
    expect(figures.size).toBeLessThan(mine.length / 2);
  });

  it("counts from the summary index alone, in its order, for one community and for the whole district", async () => {
    const log: string[] = [];
    const district = (await findDistrict(testEnv, A.code))!;
    const shard = new Proxy(A.db, {
      get(target, property) {
        if (property === "prepare")
          return (sql: string) => {
            log.push(sql);
            return target.prepare(sql);
          };
        const value = Reflect.get(target, property);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const data = new DistrictData(district, shard);
    await needSummaries(data, communities[0]);
    await needSummaries(data);
    expect(log).toHaveLength(2);
    const params = [
      [A.code, "merged", communities[0]],
      [A.code, "merged"],
    ];
    for (const [i, sql] of log.entries()) {
      const plan = await A.db
        .prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .bind(...params[i]!)
        .all<{ detail: string }>();
      const details = plan.results.map((r) => r.detail);
      expect(
        details.some((d) => /^SEARCH linkage_needs USING COVERING INDEX linkage_needs_summary /.test(d)),
        details.join("; "),
      ).toBe(true);
      expect(details.filter((d) => /TEMP B-TREE/.test(d))).toEqual([]);
      expect(details.filter((d) => /^SCAN linkage_needs/.test(d))).toEqual([]);
    }
  });
});
