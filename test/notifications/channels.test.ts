import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { notify } from "../../src/core/module-contract";
import { bidReturned } from "../../src/modules/projects/notifications";
import { testMessage } from "../../src/notifications/core-kinds";
import { aliyunSignedQuery } from "../../src/notifications/channels/sms";
import { deliverEvent, MAX_ATTEMPTS } from "../../src/notifications/deliver";
import { districtWith } from "../fixtures/district";
import { testEnv } from "../helpers";
import { consume, dataOf, rows, fakeProviderSpace } from "./helpers";

// Every channel against the local fake providers (scripts/test-support/fake-providers.ts):
// what each sends, provider errors, throttling, retries with backoff, the dead-letter
// state, idempotent redelivery, and credentials and phone numbers kept out of sight.

const FAKE = fakeProviderSpace("channels");
const DAY = "2026-03-02T02:00:00.000Z"; // 10:00 Beijing time
const PHONE = "13912345678";
const SMS_SECRET = "sms-secret-f7a9c2";

async function script(channel: string, answers: string[]) {
  await fetch(`${FAKE}/_script`, { method: "POST", body: JSON.stringify({ channel, answers }) });
}
async function received(): Promise<{ path: string; headers: Record<string, string>; body: string }[]> {
  return (await fetch(`${FAKE}/_requests`)).json();
}
const later = (iso: string, seconds: number) => new Date(Date.parse(iso) + seconds * 1000).toISOString();

let d: Awaited<ReturnType<typeof world>>;
async function world() {
  return districtWith("150930", { organizations: 1, people: { admin: "district_admin", member: { role: "org_member", organization: 0 } } });
}

async function configure(channel: string, form: Record<string, string>) {
  return d.admin.b.submit(d.path(`/notifications/admin/channels/${channel}`), form, d.path("/notifications/admin"));
}

const logged: string[] = [];

beforeAll(async () => {
  d = await world();
  for (const method of ["log", "info", "warn", "error"] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      logged.push(args.map(String).join(" "));
    });
  }
  expect((await configure("sms", { mode: "provider", endpoint: `${FAKE}/sms`, signName: "包头三社联动", accessKeyId: "AKID1", defaultTemplate: "SMS_1001", templates: "", secret: SMS_SECRET })).status).toBe(200);
  expect((await configure("email", { mode: "provider", endpoint: `${FAKE}/email`, from: "noreply@sanshe.test", secret: "mail-key-1" })).status).toBe(200);
  expect((await configure("wechat", { mode: "provider", endpoint: `${FAKE}/wechat`, appId: "wx123", template: "TPL-1", secret: "wx-secret-1" })).status).toBe(200);
  const saved = await d.member.b.submit(d.path("/notifications/preferences"), {
    phone: PHONE,
    openid: "oABC_123-xyz",
    // What the form shows checked for a kind the person has not chosen for yet: every channel.
    ...Object.fromEntries(["sms", "email", "wechat"].map((ch) => [`k-projects.bid_returned.${ch}`, "1"])),
  });
  expect(saved.status).toBe(200);
});
afterEach(async () => {
  await fetch(`${FAKE}/_reset`, { method: "POST" });
});

async function emit(kind: "returned" | "test", now = DAY) {
  const data = await dataOf(d.code, { id: d.admin.id, role: "district_admin", requestId: null });
  const q =
    kind === "returned"
      ? notify(data, bidReturned, { to: d.orgIds[0]!, params: { bid: "助餐服务", call: "公益创投", bidId: "b1" }, target: { type: "project_bid", id: "b1" } })
      : notify(data, testMessage, { to: d.member.id, params: { district: "测试区" }, target: { type: "user", id: d.member.id } });
  await data.write([q], { action: "test.change", targetType: "test" });
  const [event] = await rows<{ id: string }>(d.db, "SELECT id FROM notification_events WHERE district_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1", d.code);
  const system = await dataOf(d.code);
  return { id: event!.id, deliver: (at = now) => deliverEvent({ env: testEnv, data: system, now: at, fetcher: fetch }, event!.id) };
}

const deliveries = (eventId: string) =>
  rows<{ id: string; channel: string; status: string; attempts: number; next_attempt_at: string; last_error: string | null }>(
    d.db,
    "SELECT id, channel, status, attempts, next_attempt_at, last_error FROM notification_deliveries WHERE district_id = ? AND event_id = ? ORDER BY channel",
    d.code,
    eventId,
  );

