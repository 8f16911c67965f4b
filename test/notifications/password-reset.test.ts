import { describe, expect, it } from "vitest";
import { reveal } from "../../src/lib/personal-data";
import { deliverEvent } from "../../src/notifications/deliver";
import { districtWith } from "../fixtures/district";
import { Browser, PASSWORD, testEnv } from "../helpers";
import { dataOf, rows, fakeProviderSpace } from "./helpers";

// Password reset by a one-time code sent as an urgent notification.

const d = await districtWith("150950", { organizations: 1, people: { admin: "district_admin", member: { role: "org_member", organization: 0 } } });
const NEW_PASSWORD = "brand-new-pass-77";

async function latestEvent() {
  const [event] = await rows<{ id: string; params_json: string }>(d.db, "SELECT id, params_json FROM notification_events WHERE district_id = ? AND kind = 'notifications.password_reset' ORDER BY created_at DESC LIMIT 1", d.code);
  return event!;
}
/** The code as only the sending step can read it: the row holds it sealed. */
async function latestCode(): Promise<string> {
  return reveal(JSON.parse((await latestEvent()).params_json).code, testEnv.PERSONAL_DATA_KEY);
}

describe("password reset", () => {
  it("is linked from the sign-in page and answers alike for known and unknown addresses", async () => {
    const visitor = new Browser();
    expect(await (await visitor.fetch(d.path("/login"))).text()).toContain(`href="/d/${d.code}/password-reset"`);
    const unknown = await visitor.submit(d.path("/password-reset"), { email: "nobody@example.cn" });
    const known = await visitor.submit(d.path("/password-reset"), { email: d.member.email });
    expect(unknown.status).toBe(200);
    expect(known.status).toBe(200);
    const strip = (html: string) => html.replace(/value="[^"]*"/g, "");
    expect(strip(await unknown.text())).toBe(strip(await known.text()));
    expect(await rows(d.db, "SELECT id FROM password_resets WHERE district_id = ?", d.code)).toHaveLength(1);
    // The code travels in the urgent notification only, never in the page or the audit log.
    const code = await latestCode();
    expect(code).toMatch(/^\d{6}$/);
    const audit = await rows<{ summary_json: string }>(d.db, "SELECT summary_json FROM audit_events WHERE district_id = ?", d.code);
    expect(audit.map((a) => a.summary_json).join("")).not.toContain(code);
  });

  it("refuses a wrong code, locks the code after five tries, and with the right one sets the password and ends every session", async () => {
    const visitor = new Browser();
    await visitor.submit(d.path("/password-reset"), { email: d.member.email });
    const code = await latestCode();
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, "0");
    const refused = await visitor.submit(d.path("/password-reset/confirm"), { email: d.member.email, code: wrong, password: NEW_PASSWORD });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain(`value="${wrong}"`);
    const weak = await visitor.submit(d.path("/password-reset/confirm"), { email: d.member.email, code, password: "short" });
    expect(weak.status).toBe(422);
    expect(await weak.text()).toContain('id="f-password-error"');

    expect((await d.member.b.fetch(d.path("/notifications"))).status).toBe(200);
    const done = await visitor.submit(d.path("/password-reset/confirm"), { email: d.member.email, code, password: NEW_PASSWORD });
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe(`/d/${d.code}/login?reset=1`);
    // The session that was signed in has ended.
    expect((await d.member.b.fetch(d.path("/notifications"))).status).not.toBe(200);
    expect((await new Browser().signIn(d.code, d.member.email, PASSWORD)).status).not.toBe(303);
    expect((await new Browser().signIn(d.code, d.member.email, NEW_PASSWORD)).status).toBe(303);
    // Used once.
    expect((await visitor.submit(d.path("/password-reset/confirm"), { email: d.member.email, code, password: "another-pass-88" })).status).toBe(400);

    await visitor.submit(d.path("/password-reset"), { email: d.member.email });
    const fresh = await latestCode();
    const other = String((Number(fresh) + 1) % 1_000_000).padStart(6, "0");
    for (let k = 0; k < 5; k++) await visitor.submit(d.path("/password-reset/confirm"), { email: d.member.email, code: other, password: NEW_PASSWORD });
    expect((await visitor.submit(d.path("/password-reset/confirm"), { email: d.member.email, code: fresh, password: "third-pass-99" })).status).toBe(400);
  });

  it("is behind the per-client limit on code guesses", async () => {
    const guesser = new Browser();
    let limited = 0;
    for (let k = 0; k < 25; k++) {
      const res = await guesser.submit(d.path("/password-reset/confirm"), { email: d.member.email, code: "000000", password: NEW_PASSWORD });
      if (res.status === 429) limited += 1;
    }
    expect(limited).toBeGreaterThan(0);
  });

  it("keeps the code sealed in the outbox row and masked in the logs, and the sent e-mail carries it", async () => {
    const FAKE = fakeProviderSpace("password-reset");
    await fetch(`${FAKE}/_reset`, { method: "POST" });
    const set = await d.admin.b.submit(d.path("/notifications/admin/channels/email"), { mode: "provider", endpoint: `${FAKE}/email`, from: "noreply@sanshe.test", secret: "mail-key-1" }, d.path("/notifications/admin"));
    expect(set.status).toBe(200);
    await new Browser().submit(d.path("/password-reset"), { email: d.member.email });
    const event = await latestEvent();
    const code = await latestCode();
    expect(code).toMatch(/^\d{6}$/);
    expect(event.params_json).not.toContain(code);
    expect(JSON.parse(event.params_json).code).toMatch(/^v1\./);
    await deliverEvent({ env: testEnv, data: await dataOf(d.code), now: new Date().toISOString(), fetcher: fetch }, event.id);
    const sent = (await (await fetch(`${FAKE}/_requests`)).json()) as { path: string; body: string }[];
    expect(sent.find((r) => r.path.startsWith("/email"))?.body).toContain(code);
    // The district admin's delivery view shows that a code went, never the code.
    const log = await (await d.admin.b.fetch(d.path("/notifications/admin"))).text();
    expect(log).toContain("••••••");
    expect(log).not.toContain(code);
    await fetch(`${FAKE}/_reset`, { method: "POST" });
  });
});
