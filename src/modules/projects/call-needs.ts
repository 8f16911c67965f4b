import type { Compilable } from "kysely";
import type { DistrictData } from "../../data/district-data";
import type { ContractStatus } from "./tables";
import { sameDistrict } from "../../data/joins";

// The residents' needs a call says it answers, as ids only: the needs themselves belong
// to the linkage module, which reads this to tell a resident which project answers them.

/** Calls as other modules may list them when choosing what a call answers. */
export async function callsForCiting(data: DistrictData) {
  return data.selectFrom("project_calls").select(["id", "title", "year", "area_code as areaCode", "status"]).orderBy("year", "desc").orderBy("title").limit(300).execute();
}

export async function citedNeedIds(data: DistrictData, callId: string): Promise<string[]> {
  return (await data.selectFrom("project_call_needs").select("need_id").where("call_id", "=", callId).execute()).map((r) => r.need_id);
}

/** Statements that make `needIds` the call's cited needs, replacing the previous set. */
export function citeNeeds(data: DistrictData, callId: string, needIds: readonly string[], by: string, now: string): Compilable[] {
  const statements: Compilable[] = [data.deleteFrom("project_call_needs").where("call_id", "=", callId)];
  for (let i = 0; i < needIds.length; i += 20)
    statements.push(
      data.insertInto(
        "project_call_needs",
        needIds.slice(i, i + 20).map((need_id) => ({ call_id: callId, need_id, cited_by: by, cited_at: now })),
      ),
    );
  return statements;
}

export interface AnsweringProject {
  needId: string;
  callId: string;
  callTitle: string;
  /** The funded project, once a bid under the call has a signed contract. */
  contractId: string | null;
  projectTitle: string | null;
  organizationName: string | null;
  status: ContractStatus | null;
  endsOn: string | null;
}

/** For each of the needs, the calls citing it and the projects funded under them. */
export async function projectsAnswering(data: DistrictData, needIds: readonly string[]): Promise<AnsweringProject[]> {
  if (!needIds.length) return [];
  const rows = await data
    .selectFrom("project_call_needs")
    .innerJoin("project_calls", sameDistrict("project_calls", "project_call_needs.call_id"))
    .leftJoin("project_bids", (j) => j.onRef("project_bids.district_id", "=", "project_calls.district_id").onRef("project_bids.call_id", "=", "project_calls.id"))
    .leftJoin("project_contracts", (j) => j.onRef("project_contracts.district_id", "=", "project_bids.district_id").onRef("project_contracts.bid_id", "=", "project_bids.id").on("project_contracts.status", "in", ["signed", "completed"]))
    .leftJoin("organizations", sameDistrict("organizations", "project_bids.organization_id"))
    .select([
      "project_call_needs.need_id as needId",
      "project_calls.id as callId",
      "project_calls.title as callTitle",
      "project_contracts.id as contractId",
      "project_bids.title as projectTitle",
      "organizations.name as organizationName",
      "project_contracts.status",
      "project_contracts.ends_on as endsOn",
    ])
    .where("project_call_needs.need_id", "in", needIds.slice(0, 90))
    .orderBy("project_calls.year", "desc")
    .execute();
  // A call's bids that were not funded say nothing about the need: keep the funded ones,
  // or the call alone when none is funded yet.
  return rows
    .filter((r, _, all) => r.contractId !== null || !all.some((o) => o.callId === r.callId && o.needId === r.needId && o.contractId !== null))
    .filter((r, i, all) => r.contractId !== null || all.findIndex((o) => o.callId === r.callId && o.needId === r.needId) === i) as AnsweringProject[];
}

/** Completed projects with each need their call cites: a query another module joins on `needId`. */
export function completedAnswers(data: DistrictData) {
  return data
    .selectFrom("project_call_needs")
    .innerJoin("project_bids", (j) => j.onRef("project_bids.district_id", "=", "project_call_needs.district_id").onRef("project_bids.call_id", "=", "project_call_needs.call_id"))
    .innerJoin("project_contracts", (j) => j.onRef("project_contracts.district_id", "=", "project_bids.district_id").onRef("project_contracts.bid_id", "=", "project_bids.id"))
    .where("project_contracts.status", "=", "completed")
    .select(["project_call_needs.need_id as needId", "project_contracts.id as contractId", "project_bids.title"]);
}

/** A resident's need a funded project answers (cited by the project's call). */
export interface AnsweredNeed {
  id: string;
  category: string;
  communityCode: string;
  status: string;
  /** The resident's words: only for staff of the contract, never on a public page. */
  description: string;
}

/**
 * The needs a contract's project answers: those its call cites. Read from the needs table
 * by the cited ids (linkage imports this module, so it cannot be imported here); only
 * category, community, status and, for staff, the description are read, never a name,
 * phone or photo.
 */
export async function needsAnsweredBy(data: DistrictData, contractId: string, withText: boolean): Promise<AnsweredNeed[]> {
  const rows = await data
    .selectFrom("project_contracts")
    .innerJoin("project_bids as b", sameDistrict("b", "project_contracts.bid_id"))
    .innerJoin("project_call_needs as cn", (j) => j.onRef("cn.district_id", "=", "b.district_id").onRef("cn.call_id", "=", "b.call_id"))
    .innerJoin("linkage_needs as n", sameDistrict("n", "cn.need_id"))
    .select(["n.id", "n.category", "n.community_code as communityCode", "n.status", "n.description"])
    .where("project_contracts.id", "=", contractId)
    .orderBy("n.received_at")
    .limit(200)
    .execute();
  return rows.map((r) => ({ ...r, description: withText ? r.description : "" }));
}

// Kysely type of migrations/district/0018_linkage_assessment.sql's project_call_needs.
declare module "../../data/schema" {
  interface DistrictTables {
    project_call_needs: { district_id: string; call_id: string; need_id: string; cited_by: string | null; cited_at: string };
  }
}
