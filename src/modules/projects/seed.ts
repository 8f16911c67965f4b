import type { CompiledQuery, InsertQueryBuilder, InsertResult } from "kysely";
import { createKysely } from "../../data/kysely";
import type { DistrictDB } from "../../data/schema";
import { addDays, beijingToday } from "../../lib/beijing-time";
import type { DemoDistrict, ModuleSeed, SeedContext } from "../../seed/demo";
import { newFeedbackCode, schedule } from "./domain/contracts";
import { reviewCalls } from "./seed-review";
import type { BidStatus, BudgetLineKind, CallKind, CallStatus, ContractStatus, PurchaseMethod } from "./tables";

// Demo data of the project module: the service catalogue with this year's budgets in
// both demo districts, and in 昆都仑区 a 公益创投 call open with bids submitted, a
// purchased-service contract in delivery with its first instalment paid and the
// mid-term one waiting, and last year's project completed and paid in full.
//
// Idempotent: fixed ids, existing rows left alone.

const db = createKysely<DistrictDB>(null as unknown as D1Database);

const CATEGORIES: [string, string, string, PurchaseMethod][] = [
  ["elderly", "养老扶幼", "Elderly and child care", "commission"],
  ["disability", "助残助医", "Disability and health support", "subsidy"],
  ["youth", "青少年服务", "Youth services", "commission"],
  ["mutual", "互助帮困", "Mutual aid for families in difficulty", "voucher"],
  ["governance", "社区治理", "Community governance", "post"],
  ["culture", "文体活动", "Culture and sports", "subsidy"],
];

export interface BidSpec {
  key: string;
  org: string;
  category: string;
  title: string;
  target: string;
  beneficiaries: number;
  activities: string;
  indicators: string;
  community: string;
  volunteers: number;
  status: BidStatus;
  lines: [BudgetLineKind, string, number][];
  team: [string, boolean][];
}

export interface CallSpec {
  key: string;
  kind: CallKind;
  title: string;
  description: string;
  needs: string;
  year: number;
  opens: string;
  closes: string;
  cap: number;
  total: number;
  status: CallStatus;
  categories: string[];
  bids: BidSpec[];
  contract?: { bid: string; starts: string; ends: string; status: ContractStatus; paid: number };
}

function calls(today: string, year: number): CallSpec[] {
  return [
    ...reviewCalls(today, year),
    {
      key: "venture",
      kind: "venture",
      title: `${year}年昆都仑区社区公益创投`,
      description: "支持成立不久的社会组织和社区社会组织，围绕为老服务、青少年成长和邻里互助设计项目，入选项目获得资助和能力建设支持。",
      needs: "居民议事会收集的需求：独居老人探访、放学后托管、楼院邻里互助。",
      year,
      opens: addDays(today, -10),
      closes: addDays(today, 20),
      cap: 80_000,
      total: 400_000,
      status: "published",
      categories: ["elderly", "youth", "mutual"],
      bids: [
        {
          key: "v1",
          org: "sunshine",
          category: "elderly",
          title: "银龄守望：独居老人探访计划",
          target: "和平路社区 70 岁以上独居老人",
          beneficiaries: 120,
          activities: "每周入户探访；每月一次集体生日会；建立楼栋互助小组。",
          indicators: "探访 1,200 人次\n互助小组 6 个\n服务对象满意度 90% 以上",
          community: "150203001001",
          volunteers: 20,
          status: "submitted",
          lines: [
            ["personnel", "社工服务补贴", 42_000],
            ["activities", "集体活动", 20_000],
            ["materials", "探访物资", 8_000],
            ["admin", "项目管理", 5_000],
          ],
          team: [
            ["chenjing", true],
            ["liufang", false],
          ],
        },
        {
          key: "v2",
          org: "neighbours",
          category: "mutual",
          title: "楼院互助站",
          target: "林荫路社区困难家庭",
          beneficiaries: 80,
          activities: "建立楼院互助站，组织邻里结对帮扶和物资互换。",
          indicators: "结对 40 户\n互助活动 24 场",
          community: "150203002001",
          volunteers: 30,
          status: "submitted",
          lines: [
            ["personnel", "协调员补贴", 30_000],
            ["activities", "互助活动", 25_000],
            ["admin", "项目管理", 4_000],
          ],
          team: [["wanglei", true]],
        },
        { key: "v3", org: "silver", category: "youth", title: "四点半课堂", target: "双职工家庭小学生", beneficiaries: 40, activities: "放学后作业辅导与兴趣活动。", indicators: "", community: "150203001002", volunteers: 12, status: "draft", lines: [["activities", "课堂活动", 20_000]], team: [] },
      ],
    },
    {
      key: "purchase",
      kind: "purchase",
      title: `${year}年社区居家养老服务购买`,
      description: "购买社区居家养老专业社会工作服务，服务期一年，按合同分三期拨付。",
      needs: "沼潭街道老龄化程度高，社区反映失能老人照护需求集中。",
      year,
      opens: `${year}-01-10`,
      closes: `${year}-02-10`,
      cap: 200_000,
      total: 200_000,
      status: "closed",
      categories: ["elderly"],
      bids: [
        {
          key: "p1",
          org: "sunshine",
          category: "elderly",
          title: "沼潭街道居家养老社工服务",
          target: "沼潭街道失能、半失能老人",
          beneficiaries: 300,
          activities: "个案管理、照护者支持小组、社区康乐活动。",
          indicators: "个案 60 个\n小组 8 个\n社区活动 24 场",
          community: "150203001001",
          volunteers: 25,
          status: "awarded",
          lines: [
            ["personnel", "社工人员费用", 120_000],
            ["activities", "小组与社区活动", 50_000],
            ["materials", "康复辅具", 12_000],
            ["admin", "项目管理", 18_000],
          ],
          team: [
            ["liufang", true],
            ["chenjing", false],
            ["wanglei", false],
          ],
        },
      ],
      contract: { bid: "p1", starts: `${year}-03-01`, ends: `${year + 1}-02-28`, status: "signed", paid: 1 },
    },
    {
      key: "last-year",
      kind: "purchase",
      title: `${year - 1}年社区治理服务购买`,
      description: "购买社区议事协商能力建设服务。",
      needs: "社区议事会运转不畅，居民参与不足。",
      year: year - 1,
      opens: `${year - 1}-01-05`,
      closes: `${year - 1}-02-05`,
      cap: 100_000,
      total: 100_000,
      status: "closed",
      categories: ["governance"],
      bids: [
        {
          key: "g1",
          org: "neighbours",
          category: "governance",
          title: "林荫路街道社区议事会能力建设",
          target: "社区议事会成员与居民骨干",
          beneficiaries: 150,
          activities: "议事规则培训、议事会陪伴、居民提案工作坊。",
          indicators: "培训 12 场\n居民提案 30 件",
          community: "150203002002",
          volunteers: 10,
          status: "awarded",
          lines: [
            ["personnel", "社工人员费用", 60_000],
            ["activities", "培训与工作坊", 30_000],
            ["admin", "项目管理", 8_000],
          ],
          team: [["zhangwei", true]],
        },
      ],
      contract: { bid: "g1", starts: `${year - 1}-03-01`, ends: `${year}-02-28`, status: "completed", paid: 3 },
    },
  ];
}

