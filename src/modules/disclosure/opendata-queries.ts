import { sql } from "kysely";
import type { DistrictData } from "../../data/district-data";
import { sameDistrict } from "../../data/joins";
import { creditGround } from "./credit-grounds";
import { REGISTRY_COLUMNS } from "./queries";

// The rows of each open dataset, a page at a time in an index's order (newest first,
// ties by id), with only the columns the open-data page documents.

export type OpenRow = Record<string, string | number | null>;
type Window = { offset: number; limit: number };

/** How many rows a dataset has: verified organizations, their grades and grade decisions, every credit-list entry. */
export async function openCount(data: DistrictData, table: "organizations" | "organization_grades" | "grade_adjustments" | "credit_list_entries"): Promise<number> {
  const n = sql<number>`count(*)`.as("n");
  const row =
    table === "organizations"
      ? await data.selectFrom("organizations").select(n).where("verification", "=", "verified").executeTakeFirst()
      : table === "credit_list_entries"
        ? await data.selectFrom("credit_list_entries").select(n).executeTakeFirst()
        : await data
            .selectFrom(table)
            .innerJoin("organizations", sameDistrict("organizations", `${table}.organization_id`))
            .select(n)
            .where("organizations.verification", "=", "verified")
            .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The verified organizations with their service fields and public page; never personal data beyond the legal representative's name. */
export async function openRegistry(data: DistrictData, origin: string, window: Window): Promise<OpenRow[]> {
  const page = () => data.selectFrom("organizations").where("verification", "=", "verified").orderBy("name_key").orderBy("id").limit(window.limit).offset(window.offset);
  // The page's service fields in the same trip: those of the organizations the page holds.
  const [orgs, fields] = await data.read<Record<string, string | number | null>>([
    page().select([...REGISTRY_COLUMNS, "registration_status", "registration_status_on"]),
    data.selectFrom("organization_service_fields").select(["organization_id", "field"]).where("organization_id", "in", page().select("id")).orderBy("organization_id").orderBy("field"),
  ]);
  const byOrg = new Map<string, string[]>();
  for (const row of fields ?? []) byOrg.set(String(row.organization_id), [...(byOrg.get(String(row.organization_id)) ?? []), String(row.field)]);
  return (orgs ?? []).map((o) => {
    const { last_report_year, ...rest } = o;
    return { ...rest, service_fields: (byOrg.get(String(o.id)) ?? []).join(";"), last_report_year: last_report_year ?? null, url: `${origin}/organizations/${o.id}` };
  });
}

/** Every grade of a verified organization, newest first. */
export async function openGrades(data: DistrictData, window: Window): Promise<OpenRow[]> {
  return (await data
    .selectFrom("organization_grades")
    .innerJoin("organizations", (j) => j.onRef("organizations.district_id", "=", "organization_grades.district_id").onRef("organizations.id", "=", "organization_grades.organization_id"))
    .select([
      "organization_grades.organization_id",
      "organizations.name as organization_name",
      "organizations.uscc",
      "organization_grades.grade",
      "organization_grades.total",
      "organization_grades.scale",
      "organization_grades.awarded_on",
      "organization_grades.valid_from",
      "organization_grades.valid_until",
      "organization_grades.status",
    ])
    .where("organizations.verification", "=", "verified")
    .orderBy("organization_grades.awarded_on", "desc")
    .orderBy("organization_grades.id")
    .limit(window.limit)
    .offset(window.offset)
    .execute()) as Record<string, string | number | null>[];
}

/** Every grade decision about a verified organization, newest first. */
export async function openGradeAdjustments(data: DistrictData, window: Window): Promise<OpenRow[]> {
  return (await data
    .selectFrom("grade_adjustments")
    .innerJoin("organizations", (j) => j.onRef("organizations.district_id", "=", "grade_adjustments.district_id").onRef("organizations.id", "=", "grade_adjustments.organization_id"))
    .select([
      "grade_adjustments.organization_id",
      "organizations.name as organization_name",
      "organizations.uscc",
      "grade_adjustments.kind",
      "grade_adjustments.outcome",
      "grade_adjustments.from_grade",
      "grade_adjustments.to_grade",
      "grade_adjustments.reason",
      "grade_adjustments.decided_on",
    ])
    .where("organizations.verification", "=", "verified")
    .orderBy("grade_adjustments.decided_on", "desc")
    .orderBy("grade_adjustments.id")
    .limit(window.limit)
    .offset(window.offset)
    .execute()) as Record<string, string | number | null>[];
}

/** Every credit-list entry, newest first. */
export async function openCreditLists(data: DistrictData, window: Window): Promise<OpenRow[]> {
  return (
    await data
      .selectFrom("credit_list_entries")
      .innerJoin("organizations", (j) => j.onRef("organizations.district_id", "=", "credit_list_entries.district_id").onRef("organizations.id", "=", "credit_list_entries.organization_id"))
      .select([
        "credit_list_entries.id as entry_id",
        "credit_list_entries.organization_id",
        "organizations.name as organization_name",
        "organizations.uscc",
        "credit_list_entries.list",
        "credit_list_entries.reason_code",
        "credit_list_entries.reason",
        "credit_list_entries.legal_basis",
        "credit_list_entries.deciding_body",
        "credit_list_entries.decided_on",
        "credit_list_entries.exited_on",
        "credit_list_entries.exit_reason",
      ])
      .orderBy("credit_list_entries.decided_on", "desc")
      .orderBy("credit_list_entries.id")
      .limit(window.limit)
      .offset(window.offset)
      .execute()
  ).map((r) => ({ ...r, ground_item: creditGround(r.list, r.reason_code)?.item ?? null })) as Record<string, string | number | null>[];
}
