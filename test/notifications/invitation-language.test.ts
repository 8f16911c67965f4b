import { afterAll, describe, expect, it } from "vitest";
import { districtWith } from "../fixtures/district";
import { Browser, PASSWORD } from "../helpers";
import { pathOf, shownLink } from "../onboarding/helpers";
import { deliverInvitations, fakeProviderSpace, mailBodies, rows } from "./helpers";

// An invitee has no account, so no language of their own: whoever invites chooses the
// language of the invitation (Chinese unless chosen), a resend keeps it, and the account
// made from the link starts in it.

const FAKE = fakeProviderSpace("invitation-language");
const d = await districtWith("150983", { people: { admin: "district_admin" } });
const deliverAll = () => deliverInvitations(d.code, d.db);
const mails = () => mailBodies(FAKE);
afterAll(() => fetch(`${FAKE}/_reset`, { method: "POST" }));

describe("the invitation's language", () => {
  it("is chosen on the form, kept on resend, and becomes the new account's language", async () => {
    await fetch(`${FAKE}/_reset`, { method: "POST" });
    expect((await d.admin.b.submit(d.path("/notifications/admin/channels/email"), { mode: "provider", endpoint: `${FAKE}/email`, from: "noreply@sanshe.test", secret: "mail-key-1" }, d.path("/notifications/admin"))).status).toBe(200);
    const form = await (await d.admin.b.fetch(d.path("/admin/staff"))).text();
    expect(form).toContain('name="locale"');
    expect(form).toContain("邀请函语言");

    const english = await d.admin.b.submit(d.path("/admin/staff/invitations"), { email: "visiting.expert@example.cn", role: "evaluator", scope: "", locale: "en" });
    expect(english.status).toBe(200);
    const link = pathOf(shownLink(await english.text()));
    // Left to its default: Chinese.
    expect((await d.admin.b.submit(d.path("/admin/staff/invitations"), { email: "local.expert@example.cn", role: "evaluator", scope: "" })).status).toBe(200);
    await deliverAll();
    const [en, zh] = await mails();
    expect(en).toContain("Invitation to the platform");
    expect(en).toContain("Test District 150983 invites you");
    expect(en).not.toContain("邀请您");
    expect(en).toContain(link);
    expect(zh).toContain("三社联动服务平台邀请");
    expect(zh).toContain("测试150983区邀请您");

    const [inv] = await rows<{ id: string; locale: string }>(d.db, "SELECT id, locale FROM invitations WHERE district_id = ? AND email = 'visiting.expert@example.cn'", d.code);
    expect(inv!.locale).toBe("en");
    const resent = pathOf(shownLink(await (await d.admin.b.submit(d.path(`/admin/staff/invitations/${inv!.id}/resend`), {})).text()));
    await deliverAll();
    const third = (await mails())[2]!;
    expect(third).toContain("Invitation to the platform");
    expect(third).toContain(resent);

    expect((await new Browser().submit(resent, { displayName: "Alex Chen", password: PASSWORD })).status).toBe(303);
    expect(await rows(d.db, "SELECT locale FROM users WHERE district_id = ? AND email = 'visiting.expert@example.cn'", d.code)).toEqual([{ locale: "en" }]);
  });

  it("re-renders the form with the error beside the language for a value not offered, in both languages", async () => {
    for (const [lang, word] of [
      ["zh-CN", "邀请函语言"],
      ["en", "Language of the invitation"],
    ] as const) {
      const res = await d.admin.b.submit(d.path(`/admin/staff/invitations?lang=${lang}`), { email: "typed@example.cn", role: "evaluator", scope: "", locale: "fr" });
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain('id="f-locale-error"');
      expect(html).toContain('value="typed@example.cn"');
      expect(html).toContain(word);
    }
  });
});
