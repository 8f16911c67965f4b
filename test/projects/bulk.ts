import { projectWorld, submittedBid, type ProjectWorld } from "./fixtures";

// Many funded projects in one district, made by SQL from one real bid so that a test can
// pass the 1,000 the pages once read. Project n (1..n) follows fixed formulas that the
// tests work their expectations out from: it starts n days after 2020-01-01 (so a higher
// n is newer), a quarter of the contracts are unsigned, and its category, 街道, payments,
// ratings, service records and lead worker vary with n.

export const STATUS = (n: number) => (["pending", "signed", "completed", "terminated"] as const)[n % 4]!;
export const COMMUNITIES = ["001001", "001002", "002001"] as const;

export interface BulkProject {
  n: number;
  id: string;
  title: string;
  category: "a" | "b";
  /** The six-digit tail of the community code, or null (no community). */
  community: string | null;
  amountYuan: number;
  paidYuan: number;
  target: number;
  ratings: number[];
  records: number;
  reached: number;
  certifiedLead: boolean;
}

/** What the formulas below make of project n. */
export function bulkProject(n: number): BulkProject {
  return {
    n,
    id: `c-${String(n).padStart(5, "0")}`,
    title: `批量项目${n}号`,
    category: n % 2 ? "a" : "b",
    community: n % 10 === 0 ? null : COMMUNITIES[n % 3]!,
    amountYuan: 1000 + n,
    paidYuan: n % 2 === 0 ? n : 0,
    target: 10 + (n % 7),
    ratings: [...(n % 3 === 0 ? [(n % 5) + 1] : []), ...(n % 6 === 0 ? [5] : [])],
    records: n % 5 === 0 ? 1 : 0,
    reached: n % 5 === 0 ? n % 11 : 0,
    certifiedLead: n % 2 === 1,
  };
}

/** A project world with `count` contracts made by the formulas; returns the second category's id. */
export async function bulkWorld(code: string, count: number): Promise<ProjectWorld & { categoryB: string }> {
  const w = await projectWorld(code);
  const { callId, bidId } = await submittedBid(w);
  const db = w.db;
  const S = `WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < ${count})`;
  /** Copies one row of `table` for each n, with the columns given replaced by SQL of n. */
  const copies = async (table: string, key: string, id: string, set: Record<string, string>, where = "1") => {
    const columns = (await db.prepare(`SELECT name FROM pragma_table_info('${table}')`).all<{ name: string }>()).results.map((c) => c.name);
    return db.prepare(`INSERT INTO ${table} (${columns.join(", ")}) ${S} SELECT ${columns.map((c) => set[c] ?? c).join(", ")} FROM ${table}, s WHERE district_id = ? AND ${key} = ? AND ${where}`).bind(code, id);
  };
  const categoryB = "cat-b";
  await db.batch([await copies("project_categories", "id", w.categoryId, { id: `'${categoryB}'`, name_zh: "'助残服务'", name_en: "'Disability services'" }, "n = 1"), await copies("project_calls", "id", callId, { id: "'call-' || n" })]);
  const community = `CASE WHEN n % 10 = 0 THEN NULL ELSE '${code}' || CASE n % 3 WHEN 0 THEN '001001' WHEN 1 THEN '001002' ELSE '002001' END END`;
  const id = "'c-' || substr('0000' || n, -5)";
  await db.batch([
    await copies("project_bids", "id", bidId, {
      id: "'bid-' || n",
      call_id: "'call-' || n",
      title: "'批量项目' || n || '号'",
      community_code: community,
      category_id: `CASE n % 2 WHEN 1 THEN '${w.categoryId}' ELSE '${categoryB}' END`,
      beneficiaries: "10 + n % 7",
      status: "'awarded'",
    }),
    db
      .prepare(
        `INSERT INTO project_contracts (district_id, id, bid_id, amount_yuan, starts_on, ends_on, deliverables, status, created_at, updated_at) ${S}
         SELECT ?, ${id}, 'bid-' || n, 1000 + n, date('2020-01-01', '+' || n || ' days'), date('2020-01-01', '+' || (n + 300) || ' days'), 'x',
           CASE n % 4 WHEN 0 THEN 'pending' WHEN 1 THEN 'signed' WHEN 2 THEN 'completed' ELSE 'terminated' END, 'x', 'x' FROM s`,
      )
      .bind(code),
    db.prepare(`INSERT INTO project_bid_team (district_id, bid_id, worker_id, is_lead) ${S} SELECT ?, 'bid-' || n, CASE n % 2 WHEN 1 THEN ? ELSE ? END, 1 FROM s`).bind(code, w.workers[0], w.workers[1]),
  ]);
  const rows = (table: string, columns: string, values: string, where: string) => db.prepare(`INSERT INTO ${table} (district_id, ${columns}) ${S} SELECT ?, ${values} FROM s WHERE ${where}`).bind(code);
  await db.batch([
    rows("project_instalments", "contract_id, seq, share_percent, amount_yuan, gate, status", `${id}, 1, 50, n, 'signing', 'paid'`, "n % 2 = 0"),
    rows("project_instalments", "contract_id, seq, share_percent, amount_yuan, gate, status", `${id}, 2, 50, 7, 'signing', 'due'`, "1"),
    rows("project_feedback", "id, contract_id, rating, respondent_key, created_at", `'fa-' || n, ${id}, n % 5 + 1, 'a', 'x'`, "n % 3 = 0"),
    rows("project_feedback", "id, contract_id, rating, respondent_key, created_at", `'fb-' || n, ${id}, 5, 'b', 'x'`, "n % 6 = 0"),
    rows("project_service_records", "id, contract_id, held_on, place, participants, summary, confirmed_at, created_at", `'ra-' || n, ${id}, '2020-06-01', 'x', n % 11, 'x', 'x', 'x'`, "n % 5 = 0"),
    // Not yet confirmed by the community: counts nowhere.
    rows("project_service_records", "id, contract_id, held_on, place, participants, summary, confirmed_at, created_at", `'rb-' || n, ${id}, '2020-06-01', 'x', 99, 'x', NULL, 'x'`, "n % 7 = 0"),
  ]);
  return { ...w, categoryB };
}
