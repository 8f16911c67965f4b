import { inAreas } from "../../auth/scope";
import type { DistrictData } from "../../data/district-data";
import { notFound } from "../../http/errors";
import { beijingToday } from "../../lib/beijing-time";
import { loadEntry, type RequestRow } from "./credit";
import { transferCandidateOf } from "./credit-candidates";
import type { EntryRow, EventRow } from "./queries";

// The reads behind the credit lists' staff pages.

/** An organization's credit-list entries, newest decision first. */
export async function entriesOfOrganization(data: DistrictData, organizationId: string): Promise<EntryRow[]> {
  return (await data.selectFrom("credit_list_entries").selectAll().where("organization_id", "=", organizationId).orderBy("decided_on", "desc").execute()) as EntryRow[];
}

/** Active entries and pending requests of organizations in the areas ('' = the whole district), with their names. */
export async function creditWorkload(data: DistrictData, areas: readonly string[]) {
  const [active, requests] = await data.read<Record<string, unknown>>([
    data
      .selectFrom("credit_list_entries")
      .innerJoin("organizations", (j) => j.onRef("organizations.district_id", "=", "credit_list_entries.district_id").onRef("organizations.id", "=", "credit_list_entries.organization_id"))
      .selectAll("credit_list_entries")
      .select("organizations.name")
      .where("credit_list_entries.exited_on", "is", null)
      .where(inAreas("organizations.area_code", areas))
      .orderBy("credit_list_entries.decided_on", "desc")
      .limit(500),
    data
      .selectFrom("credit_requests")
      .innerJoin("organizations", (j) => j.onRef("organizations.district_id", "=", "credit_requests.district_id").onRef("organizations.id", "=", "credit_requests.organization_id"))
      .selectAll("credit_requests")
      .select("organizations.name")
      .where("credit_requests.status", "=", "pending")
      .where(inAreas("organizations.area_code", areas))
      .orderBy("credit_requests.answer_due_on"),
  ]);
  return { active: (active ?? []) as unknown as (EntryRow & { name: string })[], requests: (requests ?? []) as unknown as (RequestRow & { name: string })[] };
}

/**
 * An entry with its organization's name, its events and requests; 404 when absent or
 * when its organization is outside the areas ('' = the whole district), as in another district.
 */
export async function entryWithHistory(data: DistrictData, entryId: string, areas: readonly string[]) {
  const entry = await loadEntry(data, entryId);
  if (!entry) throw notFound();
  const [[orgs, events, requests], proposal] = await Promise.all([
    data.read<Record<string, unknown>>([
      data.selectFrom("organizations").select(["id", "name"]).where("id", "=", entry.organization_id).where(inAreas("organizations.area_code", areas)),
      data.selectFrom("credit_list_events").select(["id", "entry_id", "kind", "on_date", "note", "detail_json", "public", "at"]).where("entry_id", "=", entry.id).orderBy("at"),
      data.selectFrom("credit_requests").selectAll().where("entry_id", "=", entry.id).orderBy("filed_at", "desc"),
    ]),
    // A standing two-year proposal is decided on this page.
    !entry.exited_on && entry.list === "abnormal" ? transferCandidateOf(data, beijingToday(Date.now()), entry) : undefined,
  ]);
  if (!orgs?.length) throw notFound();
  return {
    entry,
    org: orgs[0] as { id: string; name: string },
    events: (events ?? []) as unknown as EventRow[],
    requests: (requests ?? []) as unknown as RequestRow[],
    transfer: proposal && { period: proposal.period, on: String(proposal.params.on) },
  };
}

export async function loadRequest(data: DistrictData, requestId: string): Promise<RequestRow | undefined> {
  return (await data.selectFrom("credit_requests").selectAll().where("id", "=", requestId).executeTakeFirst()) as RequestRow | undefined;
}
