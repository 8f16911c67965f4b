import { notify } from "../../core/module-contract";
import { creditEnteredAbnormal, creditEnteredSerious, creditExited } from "./notifications";
import { sql, type Compilable } from "kysely";
import type { DistrictData } from "../../data/district-data";
import { AppError } from "../../http/errors";
import { t } from "../../i18n/messages";
import { newId } from "../../lib/ids";
import { addDays, addMonths, addWorkingDays, beijingDate, workingDaysBetween } from "../../lib/beijing-time";
import type { DistrictSettings } from "../../tenants/settings";
import type { EntryRow } from "./queries";
import { autoExitOn, clockStart, seriousExitFrom } from "./rules";
import type { CreditList } from "./tables";
import { currentGrade, restorationStatements, suspensionStatements, type CurrentGrade } from "./grade-adjustments";
import type { Selectable } from "kysely";
import type { DisclosureTables } from "./tables";
import { inJurisdictionGuard, notInJurisdiction } from "./jurisdiction";

// Credit lists (信用名单). An entry is active while exited_on is NULL. Every change to an
// entry is a guarded write (on its version, or on its still being active) together with
// an event in credit_list_events, so the history is complete and two writers or two job
// runs cannot both act on the same entry. The organization's list_status follows.

type ExitReason = "rectified" | "auto" | "application" | "transferred" | "revoked";

interface Actor {
  id: string | null;
  role: string;
}

export function eventInsert(data: DistrictData, e: { entryId: string; organizationId: string; kind: string; onDate: string; note?: string; detail?: Record<string, unknown>; isPublic?: boolean; actor: Actor; now: string }) {
  return data.insertInto("credit_list_events", {
    id: newId(),
    entry_id: e.entryId,
    organization_id: e.organizationId,
    kind: e.kind,
    on_date: e.onDate,
    note: e.note ?? "",
    detail_json: JSON.stringify(e.detail ?? {}),
    public: e.isPublic === false ? 0 : 1,
    actor_id: e.actor.id,
    actor_role: e.actor.role,
    at: e.now,
  });
}

/** Recomputes the organization's list_status from its active entries (the most serious wins). */
export function listStatusUpdate(data: DistrictData, organizationId: string, now: string): Compilable {
  const active = (list: CreditList) => sql`exists (select 1 from credit_list_entries e where e.district_id = organizations.district_id and e.organization_id = organizations.id and e.list = ${list} and e.exited_on is null)`;
  return data
    .updateTable("organizations")
    .set({ list_status: sql`case when ${active("serious")} then 'serious' when ${active("abnormal")} then 'abnormal' else 'none' end`, updated_at: now })
    .where("id", "=", organizationId);
}

function activeGuard(data: DistrictData, entryId: string, version?: number) {
  let q = data.selectFrom("credit_list_entries").select("id").where("id", "=", entryId).where("exited_on", "is", null);
  if (version !== undefined) q = q.where("version", "=", version);
  return data.guard(q);
}

export async function loadEntry(data: DistrictData, entryId: string): Promise<EntryRow | undefined> {
  return (await data.selectFrom("credit_list_entries").selectAll().where("id", "=", entryId).executeTakeFirst()) as EntryRow | undefined;
}

export interface NewEntry {
  list: CreditList;
  reasonCode: string;
  reason: string;
  legalBasis: string;
  decidingBody: string;
  decidedOn: string;
  eventOn: string;
  needsRectification: boolean;
}

/**
 * The statements of a new entry. On the serious list the organization's valid grade, read
 * by the caller (`grade`), is suspended in the same batch until a verification evaluation.
 */
