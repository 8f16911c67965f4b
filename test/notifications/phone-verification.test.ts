import { describe, expect, it } from "vitest";
import { reveal } from "../../src/lib/personal-data";
import { deliverEvent } from "../../src/notifications/deliver";
import { Browser, PASSWORD, testEnv } from "../helpers";
import { districtWith } from "../fixtures/district";
import { dataOf, rows } from "./helpers";

// A mobile number given at organization sign-up is proved by an SMS code sent through the
// district's SMS channel (the outbox in development): one code a minute per number, ten
// minutes' validity, five tries, used once; proved, it becomes the account's SMS contact.

const d = await districtWith("150977", { people: { admin: "district_admin" } });
await d.db.prepare("INSERT OR REPLACE INTO notification_channels (district_id, channel, mode, config_json, version, updated_at) VALUES (?, 'sms', 'outbox', '{}', 1, ?)").bind(d.code, new Date().toISOString()).run();
const PHONE = "13812345678";
const form = (n: number, extra: Record<string, string> = {}) => ({
  organizationName: `海港社区互助会${n}`,
  kind: "founding_team",
  uscc: "",
  displayName: "王芳",
  email: `founder${n}@example.cn`,
  password: PASSWORD,
  phone: PHONE,
  ...extra,
});

/** The latest code sent to the number, read from the outbox row where it is sealed. */
async function latestCode(): Promise<{ eventId: string; code: string }> {
  const [event] = await rows<{ id: string; params_json: string; recipient_type: string }>(
    d.db,
    "SELECT id, params_json, recipient_type FROM notification_events WHERE district_id = ? AND kind = 'notifications.phone_code' ORDER BY created_at DESC LIMIT 1",
    d.code,
  );
  expect(event!.recipient_type).toBe("address");
  const sealed = (JSON.parse(event!.params_json) as { code: string }).code;
  expect(sealed).not.toMatch(/^\d{6}$/);
  return { eventId: event!.id, code: await reveal(sealed, testEnv.PERSONAL_DATA_KEY) };
}

