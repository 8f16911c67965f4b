import type { DistrictData } from "../../../data/district-data";
import { csvStream, type CsvValue } from "../../../lib/csv";
import type { Locale } from "../../../i18n/messages";
import { sql } from "kysely";
import { sameDistrict } from "../../../data/joins";
import { FUNDED, ofContract, perContract } from "./public";

// The buyer's figures over funded projects (signed, completed or terminated contracts):
// funds committed and paid by service category, 街道 and organization; delivery against
// the beneficiaries each project set out to reach (participants in confirmed service
// records); residents' satisfaction; and the share of projects led by a certified
// social worker. Every figure is counted by SQLite over the records themselves; the page
// lists the organizations with the most funds and one page of projects, so that it costs
// the same at 100,000 funded projects; the CSV holds every row, read a chunk at a time.

/** Projects on one page of the delivery table; organizations named before "and N more"; projects per CSV read. */
export const DELIVERY_PAGE = 50;
export const TOP_ORGANIZATIONS = 10;
const CSV_CHUNK = 1000;

export interface FundsRow {
  label: string;
  projects: number;
  amountYuan: number;
  paidYuan: number;
}

export interface Delivery {
  title: string;
  target: number;
  reached: number;
  records: number;
  satisfactionPercent: number | null;
  responses: number;
}

export interface ProjectFigures {
  byCategory: FundsRow[];
  bySubdistrict: FundsRow[];
  /** The TOP_ORGANIZATIONS with the most funds, of `organizations`. */
  byOrganization: FundsRow[];
  organizations: number;
  /** One page of DELIVERY_PAGE projects, newest start first. */
  delivery: Delivery[];
  satisfaction: { responses: number; satisfied: number };
  leads: { projects: number; certified: number };
}

/** Funded contracts with their bids, of those delivered within `scope` (area prefixes; [""] is the whole district). */
function funded(data: DistrictData, scope: readonly string[]) {
  const q = data.selectFrom("project_contracts").innerJoin("project_bids", sameDistrict("project_bids", "project_contracts.bid_id")).where("project_contracts.status", "in", FUNDED);
  return scope.includes("") ? q : q.where((eb) => eb.or(scope.map((s) => eb("project_bids.community_code", "like", `${s}%`))));
}

const paid = perContract("project_instalments", "coalesce(sum(amount_yuan), 0)", " and x.status = 'paid'");
const sums = [sql<number>`count(*)`.as("projects"), sql<number>`sum(project_contracts.amount_yuan)`.as("amountYuan"), paid.as("paidYuan")] as const;
type Sums = { label: string | null; labelEn?: string | null; projects: number; amountYuan: number; paidYuan: number };

/**
 * Per service category, per 街道 of delivery and per organization: counted and summed by
 * SQLite over every funded project; the `organizations` with the most funds (-1: SQLite's "no limit").
 */
