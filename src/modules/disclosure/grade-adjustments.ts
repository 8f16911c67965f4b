import type { Compilable } from "kysely";
import type { DistrictData } from "../../data/district-data";
import { AppError, notFound, validationFailed } from "../../http/errors";
import { t, type Locale } from "../../i18n/messages";
import { newId } from "../../lib/ids";
import { beijingDate } from "../../lib/beijing-time";
import { inAreas } from "../../auth/scope";
import { type DisclosureActor, evaluationAreas } from "./actor";
import type { AdjustmentRow } from "./queries";
import { GRADES, type Grade } from "./tables";

// Decisions about a grade during its term under the revised 社会组织评估管理办法 (in force
// 2026-03-01): a tracking evaluation (跟踪评估) of a sampled 4A-or-above organization, or
// a verification evaluation (核查评估) when something during the term may affect the grade,
// keeps, raises, lowers or cancels it; each decision is kept with its reason and shown
// publicly. An entry on the serious-violation list suspends the grade at once (it no longer
// shows as valid) until a verification evaluation decides; while the organization is on
// that list only a cancellation can follow.

export interface CurrentGrade {
  id: string;
  organization_id: string;
  grade: Grade;
  total: number | null;
  scale: number;
  valid_from: string | null;
  awarded_on: string;
  valid_until: string;
  status: "valid" | "suspended";
}

/** The organization's grade that a decision can be about: valid, or suspended by a serious-list entry. */
export async function currentGrade(data: DistrictData, organizationId: string): Promise<CurrentGrade | undefined> {
  return (await data
    .selectFrom("organization_grades")
    .select(["id", "organization_id", "grade", "total", "scale", "valid_from", "awarded_on", "valid_until", "status"])
    .where("organization_id", "=", organizationId)
    .where("status", "in", ["valid", "suspended"])
    .executeTakeFirst()) as CurrentGrade | undefined;
}

export interface AdjustmentInput {
  kind: "tracking" | "verification";
  outcome: "kept" | "raised" | "lowered" | "cancelled";
  toGrade: Grade | null;
  reason: string;
  decidedOn: string;
}

const rank = (g: string) => GRADES.indexOf(g as Grade); // 0 is 5A

/** Why an adjustment cannot be made, as field errors; empty when it can. */
export function adjustmentProblems(grade: CurrentGrade, input: AdjustmentInput, context: { today: string; onSeriousList: boolean }, l: Locale) {
  const errors: { field: string; code: string; message: string }[] = [];
  if (input.decidedOn > context.today) errors.push({ field: "decidedOn", code: "too_late", message: t(l, "disclosure.adjust.future") });
  if (input.decidedOn < grade.awarded_on) errors.push({ field: "decidedOn", code: "too_early", message: t(l, "disclosure.adjust.beforeAward", { date: grade.awarded_on }) });
  // 跟踪评估 samples organizations graded 4A and above.
  if (input.kind === "tracking" && (grade.status !== "valid" || rank(grade.grade) > rank("4A"))) errors.push({ field: "kind", code: "invalid_choice", message: t(l, "disclosure.adjust.trackingOnly") });
  if (context.onSeriousList && input.outcome !== "cancelled") errors.push({ field: "outcome", code: "invalid_choice", message: t(l, "disclosure.adjust.seriousList") });
  if (input.outcome === "raised" || input.outcome === "lowered") {
    const ok = input.toGrade !== null && (input.outcome === "raised" ? rank(input.toGrade) < rank(grade.grade) : rank(input.toGrade) > rank(grade.grade));
    if (!ok) errors.push({ field: "toGrade", code: "invalid_choice", message: t(l, input.outcome === "raised" ? "disclosure.adjust.notHigher" : "disclosure.adjust.notLower", { grade: grade.grade }) });
  }
  return errors;
}

function history(data: DistrictData, grade: CurrentGrade, h: { kind: string; outcome: string; toGrade: string | null; newGradeId: string | null; reason: string; decidedOn: string; by: string; now: string }): Compilable {
  return data.insertInto("grade_adjustments", {
    id: newId(),
    organization_id: grade.organization_id,
    grade_id: grade.id,
    kind: h.kind as "tracking",
    outcome: h.outcome as "kept",
    from_grade: grade.grade,
    to_grade: h.toGrade,
    new_grade_id: h.newGradeId,
    reason: h.reason,
    decided_on: h.decidedOn,
    decided_by: h.by,
    at: h.now,
  });
}

/** The statements of one decision about the grade, as one batch with its guard. */
export function adjustmentStatements(data: DistrictData, grade: CurrentGrade, input: AdjustmentInput, by: string, now: string): Compilable[] {
  const statements: Compilable[] = [data.guard(data.selectFrom("organization_grades").select("id").where("id", "=", grade.id).where("status", "=", grade.status))];
  const org = data.updateTable("organizations").where("id", "=", grade.organization_id);
  let newGradeId: string | null = null;
  if (input.outcome === "kept") {
    if (grade.status === "suspended") {
      statements.push(
        data.updateTable("organization_grades").set({ status: "valid", ended_on: null }).where("id", "=", grade.id),
        org.set({ grade: grade.grade, grade_status: "valid", grade_valid_until: grade.valid_until, updated_at: now }),
      );
    }
  } else if (input.outcome === "cancelled") {
    statements.push(data.updateTable("organization_grades").set({ status: "cancelled", ended_on: input.decidedOn }).where("id", "=", grade.id), org.set({ grade: null, grade_status: "none", grade_valid_until: null, updated_at: now }));
  } else {
    // Raised or lowered: a new level for the rest of the same term.
    newGradeId = newId();
    statements.push(
      data.updateTable("organization_grades").set({ status: "adjusted", ended_on: input.decidedOn }).where("id", "=", grade.id),
      data.insertInto("organization_grades", {
        id: newGradeId,
        organization_id: grade.organization_id,
        evaluation_id: null,
        grade: input.toGrade as Grade,
        total: null,
        scale: grade.scale,
        awarded_on: input.decidedOn,
        valid_from: grade.valid_from ?? grade.awarded_on,
        valid_until: grade.valid_until,
        announcement_id: null,
        status: "valid",
        ended_on: null,
      }),
      org.set({ grade: input.toGrade, grade_status: "valid", grade_valid_until: grade.valid_until, updated_at: now }),
    );
  }
  statements.push(history(data, grade, { kind: input.kind, outcome: input.outcome, toGrade: input.outcome === "cancelled" ? null : (input.toGrade ?? grade.grade), newGradeId, reason: input.reason, decidedOn: input.decidedOn, by, now }));
  return statements;
}

