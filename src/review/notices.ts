import type { Compilable } from "kysely";
import type { DistrictData } from "../data/district-data";
import { newId } from "../lib/ids";
import { protect } from "../lib/personal-data";
import { EVERY_FIVE_MINUTES } from "../jobs/crons";
import type { Job } from "../jobs";
import { findKind } from "./kinds";

// 公示: proposals go on a public notice with a start and an end; anyone may object
// during the window; staff record how each objection was handled. When the window has
// closed, a proposal becomes final only if no objection to it (or to the whole notice)
// was upheld, and none is still waiting to be handled. The subject's kind says what
// "final" and "overturned" mean (SubjectKind.finalize / overturn), and whether one item
// overturned withdraws the rest of its notice (SubjectKind.overturnWithdrawsNotice).

export interface NoticeItemInput {
  subjectId: string;
  label: string;
  proposedOutcome: string;
  score: number | null;
  /** The 街道 or 社区 the subject belongs to (null: the whole district): whose staff hear of objections. */
  areaCode: string | null;
}

export function publishNotice(
  data: DistrictData,
  input: { noticeId: string; subjectKind: string; batchId: string; title: string; body: string; reviewersText: string; startsAt: string; endsAt: string; items: readonly NoticeItemInput[]; by: string; now: string },
): Compilable[] {
  const statements: Compilable[] = [
    data.insertInto("public_notices", {
      id: input.noticeId,
      subject_kind: input.subjectKind,
      batch_id: input.batchId,
      title: input.title,
      body: input.body,
      reviewers_text: input.reviewersText,
      starts_at: input.startsAt,
      ends_at: input.endsAt,
      status: "open",
      published_by: input.by,
      published_at: input.now,
      closed_at: null,
    }),
  ];
  const rows = input.items.map((i) => ({ notice_id: input.noticeId, subject_id: i.subjectId, label: i.label, proposed_outcome: i.proposedOutcome, score: i.score, area_code: i.areaCode ?? "", outcome: "pending" as const }));
  for (let i = 0; i < rows.length; i += 12) statements.push(data.insertInto("notice_items", rows.slice(i, i + 12)));
  return statements;
}

export type NoticePhase = "upcoming" | "open" | "closed";

export function noticePhase(notice: { starts_at: string; ends_at: string; status: string }, now: string): NoticePhase {
  if (notice.status === "closed" || now >= notice.ends_at) return "closed";
  return now < notice.starts_at ? "upcoming" : "open";
}

/** An objection from the public; accepted only while the window is open. */
export async function fileObjection(
  data: DistrictData,
  input: { noticeId: string; subjectId: string | null; name: string; contact: string; content: string; now: string; personalDataKey: string | undefined; locale?: "zh-CN" | "en" },
): Promise<{ id: string; statements: Compilable[] }> {
  const id = newId();
  return {
    id,
    statements: [
      data.guard(data.selectFrom("public_notices").select("id").where("id", "=", input.noticeId).where("status", "=", "open").where("starts_at", "<=", input.now).where("ends_at", ">", input.now)),
      data.insertInto("notice_objections", {
        id,
        notice_id: input.noticeId,
        subject_id: input.subjectId,
        name: input.name,
        contact_protected: await protect(input.contact, input.personalDataKey),
        content: input.content,
        filed_at: input.now,
        status: "received",
        handling_note: null,
        handled_by: null,
        handled_at: null,
        locale: input.locale ?? null,
      }),
    ],
  };
}

export function handleObjection(data: DistrictData, input: { objectionId: string; upheld: boolean; note: string; by: string; now: string }): Compilable[] {
  return [
    data.guard(data.selectFrom("notice_objections").select("id").where("id", "=", input.objectionId).where("status", "=", "received")),
    data
      .updateTable("notice_objections")
      .set({ status: input.upheld ? "upheld" : "dismissed", handling_note: input.note, handled_by: input.by, handled_at: input.now })
      .where("id", "=", input.objectionId),
  ];
}

/**
 * Closes notices whose window has ended and settles their pending items. Safe to run
 * any number of times: each change is guarded on the state it moves from.
 */
export async function settleNotices(caller: DistrictData, now: string): Promise<number> {
  const data = caller.asSystem();
  let changed = 0;
  const due = await data.selectFrom("public_notices").select(["id"]).where("status", "=", "open").where("ends_at", "<=", now).execute();
  for (const notice of due) {
    const [rows] = await data.writeUnaudited([data.updateTable("public_notices").set({ status: "closed", closed_at: now }).where("id", "=", notice.id).where("status", "=", "open").returning("id")]);
    changed += rows?.length ?? 0;
  }
  const pending = await data
    .selectFrom("notice_items")
    .innerJoin("public_notices", (j) => j.onRef("public_notices.district_id", "=", "notice_items.district_id").onRef("public_notices.id", "=", "notice_items.notice_id"))
    .select(["notice_items.notice_id", "notice_items.subject_id", "public_notices.subject_kind"])
    .where("notice_items.outcome", "=", "pending")
    .where("public_notices.status", "=", "closed")
    .execute();
  for (const item of pending) {
    const objections = await data
      .selectFrom("notice_objections")
      .select(["status", "subject_id"])
      .where("notice_id", "=", item.notice_id)
      .where((eb) => eb.or([eb("subject_id", "is", null), eb("subject_id", "=", item.subject_id)]))
      .execute();
    if (objections.some((o) => o.status === "received")) continue; // staff must handle it first
    const upheld = objections.some((o) => o.status === "upheld");
    const handler = findKind(item.subject_kind);
    if (!handler) throw new Error(`no subject kind ${item.subject_kind}`);
    const follow = upheld ? await handler.overturn(data, item.subject_id, now) : await handler.finalize(data, item.subject_id, now);
    const written = await data.writeIfCurrent(
      [
        data.guard(data.selectFrom("notice_items").select("subject_id").where("notice_id", "=", item.notice_id).where("subject_id", "=", item.subject_id).where("outcome", "=", "pending")),
        data
          .updateTable("notice_items")
          .set({ outcome: upheld ? "overturned" : "final" })
          .where("notice_id", "=", item.notice_id)
          .where("subject_id", "=", item.subject_id),
        ...follow,
        ...(upheld && handler.overturnWithdrawsNotice && !objections.some((o) => o.status === "upheld" && o.subject_id === null) ? [withdrawOthers(data, item.notice_id, item.subject_id)] : []),
      ],
      { action: upheld ? "notice.overturned" : "notice.finalized", targetType: item.subject_kind, targetId: item.subject_id, after: { notice: item.notice_id } },
    );
    // Another run settled this item first: nothing left to do for it.
    if (written) changed += 1;
  }
  return changed;
}

/**
 * The notice's other items leave it with the overturned one; an item with an upheld
 * objection of its own is left to be overturned in its turn.
 */
function withdrawOthers(data: DistrictData, noticeId: string, subjectId: string): Compilable {
  return data
    .updateTable("notice_items")
    .set({ outcome: "withdrawn" })
    .where("notice_id", "=", noticeId)
    .where("subject_id", "!=", subjectId)
    .where("outcome", "in", ["pending", "final"])
    .where("subject_id", "not in", data.selectFrom("notice_objections").select("subject_id").where("notice_id", "=", noticeId).where("status", "=", "upheld").where("subject_id", "is not", null).$narrowType<{ subject_id: string }>());
}

export const settleNoticesJob: Job = {
  name: "notices.settle",
  cron: EVERY_FIVE_MINUTES,
  run: ({ data, now }) => settleNotices(data, now),
};