function fundsQueries(data: DistrictData, scope: readonly string[], organizations = -1) {
  return [
    funded(data, scope)
      .leftJoin("project_categories", sameDistrict("project_categories", "project_bids.category_id"))
      .groupBy("project_bids.category_id")
      .select(["project_categories.name_zh as label", "project_categories.name_en as labelEn", ...sums]),
    funded(data, scope)
      .groupBy(sql`substr(project_bids.community_code, 1, 9)`)
      .select([sql<string | null>`substr(project_bids.community_code, 1, 9)`.as("label"), ...sums]),
    funded(data, scope)
      .innerJoin("organizations", sameDistrict("organizations", "project_bids.organization_id"))
      .groupBy("organizations.id")
      .select(["organizations.name as label", ...sums])
      .orderBy("amountYuan", "desc")
      .orderBy("organizations.id")
      .limit(organizations),
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

const CONFIRMED = " and x.confirmed_at is not null";

/** Each funded project's delivery, newest start first (ties by contract number): the start-date index's order. */
const deliveryQuery = (data: DistrictData, scope: readonly string[]) =>
  funded(data, scope)
    .select([
      "project_contracts.id",
      "project_contracts.starts_on as startsOn",
      "project_bids.title",
      "project_bids.beneficiaries as target",
      ofContract("project_service_records", "count(*)", CONFIRMED).as("records"),
      ofContract("project_service_records", "coalesce(sum(participants), 0)", CONFIRMED).as("reached"),
      ofContract("project_feedback", "count(*)").as("responses"),
      ofContract("project_feedback", "sum(rating >= 4)").as("satisfied"),
    ])
    .orderBy("project_contracts.starts_on", "desc")
    .orderBy("project_contracts.id", "desc");

const toDelivery = (d: Record<string, unknown>): Delivery => {
  const n = Number(d.responses);
  return {
    title: String(d.title),
    target: Number(d.target),
    reached: Number(d.reached),
    records: Number(d.records),
    responses: n,
    satisfactionPercent: n ? Math.round((Number(d.satisfied) / n) * 1000) / 10 : null,
  };
};

/** The figures over the projects delivered within `scope` (area prefixes; [""] is the whole district), with page `page` of the delivery table, in one round trip. */
export async function projectFigures(data: DistrictData, locale: Locale, areaLabel: (code: string | null) => string, scope: readonly string[] = [""], page = 1): Promise<ProjectFigures> {
  const [category, subdistrict, organization, delivery, totals] = await data.read<Record<string, unknown>>([
    ...fundsQueries(data, scope, TOP_ORGANIZATIONS),
    deliveryQuery(data, scope)
      .limit(DELIVERY_PAGE)
      .offset((page - 1) * DELIVERY_PAGE),
    funded(data, scope)
      .leftJoin("project_bid_team", (j) => j.onRef("project_bid_team.district_id", "=", "project_bids.district_id").onRef("project_bid_team.bid_id", "=", "project_bids.id").on("project_bid_team.is_lead", "=", 1))
      .leftJoin("social_workers", sameDistrict("social_workers", "project_bid_team.worker_id"))
      .select([
        sql<number>`count(*)`.as("projects"),
        sql<number>`count(distinct project_bids.organization_id)`.as("organizations"),
        sql<number>`coalesce(sum(social_workers.qualification <> 'none'), 0)`.as("certified"),
        perContract("project_feedback", "count(*)").as("responses"),
        perContract("project_feedback", "sum(rating >= 4)").as("satisfied"),
      ]),
  ]);
  const t = totals![0]!;
  return {
    byCategory: toRows(category as Sums[], categoryLabel(locale)),
    bySubdistrict: toRows(subdistrict as Sums[], (r) => areaLabel(r.label)),
    byOrganization: toRows(organization as Sums[], organizationLabel),
    organizations: Number(t.organizations),
    delivery: delivery!.map(toDelivery),
    satisfaction: { responses: Number(t.responses ?? 0), satisfied: Number(t.satisfied ?? 0) },
    leads: { projects: Number(t.projects), certified: Number(t.certified) },
  };
}

const organizationLabel = (r: Sums) => r.label ?? "";

/**
 * The figures as one CSV, read as it is sent: a section column, then the row's label and
 * numbers; funds by category, 街道 and every organization, then every project's delivery,
 * CSV_CHUNK projects a read, each chunk after the last one's (start date, contract number).
 */
export function figuresCsv(
  data: DistrictData,
  { locale, areaLabel }: Labels,
  scope: readonly string[],
  heads: { section: Record<"category" | "subdistrict" | "organization" | "delivery", string>; columns: string[] },
): ReadableStream<Uint8Array> {
  async function* chunks(): AsyncGenerator<CsvValue[][]> {
    const [category, subdistrict, organization] = await data.read<Sums>(fundsQueries(data, scope));
    const funds = (section: string, rows: FundsRow[]) => rows.map((r) => [section, r.label, r.projects, r.amountYuan, r.paidYuan, "", ""]);
    yield [
      heads.columns,
      ...funds(heads.section.category, toRows(category!, categoryLabel(locale))),
      ...funds(
        heads.section.subdistrict,
        toRows(subdistrict!, (r) => areaLabel(r.label)),
      ),
      ...funds(heads.section.organization, toRows(organization!, organizationLabel)),
    ];
    let after: { startsOn: string; id: string } | undefined;
    for (;;) {
      const last = after;
      const rows = await deliveryQuery(data, scope)
        .$if(!!last, (q) => q.where(sql<boolean>`(project_contracts.starts_on, project_contracts.id) < (${last?.startsOn}, ${last?.id})`))
        .limit(CSV_CHUNK)
        .execute();
      yield rows.map(toDelivery).map((d) => [heads.section.delivery, d.title, d.records, d.target, d.reached, d.responses, d.satisfactionPercent ?? ""]);
      if (rows.length < CSV_CHUNK) return;
      after = rows.at(-1);
    }
  }
  return csvStream(chunks());
}
