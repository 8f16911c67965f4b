import type { Compilable, Selectable } from "kysely";
import { PERMISSIONS } from "../../auth/permissions";
import { inAreas, prefixRange, rolesCover, scopePrefixes } from "../../auth/scope";
import type { Grant } from "../../auth/sessions";
import type { DistrictData } from "../../data/district-data";
import { isUniqueViolation } from "../../data/kysely";
import type { DistrictDB } from "../../data/schema";
import { AppError, notFound, validationFailed } from "../../http/errors";
import { t } from "../../i18n/messages";
import { newId } from "../../lib/ids";
import { lookupHash, mask, protect, reveal } from "../../lib/personal-data";
import { byRelevanceThenPinyin, mergeById, organizationNameContains } from "../../lib/name-search";
import { organizationNameTaken } from "../../lib/names";
import { beijingDate } from "../../lib/beijing-time";
import { filingStatus, filingStatusSql, nameKey } from "./rules";
import { serviceFieldsOf, type OrganizationInput } from "./schemas";
import type { DisclosureActor } from "./actor";
import type { RegistrationScope } from "./jurisdiction";
import type { AssociationSubtype } from "./tables";

// The organization registry as staff maintain it: scoped to the areas a staff member
// covers, personal data of the legal representative kept protected, and claims by
// organizations' own accounts verified here.

const STAFF_ROLES = PERMISSIONS["registry.manage"];

export function staffPrefixes(user: { grants: readonly Grant[] }): string[] {
  return scopePrefixes(user.grants, STAFF_ROLES);
}

/** Organizations at or below the staff member's areas (all of them for district-wide staff). */
export const inStaffScope = (user: { grants: readonly Grant[] }) => inAreas("organizations.area_code", staffPrefixes(user));

export function coversArea(user: { grants: readonly Grant[] }, areaCode: string | null): boolean {
  return rolesCover(user.grants, STAFF_ROLES, areaCode);
}

/** Only a 社会团体 has a kind; any other type keeps the default. */
const subtypeOf = (input: OrganizationInput) => (input.orgType === "社会团体" ? input.associationSubtype : "other");

export interface StaffOrg {
  id: string;
  name: string;
  uscc: string | null;
  kind: "registered" | "founding_team";
  org_type: string;
  association_subtype: AssociationSubtype;
  area_code: string | null;
  verification: "verified" | "unverified";
  registration_authority: string;
  registration_scope: RegistrationScope;
  registered_on: string | null;
  domicile: string;
  business_scope: string;
  legal_rep_name: string;
  legal_rep_id_protected: string | null;
  legal_rep_phone_protected: string | null;
  grade: string | null;
  grade_status: string;
  grade_valid_until: string | null;
  list_status: string;
  filing_status: string;
  last_report_year: number | null;
  last_report_filed_on: string | null;
  version: number;
  updated_at: string;
}

/** One organization as staff see it; 404 outside their scope or district. */
export async function staffOrganization(data: DistrictData, actor: DisclosureActor, id: string): Promise<{ org: StaffOrg; fields: string[] }> {
  const [orgs, fields] = await data.read<Record<string, unknown>>([data.selectFrom("organizations").selectAll().where("id", "=", id), data.selectFrom("organization_service_fields").select("field").where("organization_id", "=", id)]);
  const org = orgs?.[0] as StaffOrg | undefined;
  if (!org || !coversArea(actor, org.area_code)) throw notFound();
  return { org, fields: (fields ?? []).map((f) => String(f.field)) };
}

/** Masked personal data for the staff page (decrypted only to mask it). */
export async function maskedPersonal(org: StaffOrg, key: string | undefined): Promise<{ id: string | null; phone: string | null }> {
  return {
    id: org.legal_rep_id_protected ? mask("id_number", await reveal(org.legal_rep_id_protected, key)) : null,
    phone: org.legal_rep_phone_protected ? mask("phone", await reveal(org.legal_rep_phone_protected, key)) : null,
  };
}

/** The full values, audited: every look is an audit event naming who looked. */
export async function revealPersonal(data: DistrictData, org: StaffOrg, personalKey: string | undefined): Promise<{ id: string | null; phone: string | null }> {
  await data.write([], { action: "organization.legal_rep_revealed", targetType: "organization", targetId: org.id });
  return {
    id: org.legal_rep_id_protected ? await reveal(org.legal_rep_id_protected, personalKey) : null,
    phone: org.legal_rep_phone_protected ? await reveal(org.legal_rep_phone_protected, personalKey) : null,
  };
}