describe("channel settings", () => {
  it("keep the credential encrypted and never show it again; bad settings re-render with the values and each error", async () => {
    const [sms] = await rows<{ secret_protected: string; config_json: string }>(d.db, "SELECT secret_protected, config_json FROM notification_channels WHERE district_id = ? AND channel = 'sms'", d.code);
    expect(sms!.secret_protected).toMatch(/^v1\./);
    expect(sms!.secret_protected).not.toContain(SMS_SECRET);
    const page = await (await d.admin.b.fetch(d.path("/notifications/admin"))).text();
    expect(page).not.toContain(SMS_SECRET);
    expect(page).toContain("已保存密钥（不再显示）");
    const audit = await rows<{ summary_json: string }>(d.db, "SELECT summary_json FROM audit_events WHERE district_id = ? AND action = 'notifications.channel_saved'", d.code);
    expect(audit.map((a) => a.summary_json).join("")).not.toContain(SMS_SECRET);

    const bad = await configure("email", { mode: "provider", endpoint: "ftp://mail.example.cn", from: "", secret: "" });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('value="ftp://mail.example.cn"');
    expect(html).toContain("请填写以 https:// 开头的接口地址。");
    expect(html).toContain('id="f-from-error"');
    // The stored setting is unchanged.
    const [email] = await rows<{ config_json: string }>(d.db, "SELECT config_json FROM notification_channels WHERE district_id = ? AND channel = 'email'", d.code);
    expect(JSON.parse(email!.config_json).endpoint).toBe(`${FAKE}/email`);
  });

  it("keep the phone number encrypted, shown masked", async () => {
    const [contact] = await rows<{ phone_protected: string }>(d.db, "SELECT phone_protected FROM notification_contacts WHERE district_id = ? AND user_id = ?", d.code, d.member.id);
    expect(contact!.phone_protected).not.toContain(PHONE);
    const page = await (await d.member.b.fetch(d.path("/notifications/preferences"))).text();
    expect(page).toContain("139****5678");
    expect(page).not.toContain(PHONE);
  });
});

describe("sending", () => {
  it("sends by SMS, e-mail and WeChat in the providers' shapes, once however often the message is redelivered", async () => {
    const event = await emit("returned");
    expect((await event.deliver()).retryInSeconds).toBeNull();
    const got = await received();
    const sms = got.find((r) => r.path.startsWith("/sms?"))!;
    const query = Object.fromEntries(new URL(sms.path, FAKE).searchParams);
    expect(query).toMatchObject({ Action: "SendSms", AccessKeyId: "AKID1", PhoneNumbers: PHONE, SignName: "包头三社联动", TemplateCode: "SMS_1001", TemplateParam: JSON.stringify({ title: "项目申报被退回补正：助餐服务" }) });
    const { Signature, ...signed } = query;
    expect(`${await aliyunSignedQuery(signed, SMS_SECRET)}`).toContain(`Signature=${encodeURIComponent(Signature!)}`);
    expect(JSON.stringify(sms)).not.toContain(SMS_SECRET);
    const mail = got.find((r) => r.path === "/email")!;
    const mailBody = JSON.parse(mail.body);
    expect(mailBody.to).toEqual([d.member.email]);
    expect(mailBody.text).toContain("https://sanshe.test/d/150930/projects/bids/b1");
    expect(mailBody.headers["List-Unsubscribe"]).toMatch(/^<https:\/\/sanshe\.test\/d\/150930\/notifications\/unsubscribe\/[\w-]+>$/);
    expect(mail.headers["idempotency-key"]).toBeTruthy();
    expect(got.filter((r) => r.path.startsWith("/wechat/cgi-bin/message/template/send")).map((r) => JSON.parse(r.body).touser)).toEqual(["oABC_123-xyz"]);
    expect((await deliveries(event.id)).map((x) => `${x.channel}:${x.status}`)).toEqual(["email:sent", "inbox:sent", "sms:sent", "wechat:sent"]);
    // The queue hands the same message over again, twice at once: nothing more is sent.
    const result = await consume(
      [
        { district: d.code, event: event.id },
        { district: d.code, event: event.id },
      ],
      fetch,
    );
    expect(result.acks).toHaveLength(2);
    expect((await received()).filter((r) => !r.path.startsWith("/wechat/cgi-bin/token"))).toHaveLength(3);
    const attempts = await rows(d.db, "SELECT delivery_id FROM notification_attempts WHERE district_id = ? AND delivery_id IN (SELECT id FROM notification_deliveries WHERE event_id = ?)", d.code, event.id);
    expect(attempts).toHaveLength(3);
    expect(logged.join("\n")).not.toContain(PHONE);
  });

  it("retries provider errors and throttling with growing delays, records every attempt, and stops in a failed state the admin sees and can resend", async () => {
    await script("sms", ["500", "sms:isv.BUSINESS_LIMIT_CONTROL", ...Array(MAX_ATTEMPTS - 2).fill("503")]);
    await script("email", ["429"]);
    const event = await emit("returned");
    const first = await event.deliver();
    expect(first.retryInSeconds).toBe(30);
    let [email, , sms] = await deliveries(event.id);
    expect(sms).toMatchObject({ status: "pending", attempts: 1, last_error: "HTTP 500", next_attempt_at: later(DAY, 30) });
    // The provider's Retry-After (120 s) wins over the first backoff step.
    expect(email).toMatchObject({ status: "pending", attempts: 1, last_error: "HTTP 429", next_attempt_at: later(DAY, 120) });
    // Not due yet: nothing is sent.
    await event.deliver(later(DAY, 10));
    expect((await received()).filter((r) => r.path.startsWith("/sms?"))).toHaveLength(1);
    let at = later(DAY, 30);
    await event.deliver(at);
    [email, , sms] = await deliveries(event.id);
    expect(sms).toMatchObject({ status: "pending", attempts: 2, last_error: "SMS isv.BUSINESS_LIMIT_CONTROL", next_attempt_at: later(at, 60) });
    for (let attempt = 3; attempt <= MAX_ATTEMPTS; attempt++) {
      at = later(at, 3600);
      await event.deliver(at);
    }
    [email, , sms] = await deliveries(event.id);
    expect(email!.status).toBe("sent");
    expect(sms).toMatchObject({ status: "dead", attempts: MAX_ATTEMPTS, last_error: "HTTP 503" });
    const outcomes = await rows<{ outcome: string }>(d.db, "SELECT outcome FROM notification_attempts WHERE district_id = ? AND delivery_id = ? ORDER BY attempt", d.code, sms!.id);
    expect(outcomes.map((o) => o.outcome)).toEqual(["failed", "throttled", "failed", "failed", "failed", "failed"]);
    expect(await rows(d.db, "SELECT id FROM audit_events WHERE district_id = ? AND action = 'notification.dead' AND target_id = ?", d.code, sms!.id)).toHaveLength(1);

    const failed = await (await d.admin.b.fetch(d.path("/notifications/admin?failed=1"))).text();
    expect(failed).toContain("发送失败");
    expect(failed).toContain("HTTP 503");
    expect(failed).not.toContain(PHONE);
    const resend = await d.admin.b.submit(d.path(`/notifications/admin/deliveries/${sms!.id}/retry`), {});
    expect(resend.status).toBe(303);
    // Sent again at once (the resend is due from the moment it was asked for).
    await event.deliver(later(new Date().toISOString(), 1));
    expect((await deliveries(event.id))[2]).toMatchObject({ status: "sent", attempts: MAX_ATTEMPTS + 1 });
  });

  it("fetches a new WeChat token when the old one expired, and retries WeChat throttling", async () => {
    await script("wechat", ["wechat:40001", "ok", "wechat:45009"]);
    const first = await emit("test");
    await first.deliver();
    expect((await deliveries(first.id)).find((x) => x.channel === "wechat")!.status).toBe("sent");
    expect((await received()).filter((r) => r.path.startsWith("/wechat/cgi-bin/token"))).toHaveLength(1);
    const second = await emit("test");
    await second.deliver();
    expect((await deliveries(second.id)).find((x) => x.channel === "wechat")).toMatchObject({ status: "pending", last_error: "WeChat 45009" });
  });
});

