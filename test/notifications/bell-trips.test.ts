import { describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../src/seed/demo";
import kundulun from "../../tenants/150203-kundulun.json";
import { plans, recordedBrowser, type Recording } from "../fixtures/recording-shard";
import { Browser, loadDemoDistrict, testEnv } from "../helpers";

// The bell's unread count is read in the session lookup's batch: a signed-in page makes
// no round trip of its own for it, an API call does not count it at all, and the count
// reaches the unread messages through the inbox index.

await loadDemoDistrict(kundulun);
const K = "150203";
const db = testEnv.DISTRICTS_0;
const now = new Date().toISOString();

async function deliveriesFor(userId: string, n: number) {
  for (let i = 0; i < n; i++) {
    await db
      .prepare("INSERT INTO notification_events (district_id, id, kind, recipient_type, recipient_ref, params_json, target_type, created_at) VALUES (?, ?, 'core.test_message', 'person', ?, '{}', 'user', ?)")
      .bind(K, `bell-e${i}`, userId, now)
      .run();
    await db
      .prepare("INSERT INTO notification_deliveries (district_id, id, event_id, user_id, channel, status, next_attempt_at, read_at, created_at) VALUES (?, ?, ?, ?, ?, 'sent', ?, ?, ?)")
      .bind(K, `bell-d${i}`, `bell-e${i}`, userId, i === n - 1 ? "email" : "inbox", now, i === 0 ? now : null, now)
      .run();
  }
  const unread = await db.prepare("SELECT count(*) AS n FROM notification_deliveries WHERE district_id = ? AND user_id = ? AND channel = 'inbox' AND read_at IS NULL").bind(K, userId).first<{ n: number }>();
  return unread!.n;
}

describe("the bell's unread count", () => {
  it("comes with the session in one batch on a signed-in page, and is not read for the API", async () => {
    const staff = new Browser();
    expect((await staff.signIn(K, "admin@kdl.example.cn", DEMO_PASSWORD)).status).toBe(303);
    const user = await db.prepare("SELECT id FROM users WHERE district_id = ? AND email = ?").bind(K, "admin@kdl.example.cn").first<{ id: string }>();
    // Four deliveries: one read, one by e-mail, two unread in the inbox.
    const unread = await deliveriesFor(user!.id, 4);
    expect(unread).toBeGreaterThanOrEqual(2);

    const page: Recording = { statements: [], trips: [] };
    const html = await (await recordedBrowser(page, staff).fetch(`/d/${K}/organizations`)).text();
    expect(html).toContain(`消息（${unread} 条未读）`);
    expect(page.trips[0]).toBe("batch of 3");
    const counts = page.statements.filter((s) => /from "notification_deliveries"/.test(s.sql));
    expect(counts).toHaveLength(1);
    expect(page.trips.filter((t) => /notification_deliveries/.test(t))).toEqual([]);
    const plan = await plans(counts);
    expect(
      plan.some((p) => /USING (?:COVERING )?INDEX notification_deliveries_inbox/.test(p.detail)),
      JSON.stringify(plan),
    ).toBe(true);

    const api: Recording = { statements: [], trips: [] };
    expect((await recordedBrowser(api, staff).fetch(`/d/${K}/api/v1/auth/me`)).status).toBe(200);
    expect(api.trips[0]).toBe("batch of 2");
    expect(api.statements.filter((s) => /notification_deliveries/.test(s.sql))).toEqual([]);
  });
});
