import { describe, expect, it } from "vitest";
import { resolveRecipients } from "../../src/notifications/recipients";
import { objectionReceived } from "../../src/review/notifications";
import { testEnv } from "../helpers";
import { districtWith } from "../fixtures/district";
import { dataOf, rows } from "./helpers";

// An event reaching the holders of a permission other than its kind's keeps that
// permission in its own column (0025); events written before, with the permission ahead
// of the area in recipient_ref, are converted by the migration and reach the same people.

const d = await districtWith("150973", {
  people: { admin: "district_admin", street1: { role: "subdistrict_staff", area: "001" }, street2: { role: "subdistrict_staff", area: "002" } },
});

/** Migration 0025's conversion, as each runtime's test pool hands it over. */
function conversion(): string[] {
  const migration = (testEnv as unknown as { TEST_DISTRICT_MIGRATIONS: { name: string; queries?: string[]; sql?: string }[] }).TEST_DISTRICT_MIGRATIONS.find((m) => m.name.startsWith("0025_"))!;
  return migration.queries ? migration.queries.filter((q) => /^UPDATE notification_events/.test(q.trim())) : [...(migration.sql ?? "").matchAll(/^UPDATE notification_events[^;]*;/gm)].map((m) => m[0]);
}

async function insertEvent(id: string, type: string, ref: string) {
  await d.db
    .prepare("INSERT INTO notification_events (district_id, id, kind, recipient_type, recipient_ref, params_json, target_type, target_id, urgent, state, created_at) VALUES (?, ?, ?, ?, ?, '{}', 'objection', 'o1', 0, 'done', ?)")
    .bind(d.code, id, objectionReceived.name, type, ref, new Date().toISOString())
    .run();
}

describe("the recipient permission column", () => {
  it("converts events that carried the permission in the area column, and leaves the others alone", async () => {
    const area = `${d.code}001`;
    await insertEvent("old-encoded", "permission", `projects.manage@${area}`);
    await insertEvent("plain-area", "permission", area);
    await insertEvent("whole-district", "permission", "");
    await insertEvent("address", "address", "v1.aXY.c2VhbGVk@x");
    const statements = conversion();
    expect(statements).toHaveLength(1);
    for (const q of statements) await d.db.prepare(q).run();
    const after = await rows<{ id: string; recipient_ref: string; recipient_permission: string | null }>(d.db, "SELECT id, recipient_ref, recipient_permission FROM notification_events WHERE district_id = ? ORDER BY id", d.code);
    expect(after).toEqual([
      { id: "address", recipient_ref: "v1.aXY.c2VhbGVk@x", recipient_permission: null },
      { id: "old-encoded", recipient_ref: area, recipient_permission: "projects.manage" },
      { id: "plain-area", recipient_ref: area, recipient_permission: null },
      { id: "whole-district", recipient_ref: "", recipient_permission: null },
    ]);
    // The converted event reaches the street's project staff and district-wide holders.
    const converted = after.find((e) => e.id === "old-encoded")!;
    const people = (await resolveRecipients(await dataOf(d.code), objectionReceived.recipients, converted.recipient_ref, converted.recipient_permission)).map((p) => p.userId);
    expect(people).toContain(d.street1.id);
    expect(people).toContain(d.admin.id);
    expect(people).not.toContain(d.street2.id);
    // Without the column, the kind's own permission: the district admin alone.
    expect((await resolveRecipients(await dataOf(d.code), objectionReceived.recipients, converted.recipient_ref, null)).map((p) => p.userId)).toEqual([d.admin.id]);
  });

  it("falls back to the kind's permission when the named one is no longer declared", async () => {
    const people = await resolveRecipients(await dataOf(d.code), objectionReceived.recipients, `${d.code}001`, "retired.permission");
    expect(people.map((p) => p.userId)).toEqual([d.admin.id]);
  });
});
