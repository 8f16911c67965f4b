import type { Hono } from "hono";
import * as z from "zod/mini";
import type { AppEnv } from "../../env";
import { notFound, validationFailed } from "../../http/errors";
import { apiRoute } from "../../http/routes";
import { t } from "../../i18n/messages";
import { nowIso } from "../../lib/time";
import type { DistrictData } from "../../data/district-data";
import { receiptJson, receiptOutput } from "../../receipts";
import { registerAssessmentApi } from "./api-assessment";
import { NEED_RECEIPT } from "./receipt-kind";
import { loadAreas, communitiesInScope } from "./areas";
import { answerNeed, listNeeds, mergeNeed, needByReceipt, needInScope, needScopes, normalizeReceipt, receiveNeed, type NeedRow } from "./needs";
import { answerInput, answerProblems, mergeInput, needListQuery, needOutput, publicStatusOutput, staffNeedInput } from "./schemas";
import { statusSentence } from "./views-public";

// The JSON API of the needs side, for the district's own systems (a 12345 hotline
// bridge, a WeChat mini-program): the same rules as the pages, from the same schemas.

const TAG = "Linkage";
const needDetailOutput = z.extend(needOutput, { receipt: receiptOutput });
type Need = NonNullable<NeedRow>;

function needJson(n: Need) {
  return {
    id: n.id,
    receiptCode: n.receipt_code,
    communityCode: n.community_code,
    category: n.category,
    source: n.source,
    status: n.status,
    priority: n.priority,
    answer: n.answer,
    mergedInto: n.merged_into,
    dueOn: n.due_on,
    overdue: n.overdue === 1,
    receivedAt: n.received_at,
    answeredAt: n.answered_at,
    version: n.version,
  };
}

export function registerLinkageApi(app: Hono<AppEnv>): void {
  registerAssessmentApi(app);
  apiRoute(
    app,
    { method: "GET", path: "/linkage/needs", access: "linkage.needs", tag: TAG, summary: "Residents' needs of the caller's communities (no personal data)", query: needListQuery, response: z.array(needOutput) },
    async (c, { query }) => c.json((await listNeeds(c.var.data, needScopes(c.var.user!), query)).map(needJson)),
  );

  // One need comes with its receipt (办件编号), which staff read out to a resident who calls.
  const withReceipt = async (data: DistrictData, n: Need) => ({ ...needJson(n), receipt: await receiptJson(data, NEED_RECEIPT, n.id) });
  apiRoute(app, { method: "GET", path: "/linkage/needs/:needId", access: "linkage.needs", tag: TAG, summary: "One need with its receipt", response: needDetailOutput }, async (c) =>
    c.json(await withReceipt(c.var.data, await needInScope(c.var.data, c.var.user!, c.req.param("needId") ?? ""))),
  );

  apiRoute(
    app,
    {
      method: "POST",
      path: "/linkage/needs",
      access: "linkage.needs",
      tag: TAG,
      summary: "Enter a need heard on a visit, at a residents' council or on the phone; answers with its receipt",
      body: staffNeedInput,
      response: needDetailOutput,
      responseStatus: 201,
    },
    async (c, { body }) => {
      const allowed = communitiesInScope(await loadAreas(c.var.data), needScopes(c.var.user!), c.var.locale);
      if (!allowed.some((a) => a.value === body.communityCode)) throw validationFailed([{ field: "communityCode", code: "invalid_choice", message: t(c.var.locale, "field.invalid_choice") }]);
      const { id } = await receiveNeed(c.var.data, c.env, { ...body, source: body.source as never, enteredBy: c.var.user!.id }, nowIso());
      return c.json(await withReceipt(c.var.data, await needInScope(c.var.data, c.var.user!, id)), 201);
    },
  );

  apiRoute(
    app,
    {
      method: "POST",
      path: "/linkage/needs/:needId/answer",
      access: "linkage.needs",
      tag: TAG,
      summary: "Classify and answer a need (accept with a priority, solve, refer to the sub-district, decline with a reason)",
      body: answerInput,
      response: needOutput,
    },
    async (c, { body }) => {
      const id = c.req.param("needId") ?? "";
      await needInScope(c.var.data, c.var.user!, id);
      const problems = answerProblems(body, c.var.locale);
      if (problems.length) throw validationFailed(problems);
      await answerNeed(c.var.data, c.var.user!, id, { ...body, priority: body.priority || null }, nowIso(), c.env.PERSONAL_DATA_KEY);
      return c.json(needJson(await needInScope(c.var.data, c.var.user!, id)));
    },
  );

  apiRoute(
    app,
    { method: "POST", path: "/linkage/needs/:needId/merge", access: "linkage.needs", tag: TAG, summary: "Merge a duplicate into another need of the same community, named by its receipt code", body: mergeInput, response: needOutput },
    async (c, { body }) => {
      const id = c.req.param("needId") ?? "";
      await needInScope(c.var.data, c.var.user!, id);
      const target = normalizeReceipt(body.target);
      if (!target) throw validationFailed([{ field: "target", code: "not_found", message: t(c.var.locale, "linkage.need.targetUnknown") }]);
      await mergeNeed(c.var.data, c.var.user!, id, target, body.version, nowIso());
      return c.json(needJson(await needInScope(c.var.data, c.var.user!, id)));
    },
  );

  apiRoute(app, { method: "GET", path: "/needs/status/:receipt", access: "public", tag: TAG, summary: "A need's progress by its receipt code (what the resident's status page shows)", response: publicStatusOutput }, async (c) => {
    const code = normalizeReceipt(c.req.param("receipt") ?? "");
    const found = code ? await needByReceipt(c.var.data, code) : null;
    if (!code || !found) throw notFound();
    const { own, shown } = found;
    return c.json({
      receiptCode: code,
      receipt: await receiptJson(c.var.data, NEED_RECEIPT, own.id),
      communityCode: own.community_code,
      category: own.category,
      receivedAt: own.received_at,
      status: shown.status,
      merged: own.id !== shown.id,
      statusText: statusSentence(c.var.locale, shown),
      priority: shown.status === "accepted" ? shown.priority : null,
      answer: shown.answer,
      dueOn: shown.due_on,
      answeredAt: shown.answered_at,
    });
  });
}
