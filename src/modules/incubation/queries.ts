import type { Grant } from "../../auth/sessions";
import type { ReviewTables } from "../../review";
import { rolesCover } from "../../auth/scope";
import { districtStatements, type DistrictData } from "../../data/district-data";
import { notFound } from "../../http/errors";
import { beijingDate } from "../../lib/beijing-time";
import type { IncubationActor } from "./actor";
import type { IncubationTables } from "./tables";

export type Park = IncubationTables["parks"];
export type Call = IncubationTables["calls"];
export type Application = IncubationTables["applications"];

const MANAGERS = ["district_admin", "subdistrict_staff"];

/** A staff member manages a park at or below their own level; others see 404. */
export function managesPark(user: { grants: readonly Grant[] } | null, park: Pick<Park, "area_code">): boolean {
  return !!user && rolesCover(user.grants, MANAGERS, park.area_code);
}

export async function findPark(data: DistrictData, id: string): Promise<Park> {
  const park = await data.selectFrom("parks").selectAll().where("id", "=", id).executeTakeFirst();
  if (!park) throw notFound();
  return park;
}

export async function findManagedPark(data: DistrictData, actor: IncubationActor, id: string): Promise<Park> {
  const park = await findPark(data, id);
  if (!managesPark(actor, park)) throw notFound();
  return park;
}

export async function findCall(data: DistrictData, id: string): Promise<Call & { park: Park }> {
  const call = await data.selectFrom("calls").selectAll().where("id", "=", id).executeTakeFirst();
  if (!call) throw notFound();
  return { ...call, park: await findPark(data, call.park_id) };
}

export async function findManagedCall(data: DistrictData, actor: IncubationActor, id: string) {
  const call = await findCall(data, id);
  if (!managesPark(actor, call.park)) throw notFound();
  return call;
}

export async function findApplication(data: DistrictData, id: string): Promise<Application> {
  const app = await data.selectFrom("applications").selectAll().where("id", "=", id).executeTakeFirst();
  if (!app) throw notFound();
  return app;
}

/** The applicant's organization ids (an org_member acts for its organization). */
export function memberOrganizations(user: { grants: readonly Grant[] } | null): string[] {
  return (user?.grants ?? []).filter((g) => g.role === "org_member" && g.organizationId).map((g) => g.organizationId!);
}

/** An application of one of the user's organizations, else 404. */
export async function findOwnApplication(data: DistrictData, actor: IncubationActor, id: string): Promise<Application> {
  const app = await findApplication(data, id);
  if (!memberOrganizations(actor).includes(app.organization_id)) throw notFound();
  return app;
}

/** An application of a call in a park the staff member manages, else 404. */
export async function findManagedApplication(data: DistrictData, actor: IncubationActor, id: string) {
  const app = await findApplication(data, id);
  const call = await findManagedCall(data, actor, app.call_id);
  return { app, call };
}

export function callPhase(call: Pick<Call, "opens_at" | "closes_at" | "status">, now: string): "upcoming" | "open" | "closed" {
  if (call.status === "closed" || now >= call.closes_at) return "closed";
  return now < call.opens_at ? "upcoming" : "open";
}

export interface Material {
  key: string;
  label: string;
  required: boolean;
}

export const materialsOf = (call: Pick<Call, "materials_json">): Material[] => JSON.parse(call.materials_json) as Material[];

export async function applicationHistory(data: DistrictData, applicationId: string) {
  return data.selectFrom("application_events").selectAll().where("application_id", "=", applicationId).orderBy("at").orderBy("id").execute();
}

export async function attachmentsOf(data: DistrictData, applicationId: string) {
  return data.selectFrom("application_attachments").select(["id", "material_key", "filename", "content_type", "size", "uploaded_at"]).where("application_id", "=", applicationId).orderBy("uploaded_at").execute();
}

/**
 * Active credit-list entries of an organization. The lists belong to the disclosure
 * module; this is the one place incubation reads its table, to be replaced by the
 * function disclosure exports from its index.ts.
 */
