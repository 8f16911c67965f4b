import { type CompiledQuery, sql } from "kysely";
import { createKysely } from "../../data/kysely";
import type { DistrictDB } from "../../data/schema";
import { addDays, addWorkingDays, endOfBeijingDay } from "../../lib/beijing-time";
import type { DemoDistrict, SeedContext } from "../../seed/demo";
import { DEFAULT_SETTINGS } from "../../tenants/settings";
import type { RubricItemInput } from "../../review";
import { ABOUT } from "./seed-rubric-notes";
import { EVALUATED_TYPES, type EvaluatedType, isEvaluatedType, rubricTemplate } from "./evaluation-rubrics";
import { gradeFor, type GradeBands } from "./rules";
import type { SeedOrg } from "./seed";

// Demo data: an evaluation round whose proposed grades are on public notice, with a
// further organization still being scored by the district's evaluators.
// Each organization is scored on its type's rubric.

const sqlOf = createKysely<DistrictDB>(null as unknown as D1Database);

const NOTICE_DAYS: Record<string, number> = { "150204": 7 };

const at = (date: string) => `${date}T02:00:00.000Z`; // 10:00 Beijing time

export interface SeedScope {
  code: string;
  today: string;
  year: number;
  bands: GradeBands;
  orgs: SeedOrg[];
  district: DemoDistrict;
  ctx: SeedContext;
  id: (key: string) => string;
  push: (q: { compile(): CompiledQuery }) => void;
}

