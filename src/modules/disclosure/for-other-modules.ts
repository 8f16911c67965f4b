import type { DistrictData } from "../../data/district-data";

// What other modules may use of organizations and the credit lists, instead of reading
// or writing these tables themselves.

export type CreditList = "abnormal" | "serious";

/** The lists an organization is on now, with the reason recorded for each entry. */
export async function activeCreditListEntries(data: DistrictData, organizationId: string): Promise<{ list: CreditList; reason: string }[]> {
  return data.selectFrom("credit_list_entries").select(["list", "reason"]).where("organization_id", "=", organizationId).where("exited_on", "is", null).execute();
}

/** Whether an organization is on a credit list now (on the given one, or on either). */
export async function isOnCreditList(data: DistrictData, organizationId: string, list?: CreditList): Promise<boolean> {
  let query = data.selectFrom("credit_list_entries").select("id").where("organization_id", "=", organizationId).where("exited_on", "is", null);
  if (list) query = query.where("list", "=", list);
  return !!(await query.limit(1).executeTakeFirst());
}

/** The organizations of one type counted per area (those with no area left out): what area counts are made of. */
export async function organizationsOfTypeByArea(data: DistrictData, orgType: string): Promise<Map<string, number>> {
  const rows = await data
    .selectFrom("organizations")
    .select((eb) => ["area_code", eb.fn.countAll<number>().as("n")])
    .where("org_type", "=", orgType)
    .where("area_code", "is not", null)
    .groupBy("area_code")
    .execute();
  return new Map(rows.map((r) => [r.area_code!, Number(r.n)]));
}

/** The id of the organization holding a unified social credit code, if any. */
export async function organizationIdByUscc(data: DistrictData, uscc: string): Promise<string | null> {
  const row = await data.selectFrom("organizations").select("id").where("uscc", "=", uscc).executeTakeFirst();
  return row?.id ?? null;
}

export interface NewOrganizationRecord {
  id: string;
  name: string;
  uscc: string | null;
  kind: "registered" | "founding_team";
}

/**
 * The insert of an organization that registers itself: unverified until staff check it.
 * A statement for the caller's own batch (DistrictData.write), so the record is written
 * together with the account that owns it; a second record with the same credit code is
 * refused by the database (a unique violation on `organizations`).
 */
export function organizationRecordInsert(data: DistrictData, input: NewOrganizationRecord, now: string) {
  return data.insertInto("organizations", {
    id: input.id,
    name: input.name,
    uscc: input.uscc,
    kind: input.kind,
    org_type: "",
    area_code: null,
    verification: "unverified",
    created_at: now,
    updated_at: now,
  });
}
