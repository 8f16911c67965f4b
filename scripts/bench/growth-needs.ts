import type { CompiledQuery } from "kysely";
import type { TenantFile } from "../../src/tenants/tenant-file";
import { at, random } from "./scale-random";
import { chunked } from "./scale-rows";

// Residents' needs at scale, spread over every community of a district, so that the public
// needs summary of one community can be timed in districts of different size.

const CATEGORIES = ["elderly", "children", "disability", "health", "environment", "safety", "facilities", "culture", "employment", "neighbourhood", "other"] as const;
const SOURCES = ["online", "grid_worker", "residents_council", "visit", "hotline", "wechat"] as const;

/** `count` needs over the district's communities, received over the last two years, most answered. */
export function needsStatements(tenant: TenantFile, count: number, now: string): CompiledQuery[] {
  const r = random(Number(tenant.code) + 7);
  const communities = tenant.subdistricts.flatMap((s) => s.communities.map((c) => c.code));
  const day = 86_400_000;
  const rows = [];
  for (let i = 0; i < count; i++) {
    const received = at(new Date(Date.parse(now) - r.int(730) * day).toISOString().slice(0, 10));
    const answered = r.chance(0.8);
    rows.push({
      district_id: tenant.code,
      id: `bench-need-${tenant.code}-${i}`,
      receipt_code: `B${tenant.code}${String(i).padStart(7, "0")}`,
      community_code: communities[i % communities.length]!,
      category: r.pick(CATEGORIES),
      description: "楼道照明损坏，夜间老人出行不便，希望尽快维修。",
      source: r.pick(SOURCES),
      status: answered ? "solved" : "received",
      answer: answered ? "已联系物业更换照明设施。" : "",
      due_on: received.slice(0, 10),
      received_at: received,
      answered_at: answered ? received : null,
      answer_working_days: answered ? 0 : null,
      created_at: received,
      updated_at: received,
    });
  }
  return chunked("linkage_needs", rows as never, 50);
}
