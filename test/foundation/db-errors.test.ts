import { describe, expect, it } from "vitest";
import { constraintViolation, isCheckViolation, isForeignKeyViolation, isNotNullViolation, isUniqueViolation, triggerRule } from "../../src/data/db-errors";
import { testEnv } from "../helpers";

// Each refusal is produced for real by the database the suite runs on (D1 in workerd,
// better-sqlite3 on Node), so the one mapping is proven on both runtimes.

async function refusal(sql: string, ...values: (string | number | null)[]): Promise<unknown> {
  const db = testEnv.DISTRICTS_1;
  try {
    await db.batch([db.prepare(sql).bind(...values)]);
  } catch (error) {
    return error;
  }
  throw new Error(`expected a refusal: ${sql}`);
}

const now = "2026-01-01T00:00:00.000Z";

describe("database refusals", () => {
  it("names the unique key's columns", async () => {
    const insert = "INSERT INTO areas (district_id, code, level, parent_code, name_zh, created_at, updated_at) VALUES (?, ?, 'subdistrict', NULL, '街道', ?, ?)";
    await testEnv.DISTRICTS_1.prepare(insert).bind("990101", "990101001", now, now).run();
    const error = await refusal(insert, "990101", "990101001", now, now);
    expect(constraintViolation(error)).toEqual({ kind: "unique", detail: "areas.district_id, areas.code" });
    expect(isUniqueViolation(error, "areas")).toBe(true);
    expect(isUniqueViolation(error, "organizations")).toBe(false);
    expect(isUniqueViolation(error)).toBe(true);
  });

  it("names the column of a NOT NULL refusal", async () => {
    const error = await refusal("INSERT INTO areas (district_id, code, level, parent_code, name_zh, created_at, updated_at) VALUES (?, ?, 'subdistrict', NULL, NULL, ?, ?)", "990101", "990101002", now, now);
    expect(constraintViolation(error)).toEqual({ kind: "not_null", detail: "areas.name_zh" });
    expect(isNotNullViolation(error, "areas.name_zh")).toBe(true);
    expect(isNotNullViolation(error, "areas.code")).toBe(false);
  });

  it("gives the expression of a CHECK refusal", async () => {
    const error = await refusal("INSERT INTO write_guards (ok) VALUES (0)");
    expect(constraintViolation(error)?.kind).toBe("check");
    expect(isCheckViolation(error, /ok = 1/)).toBe(true);
    expect(isUniqueViolation(error)).toBe(false);
  });

  it("recognises a foreign key refusal", async () => {
    const error = await refusal("INSERT INTO role_grants (district_id, user_id, role, scope_area, organization_id, created_at) VALUES ('990101', 'nobody', 'reviewer', '', NULL, ?)", now);
    expect(isForeignKeyViolation(error)).toBe(true);
  });

  it("passes on the text a trigger raised", async () => {
    const db = testEnv.DISTRICTS_1;
    await db
      .prepare(
        "INSERT INTO audit_events (district_id, seq, id, at, actor_id, actor_role, action, target_type, target_id, summary_json, request_id, prev_hash, hash) VALUES ('990101', 1, 'e1', ?, NULL, 'system', 'x', 'x', 'x', '{}', NULL, 'p', 'h')",
      )
      .bind(now)
      .run();
    const error = await refusal("DELETE FROM audit_events WHERE district_id = '990101'");
    expect(triggerRule(error)).toBe("audit_events is append-only");
    expect(constraintViolation(error)?.kind).toBe("trigger");
  });

  it("reads both runtimes' error shapes and leaves other errors alone", () => {
    expect(constraintViolation(new Error("D1_ERROR: UNIQUE constraint failed: t.a, t.b: SQLITE_CONSTRAINT (extended: SQLITE_CONSTRAINT_PRIMARYKEY)"))).toEqual({ kind: "unique", detail: "t.a, t.b" });
    expect(constraintViolation(new Error("D1_ERROR: UNIQUE constraint failed: t.a, t.b: SQLITE_CONSTRAINT"))).toEqual({ kind: "unique", detail: "t.a, t.b" });
    expect(constraintViolation(new Error("D1_ERROR: posts.version_conflict: SQLITE_CONSTRAINT (extended: SQLITE_CONSTRAINT_TRIGGER)"))).toEqual({ kind: "trigger", detail: "posts.version_conflict" });
    expect(constraintViolation(new Error("D1_ERROR: posts.version_conflict: SQLITE_CONSTRAINT"))).toEqual({ kind: "trigger", detail: "posts.version_conflict" });
    expect(constraintViolation(Object.assign(new Error("UNIQUE constraint failed: t.a"), { code: "SQLITE_CONSTRAINT_PRIMARYKEY" }))).toEqual({ kind: "unique", detail: "t.a" });
    expect(constraintViolation(Object.assign(new Error("posts.headcount_full"), { code: "SQLITE_CONSTRAINT_TRIGGER" }))).toEqual({ kind: "trigger", detail: "posts.headcount_full" });
    expect(constraintViolation(new Error("D1_ERROR: no such table: nope: SQLITE_ERROR"))).toBeNull();
    expect(constraintViolation(new Error("UNIQUE constraint failed: t.a"))).toBeNull();
    expect(constraintViolation(undefined)).toBeNull();
  });
});