describe("Aliyun request signature", () => {
  it("matches the worked example in Aliyun's signature documentation", async () => {
    const params = {
      AccessKeyId: "testid",
      Action: "DescribeRegions",
      Format: "XML",
      SignatureMethod: "HMAC-SHA1",
      SignatureNonce: "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
      SignatureVersion: "1.0",
      Timestamp: "2016-02-23T12:46:24Z",
      Version: "2014-05-26",
    };
    expect(await aliyunSignedQuery(params, "testsecret")).toMatch(/&Signature=OLeaidS1JvxuMvnyHOwuJ%2BuX5qY%3D$/);
  });

  it("encodes Chinese, spaces, * ! ' ( ) and keeps ~ the way Aliyun does (vector from node:crypto createHmac)", async () => {
    const params = {
      AccessKeyId: "AKID1",
      Action: "SendSms",
      Format: "JSON",
      OutId: "d1",
      PhoneNumbers: PHONE,
      RegionId: "cn-hangzhou",
      SignName: "包头三社联动",
      SignatureMethod: "HMAC-SHA1",
      SignatureNonce: "nonce-1",
      SignatureVersion: "1.0",
      TemplateCode: "SMS_1001",
      TemplateParam: JSON.stringify({ title: "a b*c~d!(e)'" }),
      Timestamp: "2026-03-02T02:00:00Z",
      Version: "2017-05-25",
    };
    const query = await aliyunSignedQuery(params, SMS_SECRET);
    expect(query).toContain("TemplateParam=%7B%22title%22%3A%22a%20b%2Ac~d%21%28e%29%27%22%7D");
    expect(query).toMatch(/&Signature=kpOKvPWy2p9iV7XGhRgkSwOvuu8%3D$/);
  });
});