export function entryStatements(data: DistrictData, input: NewEntry & { id: string; organizationId: string; sourceEntryId?: string | null; actor: Actor; now: string; eventKind?: string; note?: string; grade?: CurrentGrade }): Compilable[] {
  return [
    data.insertInto("credit_list_entries", {
      id: input.id,
      organization_id: input.organizationId,
      list: input.list,
      reason: input.reason,
      legal_basis: input.legalBasis,
      deciding_body: input.decidingBody,
      decided_on: input.decidedOn,
      exited_on: null,
      created_at: input.now,
      reason_code: input.reasonCode,
      event_on: input.eventOn,
      needs_rectification: input.needsRectification ? 1 : 0,
      clock_started_on: input.decidedOn,
      source_entry_id: input.sourceEntryId ?? null,
      created_by: input.actor.id,
      exit_reason: null,
    }),
    eventInsert(data, { entryId: input.id, organizationId: input.organizationId, kind: input.eventKind ?? "entered", onDate: input.decidedOn, note: input.note ?? input.reason, actor: input.actor, now: input.now }),
    listStatusUpdate(data, input.organizationId, input.now),
    notify(data, input.list === "serious" ? creditEnteredSerious : creditEnteredAbnormal, { to: input.organizationId, params: { reason: input.reason, decidedOn: input.decidedOn }, target: { type: "credit_entry", id: input.id } }),
    ...(input.list === "serious" ? suspensionStatements(data, input.grade, input.decidedOn, t("zh-CN", "disclosure.adjust.suspendedReason", { reason: input.reason }), input.now) : []),
  ];
}

/** Working days from the day the information formed to the day it was recorded (docs/domain.md: within N working days). */
export function entryDelayWorkingDays(entry: { event_on: string | null; created_at: string }): number {
  return entry.event_on ? workingDaysBetween(entry.event_on, beijingDate(entry.created_at)) : 0;
}

export async function enterOnList(data: DistrictData, organizationId: string, input: NewEntry, actor: Actor, now: string): Promise<string> {
  const id = newId();
  const grade = input.list === "serious" ? await currentGrade(data, organizationId) : undefined;
  const audit = { action: "credit.entered", targetType: "organization", targetId: organizationId, after: { entry: id, list: input.list, reasonCode: input.reasonCode, decidedOn: input.decidedOn } };
  await data.write([inJurisdictionGuard(data, organizationId), ...entryStatements(data, { ...input, id, organizationId, actor, now, grade })], audit, { stale: () => notInJurisdiction() });
  return id;
}

/** A new event of the same kind: the entry's clock restarts from its date. */
export function recordNewEvent(data: DistrictData, entry: EntryRow, onDate: string, note: string, actor: Actor, now: string) {
  const restart = onDate > clockStart(entry) ? onDate : clockStart(entry);
  return data.write(
    [
      activeGuard(data, entry.id, entry.version),
      data
        .updateTable("credit_list_entries")
        .set({ clock_started_on: restart, version: entry.version + 1 })
        .where("id", "=", entry.id),
      eventInsert(data, { entryId: entry.id, organizationId: entry.organization_id, kind: "new_event", onDate, note, detail: { clockStartedOn: restart }, actor, now }),
    ],
    { action: "credit.new_event", targetType: "credit_entry", targetId: entry.id, after: { onDate, clockStartedOn: restart } },
  );
}

/** A correction of the entry's wording; the original stays in the event's detail. */
export function correctEntry(data: DistrictData, entry: EntryRow, expectedVersion: number, fields: { reason: string; legalBasis: string; decidingBody: string }, note: string, actor: Actor, now: string) {
  const before = { reason: entry.reason, legalBasis: entry.legal_basis, decidingBody: entry.deciding_body };
  return data.write(
    [
      data.guard(data.selectFrom("credit_list_entries").select("id").where("id", "=", entry.id).where("version", "=", expectedVersion)),
      data
        .updateTable("credit_list_entries")
        .set({ reason: fields.reason, legal_basis: fields.legalBasis, deciding_body: fields.decidingBody, version: expectedVersion + 1 })
        .where("id", "=", entry.id),
      eventInsert(data, { entryId: entry.id, organizationId: entry.organization_id, kind: "corrected", onDate: beijingDate(now), note, detail: { before, after: fields }, actor, now }),
    ],
    { action: "credit.corrected", targetType: "credit_entry", targetId: entry.id, before, after: fields },
  );
}

/** Registration statuses (撤销, 吊销) under which an entry leaves its list only on 注销. */
export const BLOCKING = ["revoked", "license_revoked"] as const;

