import type { DistrictData } from "../../../data/district-data";
import { toCsv } from "../../../lib/csv";
import type { Locale } from "../../../i18n/messages";
import { sql } from "kysely";
import { FUNDED, perContract } from "./public";

// The buyer's figures over funded projects (signed, completed or terminated contracts):
// funds committed and paid by service category, 街道 and organization; delivery against
// the beneficiaries each project set out to reach (participants in confirmed service
// records); residents' satisfaction; and the share of projects led by a certified
// social worker. Every figure is read from the records themselves.

export interface FundsRow {
  label: string;
  projects: number;
  amountYuan: number;
  paidYuan: number;
}

export interface ProjectFigures {
  byCategory: FundsRow[];
  bySubdistrict: FundsRow[];
  byOrganization: FundsRow[];
  delivery: { title: string; target: number; reached: number; records: number; satisfactionPercent: number | null; responses: number }[];
  satisfaction: { responses: number; satisfied: number };
  leads: { projects: number; certified: number };
}

/** Funded contracts with their bids, of those delivered within `scope` (area prefixes; [""] is the whole district). */
function funded(data: DistrictData, scope: readonly string[]) {
  const q = data
    .selectFrom("project_contracts")
    .innerJoin("project_bids", (j) => j.onRef("project_bids.district_id", "=", "project_contracts.district_id").onRef("project_bids.id", "=", "project_contracts.bid_id"))
    .where("project_contracts.status", "in", FUNDED);
  return scope.includes("") ? q : q.where((eb) => eb.or(scope.map((s) => eb("project_bids.community_code", "like", `${s}%`))));
}

const paid = perContract("project_instalments", "coalesce(sum(amount_yuan), 0)", " and x.status = 'paid'");
const sums = [sql<number>`count(*)`.as("projects"), sql<number>`sum(project_contracts.amount_yuan)`.as("amountYuan"), paid.as("paidYuan")] as const;
type Sums = { label: string | null; labelEn?: string | null; projects: number; amountYuan: number; paidYuan: number };

/** Per service category, per 街道 of delivery and per organization: counted and summed by SQLite over every funded project. */
function fundsQueries(data: DistrictData, scope: readonly string[]) {
  return [
    funded(data, scope)
      .leftJoin("project_categories", (j) => j.onRef("project_categories.district_id", "=", "project_bids.district_id").onRef("project_categories.id", "=", "project_bids.category_id"))
      .groupBy("project_bids.category_id")
      .select(["project_categories.name_zh as label", "project_categories.name_en as labelEn", ...sums]),
    funded(data, scope)
      .groupBy(sql`substr(project_bids.community_code, 1, 9)`)
      .select([sql<string | null>`substr(project_bids.community_code, 1, 9)`.as("label"), ...sums]),
    funded(data, scope)
      .innerJoin("organizations", (j) => j.onRef("organizations.district_id", "=", "project_bids.district_id").onRef("organizations.id", "=", "project_bids.organization_id"))
      .groupBy("organizations.id")
      .select(["organizations.name as label", ...sums]),
  ];
}

const toRows = (rows: Sums[], label: (r: Sums) => string): FundsRow[] =>
  rows.map((r) => ({ label: label(r), projects: Number(r.projects), amountYuan: Number(r.amountYuan), paidYuan: Number(r.paidYuan) })).sort((a, b) => b.amountYuan - a.amountYuan);

type Labels = { locale: Locale; areaLabel: (code: string | null) => string };
const categoryLabel = (locale: Locale) => (r: Sums) => (locale === "en" && r.labelEn) || r.label || "";

/** Funds by service category and by 街道 of delivery over all of the district's funded projects, as the public list shows them. */
export async function fundsBy(data: DistrictData, { locale, areaLabel }: Labels): Promise<Pick<ProjectFigures, "byCategory" | "bySubdistrict">> {
  const [category, subdistrict] = await data.read<Sums>(fundsQueries(data, [""]).slice(0, 2));
  return { byCategory: toRows(category!, categoryLabel(locale)), bySubdistrict: toRows(subdistrict!, (r) => areaLabel(r.label)) };
}

/** The figures over the projects delivered within `scope` (area prefixes; [""] is the whole district), in one round trip. */
export async function projectFigures(data: DistrictData, locale: Locale, areaLabel: (code: string | null) => string, scope: readonly string[] = [""]): Promise<ProjectFigures> {
  const [category, subdistrict, organization, delivery, totals] = await data.read<Record<string, unknown>>([
    ...fundsQueries(data, scope),
    funded(data, scope)
      .select([
        "project_bids.title",
        "project_bids.beneficiaries as target",
        perContract("project_service_records", "count(*)", " and x.confirmed_at is not null").as("records"),
        perContract("project_service_records", "coalesce(sum(participants), 0)", " and x.confirmed_at is not null").as("reached"),
        perContract("project_feedback", "count(*)").as("responses"),
        perContract("project_feedback", "sum(rating >= 4)").as("satisfied"),
      ])
      .groupBy("project_contracts.id")
      .orderBy("project_contracts.starts_on", "desc"),
    funded(data, scope)
      .leftJoin("project_bid_team", (j) => j.onRef("project_bid_team.district_id", "=", "project_bids.district_id").onRef("project_bid_team.bid_id", "=", "project_bids.id").on("project_bid_team.is_lead", "=", 1))
      .leftJoin("social_workers", (j) => j.onRef("social_workers.district_id", "=", "project_bid_team.district_id").onRef("social_workers.id", "=", "project_bid_team.worker_id"))
      .select([
        sql<number>`count(*)`.as("projects"),
        sql<number>`coalesce(sum(social_workers.qualification <> 'none'), 0)`.as("certified"),
        perContract("project_feedback", "count(*)").as("responses"),
        perContract("project_feedback", "sum(rating >= 4)").as("satisfied"),
      ]),
  ]);
  const t = totals![0]!;
  return {
    byCategory: toRows(category as Sums[], categoryLabel(locale)),
    bySubdistrict: toRows(subdistrict as Sums[], (r) => areaLabel(r.label)),
    byOrganization: toRows(organization as Sums[], (r) => r.label ?? ""),
    delivery: delivery!.map((d) => {
      const n = Number(d.responses);
      return {
        title: String(d.title),
        target: Number(d.target),
        reached: Number(d.reached),
        records: Number(d.records),
        responses: n,
        satisfactionPercent: n ? Math.round((Number(d.satisfied) / n) * 1000) / 10 : null,
      };
    }),
    satisfaction: { responses: Number(t.responses ?? 0), satisfied: Number(t.satisfied ?? 0) },
    leads: { projects: Number(t.projects), certified: Number(t.certified) },
  };
}

/** The figures as one CSV: a section column, then the row's label and numbers. */
export function figuresCsv(f: ProjectFigures, heads: { section: Record<"category" | "subdistrict" | "organization" | "delivery", string>; columns: string[] }): string {
  const funds = (section: string, rows: FundsRow[]) => rows.map((r) => [section, r.label, r.projects, r.amountYuan, r.paidYuan, "", ""]);
  return toCsv([
    heads.columns,
    ...funds(heads.section.category, f.byCategory),
    ...funds(heads.section.subdistrict, f.bySubdistrict),
    ...funds(heads.section.organization, f.byOrganization),
    ...f.delivery.map((d) => [heads.section.delivery, d.title, d.records, d.target, d.reached, d.responses, d.satisfactionPercent ?? ""]),
  ]);
}
