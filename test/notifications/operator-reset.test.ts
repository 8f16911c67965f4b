import { describe, expect, it } from "vitest";
import { hashPassword } from "../../src/auth/password";
import { DEMO_OPERATOR, demoOperatorStatement } from "../../src/seed/demo";
import { runCompiled } from "../../src/tenants/apply";
import { Browser, PASSWORD, testEnv } from "../helpers";
import { rows, fakeProviderSpace } from "./helpers";

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
});
