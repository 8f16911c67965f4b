import type { Context } from "hono";
import { type ExpressionBuilder, type SqlBool, sql } from "kysely";
import { inAreas } from "../auth/scope";
import type { DistrictData } from "../data/district-data";
import type { AppEnv } from "../env";
import { AppError, notFound, validationFailed } from "../http/errors";
import type { Locale } from "../i18n/messages";
import { t } from "../i18n/messages";
import { nowIso } from "../lib/time";
import { beijingDate } from "../lib/beijing-time";
import { notify } from "../core/module-contract";
import { issueReceipt } from "../receipts";
import { OBJECTION_RECEIPT } from "./receipt-kind";
import { subjectKind } from "./kinds";
import { objectionDismissed, objectionReceived, objectionUpheld } from "./notifications";
import { fileObjection, handleObjection } from "./notices";
import type { ReviewTables } from "./tables";

// Objections to a public notice, for every subject kind: filed by anyone while the
// window is open, handled by the staff who manage the notice's subjects. Every such
// action is audited under the one target type "notice" (objections under "objection").

export class NoticeClosed extends AppError {
  constructor(endsAt: string) {
    super({ status: 409, code: "notice_closed", message: "review.notice.closed", params: { date: beijingDate(endsAt) }, extra: { endsAt } });
  }
}

/**
 * The area whose staff hear of an objection: the objected item's 街道 or 社区 ('' for the
 * district). Staff whose scope covers it are reached, so a street's staff hear of its
 * communities' items and the district's of every item. An objection to the whole notice
 * goes to the narrowest scope covering all its items: area codes nest, so that is their
 * longest common prefix.
 */
async function objectedArea(data: DistrictData, noticeId: string, subjectId: string | null): Promise<string> {
  const items = await data
    .selectFrom("notice_items")
    .select("area_code")
    .distinct()
    .where("notice_id", "=", noticeId)
    .$if(!!subjectId, (q) => q.where("subject_id", "=", subjectId!))
    .execute();
  return items
    .map((i) => i.area_code)
    .reduce((a, b) => {
      let n = 0;
      while (n < a.length && a[n] === b[n]) n++;
      return a.slice(0, n);
    }, items[0]?.area_code ?? "");
}

/**
 * Objections whose objected area one of these prefixes covers ('' covers the district),
 * by the rule that routes their alerts: one grant covers the objected item, or every
 * item of the notice for an objection to the whole notice. For staff lists, in SQL.
 */
export function objectionsInAreas(prefixes: readonly string[]) {
  return (eb: ExpressionBuilder<ReviewTables, "notice_objections">) =>
    prefixes.includes("")
      ? sql<SqlBool>`1 = 1`
      : eb.or(
          prefixes.map((p) =>
            eb.not(
              eb.exists(
                eb
                  .selectFrom("notice_items as i")
                  .select("i.subject_id")
                  .whereRef("i.district_id", "=", "notice_objections.district_id")
                  .whereRef("i.notice_id", "=", "notice_objections.notice_id")
                  .where((w) => w.or([w("notice_objections.subject_id", "is", null), w("i.subject_id", "=", w.ref("notice_objections.subject_id"))]))
                  .where(sql<SqlBool>`not ${inAreas("i.area_code", [p])}`),
              ),
            ),
          ),
        );
}

/** Files an objection; 404 for an unknown notice, 409 outside the window, 422 for a subject not on it. */
export async function objectToNotice(
  data: DistrictData,
  noticeId: string,
  input: { subjectId: string; name: string; contact: string; content: string },
  env: { locale: Locale; now: string; personalDataKey: string | undefined },
): Promise<string> {
  const notice = await data.selectFrom("public_notices").select(["id", "subject_kind", "status", "starts_at", "ends_at", "title"]).where("id", "=", noticeId).executeTakeFirst();
  if (!notice) throw notFound();
  const handledBy = subjectKind(notice.subject_kind).canScore.objectionsHandledBy ?? "district.manage";
  const now = env.now;
  if (notice.status === "closed" || now >= notice.ends_at || now < notice.starts_at) throw new NoticeClosed(notice.ends_at);
  if (input.subjectId) {
    const item = await data.selectFrom("notice_items").select("subject_id").where("notice_id", "=", noticeId).where("subject_id", "=", input.subjectId).executeTakeFirst();
    if (!item) throw validationFailed([{ field: "subjectId", code: "invalid_choice", message: t(env.locale, "field.invalid_choice") }]);
  }
  const { id, statements } = await fileObjection(data, { noticeId, subjectId: input.subjectId || null, name: input.name, contact: input.contact, content: input.content, now, personalDataKey: env.personalDataKey, locale: env.locale });
  const to = await objectedArea(data, noticeId, input.subjectId || null);
  statements.push(notify(data, objectionReceived, { to, permission: handledBy, params: { notice: notice.title, noticeId }, target: { type: "objection", id } }), issueReceipt(data, OBJECTION_RECEIPT, id, now));
  await data.write(statements, { action: "notice.objection_filed", targetType: "notice", targetId: noticeId, after: { objection: id, subject: input.subjectId || null } }, { stale: () => new NoticeClosed(notice.ends_at) });
  return id;
}

/**
 * Records how an objection was handled. The notice's kind decides who may (404 / 403
 * otherwise). Returns the notice's batch (the call, the round) for the staff page.
 */
export async function handleNoticeObjection(c: Context<AppEnv>, objectionId: string, input: { upheld: boolean; note: string }, onlyKind?: string): Promise<{ noticeId: string; batchId: string; subjectKind: string }> {
  const data = c.var.data;
  const objection = await data
    .selectFrom("notice_objections")
    .innerJoin("public_notices", (j) => j.onRef("public_notices.district_id", "=", "notice_objections.district_id").onRef("public_notices.id", "=", "notice_objections.notice_id"))
    .select([
      "notice_objections.id",
      "notice_objections.notice_id",
      "notice_objections.subject_id",
      "notice_objections.contact_protected",
      "notice_objections.locale",
      "public_notices.batch_id",
      "public_notices.subject_kind",
      "public_notices.title",
    ])
    .where("notice_objections.id", "=", objectionId)
    .executeTakeFirst();
  // A module's own staff page handles only its own kind's objections.
  if (!objection || (onlyKind !== undefined && objection.subject_kind !== onlyKind)) throw notFound();
  const area_code = await objectedArea(data, objection.notice_id, objection.subject_id);
  await subjectKind(objection.subject_kind).canScore.authorizeObjections(c, { batch_id: objection.batch_id, area_code });
  const told = notify(data, input.upheld ? objectionUpheld : objectionDismissed, {
    to: objection.contact_protected,
    params: { notice: objection.title, noticeId: objection.notice_id, note: input.note },
    target: { type: "objection", id: objectionId },
    locale: objection.locale,
  });
  await data.write([...handleObjection(data, { objectionId, upheld: input.upheld, note: input.note, by: c.var.user!.id, now: nowIso() }), told], {
    action: input.upheld ? "notice.objection_upheld" : "notice.objection_dismissed",
    targetType: "objection",
    targetId: objectionId,
    after: { note: input.note },
  });
  return { noticeId: objection.notice_id, batchId: objection.batch_id, subjectKind: objection.subject_kind };
}
