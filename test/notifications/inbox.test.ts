import { describe, expect, it } from "vitest";
import { hashPassword } from "../../src/auth/password";
import { notify } from "../../src/core/module-contract";
import { bidReturned } from "../../src/modules/projects/notifications";
import { testMessage } from "../../src/notifications/core-kinds";
import { deliverEvent } from "../../src/notifications/deliver";
import { sendDigests } from "../../src/notifications/digest";
import { DEMO_OPERATOR, demoOperatorStatement } from "../../src/seed/demo";
import { runCompiled } from "../../src/tenants/apply";
import { districtWith } from "../fixtures/district";
import { Browser, PASSWORD, testEnv } from "../helpers";
import { dataOf, rows } from "./helpers";

// The inbox (bell, list, mark read), preferences, urgency and quiet hours, unsubscribe,
// the daily digest and the development outbox, through the pages.

const d = await districtWith("150940", {
  organizations: 2,
  people: { admin: "district_admin", staff: { role: "subdistrict_staff", area: "001" }, member: { role: "org_member", organization: 0 }, other: { role: "org_member", organization: 1 } },
});
const NIGHT = "2026-03-02T14:30:00.000Z"; // 22:30 Beijing time

async function outboxEverywhere() {
  const now = new Date().toISOString();
  for (const channel of ["sms", "email", "wechat"]) {
    await d.db.prepare("INSERT OR REPLACE INTO notification_channels (district_id, channel, mode, config_json, version, updated_at) VALUES (?, ?, 'outbox', '{}', 1, ?)").bind(d.code, channel, now).run();
  }
}

async function emitAndDeliver(kind: "returned" | "test", to: string, now: string) {
  const data = await dataOf(d.code, { id: d.admin.id, role: "district_admin", requestId: null });
  const q =
    kind === "returned"
      ? notify(data, bidReturned, { to, params: { bid: "助餐服务", call: "公益创投", bidId: "b9" }, target: { type: "project_bid", id: "b9" } })
      : notify(data, testMessage, { to, params: { district: "测试区" }, target: { type: "user", id: to } });
  await data.write([q], { action: "test.change", targetType: "test" });
  const [event] = await rows<{ id: string }>(d.db, "SELECT id FROM notification_events WHERE district_id = ? AND state = 'new' ORDER BY created_at DESC LIMIT 1", d.code);
  await deliverEvent({ env: testEnv, data: await dataOf(d.code), now, fetcher: fetch }, event!.id);
  return rows<{ channel: string; status: string; next_attempt_at: string }>(d.db, "SELECT channel, status, next_attempt_at FROM notification_deliveries WHERE district_id = ? AND event_id = ? ORDER BY channel", d.code, event!.id);
}

