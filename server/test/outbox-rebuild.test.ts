import path from "node:path";
import { describe, expect, it } from "vitest";
import { openD1 } from "../d1";
import { applyMigrations, readMigrations } from "../migrations";

// Migration 0020 rebuilds the notification outbox (events, deliveries, attempts) so that
// address recipients have their own type. Run here on SQLite with foreign keys enforced,
// as both runtimes do: every row must survive, and nothing may cascade away.
const all = readMigrations(path.join(import.meta.dirname, "../../migrations/district"));
const before = all.filter((m) => m.name < "0020");
const rebuild = all.filter((m) => m.name.startsWith("0020"));

describe("the outbox rebuild (0020)", () => {
  it("keeps every event, delivery and attempt, and turns sealed-address events into address events", () => {
    const { sqlite } = openD1(":memory:");
    applyMigrations(sqlite, before);
    const at = "2026-05-01T00:00:00.000Z";
    const event = sqlite.prepare(
      "INSERT INTO notification_events (district_id, id, kind, recipient_type, recipient_ref, params_json, target_type, target_id, urgent, state, created_at) VALUES ('150203', ?, ?, 'person', ?, '{}', 'invitation', 'i1', 0, 'done', ?)",
    );
    event.run("e-person", "notifications.test", "u1", at);
    event.run("e-address", "onboarding.invitation", "v1.aXY.c2VhbGVk", at);
    const delivery = sqlite.prepare("INSERT INTO notification_deliveries (district_id, id, event_id, user_id, channel, status, attempts, next_attempt_at, sent_at, created_at) VALUES ('150203', ?, ?, ?, ?, 'sent', 1, ?, ?, ?)");
    delivery.run("d1", "e-person", "u1", "inbox", at, at, at);
    delivery.run("d2", "e-address", "", "email", at, at, at);
    sqlite.prepare("INSERT INTO notification_attempts (district_id, delivery_id, attempt, at, outcome, detail) VALUES ('150203', 'd2', 1, ?, 'sent', 'ref-1')").run(at);

    expect(applyMigrations(sqlite, rebuild)).toEqual([rebuild[0]!.name]);

    expect(sqlite.prepare("SELECT id, recipient_type, recipient_ref, locale FROM notification_events ORDER BY id").all()).toEqual([
      { id: "e-address", recipient_type: "address", recipient_ref: "v1.aXY.c2VhbGVk", locale: null },
      { id: "e-person", recipient_type: "person", recipient_ref: "u1", locale: null },
    ]);
    expect(sqlite.prepare("SELECT id, event_id, channel FROM notification_deliveries ORDER BY id").all()).toEqual([
      { id: "d1", event_id: "e-person", channel: "inbox" },
      { id: "d2", event_id: "e-address", channel: "email" },
    ]);
    expect(sqlite.prepare("SELECT delivery_id, detail FROM notification_attempts").all()).toEqual([{ delivery_id: "d2", detail: "ref-1" }]);
    // The foreign keys point at the rebuilt tables, not at the dropped ones.
    expect(sqlite.prepare("PRAGMA foreign_key_check").all()).toEqual([]);
    expect(sqlite.prepare("SELECT sql FROM sqlite_master WHERE name = 'notification_attempts'").get()).toMatchObject({ sql: expect.stringContaining("REFERENCES notification_deliveries (") });
    expect(sqlite.prepare("SELECT count(*) n FROM sqlite_master WHERE name LIKE '%_old'").get()).toEqual({ n: 0 });
    // Deleting an event still removes its deliveries and attempts.
    sqlite.prepare("DELETE FROM notification_events WHERE id = 'e-address'").run();
    expect(sqlite.prepare("SELECT count(*) n FROM notification_attempts").get()).toEqual({ n: 0 });
    // The CHECK now takes address recipients and refuses anything else.
    expect(() =>
      sqlite.prepare("INSERT INTO notification_events (district_id, id, kind, recipient_type, recipient_ref, params_json, target_type, created_at) VALUES ('150203', 'e3', 'k', 'address', 'v1.x', '{}', 't', ?)").run(at),
    ).not.toThrow();
    expect(() => sqlite.prepare("INSERT INTO notification_events (district_id, id, kind, recipient_type, recipient_ref, params_json, target_type, created_at) VALUES ('150203', 'e4', 'k', 'nobody', 'x', '{}', 't', ?)").run(at)).toThrow(
      /CHECK/,
    );
  });
});
