import { describe, expect, it } from "vitest";
import { deliverEvent } from "../../src/notifications/deliver";
import { testEnv } from "../helpers";
import { submittedApplication, world } from "../incubation/fixtures";
import { dataOf, rows } from "./helpers";

// A to-do and the inbox message about the same record: the to-do page names the unread
// message, and following either to the record reads every unread message about it.

const D = "150976";
const w = await world(D);

/** Delivers the district's undelivered events now (the queue consumer may be later, or first: both are safe). */
async function deliverAll() {
  for (const e of await rows<{ id: string }>(testEnv.DISTRICTS_0, "SELECT id FROM notification_events WHERE district_id = ? AND state = 'new'", D)) {
    await deliverEvent({ env: testEnv, data: await dataOf(D), now: new Date().toISOString(), fetcher: fetch }, e.id);
  }
}

const unread = async (userId: string) => rows<{ id: string }>(testEnv.DISTRICTS_0, "SELECT id FROM notification_deliveries WHERE district_id = ? AND user_id = ? AND channel = 'inbox' AND read_at IS NULL", D, userId);

describe("to-dos and the inbox", () => {
  it("links a returned application's to-do to its unread message, and reading the application through either reads the message", async () => {
    const app = await submittedApplication(w);
    const ret = await w.admin.api(`/d/${D}/api/v1/incubation/applications/${app.id}/eligibility`, { method: "POST", json: { outcome: "return", reasons: "请补充团队成员的服务经历。", version: app.version } });
    expect(ret.status).toBe(200);
    await deliverAll();
    const [applicant] = await rows<{ user_id: string }>(testEnv.DISTRICTS_0, "SELECT user_id FROM role_grants WHERE district_id = ? AND role = 'org_member' LIMIT 1", D);
    const [message] = await unread(applicant!.user_id);
    expect(message).toBeDefined();

    const record = `/d/${D}/incubation/applications/${app.id}`;
    const todo = await (await w.applicant.fetch(`/d/${D}/todo`)).text();
    // The task's own link reads the message on the way to the record.
    expect(todo).toContain(`<a href="/d/${D}/notifications/${message!.id}/open?next=${encodeURIComponent(record)}">2026 年第一批入驻招募</a>`);
    expect(todo).toContain(`<a href="/d/${D}/notifications/${message!.id}/open">入驻申请被退回补正：2026 年第一批入驻招募</a>`);
    const english = await (await w.applicant.fetch(`/d/${D}/todo?lang=en`)).text();
    expect(english).toContain(">Application returned for completion: 2026 年第一批入驻招募</a>");

    // Another person cannot open (or read) the message.
    expect((await w.admin.fetch(`/d/${D}/notifications/${message!.id}/open`)).status).toBe(404);
    expect(await unread(applicant!.user_id)).toHaveLength(1);
    // A next outside the district is ignored: the message's own record instead.
    const away = await w.applicant.fetch(`/d/${D}/notifications/${message!.id}/open?next=${encodeURIComponent("//evil.example/x")}`);
    expect(away.status).toBe(303);
    expect(away.headers.get("location")).toBe(record);
    expect(await unread(applicant!.user_id)).toHaveLength(0);
    // Read, the to-do links the record directly and names no message.
    const after = await (await w.applicant.fetch(`/d/${D}/todo`)).text();
    expect(after).toContain(`<a href="${record}">2026 年第一批入驻招募</a>`);
    expect(after).not.toMatch(/notifications\/[^"]+\/open/);
  });

  it("reads every unread message about the record, not those about other records", async () => {
    const app = { id: "app-elsewhere" };
    const [reader] = await rows<{ user_id: string }>(testEnv.DISTRICTS_0, "SELECT user_id FROM role_grants WHERE district_id = ? AND role = 'org_member' LIMIT 1", D);
    const at = new Date().toISOString();
    // Two messages about one record and one about another, all unread.
    for (const [event, target] of [
      ["e-a1", app.id],
      ["e-a2", app.id],
      ["e-b", "app-other"],
    ] as const) {
      await testEnv.DISTRICTS_0.prepare(
        "INSERT INTO notification_events (district_id, id, kind, recipient_type, recipient_ref, params_json, target_type, target_id, urgent, state, created_at) VALUES (?, ?, 'incubation.returned', 'organization', ?, ?, 'application', ?, 0, 'resolved', ?)",
      )
        .bind(D, event, w.orgId, JSON.stringify({ call: "第二批", reasons: "补充", applicationId: target }), target, at)
        .run();
      await testEnv.DISTRICTS_0.prepare("INSERT INTO notification_deliveries (district_id, id, event_id, user_id, channel, status, next_attempt_at, sent_at, created_at) VALUES (?, ?, ?, ?, 'inbox', 'sent', ?, ?, ?)")
        .bind(D, `d-${event}`, event, reader!.user_id, at, at, at)
        .run();
    }
    const inbox = await (await w.applicant.fetch(`/d/${D}/notifications`)).text();
    expect(inbox).toContain(`href="/d/${D}/notifications/d-e-a1/open"`);
    const res = await w.applicant.fetch(`/d/${D}/notifications/d-e-a1/open`);
    expect(res.headers.get("location")).toBe(`/d/${D}/incubation/applications/${app.id}`);
    expect((await unread(reader!.user_id)).map((m) => m.id)).toEqual(["d-e-b"]);
  });
});
