import type { OpenDataset } from "../../../http/open-data";
import { sql } from "kysely";
import type { DistrictData } from "../../../data/district-data";
import { notFound } from "../../../http/errors";
import { registeredWorkers } from "../../posts";
import { feedbackSummary, roundMean } from "./feedback";
import type { CallKind, ContractStatus, EvaluationStage, EvaluationStatus, InstalmentGate, InstalmentStatus } from "../tables";
import { sameDistrict } from "../../../data/joins";

// What the public sees of funded projects: the project, its implementer, community,
// amount, term, status and payments. Never a person: no team names, no contacts.

export interface FundedProject {
  id: string;
  title: string;
  kind: CallKind;
  year: number;
  categoryZh: string;
  categoryEn: string;
  organizationId: string;
  organizationName: string;
  communityCode: string | null;
  amountYuan: number;
  paidYuan: number;
  startsOn: string;
  endsOn: string;
  status: ContractStatus;
}

export interface FundedProjectDetail extends FundedProject {
  targetGroup: string;
  beneficiaries: number;
  activities: string;
  deliverables: string;
  volunteers: number;
  teamSize: number;
  certifiedShare: number;
  /** The short code of the public feedback link and poster (/f/<code>). */
  feedbackCode: string;
  feedback: { count: number; meanRating: number | null };
  /** The latest decided evaluation, as published. */
  evaluation: { stage: EvaluationStage; status: EvaluationStatus; score: number | null } | null;
  instalments: { seq: number; amountYuan: number; gate: InstalmentGate; status: InstalmentStatus; paidOn: string | null }[];
}

/** The contract statuses of a funded project. */
export const FUNDED = ["signed", "completed", "terminated"] as const;

export function fundedQuery(data: DistrictData) {
  return data
    .selectFrom("project_contracts")
    .innerJoin("project_bids", sameDistrict("project_bids", "project_contracts.bid_id"))
    .innerJoin("project_calls", sameDistrict("project_calls", "project_bids.call_id"))
    .innerJoin("organizations", sameDistrict("organizations", "project_bids.organization_id"))
    .leftJoin("project_categories", sameDistrict("project_categories", "project_bids.category_id"))
    .where("project_contracts.status", "in", FUNDED)
    .select((eb) => [
      "project_contracts.id",
      "project_bids.title",
      "project_calls.kind",
      "project_calls.year",
      eb.fn.coalesce("project_categories.name_zh", eb.val("")).as("categoryZh"),
      eb.fn.coalesce("project_categories.name_en", eb.val("")).as("categoryEn"),
      "organizations.id as organizationId",
      "organizations.name as organizationName",
      "project_bids.community_code as communityCode",
      "project_contracts.amount_yuan as amountYuan",
      eb
        .selectFrom("project_instalments as i")
        .select((e) => e.fn.coalesce(e.fn.sum<number>("i.amount_yuan"), e.val(0)).as("s"))
        .whereRef("i.district_id", "=", "project_contracts.district_id")
        .whereRef("i.contract_id", "=", "project_contracts.id")
        .where("i.status", "=", "paid")
        .as("paidYuan"),
      "project_contracts.starts_on as startsOn",
      "project_contracts.ends_on as endsOn",
      "project_contracts.status",
    ]);
}

const toFunded = (r: Record<string, unknown>) => ({ ...(r as unknown as FundedProject), paidYuan: Number(r.paidYuan ?? 0), amountYuan: Number(r.amountYuan) });

/** One organization's funded projects, newest first (at most one per call). */
/**
 * Funded projects as choices for a form: those whose title, organization or contract
 * number contains `text` (the newest `limit`; all of them for ""), then those with the
 * `ids` given, so that a choice already made keeps its label. Searched by SQLite over
 * every contract of the district.
 */
export async function fundedChoices(data: DistrictData, find: { text?: string; ids?: readonly string[] }, limit = 20): Promise<{ value: string; label: string }[]> {
  const pick = () => fundedQuery(data).orderBy("project_contracts.starts_on", "desc").orderBy("project_contracts.id", "desc");
  const text = find.text;
  const ids = find.ids?.filter(Boolean).slice(0, 50) ?? [];
  const contains = (column: "project_bids.title" | "organizations.name" | "project_contracts.id") => sql<boolean>`instr(${sql.ref(column)}, ${text}) > 0`;
  const queries = [
    ...(text === undefined
      ? []
      : [
          pick()
            .where((eb) => eb.or([contains("project_bids.title"), contains("organizations.name"), contains("project_contracts.id")]))
            .limit(limit),
        ]),
    ...(ids.length ? [pick().where("project_contracts.id", "in", ids)] : []),
  ];
  const rows = queries.length ? (await data.read<FundedProject>(queries)).flat() : [];
  const seen = new Set<string>();
  return rows.filter((p) => !seen.has(p.id) && seen.add(p.id)).map((p) => ({ value: p.id, label: `${p.title}（${p.organizationName}）` }));
}