function checkArea(actor: DisclosureActor, areaCode: string, validAreas: ReadonlySet<string>): void {
  const l = actor.locale;
  if (areaCode !== "" && !validAreas.has(areaCode)) throw validationFailed([{ field: "areaCode", code: "invalid_choice", message: t(l, "field.invalid_choice") }]);
  if (!coversArea(actor, areaCode || null)) throw validationFailed([{ field: "areaCode", code: "out_of_scope", message: t(l, "field.invalid_choice") }]);
}

async function personalColumns(input: OrganizationInput, key: string | undefined) {
  const columns: { legal_rep_id_protected?: string | null; legal_rep_id_hash?: string | null; legal_rep_phone_protected?: string | null } = {};
  if (input.clearPersonal) {
    columns.legal_rep_id_protected = null;
    columns.legal_rep_id_hash = null;
    columns.legal_rep_phone_protected = null;
  }
  if (input.legalRepIdNumber) {
    columns.legal_rep_id_protected = await protect(input.legalRepIdNumber, key);
    columns.legal_rep_id_hash = await lookupHash("id_number", input.legalRepIdNumber, key);
  }
  if (input.legalRepPhone) columns.legal_rep_phone_protected = await protect(input.legalRepPhone, key);
  return columns;
}

function fieldRows(organizationId: string, input: OrganizationInput) {
  return serviceFieldsOf(input).map((field) => ({ organization_id: organizationId, field }));
}

function usccTaken(actor: DisclosureActor) {
  return validationFailed([{ field: "uscc", code: "uscc_taken", message: t(actor.locale, "disclosure.manage.usccTaken") }]);
}

/** What an audit event may say about a registry change: never the personal values themselves. */
function auditable(input: OrganizationInput & Partial<RegistryContext> & { org?: unknown }) {
  const { legalRepIdNumber, legalRepPhone, clearPersonal, confirmDuplicateName, version: _v, validAreas: _a, personalKey: _k, org: _o, ...rest } = input;
  return {
    ...rest,
    legalRepIdNumber: legalRepIdNumber ? "(changed)" : undefined,
    legalRepPhone: legalRepPhone ? "(changed)" : undefined,
    clearPersonal: clearPersonal ? true : undefined,
    confirmDuplicateName: confirmDuplicateName ? true : undefined,
  };
}

/** A name another organization of the district already bears, once normalised, needs staff to say they mean it. */
async function checkDuplicateName(data: DistrictData, actor: DisclosureActor, input: OrganizationInput, exceptId: string | null): Promise<void> {
  if (input.confirmDuplicateName || !(await organizationNameTaken(data, input.name, exceptId))) return;
  throw validationFailed([{ field: "name", code: "duplicate_name", message: t(actor.locale, "disclosure.manage.duplicateName") }]);
}

/** What a registry write needs besides the form: the district's areas and the key personal data is sealed with. */
export interface RegistryContext {
  validAreas: ReadonlySet<string>;
  personalKey: string | undefined;
}

export async function createOrganization(data: DistrictData, actor: DisclosureActor, input: OrganizationInput & RegistryContext, now: string): Promise<string> {
  checkArea(actor, input.areaCode, input.validAreas);
  await checkDuplicateName(data, actor, input, null);
  const id = newId();
  const settings = data.district.settings;
  const filing = filingStatus({ kind: input.kind, org_type: input.orgType, registered_on: input.registeredOn || null, last_report_year: null, last_report_filed_on: null }, beijingDate(now), settings);
  const fields = fieldRows(id, input);
  try {
    await data.write(
      [
        data.insertInto("organizations", {
          id,
          name: input.name,
          uscc: input.uscc || null,
          kind: input.kind,
          org_type: input.orgType,
          association_subtype: subtypeOf(input),
          area_code: input.areaCode || null,
          verification: "verified",
          registration_authority: input.registrationAuthority,
          registration_scope: input.registrationScope,
          registered_on: input.registeredOn || null,
          domicile: input.domicile,
          business_scope: input.businessScope,
          legal_rep_name: input.legalRepName,
          ...(await personalColumns(input, input.personalKey)),
          filing_status: filing.status,
          created_at: now,
          updated_at: now,
        }),
        ...(fields.length ? [data.insertInto("organization_service_fields", fields)] : []),
      ],
      { action: "organization.created", targetType: "organization", targetId: id, after: auditable(input) },
    );
  } catch (error) {
    if (isUniqueViolation(error, "organizations")) throw usccTaken(actor);
    throw error;
  }
  return id;
}

