import type { DistrictData } from "../../data/district-data";
import { inAreas } from "../../auth/scope";
import { notFound } from "../../http/errors";
import { rubricMaxSql } from "./evaluation-simplified";

// The reads behind the JSON lists of evaluations and annual reports: one page of rows,
// named as the API names them, and the count, in one round trip, newest first.

export const API_LIST_PAGE_SIZE = 50;

const total = (count: Record<string, unknown>[] | undefined) => Number(count?.[0]?.n ?? 0);

/** A district's evaluations of organizations in `areas` (optionally one round's), each with the grade it led to and that grade's term. */
export async function evaluationsPage(data: DistrictData, input: { page: number; roundId?: string; areas: readonly string[] }) {
  const { roundId } = input;
  if (roundId && !(await data.selectFrom("evaluation_rounds").select("id").where("id", "=", roundId).executeTakeFirst())) throw notFound();
  const base = data
    .selectFrom("evaluations")
    .innerJoin("evaluation_rounds", (j) => j.onRef("evaluation_rounds.district_id", "=", "evaluations.district_id").onRef("evaluation_rounds.id", "=", "evaluations.round_id"))
    .innerJoin("organizations", (j) => j.onRef("organizations.district_id", "=", "evaluations.district_id").onRef("organizations.id", "=", "evaluations.organization_id"))
    .where(inAreas("organizations.area_code", input.areas))
    .$if(!!roundId, (q) => q.where("evaluations.round_id", "=", roundId!));
  const [rows, count] = await data.read<Record<string, unknown>>([
    base
      .leftJoin("organization_grades", (j) => j.onRef("organization_grades.district_id", "=", "evaluations.district_id").onRef("organization_grades.evaluation_id", "=", "evaluations.id"))
      .select([
        "evaluations.id",
        "evaluations.round_id as roundId",
        "evaluation_rounds.title as roundTitle",
        "evaluation_rounds.year",
        "evaluations.organization_id as organizationId",
        "organizations.name as organizationName",
        "organizations.uscc",
        "evaluations.status",
        "evaluations.simplified_onsite as simplifiedOnsite",
        "evaluations.self_total as selfTotal",
        "evaluations.evaluator_total as evaluatorTotal",
        "evaluations.committee_total as committeeTotal",
        "evaluations.total",
        "evaluations.proposed_grade as proposedGrade",
        "evaluations.final_grade as finalGrade",
        "evaluations.announcement_id as announcementId",
        "organization_grades.grade",
        "organization_grades.valid_from as gradeValidFrom",
        "organization_grades.valid_until as gradeValidUntil",
        "organization_grades.status as gradeStatus",
      ])
      .select(rubricMaxSql(data).as("maxPoints"))
      .orderBy("evaluations.enrolled_at", "desc")
      .orderBy("evaluations.id")
      .limit(API_LIST_PAGE_SIZE)
      .offset((input.page - 1) * API_LIST_PAGE_SIZE),
    base.select((eb) => eb.fn.countAll<number>().as("n")),
  ]);
  return { rows: (rows ?? []).map((e) => ({ ...e, simplifiedOnsite: e.simplifiedOnsite === 1 })), total: total(count) };
}

/** Published annual reports of verified organizations (optionally one organization's, or one year's). */
export async function annualReportsPage(data: DistrictData, input: { page: number; organizationId?: string; year?: number }) {
  const { organizationId, year } = input;
  const base = data
    .selectFrom("disclosures")
    .innerJoin("organizations", (j) => j.onRef("organizations.district_id", "=", "disclosures.district_id").onRef("organizations.id", "=", "disclosures.organization_id"))
    .where("disclosures.kind", "=", "annual_report")
    .where("organizations.verification", "=", "verified")
    .$if(!!organizationId, (q) => q.where("disclosures.organization_id", "=", organizationId!))
    .$if(year !== undefined, (q) => q.where("disclosures.report_year", "=", year!));
  if (organizationId && !(await data.selectFrom("organizations").select("id").where("id", "=", organizationId).where("verification", "=", "verified").executeTakeFirst())) throw notFound();
  const [rows, count] = await data.read<Record<string, unknown>>([
    base
      .select([
        "disclosures.id",
        "disclosures.organization_id as organizationId",
        "organizations.name as organizationName",
        "organizations.uscc",
        "disclosures.report_year as reportYear",
        "disclosures.title",
        "disclosures.current_version as version",
        "disclosures.first_published_at as firstPublishedAt",
        "disclosures.updated_at as updatedAt",
      ])
      .orderBy("disclosures.first_published_at", "desc")
      .orderBy("disclosures.id")
      .limit(API_LIST_PAGE_SIZE)
      .offset((input.page - 1) * API_LIST_PAGE_SIZE),
    base.select((eb) => eb.fn.countAll<number>().as("n")),
  ]);
  return { rows: rows ?? [], total: total(count) };
}
