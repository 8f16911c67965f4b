import type { DistrictData } from "../../data/district-data";
import { formatReceiptNo } from "../../receipts";
import { APPLICATION_RECEIPT } from "./receipt-kind";

// The lists the incubation pages and API show as they are: what a visitor sees of the
// parks and open calls, and what an organization sees of its own applications.

/** Every park with its services, for the public API. */
export function parksForApi(data: DistrictData) {
  return data.selectFrom("parks").select(["id", "name", "level", "area_code", "operator_name", "address", "services_json", "physical", "virtual"]).orderBy("name").execute();
}

function openCalls(data: DistrictData, now: string) {
  return data.selectFrom("calls").select(["id", "park_id", "title", "opens_at", "closes_at", "places"]).where("status", "=", "published").where("closes_at", ">", now).orderBy("closes_at");
}

/** The public index: parks and the calls still open at `now`, in one round trip. */
export async function parksAndOpenCalls(data: DistrictData, now: string) {
  const [parks = [], calls = []] = await data.read<Record<string, string>>([data.selectFrom("parks").select(["id", "name", "level", "operator_name", "address", "virtual"]).orderBy("name"), openCalls(data, now)]);
  return { parks, calls };
}

/** A park's public page: spaces by kind and state, its residents, its open calls. */
export async function parkFacts(data: DistrictData, parkId: string, now: string) {
  const [spaces = [], residents = [], calls = []] = await data.read<Record<string, string | number>>([
    data
      .selectFrom("park_spaces")
      .select(["kind", "status", (eb) => eb.fn.countAll<number>().as("n")])
      .where("park_id", "=", parkId)
      .groupBy(["kind", "status"]),
    // Its residents: the organizations incubated there now.
    data
      .selectFrom("incubations")
      .where("incubations.park_id", "=", parkId)
      .where("incubations.status", "=", "active")
      .innerJoin("organizations", (j) => j.onRef("organizations.district_id", "=", "incubations.district_id").onRef("organizations.id", "=", "incubations.organization_id"))
      .select(["organizations.name", "incubations.started_on", "incubations.planned_end_on"])
      .orderBy("incubations.started_on"),
    openCalls(data, now).where("park_id", "=", parkId),
  ]);
  return { spaces, residents, calls };
}

/** The organizations' applications, each with its receipt (joined: no extra round trip). */
function ownApplications(data: DistrictData, organizations: string[]) {
  return data
    .selectFrom("applications")
    .leftJoin("receipts", (j) => j.onRef("receipts.district_id", "=", "applications.district_id").on("receipts.kind", "=", APPLICATION_RECEIPT).onRef("receipts.subject_id", "=", "applications.id"))
    .select(["receipts.year as receipt_year", "receipts.seq as receipt_seq"])
    .where("applications.organization_id", "in", organizations)
    .orderBy("applications.updated_at", "desc");
}

function withReceiptNo<R extends { receipt_year: number | null; receipt_seq: number | null }>(data: DistrictData, rows: R[]) {
  return rows.map(({ receipt_year, receipt_seq, ...row }) => ({ ...row, receiptNo: receipt_year === null || receipt_seq === null ? null : formatReceiptNo(data.districtId, receipt_year, receipt_seq) }));
}

/** The organizations' applications (with their call and receipt) and incubations, newest first. */
export async function organizationsOwn(data: DistrictData, organizations: string[]) {
  if (organizations.length === 0) return { apps: [], incubations: [] };
  const [apps = [], incubations = []] = await data.read<Record<string, string>>([
    ownApplications(data, organizations)
      .innerJoin("calls", (j) => j.onRef("calls.district_id", "=", "applications.district_id").onRef("calls.id", "=", "applications.call_id"))
      .select(["applications.id", "applications.status", "applications.updated_at", "calls.title"]),
    data
      .selectFrom("incubations")
      .innerJoin("parks", (j) => j.onRef("parks.district_id", "=", "incubations.district_id").onRef("parks.id", "=", "incubations.park_id"))
      .select(["incubations.id", "incubations.status", "incubations.started_on", "incubations.planned_end_on", "parks.name"])
      .where("incubations.organization_id", "in", organizations),
  ]);
  return { apps: withReceiptNo(data, apps as unknown as { id: string; status: string; title: string; receipt_year: number | null; receipt_seq: number | null }[]), incubations };
}

/** The organizations' applications as the API lists them, each with its receipt number once submitted. */
export async function applicationRows(data: DistrictData, organizations: string[]) {
  if (organizations.length === 0) return [];
  const rows = await ownApplications(data, organizations)
    .select(["applications.id", "applications.call_id", "applications.status", "applications.version", "applications.submitted_at", "applications.eligibility_due_on", "applications.updated_at"])
    .execute();
  return withReceiptNo(data, rows);
}

export function organizationOf(data: DistrictData, organizationId: string) {
  return data.selectFrom("organizations").select(["name", "kind"]).where("id", "=", organizationId).executeTakeFirstOrThrow();
}

/** Who was asked to review a subject, and where each stands. */
export function assignmentsOf(data: DistrictData, subjectId: string) {
  return data.selectFrom("review_assignments").select(["id", "reviewer_id", "status", "conflict_reason", "declared_at", "submitted_at"]).where("subject_id", "=", subjectId).execute();
}
