import type { DistrictData } from "../data/district-data";
import { verifyChain, type ChainReport } from "./chain";

export async function recentEvents(data: DistrictData, filter: { action?: string; actorId?: string; beforeSeq?: number; limit: number }) {
  let q = data
    .selectFrom("audit_events")
    .select(["seq", "id", "at", "actor_id", "actor_role", "action", "target_type", "target_id", "summary_json", "request_id"])
    .orderBy("seq", "desc")
    .limit(filter.limit);
  if (filter.action) q = q.where("action", "=", filter.action);
  if (filter.actorId) q = q.where("actor_id", "=", filter.actorId);
  if (filter.beforeSeq) q = q.where("seq", "<", filter.beforeSeq);
  const rows = await q.execute();
  return rows.map(({ summary_json, ...row }) => ({ ...row, summary: JSON.parse(summary_json) as unknown }));
}

/** Recomputes this district's whole chain. */
export async function verifyDistrictChain(data: DistrictData): Promise<ChainReport> {
  const events = await data
    .selectFrom("audit_events")
    .select(["seq", "id", "at", "actor_id", "actor_role", "action", "target_type", "target_id", "summary_json", "request_id", "prev_hash", "hash"])
    .orderBy("seq")
    .execute();
  return verifyChain(data.districtId, events);
}
