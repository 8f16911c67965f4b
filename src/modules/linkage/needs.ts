import type { Compilable } from "kysely";
import { PERMISSIONS } from "../../auth/permissions";
import { inAreas, scopePrefixes } from "../../auth/scope";
import type { CurrentUser } from "../../auth/sessions";
import type { DistrictData } from "../../data/district-data";
import type { Env } from "../../env";
import { AppError, notFound } from "../../http/errors";
import { addWorkingDays, beijingDate, workingDaysBetween } from "../../lib/beijing-time";
import { newId } from "../../lib/ids";
import { lookupHash, protect } from "../../lib/personal-data";
import { discardFile, storeFile } from "../../operations/files";
import { notify } from "../../core/module-contract";
import { needAnswered } from "./notifications";
import { issueReceipt } from "../../receipts";
import { NEED_RECEIPT } from "./receipt-kind";
import type { NeedCategory, NeedPriority, NeedSource, NeedStatus } from "./tables";

// Residents' needs: received from the resident's form or entered by staff, answered by
// the community within the district's working-day deadline. The receipt code is what
// the resident keeps; a need merged into another shows the other's answer under it.

/** Unambiguous characters (no 0/O, 1/I/L): read aloud on the phone and typed on a small keyboard. */
const RECEIPT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

export function newReceiptCode(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return Array.from(bytes, (b) => RECEIPT_ALPHABET[b % RECEIPT_ALPHABET.length]).join("");
}

/** What a person types ("k7m2-q9xr ") as stored ("K7M2Q9XR"); null when it cannot be one. */
export function normalizeReceipt(input: string): string | null {
  const code = input.toUpperCase().replace(/[\s-]/g, "");
  return /^[2-9A-HJKMNP-Z]{8}$/.test(code) ? code : null;
}

