import type { Compilable } from "kysely";
import { districtWide, notDistrictWide } from "../../auth/scope";
import type { CurrentUser } from "../../auth/sessions";
import type { DistrictData } from "../../data/district-data";
import { AppError, notFound, type FieldError } from "../../http/errors";
import { newId } from "../../lib/ids";
import { addWorkingDays, endOfBeijingDay } from "../../lib/beijing-time";
import { aggregate, assignReviewers, createRubric, loadRubric, publishNotice, type Rubric } from "../../review";
import { type Area, areaName } from "./areas";
import { assessmentFigures, type Figures } from "./assessment-figures";
import { METRICS, type LinkageAssessmentsTable, type Metric } from "./assessment-tables";
import { ASSESSMENT_KIND } from "./subject-kinds";

// The annual linkage assessment (观摩评比): the district sets the indicators and weights,
// figures come from the records, reviewers score the rest through the review inbox, and
// each 街道 or community gets a total out of 100 and a rank. Publishing freezes them.

/** Points each reviewer gives a scored item, from 0 to this. */
export const SCORED_MAX = 10;

export type Assessment = Omit<LinkageAssessmentsTable, "district_id">;
export interface Indicator {
  metric: Metric;
  weight: number;
  target: number;
}

export interface AssessmentInput {
  year: number;
  level: "subdistrict" | "community";
  title: string;
  indicators: Indicator[];
  scored: { title: string; weight: number }[];
}

/** The assessment is the district's: only district-wide linkage staff run it (others: 403, saying why). */
export function runsAssessments(user: CurrentUser): boolean {
  return districtWide(user, "linkage.meetings");
}

export async function createAssessment(data: DistrictData, user: CurrentUser, input: AssessmentInput, areas: Map<string, Area>, now: string): Promise<string> {
  if (!runsAssessments(user)) throw notDistrictWide();
  const id = newId();
  const rubricId = newId();
  const subjects = [...areas.values()].filter((a) => a.level === input.level);
  const statements: Compilable[] = [
    ...createRubric(
      data,
      rubricId,
      input.title,
      input.scored.map((s) => ({ title: s.title, description: "", weight: s.weight, maxScore: SCORED_MAX })),
      now,
    ),
    data.insertInto("linkage_assessments", {
      id,
      year: input.year,
      level: input.level,
      title: input.title,
      rubric_id: rubricId,
      status: "scoring",
      published_at: null,
      published_by: null,
      created_by: user.id,
      version: 1,
      created_at: now,
      updated_at: now,
    }),
    data.insertInto(
      "linkage_assessment_indicators",
      input.indicators.map((i) => ({ assessment_id: id, ...i })),
    ),
  ];
  for (let i = 0; i < subjects.length; i += 20)
    statements.push(
      data.insertInto(
        "linkage_assessment_subjects",
        subjects.slice(i, i + 20).map((s) => ({ id: newId(), assessment_id: id, area_code: s.code, total: null, rank: null, figures: "{}", final: 0 })),
      ),
    );
  await data.write(
    statements,
    { action: "linkage.assessment_created", targetType: "linkage_assessment", targetId: id, after: { year: input.year, level: input.level, indicators: input.indicators, scored: input.scored.length, subjects: subjects.length } },
    { rules: { "unique:linkage_assessments": () => new AppError({ status: 409, code: "conflict", message: "linkage.assessment.exists" }) } },
  );
  return id;
}

export async function loadAssessment(data: DistrictData, id: string) {
  const assessment = await data.selectFrom("linkage_assessments").selectAll().where("id", "=", id).executeTakeFirst();
  if (!assessment) throw notFound();
  const [indicators, subjects, rubric] = await Promise.all([
    data.selectFrom("linkage_assessment_indicators").select(["metric", "weight", "target"]).where("assessment_id", "=", id).execute(),
    data.selectFrom("linkage_assessment_subjects").select(["id", "area_code", "total", "rank", "figures"]).where("assessment_id", "=", id).orderBy("area_code").execute(),
    loadRubric(data, assessment.rubric_id).then((r) => r!),
  ]);
  const ordered = METRICS.map((m) => indicators.find((i) => i.metric === m)).filter((i): i is Indicator => !!i && i.weight > 0);
  return { assessment: assessment as Assessment, indicators: ordered, subjects, rubric };
}

