import type { Hono } from "hono";
import * as z from "zod/mini";
import type { AppEnv } from "../../env";
import { apiRoute } from "../../http/routes";
import { creditGround } from "./credit-grounds";
import { allAnnouncements, announcementWithResults } from "./evaluation-announcements";
import { appealsOfEvaluation } from "./evaluation-queries";
import { receiptNumbers } from "../../receipts";
import { APPEAL_RECEIPT } from "./receipt-kind";
import { entryWithHistory } from "./manage-queries";
import { pendingClaims, verifiedOrganization } from "./registry";
import { actorOf, evaluationAreas } from "./actor";

// The JSON API over the records the pages show beside the directory: evaluation results
// announcements and their grades, one credit-list entry with its public history (public),
// and for staff the pending organization claims and an evaluation's appeals. Same reads
// as the pages, same access; another district's ids answer 404.

const tag = "disclosure";

const announcementSummary = z.object({ id: z.string(), title: z.string(), documentNo: z.string(), announcedOn: z.string() });
const announcementSchema = z.object({
  ...announcementSummary.shape,
  roundId: z.string(),
  /** Each announced result; a grade runs from 1 January after the announcement to 31 December of the fifth year. */
  results: z.array(
    z.object({ organizationId: z.string(), name: z.string(), uscc: z.nullable(z.string()), grade: z.nullable(z.string()), validFrom: z.nullable(z.string()), validUntil: z.nullable(z.string()), status: z.nullable(z.string()) }),
  ),
});
const entrySchema = z.object({
  id: z.string(),
  organizationId: z.string(),
  organizationName: z.string(),
  /** abnormal (活动异常名录) or serious (严重违法失信名单). */
  list: z.string(),
  reasonCode: z.string(),
  /** The ground's item in the 办法's list for that list (民政部令第60号); null for codes outside it. */
  groundItem: z.nullable(z.number()),
  reason: z.string(),
  legalBasis: z.string(),
  decidingBody: z.string(),
  eventOn: z.nullable(z.string()),
  decidedOn: z.string(),
  exitedOn: z.nullable(z.string()),
  exitReason: z.nullable(z.string()),
  /** The entry's public history, oldest first. */
  events: z.array(z.object({ kind: z.string(), onDate: z.string(), note: z.string() })),
});
const claimsSchema = z.object({
  claims: z.array(z.object({ id: z.string(), organizationId: z.string(), organizationName: z.string(), position: z.string(), statement: z.string(), claimant: z.string(), filedAt: z.string() })),
});
const appealsSchema = z.object({
  appeals: z.array(
    z.object({
      id: z.string(),
      /** The 办件编号 on the organization's receipt, which it quotes when it calls. */
      receiptNo: z.nullable(z.string()),
      /** pending / upheld / dismissed, decided by the evaluation committee. */
      status: z.string(),
      content: z.string(),
      filedAt: z.string(),
      answerDueOn: z.string(),
      answer: z.nullable(z.string()),
      revisedTotal: z.nullable(z.number()),
      committeeDecidedOn: z.nullable(z.string()),
      answeredAt: z.nullable(z.string()),
    }),
  ),
});

export function registerDisclosureRecordsApi(app: Hono<AppEnv>): void {
  apiRoute(
    app,
    { method: "GET", path: "/evaluation-announcements", access: "public", tag, summary: "Evaluation results announcements (评估结果公告), newest first", response: z.object({ announcements: z.array(announcementSummary) }) },
    async (c) => {
      const rows = await allAnnouncements(c.var.data);
      return c.json({ announcements: rows.map((a) => ({ id: a.id, title: a.title, documentNo: a.document_no, announcedOn: a.announced_on })) });
    },
  );

  apiRoute(app, { method: "GET", path: "/evaluation-announcements/:announcementId", access: "public", tag, summary: "One results announcement with each organization's grade and its validity", response: announcementSchema }, async (c) => {
    const { announcement: a, results } = await announcementWithResults(c.var.data, c.req.param("announcementId") ?? "");
    return c.json({
      id: a.id,
      roundId: a.round_id,
      title: a.title,
      documentNo: a.document_no,
      announcedOn: a.announced_on,
      results: results.map((r) => ({ organizationId: r.organization_id, name: r.name, uscc: r.uscc, grade: r.final_grade, validFrom: r.valid_from, validUntil: r.valid_until, status: r.status })),
    });
  });

  apiRoute(app, { method: "GET", path: "/credit-entries/:entryId", access: "public", tag, summary: "One credit-list entry with its legal ground and public history", response: entrySchema }, async (c) => {
    // The public record of any of the district's entries, whatever its area.
    const { entry: e, org, events } = await entryWithHistory(c.var.data, c.req.param("entryId") ?? "", [""]);
    // As on the public organization page: only a verified organization's record is public.
    await verifiedOrganization(c.var.data, org.id);
    return c.json({
      id: e.id,
      organizationId: org.id,
      organizationName: org.name,
      list: e.list,
      reasonCode: e.reason_code,
      groundItem: creditGround(e.list, e.reason_code)?.item ?? null,
      reason: e.reason,
      legalBasis: e.legal_basis,
      decidingBody: e.deciding_body,
      eventOn: e.event_on,
      decidedOn: e.decided_on,
      exitedOn: e.exited_on,
      exitReason: e.exit_reason,
      events: events.filter((x) => x.public === 1).map((x) => ({ kind: x.kind, onDate: x.on_date, note: x.note })),
    });
  });

  apiRoute(app, { method: "GET", path: "/manage/claims", access: "registry.manage", tag, summary: "Organization claims waiting for verification, in the caller's area", response: claimsSchema }, async (c) => {
    const rows = await pendingClaims(c.var.data, actorOf(c.var.user!, c.var.locale));
    return c.json({
      claims: rows.map((x) => ({ id: x.id, organizationId: x.organization_id, organizationName: x.name, position: x.position, statement: x.statement, claimant: x.display_name, filedAt: x.filed_at })),
    });
  });

  apiRoute(
    app,
    { method: "GET", path: "/manage/evaluation/:evaluationId/appeals", access: "evaluation.manage", tag, summary: "An evaluation's appeals (复核) with the committee's answers and deadlines", response: appealsSchema },
    async (c) => {
      const id = c.req.param("evaluationId") ?? "";
      const rows = await appealsOfEvaluation(c.var.data, id, evaluationAreas(c.var.user!));
      const numbers = await receiptNumbers(
        c.var.data,
        APPEAL_RECEIPT,
        rows.map((a) => a.id),
      );
      return c.json({
        appeals: rows.map((a) => ({
          id: a.id,
          receiptNo: numbers.get(a.id) ?? null,
          status: a.status,
          content: a.content,
          filedAt: a.filed_at,
          answerDueOn: a.answer_due_on,
          answer: a.answer,
          revisedTotal: a.revised_total,
          committeeDecidedOn: a.committee_decided_on,
          answeredAt: a.answered_at,
        })),
      });
    },
  );
}
