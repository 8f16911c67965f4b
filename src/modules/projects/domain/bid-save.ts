import { districtStatements, type DistrictData } from "../../../data/district-data";
import { notFound, type FieldError } from "../../../http/errors";
import { beijingToday } from "../../../lib/beijing-time";
import { newId } from "../../../lib/ids";
import type { RegisteredWorker } from "../../posts";
import { conflict, fieldError, guardedWrite, invalid, stale, type ProjectActor } from "../actor";
import type { BidDraftInput } from "../schemas";
import type { BudgetLineKind, ProjectBidsTable } from "../tables";
import { adminShare, bidsQuery, EDITABLE, type BidView } from "./bids";
import { callFrom, callReads, isOpen } from "./calls";

// A draft is auto-saved every few seconds, so its save is kept to as few D1 round trips
// as the answer allows. A save of a bid this isolate has seen before is one batch: the
// write, guarded by everything the checks would read (the version sent, an editable
// status, the call open today, the category, community and team known), the audit
// event, and the few reads the answer needs. Only when that guard fails are the call
// and the bid read, to tell the person why (the same refusals as before). A first
// save, or one this isolate has not seen, reads first and then writes. Statements are
// built once per shape (how many lines and team members) and bound per save.

// The bid of each district, call and organization, as learnt by a save in this isolate.
// A call has one bid per organization for good (UNIQUE), so the id never changes; the
// guard checks it all the same, and a wrong one only costs the reads of a first save.
const knownBids = new Map<string, string>();

// The community and the team are read only when the draft names them.
const bidSaveReads = districtStatements("projects.bid_save_reads", (data, p: { callId: string; organizationId: string; communityCode: string | undefined; workerIds: readonly string[] }) => [
  ...callReads(data, p.callId),
  bidsQuery(data).where("project_bids.call_id", "=", p.callId).where("project_bids.organization_id", "=", p.organizationId),
  ...(p.communityCode !== undefined ? [data.selectFrom("areas").select("code").where("code", "=", p.communityCode).where("level", "=", "community")] : []),
  ...(p.workerIds.length ? [workersQuery(data, p.workerIds)] : []),
]);

function workersQuery(data: DistrictData, ids: readonly string[]) {
  return data.selectFrom("social_workers").select(["id", "name", "qualification", "area_code"]).where("id", "in", ids);
}

type BidSaveParams = {
  id: string;
  /** The version read, and the one the save makes; both undefined when the save creates the bid. */
  version: number | undefined;
  nextVersion: number | undefined;
  callId: string;
  organizationId: string;
  createdBy: string | null;
  /** The bid's own columns as the save writes them. */
  fields: Pick<ProjectBidsTable, "category_id" | "title" | "target_group" | "beneficiaries" | "activities" | "indicators" | "community_code" | "volunteers" | "amount_yuan" | "updated_at">;
  lines: readonly { kind: BudgetLineKind; item: string; amountYuan: number }[];
  team: readonly { workerId: string; isLead: number }[];
  workerIds: readonly string[];
  /**
   * For a save that read nothing first: the Beijing date the call must be open on and the
   * team's size, so that the guard checks what the reads would have.
   */
  unread?: { today: string; teamSize: number };
};

/** The bid at the version read; for a save that read nothing, also all that the reads would check. */
function currentBid(data: DistrictData, p: BidSaveParams, version: number) {
  const q = data.selectFrom("project_bids").select("id").where("id", "=", p.id).where("version", "=", version);
  const u = p.unread;
  if (!u) return q;
  return q
    .where("call_id", "=", p.callId)
    .where("organization_id", "=", p.organizationId)
    .where("status", "in", EDITABLE)
    .where((eb) => eb.exists(data.selectFrom("project_calls").select("id").where("id", "=", p.callId).where("status", "=", "published").where("opens_on", "<=", u.today).where("closes_on", ">=", u.today)))
    .$if(p.fields.category_id !== null, (b) => b.where((eb) => eb.exists(data.selectFrom("project_call_categories").select("category_id").where("call_id", "=", p.callId).where("category_id", "=", p.fields.category_id!))))
    .$if(p.fields.community_code !== null, (b) => b.where((eb) => eb.exists(data.selectFrom("areas").select("code").where("code", "=", p.fields.community_code!).where("level", "=", "community"))))
    .$if(p.workerIds.length > 0, (b) =>
      b.where((eb) =>
        eb(
          data
            .selectFrom("social_workers")
            .select((w) => w.fn.countAll<number>().as("n"))
            .where("id", "in", p.workerIds),
          "=",
          u.teamSize,
        ),
      ),
    );
}

// The write, then the bid as saved and its team's workers, for the answer.
const bidSaveWrites = districtStatements("projects.bid_save", (data, p: BidSaveParams) => [
  ...(p.version !== undefined
    ? [
        // The guard makes a concurrent save of the same version lose as a whole.
        data.guard(currentBid(data, p, p.version)),
        data
          .updateTable("project_bids")
          .set({ ...p.fields, version: p.nextVersion! })
          .where("id", "=", p.id)
          .where("version", "=", p.version),
      ]
    : [
        data.insertInto("project_bids", {
          ...p.fields,
          id: p.id,
          call_id: p.callId,
          organization_id: p.organizationId,
          status: "draft",
          return_reason: "",
          submitted_at: null,
          eligibility_due_on: null,
          eligibility_done_at: null,
          version: 1,
          created_by: p.createdBy,
          created_at: p.fields.updated_at,
        }),
      ]),
  data.deleteFrom("project_bid_lines").where("bid_id", "=", p.id),
  data.deleteFrom("project_bid_team").where("bid_id", "=", p.id),
  ...(p.lines.length
    ? [
        data.insertInto(
          "project_bid_lines",
          p.lines.map((l, i) => ({ bid_id: p.id, line_no: i + 1, kind: l.kind, item: l.item, amount_yuan: l.amountYuan })),
        ),
      ]
    : []),
  ...(p.team.length
    ? [
        data.insertInto(
          "project_bid_team",
          p.team.map((m) => ({ bid_id: p.id, worker_id: m.workerId, is_lead: m.isLead })),
        ),
      ]
    : []),
  bidsQuery(data).where("project_bids.id", "=", p.id),
  ...(p.workerIds.length ? [workersQuery(data, p.workerIds)] : []),
]);