export const projectsSeed: ModuleSeed = async (district: DemoDistrict, ctx: SeedContext) => {
  if (district.onboarding) return [];
  const d = district.code;
  const id = (kind: string, key: string) => `demo-${d}-${kind}-${key}`;
  const today = beijingToday(Date.parse(ctx.now));
  const year = Number(today.slice(0, 4));
  const admin = ctx.personId("admin");
  const out: CompiledQuery[] = [];
  const ignore = <T extends keyof DistrictDB>(q: InsertQueryBuilder<DistrictDB, T, InsertResult>) => q.onConflict((oc) => oc.doNothing()).compile();

  for (const [key, zh, en, method] of CATEGORIES) {
    out.push(ignore(db.insertInto("project_categories").values({ district_id: d, id: id("category", key), name_zh: zh, name_en: en, purchase_method: method, active: 1, version: 1, created_at: ctx.now, updated_at: ctx.now })));
    for (const y of [year - 1, year]) {
      out.push(ignore(db.insertInto("project_budgets").values({ district_id: d, id: id("budget", `${y}-${key}`), year: y, category_id: id("category", key), area_code: null, amount_yuan: key === "elderly" ? 800_000 : 300_000, version: 1, created_by: admin, created_at: ctx.now, updated_at: ctx.now })));
    }
  }
  if (d !== "150203") return out;

  const worker = (key: string) => `demo-${d}-worker-${key}`;
  for (const call of calls(today, year)) {
    const callId = id("call", call.key);
    out.push(
      ignore(
        db.insertInto("project_calls").values({
          district_id: d,
          id: callId,
          kind: call.kind,
          title: call.title,
          description: call.description,
          needs: call.needs,
          year: call.year,
          area_code: null,
          opens_on: call.opens,
          closes_on: call.closes,
          project_cap_yuan: call.cap,
          total_budget_yuan: call.total,
          min_registration_months: call.kind === "venture" ? 0 : 12,
          allow_founding_teams: call.kind === "venture" ? 1 : 0,
          admin_cap_percent: 10,
          instalments: "30,40,30",
          materials: "登记证书或团队成员名单\n项目书\n合作社区确认函",
          status: call.status,
          version: 1,
          created_by: admin,
          created_at: ctx.now,
          updated_at: ctx.now,
        }),
      ),
    );
    for (const category of call.categories) out.push(ignore(db.insertInto("project_call_categories").values({ district_id: d, call_id: callId, category_id: id("category", category) })));
    for (const bid of call.bids) {
      const bidId = id("bid", bid.key);
      const amount = bid.lines.reduce((s, l) => s + l[2], 0);
      out.push(
        ignore(
          db.insertInto("project_bids").values({
            district_id: d,
            id: bidId,
            call_id: callId,
            organization_id: ctx.orgId(bid.org),
            category_id: id("category", bid.category),
            title: bid.title,
            target_group: bid.target,
            beneficiaries: bid.beneficiaries,
            activities: bid.activities,
            indicators: bid.indicators,
            community_code: bid.community,
            volunteers: bid.volunteers,
            amount_yuan: amount,
            status: bid.status,
            return_reason: "",
            submitted_at: bid.status === "draft" ? null : ctx.now,
            version: 1,
            created_by: admin,
            created_at: ctx.now,
            updated_at: ctx.now,
          }),
        ),
      );
      for (const [i, [kind, item, amountYuan]] of bid.lines.entries()) out.push(ignore(db.insertInto("project_bid_lines").values({ district_id: d, bid_id: bidId, line_no: i + 1, kind, item, amount_yuan: amountYuan })));
      for (const [w, lead] of bid.team) out.push(ignore(db.insertInto("project_bid_team").values({ district_id: d, bid_id: bidId, worker_id: worker(w), is_lead: lead ? 1 : 0 })));
      if (call.contract?.bid !== bid.key) continue;
      const c = call.contract;
      const contractId = id("contract", bid.key);
      const signedAt = `${c.starts}T02:00:00.000Z`;
      out.push(
        ignore(
          db.insertInto("project_contracts").values({
            district_id: d,
            id: contractId,
            bid_id: bidId,
            amount_yuan: amount,
            starts_on: c.starts,
            ends_on: c.ends,
            deliverables: bid.indicators,
            status: c.status,
            feedback_code: newFeedbackCode(),
            buyer_confirmed_by: admin,
            buyer_confirmed_at: signedAt,
            implementer_confirmed_by: null,
            implementer_confirmed_at: signedAt,
            community_confirmed_by: null,
            community_confirmed_at: signedAt,
            version: 4,
            created_by: admin,
            created_at: signedAt,
            updated_at: signedAt,
          }),
        ),
      );
      if (c.status === "signed") {
        const records: [number, string, number, string][] = [
          [5, "和平路社区日间照料中心", 18, "照护者支持小组第一次活动：照护压力与喘息服务。"],
          [19, "和平路社区居民家中", 6, "失能老人个案入户评估与照护计划。"],
          [33, "和平路社区广场", 65, "社区康乐活动：健康义诊与八段锦展示。"],
        ];
        for (const [i, [day, place, participants, summary]] of records.entries()) {
          out.push(
            ignore(
              db.insertInto("project_service_records").values({
                district_id: d,
                id: id("record", `${bid.key}-${i + 1}`),
                contract_id: contractId,
                held_on: addDays(c.starts, day),
                place,
                participants,
                summary,
                worker_id: worker(bid.team[i % bid.team.length]![0]),
                confirmed_by: i < 2 ? ctx.personId("shequ") : null,
                confirmed_at: i < 2 ? `${addDays(c.starts, day + 1)}T03:00:00.000Z` : null,
                created_by: null,
                created_at: `${addDays(c.starts, day)}T10:00:00.000Z`,
              }),
            ),
          );
        }
        const spending: [number, number, number, string][] = [
          [1, 10, 30_000, "社工人员费用（第一季度）"],
          [2, 20, 6_500, "小组活动物资"],
          [3, 25, 4_800, "康复辅具采购"],
        ];
        for (const [i, [line, day, amountYuan, description]] of spending.entries()) {
          out.push(
            ignore(db.insertInto("project_expenditures").values({ district_id: d, id: id("expenditure", `${bid.key}-${i + 1}`), contract_id: contractId, line_no: line, spent_on: addDays(c.starts, day), amount_yuan: amountYuan, description, created_by: null, created_at: `${addDays(c.starts, day)}T10:00:00.000Z` })),
          );
        }
      }
      for (const part of schedule(amount, "30,40,30")) {
        const paid = part.seq <= c.paid;
        const paidOn = addDays(c.starts, 10 + 120 * (part.seq - 1));
        out.push(
          ignore(
            db.insertInto("project_instalments").values({
              district_id: d,
              contract_id: contractId,
              seq: part.seq,
              share_percent: part.share,
              amount_yuan: part.amount,
              gate: part.gate,
              status: paid ? "paid" : "scheduled",
              due_on: paid ? addDays(c.starts, 15 + 120 * (part.seq - 1)) : null,
              paid_on: paid ? paidOn : null,
              payment_ref: paid ? `KDL-ZF-${c.starts.slice(0, 4)}-${bid.key}-${part.seq}` : null,
              paid_by: paid ? admin : null,
              overdue: 0,
            }),
          ),
        );
      }
    }
  }
  return out;
};