describe("inbox", () => {
  it("shows the bell's unread count on every page, lists the messages in the reader's language and marks them read", async () => {
    await outboxEverywhere();
    const home = await (await d.member.b.fetch(d.path("/"))).text();
    expect(home).toContain("消息</a>");
    await emitAndDeliver("returned", d.orgIds[0]!, new Date().toISOString());
    await emitAndDeliver("returned", d.orgIds[0]!, new Date().toISOString());
    expect(await (await d.member.b.fetch(d.path("/projects"))).text()).toContain("消息（2 条未读）");
    // Another organization's member hears nothing.
    expect(await (await d.other.b.fetch(d.path("/"))).text()).not.toContain("未读");
    const english = await (await d.member.b.fetch(d.path("/notifications?lang=en"))).text();
    expect(english).toContain("Bid returned for completion: 助餐服务");
    // Unread, the link reads the message on its way to the record.
    expect(english).toMatch(new RegExp(`href="/d/${d.code}/notifications/[^"/]+/open"`));
    const [first] = await rows<{ id: string }>(d.db, "SELECT id FROM notification_deliveries WHERE district_id = ? AND user_id = ? AND channel = 'inbox' LIMIT 1", d.code, d.member.id);
    // Someone else's message cannot be marked read by id.
    await d.other.b.submit(d.path(`/notifications/${first!.id}/read`), {}, d.path("/notifications"));
    expect(await (await d.member.b.fetch(d.path("/?lang=zh-CN"))).text()).toContain("消息（2 条未读）");
    expect((await d.member.b.submit(d.path(`/notifications/${first!.id}/read`), {}, d.path("/notifications"))).status).toBe(303);
    expect(await (await d.member.b.fetch(d.path("/"))).text()).toContain("消息（1 条未读）");
    await d.member.b.submit(d.path("/notifications/read"), {});
    expect(await (await d.member.b.fetch(d.path("/"))).text()).not.toContain("未读");
    expect((await new Browser().fetch(d.path("/notifications"))).status).not.toBe(200);
  });

  it("follows each person's channels per kind, except for urgent messages, and holds non-urgent SMS at night", async () => {
    await outboxEverywhere();
    const saved = await d.member.b.submit(d.path("/notifications/preferences"), { phone: "13700001111", openid: "", "k-projects.bid_returned.email": "1" });
    expect(saved.status).toBe(200);
    expect((await emitAndDeliver("returned", d.orgIds[0]!, NIGHT)).map((x) => `${x.channel}:${x.status}`)).toEqual(["email:outbox", "inbox:sent"]);
    await d.member.b.submit(d.path("/notifications/preferences"), { phone: "", openid: "", "k-projects.bid_returned.sms": "1", "k-projects.bid_returned.email": "1" });
    const night = await emitAndDeliver("returned", d.orgIds[0]!, NIGHT);
    expect(night.find((x) => x.channel === "sms")).toEqual({ channel: "sms", status: "pending", next_attempt_at: "2026-03-03T00:00:00.000Z" });
    // The district admin's delivery log says when the held SMS will go, not only "待发送".
    expect(await (await d.admin.b.fetch(d.path("/notifications/admin"))).text()).toContain("将于 2026-03-03 08:00 发送");
    // Urgent: every channel, at once, whatever the preferences and the hour.
    const urgent = await emitAndDeliver("test", d.member.id, NIGHT);
    expect(urgent.map((x) => `${x.channel}:${x.status}`)).toEqual(["email:outbox", "inbox:sent", "sms:outbox", "wechat:outbox"]);
    // A bad openid keeps the typed values and says what is wrong beside the field.
    const bad = await d.member.b.submit(d.path("/notifications/preferences"), { phone: "12345", openid: "not valid!" });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('value="not valid!"');
    expect(html).toContain('id="f-openid-error"');
    expect(html).toContain('id="f-phone-error"');
  });

  it("an e-mail's unsubscribe link turns off non-urgent e-mail without signing in", async () => {
    const [contact] = await rows<{ unsubscribe_key: string }>(d.db, "SELECT unsubscribe_key FROM notification_contacts WHERE district_id = ? AND user_id = ?", d.code, d.member.id);
    const visitor = new Browser();
    expect((await visitor.fetch(d.path("/notifications/unsubscribe/wrong-key"))).status).toBe(404);
    expect((await visitor.submit(d.path(`/notifications/unsubscribe/${contact!.unsubscribe_key}`), {})).status).toBe(200);
    const after = await emitAndDeliver("returned", d.orgIds[0]!, "2026-03-02T02:00:00.000Z");
    expect(after.map((x) => x.channel)).toEqual(["inbox", "sms"]);
  });

  it("gathers a staff member's non-urgent e-mail into one daily digest after 08:00", async () => {
    await outboxEverywhere();
    await d.staff.b.submit(d.path("/notifications/preferences"), { phone: "", openid: "", digest: "1", "k-projects.bid_submitted.email": "1" });
    const data = await dataOf(d.code, { id: d.admin.id, role: "district_admin", requestId: null });
    const { bidSubmitted } = await import("../../src/modules/projects/notifications");
    for (const bid of ["甲", "乙"]) {
      await data.write([notify(data, bidSubmitted, { to: `${d.code}001`, params: { bid, call: "公益创投", organization: "阳光", bidId: bid }, target: { type: "project_bid", id: bid } })], { action: "test.change", targetType: "test" });
    }
    const events = await rows<{ id: string }>(d.db, "SELECT id FROM notification_events WHERE district_id = ? AND kind = 'projects.bid_submitted'", d.code);
    for (const e of events) await deliverEvent({ env: testEnv, data: await dataOf(d.code), now: new Date().toISOString(), fetcher: fetch }, e.id);
    const waiting = () => rows(d.db, "SELECT id FROM notification_deliveries WHERE district_id = ? AND user_id = ? AND status = 'digest'", d.code, d.staff.id);
    expect(await waiting()).toHaveLength(2);
    const system = await dataOf(d.code);
    const tomorrow = new Date(Date.now() + 86_400_000);
    const beforeEight = new Date(`${new Date(tomorrow.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)}T07:30:00+08:00`).toISOString();
    expect(await sendDigests(testEnv, system, beforeEight)).toBe(0);
    const afterEight = new Date(Date.parse(beforeEight) + 3_600_000).toISOString();
    expect(await sendDigests(testEnv, system, afterEight)).toBe(1);
    expect(await sendDigests(testEnv, system, afterEight)).toBe(0);
    expect(await waiting()).toHaveLength(0);
    expect(await rows(d.db, "SELECT id FROM audit_events WHERE district_id = ? AND action = 'notification.digest_sent'", d.code)).toHaveLength(1);
  });

  it("the operator's outbox and the admin's delivery log show what would have been sent, with no address", async () => {
    await runCompiled(testEnv.PLATFORM, [demoOperatorStatement(await hashPassword(PASSWORD, testEnv.PASSWORD_PEPPER!), new Date().toISOString())]);
    const operator = new Browser();
    await operator.submit("/platform/login", { email: DEMO_OPERATOR.email, password: PASSWORD });
    const html = await (await operator.fetch("/platform/outbox")).text();
    expect(html).toContain("项目申报被退回补正：助餐服务");
    expect(html).toContain("已记录（未实际发送）");
    expect(html).not.toContain("13700001111");
    expect(html).not.toContain(d.member.email);
    expect((await d.admin.b.fetch("/platform/outbox")).status).not.toBe(200);
    const admin = await (await d.admin.b.fetch(d.path("/notifications/admin"))).text();
    expect(admin).toContain("项目申报被退回补正：助餐服务");
    expect((await d.member.b.fetch(d.path("/notifications/admin"))).status).toBe(403);
  });
});
