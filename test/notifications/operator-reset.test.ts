import { describe, expect, it } from "vitest";
import { hashPassword } from "../../src/auth/password";
import { DEMO_OPERATOR, demoOperatorStatement } from "../../src/seed/demo";
import { runCompiled } from "../../src/tenants/apply";
import { Browser, PASSWORD, testEnv } from "../helpers";
import { consume, fakeProviderSpace, recordingQueue, rows } from "./helpers";
import { dispatchPlatformOutbox } from "../../src/notifications/publish";

// Operators have no district, so the platform sends to them through its own channel: set
// on /platform/channels with the key sealed, logged on /platform/outbox. The reset page on
// the operator sign-in answers alike for any address, sends a code that works once, within
// its tries, and ends every session of the operator.

const FAKE = fakeProviderSpace("operator-reset");
await runCompiled(testEnv.PLATFORM, [demoOperatorStatement(await hashPassword(PASSWORD, testEnv.PASSWORD_PEPPER!), new Date().toISOString())]);
const NEW_PASSWORD = "新的运营密码-2026-安全";

async function signedIn(password = PASSWORD): Promise<Browser> {
  const b = new Browser();
  expect((await b.submit("/platform/login", { email: DEMO_OPERATOR.email, password })).status).toBe(303);
  return b;
}

/** The codes the fake e-mail API received for the operator, newest last. */
async function mailedCodes(): Promise<string[]> {
  const received = (await (await fetch(`${FAKE}/_requests`)).json()) as { path: string; body: string }[];
  return received
    .filter((r) => r.path === "/email")
    .map((r) => JSON.parse(r.body) as { to: string[]; text: string })
    .filter((m) => m.to.includes(DEMO_OPERATOR.email))
    .map((m) => /\b(\d{6})\b/.exec(m.text)![1]!);
}

