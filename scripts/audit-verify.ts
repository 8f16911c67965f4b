// npm run audit:verify [-- --remote]: recomputes every district's audit hash chain (and
// the platform operators' chain) from the stored events and reports the first break.
// Exit code 1 when any chain is broken.
import { verifyChain, type ChainReport } from "../src/audit/chain";
import type { AuditEventsTable } from "../src/data/schema";
import { query, shardBindings, targetFromArgs } from "./lib/wrangler";

// A stored event as the schema describes it; platform events carry no district_id.
type Row = Omit<AuditEventsTable, "district_id"> & { district_id?: string };

const target = targetFromArgs();
const reports: ChainReport[] = [];
const columns = "seq, id, at, actor_id, actor_role, action, target_type, target_id, summary_json, request_id, prev_hash, hash";

reports.push(await verifyChain("platform", query<Row>("PLATFORM", `SELECT ${columns} FROM platform_audit_events ORDER BY seq`, target)));
for (const shard of shardBindings()) {
  const rows = query<Row>(shard, `SELECT district_id, ${columns} FROM audit_events ORDER BY district_id, seq`, target);
  const byDistrict = new Map<string, Row[]>();
  for (const row of rows) byDistrict.set(row.district_id!, [...(byDistrict.get(row.district_id!) ?? []), row]);
  for (const [district, events] of byDistrict) reports.push(await verifyChain(district, events));
}

let broken = 0;
for (const r of reports) {
  if (r.ok) console.log(`ok      ${r.chain.padEnd(8)} ${r.events} events`);
  else {
    broken++;
    console.log(`BROKEN  ${r.chain.padEnd(8)} ${r.events} events; first break at seq ${r.firstBreak!.seq}: ${r.firstBreak!.problem}`);
  }
}
console.log(broken ? `${broken} chain(s) broken.` : `All ${reports.length} chains intact.`);
process.exit(broken ? 1 : 0);
