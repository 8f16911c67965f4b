import { afterAll, describe, expect, it } from "vitest";
import { districtWith } from "../fixtures/district";
import { Browser, PASSWORD } from "../helpers";
import { operatorBrowser, pathOf, shownLink } from "../onboarding/helpers";
import { deliverInvitations, fakeProviderSpace, mailBodies, rows } from "./helpers";

// The operator's invitation of a district's first admin goes in the language chosen on the
// console's form, as a district's staff invitations do: Chinese unless chosen, kept when
// the operator sends it again, and the account made from the link starts in it.

const FAKE = fakeProviderSpace("first-admin-language");
const d = await districtWith("150996", { people: { admin: "district_admin" } });
const deliverAll = () => deliverInvitations(d.code, d.db);
const mails = () => mailBodies(FAKE);
afterAll(() => fetch(`${FAKE}/_reset`, { method: "POST" }));

describe("the first admin's invitation language", () => {
  it("is chosen on the operator's form, kept on resend, and becomes the new admin's language", async () => {
    await fetch(`${FAKE}/_reset`, { method: "POST" });
    expect((await d.admin.b.submit(d.path("/notifications/admin/channels/email"), { mode: "provider", endpoint: `${FAKE}/email`, from: "noreply@sanshe.test", secret: "mail-key-1" }, d.path("/notifications/admin"))).status).toBe(200);
    const op = await operatorBrowser();
    for (const [lang, word] of [
      ["zh-CN", "邀请函语言"],
      ["en", "Language of the invitation"],
    ] as const) {
      const form = await (await op.fetch(`/platform/districts/${d.code}?lang=${lang}`)).text();
      expect(form).toContain('name="locale"');
      expect(form).toContain(word);
    }

    const english = await op.submit(`/platform/districts/${d.code}/invitations`, { email: "english.admin@example.cn", locale: "en" });
    expect(english.status).toBe(200);
    const link = pathOf(shownLink(await english.text()));
    // Left to its default: Chinese.
    expect((await op.submit(`/platform/districts/${d.code}/invitations`, { email: "chinese.admin@example.cn" })).status).toBe(200);
    await deliverAll();
    const [en, zh] = await mails();
    expect(en).toContain("Invitation to the platform");
    expect(en).toContain("Test District 150996 invites you");
    expect(en).not.toContain("邀请您");
    expect(en).toContain(link);
    expect(zh).toContain("测试150996区邀请您");
    expect(await rows(d.db, "SELECT email, locale, role FROM invitations WHERE district_id = ? AND email LIKE '%.admin@example.cn' ORDER BY email", d.code)).toEqual([
      { email: "chinese.admin@example.cn", locale: "zh-CN", role: "district_admin" },
      { email: "english.admin@example.cn", locale: "en", role: "district_admin" },
    ]);

    const [inv] = await rows<{ id: string }>(d.db, "SELECT id FROM invitations WHERE district_id = ? AND email = 'english.admin@example.cn'", d.code);
    const resent = pathOf(shownLink(await (await op.submit(`/platform/districts/${d.code}/invitations/${inv!.id}/resend`, {})).text()));
    await deliverAll();
    const third = (await mails())[2]!;
    expect(third).toContain("Invitation to the platform");
    expect(third).toContain(resent);

    expect((await new Browser().submit(resent, { displayName: "Alex Chen", password: PASSWORD })).status).toBe(303);
    expect(await rows(d.db, "SELECT locale FROM users WHERE district_id = ? AND email = 'english.admin@example.cn'", d.code)).toEqual([{ locale: "en" }]);
  });

  it("re-renders the console's form with the error beside the language for a value not offered, in both languages", async () => {
    const op = await operatorBrowser();
    for (const [lang, word] of [
      ["zh-CN", "邀请函语言"],
      ["en", "Language of the invitation"],
    ] as const) {
      const res = await op.submit(`/platform/districts/${d.code}/invitations?lang=${lang}`, { email: "typed.admin@example.cn", locale: "fr" });
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain('id="f-locale-error"');
      expect(html).toContain('value="typed.admin@example.cn"');
      expect(html).toContain(word);
    }
    expect(await rows(d.db, "SELECT id FROM invitations WHERE district_id = ? AND email = 'typed.admin@example.cn'", d.code)).toEqual([]);
  });
});