describe("the platform's channel and the operators' password reset", () => {
  it("keeps the key sealed, refuses a bad endpoint beside its field, and sends the code by e-mail", async () => {
    const op = await signedIn();
    const bad = await op.submit("/platform/channels/email", { mode: "provider", endpoint: "ftp://mail.example", from: "ops@sanshe.test", secret: "platform-mail-key" });
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain('value="ops@sanshe.test"');
    expect(badHtml).toContain('id="f-endpoint-error"');
    expect(badHtml).not.toContain("platform-mail-key");
    const saved = await op.submit("/platform/channels/email", { mode: "provider", endpoint: `${FAKE}/email`, from: "ops@sanshe.test", secret: "platform-mail-key" });
    expect(saved.status).toBe(200);
    expect(await saved.text()).not.toContain("platform-mail-key");
    const [stored] = await rows<{ secret_protected: string }>(testEnv.PLATFORM, "SELECT secret_protected FROM platform_channels WHERE channel = 'email'");
    expect(stored!.secret_protected).not.toContain("platform-mail-key");
    expect((await new Browser().fetch("/platform/channels")).headers.get("location") ?? "").toContain("/platform/login");

    const visitor = new Browser();
    expect(await (await visitor.fetch("/platform/login")).text()).toContain('href="/platform/password-reset"');
    const asked = await visitor.submit("/platform/password-reset", { email: DEMO_OPERATOR.email });
    expect(asked.status).toBe(200);
    const answer = await asked.text();
    const unknown = await (await new Browser().submit("/platform/password-reset", { email: "nobody@sanshe.test" })).text();
    expect(unknown).toContain("如果该邮箱对应运营账户");
    expect(answer).toContain("如果该邮箱对应运营账户");
    const codes = await mailedCodes();
    expect(codes).toHaveLength(1);
    // The outbox shows the message as sent, the code masked.
    const outbox = await (await op.fetch("/platform/outbox")).text();
    expect(outbox).toContain("发给运营人员的消息");
    expect(outbox).toContain("密码重置验证码");
    expect(outbox).toContain("••••••");
    expect(outbox).not.toContain(codes[0]!);

    // A wrong code is refused with the typed values kept; the right one resets and ends every session.
    const wrong = await visitor.submit("/platform/password-reset/confirm", { email: DEMO_OPERATOR.email, code: codes[0] === "000000" ? "111111" : "000000", password: NEW_PASSWORD });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain(`value="${DEMO_OPERATOR.email}"`);
    const done = await visitor.submit("/platform/password-reset/confirm", { email: DEMO_OPERATOR.email, code: codes[0]!, password: NEW_PASSWORD });
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe("/platform/login?reset=1");
    expect((await op.fetch("/platform")).headers.get("location") ?? "").toContain("/platform/login");
    expect((await new Browser().submit("/platform/login", { email: DEMO_OPERATOR.email, password: PASSWORD })).status).toBe(401);
    await signedIn(NEW_PASSWORD);
    // Used once.
    expect((await visitor.submit("/platform/password-reset/confirm", { email: DEMO_OPERATOR.email, code: codes[0]!, password: PASSWORD })).status).toBe(400);
    const audit = await rows<{ action: string }>(testEnv.PLATFORM, "SELECT action FROM platform_audit_events WHERE action LIKE 'operator.%' ORDER BY rowid");
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["operator.channel_saved", "operator.password_reset_requested", "operator.password_reset"]));
  });

  it("records instead of sending in outbox mode, and a code stops working after five wrong tries", async () => {
    const op = await signedIn(NEW_PASSWORD);
    expect((await op.submit("/platform/channels/email", { mode: "outbox", endpoint: "", from: "" })).status).toBe(200);
    const before = (await mailedCodes()).length;
    const visitor = new Browser();
    await visitor.submit("/platform/password-reset", { email: DEMO_OPERATOR.email });
    expect(await mailedCodes()).toHaveLength(before);
    const [message] = await rows<{ status: string }>(testEnv.PLATFORM, "SELECT status FROM platform_messages ORDER BY created_at DESC LIMIT 1");
    expect(message!.status).toBe("outbox");
    expect(await (await op.fetch("/platform/outbox")).text()).toContain("已记录（未实际发送）");
    for (let k = 0; k < 5; k++) await visitor.submit("/platform/password-reset/confirm", { email: DEMO_OPERATOR.email, code: "000000", password: PASSWORD });
    const [reset] = await rows<{ attempts: number }>(testEnv.PLATFORM, "SELECT attempts FROM operator_password_resets WHERE used_at IS NULL ORDER BY created_at DESC LIMIT 1");
    expect(reset!.attempts).toBe(5);
  });

  it("retries a failed message with backoff through the dispatch and the queue, and an operator sends a dead one again", async () => {
    const op = await signedIn(NEW_PASSWORD);
    expect((await op.submit("/platform/channels/email", { mode: "provider", endpoint: `${FAKE}/email`, from: "ops@sanshe.test", secret: "platform-mail-key" })).status).toBe(200);
    await fetch(`${FAKE}/_reset`, { method: "POST" });
    await fetch(`${FAKE}/_script`, { method: "POST", body: JSON.stringify({ channel: "email", answers: ["500", "500"] }) });
    const latest = async () =>
      (
        await rows<{ id: string; status: string; attempts: number; last_error: string | null; next_attempt_at: string; locale: string }>(
          testEnv.PLATFORM,
          "SELECT id, status, attempts, last_error, next_attempt_at, locale FROM platform_messages ORDER BY created_at DESC LIMIT 1",
        )
      )[0]!;
    const makeDue = (id: string) => testEnv.PLATFORM.prepare("UPDATE platform_messages SET next_attempt_at = '2026-01-01T00:00:00.000Z' WHERE id = ?").bind(id).run();

    // Asked for in English: the first try, straight after the commit, fails and waits 30 s.
    expect((await new Browser().submit("/platform/password-reset?lang=en", { email: DEMO_OPERATOR.email })).status).toBe(200);
    const first = await latest();
    expect(first).toMatchObject({ status: "pending", attempts: 1, locale: "en" });
    expect(first.last_error).toContain("500");
    expect(Date.parse(first.next_attempt_at) - Date.now()).toBeGreaterThan(20_000);
    // Not due yet: the dispatch hands nothing over.
    const early = recordingQueue();
    expect(await dispatchPlatformOutbox(early.env, new Date().toISOString())).toBe(0);

    // Due: the five-minute dispatch puts it on the queue, whose consumer tries again and backs off.
    await makeDue(first.id);
    const queue = recordingQueue();
    expect(await dispatchPlatformOutbox(queue.env, new Date().toISOString())).toBe(1);
    expect(queue.sent).toEqual([{ district: "platform", event: first.id }]);
    const second = await consume(queue.sent, fetch);
    expect(second.retries.map((r) => r.delaySeconds)).toEqual([60]);
    expect(await latest()).toMatchObject({ status: "pending", attempts: 2 });
    // A redelivery before it is due sends nothing and asks to come back later.
    const early2 = await consume(queue.sent, fetch);
    expect(early2.retries).toHaveLength(1);
    expect((await latest()).attempts).toBe(2);

    await makeDue(first.id);
    const third = await consume(queue.sent, fetch);
    expect(third.acks).toHaveLength(1);
    expect(await latest()).toMatchObject({ status: "sent", attempts: 3, last_error: null });
    const mails = ((await (await fetch(`${FAKE}/_requests`)).json()) as { path: string; body: string }[]).filter((r) => r.path === "/email");
    expect(mails).toHaveLength(3);
    // Written in the language it was asked in, though no request is behind the later tries.
    const mail = JSON.parse(mails[2]!.body) as { subject: string; text: string };
    expect(mail.subject).toBe("Password reset code");
    expect(mail.text).toContain("Your password reset code is");

    // Refused for good: dead at once, and the outbox offers to send it again.
    await fetch(`${FAKE}/_script`, { method: "POST", body: JSON.stringify({ channel: "email", answers: ["400"] }) });
    await new Browser().submit("/platform/password-reset", { email: DEMO_OPERATOR.email });
    const dead = await latest();
    expect(dead).toMatchObject({ status: "dead", attempts: 1 });
    const outbox = await (await op.fetch("/platform/outbox")).text();
    expect(outbox).toContain(`action="/platform/outbox/messages/${dead.id}/resend"`);
    expect(outbox).not.toContain(`action="/platform/outbox/messages/${first.id}/resend"`);
    const resent = await op.submit(`/platform/outbox/messages/${dead.id}/resend`, {});
    expect(resent.status).toBe(303);
    expect(await latest()).toMatchObject({ status: "sent", attempts: 2 });
    // Sent already, unknown, or asked by someone signed out: nothing to send again.
    expect((await op.submit(`/platform/outbox/messages/${dead.id}/resend`, {})).status).toBe(404);
    expect((await op.submit("/platform/outbox/messages/no-such-message/resend", {})).status).toBe(404);
    const anonymous = new Browser();
    await anonymous.fetch("/platform/login");
    expect((await anonymous.fetch(`/platform/outbox/messages/${dead.id}/resend`, { method: "POST", form: { _csrf: anonymous.csrf } })).status).not.toBe(303);
    const audit = await rows<{ action: string; target_id: string }>(testEnv.PLATFORM, "SELECT action, target_id FROM platform_audit_events WHERE action = 'operator.platform_message_resent'");
    expect(audit).toEqual([{ action: "operator.platform_message_resent", target_id: dead.id }]);
  });
});