/** "K7M2-Q9XR": grouped for reading. */
export function formatReceipt(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

export interface NewNeed {
  communityCode: string;
  category: NeedCategory;
  description: string;
  location: string;
  source: NeedSource;
  name: string;
  phone: string;
  photo?: { bytes: Uint8Array; type: "image/png" | "image/jpeg" };
  enteredBy: string | null;
}

/** The keyed hash of a phone number, for the per-phone limit and lookups. */
export const phoneLookup = (phone: string, env: Env) => lookupHash("phone", phone, env.PERSONAL_DATA_KEY);

export async function receiveNeed(data: DistrictData, env: Env, input: NewNeed, now: string): Promise<{ id: string; receiptCode: string }> {
  const id = newId();
  const receiptCode = newReceiptCode();
  const phone = input.phone ? await protect(input.phone, env.PERSONAL_DATA_KEY) : null;
  const lookup = input.phone ? await phoneLookup(input.phone, env) : null;
  const key = input.photo ? `${data.district.code}/linkage/needs/${id}/photo` : null;
  if (key && input.photo) await storeFile(env, key, input.photo.bytes, { httpMetadata: { contentType: input.photo.type } });
  const row = {
    id,
    receipt_code: receiptCode,
    community_code: input.communityCode,
    category: input.category,
    description: input.description,
    location: input.location,
    source: input.source,
    resident_name: input.name,
    phone,
    phone_lookup: lookup,
    r2_key: key,
    photo_type: input.photo?.type ?? null,
    status: "received" as const,
    priority: null,
    answer: "",
    merged_into: null,
    overdue: 0,
    answered_at: null,
    answered_by: null,
    version: 1,
    due_on: addWorkingDays(now, data.district.settings.needAnswerWorkingDays),
    received_at: now,
    entered_by: input.enteredBy,
    created_at: now,
    updated_at: now,
  };
  try {
    await data.write([data.insertInto("linkage_needs", row), issueReceipt(data, NEED_RECEIPT, id, now)], {
      action: "linkage.need_received",
      targetType: "linkage_need",
      targetId: id,
      after: { communityCode: input.communityCode, category: input.category, source: input.source, photo: key !== null },
    });
  } catch (error) {
    if (key) await discardFile(env, key);
    throw error;
  }
  return { id, receiptCode };
}

/** Area prefixes where the user handles needs ([''] = the whole district). */
export function needScopes(user: CurrentUser): string[] {
  return scopePrefixes(user.grants, PERMISSIONS["linkage.needs"]);
}

export function inScope(scopes: readonly string[], communityCode: string): boolean {
  return scopes.some((p) => communityCode.startsWith(p));
}

export type NeedRow = Awaited<ReturnType<typeof findNeed>>;

function needColumns(data: DistrictData) {
  return data
    .selectFrom("linkage_needs")
    .select([
      "id",
      "receipt_code",
      "community_code",
      "category",
      "description",
      "location",
      "source",
      "resident_name",
      "phone",
      "r2_key",
      "photo_type",
      "status",
      "priority",
      "answer",
      "merged_into",
      "due_on",
      "overdue",
      "received_at",
      "answered_at",
      "entered_by",
      "version",
    ]);
}

async function findNeed(data: DistrictData, id: string) {
  return needColumns(data).where("id", "=", id).executeTakeFirst();
}

/** A need the user may handle, or 404 (out of scope is as absent as another district's). */
/** The receipt code of the need another was merged into (null when it was not merged). */
export async function mergedReceipt(data: DistrictData, mergedInto: string | null): Promise<string | null> {
  if (!mergedInto) return null;
  const row = await data.selectFrom("linkage_needs").select("receipt_code").where("id", "=", mergedInto).executeTakeFirst();
  return row?.receipt_code ?? null;
}

export async function needInScope(data: DistrictData, user: CurrentUser, id: string) {
  const need = await findNeed(data, id);
  if (!need || !inScope(needScopes(user), need.community_code)) throw notFound();
  return need;
}

export interface NeedFilter {
  status?: NeedStatus | "open" | "overdue";
  community?: string;
}

export async function listNeeds(data: DistrictData, scopes: readonly string[], filter: NeedFilter, limit = 200) {
  let q = needColumns(data);
  q = q.where(inAreas("community_code", scopes));
  if (filter.community) q = q.where("community_code", "=", filter.community);
  if (filter.status === "open") q = q.where("status", "=", "received");
  else if (filter.status === "overdue") q = q.where("status", "=", "received").where("overdue", "=", 1);
  else if (filter.status) q = q.where("status", "=", filter.status);
  return q.orderBy("received_at", "desc").limit(limit).execute();
}

export type Outcome = "accepted" | "solved" | "referred" | "declined";

export interface AnswerInput {
  outcome: Outcome;
  category: NeedCategory;
  priority: NeedPriority | null;
  answer: string;
  version: number;
}

/** Statuses whose need can still be answered (or answered again, e.g. accepted, then solved). */
const ANSWERABLE: readonly NeedStatus[] = ["received", "accepted", "referred"];

const illegal = () => new AppError({ status: 409, code: "illegal_transition", message: "linkage.need.notAnswerable" });

/**
 * A text message to each resident who left a phone on the need or on a need merged into
 * it, for the same write as the answer (the community named, the receipt sealed).
 */
async function tellResidents(data: DistrictData, need: { id: string; community_code: string; phone: string | null; receipt_code: string }, personalDataKey: string | undefined): Promise<Compilable[]> {
  const [merged, area] = await Promise.all([
    data.selectFrom("linkage_needs").select(["phone", "receipt_code"]).where("merged_into", "=", need.id).where("phone", "is not", null).execute(),
    data.selectFrom("areas").select("name_zh").where("code", "=", need.community_code).executeTakeFirst(),
  ]);
  const residents = [need, ...merged].filter((n) => n.phone !== null);
  return Promise.all(
    residents.map(async (n) => notify(data, needAnswered, { to: n.phone!, params: { community: area?.name_zh ?? "", receipt: await protect(n.receipt_code, personalDataKey) }, target: { type: "linkage_need", id: need.id } })),
  );
}

/** Kept on the need with its first answer, so the public summary's median is an indexed count. */
const answerWorkingDays = (receivedAt: string, answeredAt: string) => workingDaysBetween(beijingDate(receivedAt), beijingDate(answeredAt));

export async function answerNeed(data: DistrictData, user: CurrentUser, id: string, input: AnswerInput, now: string, personalDataKey: string | undefined): Promise<void> {
  const need = await needInScope(data, user, id);
  if (!ANSWERABLE.includes(need.status) || need.status === input.outcome) throw illegal();
  const set = {
    status: input.outcome,
    category: input.category,
    priority: input.outcome === "accepted" ? input.priority : need.priority,
    answer: input.answer,
    overdue: 0,
    answered_at: need.answered_at ?? now,
    ...(need.answered_at ? {} : { answer_working_days: answerWorkingDays(need.received_at, now) }),
    answered_by: user.id,
    version: input.version + 1,
    updated_at: now,
  };
  // The guard makes a stale form fail loudly: an update matching no row would not.
  const current = data.guard(data.selectFrom("linkage_needs").select("id").where("id", "=", id).where("version", "=", input.version));
  const told = await tellResidents(data, need, personalDataKey);
  await data.write([current, data.updateTable("linkage_needs").set(set).where("id", "=", id).where("version", "=", input.version), ...told], {
    action: "linkage.need_answered",
    targetType: "linkage_need",
    targetId: id,
    before: { status: need.status, category: need.category, priority: need.priority },
    after: { status: set.status, category: set.category, priority: set.priority, answer: set.answer },
  });
}

/** The need behind a receipt: itself, or the need it was merged into. */
export async function needByReceipt(data: DistrictData, code: string) {
  const own = await needColumns(data).where("receipt_code", "=", code).executeTakeFirst();
  if (!own) return null;
  const shown = own.merged_into ? await findNeed(data, own.merged_into) : own;
  return shown ? { own, shown } : null;
}

const cannotMerge = () => new AppError({ status: 409, code: "illegal_transition", message: "linkage.need.cannotMerge" });

/**
 * Merges a duplicate into another need of the same community. Its receipt then shows
 * the other need's answer, and so do the receipts already merged into it.
 */
export async function mergeNeed(data: DistrictData, user: CurrentUser, id: string, targetReceipt: string, version: number, now: string): Promise<string> {
  const need = await needInScope(data, user, id);
  const target = await needColumns(data).where("receipt_code", "=", targetReceipt).executeTakeFirst();
  if (!target || !inScope(needScopes(user), target.community_code)) throw new AppError({ status: 422, code: "validation", message: "linkage.need.targetUnknown", fields: [] });
  if (need.status !== "received" || target.id === need.id || target.status === "merged" || target.community_code !== need.community_code) throw cannotMerge();
  const queries: Compilable[] = [
    data.guard(data.selectFrom("linkage_needs").select("id").where("id", "=", target.id).where("version", "=", target.version)),
    data.guard(data.selectFrom("linkage_needs").select("id").where("id", "=", id).where("version", "=", version)),
    data
      .updateTable("linkage_needs")
      .set({ status: "merged", merged_into: target.id, overdue: 0, answered_at: now, answer_working_days: answerWorkingDays(need.received_at, now), answered_by: user.id, version: version + 1, updated_at: now })
      .where("id", "=", id)
      .where("version", "=", version),
    data
      .updateTable("linkage_needs")
      .set((eb) => ({ merged_into: target.id, version: eb("version", "+", 1), updated_at: now }))
      .where("merged_into", "=", id),
  ];
  await data.write(queries, { action: "linkage.need_merged", targetType: "linkage_need", targetId: id, after: { mergedInto: target.id } });
  return target.id;
}

/**
 * Marks received needs past the district's answer deadline, counted in working days
 * from the day they arrived (the holiday calendar decides which days count).
 */
export async function flagOverdueNeeds(data: DistrictData, now: string): Promise<number> {
  const today = beijingDate(now);
  const days = data.district.settings.needAnswerWorkingDays;
  const open = await data.selectFrom("linkage_needs").select(["id", "received_at"]).where("status", "=", "received").where("overdue", "=", 0).where("due_on", "<", today).limit(500).execute();
  const late = open.filter((n) => workingDaysBetween(beijingDate(n.received_at), today) > days).map((n) => n.id);
  if (late.length === 0) return 0;
  const rows = await data.write<{ id: string }>(
    [
      data
        .updateTable("linkage_needs")
        .set((eb) => ({ overdue: 1, version: eb("version", "+", 1), updated_at: now }))
        .where("id", "in", late)
        .where("status", "=", "received")
        .where("overdue", "=", 0)
        .returning("id"),
    ],
    { action: "linkage.needs_overdue", targetType: "linkage_need", after: { count: late.length, on: today } },
  );
  return rows[0]?.length ?? 0;
}
