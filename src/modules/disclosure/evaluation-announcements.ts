import { notify } from "../../core/module-contract";
import { resultsAnnounced } from "./notifications";
import { sql, type Compilable } from "kysely";
import type { DistrictData } from "../../data/district-data";
import { AppError, notFound, validationFailed } from "../../http/errors";
import { t } from "../../i18n/messages";
import { newId } from "../../lib/ids";
import { beijingDate } from "../../lib/beijing-time";
import { roundBands, type RoundRow } from "./evaluations";
import { CERTIFICATE_GRADES, gradeTerm } from "./rules";
import { evaluationAreas, type DisclosureActor } from "./actor";
import { inAreas } from "../../auth/scope";
import type { Grade } from "./tables";

// The results announcement (评估结果公告) of the revised 社会组织评估管理办法 (in force
// 2026-03-01): after the public notice (公示) settles, the bureau announces the results;
// the announcement's date, not the notice's, starts each grade's term (gradeTerm). Only
// then is a grade awarded, replacing the organization's previous one.

export interface AnnouncementInput {
  title: string;
  documentNo: string;
  announcedOn: string;
}

/** Settled evaluations of the round in `areas` that no announcement has carried yet. */
export async function unannounced(data: DistrictData, roundId: string, areas: readonly string[]) {
  return data
    .selectFrom("evaluations")
    .innerJoin("organizations", (j) => j.onRef("organizations.district_id", "=", "evaluations.district_id").onRef("organizations.id", "=", "evaluations.organization_id"))
    .select(["evaluations.id", "evaluations.organization_id", "evaluations.final_grade", "evaluations.total", "evaluations.finalized_at", "organizations.name as organization_name"])
    .where("evaluations.round_id", "=", roundId)
    .where("evaluations.status", "=", "final")
    .where("evaluations.announcement_id", "is", null)
    .where(inAreas("organizations.area_code", areas))
    .orderBy("organizations.name_key")
    .execute();
}

/**
 * Announces every settled, not yet announced result of the round in one batch: each grade
 * is awarded with its term from the announcement date, the previous valid grade of the
 * organization is superseded on that date. The date may be today or earlier (the day the
 * printed announcement was signed), never before the last of those results settled.
 */
export async function announceResults(data: DistrictData, actor: DisclosureActor, input: AnnouncementInput & { round: RoundRow }, now: string): Promise<string> {
  const { round } = input;
  const l = actor.locale;
  const today = beijingDate(now);
  // A manager scoped to some areas announces their organizations' results only.
  const rows = await unannounced(data, round.id, evaluationAreas(actor));
  if (rows.length === 0) throw new AppError({ status: 409, code: "nothing_to_publish", message: "disclosure.announce.nothing" });
  const settledOn = rows
    .map((r) => beijingDate(r.finalized_at ?? now))
    .sort()
    .at(-1)!;
  if (input.announcedOn > today) throw validationFailed([{ field: "announcedOn", code: "too_late", message: t(l, "disclosure.announce.future") }]);
  if (input.announcedOn < settledOn) throw validationFailed([{ field: "announcedOn", code: "too_early", message: t(l, "disclosure.announce.beforeSettled", { date: settledOn }) }]);
  const id = newId();
  const { validFrom, validUntil } = gradeTerm(input.announcedOn, data.district.settings.gradeValidityYears);
  const scale = roundBands(round).scale;
  const statements: Compilable[] = [data.insertInto("evaluation_announcements", { id, round_id: round.id, title: input.title, document_no: input.documentNo, announced_on: input.announcedOn, published_by: actor.id, published_at: now })];
  for (const r of rows) {
    statements.push(
      data.guard(data.selectFrom("evaluations").select("id").where("id", "=", r.id).where("status", "=", "final").where("announcement_id", "is", null)),
      data.updateTable("evaluations").set({ announcement_id: id, version: sql`version + 1` }).where("id", "=", r.id),
    );
    if (!r.final_grade) continue;
    statements.push(
      data.updateTable("organization_grades").set({ status: "superseded", ended_on: input.announcedOn }).where("organization_id", "=", r.organization_id).where("status", "=", "valid"),
      data.insertInto("organization_grades", {
        id: newId(),
        organization_id: r.organization_id,
        evaluation_id: r.id,
        grade: r.final_grade as Grade,
        total: r.total,
        scale,
        awarded_on: input.announcedOn,
        valid_from: validFrom,
        valid_until: validUntil,
        announcement_id: id,
        status: "valid",
        ended_on: null,
      }),
      data.updateTable("organizations").set({ grade: r.final_grade, grade_status: "valid", grade_valid_until: validUntil, updated_at: now }).where("id", "=", r.organization_id),
      notify(data, resultsAnnounced, { to: r.organization_id, params: { round: round.title, grade: r.final_grade, validUntil }, target: { type: "evaluation", id: r.id } }),
    );
  }
  await data.write(
    statements,
    { action: "evaluation.results_announced", targetType: "evaluation_round", targetId: round.id, after: { announcement: id, announcedOn: input.announcedOn, validFrom, validUntil, evaluations: rows.map((r) => r.id) } },
    { stale: () => new AppError({ status: 409, code: "conflict", message: "error.conflict", extra: { allowed: [] } }) },
  );
  return id;
}