export interface RunningProjects {
  projects: number;
  paidYuan: number;
  /** Residents' ratings of those projects, and how many of them were 4 or 5 of 5. */
  rated: number;
  satisfied: number;
}

/** Of the outer contract's rows in `table`, the SQL expression `what`. */
export const ofContract = (table: string, what: string, where = "") =>
  sql<number>`(select ${sql.raw(what)} from ${sql.table(table)} x where x.district_id = project_contracts.district_id and x.contract_id = project_contracts.id${sql.raw(where)})`;

/** The same, summed over the contracts of a group. */
export const perContract = (table: string, what: string, where = "") => sql<number>`sum(${ofContract(table, what, where)})`;

/**
 * Per community, the funded projects running at some time in each period (one may run in
 * several), what was paid on them and their ratings: counted by SQLite in one round trip,
 * so the figures hold however many projects the district has.
 */
export async function runningProjects(data: DistrictData, periods: readonly { from: string; to: string }[]): Promise<Map<string, RunningProjects>[]> {
  const results = await data.read<RunningProjects & { code: string }>(
    periods.map(({ from, to }) =>
      data
        .selectFrom("project_contracts")
        .innerJoin("project_bids", sameDistrict("project_bids", "project_contracts.bid_id"))
        .where("project_contracts.status", "in", FUNDED)
        .where("project_contracts.starts_on", "<=", to)
        .where("project_contracts.ends_on", ">=", from)
        .where("project_bids.community_code", "is not", null)
        .groupBy("project_bids.community_code")
        .select([
          "project_bids.community_code as code",
          sql<number>`count(*)`.as("projects"),
          perContract("project_instalments", "coalesce(sum(amount_yuan), 0)", " and x.status = 'paid'").as("paidYuan"),
          perContract("project_feedback", "count(*)").as("rated"),
          perContract("project_feedback", "count(*)", " and x.rating >= 4").as("satisfied"),
        ]),
    ),
  );
  return results.map((rows) => new Map(rows.map(({ code, ...r }) => [code, r])));
}

/** A funded project as the public list and open data show it: with its latest evaluation result and residents' ratings. */
export interface PublicProject extends FundedProject {
  evaluationStage: EvaluationStage | null;
  evaluationStatus: EvaluationStatus | null;
  ratings: number;
  meanRating: number | null;
  satisfactionPercent: number | null;
}

/** Of the outer contract's residents' ratings, the SQL expression `what`. */
const ofRatings = (what: string) => ofContract("project_feedback", what);

/**
 * Funded projects newest start first (ties by contract number), `limit` of them from
 * `offset`, or all; each row with its ratings and latest decided evaluation, read per
 * listed contract so that a page costs the same however many the district has.
 */
export async function publicProjects(data: DistrictData, window?: { offset: number; limit: number }, organizationId?: string): Promise<PublicProject[]> {
  let q = (organizationId ? fundedQuery(data).where("project_bids.organization_id", "=", organizationId) : fundedQuery(data))
    .select([
      ofRatings("count(*)").as("n"),
      ofRatings("avg(rating)").as("mean"),
      ofRatings("sum(rating >= 4)").as("satisfied"),
      // Decision times are ISO strings without spaces: the greatest is the latest decision.
      sql<string | null>`(select max(decided_at || ' ' || stage || ' ' || status) from project_evaluations x where x.district_id = project_contracts.district_id and x.contract_id = project_contracts.id and x.status <> 'open')`.as(
        "evaluation",
      ),
    ])
    .orderBy("project_contracts.starts_on", "desc")
    .orderBy("project_contracts.id", "desc");
  if (window) q = q.limit(window.limit).offset(window.offset);
  return (await q.execute()).map(({ n, mean, satisfied, evaluation, ...row }) => {
    const count = Number(n);
    const [, stage, status] = evaluation?.split(" ") ?? [];
    return {
      ...toFunded(row),
      evaluationStage: (stage as EvaluationStage) ?? null,
      evaluationStatus: (status as EvaluationStatus) ?? null,
      ratings: count,
      meanRating: count ? roundMean(Number(mean)) : null,
      satisfactionPercent: count ? Math.round((Number(satisfied) / count) * 1000) / 10 : null,
    };
  });
}

