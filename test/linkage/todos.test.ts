import { describe, expect, it } from "vitest";
import { districtWith } from "../fixtures/district";
import { POSTS_CAST } from "../posts/fixtures";

// Community staff's to-do page: residents' needs waiting for an answer (the deadline,
// marked overdue once past) and joint meetings' open action items, each only within the
// person's areas (a community, its 街道, the district), linking to where it is done;
// answered needs and closed actions leave the list; another district sees none of them.

const A = await districtWith("170341", POSTS_CAST);
const B = await districtWith("170342", { ...POSTS_CAST, shard: "DISTRICTS_1" });
const C1 = `${A.code}001001`;
const C3 = `${A.code}002001`;
const run = (sql: string, ...values: (string | null)[]) =>
  A.db
    .prepare(sql)
    .bind(...values)
    .run();
const need = (id: string, community: string, status: string, due: string) =>
  run(
    "INSERT INTO linkage_needs (district_id, id, receipt_code, community_code, category, description, source, status, priority, due_on, received_at, created_at, updated_at) VALUES (?, ?, ?, ?, 'elderly', '助餐', 'visit', ?, 'normal', ?, '2026-01-02T02:00:00Z', '2026-01-02T02:00:00Z', '2026-01-02T02:00:00Z')",
    A.code,
    id,
    `RC${id}00000`.slice(0, 8),
    community,
    status,
    due,
  );
await need("n1", C1, "received", "2026-01-09"); // in the first community, past its deadline
await need("n2", C3, "received", "2999-01-09"); // in the other 街道
await need("n3", C1, "accepted", "2026-01-09"); // answered already
const meeting = (id: string, area: string | null, title: string) =>
  run("INSERT INTO linkage_meetings (district_id, id, area_code, title, held_on, agenda, created_at, updated_at) VALUES (?, ?, ?, ?, '2026-01-05', '议程', 'x', 'x')", A.code, id, area, title);
const action = (id: string, meetingId: string, title: string, status: string, due: string) =>
  run(
    "INSERT INTO linkage_actions (district_id, id, meeting_id, title, owner_kind, owner_name, due_on, status, done_on, created_at, updated_at) VALUES (?, ?, ?, ?, 'person', '王', ?, ?, ?, 'x', 'x')",
    A.code,
    id,
    meetingId,
    title,
    due,
    status,
    status === "done" ? due : null,
  );
await meeting("m1", C1, "和平路社区议事会");
await meeting("m2", null, "区三社联动联席会议");
await action("a1", "m1", "助餐点选址", "open", "2026-01-20");
await action("a2", "m1", "已办结的事项", "done", "2026-01-20");
await action("a3", "m2", "全区社工站布点", "open", "2999-12-31");

const todo = async (who: { b: { fetch(p: string): Promise<Response> } }, d = A) => (await who.b.fetch(d.path("/todo?lang=zh-CN"))).text();

describe("linkage to-dos", () => {
  it("lists a community's waiting needs and open actions, overdue marked, linking to where each is done", async () => {
    const page = await todo(A.community);
    expect(page).toContain("待答复的居民需求");
    expect(page).toContain(`${A.path("/linkage/needs/n1")}`);
    expect(page).not.toContain("/linkage/needs/n2"); // another 街道's
    expect(page).not.toContain("/linkage/needs/n3"); // answered
    expect(page).toContain("联席会议事项（和平路社区议事会）");
    expect(page).toContain("助餐点选址");
    expect(page).toContain(A.path("/linkage/meetings/m1"));
    expect(page).not.toContain("已办结的事项");
    expect(page).not.toContain("全区社工站布点"); // a district meeting's action
    expect(page).toMatch(/class="overdue"[^<]*<\/strong> · [^<]*2026-01-09/); // the need past its deadline
    expect(page).not.toContain("linkage.");
    const en = await (await A.community.b.fetch(A.path("/todo?lang=en"))).text();
    expect(en).toContain("Resident&#39;s need to answer");
    expect(en).toContain("Care for older people");
  });

  it("gives district-wide staff every area's, and another district none", async () => {
    const page = await todo(A.admin);
    for (const item of ["/linkage/needs/n1", "/linkage/needs/n2", "全区社工站布点", "助餐点选址"]) expect(page).toContain(item);
    const other = await todo(B.admin, B);
    expect(other).not.toContain("助餐点选址");
    expect(other).not.toContain("/linkage/needs/n1");
  });
});
