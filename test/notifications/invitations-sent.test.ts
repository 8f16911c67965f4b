import { afterAll, describe, expect, it } from "vitest";
import { reveal } from "../../src/lib/personal-data";
import { deliverEvent } from "../../src/notifications/deliver";
import { districtWith } from "../fixtures/district";
import { Browser, testEnv } from "../helpers";
import { operatorBrowser, pathOf, shownLink } from "../onboarding/helpers";
import { dataOf, rows, fakeProviderSpace } from "./helpers";

// Invitation links go to the invited address through notifications (the link is still
// shown once to copy), the token sealed in the outbox row; the invitation lists show how
// the message went, as a label.

const FAKE = fakeProviderSpace("invitations-sent");
const d = await districtWith("150970", { people: { admin: "district_admin" } });
const system = await dataOf(d.code);
const deliverAll = async () => {
  const events = await rows<{ id: string }>(d.db, "SELECT id FROM notification_events WHERE district_id = ? AND kind = 'onboarding.invitation' AND state != 'done'", d.code);
  for (const e of events) await deliverEvent({ env: testEnv, data: system, now: new Date().toISOString(), fetcher: fetch }, e.id);
};
const sentMail = async () => ((await (await fetch(`${FAKE}/_requests`)).json()) as { path: string; body: string }[]).filter((r) => r.path.startsWith("/email"));
afterAll(() => fetch(`${FAKE}/_reset`, { method: "POST" }));

describe("invitations sent through notifications", () => {
  it("e-mails a staff invitation with its link, shows the delivery on the list, and resends a new link", async () => {
    await fetch(`${FAKE}/_reset`, { method: "POST" });
    const set = await d.admin.b.submit(d.path("/notifications/admin/channels/email"), { mode: "provider", endpoint: `${FAKE}/email`, from: "noreply@sanshe.test", secret: "mail-key-1" }, d.path("/notifications/admin"));
    expect(set.status).toBe(200);
    const issued = await d.admin.b.submit(d.path("/admin/staff/invitations"), { email: "newstaff@example.cn", role: "evaluator", scope: "" });
    expect(issued.status).toBe(200);
    const html = await issued.text();
    const first = pathOf(shownLink(html));
    expect(html).toContain("发送情况");
    const [event] = await rows<{ recipient_ref: string; params_json: string; target_type: string }>(
      d.db,
      "SELECT recipient_ref, params_json, target_type FROM notification_events WHERE district_id = ? AND kind = 'onboarding.invitation'",
      d.code,
    );
    expect(event!.target_type).toBe("invitation");
    expect(await reveal(event!.recipient_ref, testEnv.PERSONAL_DATA_KEY)).toBe("newstaff@example.cn");
    const token = first.split("/").at(-1)!;
    expect(event!.params_json).not.toContain(token);

    await deliverAll();
    const mails = await sentMail();
    expect(mails).toHaveLength(1);
    expect(mails[0]!.body).toContain(first);
    expect(mails[0]!.body).toContain("newstaff@example.cn");
    const list = await (await d.admin.b.fetch(d.path("/admin/staff"))).text();
    expect(list).toContain("电子邮件：已发送");
    // The district admin's delivery log masks the link.
    const log = await (await d.admin.b.fetch(d.path("/notifications/admin"))).text();
    expect(log).toContain("三社联动服务平台邀请");
    expect(log).not.toContain(token);

    const [inv] = await rows<{ id: string }>(d.db, "SELECT id FROM invitations WHERE district_id = ? AND email = 'newstaff@example.cn'", d.code);
    const second = pathOf(shownLink(await (await d.admin.b.submit(d.path(`/admin/staff/invitations/${inv!.id}/resend`), {})).text()));
    await deliverAll();
    const again = await sentMail();
    expect(again).toHaveLength(2);
    expect(again[1]!.body).toContain(second);
    expect((await new Browser().fetch(second)).status).toBe(200);
    expect((await new Browser().fetch(first)).status).toBe(404);
  });

  it("sends the first admin's invitation and the operator console shows how it went", async () => {
    const op = await operatorBrowser();
    await d.admin.b.submit(d.path("/notifications/admin/channels/email"), { mode: "off" }, d.path("/notifications/admin"));
    const res = await op.submit(`/platform/districts/${d.code}/invitations`, { email: "second.admin@example.cn" });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("待发送");
    await deliverAll();
    // The e-mail channel is off: the console says it was not sent, and the link is still there to copy.
    const page = await (await op.fetch(`/platform/districts/${d.code}`)).text();
    expect(page).toContain("电子邮件：未发送");
  });

  it("lets the operator resend a first admin's invitation: a new link, sent again, the old one dead", async () => {
    const op = await operatorBrowser();
    const [inv] = await rows<{ id: string }>(d.db, "SELECT id FROM invitations WHERE district_id = ? AND email = 'second.admin@example.cn'", d.code);
    const before = await rows<{ n: number }>(d.db, "SELECT count(*) n FROM notification_events WHERE district_id = ? AND kind = 'onboarding.invitation' AND target_id = ?", d.code, inv!.id);
    const res = await op.submit(`/platform/districts/${d.code}/invitations/${inv!.id}/resend`, {});
    expect(res.status).toBe(200);
    const html = await res.text();
    const link = pathOf(shownLink(html));
    expect(html).toContain("待发送");
    const after = await rows<{ n: number }>(d.db, "SELECT count(*) n FROM notification_events WHERE district_id = ? AND kind = 'onboarding.invitation' AND target_id = ?", d.code, inv!.id);
    expect(after[0]!.n).toBe(before[0]!.n + 1);
    expect((await new Browser().fetch(link)).status).toBe(200);
    // A staff invitation of the district is not the operator's to resend.
    const [staff] = await rows<{ id: string }>(d.db, "SELECT id FROM invitations WHERE district_id = ? AND email = 'newstaff@example.cn'", d.code);
    expect((await op.submit(`/platform/districts/${d.code}/invitations/${staff!.id}/resend`, {})).status).toBe(404);
  });
});