export async function updateOrganization(data: DistrictData, actor: DisclosureActor, input: OrganizationInput & RegistryContext & { org: StaffOrg }, now: string): Promise<void> {
  const { org } = input;
  checkArea(actor, input.areaCode, input.validAreas);
  if (input.name !== org.name) await checkDuplicateName(data, actor, input, org.id);
  const version = Number(input.version || org.version);
  const fields = fieldRows(org.id, input);
  const statements: Compilable[] = [
    data.guard(data.selectFrom("organizations").select("id").where("id", "=", org.id).where("version", "=", version)),
    data
      .updateTable("organizations")
      .set({
        name: input.name,
        uscc: input.uscc || null,
        kind: input.kind,
        org_type: input.orgType,
        association_subtype: subtypeOf(input),
        area_code: input.areaCode || null,
        registration_authority: input.registrationAuthority,
        registration_scope: input.registrationScope,
        registered_on: input.registeredOn || null,
        domicile: input.domicile,
        business_scope: input.businessScope,
        legal_rep_name: input.legalRepName,
        ...(await personalColumns(input, input.personalKey)),
        version: version + 1,
        updated_at: now,
      })
      .where("id", "=", org.id),
    data
      .updateTable("organizations")
      .set({ filing_status: filingStatusSql(beijingDate(now), data.district.settings) })
      .where("id", "=", org.id),
    data.deleteFrom("organization_service_fields").where("organization_id", "=", org.id),
    ...(fields.length ? [data.insertInto("organization_service_fields", fields)] : []),
  ];
  await data.write(
    statements,
    { action: "organization.updated", targetType: "organization", targetId: org.id, after: auditable(input) },
    { stale: () => new AppError({ status: 409, code: "conflict", message: "disclosure.manage.stale" }), rules: { "unique:organizations": () => usccTaken(actor) } },
  );
}

/** Staff confirm the registration details of a self-registered organization. */
export async function verifyOrganization(data: DistrictData, org: StaffOrg, now: string): Promise<void> {
  await data.write(
    [
      data
        .updateTable("organizations")
        .set({ verification: "verified", version: org.version + 1, updated_at: now })
        .where("id", "=", org.id),
      data
        .updateTable("organizations")
        .set({ filing_status: filingStatusSql(beijingDate(now), data.district.settings) })
        .where("id", "=", org.id),
    ],
    { action: "organization.verified", targetType: "organization", targetId: org.id },
  );
}

// ---------------------------------------------------------------- claims

export function claimInsert(data: DistrictData, input: { id: string; organizationId: string; userId: string; position: string; statement: string; now: string; certificate?: { key: string; type: string } }) {
  return data.insertInto("organization_claims", {
    id: input.id,
    organization_id: input.organizationId,
    user_id: input.userId,
    position: input.position,
    statement: input.statement,
    status: "pending",
    filed_at: input.now,
    decided_by: null,
    decided_at: null,
    decision_note: null,
    r2_key: input.certificate?.key ?? null,
    certificate_type: input.certificate?.type ?? null,
  });
}

/** A verified organization (the only kind the public sees or may claim); 404 otherwise. */
export async function verifiedOrganization(data: DistrictData, id: string) {
  const org = await data.selectFrom("organizations").select(["id", "name"]).where("id", "=", id).where("verification", "=", "verified").executeTakeFirst();
  if (!org) throw notFound();
  return org;
}

/** Where a claim's registration certificate is stored: under the district's prefix, so the orphan sweep knows it. */
export const claimCertificateKey = (data: DistrictData, claimId: string) => `${data.districtId}/claims/${claimId}`;