/**
 * Saves the organization's draft for the call (creating it on the first save). Lines
 * and team are replaced whole; `version` must be the one read (409 otherwise). Answers
 * the bid as saved, read in the write's own batch.
 */
export async function saveDraft(data: DistrictData, actor: ProjectActor, callId: string, input: BidDraftInput, now: string): Promise<BidView> {
  const organizationId = actor.organizations[0];
  if (!organizationId) throw notFound();
  const key = `${data.districtId}\u0000${callId}\u0000${organizationId}`;
  const known = knownBids.get(key);
  const team = teamProblem(input);
  const workerIds = input.team.map((m) => m.workerId);
  const params = (id: string, version: number | undefined, unread?: BidSaveParams["unread"]): BidSaveParams => {
    const amount_yuan = adminShare(input.lines).total;
    return {
      id,
      version,
      nextVersion: version === undefined ? undefined : version + 1,
      callId,
      organizationId,
      createdBy: actor.id,
      fields: {
        category_id: input.categoryId || null,
        title: input.title,
        target_group: input.targetGroup,
        beneficiaries: input.beneficiaries,
        activities: input.activities,
        indicators: input.indicators,
        community_code: input.communityCode || null,
        volunteers: input.volunteers,
        amount_yuan,
        updated_at: now,
      },
      lines: input.lines.map((l) => ({ kind: l.kind, item: l.item, amountYuan: l.amountYuan })),
      team: input.team.map((m) => ({ workerId: m.workerId, isLead: m.lead ? 1 : 0 })),
      workerIds,
      unread,
    };
  };
  const save = (p: BidSaveParams) =>
    guardedWrite(() =>
      data.writeIfCurrent(bidSaveWrites(data, p), {
        action: p.version === undefined ? "projects.bid_created" : "projects.bid_saved",
        targetType: "project_bid",
        targetId: p.id,
        after: { callId, title: input.title, amountYuan: p.fields.amount_yuan },
      }),
    );
  const today = beijingToday(Date.parse(now));
  let saved = known !== undefined && input.version !== undefined && !team ? await save(params(known, input.version, { today, teamSize: workerIds.length })) : null;
  if (!saved) {
    // Not known here, or the guard found something: read, to tell the person what.
    const [callRows, links, existingRows, ...named] = await data.read(bidSaveReads(data, { callId, organizationId, communityCode: input.communityCode || undefined, workerIds }));
    const community = input.communityCode ? named.shift()! : [];
    const workerRows = workerIds.length ? named.shift()! : [];
    const call = callFrom(actor, [callRows!, links!]);
    if (!isOpen(call, today)) throw conflict("projects.error.callNotOpen", {}, "call_not_open");
    const existing = existingRows![0] as Omit<BidView, "lines" | "team"> | undefined;
    if (existing && !EDITABLE.includes(existing.status)) throw conflict("projects.error.notEditable", {}, "not_editable");
    const errors: FieldError[] = [];
    if (input.categoryId && !call.categoryIds.includes(input.categoryId)) errors.push(fieldError(actor, "categoryId", "projects.error.unknownCategory"));
    if (input.communityCode && !community.length) errors.push(fieldError(actor, "communityCode", "projects.error.unknownArea"));
    if (team) errors.push(fieldError(actor, "team", team));
    else if (workerRows.length !== workerIds.length) errors.push(fieldError(actor, "team", "projects.error.unknownWorker"));
    if (errors.length) throw invalid(errors);
    if (existing && input.version !== existing.version) throw conflict("error.conflict");
    saved = await save(params(existing?.id ?? newId(), existing?.version));
    if (!saved) throw stale();
  }
  const bid = saved.at(workerIds.length ? -2 : -1)![0] as Omit<BidView, "lines" | "team">;
  if (knownBids.size >= 10_000) knownBids.clear();
  knownBids.set(key, bid.id);
  const workers = new Map((workerIds.length ? saved.at(-1)! : []).map(({ area_code, ...w }) => [w.id as string, { ...w, certified: w.qualification !== "none", areaCode: area_code } as RegisteredWorker]));
  return {
    ...bid,
    lines: input.lines.map((l) => ({ kind: l.kind, item: l.item, amountYuan: l.amountYuan })),
    // As a read-back would list them: in the team table's key order.
    team: input.team.map((m) => ({ ...workers.get(m.workerId)!, lead: m.lead })).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  };
}

/** A team named twice or with two leads, found without reading anything. */
function teamProblem(input: BidDraftInput): "projects.error.team" | null {
  const ids = input.team.map((m) => m.workerId);
  return new Set(ids).size !== ids.length || input.team.filter((m) => m.lead).length > 1 ? "projects.error.team" : null;
}
