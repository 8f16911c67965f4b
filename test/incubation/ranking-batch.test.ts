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
          return target.batch(list).then((results) => {
            rowsRead.push(...results.map((r) => r.results.length));
            return results;
          });
        };
      const value = Reflect.get(target, property);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

const rowsRead: number[] = [];

// Many reviewers on every application of the call, in every state, with scores in halves,
// so the sums, means and rounding are compared on more than the demo's one review.
{
  const db = shardDatabase(testEnv, "DISTRICTS_0");
  const call = await db.prepare("SELECT rubric_id FROM calls WHERE district_id = ? AND id = ?").bind(K, CALL).first<{ rubric_id: string }>();
  const items = (await db.prepare("SELECT id, max_score FROM rubric_items WHERE district_id = ? AND rubric_id = ?").bind(K, call!.rubric_id).all<{ id: string; max_score: number }>()).results;
  const apps = (await db.prepare("SELECT id FROM applications WHERE district_id = ? AND call_id = ? AND status <> 'draft'").bind(K, CALL).all<{ id: string }>()).results;
  const users = (await db.prepare("SELECT id FROM users WHERE district_id = ? ORDER BY id LIMIT 9").bind(K).all<{ id: string }>()).results;
  const states = [
    ["clear", true],
    ["clear", true],
    ["clear", true],
    ["clear", false],
    ["awaiting_declaration", false],
    ["conflicted", false],
    ["moved", false],
  ] as const;
  let seed = 11;
  const next = (n: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed % n;
  };
  const statements: D1PreparedStatement[] = [];
  for (const app of apps)
    for (const user of users) {
      const [status, submitted] = states[next(states.length)]!;
      const id = `queue-${app.id}-${user.id}`;
      statements.push(
        db
          .prepare(
            "INSERT OR IGNORE INTO review_assignments (district_id, id, subject_kind, subject_id, rubric_id, reviewer_id, status, submitted_at, assigned_at) VALUES (?, ?, 'incubation_application', ?, ?, ?, ?, ?, '2026-01-05T02:00:00.000Z')",
          )
          .bind(K, id, app.id, call!.rubric_id, user.id, status, submitted ? "2026-01-06T02:00:00.000Z" : null),
      );
      if (status === "clear")
        for (const item of items)
          statements.push(db.prepare("INSERT OR IGNORE INTO review_scores (district_id, assignment_id, item_id, score, scored_at) VALUES (?, ?, ?, ?, '2026-01-06T02:00:00.000Z')").bind(K, id, item.id, next(item.max_score * 2 + 1) / 2));
    }
  await db.batch(statements);
}

/** Each row's figures as the engine's own aggregate() works them out from every assignment and score. */
async function expectAsAggregate(rows: Awaited<ReturnType<typeof ranking>>["rows"]) {
  const plain = new DistrictData((await findDistrict(testEnv, K))!, shardDatabase(testEnv, "DISTRICTS_0"));
  const call = await plain.selectFrom("calls").select("rubric_id").where("id", "=", CALL).executeTakeFirstOrThrow();
  const expected = await aggregate(
    plain,
    (await loadRubric(plain, call.rubric_id))!,
    rows.map((r) => r.id),
  );
  for (const r of rows) {
    const { mean, min, max, spread, counted, conflicted, pending } = expected.get(r.id)!;
    expect(r.aggregate, r.id).toEqual({ mean, min, max, spread, counted, conflicted, pending });
  }
}

const admin = { id: "someone", grants: [{ role: "district_admin" as const, scopeArea: "", organizationId: null }], locale: "zh-CN" as const };

