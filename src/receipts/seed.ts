import { CompiledQuery } from "kysely";
import type { ModuleSeed } from "../core/module-contract";

// The demo's submissions were written straight into their tables, past the write that
// issues a receipt: this gives each its 办件编号, numbered in the order they came in
// within each Beijing year, after any number already issued. Run again, it skips records
// that have one.

const SUBMISSIONS: readonly { kind: string; table: string; at: string }[] = [
  { kind: "incubation.application", table: "applications", at: "submitted_at" },
  { kind: "projects.bid", table: "project_bids", at: "submitted_at" },
  { kind: "review.objection", table: "notice_objections", at: "filed_at" },
  { kind: "disclosure.appeal", table: "evaluation_appeals", at: "filed_at" },
  { kind: "linkage.need", table: "linkage_needs", at: "received_at" },
];

const CHECK = "substr('ABCDEFGHJKMNPQRSTUVWXYZ23456789', abs(random() % 31) + 1, 1)";

export const receiptsSeed: ModuleSeed = async (district) =>
  SUBMISSIONS.map(({ kind, table, at }) =>
    CompiledQuery.raw(
      `insert into receipts (district_id, year, seq, kind, subject_id, check_code, issued_at)
       select ?, y, coalesce((select max(seq) from receipts r where r.district_id = ? and r.year = y), 0) + row_number() over (partition by y order by at, id), ?, id, ${CHECK} || ${CHECK} || ${CHECK} || ${CHECK}, at
       from (select t.id, t.${at} as at, cast(strftime('%Y', t.${at}, '+8 hours') as integer) as y from ${table} t
             where t.district_id = ? and t.${at} is not null
               and not exists (select 1 from receipts r where r.district_id = t.district_id and r.kind = ? and r.subject_id = t.id))
       where true
       on conflict do nothing`,
      [district.code, district.code, kind, district.code, kind],
    ),
  );