/** An announcement with its results, as the public page shows them (no personal data). */
export async function announcementWithResults(data: DistrictData, id: string) {
  const announcement = await data.selectFrom("evaluation_announcements").select(["id", "round_id", "title", "document_no", "announced_on"]).where("id", "=", id).executeTakeFirst();
  if (!announcement) throw notFound();
  const results = await data
    .selectFrom("evaluations")
    .innerJoin("organizations", (j) => j.onRef("organizations.district_id", "=", "evaluations.district_id").onRef("organizations.id", "=", "evaluations.organization_id"))
    .leftJoin("organization_grades", (j) =>
      j.onRef("organization_grades.district_id", "=", "evaluations.district_id").onRef("organization_grades.evaluation_id", "=", "evaluations.id").onRef("organization_grades.announcement_id", "=", "evaluations.announcement_id"),
    )
    .select([
      "organizations.id as organization_id",
      "organizations.name",
      "organizations.uscc",
      "evaluations.final_grade",
      "organization_grades.id as grade_id",
      "organization_grades.valid_from",
      "organization_grades.valid_until",
      "organization_grades.status",
    ])
    .where("evaluations.announcement_id", "=", id)
    .orderBy("evaluations.final_grade")
    .orderBy("organizations.name_key")
    .execute();
  return { announcement, results };
}

/** Every announcement of the district, newest first (at most 200). */
export async function allAnnouncements(data: DistrictData) {
  return data.selectFrom("evaluation_announcements").select(["id", "title", "document_no", "announced_on"]).orderBy("announced_on", "desc").limit(200).execute();
}

/** The round's announcements, newest first. */
export async function roundAnnouncements(data: DistrictData, roundId: string) {
  return data.selectFrom("evaluation_announcements").select(["id", "title", "document_no", "announced_on"]).where("round_id", "=", roundId).orderBy("announced_on", "desc").execute();
}

/** A verified organization's 3A-and-above grade with the announcement that awarded it: what its certificate prints. */
export async function gradeCertificate(data: DistrictData, input: { orgId: string; gradeId: string }) {
  const row = await data
    .selectFrom("organization_grades")
    .innerJoin("organizations", (j) => j.onRef("organizations.district_id", "=", "organization_grades.district_id").onRef("organizations.id", "=", "organization_grades.organization_id"))
    .select([
      "organizations.id",
      "organizations.name",
      "organizations.uscc",
      "organization_grades.grade",
      "organization_grades.awarded_on",
      "organization_grades.valid_from",
      "organization_grades.valid_until",
      "organization_grades.status",
      "organization_grades.announcement_id",
    ])
    .where("organization_grades.id", "=", input.gradeId)
    .where("organization_grades.organization_id", "=", input.orgId)
    .where("organizations.verification", "=", "verified")
    .executeTakeFirst();
  if (!row || !(CERTIFICATE_GRADES as readonly string[]).includes(row.grade)) throw notFound();
  const announcement = row.announcement_id ? await data.selectFrom("evaluation_announcements").select(["title", "document_no"]).where("id", "=", row.announcement_id).executeTakeFirst() : undefined;
  return { org: { id: row.id, name: row.name, uscc: row.uscc }, grade: row, announcement };
}
