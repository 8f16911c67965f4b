import type { Compilable } from "kysely";
import { PERMISSIONS } from "../../auth/permissions";
import { prefixesCover, scopePrefixes } from "../../auth/scope";
import type { CurrentUser } from "../../auth/sessions";
import type { DistrictData } from "../../data/district-data";
import type { Env } from "../../env";
import { AppError, type FieldError, notFound, validationFailed } from "../../http/errors";
import { t, type Locale } from "../../i18n/messages";
import { beijingDate } from "../../lib/beijing-time";
import { newId } from "../../lib/ids";
import { discardFile, storeFile } from "../../operations/files";
import { fundedChoices } from "../projects";
import { normalizeReceipt } from "./needs";
import { SOCIETIES, type Society } from "./tables";

// Joint meetings (联席会议) of the district, a 街道 or a community: who came from which
// society, the agenda, minutes and decisions, files, and action items followed to done.
// Staff reach the meetings at or below their level; anything else answers 404.

export function meetingScopes(user: CurrentUser): string[] {
  return scopePrefixes(user.grants, PERMISSIONS["linkage.meetings"]);
}

/** A district-level meeting (no area) belongs to district-wide staff only. */
export const reaches = prefixesCover;

/** Names typed one per line, or separated by 、，, ; (as minutes are written). */
export function splitNames(text: string): string[] {
  return text
    .split(/[\n\r、，,;；]+/)
    .map((s) => s.trim())
    .filter(Boolean)
    .slice(0, 60);
}

export interface MeetingInput {
  areaCode: string;
  title: string;
  heldOn: string;
  place: string;
  agenda: string;
  minutes: string;
  decisions: string;
  publicSummary: string;
  participants: { society: Society; name: string }[];
}

export async function createMeeting(data: DistrictData, user: CurrentUser, input: MeetingInput, now: string): Promise<string> {
  if (!reaches(meetingScopes(user), input.areaCode || null)) throw notFound();
  const id = newId();
  const queries: Compilable[] = [
    data.insertInto("linkage_meetings", {
      id,
      area_code: input.areaCode || null,
      title: input.title,
      held_on: input.heldOn,
      place: input.place,
      agenda: input.agenda,
      minutes: input.minutes,
      decisions: input.decisions,
      public_summary: input.publicSummary,
      published: 0,
      created_by: user.id,
      version: 1,
      created_at: now,
      updated_at: now,
    }),
  ];
  if (input.participants.length)
    queries.push(
      data.insertInto(
        "linkage_meeting_participants",
        input.participants.map((p, i) => ({ meeting_id: id, seq: i + 1, society: p.society, name: p.name })),
      ),
    );
  await data.write(queries, { action: "linkage.meeting_recorded", targetType: "linkage_meeting", targetId: id, after: { areaCode: input.areaCode || null, heldOn: input.heldOn, participants: input.participants.length } });
  return id;
}

export async function meetingInScope(data: DistrictData, user: CurrentUser, id: string) {
  const meeting = await data.selectFrom("linkage_meetings").selectAll().where("id", "=", id).executeTakeFirst();
  if (!meeting || !reaches(meetingScopes(user), meeting.area_code)) throw notFound();
  return meeting;
}

export async function meetingDetail(data: DistrictData, id: string) {
  const [participants, files, actions] = await Promise.all([
    data.selectFrom("linkage_meeting_participants").select(["seq", "society", "name"]).where("meeting_id", "=", id).orderBy("seq").execute(),
    data.selectFrom("linkage_meeting_files").select(["id", "filename", "content_type", "size", "created_at"]).where("meeting_id", "=", id).orderBy("created_at").execute(),
    data
      .selectFrom("linkage_actions")
      .leftJoin("linkage_needs", (j) => j.onRef("linkage_needs.district_id", "=", "linkage_actions.district_id").onRef("linkage_needs.id", "=", "linkage_actions.need_id"))
      .select([
        "linkage_actions.id",
        "title",
        "owner_kind",
        "owner_name",
        "linkage_actions.due_on",
        "linkage_actions.status",
        "done_on",
        "note",
        "linkage_actions.overdue",
        "need_id",
        "contract_id",
        "linkage_actions.version",
        "linkage_needs.receipt_code",
      ])
      .where("meeting_id", "=", id)
      .orderBy("linkage_actions.due_on")
      .execute(),
  ]);
  return { participants, files, actions };
}

