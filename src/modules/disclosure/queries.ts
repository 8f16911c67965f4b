import type { DistrictData } from "../../data/district-data";
import { rubricMaxSql } from "./evaluation-simplified";
import { notFound } from "../../http/errors";
import { byRelevanceThenPinyin, organizationNameContains } from "../../lib/name-search";
import type { Selectable } from "kysely";
import type { CreditListEntriesTable } from "../../data/schema";
import type { DisclosureTables } from "./tables";
import { incubationsOfOrganizationQuery, type OrganizationIncubation } from "../incubation";

// Public reads: what anyone may see. Personal data columns (legal_rep_id_*, *_phone_*)
// are never selected here, so no public page or file can leak them by mistake.

/** The registry's public columns, shared by the public pages and the open dataset. */
export const REGISTRY_COLUMNS = [
  "id",
  "name",
  "uscc",
  "kind",
  "org_type",
  "area_code",
  "registration_authority",
  "registration_scope",
  "registered_on",
  "domicile",
  "business_scope",
  "legal_rep_name",
  "grade",
  "grade_status",
  "grade_valid_until",
  "list_status",
  "filing_status",
  "last_report_year",
] as const;

export const PUBLIC_ORG_COLUMNS = [...REGISTRY_COLUMNS, "association_subtype", "verification", "last_report_filed_on", "updated_at"] as const;

export interface PublicOrg {
  id: string;
  name: string;
  uscc: string | null;
  kind: "registered" | "founding_team";
  org_type: string;
  association_subtype: string;
  area_code: string | null;
  verification: string;
  registration_authority: string;
  registration_scope: "own" | "other" | "filed";
  registered_on: string | null;
  domicile: string;
  business_scope: string;
  legal_rep_name: string;
  grade: string | null;
  grade_status: string;
  grade_valid_until: string | null;
  list_status: string;
  filing_status: string;
  last_report_year: number | null;
  last_report_filed_on: string | null;
  updated_at: string;
}

export type AreaMap = Map<string, { name_zh: string; name_en: string; level: string }>;

/** The district's areas for labels and filters; a query to batch with a page's others. */
export function areasQuery(data: DistrictData) {
  return data.selectFrom("areas").select(["code", "name_zh", "name_en", "level"]).orderBy("code");
}

export function toAreaMap(rows: readonly Record<string, unknown>[]): AreaMap {
  return new Map(rows.map((r) => [String(r.code), { name_zh: String(r.name_zh), name_en: String(r.name_en), level: String(r.level) }]));
}

export async function areaMap(data: DistrictData): Promise<AreaMap> {
  return toAreaMap(await areasQuery(data).execute());
}

export interface DisclosureSummary {
  id: string;
  kind: string;
  report_year: number | null;
  title: string;
  current_version: number;
  first_published_at: string;
  updated_at: string;
}

export type EntryRow = Pick<
  Selectable<CreditListEntriesTable>,
  | "id"
  | "organization_id"
  | "list"
  | "reason_code"
  | "reason"
  | "legal_basis"
  | "deciding_body"
  | "decided_on"
  | "event_on"
  | "needs_rectification"
  | "clock_started_on"
  | "rectification_verified_on"
  | "exit_due_on"
  | "exited_on"
  | "exit_reason"
  | "exit_note"
  | "version"
  | "created_at"
>;

export type EventRow = Pick<Selectable<DisclosureTables["credit_list_events"]>, "id" | "entry_id" | "kind" | "on_date" | "note" | "detail_json" | "public" | "at">;

export type AdjustmentRow = { id: string; kind: string; outcome: string; from_grade: string; to_grade: string | null; reason: string; decided_on: string };

export interface PublicGrade {
  id: string;
  grade: string;
  total: number | null;
  scale: number;
  awarded_on: string;
  valid_from: string | null;
  valid_until: string;
  status: string;
  ended_on: string | null;
  announcement_id: string | null;
}

