import { describe, expect, it, vi } from "vitest";
import { DistrictData } from "../../src/data/district-data";
import { findDistrict } from "../../src/district-lookup/district-registry";
import { lastQuarters } from "../../src/modules/linkage/dashboard";
import { runningProjects } from "../../src/modules/projects";
import { plans, recordingShard, type Recording } from "../fixtures/recording-shard";
import { districtWith } from "../fixtures/district";
import { testEnv } from "../helpers";
import { projectWorld, submittedBid } from "../projects/fixtures";

// The dashboard's project figures (projects running in each quarter per community, what
// was paid on them and residents' ratings of them) are counted by SQLite. Reading the
// projects themselves stopped at the newest 1,000, so a district with more lost its older
// ones from the trend. 1,400 contracts here, made from one real bid by SQL, are checked
// against the formulas that made them.

vi.useFakeTimers({ toFake: ["Date"], now: Date.parse("2026-11-16T02:00:00Z") });

const A = await projectWorld("170391");
const B = await districtWith("170392", { people: { admin: "district_admin" }, shard: "DISTRICTS_1" });
const N = 1400;
const communities = [`${A.code}001001`, `${A.code}001002`, `${A.code}002001`];
const { callId, bidId } = await submittedBid(A);

/** Copies one row of `table` for n = 1..N, with the columns given replaced by SQL of n. */
async function copies(table: string, id: string, set: Record<string, string>) {
  const columns = (await A.db.prepare(`SELECT name FROM pragma_table_info('${table}')`).all<{ name: string }>()).results.map((c) => c.name);
  await A.db
    .prepare(
      `INSERT INTO ${table} (${columns.join(", ")}) WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < ${N})
       SELECT ${columns.map((c) => set[c] ?? c).join(", ")} FROM ${table}, s WHERE district_id = ? AND id = ?`,
    )
    .bind(A.code, id)
    .run();
}
const community = `CASE WHEN n % 10 = 0 THEN NULL ELSE '${A.code}' || CASE n % 3 WHEN 0 THEN '001001' WHEN 1 THEN '001002' ELSE '002001' END END`;
await copies("project_calls", callId, { id: "'call-' || n" });
await copies("project_bids", bidId, { id: "'bid-' || n", call_id: "'call-' || n", community_code: community, status: "'awarded'" });
await A.db
  .prepare(
    `INSERT INTO project_contracts (district_id, id, bid_id, amount_yuan, starts_on, ends_on, deliverables, status, created_at, updated_at)
     WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < ${N})
     SELECT ?, 'c-' || n, 'bid-' || n, 1000, date('2026-01-01', '+' || (n % 300) || ' days'), date('2026-01-01', '+' || (n % 300 + n % 90 + 1) || ' days'), 'x',
       CASE n % 4 WHEN 0 THEN 'pending' WHEN 1 THEN 'signed' WHEN 2 THEN 'completed' ELSE 'terminated' END, 'x', 'x' FROM s`,
  )
  .bind(A.code)
  .run();
const S = `WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < ${N})`;
const instalment = (seq: number, amount: string, status: string, where: string) =>
  A.db.prepare(`INSERT INTO project_instalments (district_id, contract_id, seq, share_percent, amount_yuan, gate, status) ${S} SELECT ?, 'c-' || n, ${seq}, 50, ${amount}, 'signing', '${status}' FROM s WHERE ${where}`).bind(A.code);
const rating = (key: string, value: string, where: string) =>
  A.db.prepare(`INSERT INTO project_feedback (district_id, id, contract_id, rating, respondent_key, created_at) ${S} SELECT ?, '${key}-' || n, 'c-' || n, ${value}, '${key}', 'x' FROM s WHERE ${where}`).bind(A.code);
await A.db.batch([instalment(1, "n", "paid", "n % 2 = 0"), instalment(2, "7", "due", "1"), rating("a", "n % 5 + 1", "n % 3 = 0"), rating("b", "5", "n % 6 = 0")]);

/** The figures worked out from the formulas above, contract by contract. */
function expected(from: string, to: string) {
  const out = new Map<string, { projects: number; paidYuan: number; rated: number; satisfied: number }>();
  const day = (k: number) => new Date(Date.UTC(2026, 0, 1 + k)).toISOString().slice(0, 10);
  for (let n = 1; n <= N; n++) {
    if (n % 10 === 0 || n % 4 === 0 || day(n % 300) > to || day((n % 300) + (n % 90) + 1) < from) continue;
    const code = communities[n % 3]!;
    const r = out.get(code) ?? { projects: 0, paidYuan: 0, rated: 0, satisfied: 0 };
    out.set(code, r);
    const ratings = [...(n % 3 === 0 ? [(n % 5) + 1] : []), ...(n % 6 === 0 ? [5] : [])];
    r.projects++;
    r.paidYuan += n % 2 === 0 ? n : 0;
    r.rated += ratings.length;
    r.satisfied += ratings.filter((x) => x >= 4).length;
  }
  return out;
}

const quarters = lastQuarters("2026-11-16");

describe("dashboard project figures counted by SQLite", () => {
  it("equal counting each contract for every quarter, in one round trip through indexes", async () => {
    const recording: Recording = { statements: [], trips: [] };
    const data = new DistrictData((await findDistrict(testEnv, A.code))!, recordingShard(recording, A.db));
    const got = await runningProjects(data, quarters);
    expect(got.map((m) => Object.fromEntries(m))).toEqual(quarters.map((q) => Object.fromEntries(expected(q.from, q.to))));
    // More funded projects than the 1,000 the page used to read.
    const funded = await A.db.prepare("SELECT count(*) AS n FROM project_contracts WHERE district_id = ? AND status <> 'pending'").bind(A.code).first<{ n: number }>();
    expect(funded!.n).toBeGreaterThan(1000);
    expect(recording.trips).toEqual(["batch of 4"]);
    const scans = (await plans(recording.statements)).filter((p) => /^SCAN (?!CONSTANT ROW)/.test(p.detail));
    expect(scans).toEqual([]);
  });

  it("show on the dashboard's trend for the oldest quarter too", async () => {
    const page = await (await A.admin.b.fetch(A.path("/linkage/dashboard"))).text();
    const q1 = new RegExp(`scope="row">${quarters[0]!.label}</th>(.*?)</tr>`).exec(page)![1]!;
    const total = [...expected(quarters[0]!.from, quarters[0]!.to).values()].reduce((s, r) => s + r.projects, 0);
    expect(total).toBeGreaterThan(0);
    expect([...q1.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].at(-1)![1]).toBe(String(total));
    // Another district's staff reach none of it.
    expect((await B.admin.b.fetch(A.path("/linkage/dashboard"))).status).toBe(404);
  });
});
