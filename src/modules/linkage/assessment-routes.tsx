import type { Context, Hono } from "hono";
import * as z from "zod/mini";
import type { AppEnv } from "../../env";
import { cachedHtml } from "../../http/cache";
import { notFound, type FieldError } from "../../http/errors";
import { notDistrictWide } from "../../auth/scope";
import { attempt } from "../../ui/form-state";
import { line } from "../../http/fields";
import { routes } from "../../http/routes";
import { readForm } from "../../http/validation";
import { t, type MessageKey } from "../../i18n/messages";
import { beijingToday } from "../../lib/beijing-time";
import { nowIso } from "../../lib/time";
import { checkedValues } from "../../ui/form";
import { pageInfo } from "../../ui/layout";
import { areaName, loadAreas } from "./areas";
import {
  assessmentExists,
  assignAssessmentReviewers,
  assignedReviewers,
  createAssessment,
  eligibleReviewers,
  listAssessments,
  loadAssessment,
  publishAssessment,
  publishedAssessments,
  runsAssessments,
  standings,
  type AssessmentInput,
} from "./assessment";
import { METRICS } from "./assessment-tables";
import { AssessmentPage, AssessmentsPage, PublicAssessmentPage, PublicAssessmentsPage, type AssessmentPageProps } from "./assessment-views";

// The annual assessment's pages: district staff define and publish it, reviewers score
// in the review inbox (/review), and everyone reads the published ranking.

const amount = (min: number, max: number) => z.coerce.number().check(z.gte(min), z.lte(max));
const assessmentForm = z.strictObject({
  year: z.coerce.number().check(z.int(), z.gte(2000), z.lte(2100)),
  level: z.enum(["subdistrict", "community"]),
  title: line(2, 100),
  ...Object.fromEntries(METRICS.flatMap((m) => [[`weight_${m}`, amount(0, 100)] as const, [`target_${m}`, amount(0.1, 100000)] as const])),
  ...Object.fromEntries([1, 2, 3].flatMap((n) => [[`item${n}`, z._default(line(0, 60), "")] as const, [`item${n}Weight`, z._default(amount(0, 100), 0)] as const])),
});

/** The form as an assessment, or the errors beside the fields that make it unusable. */
function toInput(d: Record<string, unknown>, l: AppEnv["Variables"]["locale"]): { input?: AssessmentInput; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const scored = [1, 2, 3].map((n) => ({ n, title: String(d[`item${n}`] ?? ""), weight: Number(d[`item${n}Weight`] ?? 0) })).filter((s) => s.title || s.weight);
  for (const s of scored) {
    if (!s.title) errors.push({ field: `item${s.n}`, code: "required", message: t(l, "field.required") });
    if (!(s.weight > 0)) errors.push({ field: `item${s.n}Weight`, code: "too_small", message: t(l, "linkage.assessment.weightRequired") });
  }
  const indicators = METRICS.map((metric) => ({ metric, weight: Number(d[`weight_${metric}`]), target: Number(d[`target_${metric}`]) }));
  if (!indicators.some((i) => i.weight > 0) && !scored.length) errors.push({ field: `weight_${METRICS[0]}`, code: "too_small", message: t(l, "linkage.assessment.weightRequired") });
  if (errors.length) return { errors };
  return { errors, input: { year: Number(d.year), level: d.level as AssessmentInput["level"], title: String(d.title), indicators, scored: scored.map(({ title, weight }) => ({ title, weight })) } };
}

async function listPage(c: Context<AppEnv>, values?: Record<string, string>, errors?: FieldError[]) {
  const rows = await listAssessments(c.var.data);
  const l = c.var.locale;
  const year = beijingToday().slice(0, 4);
  const v = values ?? { year, level: "subdistrict", title: t(l, "linkage.assessment.defaultTitle", { year }) };
  return c.html(<AssessmentsPage page={pageInfo(c)} rows={rows} canRun={runsAssessments(c.var.user!)} values={v} errors={errors} />, errors ? 422 : 200);
}

async function detailPage(c: Context<AppEnv>, id: string, extra: Pick<AssessmentPageProps, "errors" | "message"> = {}, status: 200 | 409 | 422 = 200) {
  const data = c.var.data;
  const [loaded, areas] = await Promise.all([loadAssessment(data, id), loadAreas(data)]);
  const [rows, reviewers, assigned] = await Promise.all([standings(data, loaded, areas), eligibleReviewers(data), assignedReviewers(data, loaded)]);
  return c.html(
    <AssessmentPage
      page={pageInfo(c)}
      assessment={loaded.assessment}
      indicators={loaded.indicators}
      items={loaded.rubric.items}
      rows={rows}
      areaName={(code) => areaName(areas, code, c.var.locale)}
      reviewers={reviewers}
      assigned={assigned.map((a) => a.reviewer_id)}
      canRun={runsAssessments(c.var.user!)}
      {...extra}
    />,
    status,
  );
}