export async function activeCreditEntries(data: DistrictData, organizationId: string) {
  return data.selectFrom("credit_list_entries").select(["list", "reason"]).where("organization_id", "=", organizationId).where("exited_on", "is", null).execute();
}

/**
 * Credit-list entries in force on the Beijing date of `now`: decided on or before it and
 * not exited by then. The disclosure module's `isOnCreditList(data, organizationId, now)`
 * answers the same question; this local read stays until that is on main.
 */
export async function creditListEntriesInForce(data: DistrictData, organizationId: string, now: string) {
  const day = beijingDate(now);
  return data
    .selectFrom("credit_list_entries")
    .select(["list", "reason"])
    .where("organization_id", "=", organizationId)
    .where("decided_on", "<=", day)
    .where((eb) => eb.or([eb("exited_on", "is", null), eb("exited_on", ">", day)]))
    .execute();
}

/** What a reviewer's page and the engine's summary show of an application. */
export async function reviewSubject(data: DistrictData, applicationId: string) {
  const app = await findApplication(data, applicationId);
  const [call, org, attachments] = await Promise.all([
    data.selectFrom("calls").select(["title"]).where("id", "=", app.call_id).executeTakeFirstOrThrow(),
    data.selectFrom("organizations").select("name").where("id", "=", app.organization_id).executeTakeFirstOrThrow(),
    attachmentsOf(data, app.id),
  ]);
  return { app, call, org, attachments };
}

export function scoresOf(data: DistrictData, assignmentId: string) {
  return data.selectFrom("review_scores").select(["item_id", "score", "comment"]).where("assignment_id", "=", assignmentId).execute();
}

export async function isReviewer(data: DistrictData, userId: string): Promise<boolean> {
  return !!(await data.selectFrom("role_grants").select("user_id").where("role", "=", "reviewer").where("user_id", "=", userId).executeTakeFirst());
}

/** The parks a staff member manages, their calls, and the reviewers a new call may name. */
export async function managementOverview(data: DistrictData, user: { grants: readonly Grant[] } | null) {
  const parks = (await data.selectFrom("parks").select(["id", "name", "area_code"]).orderBy("name").execute()).filter((p) => managesPark(user, p));
  const calls = parks.length
    ? await data
        .selectFrom("calls")
        .select(["id", "park_id", "title", "opens_at", "closes_at", "status"])
        .where(
          "park_id",
          "in",
          parks.map((p) => p.id),
        )
        .orderBy("closes_at", "desc")
        .execute()
    : [];
  const reviewers = await data
    .selectFrom("role_grants")
    .innerJoin("users", (j) => j.onRef("users.district_id", "=", "role_grants.district_id").onRef("users.id", "=", "role_grants.user_id"))
    .select(["users.id", "users.display_name"])
    .where("role_grants.role", "=", "reviewer")
    .where("users.status", "=", "active")
    .execute();
  return {
    parks,
    calls,
    reviewers,
    todo: await incubationsToDo(
      data,
      parks.map((p) => p.id),
    ),
  };
}

/**
 * What staff have to act on in their parks: incubations due for their exit assessment
 * (and whether the panel has finished scoring), founding teams past their registration
 * deadline. The daily job marks both; staff decide.
 */