describe("phone verification at sign-up", () => {
  it("sends a code by SMS, keeps the typed values, limits how often, and stores the proved number", async () => {
    const visitor = new Browser();
    const page = await (await visitor.fetch(d.path("/signup"))).text();
    expect(page).toContain(`formaction="/d/${d.code}/signup/phone-code"`);
    const sent = await visitor.submit(d.path("/signup/phone-code"), form(1));
    expect(sent.status).toBe(200);
    const html = await sent.text();
    expect(html).toContain("验证码已发送到该手机号");
    expect(html).toContain('value="海港社区互助会1"');
    expect(html).not.toContain(PASSWORD);
    // A second code within the minute is refused beside the number.
    const again = await visitor.submit(d.path("/signup/phone-code"), form(1));
    expect(again.status).toBe(429);
    expect(await again.text()).toContain('id="f-phone-error"');
    // A bad number is refused beside the field, in English too.
    const bad = await visitor.submit(d.path("/signup/phone-code?lang=en"), form(1, { phone: "12345" }));
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('id="f-phone-error"');

    const { eventId, code } = await latestCode();
    await deliverEvent({ env: testEnv, data: await dataOf(d.code), now: new Date().toISOString(), fetcher: fetch }, eventId);
    expect(await rows(d.db, "SELECT channel, status FROM notification_deliveries WHERE district_id = ? AND event_id = ?", d.code, eventId)).toEqual([{ channel: "sms", status: "outbox" }]);
    // The admin's log shows the message with the code masked, and no number.
    const log = await (await d.admin.b.fetch(d.path("/notifications/admin?lang=zh-CN"))).text();
    expect(log).toContain("手机号验证码");
    expect(log).not.toContain(code);
    expect(log).not.toContain(PHONE);

    // Without a code, or with a wrong one: the form comes back with the error beside the code.
    const missing = await visitor.submit(d.path("/signup"), form(1));
    expect(missing.status).toBe(422);
    expect(await missing.text()).toContain('id="f-smsCode-error"');
    const wrong = await visitor.submit(d.path("/signup"), form(1, { smsCode: code === "000000" ? "111111" : "000000" }));
    expect(wrong.status).toBe(422);
    const wrongHtml = await wrong.text();
    expect(wrongHtml).toContain('id="f-smsCode-error"');
    expect(wrongHtml).toContain('value="海港社区互助会1"');
    const done = await visitor.submit(d.path("/signup"), form(1, { smsCode: code }));
    expect(done.status).toBe(303);
    const [contact] = await rows<{ phone_protected: string }>(
      d.db,
      "SELECT c.phone_protected FROM notification_contacts c JOIN users u ON u.district_id = c.district_id AND u.id = c.user_id WHERE c.district_id = ? AND u.email = ?",
      d.code,
      "founder1@example.cn",
    );
    expect(contact!.phone_protected).not.toContain(PHONE);
    expect(await reveal(contact!.phone_protected, testEnv.PERSONAL_DATA_KEY)).toBe(PHONE);
    // Used once.
    expect((await new Browser().submit(d.path("/signup"), form(2, { smsCode: code }))).status).toBe(422);
  });

  it("refuses an expired code and one past its tries", async () => {
    // Make room for new codes: the earlier ones were sent more than an hour ago.
    await d.db.prepare("UPDATE phone_verifications SET created_at = '2026-01-01T00:00:00.000Z' WHERE district_id = ?").bind(d.code).run();
    const visitor = new Browser();
    expect((await visitor.submit(d.path("/signup/phone-code"), form(3))).status).toBe(200);
    const { code } = await latestCode();
    await d.db.prepare("UPDATE phone_verifications SET expires_at = '2026-01-01T00:10:00.000Z' WHERE district_id = ? AND used_at IS NULL").bind(d.code).run();
    expect((await visitor.submit(d.path("/signup"), form(3, { smsCode: code }))).status).toBe(422);

    await d.db.prepare("UPDATE phone_verifications SET created_at = '2026-01-01T00:00:00.000Z' WHERE district_id = ?").bind(d.code).run();
    expect((await visitor.submit(d.path("/signup/phone-code"), form(4))).status).toBe(200);
    const fresh = await latestCode();
    const other = fresh.code === "000000" ? "111111" : "000000";
    for (let k = 0; k < 5; k++) expect((await visitor.submit(d.path("/signup"), form(4, { smsCode: other }))).status).toBe(422);
    expect((await visitor.submit(d.path("/signup"), form(4, { smsCode: fresh.code }))).status).toBe(422);
  });

  it("keeps the code of a sign-up refused for its name, so the corrected form goes through with it", async () => {
    await d.db.prepare("UPDATE phone_verifications SET created_at = '2026-01-01T00:00:00.000Z' WHERE district_id = ?").bind(d.code).run();
    const visitor = new Browser();
    expect((await visitor.submit(d.path("/signup/phone-code"), form(5))).status).toBe(200);
    const { code } = await latestCode();
    // The name is already listed (the first test's organization): refused, the code stays unused.
    const taken = await visitor.submit(d.path("/signup"), form(5, { organizationName: "海港社区互助会1", smsCode: code }));
    expect(taken.status).toBe(409);
    expect(await taken.text()).toContain('id="f-organizationName-error"');
    expect(await rows(d.db, "SELECT used_at FROM phone_verifications WHERE district_id = ? AND used_at IS NULL AND created_at > '2026-01-01T00:00:00.000Z'", d.code)).toHaveLength(1);
    // A wrong code still counts against the tries.
    expect((await visitor.submit(d.path("/signup"), form(5, { smsCode: code === "000000" ? "111111" : "000000" }))).status).toBe(422);
    expect(await rows(d.db, "SELECT attempts FROM phone_verifications WHERE district_id = ? AND used_at IS NULL AND created_at > '2026-01-01T00:00:00.000Z'", d.code)).toEqual([{ attempts: 1 }]);
    expect((await visitor.submit(d.path("/signup"), form(5, { smsCode: code }))).status).toBe(303);
    // Used up in the sign-up's batch: the contact exists and the code is spent.
    expect(await rows(d.db, "SELECT used_at FROM phone_verifications WHERE district_id = ? AND used_at IS NULL AND created_at > '2026-01-01T00:00:00.000Z'", d.code)).toHaveLength(0);
    expect(await rows(d.db, "SELECT c.user_id FROM notification_contacts c JOIN users u ON u.district_id = c.district_id AND u.id = c.user_id WHERE c.district_id = ? AND u.email = ?", d.code, "founder5@example.cn")).toHaveLength(1);
    expect((await new Browser().submit(d.path("/signup"), form(6, { smsCode: code }))).status).toBe(422);
  });
});