/** Everything the public organization page shows, area names included, in one round trip. */
export async function organizationPage(data: DistrictData, id: string) {
  const [orgs, fields, grades, entries, events, disclosures, evaluations, incubations, areas, adjustments, registration] = await data.read<Record<string, unknown>>([
    data.selectFrom("organizations").select(PUBLIC_ORG_COLUMNS).where("id", "=", id).where("verification", "=", "verified"),
    data.selectFrom("organization_service_fields").select("field").where("organization_id", "=", id).orderBy("field"),
    data.selectFrom("organization_grades").select(["id", "grade", "total", "scale", "awarded_on", "valid_from", "valid_until", "status", "ended_on", "announcement_id"]).where("organization_id", "=", id).orderBy("awarded_on", "desc"),
    data.selectFrom("credit_list_entries").selectAll().where("organization_id", "=", id).orderBy("decided_on", "desc"),
    data.selectFrom("credit_list_events").select(["id", "entry_id", "kind", "on_date", "note", "detail_json", "public", "at"]).where("organization_id", "=", id).where("public", "=", 1).orderBy("at"),
    data.selectFrom("disclosures").select(["id", "kind", "report_year", "title", "current_version", "first_published_at", "updated_at"]).where("organization_id", "=", id).orderBy("first_published_at", "desc"),
    data
      .selectFrom("evaluations")
      .innerJoin("evaluation_rounds", (j) => j.onRef("evaluation_rounds.district_id", "=", "evaluations.district_id").onRef("evaluation_rounds.id", "=", "evaluations.round_id"))
      .select([
        "evaluations.id",
        "evaluations.status",
        "evaluations.total",
        "evaluations.proposed_grade",
        "evaluations.final_grade",
        "evaluations.finalized_at",
        "evaluations.simplified_onsite",
        "evaluation_rounds.title",
        "evaluation_rounds.year",
      ])
      .select(rubricMaxSql(data).as("max"))
      .where("evaluations.organization_id", "=", id)
      .where("evaluations.status", "in", ["in_notice", "final"])
      .orderBy("evaluations.enrolled_at", "desc"),
    incubationsOfOrganizationQuery(data, id),
    areasQuery(data),
    data.selectFrom("grade_adjustments").select(["id", "kind", "outcome", "from_grade", "to_grade", "reason", "decided_on"]).where("organization_id", "=", id).orderBy("decided_on", "desc").orderBy("at", "desc"),
    data.selectFrom("organizations").select(["registration_status", "registration_status_on"]).where("id", "=", id),
  ]);
  const org = orgs?.[0] as PublicOrg | undefined;
  if (!org) throw notFound();
  return {
    org,
    fields: (fields ?? []).map((f) => String(f.field)),
    grades: (grades ?? []) as unknown as PublicGrade[],
    adjustments: (adjustments ?? []) as unknown as AdjustmentRow[],
    registration: (registration?.[0] ?? { registration_status: "active", registration_status_on: null }) as { registration_status: "active" | "deregistered" | "revoked" | "license_revoked"; registration_status_on: string | null },
    entries: (entries ?? []) as unknown as EntryRow[],
    events: (events ?? []) as unknown as EventRow[],
    disclosures: (disclosures ?? []) as unknown as DisclosureSummary[],
    evaluations: (evaluations ?? []) as {
      id: string;
      status: string;
      total: number | null;
      proposed_grade: string | null;
      final_grade: string | null;
      finalized_at: string | null;
      simplified_onsite: number;
      max: number;
      title: string;
      year: number;
    }[],
    incubations: (incubations ?? []) as unknown as OrganizationIncubation[],
    areas: toAreaMap(areas ?? []),
  };
}

/** An attachment of a verified organization's disclosure, as the public download serves it; otherwise 404. */
export async function publicAttachment(data: DistrictData, input: { disclosureId: string; attachmentId: string }) {
  const row = await data
    .selectFrom("disclosure_attachments")
    .innerJoin("disclosures", (j) => j.onRef("disclosures.district_id", "=", "disclosure_attachments.district_id").onRef("disclosures.id", "=", "disclosure_attachments.disclosure_id"))
    .innerJoin("organizations", (j) => j.onRef("organizations.district_id", "=", "disclosures.district_id").onRef("organizations.id", "=", "disclosures.organization_id"))
    .select(["disclosure_attachments.r2_key", "disclosure_attachments.filename", "disclosure_attachments.content_type", "organizations.verification"])
    .where("disclosure_attachments.id", "=", input.attachmentId)
    .where("disclosure_attachments.disclosure_id", "=", input.disclosureId)
    .executeTakeFirst();
  if (row?.verification !== "verified") throw notFound();
  return row;
}

/** A disclosure with every version and attachment, for its public page. */
export async function disclosurePage(data: DistrictData, id: string) {
  const [rows, versions, attachments] = await data.read<Record<string, unknown>>([
    data
      .selectFrom("disclosures")
      .innerJoin("organizations", (j) => j.onRef("organizations.district_id", "=", "disclosures.district_id").onRef("organizations.id", "=", "disclosures.organization_id"))
      .select([
        "disclosures.id",
        "disclosures.organization_id",
        "disclosures.kind",
        "disclosures.report_year",
        "disclosures.title",
        "disclosures.current_version",
        "disclosures.first_published_at",
        "disclosures.updated_at",
        "organizations.name as organization_name",
        "organizations.verification",
      ])
      .where("disclosures.id", "=", id),
    data.selectFrom("disclosure_versions").select(["version", "title", "content_json", "correction_note", "published_at"]).where("disclosure_id", "=", id).orderBy("version", "desc"),
    data.selectFrom("disclosure_attachments").select(["id", "version", "filename", "content_type", "size", "uploaded_at"]).where("disclosure_id", "=", id).orderBy("version").orderBy("uploaded_at"),
  ]);
  const d = rows?.[0] as (DisclosureSummary & { organization_id: string; organization_name: string; verification: string }) | undefined;
  if (!d) throw notFound();
  return {
    disclosure: d,
    versions: (versions ?? []) as { version: number; title: string; content_json: string; correction_note: string | null; published_at: string }[],
    attachments: (attachments ?? []) as { id: string; version: number; filename: string; content_type: string; size: number; uploaded_at: string }[],
  };
}

