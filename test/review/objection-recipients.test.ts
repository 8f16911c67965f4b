import { describe, expect, it } from "vitest";
import { nowIso } from "../../src/lib/time";
import { BID_KIND } from "../../src/modules/projects/subject-kinds";
import { deliverEvent } from "../../src/notifications/deliver";
import { resolveRecipients } from "../../src/notifications/recipients";
import { objectionReceived } from "../../src/review/notifications";
import { Browser, testEnv } from "../helpers";
import { districtWith } from "../fixtures/district";
import { dataOf, rows } from "../notifications/helpers";

// A new objection reaches the staff of the module that owns the notice, in the area of the
// item objected to, not every district admin alone: a bid in one street goes to that
// street's project staff (and district-wide ones), not to the next street's, whoever
// published the notice. An objection to the whole notice reaches the staff whose scope
// covers every item on it.

const d = await districtWith("150972", {
  people: { admin: "district_admin", street1: { role: "subdistrict_staff", area: "001" }, street2: { role: "subdistrict_staff", area: "002" } },
});

const A = `${d.code}001`;
const B = `${d.code}002`;

/** Files an objection to the item at `objected` (null: the whole notice) of a notice whose items are in `areas`. */
async function objectionRecipients(kind: string, publisher: string, areas: readonly string[] = [A], objected: number | null = 0): Promise<string[]> {
  const noticeId = `n${crypto.randomUUID()}`;
  const now = nowIso();
  const ends = new Date(Date.now() + 86_400_000).toISOString();
  await d.db
    .prepare(
      "INSERT INTO public_notices (district_id, id, subject_kind, batch_id, title, body, reviewers_text, starts_at, ends_at, status, published_by, published_at, closed_at) VALUES (?, ?, ?, 'c1', '拟立项项目公示', '公示内容', '', ?, ?, 'open', ?, ?, NULL)",
    )
    .bind(d.code, noticeId, kind, now, ends, publisher, now)
    .run();
  for (const [i, area] of areas.entries()) {
    await d.db.prepare("INSERT INTO notice_items (district_id, notice_id, subject_id, label, proposed_outcome, score, outcome, area_code) VALUES (?, ?, ?, '某组织', 'award', 80, 'pending', ?)").bind(d.code, noticeId, `s${i}`, area).run();
  }
  const visitor = new Browser();
  const res = await visitor.submit(d.path(`/notices/${noticeId}/objections`), { subjectId: objected === null ? "" : `s${objected}`, name: "张三", contact: "13800000000", content: "对公示结果有异议" }, d.path(`/notices/${noticeId}`));
  expect(res.status).toBe(303);
  const [event] = await rows<{ recipient_ref: string; recipient_permission: string | null }>(
    d.db,
    "SELECT e.recipient_ref, e.recipient_permission FROM notification_events e JOIN notice_objections o ON o.district_id = e.district_id AND o.id = e.target_id WHERE e.district_id = ? AND o.notice_id = ?",
    d.code,
    noticeId,
  );
  const people = await resolveRecipients(await dataOf(d.code), objectionReceived.recipients, event!.recipient_ref, event!.recipient_permission);
  // The area column holds an area; the module's permission has its own column.
  expect(event!.recipient_ref).not.toContain("@");
  return people.map((p) => p.userId);
}

describe("who hears of a new objection", () => {
  it("reaches the objected item's street staff and district-wide staff, not another street's", async () => {
    const to = await objectionRecipients(BID_KIND, d.street1.id);
    expect(to).toContain(d.street1.id);
    expect(to).toContain(d.admin.id);
    expect(to).not.toContain(d.street2.id);
  });

  it("follows the item's area, not the publisher's grant nor the notice's other items", async () => {
    expect(await objectionRecipients(BID_KIND, d.street2.id, [B, A], 1)).toEqual([d.admin.id, d.street1.id].sort());
    expect(await objectionRecipients(BID_KIND, d.admin.id, [B, A], 0)).toEqual([d.admin.id, d.street2.id].sort());
    // A community's item reaches the street above it.
    expect(await objectionRecipients(BID_KIND, d.admin.id, [`${A}001`])).toEqual([d.admin.id, d.street1.id].sort());
    // A district-wide item (no area) reaches district-wide staff only.
    expect(await objectionRecipients(BID_KIND, d.street1.id, [""])).toEqual([d.admin.id]);
  });

  it("sends an objection to the whole notice to the staff whose scope covers every item", async () => {
    expect(await objectionRecipients(BID_KIND, d.admin.id, [`${A}001`, `${A}002`], null)).toEqual([d.admin.id, d.street1.id].sort());
    expect(await objectionRecipients(BID_KIND, d.street1.id, [A, B], null)).toEqual([d.admin.id]);
  });

  it("reaches only district-wide holders when the kind's handlers are district-wide (evaluation grades)", async () => {
    expect(await objectionRecipients("evaluation", d.admin.id)).toEqual([d.admin.id]);
  });

  it("lets street staff who receive the alert choose its channels, and delivery follows the choice", async () => {
    const field = `k-${objectionReceived.name}`;
    const page = await (await d.street1.b.fetch(d.path("/notifications/preferences"))).text();
    expect(page).toContain(`name="${field}.sms"`);
    // Inbox only: no e-mail, SMS or WeChat for objection alerts.
    expect((await d.street1.b.submit(d.path("/notifications/preferences"), { phone: "", openid: "" }, d.path("/notifications/preferences"))).status).toBe(200);
    const [saved] = await rows<{ channels: string }>(d.db, "SELECT channels FROM notification_preferences WHERE district_id = ? AND user_id = ? AND kind = ?", d.code, d.street1.id, objectionReceived.name);
    expect(saved).toEqual({ channels: "" });
    // Delivered with e-mail on: the admin (no choice made) gets an e-mail too, street staff only the inbox.
    await d.db.prepare("INSERT OR REPLACE INTO notification_channels (district_id, channel, mode, config_json, version, updated_at) VALUES (?, 'email', 'outbox', '{}', 1, ?)").bind(d.code, nowIso()).run();
    await objectionRecipients(BID_KIND, d.street1.id);
    const [event] = await rows<{ id: string }>(d.db, "SELECT id FROM notification_events WHERE district_id = ? AND kind = ? ORDER BY created_at DESC LIMIT 1", d.code, objectionReceived.name);
    await deliverEvent({ env: testEnv, data: await dataOf(d.code), now: nowIso(), fetcher: fetch }, event!.id);
    const channels = async (userId: string) =>
      (await rows<{ channel: string }>(d.db, "SELECT channel FROM notification_deliveries WHERE district_id = ? AND event_id = ? AND user_id = ? ORDER BY channel", d.code, event!.id, userId)).map((r) => r.channel);
    expect(await channels(d.street1.id)).toEqual(["inbox"]);
    expect(await channels(d.admin.id)).toEqual(["email", "inbox"]);
  });
});