export interface Standing {
  subjectId: string;
  areaCode: string;
  figures: Figures;
  /** Mean reviewer score per scored item (null: nobody counted yet). */
  scored: (number | null)[];
  total: number | null;
  rank: number | null;
  pending: number;
  counted: number;
}

/**
 * Total = Σ earned / Σ weight of what could be measured × 100. A computed indicator
 * earns its weight × min(figure / target, 1); a scored item its weight × mean / max.
 */
export function totalOf(indicators: readonly Indicator[], figures: Figures, rubric: Rubric, means: readonly (number | null)[]): number | null {
  let earned = 0;
  let weight = 0;
  for (const i of indicators) {
    const value = figures[i.metric];
    if (value === null) continue;
    earned += i.weight * Math.min(value / i.target, 1);
    weight += i.weight;
  }
  rubric.items.forEach((item, index) => {
    const mean = means[index];
    if (mean == null) return;
    earned += item.weight * (mean / item.maxScore);
    weight += item.weight;
  });
  return weight ? Math.round((earned / weight) * 10000) / 100 : null;
}

/** Competition ranking: equal totals share a rank, the next rank skips (1, 1, 3). */
export function rankOf(totals: readonly (number | null)[]): (number | null)[] {
  return totals.map((t) => (t === null ? null : totals.filter((o) => o !== null && o > t).length + 1));
}

/** Whether the results are fixed: on public notice, or published after it. */
export const frozen = (a: Pick<Assessment, "status" | "notice_id">) => a.status === "published" || a.notice_id !== null;

/** The live standings (while scoring) or the frozen ones (on notice or published). */
export async function standings(data: DistrictData, loaded: Awaited<ReturnType<typeof loadAssessment>>, areas: Map<string, Area>): Promise<Standing[]> {
  const { assessment, indicators, subjects, rubric } = loaded;
  const ids = subjects.map((s) => s.id);
  const fixed = frozen(assessment);
  const [figures, aggregates] = await Promise.all([
    fixed
      ? null
      : assessmentFigures(
          data,
          assessment.year,
          subjects.map((s) => areas.get(s.area_code)).filter((a): a is Area => !!a),
          areas,
        ),
    aggregate(data, rubric, ids),
  ]);
  const rows = subjects.map((s) => {
    const agg = aggregates.get(s.id);
    const f = figures?.get(s.area_code) ?? (JSON.parse(s.figures) as Figures);
    const scored = rubric.items.map((item) => agg?.perItem.find((p) => p.itemId === item.id)?.mean ?? null);
    return { subjectId: s.id, areaCode: s.area_code, figures: f, scored, total: fixed ? s.total : totalOf(indicators, f, rubric, scored), rank: s.rank, pending: agg?.pending ?? 0, counted: agg?.counted ?? 0 };
  });
  if (!fixed) {
    const ranks = rankOf(rows.map((r) => r.total));
    rows.forEach((r, i) => {
      r.rank = ranks[i] ?? null;
    });
  }
  return rows.sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9) || a.areaCode.localeCompare(b.areaCode));
}

/** Reviewers (评审专家) and evaluators: the roles that score in the review inbox. */
export async function eligibleReviewers(data: DistrictData) {
  return data
    .selectFrom("role_grants")
    .innerJoin("users", (j) => j.onRef("users.district_id", "=", "role_grants.district_id").onRef("users.id", "=", "role_grants.user_id"))
    .select(["users.id", "users.display_name"])
    .where("role_grants.role", "in", ["reviewer", "evaluator"])
    .distinct()
    .orderBy("users.display_name")
    .execute();
}