export function registerAssessmentRoutes(app: Hono<AppEnv>): void {
  const r = routes(app, "district");

  r.get("/assessments", "public", async (c) => cachedHtml(c, <PublicAssessmentsPage page={pageInfo(c)} rows={await publishedAssessments(c.var.data)} />));

  r.get("/assessments/:assessmentId", "public", async (c) => {
    const data = c.var.data;
    const loaded = await loadAssessment(data, c.req.param("assessmentId") ?? "");
    if (loaded.assessment.status !== "published") throw notFound();
    const areas = await loadAreas(data);
    const rows = await standings(data, loaded, areas);
    return cachedHtml(c, <PublicAssessmentPage page={pageInfo(c)} assessment={loaded.assessment} indicators={loaded.indicators} items={loaded.rubric.items} rows={rows} areaName={(code) => areaName(areas, code, c.var.locale)} />);
  });

  r.get("/linkage/assessments", "linkage.meetings", (c) => listPage(c));

  r.post("/linkage/assessments", "linkage.meetings", async (c) => {
    if (!runsAssessments(c.var.user!)) throw notDistrictWide();
    const l = c.var.locale;
    const form = await readForm(c, assessmentForm);
    if (!form.ok) return listPage(c, form.values, form.errors);
    const { input, errors } = toInput(form.data, l);
    if (!input) return listPage(c, form.values, errors);
    if (await assessmentExists(c.var.data, input.year, input.level)) return listPage(c, form.values, [{ field: "year", code: "taken", message: t(l, "linkage.assessment.exists") }]);
    const id = await createAssessment(c.var.data, c.var.user!, input, await loadAreas(c.var.data), nowIso());
    return c.redirect(`${c.var.base}/linkage/assessments/${id}`, 303);
  });

  r.get("/linkage/assessments/:assessmentId", "linkage.meetings", async (c) => {
    const id = c.req.param("assessmentId") ?? "";
    const saved = c.req.query("saved");
    return detailPage(c, id, saved ? { message: t(c.var.locale, "linkage.meeting.saved") } : {});
  });

  r.post("/linkage/assessments/:assessmentId/reviewers", "linkage.meetings", async (c) => {
    const id = c.req.param("assessmentId") ?? "";
    await loadAssessment(c.var.data, id);
    if (!runsAssessments(c.var.user!)) throw notDistrictWide();
    const form = await readForm(c, z.record(z.string(), z.string()));
    const chosen = checkedValues(form.values, "reviewerIds");
    const eligible = new Set((await eligibleReviewers(c.var.data)).map((r) => r.id));
    if (!chosen.length || chosen.some((id) => !eligible.has(id))) return detailPage(c, id, { errors: [{ field: "reviewerIds", code: "invalid_choice", message: t(c.var.locale, "linkage.assessment.chooseReviewers") }] }, 422);
    const done = await attempt(c.var.locale, "reviewers", form.values, () => assignAssessmentReviewers(c.var.data, c.var.user!, id, chosen, nowIso()));
    if (!done.ok) return detailPage(c, id, done.state, done.status);
    return c.redirect(`${c.var.base}/linkage/assessments/${id}?saved=1`, 303);
  });

  r.post("/linkage/assessments/:assessmentId/publish", "linkage.meetings", async (c) => {
    const id = c.req.param("assessmentId") ?? "";
    await loadAssessment(c.var.data, id);
    if (!runsAssessments(c.var.user!)) throw notDistrictWide();
    const form = await readForm(c, z.strictObject({ version: z.coerce.number().check(z.int(), z.gte(1)) }));
    if (!form.ok) return detailPage(c, id, { errors: form.errors }, 422);
    const areas = await loadAreas(c.var.data);
    const done = await attempt(c.var.locale, "publish", form.values, () => publishAssessment(c.var.data, c.var.user!, id, form.data.version, areas, nowIso()));
    if (!done.ok) return detailPage(c, id, done.state, done.status);
    if (done.value.length) return detailPage(c, id, { message: t(c.var.locale, done.value[0]!.message as MessageKey) }, 409);
    return c.redirect(`${c.var.base}/linkage/assessments/${id}?saved=1`, 303);
  });
}