/** Throws the 409 that says why an entry cannot leave its list while the organization is 撤销 or 吊销. */
export async function assertMayLeaveList(data: DistrictData, organizationId: string): Promise<void> {
  const org = await data.selectFrom("organizations").select("registration_status").where("id", "=", organizationId).executeTakeFirst();
  if (org && (BLOCKING as readonly string[]).includes(org.registration_status)) {
    throw new AppError({ status: 409, code: "illegal_transition", message: "disclosure.registration.exitBlocked", extra: { allowed: [] } });
  }
}

export function exitStatements(data: DistrictData, entry: EntryRow, reason: ExitReason, onDate: string, note: string, actor: Actor, now: string): Compilable[] {
  // An upheld objection corrects a wrong entry and a transfer moves it; any other exit
  // waits while the organization is 撤销 or 吊销 (the batch is refused, the job retries).
  const registration = reason === "revoked" || reason === "transferred" ? [] : [data.guard(data.selectFrom("organizations").select("id").where("id", "=", entry.organization_id).where("registration_status", "not in", BLOCKING))];
  return [
    activeGuard(data, entry.id),
    ...registration,
    data
      .updateTable("credit_list_entries")
      .set({ exited_on: onDate, exit_reason: reason, exit_note: note, exited_by: actor.id, version: entry.version + 1 })
      .where("id", "=", entry.id),
    eventInsert(data, { entryId: entry.id, organizationId: entry.organization_id, kind: "exited", onDate, note, detail: { reason }, actor, now }),
    listStatusUpdate(data, entry.organization_id, now),
    notify(data, creditExited, { to: entry.organization_id, params: { onDate }, target: { type: "credit_entry", id: entry.id } }),
  ];
}

/** Staff remove an abnormal-list entry whose rectification has been verified. */
export async function exitAfterRectification(data: DistrictData, entry: EntryRow, note: string, actor: Actor, now: string) {
  if (entry.exited_on) throw new AppError({ status: 409, code: "not_active", message: "disclosure.credit.notActive" });
  if (entry.list !== "abnormal" || !entry.rectification_verified_on) throw new AppError({ status: 409, code: "illegal_transition", message: "disclosure.credit.exitNotAllowed", extra: { allowed: allowedActions(entry, beijingDate(now)) } });
  await assertMayLeaveList(data, entry.organization_id);
  return data.write(exitStatements(data, entry, "rectified", beijingDate(now), note, actor, now), { action: "credit.exited", targetType: "credit_entry", targetId: entry.id, after: { reason: "rectified" } });
}

/** What staff may do with an entry now (named in 409 answers). */
export function allowedActions(entry: EntryRow, _today: string): string[] {
  if (entry.exited_on) return [];
  const actions = ["new_event", "correct"];
  if (entry.list === "abnormal" && entry.rectification_verified_on) actions.push("exit");
  return actions;
}

// ---------------------------------------------------------------- the organization's requests

export type RequestKind = "objection" | "rectification" | "exit";

export function requestDueOn(kind: RequestKind, now: string, settings: DistrictSettings): string {
  return kind === "rectification" ? addWorkingDays(now, settings.rectificationExitWorkingDays) : addDays(beijingDate(now), settings.appealAnswerDays);
}

/** Checks that the organization may file this request on this entry now; throws a 409 saying why not. */
export function checkRequest(entry: EntryRow, kind: RequestKind, today: string, settings: DistrictSettings, locale: "zh-CN" | "en"): void {
  if (entry.exited_on) throw new AppError({ status: 409, code: "not_active", message: "disclosure.credit.notActive" });
  if (kind === "rectification" && (entry.list !== "abnormal" || !entry.needs_rectification || entry.rectification_verified_on)) {
    throw new AppError({ status: 409, code: "not_rectifiable", message: "disclosure.credit.notRectifiable" });
  }
  if (kind === "exit") {
    const from = seriousExitFrom(entry, settings);
    if (!from) throw new AppError({ status: 409, code: "illegal_transition", message: "disclosure.credit.exitOnlySerious", extra: { allowed: ["objection", ...(entry.needs_rectification ? ["rectification"] : [])] } });
    if (from > today) {
      throw new AppError({
        status: 409,
        code: "too_early",
        message: "disclosure.credit.exitTooEarly",
        params: { years: settings.seriousListExitYears, date: from },
        extra: { eligibleFrom: from, message: t(locale, "disclosure.credit.exitTooEarly", { years: settings.seriousListExitYears, date: from }) },
      });
    }
  }
}

