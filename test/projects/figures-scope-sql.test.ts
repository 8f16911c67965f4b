import { describe, expect, it } from "vitest";
import { DistrictData } from "../../src/data/district-data";
import { findDistrict, shardDatabase } from "../../src/district-lookup/district-registry";
import { projectFigures } from "../../src/modules/projects/domain/figures";
import { testEnv } from "../helpers";
import { projectWorld, submittedBid } from "./fixtures";

// A 街道's or community's project figures cover every funded project delivered there,
// however many newer ones the rest of the district has: the viewer's areas are a
// condition of the query, not a filter over the district's newest 1,000 projects.
// Here 1,010 newer contracts are delivered in 街道 002 and 3 older ones in 街道 001.

const w = await projectWorld("170396");
const { callId, bidId } = await submittedBid(w);
const N = 1013;
const S = `WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < ${N})`;

/** Copies one row of `table` for n = 1..N, with the columns given replaced by SQL of n. */
async function copies(table: string, id: string, set: Record<string, string>) {
  const columns = (await w.db.prepare(`SELECT name FROM pragma_table_info('${table}')`).all<{ name: string }>()).results.map((c) => c.name);
  await w.db
    .prepare(`INSERT INTO ${table} (${columns.join(", ")}) ${S} SELECT ${columns.map((c) => set[c] ?? c).join(", ")} FROM ${table}, s WHERE district_id = ? AND id = ?`)
    .bind(w.code, id)
    .run();
}
await copies("project_calls", callId, { id: "'call-' || n" });
await copies("project_bids", bidId, { id: "'bid-' || n", call_id: "'call-' || n", community_code: `'${w.code}' || CASE WHEN n <= 3 THEN '001001' ELSE '002001' END`, status: "'awarded'" });
await w.db
  .prepare(
    `INSERT INTO project_contracts (district_id, id, bid_id, amount_yuan, starts_on, ends_on, deliverables, status, created_at, updated_at)
     ${S} SELECT ?, 'c-' || n, 'bid-' || n, 1000, date('2025-01-01', '+' || n || ' days'), '2028-12-31', 'x', 'signed', 'x', 'x' FROM s`,
  )
  .bind(w.code)
  .run();

const figures = async (scope: readonly string[]) => {
  const district = (await findDistrict(testEnv, w.code))!;
  const data = new DistrictData(district, shardDatabase(testEnv, district.shard), { id: null, role: "system", requestId: "test" });
  return projectFigures(data, "zh-CN", (code) => code ?? "", scope);
};

describe("project figures of an area with many newer projects elsewhere", () => {
  it("count the area's older projects", async () => {
    const street = await figures([`${w.code}001`]);
    expect(street.leads.projects).toBe(3);
    expect(street.bySubdistrict.map((r) => [r.label, r.projects, r.amountYuan])).toEqual([[`${w.code}001`, 3, 3000]]);
    expect((await figures([`${w.code}001001`])).leads.projects).toBe(3);
    expect((await figures([`${w.code}001002`])).leads.projects).toBe(0);
  });

  it("show them on the 街道 staff's figures page", async () => {
    const html = await (await w.sub.b.fetch(`/d/${w.code}/projects/figures?lang=zh-CN`)).text();
    expect(html).toContain("3,000");
  });
});
