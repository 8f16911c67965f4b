import { describe, expect, it } from "vitest";
import { DistrictData } from "../../src/data/district-data";
import { ranking } from "../../src/modules/incubation/service";
import { aggregate, loadRubric } from "../../src/review";
import { findDistrict, shardDatabase } from "../../src/district-lookup/district-registry";
import kundulun from "../../tenants/150203-kundulun.json";
import { loadDemoDistrict, testEnv } from "../helpers";

// The review queue (a call's ranking) reads the call, its park, the rubric, the
// applications and every review of them in one D1 round trip, and ranks exactly as the
// engine's own aggregate() does with its separate reads.

await loadDemoDistrict(kundulun);
const K = "150203";
const CALL = `demo-${K}-inc-call-open`;

/** The shard with every round trip counted: a batch is one, a single statement's run is one. */
function countingShard(trips: string[]): D1Database {
  const real = shardDatabase(testEnv, "DISTRICTS_0");
  const statement = (s: D1PreparedStatement, sql: string): D1PreparedStatement =>
    new Proxy(s, {
      get(target, property) {
        if (property === "bind") return (...values: unknown[]) => statement(target.bind(...values), sql);
        const value = Reflect.get(target, property);
        if (typeof value !== "function") return value;
        return (...args: unknown[]) => {
          if (["all", "first", "run", "raw"].includes(String(property))) trips.push(sql);
          return value.apply(target, args);
        };
      },
    });
  return new Proxy(real, {
    get(target, property) {
      if (property === "prepare") return (sql: string) => statement(target.prepare(sql), sql);
      if (property === "batch")
        return (list: D1PreparedStatement[]) => {
          trips.push(`batch of ${list.length}`);
          return target.batch(list);
        };
      const value = Reflect.get(target, property);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

const admin = { id: "someone", grants: [{ role: "district_admin" as const, scopeArea: "", organizationId: null }], locale: "zh-CN" as const };

describe("the review queue", () => {
  it("reads everything in one round trip and ranks as aggregate() does", async () => {
    const district = (await findDistrict(testEnv, K))!;
    const trips: string[] = [];
    const data = new DistrictData(district, countingShard(trips));
    const { call, rubric, rows } = await ranking(data, admin, CALL);
    expect(trips).toEqual([expect.stringMatching(/^batch of \d+$/)]);
    expect(call.id).toBe(CALL);
    expect(call.park.id).toBe(call.park_id);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => r.aggregate.counted > 0)).toBe(true);

    const plain = new DistrictData(district, shardDatabase(testEnv, "DISTRICTS_0"));
    expect(rubric).toEqual(await loadRubric(plain, call.rubric_id));
    const expected = await aggregate(
      plain,
      rubric,
      rows.map((r) => r.id),
    );
    for (const r of rows) expect(r.aggregate).toEqual(expected.get(r.id));
    const means = rows.map((r) => r.aggregate.mean ?? -1);
    expect(means).toEqual([...means].sort((a, b) => b - a));
  });

  it("answers 404 for a call of a park the staff member does not manage, and for an unknown call", async () => {
    const district = (await findDistrict(testEnv, K))!;
    const data = new DistrictData(district, shardDatabase(testEnv, "DISTRICTS_0"));
    const outsider = { ...admin, grants: [{ role: "subdistrict_staff" as const, scopeArea: `${K}999`, organizationId: null }] };
    await expect(ranking(data, outsider, CALL)).rejects.toMatchObject({ status: 404 });
    await expect(ranking(data, admin, "no-such-call")).rejects.toMatchObject({ status: 404 });
  });
});
