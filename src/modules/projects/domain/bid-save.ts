import { districtStatements, type DistrictData } from "../../../data/district-data";
import { notFound, type FieldError } from "../../../http/errors";
import { beijingToday } from "../../../lib/beijing-time";
import { newId } from "../../../lib/ids";
import type { RegisteredWorker } from "../../posts";
import { conflict, fieldError, guardedWrite, invalid, type ProjectActor } from "../actor";
import type { BidDraftInput } from "../schemas";
import type { BidStatus, BudgetLineKind } from "../tables";
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
const KNOWN_BIDS_MAX = 10_000;
const bidKey = (data: DistrictData, callId: string, organizationId: string) => `${data.districtId}\u0000${callId}\u0000${organizationId}`;

function rememberBid(key: string, id: string) {
  if (knownBids.size >= KNOWN_BIDS_MAX) knownBids.clear();
  knownBids.set(key, id);
}

// The community and the team are read only when the draft names them.
const bidSaveReads = districtStatements("projects.bid_save_reads", (data, p: { callId: string; organizationId: string; communityCode: string | undefined; workerIds: readonly string[] }) => [
  ...callReads(data, p.callId),
  bidsQuery(data).where("project_bids.call_id", "=", p.callId).where("project_bids.organization_id", "=", p.organizationId),
  data.selectFrom("organizations").select("name").where("id", "=", p.organizationId),
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
  now: string;
  categoryId: string | null;
  title: string;
  targetGroup: string;
  beneficiaries: number;
  activities: string;
  indicators: string;
  communityCode: string | null;
  volunteers: number;
  amountYuan: number;
  lines: readonly { kind: BudgetLineKind; item: string; amountYuan: number }[];
  team: readonly { workerId: string; isLead: number }[];
  /**
   * For a save that read nothing first: the Beijing date the call must be open on, the
   * team's size, and the team's ids (read back for the answer). The guard then checks
   * what the reads would have, and the batch answers the bid as saved.
   */
  unread?: { today: string; teamSize: number; workerIds: readonly string[] };
};

/** The bid at the version read; for a save that read nothing, also all that the reads would check. */
function currentBid(data: DistrictData, p: BidSaveParams, version: number, u: BidSaveParams["unread"]) {
  const q = data.selectFrom("project_bids").select("id").where("id", "=", p.id).where("version", "=", version);
  if (!u) return q;
  return q
    .where("call_id", "=", p.callId)
    .where("organization_id", "=", p.organizationId)
    .where("status", "in", EDITABLE)
    .where((eb) => eb.exists(data.selectFrom("project_calls").select("id").where("id", "=", p.callId).where("status", "=", "published").where("opens_on", "<=", u.today).where("closes_on", ">=", u.today)))
    .$if(p.categoryId !== null, (b) => b.where((eb) => eb.exists(data.selectFrom("project_call_categories").select("category_id").where("call_id", "=", p.callId).where("category_id", "=", p.categoryId!))))
    .$if(p.communityCode !== null, (b) => b.where((eb) => eb.exists(data.selectFrom("areas").select("code").where("code", "=", p.communityCode!).where("level", "=", "community"))))
    .$if(u.workerIds.length > 0, (b) =>
      b.where((eb) =>
        eb(
          data
            .selectFrom("social_workers")
            .select((w) => w.fn.countAll<number>().as("n"))
            .where("id", "in", u.workerIds),
          "=",
          u.teamSize,
        ),
      ),
    );
}

const bidSaveWrites = districtStatements("projects.bid_save", (data, p: BidSaveParams) => {
  const fields = {
    category_id: p.categoryId,
    title: p.title,
    target_group: p.targetGroup,
    beneficiaries: p.beneficiaries,
    activities: p.activities,
    indicators: p.indicators,
    community_code: p.communityCode,
    volunteers: p.volunteers,
    amount_yuan: p.amountYuan,
    updated_at: p.now,
  };
  const u = p.unread;
  const saved =
    p.version !== undefined
      ? [
          // The guard makes a concurrent save of the same version lose as a whole.
          data.guard(currentBid(data, p, p.version, u)),
          data
            .updateTable("project_bids")
            .set({ ...fields, version: p.nextVersion! })
            .where("id", "=", p.id)
            .where("version", "=", p.version)
            // A save that read nothing has the bid's other fields from the update itself.
            .$if(u !== undefined, (q) =>
              q.returning([
                "status",
                "return_reason as returnReason",
                "submitted_at as submittedAt",
                "eligibility_due_on as eligibilityDueOn",
                data.selectFrom("organizations").select("name").where("id", "=", p.organizationId).as("organizationName"),
              ]),
            ),
        ]
      : [
          data.insertInto("project_bids", {
            id: p.id,
            call_id: p.callId,
            organization_id: p.organizationId,
            ...fields,
            status: "draft",
            return_reason: "",
            submitted_at: null,
            eligibility_due_on: null,
            eligibility_done_at: null,
            version: 1,
            created_by: p.createdBy,
            created_at: p.now,
          }),
        ];
  return [
    ...saved,
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
    ...(u?.workerIds.length ? [workersQuery(data, u.workerIds)] : []),
  ];
});

type Existing = Omit<BidView, "lines" | "team">;
type WorkerRow = Record<string, unknown>;

/**
 * Saves the organization's draft for the call (creating it on the first save). Lines
 * and team are replaced whole; `version` must be the one read (409 otherwise). Answers
 * the saved bid, built from the batches themselves, not from a read-back of everything.
 */
export async function saveDraft(data: DistrictData, actor: ProjectActor, callId: string, input: BidDraftInput, now: string): Promise<BidView> {
  const organizationId = actor.organizations[0];
  if (!organizationId) throw notFound();
  const key = bidKey(data, callId, organizationId);
  const known = knownBids.get(key);
  if (known !== undefined && input.version !== undefined && teamProblem(input) === null) {
    const saved = await unreadSave(data, actor, known, callId, organizationId, input, now);
    if (saved) return saved;
  }
  const bid = await readAndSave(data, actor, callId, organizationId, input, now);
  rememberBid(key, bid.id);
  return bid;
}

/** A team named twice or with two leads, found without reading anything. */
function teamProblem(input: BidDraftInput): "projects.error.team" | null {
  const ids = input.team.map((m) => m.workerId);
  return new Set(ids).size !== ids.length || input.team.filter((m) => m.lead).length > 1 ? "projects.error.team" : null;
}

function writeParams(actor: ProjectActor, id: string, callId: string, organizationId: string, input: BidDraftInput, now: string, version: number | undefined): BidSaveParams {
  return {
    id,
    version,
    nextVersion: version === undefined ? undefined : version + 1,
    callId,
    organizationId,
    createdBy: actor.id,
    now,
    categoryId: input.categoryId || null,
    title: input.title,
    targetGroup: input.targetGroup,
    beneficiaries: input.beneficiaries,
    activities: input.activities,
    indicators: input.indicators,
    communityCode: input.communityCode || null,
    volunteers: input.volunteers,
    amountYuan: adminShare(input.lines).total,
    lines: input.lines.map((l) => ({ kind: l.kind, item: l.item, amountYuan: l.amountYuan })),
    team: input.team.map((m) => ({ workerId: m.workerId, isLead: m.lead ? 1 : 0 })),
  };
}

const auditOf = (p: BidSaveParams, created: boolean) => ({ action: created ? "projects.bid_created" : "projects.bid_saved", targetType: "project_bid", targetId: p.id, after: { callId: p.callId, title: p.title, amountYuan: p.amountYuan } });

/** The one-batch save; null when its guard found something the reads must explain. */
async function unreadSave(data: DistrictData, actor: ProjectActor, id: string, callId: string, organizationId: string, input: BidDraftInput, now: string): Promise<BidView | null> {
  const workerIds = input.team.map((m) => m.workerId);
  const p = { ...writeParams(actor, id, callId, organizationId, input, now, input.version), unread: { today: beijingToday(Date.parse(now)), teamSize: workerIds.length, workerIds } };
  const results = await guardedWrite(() => data.writeIfCurrent(bidSaveWrites(data, p), auditOf(p, false)));
  if (!results) return null;
  const row = results[1]![0] as Pick<Existing, "status" | "returnReason" | "submittedAt" | "eligibilityDueOn" | "organizationName">;
  return answer(p, row, (workerIds.length ? results.at(-1) : []) as WorkerRow[], input);
}

/** The bid as saved, from what the save wrote and the bid's fields it did not change. */
function answer(p: BidSaveParams, row: Pick<Existing, "status" | "returnReason" | "submittedAt" | "eligibilityDueOn" | "organizationName">, workerRows: WorkerRow[], input: BidDraftInput): BidView {
  const workers = workersById(workerRows);
  return {
    id: p.id,
    callId: p.callId,
    organizationId: p.organizationId,
    organizationName: row.organizationName || "",
    categoryId: p.categoryId,
    title: p.title,
    targetGroup: p.targetGroup,
    beneficiaries: p.beneficiaries,
    activities: p.activities,
    indicators: p.indicators,
    communityCode: p.communityCode,
    volunteers: p.volunteers,
    amountYuan: p.amountYuan,
    status: row.status as BidStatus,
    returnReason: row.returnReason,
    submittedAt: row.submittedAt,
    eligibilityDueOn: row.eligibilityDueOn,
    version: p.nextVersion ?? 1,
    lines: [...p.lines],
    // As a read-back would list them: in the team table's key order.
    team: input.team.map((m) => ({ ...workers.get(m.workerId)!, lead: m.lead })).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  };
}

function workersById(rows: WorkerRow[]): Map<string, RegisteredWorker> {
  return new Map(rows.map(({ area_code, ...w }) => [w.id as string, { ...w, certified: w.qualification !== "none", areaCode: area_code } as RegisteredWorker]));
}

/** The save of a bid not known here, or whose one-batch save was refused: read, check, then write. */
async function readAndSave(data: DistrictData, actor: ProjectActor, callId: string, organizationId: string, input: BidDraftInput, now: string): Promise<BidView> {
  const workerIds = input.team.map((m) => m.workerId);
  const [callRows, links, existingRows, organization, ...named] = await data.read(bidSaveReads(data, { callId, organizationId, communityCode: input.communityCode || undefined, workerIds }));
  const community = input.communityCode ? named.shift()! : [];
  const workerRows = workerIds.length ? named.shift()! : [];
  const call = callFrom(actor, [callRows!, links!]);
  if (!isOpen(call, beijingToday(Date.parse(now)))) throw conflict("projects.error.callNotOpen", {}, "call_not_open");
  const existing = existingRows![0] as Existing | undefined;
  if (existing && !EDITABLE.includes(existing.status)) throw conflict("projects.error.notEditable", {}, "not_editable");
  const errors: FieldError[] = [];
  if (input.categoryId && !call.categoryIds.includes(input.categoryId)) errors.push(fieldError(actor, "categoryId", "projects.error.unknownCategory"));
  if (input.communityCode && !community.length) errors.push(fieldError(actor, "communityCode", "projects.error.unknownArea"));
  const team = teamProblem(input);
  if (team) errors.push(fieldError(actor, "team", team));
  else if (workerRows.length !== workerIds.length) errors.push(fieldError(actor, "team", "projects.error.unknownWorker"));
  if (errors.length) throw invalid(errors);
  if (existing && input.version !== existing.version) throw conflict("error.conflict");

  const p = writeParams(actor, existing?.id ?? newId(), callId, organizationId, input, now, existing?.version);
  await guardedWrite(() => data.write(bidSaveWrites(data, p), auditOf(p, !existing)));
  return answer(p, existing ?? { status: "draft", returnReason: "", submittedAt: null, eligibilityDueOn: null, organizationName: (organization![0]?.name as string) || "" }, workerRows, input);
}