describe("the review queue", () => {
  it("reads everything in one round trip and ranks as aggregate() does", async () => {
    const district = (await findDistrict(testEnv, K))!;
    const trips: string[] = [];
    const data = new DistrictData(district, countingShard(trips));
    const { call, rubricLockedAt, rows } = await ranking(data, admin, CALL);
    expect(trips).toEqual([expect.stringMatching(/^batch of \d+$/)]);
    expect(call.id).toBe(CALL);
    expect(call.park.id).toBe(call.park_id);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.aggregate.counted >= 2).length).toBeGreaterThan(1);

    expect(rubricLockedAt).toBe((await loadRubric(new DistrictData(district, shardDatabase(testEnv, "DISTRICTS_0")), call.rubric_id))!.lockedAt);
    await expectAsAggregate(rows);
    // The batch returns a row per application, not one per score.
    expect(rowsRead.at(-1)).toBeLessThanOrEqual(rows.length);
    const means = rows.map((r) => r.aggregate.mean ?? -1);
    expect(means).toEqual([...means].sort((a, b) => b - a));
  });

  it("follows every change to the assignments and scores, whoever writes them", async () => {
    const db = shardDatabase(testEnv, "DISTRICTS_0");
    const data = new DistrictData((await findDistrict(testEnv, K))!, db);
    const reviews = (
      await db
        .prepare("SELECT id, subject_id, rubric_id, reviewer_id, submitted_at FROM review_assignments WHERE district_id = ? AND id LIKE 'queue-%' AND status = 'clear' ORDER BY id")
        .bind(K)
        .all<{ id: string; subject_id: string; rubric_id: string; reviewer_id: string; submitted_at: string | null }>()
    ).results;
    const counted = reviews.filter((r) => r.submitted_at !== null);
    const pending = reviews.find((r) => r.submitted_at === null)!;
    expect(counted.length).toBeGreaterThan(3);
    expect(pending).toBeDefined();
    // Each change on its own, so that no other change works its application out again.
    const changes: [string, string, D1PreparedStatement[]][] = [
      ["a counted reviewer's score changes", counted[0]!.subject_id, [db.prepare("UPDATE review_scores SET score = 0 WHERE district_id = ? AND assignment_id = ? AND score > 0").bind(K, counted[0]!.id)]],
      [
        "a counted reviewer's score is removed",
        counted[1]!.subject_id,
        [
          db
            .prepare("DELETE FROM review_scores WHERE district_id = ? AND assignment_id = ? AND rowid = (SELECT min(rowid) FROM review_scores WHERE district_id = ? AND assignment_id = ? AND score > 0)")
            .bind(K, counted[1]!.id, K, counted[1]!.id),
        ],
      ],
      ["a counted reviewer declares a conflict after all", counted[2]!.subject_id, [db.prepare("UPDATE review_assignments SET status = 'conflicted', submitted_at = NULL WHERE district_id = ? AND id = ?").bind(K, counted[2]!.id)]],
      ["a pending reviewer hands in", pending.subject_id, [db.prepare("UPDATE review_assignments SET submitted_at = '2026-01-07T02:00:00.000Z' WHERE district_id = ? AND id = ?").bind(K, pending.id)]],
      [
        "a reviewer is taken off",
        counted[3]!.subject_id,
        [db.prepare("DELETE FROM review_scores WHERE district_id = ? AND assignment_id = ?").bind(K, counted[3]!.id), db.prepare("DELETE FROM review_assignments WHERE district_id = ? AND id = ?").bind(K, counted[3]!.id)],
      ],
      [
        "a reviewer is assigned again",
        counted[3]!.subject_id,
        [
          db
            .prepare(
              "INSERT INTO review_assignments (district_id, id, subject_kind, subject_id, rubric_id, reviewer_id, status, assigned_at) VALUES (?, 'queue-again', 'incubation_application', ?, ?, ?, 'awaiting_declaration', '2026-01-08T02:00:00.000Z')",
            )
            .bind(K, counted[3]!.subject_id, counted[3]!.rubric_id, counted[3]!.reviewer_id),
        ],
      ],
    ];
    for (const [what, subject, statements] of changes) {
      const before = (await ranking(data, admin, CALL)).rows.find((r) => r.id === subject)!.aggregate;
      await db.batch(statements);
      const { rows } = await ranking(data, admin, CALL);
      await expectAsAggregate(rows);
      expect(rows.find((r) => r.id === subject)!.aggregate, what).not.toEqual(before);
    }
  });

  it("answers 404 for a call of a park the staff member does not manage, and for an unknown call", async () => {
    const district = (await findDistrict(testEnv, K))!;
    const data = new DistrictData(district, shardDatabase(testEnv, "DISTRICTS_0"));
    const outsider = { ...admin, grants: [{ role: "subdistrict_staff" as const, scopeArea: `${K}999`, organizationId: null }] };
    await expect(ranking(data, outsider, CALL)).rejects.toMatchObject({ status: 404 });
    await expect(ranking(data, admin, "no-such-call")).rejects.toMatchObject({ status: 404 });
  });
});