/** The newest 300 within the viewer's areas: filtered before the cut, so other areas' newer meetings hide none. */
export async function listMeetings(data: DistrictData, scopes: readonly string[]) {
  if (!scopes.length) return [];
  return data
    .selectFrom("linkage_meetings")
    .select(["id", "area_code", "title", "held_on", "published"])
    .$if(!scopes.includes(""), (q) => q.where((eb) => eb.or(scopes.map((p) => eb("area_code", "like", `${p}%`)))))
    .orderBy("held_on", "desc")
    .limit(300)
    .execute();
}

export interface MeetingUpdate {
  minutes: string;
  decisions: string;
  publicSummary: string;
  published: boolean;
  version: number;
}

/** Publishing needs a summary: the minutes themselves stay internal. */
export function meetingUpdateProblems(v: MeetingUpdate, l: Locale): FieldError[] {
  return v.published && !v.publicSummary ? [{ field: "publicSummary", code: "required", message: t(l, "linkage.meeting.summaryRequired") }] : [];
}

export async function updateMeeting(data: DistrictData, user: CurrentUser, id: string, input: MeetingUpdate, now: string): Promise<void> {
  const meeting = await meetingInScope(data, user, id);
  const set = { minutes: input.minutes, decisions: input.decisions, public_summary: input.publicSummary, published: input.published ? 1 : 0, version: input.version + 1, updated_at: now };
  await data.write(
    [data.guard(data.selectFrom("linkage_meetings").select("id").where("id", "=", id).where("version", "=", input.version)), data.updateTable("linkage_meetings").set(set).where("id", "=", id).where("version", "=", input.version)],
    { action: input.published && !meeting.published ? "linkage.meeting_published" : "linkage.meeting_updated", targetType: "linkage_meeting", targetId: id, after: { published: input.published } },
  );
}

export interface ActionInput {
  title: string;
  ownerKind: "person" | "organization";
  ownerName: string;
  dueOn: string;
  needReceipt: string;
  contractId: string;
}

/** An action item, pointing at a need (by its receipt code) or a funded project if given. */
export async function addAction(data: DistrictData, user: CurrentUser, meetingId: string, input: ActionInput, l: Locale, now: string): Promise<string> {
  await meetingInScope(data, user, meetingId);
  const errors: FieldError[] = [];
  let needId: string | null = null;
  if (input.needReceipt) {
    const code = normalizeReceipt(input.needReceipt);
    const need = code ? await data.selectFrom("linkage_needs").select("id").where("receipt_code", "=", code).executeTakeFirst() : undefined;
    if (!need) errors.push({ field: "needReceipt", code: "not_found", message: t(l, "linkage.need.targetUnknown") });
    needId = need?.id ?? null;
  }
  if (input.contractId && !(await fundedChoices(data, { ids: [input.contractId] })).length) errors.push({ field: "contractId", code: "invalid_choice", message: t(l, "field.invalid_choice") });
  if (errors.length) throw validationFailed(errors);
  const id = newId();
  const row = {
    id,
    meeting_id: meetingId,
    title: input.title,
    owner_kind: input.ownerKind,
    owner_name: input.ownerName,
    due_on: input.dueOn,
    status: "open" as const,
    done_on: null,
    note: "",
    overdue: 0,
    need_id: needId,
    contract_id: input.contractId || null,
    created_by: user.id,
    version: 1,
    created_at: now,
    updated_at: now,
  };
  await data.write([data.insertInto("linkage_actions", row)], { action: "linkage.action_added", targetType: "linkage_action", targetId: id, after: { meetingId, dueOn: input.dueOn, needId, contractId: row.contract_id } });
  return id;
}

export async function completeAction(data: DistrictData, user: CurrentUser, actionId: string, input: { doneOn: string; note: string; version: number }, now: string): Promise<string> {
  const action = await data.selectFrom("linkage_actions").select(["meeting_id", "status"]).where("id", "=", actionId).executeTakeFirst();
  if (!action) throw notFound();
  await meetingInScope(data, user, action.meeting_id);
  if (action.status === "done") throw new AppError({ status: 409, code: "illegal_transition", message: "linkage.action.alreadyDone" });
  await data.write(
    [
      data.guard(data.selectFrom("linkage_actions").select("id").where("id", "=", actionId).where("version", "=", input.version)),
      data
        .updateTable("linkage_actions")
        .set({ status: "done", done_on: input.doneOn, note: input.note, version: input.version + 1, updated_at: now })
        .where("id", "=", actionId)
        .where("version", "=", input.version),
    ],
    { action: "linkage.action_done", targetType: "linkage_action", targetId: actionId, after: { doneOn: input.doneOn } },
  );
  return action.meeting_id;
}

