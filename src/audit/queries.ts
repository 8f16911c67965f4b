import type { DistrictData } from "../data/district-data";
import { verifyChain, type ChainReport } from "./chain";

export interface AuditFilter {
  action?: string;
  /** A user id, or an e-mail address resolved to the user's id. */
  actorId?: string;
  /** Inclusive ISO lower bound of `at`. */
  fromIso?: string;
  /** Exclusive ISO upper bound of `at`. */
  toIso?: string;
  beforeSeq?: number;
  limit: number;
}

export async function recentEvents(data: DistrictData, filter: AuditFilter) {
  let q = data.selectFrom("audit_events").select(["seq", "id", "at", "actor_id", "actor_role", "action", "target_type", "target_id", "summary_json", "request_id"]).orderBy("seq", "desc").limit(filter.limit);
  if (filter.action) q = q.where("action", "=", filter.action);
  if (filter.actorId) q = q.where("actor_id", "=", filter.actorId);
  if (filter.fromIso) q = q.where("at", ">=", filter.fromIso);
  if (filter.toIso) q = q.where("at", "<", filter.toIso);
  if (filter.beforeSeq) q = q.where("seq", "<", filter.beforeSeq);
  const rows = await q.execute();
  return rows.map(({ summary_json, ...row }) => ({ ...row, summary: JSON.parse(summary_json) as unknown }));
}

export type AuditEvent = Awaited<ReturnType<typeof recentEvents>>[number];

/** The actions that occur in the district's log, for the filter's choices. */
export async function auditActions(data: DistrictData): Promise<string[]> {
  const rows = await data.selectFrom("audit_events").select("action").distinct().orderBy("action").execute();
  return rows.map((r) => r.action);
}

/** The user an actor filter names: an id as given, or the id of the account with that e-mail. */
export async function resolveActor(data: DistrictData, actor: string): Promise<string> {
  if (!actor.includes("@")) return actor;
  const user = await data.selectFrom("users").select("id").where("email", "=", actor.toLowerCase()).executeTakeFirst();
  // An unknown address matches no event rather than every event.
  return user?.id ?? "(none)";
}

/** Display names and e-mails of the users who appear as actors. */
export async function actorNames(data: DistrictData, ids: readonly (string | null)[]): Promise<Map<string, { name: string; email: string }>> {
  const unique = [...new Set(ids.filter((id): id is string => !!id))];
  const names = new Map<string, { name: string; email: string }>();
  for (let i = 0; i < unique.length; i += 90) {
    const rows = await data
      .selectFrom("users")
      .select(["id", "display_name", "email"])
      .where("id", "in", unique.slice(i, i + 90))
      .execute();
    for (const r of rows) names.set(r.id, { name: r.display_name, email: r.email });
  }
  return names;
}

/** Recomputes this district's whole chain. */
export async function verifyDistrictChain(data: DistrictData): Promise<ChainReport> {
  const events = await data.selectFrom("audit_events").select(["seq", "id", "at", "actor_id", "actor_role", "action", "target_type", "target_id", "summary_json", "request_id", "prev_hash", "hash"]).orderBy("seq").execute();
  return verifyChain(data.districtId, events);
}
