import { describe, expect, it } from "vitest";
import { DistrictData } from "../../src/data/district-data";
import { findDistrict } from "../../src/district-lookup/district-registry";
import { askForRatings } from "../../src/modules/linkage/need-projects";
import { countRows, testEnv } from "../helpers";
import { projectWorld, submittedBid } from "../projects/fixtures";

// The daily rating requests pair needs with the completed projects answering them in SQL,
// leaving out the pairs already told or rated. Reading the first 2,000 needs and pairing
// them in the Worker left every need after those unasked once the first ones were told.

const A = await projectWorld("170393");
const N = 2100;
const TOLD = 2050;
const { callId, bidId } = await submittedBid(A);
const S = `WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < ${N})`;
const need = (id: string, status: string, merged: string | null) =>
  A.db
    .prepare(
      `INSERT INTO linkage_needs (district_id, id, receipt_code, community_code, category, description, source, status, priority, answer, merged_into, phone, due_on, received_at, resident_name, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'elderly', '助餐', 'visit', ?, 'normal', '已处理', ?, '13912340099', '2026-07-09', '2026-07-02T02:00:00Z', '', '2026-07-02T02:00:00Z', '2026-07-02T02:00:00Z')`,
    )
    .bind(A.code, id, `R${id.toUpperCase()}`, `${A.code}001001`, status, merged);
await A.db.batch([
  A.db
    .prepare(
      `INSERT INTO linkage_needs (district_id, id, receipt_code, community_code, category, description, source, status, priority, answer, phone, due_on, received_at, resident_name, created_at, updated_at)
       ${S} SELECT ?, 'n-' || n, 'RN' || n, ?, 'elderly', '助餐', 'visit', 'solved', 'normal', '已处理', '13912340001', '2026-07-09', '2026-07-02T02:00:00Z', '', '2026-07-02T02:00:00Z', '2026-07-02T02:00:00Z' FROM s`,
    )
    .bind(A.code, `${A.code}001001`),
  need("merged", "merged", "n-1"),
  need("rated", "solved", null),
  need("declined", "declined", null),
  A.db.prepare(`INSERT INTO project_call_needs (district_id, call_id, need_id, cited_at) ${S} SELECT ?, ?, 'n-' || n, 'x' FROM s`).bind(A.code, callId),
  A.db.prepare("INSERT INTO project_call_needs (district_id, call_id, need_id, cited_at) VALUES (?, ?, 'rated', 'x'), (?, ?, 'declined', 'x')").bind(A.code, callId, A.code, callId),
  A.db
    .prepare("INSERT INTO project_contracts (district_id, id, bid_id, amount_yuan, starts_on, ends_on, deliverables, status, created_at, updated_at) VALUES (?, 'c1', ?, 88000, '2026-01-01', '2026-06-30', '探访', 'completed', 'x', 'x')")
    .bind(A.code, bidId),
  A.db.prepare(`INSERT INTO linkage_need_project_notices (district_id, need_id, contract_id, sent_at) ${S} SELECT ?, 'n-' || n, 'c1', 'x' FROM s WHERE n <= ${TOLD}`).bind(A.code),
  A.db.prepare("INSERT INTO linkage_need_ratings (district_id, need_id, contract_id, rating, rated_at) VALUES (?, 'rated', 'c1', 5, 'x')").bind(A.code),
]);

describe("rating requests paired in SQL", () => {
  it("reach the needs after the first 2,000 told, a merged need through the one it joined, and none rated or declined; once", async () => {
    const data = new DistrictData((await findDistrict(testEnv, A.code))!, A.db);
    expect(await askForRatings(data, testEnv.PERSONAL_DATA_KEY, "2026-07-03T17:00:00.000Z")).toBe(N - TOLD + 1);
    const told = (id: string) => countRows(A.db, "linkage_need_project_notices", "district_id = ? AND need_id = ?", A.code, id);
    expect(await told("merged")).toBe(1);
    expect(await told(`n-${N}`)).toBe(1);
    expect(await told("rated")).toBe(0);
    expect(await told("declined")).toBe(0);
    expect(await countRows(A.db, "notification_events", "district_id = ? AND kind = 'linkage.need_project_ended'", A.code)).toBe(N - TOLD + 1);
    expect(await askForRatings(data, testEnv.PERSONAL_DATA_KEY, "2026-07-04T17:00:00.000Z")).toBe(0);
  });
});