/** How many funded projects the district has. */
/** The district's funded projects, or one organization's, counted. */
export async function fundedCount(data: DistrictData, organizationId?: string): Promise<number> {
  const all = data.selectFrom("project_contracts").select(sql<number>`count(*)`.as("n")).where("project_contracts.status", "in", FUNDED);
  const q = organizationId ? all.innerJoin("project_bids", sameDistrict("project_bids", "project_contracts.bid_id")).where("project_bids.organization_id", "=", organizationId) : all;
  const row = await q.executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function fundedProject(data: DistrictData, contractId: string): Promise<FundedProjectDetail> {
  const row = await fundedQuery(data)
    .where("project_contracts.id", "=", contractId)
    .select([
      "project_bids.id as bidId",
      "project_bids.target_group as targetGroup",
      "project_bids.beneficiaries",
      "project_bids.activities",
      "project_contracts.deliverables",
      "project_bids.volunteers",
      "project_contracts.feedback_code as feedbackCode",
    ])
    .executeTakeFirst();
  if (!row) throw notFound();
  const [team, instalments] = await data.read<Record<string, unknown>>([
    data.selectFrom("project_bid_team").select("worker_id").where("bid_id", "=", row.bidId),
    data.selectFrom("project_instalments").select(["seq", "amount_yuan as amountYuan", "gate", "status", "paid_on as paidOn"]).where("contract_id", "=", contractId).orderBy("seq"),
  ]);
  const [{ count, meanRating }, evaluation] = await Promise.all([
    feedbackSummary(data, contractId),
    data.selectFrom("project_evaluations").select(["stage", "status", "score"]).where("contract_id", "=", contractId).where("status", "<>", "open").orderBy("decided_at", "desc").limit(1).executeTakeFirst(),
  ]);
  const workers = await registeredWorkers(
    data,
    team!.map((m) => m.worker_id as string),
  );
  const certified = workers.filter((w) => w.certified).length;
  const { bidId: _bid, feedbackCode, ...rest } = row;
  return {
    ...toFunded(rest),
    targetGroup: row.targetGroup,
    beneficiaries: row.beneficiaries,
    activities: row.activities,
    deliverables: row.deliverables,
    volunteers: row.volunteers,
    feedbackCode: feedbackCode ?? contractId,
    teamSize: workers.length,
    certifiedShare: workers.length ? Math.round((100 * certified) / workers.length) : 0,
    feedback: { count, meanRating },
    evaluation: evaluation ?? null,
    instalments: instalments as unknown as FundedProjectDetail["instalments"],
  };
}

/** The open-data fields of funded projects, documented on the public list. */
export const OPEN_DATA_FIELDS: { name: keyof PublicProject; type: "string" | "integer" | "number" | "date"; zh: string; en: string }[] = [
  { name: "id", type: "string", zh: "项目合同编号", en: "Contract identifier" },
  { name: "title", type: "string", zh: "项目名称", en: "Project title" },
  { name: "kind", type: "string", zh: "类型：venture（社区公益创投）或 purchase（政府购买服务）", en: "Kind: venture (公益创投) or purchase (government purchase of services)" },
  { name: "year", type: "integer", zh: "预算年度", en: "Budget year" },
  { name: "categoryZh", type: "string", zh: "服务类别", en: "Service category (Chinese)" },
  { name: "organizationId", type: "string", zh: "承接组织编号", en: "Implementing organization identifier" },
  { name: "organizationName", type: "string", zh: "承接组织名称", en: "Implementing organization" },
  { name: "communityCode", type: "string", zh: "服务所在社区的统计用区划代码", en: "Statistical code of the community of delivery" },
  { name: "amountYuan", type: "integer", zh: "合同金额（元）", en: "Contract amount (yuan)" },
  { name: "paidYuan", type: "integer", zh: "已拨付金额（元）", en: "Amount paid (yuan)" },
  { name: "startsOn", type: "date", zh: "服务开始日期", en: "Start of the term" },
  { name: "endsOn", type: "date", zh: "服务结束日期", en: "End of the term" },
  { name: "status", type: "string", zh: "状态：signed（实施中）、completed（已结项）、terminated（已终止）", en: "Status: signed (in delivery), completed, terminated" },
  { name: "evaluationStage", type: "string", zh: "最近一次已有结论的第三方评估：midterm（中期）或 final（结项）；尚无则为空", en: "Latest decided third-party evaluation: midterm or final; empty if none yet" },
  { name: "evaluationStatus", type: "string", zh: "该评估结论：passed（合格）、failed（不合格，整改中）、terminated（不合格，合同终止）", en: "Its result: passed, failed (rectification), terminated (contract ended)" },
  { name: "ratings", type: "integer", zh: "居民评分人数（服务对象通过项目反馈链接或二维码打分，每个手机号或设备一次）", en: "Number of residents' ratings (through the project's feedback link or QR code, one per phone or device)" },
  { name: "meanRating", type: "number", zh: "居民平均评分（1–5 分，5 分为非常满意）；无评分为空", en: "Residents' average rating (1–5, 5 = very satisfied); empty without ratings" },
  { name: "satisfactionPercent", type: "number", zh: "满意率：评 4 分及以上的评分所占百分比；无评分为空", en: "Satisfaction: percentage of ratings of 4 or 5; empty without ratings" },
];

/** The funded projects as an open-data file, as /open-data documents it (the manifest's openData). */
export const projectsOpenData = (): OpenDataset[] => [{ dataset: "projects", title: "projects.public.title", fields: OPEN_DATA_FIELDS }];