/** Every chosen reviewer scores every assessed area; an assignment already made stays. */
export async function assignAssessmentReviewers(data: DistrictData, user: CurrentUser, id: string, reviewerIds: readonly string[], now: string): Promise<void> {
  const { assessment, subjects, rubric } = await loadAssessment(data, id);
  if (!runsAssessments(user)) throw notDistrictWide();
  if (frozen(assessment) || rubric.items.length === 0) throw new AppError({ status: 409, code: "illegal_transition", message: "linkage.assessment.noScoring" });
  const statements: Compilable[] = [data.guard(data.selectFrom("linkage_assessments").select("id").where("id", "=", id).where("status", "=", "scoring").where("notice_id", "is", null))];
  for (const s of subjects) {
    const taken = await data.selectFrom("review_assignments").select("reviewer_id").where("subject_kind", "=", ASSESSMENT_KIND).where("subject_id", "=", s.id).where("status", "<>", "moved").execute();
    const fresh = reviewerIds.filter((r) => !taken.some((t) => t.reviewer_id === r));
    statements.push(...assignReviewers(data, { subjectKind: ASSESSMENT_KIND, subjectId: s.id, rubricId: assessment.rubric_id, reviewerIds: fresh, assignedBy: user.id, now }));
  }
  await data.write(
    statements,
    { action: "linkage.assessment_reviewers_assigned", targetType: "linkage_assessment", targetId: id, after: { reviewers: reviewerIds.length } },
    { stale: () => new AppError({ status: 409, code: "illegal_transition", message: "linkage.assessment.noScoring" }) },
  );
}

/**
 * Freezes totals, ranks and figures and puts them on public notice (公示) for the
 * district's notice period; they become the published result once the notice settles
 * with no objection upheld. Refused while a reviewer has yet to hand in; a stale version
 * or a second publisher gets 409.
 */
export async function publishAssessment(data: DistrictData, user: CurrentUser, id: string, version: number, areas: Map<string, Area>, now: string): Promise<FieldError[]> {
  const loaded = await loadAssessment(data, id);
  if (!runsAssessments(user)) throw notDistrictWide();
  if (frozen(loaded.assessment)) throw new AppError({ status: 409, code: "illegal_transition", message: "linkage.assessment.alreadyPublished" });
  const rows = await standings(data, loaded, areas);
  if (rows.some((r) => r.pending > 0)) return [{ field: "version", code: "pending", message: "linkage.assessment.pending" }];
  const noticeId = newId();
  const endsAt = endOfBeijingDay(addWorkingDays(now, data.district.settings.publicNoticeWorkingDays));
  const reviewers = await data
    .selectFrom("review_assignments")
    .innerJoin("users", (j) => j.onRef("users.district_id", "=", "review_assignments.district_id").onRef("users.id", "=", "review_assignments.reviewer_id"))
    .select("users.display_name")
    .distinct()
    .where("review_assignments.subject_kind", "=", ASSESSMENT_KIND)
    .where("review_assignments.subject_id", "in", loaded.subjects.map((s) => s.id).slice(0, 90))
    .where("review_assignments.status", "<>", "moved")
    .execute();
  const statements: Compilable[] = [
    data.guard(data.selectFrom("linkage_assessments").select("id").where("id", "=", id).where("version", "=", version).where("status", "=", "scoring").where("notice_id", "is", null)),
    data
      .updateTable("linkage_assessments")
      .set({ notice_id: noticeId, published_by: user.id, version: version + 1, updated_at: now })
      .where("id", "=", id),
    ...rows.map((r) =>
      data
        .updateTable("linkage_assessment_subjects")
        .set({ total: r.total, rank: r.rank, figures: JSON.stringify(r.figures), final: 0 })
        .where("id", "=", r.subjectId),
    ),
    ...publishNotice(data, {
      noticeId,
      subjectKind: ASSESSMENT_KIND,
      batchId: id,
      title: `${loaded.assessment.title}结果公示`,
      body: `${loaded.assessment.title}的得分和名次现予公示。对结果有异议的，请在公示期内提出。`,
      reviewersText: reviewers.map((r) => r.display_name).join("、"),
      startsAt: now,
      endsAt,
      items: rows.map((r) => ({
        subjectId: r.subjectId,
        label: r.rank === null ? areaName(areas, r.areaCode, "zh-CN") : `${areaName(areas, r.areaCode, "zh-CN")}（第 ${r.rank} 名）`,
        proposedOutcome: "linkage_ranked",
        score: r.total,
        // The district ranks its areas: its own staff, not the ranked areas', hear of objections.
        areaCode: null,
      })),
      by: user.id,
      now,
    }),
  ];
  await data.write(statements, { action: "linkage.assessment_on_notice", targetType: "linkage_assessment", targetId: id, after: { notice: noticeId, endsAt, ranking: rows.map((r) => ({ area: r.areaCode, total: r.total, rank: r.rank })) } });
  return [];
}

