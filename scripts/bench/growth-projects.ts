import type { CompiledQuery } from "kysely";
import type { TenantFile } from "../../src/tenants/tenant-file";
import { benchOrgId } from "./scale";
import { at, random } from "./scale-random";
import { chunked } from "./scale-rows";

// Funded projects at scale, so that the public projects page can be timed in districts of
// different size: `count` awarded bids with their contracts, over five years of calls, each
// organization funded at most once a year (a bid is one per organization and call).

const YEARS = 5;

/** `count` funded projects (signed or completed contracts) over the district's first `count / 5` organizations. */
export function fundedStatements(tenant: TenantFile, count: number, now: string): CompiledQuery[] {
  const r = random(Number(tenant.code) + 11);
  const d = tenant.code;
  const communities = tenant.subdistricts.flatMap((s) => s.communities.map((c) => c.code));
  const thisYear = Number(now.slice(0, 4));
  const calls = [];
  for (let y = 0; y < YEARS; y++) {
    const year = thisYear - y;
    calls.push({
      district_id: d,
      id: `bench-${d}-project-call-${year}`,
      kind: y % 2 ? ("venture" as const) : ("purchase" as const),
      title: `${year}年社区服务项目`,
      description: "购买为老、助残和青少年社区服务。",
      needs: "",
      year,
      area_code: null,
      opens_on: `${year}-01-10`,
      closes_on: `${year}-02-10`,
      project_cap_yuan: 100_000,
      total_budget_yuan: 100_000_000,
      min_registration_months: 0,
      allow_founding_teams: 1,
      admin_cap_percent: 10,
      instalments: "30,40,30",
      materials: "项目书",
      status: "closed" as const,
      created_at: at(`${year}-01-05`),
      updated_at: at(`${year}-02-10`),
    });
  }
  const bids = [];
  const contracts = [];
  for (let i = 0; i < count; i++) {
    const call = calls[i % YEARS]!;
    const id = `bench-${d}-bid-${i}`;
    const amount = 10_000 + r.int(90) * 1000;
    bids.push({
      district_id: d,
      id,
      call_id: call.id,
      organization_id: benchOrgId(d, Math.floor(i / YEARS)),
      category_id: null,
      title: "社区长者助餐与探访服务",
      target_group: "辖区独居、空巢及高龄老人",
      beneficiaries: 50 + r.int(200),
      activities: "每周三次助餐配送，每月一次入户探访。",
      indicators: "",
      community_code: communities[i % communities.length]!,
      volunteers: r.int(30),
      amount_yuan: amount,
      status: "awarded" as const,
      submitted_at: at(`${call.year}-02-01`),
      created_at: at(`${call.year}-01-20`),
      updated_at: at(`${call.year}-03-01`),
    });
    const starts = `${call.year}-03-${String(1 + r.int(28)).padStart(2, "0")}`;
    contracts.push({
      district_id: d,
      id: `bench-${d}-contract-${i}`,
      bid_id: id,
      amount_yuan: amount,
      starts_on: starts,
      ends_on: `${call.year + 1}-02-28`,
      deliverables: "助餐配送不少于 400 人次，入户探访不少于 300 人次。",
      status: call.year === thisYear ? ("signed" as const) : ("completed" as const),
      feedback_code: i.toString(16).padStart(8, "0"),
      created_at: at(`${call.year}-02-20`),
      updated_at: at(`${call.year}-03-01`),
    });
  }
  return [...chunked("project_calls", calls as never), ...chunked("project_bids", bids as never, 50), ...chunked("project_contracts", contracts as never, 50)];
}
