import type { Context } from "hono";
import type * as z from "zod/mini";
import type { DistrictData } from "../../data/district-data";
import type { AppEnv } from "../../env";
import { notFound } from "../../http/errors";
import { t } from "../../i18n/messages";
import { conflictDeclaration, declareFromForm, loadRubric, scoreFromForm, type AssignmentRow, type SubjectKind } from "../../review";
import { DeclarationForm, ScoreForm } from "../../ui/score-form";
import { Layout, pageInfo } from "../../ui/layout";
import { areaName, loadAreas } from "./areas";
import { assessmentFigures } from "./assessment-figures";
import { finalizeSubject, overturnSubject, runsAssessments } from "./assessment";
import { FiguresList } from "./assessment-views";
import { ASSESSMENT_KIND } from "./subject-kinds";

// A 街道 or community in the annual assessment as a subject of the review engine: the
// reviewer declares any conflict with the area (serving there, a relative on its staff)
// before seeing its figures, then scores the assessment's scored items. The frozen
// results go on public notice; each area's settles there (final), or, when an objection to
// one area is upheld, the whole ranking is withdrawn from the notice and scored again.

async function subjectOf(data: DistrictData, a: AssignmentRow) {
  const subject = await data
    .selectFrom("linkage_assessment_subjects")
    .innerJoin("linkage_assessments", (j) => j.onRef("linkage_assessments.district_id", "=", "linkage_assessment_subjects.district_id").onRef("linkage_assessments.id", "=", "linkage_assessment_subjects.assessment_id"))
    .select(["linkage_assessment_subjects.area_code", "linkage_assessments.id", "linkage_assessments.title", "linkage_assessments.year", "linkage_assessments.status"])
    .where("linkage_assessment_subjects.id", "=", a.subject_id)
    .executeTakeFirst();
  if (!subject) throw notFound();
  return subject;
}

async function showPage(c: Context<AppEnv>, a: AssignmentRow): Promise<Response> {
  const page = pageInfo(c);
  const l = page.locale;
  const data = c.var.data;
  const subject = await subjectOf(data, a);
  const areas = await loadAreas(data);
  const heading = `${subject.title} · ${areaName(areas, subject.area_code, l)}`;
  if (a.status === "awaiting_declaration") {
    return c.html(
      <Layout page={page} title={t(l, "linkage.assessment.declare")}>
        <h1>{heading}</h1>
        <p>{t(l, "linkage.assessment.declareIntro")}</p>
        <DeclarationForm
          page={page}
          assignmentId={a.id}
          labels={{ legend: t(l, "linkage.assessment.declare"), no: t(l, "linkage.assessment.noConflict"), yes: t(l, "linkage.assessment.conflict"), reason: t(l, "linkage.assessment.conflictReason") }}
        />
      </Layout>,
    );
  }
  const area = areas.get(subject.area_code);
  const [rubric, scores, figures] = await Promise.all([
    loadRubric(data, a.rubric_id).then((r) => r!),
    data.selectFrom("review_scores").select(["item_id", "score", "comment"]).where("assignment_id", "=", a.id).execute(),
    area ? assessmentFigures(data, subject.year, [area], areas) : null,
  ]);
  const editable = a.status === "clear" && !a.submitted_at && subject.status === "scoring";
  return c.html(
    <Layout page={page} title={heading}>
      <p class="crumbs">
        <a href={`${page.base}/review`}>{t(l, "review.inbox")}</a>
      </p>
      <h1>{heading}</h1>
      {a.submitted_at ? <p class="notice ok">{t(l, "review.status.submitted")}</p> : null}
      {a.status === "conflicted" ? <p class="notice">{t(l, "review.status.conflicted")}</p> : null}
      {a.status === "clear" ? (
        <>
          {figures?.get(subject.area_code) ? <FiguresList locale={l} figures={figures.get(subject.area_code)!} /> : null}
          <ScoreForm
            page={page}
            assignmentId={a.id}
            items={rubric.items.map((i) => ({ ...i, description: i.description ?? "" }))}
            saved={scores}
            editable={editable}
            labels={{ score: t(l, "review.notice.score"), comment: t(l, "linkage.assessment.comment"), save: t(l, "linkage.meeting.save"), submit: t(l, "linkage.assessment.submitScores") }}
          />
        </>
      ) : null}
    </Layout>,
  );
}

export const assessmentKind: SubjectKind<z.output<typeof conflictDeclaration>> = {
  kind: ASSESSMENT_KIND,
  label: { "zh-CN": "三社联动观摩评比", en: "Linkage assessment" },

  async render(data, a) {
    const subject = await subjectOf(data, a);
    const areas = await loadAreas(data);
    const area = areas.get(subject.area_code);
    const figures = area ? await assessmentFigures(data, subject.year, [area], areas) : null;
    return { title: areaName(areas, subject.area_code, "zh-CN"), context: subject.title, content: { year: subject.year, figures: figures?.get(subject.area_code) ?? null } };
  },

  canScore: {
    forReviewer: () => true,
    declaration: conflictDeclaration,
    conflictReason: (input) => (input.conflicted ? input.reason : null),
    // An area takes scores until its results go on notice.
    open: (data, a) => [
      data.guard(
        data
          .selectFrom("linkage_assessment_subjects")
          .innerJoin("linkage_assessments", (j) => j.onRef("linkage_assessments.district_id", "=", "linkage_assessment_subjects.district_id").onRef("linkage_assessments.id", "=", "linkage_assessment_subjects.assessment_id"))
          .select("linkage_assessment_subjects.id")
          .where("linkage_assessment_subjects.id", "=", a.subject_id)
          .where("linkage_assessments.status", "=", "scoring")
          .where("linkage_assessments.notice_id", "is", null),
      ),
    ],
    async authorizeMove(c) {
      if (!c.var.user || !runsAssessments(c.var.user)) throw notFound();
    },
    async eligibleReviewer(data, _a, reviewerId) {
      return !!(await data.selectFrom("role_grants").select("user_id").where("role", "in", ["reviewer", "evaluator"]).where("user_id", "=", reviewerId).executeTakeFirst());
    },
    // Those who run assessments (district-wide staff) handle objections to the results.
    objectionsHandledBy: "linkage.meetings",
    async authorizeObjections(c) {
      if (!c.var.user || !runsAssessments(c.var.user)) throw notFound();
    },
  },

  pages: { show: showPage, declare: (c, a) => declareFromForm(c, a, assessmentKind as SubjectKind), score: (c, a) => scoreFromForm(c, a, assessmentKind as SubjectKind) },

  onSubmitted: () => [],

  finalize: async (data, subjectId, now) => finalizeSubject(data, subjectId, now),
  overturn: async (data, subjectId, now) => overturnSubject(data, subjectId, now),
  // One area's corrected score moves every rank, so the whole ranking leaves the notice.
  overturnWithdrawsNotice: true,
};