export const CREDIT_LIST_PAGE_SIZE = 50;

/**
 * One page of a list's active entries with their count, and (on the first page) those
 * that left since `sinceDate`: one round trip. With a keyword, the entries of the
 * organizations whose names contain it (up to 200), by relevance, then in pinyin order.
 */
export async function creditList(data: DistrictData, list: "abnormal" | "serious", sinceDate: string, page = 1, q = "") {
  if (q) return creditListSearch(data, list, sinceDate, page, q);
  const base = () => creditListEntries(data, list);
  const [active, counted, left] = await data.read<Record<string, unknown>>([
    base()
      .where("credit_list_entries.exited_on", "is", null)
      .orderBy("credit_list_entries.decided_on", "desc")
      .orderBy("credit_list_entries.id")
      .limit(CREDIT_LIST_PAGE_SIZE)
      .offset((page - 1) * CREDIT_LIST_PAGE_SIZE),
    data
      .selectFrom("credit_list_entries")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("list", "=", list)
      .where("exited_on", "is", null),
    ...(page === 1 ? [base().where("credit_list_entries.exited_on", ">=", sinceDate).orderBy("credit_list_entries.exited_on", "desc").limit(200)] : []),
  ]);
  type Row = {
    id: string;
    organization_id: string;
    reason_code: string;
    reason: string;
    legal_basis: string;
    deciding_body: string;
    decided_on: string;
    exited_on: string | null;
    exit_reason: string | null;
    name: string;
    uscc: string | null;
  };
  return { active: (active ?? []) as unknown as Row[], activeTotal: Number(counted?.[0]?.n ?? 0), left: (left ?? []) as unknown as Row[], page, pages: Math.max(1, Math.ceil(Number(counted?.[0]?.n ?? 0) / CREDIT_LIST_PAGE_SIZE)) };
}

type CreditListRow = Awaited<ReturnType<ReturnType<typeof creditListEntries>["execute"]>>[number];

function creditListEntries(data: DistrictData, list: "abnormal" | "serious") {
  return data
    .selectFrom("credit_list_entries")
    .innerJoin("organizations", (j) => j.onRef("organizations.district_id", "=", "credit_list_entries.district_id").onRef("organizations.id", "=", "credit_list_entries.organization_id"))
    .select([
      "credit_list_entries.id",
      "credit_list_entries.organization_id",
      "credit_list_entries.reason_code",
      "credit_list_entries.reason",
      "credit_list_entries.legal_basis",
      "credit_list_entries.deciding_body",
      "credit_list_entries.decided_on",
      "credit_list_entries.exited_on",
      "credit_list_entries.exit_reason",
      "organizations.name",
      "organizations.uscc",
    ])
    .where("credit_list_entries.list", "=", list);
}

async function creditListSearch(data: DistrictData, list: "abnormal" | "serious", sinceDate: string, page: number, q: string) {
  const named = () => creditListEntries(data, list).where(organizationNameContains(data.districtId, q));
  const [active, left] = await data.read<CreditListRow>([
    named().where("credit_list_entries.exited_on", "is", null).limit(SEARCH_LIMIT),
    ...(page === 1 ? [named().where("credit_list_entries.exited_on", ">=", sinceDate).limit(SEARCH_LIMIT)] : []),
  ]);
  const found = byRelevanceThenPinyin(active ?? [], q);
  const start = (page - 1) * CREDIT_LIST_PAGE_SIZE;
  return { active: found.slice(start, start + CREDIT_LIST_PAGE_SIZE), activeTotal: found.length, left: byRelevanceThenPinyin(left ?? [], q), page, pages: Math.max(1, Math.ceil(found.length / CREDIT_LIST_PAGE_SIZE)) };
}

/** Entries found by a keyword: a word that matches more is a word to narrow. */
const SEARCH_LIMIT = 200;

/** Figures for the district home page. */
export async function homeFigures(data: DistrictData) {
  const [orgs, graded, lists] = await data.read<Record<string, unknown>>([
    data
      .selectFrom("organizations")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("verification", "=", "verified")
      .where("kind", "=", "registered"),
    data
      .selectFrom("organizations")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("verification", "=", "verified")
      .where("grade_status", "=", "valid")
      .where("grade", "in", ["5A", "4A", "3A"]),
    data
      .selectFrom("organizations")
      .select(["list_status", (eb) => eb.fn.countAll<number>().as("n")])
      .where("verification", "=", "verified")
      .where("list_status", "in", ["abnormal", "serious"])
      .groupBy("list_status"),
  ]);
  const list = (s: string) => Number((lists ?? []).find((r) => r.list_status === s)?.n ?? 0);
  return { organizations: Number(orgs?.[0]?.n ?? 0), graded: Number(graded?.[0]?.n ?? 0), abnormal: list("abnormal"), serious: list("serious") };
}
