import { describe, expect, it } from "vitest";
import { plans, recordedBrowser, type Recording } from "../fixtures/recording-shard";
import { districtWith } from "../fixtures/district";
import { POSTS_CAST } from "../posts/fixtures";

// The meetings list is cut to the newest 300 within the viewer's areas by SQLite. Cutting
// the whole district's newest 300 first and filtering them afterwards hid a 街道's own
// meetings behind other 街道's newer ones.

const A = await districtWith("170381", POSTS_CAST);
const B = await districtWith("170382", { ...POSTS_CAST, shard: "DISTRICTS_1" });

const insert = A.db.prepare(
  `INSERT INTO linkage_meetings (district_id, id, area_code, title, held_on, agenda, created_at, updated_at)
   VALUES (?, ?, ?, ?, ?, '议程', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`,
);
const day = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
await A.db.batch([insert.bind(A.code, "own-meeting", `${A.code}001001`, "第一街道自己的联席会议", "2025-06-01"), ...Array.from({ length: 310 }, (_, i) => insert.bind(A.code, `other-${i}`, `${A.code}002`, `第二街道联席会议${i}`, day(i)))]);

describe("meetings list within the viewer's areas", () => {
  it("keeps a 街道's own meeting behind 300 newer ones of another 街道, through an index", async () => {
    const recording: Recording = { statements: [], trips: [] };
    const res = await recordedBrowser(recording, A.sub.b).fetch(A.path("/linkage/meetings"));
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain("第一街道自己的联席会议");
    expect(html).not.toContain("第二街道联席会议");
    const listing = recording.statements.filter((s) => /from "linkage_meetings"/.test(s.sql) && /order by "held_on" desc/.test(s.sql));
    expect(listing).toHaveLength(1);
    const detail = (await plans(listing)).map((p) => p.detail);
    expect(detail.some((d) => /USING (COVERING )?INDEX linkage_meetings_/.test(d))).toBe(true);
    expect(detail.filter((d) => /^SCAN linkage_meetings\b|TEMP B-TREE/.test(d))).toEqual([]);
  });

  it("shows a community its own only, and district staff the newest 300 of all", async () => {
    const community = await (await A.community.b.fetch(A.path("/linkage/meetings"))).text();
    expect(community).toContain("第一街道自己的联席会议");
    expect(community).not.toContain("第二街道联席会议");
    const all = await (await A.admin.b.fetch(A.path("/linkage/meetings"))).text();
    expect(all).toContain(`第二街道联席会议309<`);
    expect(all).toContain(`第二街道联席会议10<`);
    expect(all).not.toContain(`第二街道联席会议9<`);
    expect(all).not.toContain("第一街道自己的联席会议");
  });

  it("answers another district's staff with nothing of this one", async () => {
    const res = await B.admin.b.fetch(A.path("/linkage/meetings"));
    expect(res.status).toBe(404);
  });
});
