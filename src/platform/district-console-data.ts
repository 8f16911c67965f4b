import type { Context } from "hono";
import { DistrictData } from "../data/district-data";
import { platformData } from "../data/platform-data";
import { deliveryLabels } from "../notifications/log";
import type { AppEnv, Env } from "../env";
import { notFound } from "../http/errors";
import { findDistrict, shardDatabase, shardNames, type District } from "../district-lookup/district-registry";

// What the operator console reads about districts: figures counted in each shard,
// hostnames, the detail page's records, the least loaded shard, and the district's
// files to delete. Counts and times only, never a district's personal data.

/** Files of the district in R2: modules keep them under "<district code>/". */
export async function deleteDistrictFiles(env: Env, code: string): Promise<void> {
  if (!env.FILES) return;
  let cursor: string | undefined;
  do {
    const listed = await env.FILES.list({ prefix: `${code}/`, cursor, limit: 1000 });
    if (listed.objects.length) await env.FILES.delete(listed.objects.map((o) => o.key));
    cursor = listed.truncated ? listed.cursor : undefined;
  } while (cursor);
}

export interface DetailData {
  district: District;
  hostnames: string[];
  figures: DistrictFigures | undefined;
  invitations: { id: string; email: string; status: "pending" | "accepted" | "revoked"; expires_at: string; created_at: string; delivery?: string | undefined }[];
  history: { at: string; action: string; summary_json: string }[];
}

export async function detailData(c: Context<AppEnv>, code: string): Promise<DetailData> {
  const district = await findDistrict(c.env, code, { fresh: true });
  if (!district) throw notFound();
  const platform = platformData(c.env);
  const shard = shardDatabase(c.env, district.shard);
  const [hostnames, figures, invitations, history] = await Promise.all([
    platform.selectFrom("district_hostnames").select("hostname").where("district_code", "=", code).orderBy("hostname").execute(),
    districtFigures(c.env, [district]),
    shard.prepare("SELECT id, email, status, expires_at, created_at FROM invitations WHERE district_id = ? AND invited_by_operator IS NOT NULL ORDER BY created_at DESC LIMIT 20").bind(code).all<DetailData["invitations"][number]>(),
    platform.selectFrom("platform_audit_events").select(["at", "action", "summary_json"]).where("target_type", "=", "district").where("target_id", "=", code).orderBy("seq", "desc").limit(30).execute(),
  ]);
  const sent = await deliveryLabels(
    new DistrictData(district, shard),
    c.var.locale,
    "invitation",
    invitations.results.map((i) => i.id),
  );
  for (const i of invitations.results) i.delivery = sent.get(i.id);
  return { district, hostnames: hostnames.map((h) => h.hostname), figures: figures.get(code), invitations: invitations.results, history };
}

export interface DistrictFigures {
  organizations: number;
  users: number;
  lastActivity: string | null;
}

/**
 * Organizations, users and the latest audit event of each district, read from each
 * district's shard through the registry: one batch per shard, each statement covering
 * up to 90 districts through indexed subqueries (no scan of a whole shard).
 */
export async function districtFigures(env: Env, districts: District[]): Promise<Map<string, DistrictFigures>> {
  const figures = new Map<string, DistrictFigures>();
  const byShard = new Map<string, string[]>();
  for (const d of districts) byShard.set(d.shard, [...(byShard.get(d.shard) ?? []), d.code]);
  await Promise.all(
    [...byShard].map(async ([shard, codes]) => {
      try {
        const db = shardDatabase(env, shard);
        const statements: D1PreparedStatement[] = [];
        for (let i = 0; i < codes.length; i += 90) {
          const chunk = codes.slice(i, i + 90);
          statements.push(
            db
              .prepare(
                `WITH ds(code) AS (VALUES ${chunk.map(() => "(?)").join(", ")})
                 SELECT code,
                   (SELECT count(*) FROM organizations o WHERE o.district_id = ds.code) AS organizations,
                   (SELECT count(*) FROM users u WHERE u.district_id = ds.code) AS users,
                   (SELECT e.at FROM audit_events e WHERE e.district_id = ds.code ORDER BY e.seq DESC LIMIT 1) AS last_at
                 FROM ds`,
              )
              .bind(...chunk),
          );
        }
        for (const result of await db.batch<{ code: string; organizations: number; users: number; last_at: string | null }>(statements)) {
          for (const row of result.results) figures.set(row.code, { organizations: row.organizations, users: row.users, lastActivity: row.last_at });
        }
      } catch (error) {
        // One unreachable shard must not take the console down; its districts show no figures.
        console.error(`figures of shard ${shard} failed:`, error);
      }
    }),
  );
  return figures;
}

export async function hostnamesByDistrict(env: Env): Promise<Map<string, string[]>> {
  const rows = await platformData(env).selectFrom("district_hostnames").selectAll().orderBy("hostname").execute();
  const hostnames = new Map<string, string[]>();
  for (const row of rows) hostnames.set(row.district_code, [...(hostnames.get(row.district_code) ?? []), row.hostname]);
  return hostnames;
}

/** The shard holding the fewest districts (ties: the first in SHARDS). */
export function leastLoadedShard(env: Env, districts: District[]): string {
  const shards = shardNames(env);
  const load = (s: string) => districts.filter((d) => d.shard === s).length;
  return shards.reduce((best, s) => (load(s) < load(best) ? s : best), shards[0]!);
}

export function maskEmail(email: string): string {
  const [local = "", domain = ""] = email.split("@");
  return `${local.slice(0, 1)}***@${domain}`;
}