/** The result of one area stands: once every area's does, the assessment is published. */
export function finalizeSubject(data: DistrictData, subjectId: string, now: string): Compilable[] {
  const assessmentOf = data.selectFrom("linkage_assessment_subjects").select("assessment_id").where("id", "=", subjectId);
  return [
    data.updateTable("linkage_assessment_subjects").set({ final: 1 }).where("id", "=", subjectId),
    data
      .updateTable("linkage_assessments")
      .set((eb) => ({ status: "published", published_at: now, version: eb("version", "+", 1), updated_at: now }))
      .where("id", "=", assessmentOf)
      .where("status", "=", "scoring")
      .where("notice_id", "is not", null)
      .where((eb) =>
        eb(
          data
            .selectFrom("linkage_assessment_subjects")
            .select((e) => e.fn.countAll<number>().as("n"))
            .where("assessment_id", "=", assessmentOf)
            .where("final", "=", 0),
          "=",
          0,
        ),
      ),
  ];
}

/**
 * An objection to an area's result was upheld: the results leave the notice and the
 * assessment is scored again (staff correct the records or the scores, then publish anew).
 */
export function overturnSubject(data: DistrictData, subjectId: string, now: string): Compilable[] {
  const assessmentOf = data.selectFrom("linkage_assessment_subjects").select("assessment_id").where("id", "=", subjectId);
  return [
    data
      .updateTable("linkage_assessments")
      .set((eb) => ({ notice_id: null, version: eb("version", "+", 1), updated_at: now }))
      .where("id", "=", assessmentOf)
      .where("status", "=", "scoring"),
    data.updateTable("linkage_assessment_subjects").set({ total: null, rank: null, final: 0 }).where("assessment_id", "=", assessmentOf),
  ];
}

export async function publishedAssessments(data: DistrictData) {
  return data.selectFrom("linkage_assessments").select(["id", "year", "level", "title", "published_at"]).where("status", "=", "published").orderBy("year", "desc").execute();
}

/** Every assessment of the district, newest year first: the staff list. */
export function listAssessments(data: DistrictData) {
  return data.selectFrom("linkage_assessments").select(["id", "year", "level", "title", "status", "published_at"]).orderBy("year", "desc").execute();
}

/** Whether the district already runs an assessment of this year at this level. */
export async function assessmentExists(data: DistrictData, year: number, level: AssessmentInput["level"]): Promise<boolean> {
  return !!(await data.selectFrom("linkage_assessments").select("id").where("year", "=", year).where("level", "=", level).executeTakeFirst());
}

/** The reviewers already scoring an assessment (a moved assignment no longer counts). */
export function assignedReviewers(data: DistrictData, loaded: Awaited<ReturnType<typeof loadAssessment>>) {
  return data
    .selectFrom("review_assignments")
    .select("reviewer_id")
    .distinct()
    .where("subject_kind", "=", ASSESSMENT_KIND)
    .where(
      "subject_id",
      "in",
      loaded.subjects.slice(0, 90).map((s) => s.id),
    )
    .where("status", "<>", "moved")
    .execute();
}