/** Marks open action items past their due date (the date itself still counts as on time). */
export async function flagOverdueActions(data: DistrictData, now: string): Promise<number> {
  const today = beijingDate(now);
  const rows = await data.write<{ id: string }>(
    [
      data
        .updateTable("linkage_actions")
        .set((eb) => ({ overdue: 1, version: eb("version", "+", 1), updated_at: now }))
        .where("status", "=", "open")
        .where("overdue", "=", 0)
        .where("due_on", "<", today)
        .returning("id"),
    ],
    { action: "linkage.actions_overdue", targetType: "linkage_action", after: { on: today } },
  );
  return rows[0]?.length ?? 0;
}

export async function addMeetingFile(data: DistrictData, env: Env, user: CurrentUser, meetingId: string, file: { bytes: Uint8Array; type: string; name: string }, now: string): Promise<string> {
  await meetingInScope(data, user, meetingId);
  const id = newId();
  const key = `${data.district.code}/linkage/meetings/${meetingId}/${id}`;
  await storeFile(env, key, file.bytes, { httpMetadata: { contentType: file.type } });
  try {
    await data.write([data.insertInto("linkage_meeting_files", { id, meeting_id: meetingId, r2_key: key, filename: file.name, content_type: file.type, size: file.bytes.length, created_by: user.id, created_at: now })], {
      action: "linkage.meeting_file_added",
      targetType: "linkage_meeting",
      targetId: meetingId,
      after: { file: file.name, size: file.bytes.length },
    });
  } catch (error) {
    await discardFile(env, key);
    throw error;
  }
  return id;
}

/** Published summaries for the public page: no minutes, no names of residents. */
export async function publishedMeetings(data: DistrictData) {
  const meetings = await data.selectFrom("linkage_meetings").select(["id", "area_code", "title", "held_on", "public_summary"]).where("published", "=", 1).orderBy("held_on", "desc").limit(100).execute();
  if (meetings.length === 0) return [];
  const ids = meetings.map((m) => m.id);
  const [societies, actions] = await Promise.all([
    data
      .selectFrom("linkage_meeting_participants")
      .select(["meeting_id", "society"])
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("meeting_id", "in", ids)
      .groupBy(["meeting_id", "society"])
      .execute(),
    data
      .selectFrom("linkage_actions")
      .select(["meeting_id", "status"])
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("meeting_id", "in", ids)
      .groupBy(["meeting_id", "status"])
      .execute(),
  ]);
  return meetings.map((m) => ({
    ...m,
    societies: Object.fromEntries(SOCIETIES.map((s) => [s, Number(societies.find((x) => x.meeting_id === m.id && x.society === s)?.n ?? 0)])) as Record<Society, number>,
    actionsDone: Number(actions.find((a) => a.meeting_id === m.id && a.status === "done")?.n ?? 0),
    actions: actions.filter((a) => a.meeting_id === m.id).reduce((sum, a) => sum + Number(a.n), 0),
  }));
}

/** The open follow-up actions of these meetings, soonest due first: the reminders above the list. */
export async function openActionsOf(data: DistrictData, meetingIds: readonly string[]) {
  if (!meetingIds.length) return [];
  const open = await data
    .selectFrom("linkage_actions")
    .select(["id", "meeting_id", "title", "owner_name", "due_on", "overdue"])
    .where("status", "=", "open")
    .where("meeting_id", "in", meetingIds.slice(0, 90))
    .orderBy("due_on")
    .limit(50)
    .execute();
  return open.map((a) => ({ id: a.id, meetingId: a.meeting_id, title: a.title, owner: a.owner_name, dueOn: a.due_on, overdue: a.overdue === 1 }));
}

/** A file of a meeting (the caller has checked the meeting is in scope), or undefined. */
export function meetingFile(data: DistrictData, meetingId: string, fileId: string) {
  return data.selectFrom("linkage_meeting_files").select(["r2_key", "filename", "content_type"]).where("meeting_id", "=", meetingId).where("id", "=", fileId).executeTakeFirst();
}

/** The meeting an action belongs to, or 404. */
export async function meetingOfAction(data: DistrictData, actionId: string): Promise<string> {
  const action = await data.selectFrom("linkage_actions").select("meeting_id").where("id", "=", actionId).executeTakeFirst();
  if (!action) throw notFound();
  return action.meeting_id;
}