export async function incubationsToDo(data: DistrictData, parkIds: readonly string[]) {
  if (parkIds.length === 0) return [];
  const rows = await data
    .selectFrom("incubations")
    .innerJoin("organizations", (j) => j.onRef("organizations.district_id", "=", "incubations.district_id").onRef("organizations.id", "=", "incubations.organization_id"))
    .leftJoin("exit_reviews", (j) => j.onRef("exit_reviews.district_id", "=", "incubations.district_id").onRef("exit_reviews.incubation_id", "=", "incubations.id").on("exit_reviews.status", "=", "in_review"))
    .select((eb) => [
      "incubations.id",
      "incubations.exit_due_on",
      "incubations.registration_overdue_on",
      "organizations.name",
      "exit_reviews.id as panel_id",
      eb
        .selectFrom("review_assignments as ra")
        .select((e) => e.fn.countAll<number>().as("n"))
        .whereRef("ra.subject_id", "=", "exit_reviews.id")
        .where("ra.status", "in", ["awaiting_declaration", "clear"])
        .where("ra.submitted_at", "is", null)
        .as("pending"),
      eb
        .selectFrom("review_assignments as rb")
        .select((e) => e.fn.countAll<number>().as("n"))
        .whereRef("rb.subject_id", "=", "exit_reviews.id")
        .where("rb.status", "=", "clear")
        .where("rb.submitted_at", "is not", null)
        .as("submitted"),
    ])
    .where("incubations.park_id", "in", parkIds)
    .where("incubations.status", "=", "active")
    .where((eb) => eb.or([eb("incubations.exit_due_on", "is not", null), eb("incubations.registration_overdue_on", "is not", null), eb("exit_reviews.id", "is not", null)]))
    .orderBy("organizations.name")
    .execute();
  return rows
    .map((r) => ({
      id: r.id,
      name: r.name,
      exitDueOn: r.exit_due_on,
      registrationOverdueOn: r.registration_overdue_on,
      panelReady: !!r.panel_id && Number(r.pending) === 0 && Number(r.submitted) > 0,
    }))
    .filter((r) => r.panelReady || r.exitDueOn || r.registrationOverdueOn);
}

export function spacesOf(data: DistrictData, parkId: string) {
  return data.selectFrom("park_spaces").selectAll().where("park_id", "=", parkId).orderBy("label").execute();
}

/** A call's notices and the objections filed against them. */
/**
 * A call's notices, newest first, and the objections filed against them: two reads for the
 * caller's own batch (the call's queue page reads them with its ranking).
 */
export const callNoticeReads = districtStatements("incubation.call_notices", (data, { callId }: { callId: string }) => [
  data.selectFrom("public_notices").select(["id", "title", "starts_at", "ends_at", "status"]).where("batch_id", "=", callId).orderBy("published_at", "desc"),
  data
    .selectFrom("notice_objections")
    .select(["id", "notice_id", "subject_id", "name", "content", "filed_at", "status", "handling_note"])
    .where("notice_id", "in", data.selectFrom("public_notices").select("id").where("batch_id", "=", callId))
    .orderBy("filed_at"),
]);

/** The rows of callNoticeReads(). */
export interface CallNotices {
  notices: Pick<ReviewTables["public_notices"], "id" | "title" | "starts_at" | "ends_at" | "status">[];
  objections: Pick<ReviewTables["notice_objections"], "id" | "notice_id" | "subject_id" | "name" | "content" | "filed_at" | "status" | "handling_note">[];
}

/** The call (notice batch) an objection was filed against; 404 for another district's or an unknown objection. */
export async function objectionCallId(data: DistrictData, objectionId: string): Promise<string> {
  const row = await data
    .selectFrom("notice_objections")
    .innerJoin("public_notices", (j) => j.onRef("public_notices.district_id", "=", "notice_objections.district_id").onRef("public_notices.id", "=", "notice_objections.notice_id"))
    .select("public_notices.batch_id")
    .where("notice_objections.id", "=", objectionId)
    .executeTakeFirst();
  if (!row) throw notFound();
  return row.batch_id;
}

