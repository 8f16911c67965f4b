import type { DistrictData } from "../../../data/district-data";
import { toCsv } from "../../../lib/csv";
import type { Locale } from "../../../i18n/messages";
import { fundedProjects, type FundedProject } from "./public";
import { sameDistrict } from "../../../data/joins";

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

function group(rows: { key: string; amountYuan: number; paidYuan: number }[]): FundsRow[] {
  const out = new Map<string, FundsRow>();
  for (const r of rows) {
    const g = out.get(r.key) ?? { label: r.key, projects: 0, amountYuan: 0, paidYuan: 0 };
    g.projects += 1;
    g.amountYuan += r.amountYuan;
    g.paidYuan += r.paidYuan;
    out.set(r.key, g);
  }
  return [...out.values()].sort((a, b) => b.amountYuan - a.amountYuan);
}

/** Funds by service category and by 街道 of delivery: what the public list also shows, from the same rows. */
export function fundsBy(projects: readonly FundedProject[], locale: Locale, areaLabel: (code: string | null) => string): Pick<ProjectFigures, "byCategory" | "bySubdistrict"> {
  return {
    byCategory: group(projects.map((p) => ({ key: (locale === "en" && p.categoryEn) || p.categoryZh, amountYuan: p.amountYuan, paidYuan: p.paidYuan }))),
    bySubdistrict: group(projects.map((p) => ({ key: areaLabel(p.communityCode ? p.communityCode.slice(0, 9) : null), amountYuan: p.amountYuan, paidYuan: p.paidYuan }))),
  };
}

/** The figures over the projects delivered within `scope` (area prefixes; [""] is the whole district). */
export async function projectFigures(data: DistrictData, locale: Locale, areaLabel: (code: string | null) => string, scope: readonly string[] = [""]): Promise<ProjectFigures> {
  const projects = await fundedProjects(data, { areas: scope });
  const ids = projects.map((p) => p.id);
  const [delivered, feedback, leads] = ids.length
    ? await data.read<Record<string, unknown>>([
        data
          .selectFrom("project_service_records")
          .select((eb) => ["contract_id", eb.fn.countAll<number>().as("n"), eb.fn.sum<number>("participants").as("people")])
          .where("contract_id", "in", ids)
          .where("confirmed_at", "is not", null)
          .groupBy("contract_id"),
        data
          .selectFrom("project_feedback")
          .select((eb) => ["contract_id", eb.fn.countAll<number>().as("n"), eb.fn.sum<number>(eb.case().when("rating", ">=", 4).then(1).else(0).end()).as("satisfied")])
          .where("contract_id", "in", ids)
          .groupBy("contract_id"),
        data
          .selectFrom("project_contracts")
          .innerJoin("project_bids", sameDistrict("project_bids", "project_contracts.bid_id"))
          .innerJoin("project_bid_team", (j) => j.onRef("project_bid_team.district_id", "=", "project_bids.district_id").onRef("project_bid_team.bid_id", "=", "project_bids.id"))
          .innerJoin("social_workers", sameDistrict("social_workers", "project_bid_team.worker_id"))
          .select(["project_contracts.id as contract_id", "social_workers.qualification"])
          .where("project_contracts.id", "in", ids)
          .where("project_bid_team.is_lead", "=", 1),
      ])
    : [[], [], []];
  const by = <T extends Record<string, unknown>>(rows: T[]) => new Map(rows.map((r) => [String(r.contract_id), r]));
  const records = by(delivered!);
  const answers = by(feedback!);
  const lead = by(leads!);
  const targets = ids.length
    ? new Map(
        (
          await data
            .selectFrom("project_contracts")
            .innerJoin("project_bids", sameDistrict("project_bids", "project_contracts.bid_id"))
            .select(["project_contracts.id", "project_bids.beneficiaries"])
            .where("project_contracts.id", "in", ids)
            .execute()
        ).map((r) => [r.id, r.beneficiaries]),
      )
    : new Map<string, number>();
  const responses = feedback!.reduce((s, r) => s + Number(r.n), 0);
  return {
    ...fundsBy(projects, locale, areaLabel),
    byOrganization: group(projects.map((p) => ({ key: p.organizationName, amountYuan: p.amountYuan, paidYuan: p.paidYuan }))),
    delivery: projects.map((p) => {
      const a = answers.get(p.id);
      const n = Number(a?.n ?? 0);
      return {
        title: p.title,
        target: targets.get(p.id) ?? 0,
        reached: Number(records.get(p.id)?.people ?? 0),
        records: Number(records.get(p.id)?.n ?? 0),
        responses: n,
        satisfactionPercent: n ? Math.round((Number(a!.satisfied) / n) * 1000) / 10 : null,
      };
    }),
    satisfaction: { responses, satisfied: feedback!.reduce((s, r) => s + Number(r.satisfied), 0) },
    leads: { projects: projects.length, certified: projects.filter((p) => lead.has(p.id) && lead.get(p.id)!.qualification !== "none").length },
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
