import type { Hono } from "hono";
import * as z from "zod/mini";
import type { AppEnv } from "../env";
import { apiRoute } from "../http/routes";
import { nowIso } from "../lib/time";
import { beijingDate } from "../lib/beijing-time";
import { receiptJson, receiptOutput } from "../receipts";
import { OBJECTION_RECEIPT } from "./receipt-kind";
import { latestNotices, noticePage } from "./notice-queries";
import { handleNoticeObjection, objectToNotice } from "./objections";
import { handleObjectionSchema, objectionSchema } from "./schemas";

// Public notices as JSON (/api/v1/notices/…): read and object without signing in;
// objections handled by the staff the notice's subject kind names.

const filed = z.object({ id: z.string(), receipt: receiptOutput });
const noticeList = z.object({
  notices: z.array(z.object({ id: z.string(), title: z.string(), startsAt: z.string(), endsAt: z.string(), endsOn: z.string(), status: z.enum(["open", "closed"]), publishedAt: z.string() })),
});

export function registerNoticeApi(app: Hono<AppEnv>): void {
  apiRoute(app, { method: "GET", path: "/notices", access: "public", tag: "notices", summary: "The latest 100 public notices (公示), newest first", response: noticeList }, async (c) => {
    const rows = await latestNotices(c.var.data, 100);
    return c.json({ notices: rows.map((n) => ({ id: n.id, title: n.title, startsAt: n.starts_at, endsAt: n.ends_at, endsOn: beijingDate(n.ends_at), status: n.status, publishedAt: n.published_at })) });
  });

  apiRoute(app, { method: "GET", path: "/notices/:id", access: "public", tag: "notices", summary: "A public notice: window, listed proposals and reviewers (no objector contacts)" }, async (c) => {
    const { notice, items } = await noticePage(c.var.data, c.req.param("id") ?? "");
    const { subject_kind: _kind, published_at: _published, ...rest } = notice;
    return c.json({ ...rest, endsOn: beijingDate(notice.ends_at), items });
  });

  apiRoute(
    app,
    { method: "POST", path: "/notices/:id/objections", access: "public", tag: "notices", summary: "File an objection during the notice window; answers with its receipt", body: objectionSchema, response: filed, responseStatus: 201 },
    async (c, { body }) => {
      const id = await objectToNotice(c.var.data, c.req.param("id") ?? "", body, { locale: c.var.locale, now: nowIso(), personalDataKey: c.env.PERSONAL_DATA_KEY });
      return c.json({ id, receipt: await receiptJson(c.var.data, OBJECTION_RECEIPT, id) }, 201);
    },
  );

  apiRoute(
    app,
    { method: "POST", path: "/notices/objections/:id/handle", access: "signed_in", tag: "notices", summary: "Record how an objection was handled (staff managing the notice's subjects)", body: handleObjectionSchema, responseStatus: 204 },
    async (c, { body }) => {
      await handleNoticeObjection(c, c.req.param("id") ?? "", body);
      return c.body(null, 204);
    },
  );
}
