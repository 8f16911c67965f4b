import { afterAll, describe, expect, it } from "vitest";
import { protect } from "../../src/lib/personal-data";
import { notify } from "../../src/core/module-contract";
import { invitationSent } from "../../src/modules/onboarding/notifications";
import { deliverEvent } from "../../src/notifications/deliver";
import { objectToNotice } from "../../src/review/objections";
import { districtWith } from "../fixtures/district";
import { testEnv } from "../helpers";
import { dataOf, rows, fakeProviderSpace } from "./helpers";

// Someone without an account (an invitee, an objector) is an address recipient: the
// outbox row says so, and the message is in the language they chose where it is known.

const FAKE = fakeProviderSpace("address-recipients");
const d = await districtWith("150971", { people: { admin: "district_admin" } });
const system = await dataOf(d.code);
const sentMail = async () => ((await (await fetch(`${FAKE}/_requests`)).json()) as { path: string; body: string }[]).filter((r) => r.path.startsWith("/email"));
afterAll(() => fetch(`${FAKE}/_reset`, { method: "POST" }));

async function invite(email: string, locale?: "en") {
  const seal = (v: string) => protect(v, testEnv.PERSONAL_DATA_KEY);
  const statement = notify(system, invitationSent, { to: await seal(email), params: { district: "测试区", token: await seal("tok-1"), days: 7 }, target: { type: "invitation", id: email }, ...(locale ? { locale } : {}) });
  await system.writeUnaudited([statement]);
  const [event] = await rows<{ id: string; recipient_type: string; locale: string | null }>(d.db, "SELECT id, recipient_type, locale FROM notification_events WHERE district_id = ? AND target_id = ?", d.code, email);
  await deliverEvent({ env: testEnv, data: system, now: new Date().toISOString(), fetcher: fetch }, event!.id);
  return event!;
}

describe("address recipients", () => {
  it("are stored as such and written to in the language they chose, Chinese when unknown", async () => {
    await fetch(`${FAKE}/_reset`, { method: "POST" });
    await d.admin.b.submit(d.path("/notifications/admin/channels/email"), { mode: "provider", endpoint: `${FAKE}/email`, from: "noreply@sanshe.test", secret: "mail-key-1" }, d.path("/notifications/admin"));
    expect(await invite("en.reader@example.cn", "en")).toMatchObject({ recipient_type: "address", locale: "en" });
    expect(await invite("zh.reader@example.cn")).toMatchObject({ recipient_type: "address", locale: null });
    const mails = await sentMail();
    expect(mails).toHaveLength(2);
    expect(mails[0]!.body).toContain("Invitation to the platform");
    expect(mails[0]!.body).toContain("/invite/tok-1");
    expect(mails[1]!.body).toContain("三社联动服务平台邀请");
  });

  it("keeps the language an objector filed in for the outcome's message", async () => {
    const now = new Date().toISOString();
    await d.db
      .prepare("INSERT INTO public_notices (district_id, id, subject_kind, batch_id, title, starts_at, ends_at, status, published_by, published_at) VALUES (?, 'n1', 'incubation_application', 'call1', '公示', ?, ?, 'open', 'u', ?)")
      .bind(d.code, new Date(Date.now() - 3600_000).toISOString(), new Date(Date.now() + 86_400_000).toISOString(), now)
      .run();
    const id = await objectToNotice(system, "n1", { subjectId: "", name: "A Reader", contact: "reader@example.cn", content: "Not true." }, { locale: "en", now, personalDataKey: testEnv.PERSONAL_DATA_KEY });
    const [objection] = await rows<{ locale: string }>(d.db, "SELECT locale FROM notice_objections WHERE district_id = ? AND id = ?", d.code, id);
    expect(objection!.locale).toBe("en");
  });
});
