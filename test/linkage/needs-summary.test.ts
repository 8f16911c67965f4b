import { describe, expect, it } from "vitest";
import { beijingDate, workingDaysBetween } from "../../src/lib/beijing-time";
import { Browser } from "../helpers";
import { districtWith } from "../fixtures/district";

// The public needs summary of a community and its open-data file: counts by category,
// the answered share and the median working days to an answer, with merged needs not
// counted twice and nothing of a need's content or its resident ever shown.

const A = await districtWith("170311");
const B = await districtWith("170312", { shard: "DISTRICTS_1" });
const COMMUNITY = `${A.code}001001`;

let n = 0;
async function need(category: string, status: string, received: string, answered: string | null, community = COMMUNITY) {
  n += 1;
  await A.db
    .prepare(
      `INSERT INTO linkage_needs (district_id, id, receipt_code, community_code, category, description, location, source, resident_name, phone, phone_lookup, r2_key, photo_type, status, priority, answer, merged_into, due_on, overdue, received_at, answered_at, answer_working_days, answered_by, entered_by, version, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, '', 'online', ?, NULL, NULL, NULL, NULL, ?, ?, ?, ?, '2026-11-09', 0, ?, ?, ?, NULL, NULL, 1, ?, ?)`,
    )
    .bind(
      A.code,
      `need-${n}`,
      `RCPT${String(n).padStart(4, "2")}`,
      community,
      category,
      `秘密描述${n}`,
      `张三${n}`,
      status,
      status === "accepted" ? "normal" : null,
      answered ? `答复内容${n}` : "",
      status === "merged" ? "need-1" : null,
      received,
      answered,
      // As answering a need stores it: working days between the Beijing dates.
      answered ? workingDaysBetween(beijingDate(received), beijingDate(answered)) : null,
      received,
      received,
    )
    .run();
}

// Monday 2 November 2026, 10:00 Beijing time; answers two and five working days later.
await need("facilities", "solved", "2026-11-02T02:00:00.000Z", "2026-11-04T03:00:00.000Z");
await need("facilities", "accepted", "2026-11-02T02:00:00.000Z", "2026-11-09T03:00:00.000Z");
await need("facilities", "received", "2026-11-05T02:00:00.000Z", null);
await need("facilities", "merged", "2026-11-05T02:00:00.000Z", null);
await need("safety", "declined", "2026-11-06T02:00:00.000Z", "2026-11-09T01:00:00.000Z");
await need("elderly", "received", "2026-11-06T02:00:00.000Z", null, `${A.code}001002`);

describe("a community's public needs summary", () => {
  it("counts by category with the answered share and the median working days, in both languages", async () => {
    const res = await new Browser().fetch(A.path("/n/001001/summary"));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("居民需求概况");
    expect(html).toMatch(/设施维修<\/th><td[^>]*class="num">3<\/td><td[^>]*class="num">2<\/td><td[^>]*class="num">67%<\/td><td[^>]*class="num">3.5 个工作日<\/td>/);
    expect(html).toMatch(/<strong>合计<\/strong><\/th><td[^>]*class="num">4<\/td><td[^>]*class="num">3<\/td><td[^>]*class="num">75%<\/td><td[^>]*class="num">2 个工作日<\/td>/);
    expect(html).not.toContain("养老"); // another community's need
    expect(html).not.toContain("秘密描述");
    expect(html).not.toContain("张三");
    expect(html).not.toContain("答复内容");
    expect(await (await new Browser().fetch(A.path("/n/001001"))).text()).toContain(`href="/d/${A.code}/n/001001/summary"`);
    const en = await (await new Browser().fetch(A.path("/n/001001/summary?lang=en"))).text();
    expect(en).toContain("Time to answer (median)");
    const empty = await (await new Browser().fetch(A.path("/n/002001/summary"))).text();
    expect(empty).toContain("本社区还没有收到居民需求。");
  });

  it("publishes every community's counts as open data, without content or personal data", async () => {
    const res = await new Browser().fetch(A.path("/open-data/v1/community-needs.csv"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    const lines = (await res.text())
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines[0]).toBe("community_code,community_name,category,received,answered,answered_share_percent,median_working_days_to_answer");
    // By community code, then category code: the order of the index the rows are read from.
    const rows = [`${A.code}001001,第1街道 · 第1街道第1社区,facilities,3,2,67,3.5`, `${A.code}001001,第1街道 · 第1街道第1社区,safety,1,1,100,1`, `${A.code}001002,第1街道 · 第1街道第2社区,elderly,1,0,0,`];
    expect(lines.slice(1)).toEqual(rows);
    expect(res.headers.get("link")).toBe(`<https://sanshe.test/d/${A.code}/open-data#community-needs>; rel="describedby"`);
    // A page at a time: the next page linked until the last, the fields documented on /open-data.
    const first = await new Browser().fetch(A.path("/open-data/v1/community-needs.csv?limit=2"));
    expect(first.headers.get("link")).toBe(`<https://sanshe.test/d/${A.code}/open-data#community-needs>; rel="describedby", <https://sanshe.test/d/${A.code}/open-data/v1/community-needs.csv?page=2&limit=2>; rel="next"`);
    expect((await first.text()).trim().split("\r\n").slice(1)).toEqual(rows.slice(0, 2));
    const second = await new Browser().fetch(A.path("/open-data/v1/community-needs.json?page=2&limit=2"));
    const json = (await second.json()) as { count: number; page: number; next: string | null; records: { community_code: string; category: string; median_working_days_to_answer: number | null }[] };
    expect(json).toMatchObject({ count: 3, page: 2, next: null, records: [{ community_code: `${A.code}001002`, category: "elderly", median_working_days_to_answer: null }] });
    expect(second.headers.get("link")).not.toContain('rel="next"');
    expect((await new Browser().fetch(A.path("/open-data/v1/community-needs.csv?page=3&limit=2"))).status).toBe(404);
    expect((await new Browser().fetch(A.path("/open-data/v1/community-needs.csv"), { headers: { "if-none-match": res.headers.get("etag")! } })).status).toBe(304);
    const tooMany = await new Browser().fetch(A.path("/open-data/v1/community-needs.csv?limit=1001"));
    expect(tooMany.status).toBe(422);
    expect(tooMany.headers.get("content-type")).toContain("application/problem+json");
    expect(JSON.stringify(await tooMany.json())).toContain("limit");
    const doc = await (await new Browser().fetch(A.path("/open-data"))).text();
    expect(doc).toContain('id="community-needs"');
    expect(doc).toContain("<code>median_working_days_to_answer</code>");
    expect(doc).toContain("每页最多 1000 条");
  });

  it("shows another district only its own communities, and 404 for an unknown community", async () => {
    expect((await new Browser().fetch(B.path("/n/001001/summary"))).status).toBe(200);
    expect(await (await new Browser().fetch(B.path("/n/001001/summary"))).text()).toContain("本社区还没有收到居民需求。");
    expect(await (await new Browser().fetch(B.path("/open-data/v1/community-needs.csv"))).text()).not.toContain(A.code);
    expect((await new Browser().fetch(A.path("/n/009009/summary"))).status).toBe(404);
  });
});