/** An evaluation round with proposed grades on public notice, and its reviewers' assignments. */
export function evaluationRoundSeed(s: SeedScope): void {
  const { code, today, year, bands, orgs, district, ctx, id, push } = s;
  // ----- an evaluation round with proposed grades on public notice
  const roundId = `demo-${code}-round-${year}`;
  const rubricId = `demo-${code}-rubric-${year}`;
  const opened = addDays(today, -20);
  // One rubric per type, as a round opens today; a type scored already is locked, the
  // foundations' is still open to the district's changes. The common one serves an
  // organization without one of the three types.
  const typeRubric = (type: EvaluatedType) => `${rubricId}-t${EVALUATED_TYPES.indexOf(type)}`;
  const scored = new Set(orgs.filter((o) => ["d08", "d09", "d13", "q03", "q06"].includes(o.key)).map((o) => o.type));
  const rubric = (rid: string, title: string, items: RubricItemInput[], locked: boolean) => {
    push(
      sqlOf
        .insertInto("rubrics")
        .values({ district_id: code, id: rid, title, locked_at: locked ? at(opened) : null, created_at: at(opened) })
        .onConflict((oc) => oc.doNothing()),
    );
    for (const [position, item] of items.entries())
      push(
        sqlOf
          .insertInto("rubric_items")
          .values({ district_id: code, id: `${rid}-${position}`, rubric_id: rid, position, area: item.area ?? "", title: item.title, description: item.description, weight: item.weight, max_score: item.maxScore })
          .onConflict((oc) => oc.doNothing()),
      );
  };
  rubric(rubricId, `${year}年度社会组织等级评估`, rubricTemplate("社会团体", bands.scale, ABOUT), false);
  for (const type of EVALUATED_TYPES) rubric(typeRubric(type), `${year}年度社会组织等级评估 · ${type}`, rubricTemplate(type, bands.scale, ABOUT), scored.has(type));
  const rubricOf = (key: string) => {
    const type = orgs.find((o) => o.key === key)?.type;
    return isEvaluatedType(type) ? typeRubric(type) : rubricId;
  };
  push(
    sqlOf
      .insertInto("evaluation_rounds")
      .values({
        district_id: code,
        id: roundId,
        title: `${year}年度社会组织等级评估`,
        year,
        rubric_id: rubricId,
        type_rubrics_json: JSON.stringify(Object.fromEntries(EVALUATED_TYPES.map((t) => [t, typeRubric(t)]))),
        bands_json: JSON.stringify(bands),
        status: "open",
        opened_by: ctx.personId("admin"),
        opened_at: at(opened),
      })
      .onConflict((oc) => oc.doNothing()),
  );
  const noticeId = `demo-${code}-notice-${year}`;
  const inNotice =
    code === "150203"
      ? [
          ["d08", 84.5],
          ["d09", 71],
          ["d13", 58],
        ]
      : [
          ["q03", 905],
          ["q06", 812],
        ];
  const noticeEnds = endOfBeijingDay(addWorkingDays(ctx.now, NOTICE_DAYS[code] ?? DEFAULT_SETTINGS.publicNoticeWorkingDays));
  const labels = new Map(orgs.map((o) => [o.key, o.name ?? district.organizations.find((x) => x.key === o.key)?.name ?? o.key]));
  push(
    sqlOf
      .insertInto("public_notices")
      .values({
        district_id: code,
        id: noticeId,
        subject_kind: "evaluation",
        batch_id: roundId,
        title: `${year}年度社会组织等级评估拟定等级公示`,
        body: "以下社会组织的评估等级经评估委员会审定，现予公示。公示期间，如有异议可提出；参评组织可申请复核。",
        reviewers_text: district.people
          .filter((p) => p.role === "reviewer" || p.role === "evaluator")
          .map((p) => p.name)
          .join("、"),
        starts_at: ctx.now,
        ends_at: noticeEnds,
        status: "open",
        published_by: ctx.personId("admin"),
        published_at: ctx.now,
        closed_at: null,
      })
      .onConflict((oc) => oc.doNothing()),
  );
  for (const [key, total] of inNotice as [string, number][]) {
    const grade = gradeFor(total, bands);
    const evaluationId = `demo-${code}-ev-${key}`;
    push(
      sqlOf
        .insertInto("evaluations")
        .values({
          district_id: code,
          id: evaluationId,
          round_id: roundId,
          organization_id: id(key),
          status: "in_notice",
          self_total: Math.round(total * 1.04 * 10) / 10,
          evaluator_total: Math.round(total * 0.98 * 10) / 10,
          committee_total: total,
          total,
          proposed_grade: grade,
          final_grade: null,
          notice_id: noticeId,
          version: 2,
          enrolled_by: ctx.personId("admin"),
          enrolled_at: at(opened),
          finalized_at: null,
          announcement_id: null,
          simplified_onsite: 0,
          rubric_id: rubricOf(key),
        })
        .onConflict((oc) => oc.doNothing()),
    );
    push(
      sqlOf
        .insertInto("notice_items")
        .values({
          district_id: code,
          notice_id: noticeId,
          subject_id: evaluationId,
          label: labels.get(key)!,
          proposed_outcome: grade ?? "未达到等级",
          score: total,
          outcome: "pending",
          // The organization's area, as a published notice records it.
          area_code: sql<string>`coalesce((SELECT o.area_code FROM evaluations e JOIN organizations o ON o.district_id = e.district_id AND o.id = e.organization_id WHERE e.district_id = ${code} AND e.id = ${evaluationId}), '')`,
        })
        .onConflict((oc) => oc.doNothing()),
    );
  }
  // One organization still being scored, with the demo scorers assigned (awaiting their declarations).
  const scoringKey = code === "150203" ? "d04" : "q07";
  const scoringId = `demo-${code}-ev-${scoringKey}`;
  push(
    sqlOf
      .insertInto("evaluations")
      .values({
        district_id: code,
        id: scoringId,
        round_id: roundId,
        organization_id: id(scoringKey),
        status: "enrolled",
        self_total: null,
        evaluator_total: null,
        committee_total: null,
        total: null,
        proposed_grade: null,
        final_grade: null,
        notice_id: null,
        version: 1,
        enrolled_by: ctx.personId("admin"),
        enrolled_at: at(opened),
        finalized_at: null,
        announcement_id: null,
        simplified_onsite: 0,
        rubric_id: rubricOf(scoringKey),
      })
      .onConflict((oc) => oc.doNothing()),
  );
  for (const p of district.people.filter((x) => x.role === "evaluator" || x.role === "reviewer")) {
    push(
      sqlOf
        .insertInto("review_assignments")
        .values({
          district_id: code,
          id: `${scoringId}-${p.key}`,
          subject_kind: "evaluation",
          subject_id: scoringId,
          rubric_id: rubricOf(scoringKey),
          reviewer_id: ctx.personId(p.key),
          scorer_role: p.role === "evaluator" ? "evaluator" : "committee",
          status: "awaiting_declaration",
          conflict_reason: null,
          declared_at: null,
          submitted_at: null,
          assigned_by: ctx.personId("admin"),
          assigned_at: at(opened),
        })
        .onConflict((oc) => oc.doNothing()),
    );
  }
}