/** What staff see of one application besides the application itself: files, history, organization, reviewers. */
export async function applicationForStaff(data: DistrictData, app: Application) {
  const [history, attachments, org, assignments, reviewers, incubation] = await Promise.all([
    applicationHistory(data, app.id),
    attachmentsOf(data, app.id),
    data.selectFrom("organizations").select(["name", "kind", "uscc"]).where("id", "=", app.organization_id).executeTakeFirstOrThrow(),
    data
      .selectFrom("review_assignments")
      .innerJoin("users", (j) => j.onRef("users.district_id", "=", "review_assignments.district_id").onRef("users.id", "=", "review_assignments.reviewer_id"))
      .select(["review_assignments.id", "review_assignments.reviewer_id", "review_assignments.status", "review_assignments.conflict_reason", "review_assignments.submitted_at", "users.display_name"])
      .where("review_assignments.subject_id", "=", app.id)
      .execute(),
    data
      .selectFrom("role_grants")
      .innerJoin("users", (j) => j.onRef("users.district_id", "=", "role_grants.district_id").onRef("users.id", "=", "role_grants.user_id"))
      .select(["users.id", "users.display_name"])
      .where("role_grants.role", "=", "reviewer")
      .execute(),
    data.selectFrom("incubations").select("id").where("application_id", "=", app.id).executeTakeFirst(),
  ]);
  return { history, attachments, org, assignments, reviewers, incubation };
}

/** The application a review assignment of this module is about (404 for another kind or district). */
export async function assignmentSubject(data: DistrictData, assignmentId: string, kind: string): Promise<string> {
  const a = await data.selectFrom("review_assignments").select(["subject_id", "subject_kind"]).where("id", "=", assignmentId).executeTakeFirst();
  if (!a || a.subject_kind !== kind) throw notFound();
  return a.subject_id;
}

/**
 * An attachment and whether this person may see it: the applicant organization's
 * members, a reviewer clear to score it, or staff managing its park.
 */
export async function visibleAttachment(data: DistrictData, user: { id: string; grants: readonly Grant[] }, attachmentId: string) {
  const att = await data.selectFrom("application_attachments").selectAll().where("id", "=", attachmentId).executeTakeFirst();
  if (!att) return null;
  const app = await data.selectFrom("applications").select(["organization_id", "call_id"]).where("id", "=", att.application_id).executeTakeFirstOrThrow();
  if (memberOrganizations(user).includes(app.organization_id)) return att;
  const reviewing = await data.selectFrom("review_assignments").select("id").where("subject_id", "=", att.application_id).where("reviewer_id", "=", user.id).where("status", "=", "clear").executeTakeFirst();
  if (reviewing) return att;
  const call = await data.selectFrom("calls").select("park_id").where("id", "=", app.call_id).executeTakeFirstOrThrow();
  return managesPark(user, await findPark(data, call.park_id)) ? att : null;
}

/** An incubation record with its park, organization, services, milestones, exits and the park's spaces. */
export async function incubationRecord(data: DistrictData, incubationId: string) {
  const inc = await data.selectFrom("incubations").selectAll().where("id", "=", incubationId).executeTakeFirst();
  if (!inc) throw notFound();
  const park = await findPark(data, inc.park_id);
  // The record's lists in one round trip.
  const [services = [], milestones = [], exits = [], spaces = []] = await data.read<Record<string, string | number>>([
    data.selectFrom("incubation_services").selectAll().where("incubation_id", "=", inc.id).orderBy("on_date"),
    data.selectFrom("incubation_milestones").selectAll().where("incubation_id", "=", inc.id).orderBy("on_date"),
    data.selectFrom("exit_assessments").selectAll().where("incubation_id", "=", inc.id).orderBy("assessed_at"),
    data.selectFrom("park_spaces").select(["id", "label", "kind", "status"]).where("park_id", "=", park.id).orderBy("label"),
  ]);
  const org = await data.selectFrom("organizations").select("name").where("id", "=", inc.organization_id).executeTakeFirstOrThrow();
  return { inc, park, services, milestones, exits, spaces, org };
}

/** The district's reviewers, for panels. */
export function districtReviewers(data: DistrictData) {
  return data
    .selectFrom("role_grants")
    .innerJoin("users", (j) => j.onRef("users.district_id", "=", "role_grants.district_id").onRef("users.id", "=", "role_grants.user_id"))
    .select(["users.id", "users.display_name"])
    .where("role_grants.role", "=", "reviewer")
    .where("users.status", "=", "active")
    .distinct()
    .orderBy("users.display_name")
    .execute();
}
