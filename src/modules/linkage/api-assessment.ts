import type { Hono } from "hono";
import * as z from "zod/mini";
import type { AppEnv } from "../../env";
import { notFound, validationFailed } from "../../http/errors";
import { apiRoute } from "../../http/routes";
import { t } from "../../i18n/messages";
import { nowIso } from "../../lib/time";
import { areaName, loadAreas } from "./areas";
import { loadAssessment, publishedAssessments, standings } from "./assessment";
import { METRICS } from "./assessment-tables";
import { answeringNeed, callInScope, citableNeeds, saveCitations } from "./need-projects";
import { needInScope } from "./needs";

// The JSON API of the published assessment results (open to all, like the public
// ranking) and of the needs a projects call cites (staff who handle needs).

const TAG = "Linkage";
const nullableNumber = z.nullable(z.number());

const assessmentSummary = z.object({ id: z.string(), year: z.number(), level: z.enum(["subdistrict", "community"]), title: z.string(), publishedAt: z.nullable(z.string()) });
const resultOutput = z.object({
  ...assessmentSummary.shape,
  indicators: z.array(z.object({ metric: z.enum(METRICS), weight: z.number(), target: z.number() })),
  scoredItems: z.array(z.object({ title: z.string(), weight: z.number() })),
  results: z.array(
    z.object({
      areaCode: z.string(),
      areaName: z.string(),
      total: nullableNumber,
      rank: z.nullable(z.number()),
      figures: z.object({ needs_on_time: nullableNumber, meetings_held: nullableNumber, actions_on_time: nullableNumber, workers_per_10k: nullableNumber }),
      scoredMeans: z.array(nullableNumber),
    }),
  ),
});

const citedNeed = z.object({ id: z.string(), receiptCode: z.string(), communityCode: z.string(), category: z.string(), status: z.string(), priority: z.nullable(z.string()), cited: z.boolean() });
const citationsOutput = z.object({ callId: z.string(), callTitle: z.string(), areaCode: z.nullable(z.string()), needs: z.array(citedNeed) });
const citationsInput = z.strictObject({ needIds: z.array(z.string().check(z.maxLength(40))).check(z.maxLength(90)) });

const answeringOutput = z.array(
  z.object({
    callId: z.string(),
    callTitle: z.string(),
    contractId: z.nullable(z.string()),
    projectTitle: z.nullable(z.string()),
    organizationName: z.nullable(z.string()),
    status: z.nullable(z.string()),
    endsOn: z.nullable(z.string()),
    rating: z.nullable(z.number()),
  }),
);

export function registerAssessmentApi(app: Hono<AppEnv>): void {
  apiRoute(app, { method: "GET", path: "/assessments", access: "public", tag: TAG, summary: "Published linkage assessments (观摩评比), newest year first", response: z.array(assessmentSummary) }, async (c) =>
    c.json((await publishedAssessments(c.var.data)).map((a) => ({ id: a.id, year: a.year, level: a.level, title: a.title, publishedAt: a.published_at }))),
  );

  apiRoute(app, { method: "GET", path: "/assessments/:assessmentId", access: "public", tag: TAG, summary: "A published assessment: indicators, weights, and each area's figures, total and rank", response: resultOutput }, async (c) => {
    const data = c.var.data;
    const loaded = await loadAssessment(data, c.req.param("assessmentId") ?? "");
    const a = loaded.assessment;
    if (a.status !== "published") throw notFound();
    const areas = await loadAreas(data);
    const rows = await standings(data, loaded, areas);
    return c.json({
      id: a.id,
      year: a.year,
      level: a.level,
      title: a.title,
      publishedAt: a.published_at,
      indicators: loaded.indicators,
      scoredItems: loaded.rubric.items.map((i) => ({ title: i.title, weight: i.weight })),
      results: rows.map((r) => ({ areaCode: r.areaCode, areaName: areaName(areas, r.areaCode, c.var.locale), total: r.total, rank: r.rank, figures: r.figures, scoredMeans: r.scored })),
    });
  });

  apiRoute(app, { method: "GET", path: "/linkage/calls/:callId/needs", access: "linkage.needs", tag: TAG, summary: "The accepted needs of a projects call's area, and which of them the call cites", response: citationsOutput }, async (c) => {
    const call = await callInScope(c.var.data, c.var.user!, c.req.param("callId") ?? "");
    const { needs, cited } = await citableNeeds(c.var.data, call);
    return c.json({
      callId: call.id,
      callTitle: call.title,
      areaCode: call.areaCode,
      needs: needs.map((n) => ({ id: n.id, receiptCode: n.receipt_code, communityCode: n.community_code, category: n.category, status: n.status, priority: n.priority, cited: cited.includes(n.id) })),
    });
  });

  apiRoute(
    app,
    { method: "PUT", path: "/linkage/calls/:callId/needs", access: "linkage.needs", tag: TAG, summary: "Replace the needs a projects call cites (accepted needs of its area only)", body: citationsInput, responseStatus: 204 },
    async (c, { body }) => {
      const call = await callInScope(c.var.data, c.var.user!, c.req.param("callId") ?? "");
      if (!(await saveCitations(c.var.data, c.var.user!, call, [...new Set(body.needIds)], nowIso()))) {
        throw validationFailed([{ field: "needIds", code: "invalid_choice", message: t(c.var.locale, "field.invalid_choice") }]);
      }
      return c.body(null, 204);
    },
  );

  apiRoute(
    app,
    { method: "GET", path: "/linkage/needs/:needId/projects", access: "linkage.needs", tag: TAG, summary: "The calls citing a need and the projects funded under them, with the resident's rating", response: answeringOutput },
    async (c) => {
      const need = await needInScope(c.var.data, c.var.user!, c.req.param("needId") ?? "");
      const shown = need.merged_into ?? need.id;
      const items = await answeringNeed(c.var.data, need.id, shown);
      return c.json(items.map((p) => ({ callId: p.callId, callTitle: p.callTitle, contractId: p.contractId, projectTitle: p.projectTitle, organizationName: p.organizationName, status: p.status, endsOn: p.endsOn, rating: p.rating })));
    },
  );
}