export async function fileRequest(data: DistrictData, entry: EntryRow, kind: RequestKind, content: string, actor: Actor, now: string, settings: DistrictSettings): Promise<{ id: string; dueOn: string }> {
  if (kind === "exit") await assertMayLeaveList(data, entry.organization_id);
  const id = newId();
  const dueOn = requestDueOn(kind, now, settings);
  const eventKind = kind === "objection" ? "objection" : kind === "rectification" ? "rectification" : "exit_applied";
  await data.write(
    [
      activeGuard(data, entry.id),
      data.insertInto("credit_requests", {
        id,
        entry_id: entry.id,
        organization_id: entry.organization_id,
        kind,
        content,
        filed_by: actor.id ?? "",
        filed_at: now,
        answer_due_on: dueOn,
        status: "pending",
        answer: null,
        answered_by: null,
        answered_at: null,
      }),
      // What an organization writes is its own; the public history shows only that it was filed.
      eventInsert(data, { entryId: entry.id, organizationId: entry.organization_id, kind: eventKind, onDate: beijingDate(now), note: "", detail: { request: id }, actor, now }),
    ],
    { action: `credit.${kind}_filed`, targetType: "credit_entry", targetId: entry.id, after: { request: id } },
    {
      stale: () => new AppError({ status: 409, code: "not_active", message: "disclosure.credit.notActive" }),
      rules: { "unique:credit_requests": () => new AppError({ status: 409, code: "pending_exists", message: "disclosure.credit.pendingExists" }) },
    },
  );
  return { id, dueOn };
}

export type RequestRow = Pick<Selectable<DisclosureTables["credit_requests"]>, "id" | "entry_id" | "organization_id" | "kind" | "content" | "filed_at" | "answer_due_on" | "status" | "answer" | "answered_at">;

/**
 * Staff answer a request. Accepting an objection revokes the entry; accepting a
 * rectification verifies it (the entry must then leave within the configured working
 * days: staff remove it, or the daily job does on the due date); accepting an exit
 * application removes a serious-list entry.
 */
export async function answerRequest(data: DistrictData, request: RequestRow, entry: EntryRow, accept: boolean, answer: string, actor: Actor, now: string, settings: DistrictSettings): Promise<void> {
  const today = beijingDate(now);
  const statements: Compilable[] = [
    data.guard(data.selectFrom("credit_requests").select("id").where("id", "=", request.id).where("status", "=", "pending")),
    data
      .updateTable("credit_requests")
      .set({ status: accept ? "accepted" : "refused", answer, answered_by: actor.id, answered_at: now })
      .where("id", "=", request.id),
  ];
  const kinds: Record<RequestKind, [string, string]> = {
    objection: ["objection_answered", "objection_answered"],
    rectification: ["rectification_verified", "rectification_refused"],
    exit: ["exit_refused", "exit_refused"],
  };
  if (accept && request.kind === "objection") {
    statements.push(eventInsert(data, { entryId: entry.id, organizationId: entry.organization_id, kind: "objection_answered", onDate: today, note: answer, detail: { accepted: true }, actor, now }));
    statements.push(...exitStatements(data, entry, "revoked", today, answer, actor, now));
  } else if (accept && request.kind === "rectification") {
    checkRequest(entry, "rectification", today, settings, "zh-CN");
    const due = addWorkingDays(now, settings.rectificationExitWorkingDays);
    statements.push(
      activeGuard(data, entry.id),
      data
        .updateTable("credit_list_entries")
        .set({ rectification_verified_on: today, exit_due_on: due, version: entry.version + 1 })
        .where("id", "=", entry.id),
      eventInsert(data, { entryId: entry.id, organizationId: entry.organization_id, kind: "rectification_verified", onDate: today, note: answer, detail: { exitDueOn: due }, actor, now }),
    );
  } else if (accept && request.kind === "exit") {
    checkRequest(entry, "exit", today, settings, "zh-CN");
    await assertMayLeaveList(data, entry.organization_id);
    statements.push(...exitStatements(data, entry, "application", today, answer, actor, now));
  } else {
    statements.push(eventInsert(data, { entryId: entry.id, organizationId: entry.organization_id, kind: kinds[request.kind][1], onDate: today, note: answer, detail: { accepted: false }, actor, now }));
  }
  // Leaving the serious list ends the suspension it caused, in the same batch.
  const restored = accept && entry.list === "serious" && request.kind !== "rectification" ? await restoration(data, entry, today, now) : [];
  statements.push(...restored);
  await data.write(statements, { action: `credit.${request.kind}_${accept ? "accepted" : "refused"}`, targetType: "credit_entry", targetId: entry.id, after: { request: request.id, answer, gradeRestored: restored.length > 0 } });
}

