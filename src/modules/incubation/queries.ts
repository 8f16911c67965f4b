import type { Context } from "hono";
import type { CurrentUser } from "../../auth/sessions";
import { grantCovers } from "../../auth/scope";
import type { DistrictData } from "../../data/district-data";
import type { AppEnv } from "../../env";
import { notFound } from "../../http/errors";
import type { IncubationTables } from "./tables";

export type Park = IncubationTables["parks"];
export type Call = IncubationTables["calls"];
export type Application = IncubationTables["applications"];

const MANAGERS = ["district_admin", "subdistrict_staff"];

/** A staff member manages a park at or below their own level; others see 404. */
export function managesPark(user: CurrentUser | null, park: Pick<Park, "area_code">): boolean {
  return !!user?.grants.some((g) => MANAGERS.includes(g.role) && grantCovers(g, park.area_code));
}

export async function findPark(data: DistrictData, id: string): Promise<Park> {
  const park = await data.selectFrom("parks").selectAll().where("id", "=", id).executeTakeFirst();
  if (!park) throw notFound();
  return park;
}

export async function findManagedPark(c: Context<AppEnv>, id: string): Promise<Park> {
  const park = await findPark(c.var.data, id);
  if (!managesPark(c.var.user, park)) throw notFound();
  return park;
}

export async function findCall(data: DistrictData, id: string): Promise<Call & { park: Park }> {
  const call = await data.selectFrom("calls").selectAll().where("id", "=", id).executeTakeFirst();
  if (!call) throw notFound();
  return { ...call, park: await findPark(data, call.park_id) };
}

export async function findManagedCall(c: Context<AppEnv>, id: string) {
  const call = await findCall(c.var.data, id);
  if (!managesPark(c.var.user, call.park)) throw notFound();
  return call;
}

export async function findApplication(data: DistrictData, id: string): Promise<Application> {
  const app = await data.selectFrom("applications").selectAll().where("id", "=", id).executeTakeFirst();
  if (!app) throw notFound();
  return app;
}

/** The applicant's organization ids (an org_member acts for its organization). */
export function memberOrganizations(user: CurrentUser | null): string[] {
  return (user?.grants ?? []).filter((g) => g.role === "org_member" && g.organizationId).map((g) => g.organizationId!);
}

/** An application of one of the user's organizations, else 404. */
export async function findOwnApplication(c: Context<AppEnv>, id: string): Promise<Application> {
  const app = await findApplication(c.var.data, id);
  if (!memberOrganizations(c.var.user).includes(app.organization_id)) throw notFound();
  return app;
}

/** An application of a call in a park the staff member manages, else 404. */
export async function findManagedApplication(c: Context<AppEnv>, id: string) {
  const app = await findApplication(c.var.data, id);
  const call = await findManagedCall(c, app.call_id);
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

/** Active credit-list entries of an organization (maintained by the disclosure module). */
export async function activeCreditEntries(data: DistrictData, organizationId: string) {
  return data.selectFrom("credit_list_entries").select(["list", "reason"]).where("organization_id", "=", organizationId).where("exited_on", "is", null).execute();
}