export async function pendingClaims(data: DistrictData, actor: DisclosureActor) {
  return data
    .selectFrom("organization_claims")
    .innerJoin("organizations", (j) => j.onRef("organizations.district_id", "=", "organization_claims.district_id").onRef("organizations.id", "=", "organization_claims.organization_id"))
    .innerJoin("users", (j) => j.onRef("users.district_id", "=", "organization_claims.district_id").onRef("users.id", "=", "organization_claims.user_id"))
    .select([
      "organization_claims.id",
      "organization_claims.position",
      "organization_claims.statement",
      "organization_claims.filed_at",
      "organization_claims.r2_key",
      "organizations.id as organization_id",
      "organizations.name",
      "users.display_name",
      "users.email",
    ])
    .where("organization_claims.status", "=", "pending")
    .where(inStaffScope(actor))
    .orderBy("organization_claims.filed_at")
    .execute();
}

/**
 * Verifying a claim gives the claimant the org_member role for the organization. A
 * person acts for one organization: an earlier org_member grant is moved to this one.
 */
export type ClaimRow = Pick<Selectable<DistrictDB["organization_claims"]>, "id" | "organization_id" | "user_id" | "status" | "r2_key" | "certificate_type"> & Pick<Selectable<DistrictDB["organizations"]>, "area_code">;

/** A claim on an organization in the staff member's scope; 404 otherwise. */
export async function claimInScope(data: DistrictData, actor: DisclosureActor, claimId: string): Promise<ClaimRow> {
  const claim = await data
    .selectFrom("organization_claims")
    .innerJoin("organizations", (j) => j.onRef("organizations.district_id", "=", "organization_claims.district_id").onRef("organizations.id", "=", "organization_claims.organization_id"))
    .select(["organization_claims.id", "organization_claims.organization_id", "organization_claims.user_id", "organization_claims.status", "organization_claims.r2_key", "organization_claims.certificate_type", "organizations.area_code"])
    .where("organization_claims.id", "=", claimId)
    .executeTakeFirst();
  if (!claim || !coversArea(actor, claim.area_code)) throw notFound();
  return claim;
}

export async function decideClaim(data: DistrictData, actor: DisclosureActor, input: { claim: ClaimRow; accept: boolean; note: string }, now: string): Promise<void> {
  const { claim, accept, note } = input;
  const claimId = claim.id;
  const statements: Compilable[] = [
    data.guard(data.selectFrom("organization_claims").select("id").where("id", "=", claimId).where("status", "=", "pending")),
    data
      .updateTable("organization_claims")
      .set({ status: accept ? "verified" : "rejected", decided_by: actor.id, decided_at: now, decision_note: note })
      .where("id", "=", claimId),
  ];
  if (accept) {
    statements.push(
      data
        .insertInto("role_grants", { user_id: claim.user_id, role: "org_member", scope_area: "", organization_id: claim.organization_id, created_at: now })
        .onConflict((oc) => oc.columns(["district_id", "user_id", "role", "scope_area"]).doUpdateSet({ organization_id: claim.organization_id })),
    );
  }
  await data.write(statements, { action: accept ? "organization.claim_verified" : "organization.claim_rejected", targetType: "organization", targetId: claim.organization_id, after: { claim: claimId, user: claim.user_id, note } });
}

/** The organizations a staff member's scope covers, by a keyword anywhere in the name (or none): at most 200. */
export async function staffList(data: DistrictData, actor: DisclosureActor, q: string) {
  const query = data
    .selectFrom("organizations")
    .select(["id", "name", "uscc", "verification", "kind", "org_type", "registered_on", "grade", "grade_status", "grade_valid_until", "list_status", "filing_status", "last_report_year", "last_report_filed_on"])
    .where(inStaffScope(actor));
  if (!q) return query.orderBy("verification").orderBy("name_key").limit(200).execute();
  const [low, high] = prefixRange(nameKey(q));
  const [prefix, anywhere] = await data.read<Awaited<ReturnType<typeof query.execute>>[number]>([
    query.where("name_key", ">=", low).where("name_key", "<", high).orderBy("name_key").limit(200),
    query.where(organizationNameContains(data.districtId, q)).limit(200),
  ]);
  return byRelevanceThenPinyin(mergeById(prefix ?? [], anywhere ?? []), q).slice(0, 200);
}

export type StaffListRow = Awaited<ReturnType<typeof staffList>>[number];
