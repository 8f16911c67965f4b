import { describe, expect, it } from "vitest";
import { hashPassword } from "../../src/auth/password";
import { reveal } from "../../src/lib/personal-data";
import { deliverEvent } from "../../src/notifications/deliver";
import { DEMO_OPERATOR, demoOperatorStatement } from "../../src/seed/demo";
import { runCompiled } from "../../src/tenants/apply";
import { districtWith } from "../fixtures/district";
import { Browser, PASSWORD, testEnv } from "../helpers";
import { dataOf, rows, fakeProviderSpace } from "./helpers";

// A reset code recorded in outbox mode never leaves, so the operator's outbox may open it
// (audited) to finish the step locally; a code sent through a real channel stays sealed.

const d = await districtWith("150957", { organizations: 1, people: { admin: "district_admin", member: { role: "org_member", organization: 0 } } });
const other = await districtWith("150958", { people: { admin: "district_admin" } });

/** Asks for a reset code and delivers it: the e-mail delivery's id and the code it carries. */
async function resetCode(): Promise<{ delivery: string; status: string; code: string }> {
  await new Browser().submit(d.path("/password-reset"), { email: d.member.email });
  const [event] = await rows<{ id: string; params_json: string }>(d.db, "SELECT id, params_json FROM notification_events WHERE district_id = ? AND kind = 'notifications.password_reset' ORDER BY created_at DESC LIMIT 1", d.code);
  await deliverEvent({ env: testEnv, data: await dataOf(d.code), now: new Date().toISOString(), fetcher: fetch }, event!.id);
  const [delivery] = await rows<{ id: string; status: string }>(d.db, "SELECT id, status FROM notification_deliveries WHERE district_id = ? AND event_id = ? AND channel = 'email'", d.code, event!.id);
  return { delivery: delivery!.id, status: delivery!.status, code: await reveal(JSON.parse(event!.params_json).code, testEnv.PERSONAL_DATA_KEY) };
}

async function operator(): Promise<Browser> {
  await runCompiled(testEnv.PLATFORM, [demoOperatorStatement(await hashPassword(PASSWORD, testEnv.PASSWORD_PEPPER!), new Date().toISOString())]);
  const b = new Browser();
  expect((await b.submit("/platform/login", { email: DEMO_OPERATOR.email, password: PASSWORD })).status).toBe(303);
  return b;
}

const action = (district: string, delivery: string) => `/platform/outbox/${district}/${delivery}/reveal`;

describe("opening a code in the operator's outbox", () => {
  it("opens a code recorded in outbox mode for the operator only, and audits it without the code", async () => {
    const op = await operator();
    const set = await d.admin.b.submit(d.path("/notifications/admin/channels/email"), { mode: "outbox", endpoint: "", from: "", secret: "" }, d.path("/notifications/admin"));
    expect(set.status).toBe(200);
    const recorded = await resetCode();
    expect(recorded.status).toBe("outbox");
    const outbox = await (await op.fetch("/platform/outbox")).text();
    expect(outbox).toContain(`action="${action(d.code, recorded.delivery)}"`);
    expect(outbox).not.toContain(recorded.code);

    // Neither the district's admin nor the member may open it.
    for (const b of [d.admin.b, d.member.b]) expect((await b.fetch(action(d.code, recorded.delivery), { method: "POST", form: { _csrf: b.csrf } })).status).not.toBe(200);
    // Under another district's code the delivery does not exist.
    expect((await op.submit(action(other.code, recorded.delivery), {})).status).toBe(404);

    const opened = await op.submit(action(d.code, recorded.delivery), {});
    expect(opened.status).toBe(200);
    expect(await opened.text()).toContain(`您的密码重置验证码是 ${recorded.code}`);
    const audit = await rows<{ target_id: string; summary_json: string }>(testEnv.PLATFORM, "SELECT target_id, summary_json FROM platform_audit_events WHERE action = 'operator.notification_revealed' AND target_id = ?", recorded.delivery);
    expect(audit).toHaveLength(1);
    expect(audit[0]!.summary_json).toContain(d.code);
    expect(audit[0]!.summary_json).not.toContain(recorded.code);
  });

  it("leaves the sealed link of a non-urgent message (an invitation) closed, though recorded in outbox mode", async () => {
    const op = await operator();
    expect((await d.admin.b.submit(d.path("/admin/staff/invitations"), { email: "invited@example.cn", role: "evaluator", scope: "" })).status).toBe(200);
    const [event] = await rows<{ id: string }>(d.db, "SELECT id FROM notification_events WHERE district_id = ? AND kind = 'onboarding.invitation'", d.code);
    await deliverEvent({ env: testEnv, data: await dataOf(d.code), now: new Date().toISOString(), fetcher: fetch }, event!.id);
    const [delivery] = await rows<{ id: string; status: string }>(d.db, "SELECT id, status FROM notification_deliveries WHERE district_id = ? AND event_id = ? AND channel = 'email'", d.code, event!.id);
    expect(delivery!.status).toBe("outbox");
    expect(await (await op.fetch("/platform/outbox")).text()).not.toContain(action(d.code, delivery!.id));
    expect((await op.submit(action(d.code, delivery!.id), {})).status).toBe(404);
  });

  it("keeps a code sent through a real channel sealed, even for the operator", async () => {
    const FAKE = fakeProviderSpace("outbox-reveal");
    const op = await operator();
    const set = await d.admin.b.submit(d.path("/notifications/admin/channels/email"), { mode: "provider", endpoint: `${FAKE}/email`, from: "noreply@sanshe.test", secret: "mail-key-1" }, d.path("/notifications/admin"));
    expect(set.status).toBe(200);
    const sent = await resetCode();
    expect(sent.status).toBe("sent");
    const outbox = await (await op.fetch("/platform/outbox")).text();
    expect(outbox).not.toContain(action(d.code, sent.delivery));
    const refused = await op.submit(action(d.code, sent.delivery), {});
    expect(refused.status).toBe(404);
    expect(await refused.text()).not.toContain(sent.code);
    expect(await rows(testEnv.PLATFORM, "SELECT id FROM platform_audit_events WHERE action = 'operator.notification_revealed' AND target_id = ?", sent.delivery)).toEqual([]);
    await fetch(`${FAKE}/_reset`, { method: "POST" });
  });
});