async function restoration(data: DistrictData, entry: EntryRow, exitOn: string, now: string): Promise<Compilable[]> {
  const [grade, others] = await Promise.all([
    currentGrade(data, entry.organization_id),
    data.selectFrom("credit_list_entries").select("id").where("organization_id", "=", entry.organization_id).where("list", "=", "serious").where("exited_on", "is", null).where("id", "!=", entry.id).execute(),
  ]);
  return restorationStatements(data, grade, exitOn, others.length, t("zh-CN", "disclosure.adjust.restoredReason", { reason: entry.reason }), now);
}

// ---------------------------------------------------------------- the daily job

const SYSTEM: Actor = { id: null, role: "system" };

async function tryWrite(data: DistrictData, statements: Compilable[], entry: { action: string; targetType: string; targetId: string; after?: Record<string, unknown> }): Promise<number> {
  // Another run (or a person) changed the entry first: nothing left to do for it.
  return (await data.writeIfCurrent(statements, entry)) ? 1 : 0;
}

/**
 * The time-driven exits of docs/domain.md, as of `now`:
 * - abnormal list, nothing to rectify: leaves N months after its clock started;
 * - abnormal list, rectification verified: leaves at the latest on its exit due date.
 * Two years on the abnormal list only proposes the serious list: the registration
 * authority decides that transfer (credit-candidates.ts, credit-transfer.ts).
 * Each change is guarded on the entry still being active, so a second run (or two at
 * once) changes nothing more. Exits are dated on the day the rule took effect.
 */
export async function runCreditClock(caller: DistrictData, now: string, settings: DistrictSettings): Promise<number> {
  const data = caller.asSystem();
  const today = beijingDate(now);
  // Loose bounds in SQL (month lengths differ), exact rules in code.
  const autoBound = addDays(addMonths(today, -settings.abnormalListAutoExitMonths), 4);
  const [autoCandidates, dueCandidates] = await data.read<EntryRow>([
    data.selectFrom("credit_list_entries").selectAll().where("list", "=", "abnormal").where("exited_on", "is", null).where("needs_rectification", "=", 0).where(sql<string>`coalesce(clock_started_on, decided_on)`, "<=", autoBound),
    data.selectFrom("credit_list_entries").selectAll().where("list", "=", "abnormal").where("exited_on", "is", null).where("exit_due_on", "<=", today),
  ]);
  let changed = 0;
  const done = new Set<string>();
  for (const entry of dueCandidates ?? []) {
    // biome-ignore lint/complexity/useMathMinMax: ISO dates compare as strings
    const on = entry.exit_due_on! < today ? entry.exit_due_on! : today;
    changed += await tryWrite(data, exitStatements(data, entry, "rectified", on, "", SYSTEM, now), { action: "credit.exited", targetType: "credit_entry", targetId: entry.id, after: { reason: "rectified", on } });
    done.add(entry.id);
  }
  for (const entry of autoCandidates ?? []) {
    const on = autoExitOn(entry, settings);
    if (!on || on > today || done.has(entry.id)) continue;
    changed += await tryWrite(data, exitStatements(data, entry, "auto", on, "", SYSTEM, now), { action: "credit.exited", targetType: "credit_entry", targetId: entry.id, after: { reason: "auto", on } });
    done.add(entry.id);
  }
  return changed;
}
