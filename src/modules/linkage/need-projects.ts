import { prefixesCover } from "../../auth/scope";
import type { CurrentUser } from "../../auth/sessions";
import type { DistrictData } from "../../data/district-data";
import { type Compilable, sql } from "kysely";
import { notify } from "../../core/module-contract";
import { AppError, notFound } from "../../http/errors";
import { protect } from "../../lib/personal-data";
import { callsForCiting, citedNeedIds, citeNeeds, completedAnswers, projectsAnswering, type AnsweringProject } from "../projects";
import { needScopes } from "./needs";
import { projectEnded } from "./notifications";

// From needs to projects: a projects call cites the accepted needs of its area that it
// answers; the need then shows the project funded under the call, and once that project
// is completed the resident who left a phone number is asked, on the receipt's status
// page, how well it answered the need. The citations live in the projects module, which
// knows nothing of needs but their ids.

export type Call = Awaited<ReturnType<typeof callsForCiting>>[number];

/** A call at the district level belongs to district-wide staff; one of a 街道 to its staff and the district's. */
export function citesFor(user: CurrentUser, call: Pick<Call, "areaCode">): boolean {
  return prefixesCover(needScopes(user), call.areaCode);
}

export async function callsInScope(data: DistrictData, user: CurrentUser): Promise<Call[]> {
  return (await callsForCiting(data)).filter((c) => citesFor(user, c));
}

export async function callInScope(data: DistrictData, user: CurrentUser, callId: string): Promise<Call> {
  const call = (await callsForCiting(data)).find((c) => c.id === callId);
  if (!call || !citesFor(user, call)) throw notFound();
  return call;
}

/** What the call may cite: the accepted needs of its area, and those it already cites. */
export async function citableNeeds(data: DistrictData, call: Call) {
  const cited = await citedNeedIds(data, call.id);
  let q = data.selectFrom("linkage_needs").select(["id", "receipt_code", "community_code", "category", "description", "priority", "status"]);
  q = q.where((eb) => eb.or([eb("status", "=", "accepted"), ...(cited.length ? [eb("id", "in", cited.slice(0, 90))] : [])]));
  if (call.areaCode) q = q.where("community_code", ">=", call.areaCode).where("community_code", "<", `${call.areaCode}~`);
  const needs = await q.orderBy("received_at", "desc").limit(300).execute();
  return { needs, cited };
}

export async function saveCitations(data: DistrictData, user: CurrentUser, call: Call, chosen: readonly string[], now: string): Promise<boolean> {
  const { needs, cited } = await citableNeeds(data, call);
  if (chosen.some((id) => !needs.some((n) => n.id === id))) return false;
  await data.write(citeNeeds(data, call.id, chosen, user.id, now), { action: "linkage.call_needs_cited", targetType: "project_call", targetId: call.id, before: { needs: cited }, after: { needs: chosen } });
  return true;
}

export interface Answering extends AnsweringProject {
  /** The resident's rating of the completed project, if given. */
  rating: number | null;
  ratingComment: string;
}

/** The projects answering a need (the surviving one, if merged), with the receipt holder's ratings. */
export async function answeringNeed(data: DistrictData, ownId: string, shownId: string): Promise<Answering[]> {
  const [projects, ratings] = await Promise.all([projectsAnswering(data, [shownId]), data.selectFrom("linkage_need_ratings").select(["contract_id", "rating", "comment"]).where("need_id", "=", ownId).execute()]);
  return projects.map((p) => {
    const r = ratings.find((x) => x.contract_id === p.contractId);
    return { ...p, rating: r?.rating ?? null, ratingComment: r?.comment ?? "" };
  });
}

/** A completed project answering the need, not yet rated by a resident who left a phone. */
export function rateable(items: readonly Answering[], phoneLeft: boolean): Answering[] {
  return phoneLeft ? items.filter((p) => p.status === "completed" && p.contractId && p.rating === null) : [];
}

export async function rateProject(data: DistrictData, need: { ownId: string; shownId: string; phoneLeft: boolean }, input: { contractId: string; rating: number; comment: string }, now: string): Promise<void> {
  const open = rateable(await answeringNeed(data, need.ownId, need.shownId), need.phoneLeft);
  if (!open.some((p) => p.contractId === input.contractId)) throw new AppError({ status: 409, code: "illegal_transition", message: "linkage.rating.closed" });
  await data.write(
    [data.insertInto("linkage_need_ratings", { need_id: need.ownId, contract_id: input.contractId, rating: input.rating, comment: input.comment, rated_at: now })],
    { action: "linkage.project_rated", targetType: "linkage_need", targetId: need.ownId, after: { contractId: input.contractId, rating: input.rating } },
    { rules: { "unique:linkage_need_ratings": () => new AppError({ status: 409, code: "conflict", message: "linkage.rating.closed" }) } },
  );
}

const chunks = <T>(xs: readonly T[], n = 90): T[][] => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, (i + 1) * n));

/**
 * Texts each resident who left a phone, once per completed project answering their need
 * (or the need theirs was merged into), the link to rate it; a rating already given
 * needs no reminder. The sent row and the outbox row are one write, so a rerun of the
 * daily job sends nothing twice.
 */
export async function askForRatings(data: DistrictData, personalDataKey: string | undefined, now: string): Promise<number> {
  // Pairs already told or rated are left out by SQLite, so a run's cap only defers the rest to the next day.
  const untold = (table: string) => sql<boolean>`not exists (select 1 from ${sql.table(table)} x where x.district_id = linkage_needs.district_id and x.need_id = linkage_needs.id and x.contract_id = p."contractId")`;
  const due = await data
    .selectFrom("linkage_needs")
    .innerJoin(completedAnswers(data).as("p"), (j) => j.on(sql<boolean>`p."needId" = case when linkage_needs.status = 'merged' then linkage_needs.merged_into else linkage_needs.id end`))
    .select(["linkage_needs.id", "receipt_code", "phone", "p.contractId", "p.title"])
    .where("linkage_needs.phone", "is not", null)
    .where("linkage_needs.status", "in", ["accepted", "solved", "referred", "merged"])
    .where(untold("linkage_need_project_notices"))
    .where(untold("linkage_need_ratings"))
    .limit(2000)
    .execute();
  for (const batch of chunks(due, 20)) {
    const statements: Compilable[] = [];
    for (const d of batch) {
      statements.push(
        data.insertInto("linkage_need_project_notices", { need_id: d.id, contract_id: d.contractId, sent_at: now }),
        notify(data, projectEnded, { to: d.phone!, params: { project: d.title, receipt: await protect(d.receipt_code, personalDataKey) }, target: { type: "linkage_need", id: d.id } }),
      );
    }
    await data.write(statements, { action: "linkage.ratings_requested", targetType: "linkage_need", after: { pairs: batch.map((d) => ({ need: d.id, contract: d.contractId })) } });
  }
  return due.length;
}
