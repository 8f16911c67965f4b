import { describe, expect, it } from "vitest";
import { notify } from "../../src/core/module-contract";
import { deliverEvent, quietHoursEnd } from "../../src/notifications/deliver";
import { notificationKinds, render } from "../../src/notifications/kinds";
import { testMessage } from "../../src/notifications/core-kinds";
import { dispatchOutbox, publish } from "../../src/notifications/publish";
import { bidReturned, bidSubmitted } from "../../src/modules/projects/notifications";
import { districtWith } from "../fixtures/district";
import { consume, dataOf, recordingQueue, rows } from "./helpers";

const CJK = /[\u4e00-\u9fff]/;

describe("notification kinds", () => {
  it("every kind of every module renders in Chinese and English, each placeholder a declared parameter", () => {
    const kinds = [...notificationKinds().values()];
    expect(kinds.length).toBeGreaterThanOrEqual(4);
    for (const kind of kinds) {
      expect(kind.name.split(".").length, kind.name).toBe(2);
      expect(Object.keys(kind.example).sort(), kind.name).toEqual([...kind.params].sort());
      for (const template of [...kind.title, ...kind.body, kind.link ?? ""]) {
        for (const [, name] of template.matchAll(/\{(\w+)\}/g)) expect(kind.params, `${kind.name}: {${name}}`).toContain(name);
      }
      const zh = render(kind, "zh-CN", kind.example);
      const en = render(kind, "en", kind.example);
      for (const text of [zh.title, zh.body, en.title, en.body]) {
        expect(text.length, kind.name).toBeGreaterThan(3);
        expect(text, kind.name).not.toMatch(/\{\w+\}/);
      }
      expect(zh.title, kind.name).toMatch(CJK);
      // English text carries Chinese only inside the example's names.
      const names = Object.values(kind.example).join("");
      expect(
        [...`${en.title}${en.body}`].filter((ch) => CJK.test(ch) && !names.includes(ch)),
        kind.name,
      ).toEqual([]);
    }
  });

  it("refuses a message missing one of its kind's parameters", async () => {
    await districtWith("150920");
    const data = await dataOf("150920");
    expect(() => notify(data, bidReturned, { to: "x", params: { bid: "b" } as never, target: { type: "project_bid", id: "x" } })).toThrow(/call/);
  });
});

describe("outbox and recipients", () => {
  it("a change that rolled back leaves no event and sends nothing; a committed one is delivered to its recipients", async () => {
    const d = await districtWith("150921", {
      organizations: 2,
      people: {
        admin: "district_admin",
        staff1: { role: "subdistrict_staff", area: "001" },
        staff2: { role: "subdistrict_staff", area: "002" },
        member1: { role: "org_member", organization: 0 },
        member2: { role: "org_member", organization: 0 },
        other: { role: "org_member", organization: 1 },
      },
    });
    const data = await dataOf(d.code, { id: d.admin.id, role: "district_admin", requestId: "req-rollback" });
    const params = { bid: "助餐服务", call: "公益创投", bidId: "b1" };
    const event = notify(data, bidReturned, { to: d.orgIds[0]!, params, target: { type: "project_bid", id: "b1" } });
    const failing = data.guard(data.selectFrom("organizations").select("id").where("id", "=", "no-such-organization"));
    await expect(data.write([event, failing], { action: "test.change", targetType: "test" })).rejects.toMatchObject({ status: 409 });
    expect(await rows(d.db, "SELECT id FROM notification_events WHERE district_id = ?", d.code)).toEqual([]);
    // The id was handed over before the batch failed: the consumer finds nothing and sends nothing.
    const { sent, env } = recordingQueue();
    const { takeEmitted } = await import("../../src/notifications/emit");
    const emitted = takeEmitted("req-rollback")!;
    await publish(env, emitted.district, emitted.events);
    expect(sent).toEqual([{ district: d.code, event: emitted.events[0] }]);
    let calls = 0;
    const result = await consume(sent, async () => {
      calls += 1;
      return new Response("{}");
    });
    expect(result.acks).toHaveLength(1);
    expect(calls).toBe(0);
    expect(await rows(d.db, "SELECT id FROM notification_deliveries WHERE district_id = ?", d.code)).toEqual([]);

    // Committed: the organization's two members, not the other organization's.
    await data.write([notify(data, bidReturned, { to: d.orgIds[0]!, params, target: { type: "project_bid", id: "b1" } })], { action: "test.change", targetType: "test" });
    // Staff whose scope covers sub-district 001, and the district-wide admin.
    await data.write([notify(data, bidSubmitted, { to: `${d.code}001001`, params: { ...params, organization: "阳光" }, target: { type: "project_bid", id: "b1" } })], { action: "test.change", targetType: "test" });
    const events = await rows<{ id: string; kind: string }>(d.db, "SELECT id, kind FROM notification_events WHERE district_id = ? ORDER BY kind", d.code);
    expect(events.map((e) => e.kind)).toEqual(["projects.bid_returned", "projects.bid_submitted"]);
    const answer = await consume(
      events.map((e) => ({ district: d.code, event: e.id })),
      async () => new Response("{}"),
    );
    expect(answer.acks).toHaveLength(2);
    const inbox = await rows<{ kind: string; user_id: string }>(
      d.db,
      "SELECT e.kind, n.user_id FROM notification_deliveries n JOIN notification_events e ON e.district_id = n.district_id AND e.id = n.event_id WHERE n.district_id = ? AND n.channel = 'inbox' ORDER BY e.kind, n.user_id",
      d.code,
    );
    expect(inbox.filter((r) => r.kind === "projects.bid_returned").map((r) => r.user_id)).toEqual([d.member1.id, d.member2.id].sort());
    expect(inbox.filter((r) => r.kind === "projects.bid_submitted").map((r) => r.user_id)).toEqual([d.admin.id, d.staff1.id].sort());
  });

  it("events emitted by a job, or whose hand-over failed, reach the queue through the dispatch job", async () => {
    const d = await districtWith("150922", { people: { admin: "district_admin" } });
    const data = await dataOf(d.code, { id: null, role: "system", requestId: "cron:test" });
    await data.write([notify(data, testMessage, { to: d.admin.id, params: { district: "测试区" }, target: { type: "user", id: d.admin.id } })], { action: "test.change", targetType: "test" });
    const { sent, env } = recordingQueue();
    expect(await dispatchOutbox(env, data, new Date().toISOString())).toBe(1);
    expect(Object.keys(sent[0]!).sort()).toEqual(["district", "event"]);
    await consume(sent, async () => new Response("{}"));
    // Delivered: nothing left for the next run.
    expect(await dispatchOutbox(env, data, new Date().toISOString())).toBe(0);
    expect((await deliverEvent({ env, data, now: new Date().toISOString(), fetcher: fetch }, sent[0]!.event)).found).toBe(true);
  });
});

describe("quiet hours", () => {
  it("hold non-urgent SMS from 21:00 to 08:00 Beijing time", () => {
    expect(quietHoursEnd("2026-03-02T12:59:00Z")).toBeNull(); // 20:59
    expect(quietHoursEnd("2026-03-02T13:00:00Z")).toBe("2026-03-03T00:00:00.000Z"); // 21:00 → 08:00 next day
    expect(quietHoursEnd("2026-03-02T23:30:00Z")).toBe("2026-03-03T00:00:00.000Z"); // 07:30 → 08:00
    expect(quietHoursEnd("2026-03-03T00:00:00Z")).toBeNull(); // 08:00
  });
});
