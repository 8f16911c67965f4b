import type { DistrictData } from "../../data/district-data";
import { notFound } from "../../http/errors";
import { rubricMaxSql } from "./evaluation-simplified";

// The reads behind the JSON lists of evaluations and annual reports: one page of rows and
// the count, in one round trip, newest first.

export const API_LIST_PAGE_SIZE = 50;

/** A district's evaluations (optionally one round's), each with the grade it led to and that grade's term. */
export async function evaluationsPage(data: DistrictData, input: { page: number; roundId?: string }) {
  if (input.roundId && !(await data.selectFrom("evaluation_rounds").select("id").where("id", "=", input.roundId).executeTakeFirst())) throw notFound();
  const base = data
    .selectFrom("evaluations")
    .innerJoin("evaluation_rounds", (j) => j.onRef("evaluation_rounds.district_id", "=", "evaluations.district_id").onRef("evaluation_rounds.id", "=", "evaluations.round_id"))
    .innerJoin("organizations", (j) => j.onRef("organizations.district_id", "=", "evaluations.district_id").onRef("organizations.id", "=", "evaluations.organization_id"))
    .$if(!!input.roundId, (q) => q.where("evaluations.round_id", "=", input.roundId!));
  const [rows, count] = await data.read<Record<string, unknown>>([
    base
      .leftJoin("organization_grades", (j) => j.onRef("organization_grades.district_id", "=", "evaluations.district_id").onRef("organization_grades.evaluation_id", "=", "evaluations.id"))
      .select([
        "evaluations.id",
        "evaluations.round_id",
        "evaluation_rounds.title as round_title",
        "evaluation_rounds.year",
        "evaluations.organization_id",
        "organizations.name",
        "organizations.uscc",
        "evaluations.status",
        "evaluations.simplified_onsite",
        "evaluations.self_total",
        "evaluations.evaluator_total",
        "evaluations.committee_total",
        "evaluations.total",
        "evaluations.proposed_grade",
        "evaluations.final_grade",
        "evaluations.announcement_id",
        "organization_grades.grade",
        "organization_grades.valid_from",
        "organization_grades.valid_until",
        "organization_grades.status as grade_status",
      ])
      .select(rubricMaxSql(data).as("max"))
      .orderBy("evaluations.enrolled_at", "desc")
      .orderBy("evaluations.id")
      .limit(API_LIST_PAGE_SIZE)
      .offset((input.page - 1) * API_LIST_PAGE_SIZE),
    base.select((eb) => eb.fn.countAll<number>().as("n")),
  ]);
  return { rows: (rows ?? []) as unknown as EvaluationListRow[], total: Number(count?.[0]?.n ?? 0) };
}

export type EvaluationListRow = {
  id: string;
  round_id: string;
  round_title: string;
  year: number;
  organization_id: string;
  name: string;
  uscc: string | null;
  status: string;
  simplified_onsite: number;
  self_total: number | null;
  evaluator_total: number | null;
  committee_total: number | null;
  total: number | null;
  proposed_grade: string | null;
  final_grade: string | null;
  announcement_id: string | null;
  grade: string | null;
  valid_from: string | null;
  valid_until: string | null;
  grade_status: string | null;
  max: number;
};

/** Published annual reports of verified organizations (optionally one organization's, or one year's). */
export async function annualReportsPage(data: DistrictData, input: { page: number; organizationId?: string; year?: number }) {
  if (input.organizationId && !(await data.selectFrom("organizations").select("id").where("id", "=", input.organizationId).where("verification", "=", "verified").executeTakeFirst())) throw notFound();
  const base = data
    .selectFrom("disclosures")
    .innerJoin("organizations", (j) => j.onRef("organizations.district_id", "=", "disclosures.district_id").onRef("organizations.id", "=", "disclosures.organization_id"))
    .where("disclosures.kind", "=", "annual_report")
    .where("organizations.verification", "=", "verified")
    .$if(!!input.organizationId, (q) => q.where("disclosures.organization_id", "=", input.organizationId!))
    .$if(input.year !== undefined, (q) => q.where("disclosures.report_year", "=", input.year!));
  const [rows, count] = await data.read<Record<string, unknown>>([
    base
      .select([
        "disclosures.id",
        "disclosures.organization_id",
        "organizations.name",
        "organizations.uscc",
        "disclosures.report_year",
        "disclosures.title",
        "disclosures.current_version",
        "disclosures.first_published_at",
        "disclosures.updated_at",
      ])
      .orderBy("disclosures.first_published_at", "desc")
      .orderBy("disclosures.id")
      .limit(API_LIST_PAGE_SIZE)
      .offset((input.page - 1) * API_LIST_PAGE_SIZE),
    base.select((eb) => eb.fn.countAll<number>().as("n")),
  ]);
  return {
    rows: (rows ?? []) as unknown as {
      id: string;
      organization_id: string;
      name: string;
      uscc: string | null;
      report_year: number | null;
      title: string;
      current_version: number;
      first_published_at: string;
      updated_at: string;
    }[],
    total: Number(count?.[0]?.n ?? 0),
  };
}