/** The organization, its grade open to a decision and the decisions so far, for the staff page of a manager whose areas hold it (another area's answers 404). */
export async function gradeRecord(data: DistrictData, organizationId: string, areas: readonly string[]): Promise<{ org: { id: string; name: string }; grade: CurrentGrade | undefined; rows: AdjustmentRow[] }> {
  const [org, grade, rows] = await Promise.all([
    data.selectFrom("organizations").select(["id", "name"]).where("id", "=", organizationId).where(inAreas("organizations.area_code", areas)).executeTakeFirst(),
    currentGrade(data, organizationId),
    gradeAdjustments(data, organizationId),
  ]);
  if (!org) throw notFound();
  return { org, grade, rows };
}

/** An organization's grade decisions, newest first (public: no personal data). */
export async function gradeAdjustments(data: DistrictData, organizationId: string): Promise<AdjustmentRow[]> {
  return data.selectFrom("grade_adjustments").select(["id", "kind", "outcome", "from_grade", "to_grade", "reason", "decided_on"]).where("organization_id", "=", organizationId).orderBy("decided_on", "desc").orderBy("at", "desc").execute();
}

/** Records a tracking or verification evaluation's decision about the organization's grade. */
export async function adjustGrade(data: DistrictData, actor: DisclosureActor, input: AdjustmentInput & { organizationId: string }, now: string): Promise<void> {
  const organizationId = input.organizationId;
  const [grade, org] = await Promise.all([
    currentGrade(data, organizationId),
    data
      .selectFrom("organizations")
      .select(["id", "list_status"])
      .where("id", "=", organizationId)
      .where(inAreas("organizations.area_code", evaluationAreas(actor)))
      .executeTakeFirst(),
  ]);
  if (!org) throw notFound();
  if (!grade) throw new AppError({ status: 409, code: "illegal_transition", message: "disclosure.adjust.noGrade", extra: { allowed: [] } });
  const problems = adjustmentProblems(grade, input, { today: beijingDate(now), onSeriousList: org.list_status === "serious" }, actor.locale);
  if (problems.length) throw validationFailed(problems);
  await data.write(
    adjustmentStatements(data, grade, input, actor.id, now),
    { action: `grade.${input.outcome}`, targetType: "organization", targetId: organizationId, after: { kind: input.kind, from: grade.grade, to: input.toGrade, decidedOn: input.decidedOn } },
    { stale: () => new AppError({ status: 409, code: "conflict", message: "error.conflict", extra: { allowed: [] } }) },
  );
}

/**
 * Statements for a serious-list entry's batch: the valid grade, if any, is suspended on
 * the decision date until a verification evaluation decides about it.
 */
export function suspensionStatements(data: DistrictData, grade: CurrentGrade | undefined, decidedOn: string, reason: string, now: string): Compilable[] {
  if (grade?.status !== "valid") return [];
  return [
    data.updateTable("organization_grades").set({ status: "suspended", ended_on: decidedOn }).where("id", "=", grade.id).where("status", "=", "valid"),
    data.updateTable("organizations").set({ grade: null, grade_status: "none", grade_valid_until: null, updated_at: now }).where("id", "=", grade.organization_id),
    history(data, grade, { kind: "credit_list", outcome: "suspended", toGrade: null, newGradeId: null, reason, decidedOn, by: "system", now }),
  ];
}

/**
 * Statements restoring a grade that a serious-list entry suspended, when the organization
 * leaves that list (no other serious entry in force) while the grade's term still runs on
 * the exit date; empty otherwise. A grade whose term ended stays as the daily job left it.
 */
export function restorationStatements(data: DistrictData, grade: CurrentGrade | undefined, exitOn: string, otherSeriousEntries: number, reason: string, now: string): Compilable[] {
  if (grade?.status !== "suspended" || grade.valid_until < exitOn || otherSeriousEntries > 0) return [];
  return [
    data.guard(data.selectFrom("organization_grades").select("id").where("id", "=", grade.id).where("status", "=", "suspended")),
    data.updateTable("organization_grades").set({ status: "valid", ended_on: null }).where("id", "=", grade.id),
    data.updateTable("organizations").set({ grade: grade.grade, grade_status: "valid", grade_valid_until: grade.valid_until, updated_at: now }).where("id", "=", grade.organization_id),
    history(data, grade, { kind: "credit_list", outcome: "restored", toGrade: grade.grade, newGradeId: null, reason, decidedOn: exitOn, by: "system", now }),
  ];
}
