import type { Hono } from "hono";
import * as z from "zod/mini";
import type { AppEnv } from "../../env";
import { apiRoute } from "../../http/routes";
import { evaluationAreas } from "./actor";
import { API_LIST_PAGE_SIZE, annualReportsPage, evaluationsPage } from "./api-list-queries";

// JSON lists of evaluations (staff: scores, grades and their terms) and of published annual
// reports (public, as on the organization pages), 50 a page, newest first. A round or
// organization named that the district does not have answers 404.

const tag = "disclosure";
const page = z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(1000)), 1);
const id = z.optional(z.string().check(z.minLength(1), z.maxLength(64)));
const pageOf = <T extends z.ZodMiniType>(key: string, item: T) => z.object({ total: z.number(), page: z.number(), pageSize: z.number(), [key]: z.array(item) });

const evaluationSchema = z.object({
  id: z.string(),
  roundId: z.string(),
  roundTitle: z.string(),
  year: z.number(),
  organizationId: z.string(),
  organizationName: z.string(),
  uscc: z.nullable(z.string()),
  /** enrolled / returned / in_notice / final */
  status: z.string(),
  /** A re-evaluation in the first 2 years of a grade: scored without the district's skipped areas. */
  simplifiedOnsite: z.boolean(),
  /** The points the evaluation is scored out of (the round's scale, less any skipped areas, plus bonus items). */
  maxPoints: z.number(),
  selfTotal: z.nullable(z.number()),
  evaluatorTotal: z.nullable(z.number()),
  committeeTotal: z.nullable(z.number()),
  total: z.nullable(z.number()),
  proposedGrade: z.nullable(z.string()),
  finalGrade: z.nullable(z.string()),
  announcementId: z.nullable(z.string()),
  /** The grade its announcement awarded, its term (1 January after the announcement to 31 December of the fifth year) and its status now; null before. */
  grade: z.nullable(z.string()),
  gradeValidFrom: z.nullable(z.string()),
  gradeValidUntil: z.nullable(z.string()),
  gradeStatus: z.nullable(z.string()),
});
const annualReportSchema = z.object({
  id: z.string(),
  organizationId: z.string(),
  organizationName: z.string(),
  uscc: z.nullable(z.string()),
  reportYear: z.nullable(z.number()),
  title: z.string(),
  version: z.number(),
  firstPublishedAt: z.string(),
  updatedAt: z.string(),
});

export function registerDisclosureListApi(app: Hono<AppEnv>): void {
  apiRoute(
    app,
    {
      method: "GET",
      path: "/manage/evaluations",
      access: "evaluation.manage",
      tag,
      summary: "Evaluations of organizations in the caller's areas with their totals, grades and the grades' terms, 50 a page, newest enrolment first; roundId: one round's",
      query: z.object({ page, roundId: id }),
      response: pageOf("evaluations", evaluationSchema),
    },
    async (c, { query }) => {
      const { rows, total } = await evaluationsPage(c.var.data, { ...query, areas: evaluationAreas(c.var.user!) });
      return c.json({ total, page: query.page, pageSize: API_LIST_PAGE_SIZE, evaluations: rows as z.output<typeof evaluationSchema>[] });
    },
  );

  apiRoute(
    app,
    {
      method: "GET",
      path: "/annual-reports",
      access: "public",
      tag,
      summary: "Published annual reports of verified organizations, 50 a page, newest first; organizationId, year: filters",
      query: z.object({ page, organizationId: id, year: z.optional(z.coerce.number().check(z.int(), z.gte(1990), z.lte(2100))) }),
      response: pageOf("annualReports", annualReportSchema),
    },
    async (c, { query }) => {
      const { rows, total } = await annualReportsPage(c.var.data, query);
      return c.json({ total, page: query.page, pageSize: API_LIST_PAGE_SIZE, annualReports: rows as z.output<typeof annualReportSchema>[] });
    },
  );
}
