import type { IncubationActor } from "./actor";
import { issueReceipt } from "../../receipts";
import { APPLICATION_RECEIPT } from "./receipt-kind";
import { districtStatements, type DistrictData } from "../../data/district-data";
import { notify } from "../../core/module-contract";
import { isUniqueViolation } from "../../data/kysely";
import { AppError, forbidden, notFound, validationFailed } from "../../http/errors";
import { t } from "../../i18n/messages";
import { newId } from "../../lib/ids";
import { isValidUscc } from "../../lib/uscc";
import { addWorkingDays, endOfBeijingDay } from "../../lib/beijing-time";
import * as z from "zod/mini";
import { toFieldErrors } from "../../http/validation";
import { assignReviewers, countedReviews, figureColumns, publishNotice, recordDecision, withFigures } from "../../review";
import {
  activeCreditEntries,
  attachmentsOf,
  callNoticeReads,
  callPhase,
  findApplication,
  findManagedApplication,
  findOwnApplication,
  managesPark,
  materialsOf,
  memberOrganizations,
  type Application,
  type CallNotices,
  type Call,
} from "./queries";
import { completeSchema, draftSchema, type ApplicationForm } from "./schemas";
import { transition, type Action } from "./state";
import { applicationProposed, applicationRejected, applicationReturned } from "./notifications";

// What each step of the incubation flow does, once, for pages and API alike.

import { SUBJECT_KIND } from "./subject-kinds";
export { SUBJECT_KIND };

export function changedMeanwhile(): AppError {
  return new AppError({ status: 409, code: "conflict", message: "inc.changedMeanwhile" });
}

// ------------------------------------------------------------------ applicant

/** Starts (or returns the existing) application of the user's organization to a call. */
export async function startApplication(data: DistrictData, actor: IncubationActor, callId: string, now: string): Promise<string> {
  const orgId = memberOrganizations(actor)[0];
  if (!orgId) throw forbidden();
  const call = await data.selectFrom("calls").selectAll().where("id", "=", callId).executeTakeFirst();
  if (!call) throw notFound();
  if (callPhase(call, now) !== "open") throw new AppError({ status: 409, code: "call_not_open", message: "inc.call.notOpen" });
  await refuseIfListed(data, actor, orgId);
  const existing = await data.selectFrom("applications").select("id").where("call_id", "=", callId).where("organization_id", "=", orgId).executeTakeFirst();
  if (existing) return existing.id;
  const id = newId();
  const empty: ApplicationForm = z.parse(draftSchema, {});
  try {
    await data.write(
      [
        data.insertInto("applications", {
          id,
          call_id: callId,
          organization_id: orgId,
          applicant_id: actor.id,
          status: "draft",
          form_json: JSON.stringify(empty),
          version: 1,
          submitted_at: null,
          eligibility_due_on: null,
          eligibility_done_at: null,
          decided_at: null,
          created_at: now,
          updated_at: now,
        }),
        data.insertInto("application_events", { id: newId(), application_id: id, at: now, from_status: null, to_status: "draft", actor_id: actor.id, actor_role: "org_member", note: "" }),
      ],
      { action: "incubation.application_started", targetType: "application", targetId: id, after: { call: callId, organization: orgId } },
    );
  } catch (error) {
    // A double click: the first request created it; answer with that one.
    if (!isUniqueViolation(error, "applications")) throw error;
    const again = await data.selectFrom("applications").select("id").where("call_id", "=", callId).where("organization_id", "=", orgId).executeTakeFirstOrThrow();
    return again.id;
  }
  return id;
}

async function refuseIfListed(data: DistrictData, actor: IncubationActor, organizationId: string): Promise<void> {
  const entries = await activeCreditEntries(data, organizationId);
  const entry = entries.find((e) => e.list === "serious") ?? entries[0];
  if (entry) {
    const l = actor.locale;
    throw new AppError({ status: 409, code: "credit_listed", message: "inc.creditListed", params: { list: t(l, `inc.list.${entry.list}`), reason: entry.reason }, extra: { list: entry.list } });
  }
}

/** Saves the applicant's draft (auto-save and the "save draft" button). */
/**
 * Auto-save: one D1 round trip on the way that matters (the applicant typing). The guard
 * checks ownership and state inside the batch; only when it fails is the application
 * read, to say why (not theirs: 404; no longer editable: 409).
 */
// Auto-saved every few seconds: built once, bound per save.
const draftSaveStatements = districtStatements("incubation.draft_save", (data, p: { id: string; organizations: readonly string[]; form: string; now: string }) => [
  data.guard(data.selectFrom("applications").select("id").where("id", "=", p.id).where("organization_id", "in", p.organizations).where("status", "in", ["draft", "returned"])),
  data.updateTable("applications").set({ form_json: p.form, updated_at: p.now }).where("id", "=", p.id).returning(["id", "status", "version", "updated_at"]),
]);

export async function saveDraft(data: DistrictData, actor: IncubationActor, applicationId: string, form: ApplicationForm, now: string): Promise<Pick<Application, "id" | "status" | "version" | "updated_at">> {
  const organizations = memberOrganizations(actor);
  if (organizations.length === 0) throw notFound();
  const written = await data.writeIfCurrent<Pick<Application, "id" | "status" | "version" | "updated_at">>(draftSaveStatements(data, { id: applicationId, organizations, form: JSON.stringify(form), now }), {
    action: "incubation.draft_saved",
    targetType: "application",
    targetId: applicationId,
  });
  if (written) return written[1]![0]!;
  const app = await findOwnApplication(data, actor, applicationId);
  if (app.status !== "draft" && app.status !== "returned") throw new AppError({ status: 409, code: "not_editable", message: "inc.illegal", params: { status: t(actor.locale, `inc.status.${app.status}`), allowed: "—" } });
  throw changedMeanwhile();
}

export async function submitApplication(data: DistrictData, actor: IncubationActor, applicationId: string, expectedVersion: number, now: string): Promise<Application> {
  const l = actor.locale;
  const app = await findOwnApplication(data, actor, applicationId);
  const call = await data.selectFrom("calls").selectAll().where("id", "=", app.call_id).executeTakeFirstOrThrow();
  if (app.status === "draft" || app.status === "returned") {
    if (callPhase(call, now) !== "open" && app.status === "draft") throw new AppError({ status: 409, code: "call_not_open", message: "inc.call.notOpen" });
    await refuseIfListed(data, actor, app.organization_id);
  }
  const form = JSON.parse(app.form_json) as ApplicationForm;
  const complete = z.safeParse(completeSchema, form);
  const errors = complete.success ? [] : toFieldErrors(complete.error, l, form);
  const org = await data.selectFrom("organizations").select(["kind", "uscc"]).where("id", "=", app.organization_id).executeTakeFirstOrThrow();
  if (org.kind === "registered" && !(org.uscc && isValidUscc(org.uscc))) errors.push({ field: "organization.uscc", code: "uscc_missing", message: t(l, "inc.usccMissing") });
  if (org.kind === "founding_team" && (form.founders.length === 0 || !form.foundersSigned)) errors.push({ field: "founders", code: "founders_must_sign", message: t(l, "inc.foundersMustSign") });
  const uploaded = new Set((await attachmentsOf(data, app.id)).map((a) => a.material_key));
  const missing = materialsOf(call).filter((m) => m.required && !uploaded.has(m.key));
  if (missing.length) errors.push({ field: "attachments", code: "missing_materials", message: t(l, "inc.missingMaterials", { materials: missing.map((m) => m.label).join("、") }) });
  if (errors.length) throw validationFailed(errors);
  const due = addWorkingDays(now, data.district.settings.eligibilityCheckWorkingDays);
  await data.write(
    transition(data, {
      application: app,
      action: "submit",
      expectedVersion,
      now,
      locale: l,
      set: { submitted_at: app.submitted_at ?? now, eligibility_due_on: due },
    }).concat(issueReceipt(data, APPLICATION_RECEIPT, app.id, now)),
    { action: "incubation.application_submitted", targetType: "application", targetId: app.id, after: { eligibilityDueOn: due } },
    { stale: changedMeanwhile },
  );
  return findApplication(data, app.id);
}

export async function withdrawApplication(data: DistrictData, actor: IncubationActor, applicationId: string, expectedVersion: number, now: string): Promise<Application> {
  const app = await findOwnApplication(data, actor, applicationId);
  await data.write(
    transition(data, { application: app, action: "withdraw", expectedVersion, now: now, locale: actor.locale }),
    {
      action: "incubation.application_withdrawn",
      targetType: "application",
      targetId: app.id,
    },
    { stale: changedMeanwhile },
  );
  return findApplication(data, app.id);
}

export { addAttachment, removeAttachment, submittedAttachmentIds } from "./attachments";

// ------------------------------------------------------------------ staff

export async function checkEligibility(data: DistrictData, actor: IncubationActor, applicationId: string, input: { outcome: "pass" | "return" | "reject"; reasons: string; version: number }, now: string) {
  const { app, call } = await findManagedApplication(data, actor, applicationId);
  const action: Action = input.outcome === "pass" ? "pass" : input.outcome === "return" ? "return" : "reject_eligibility";
  const statements = transition(data, {
    application: app,
    action,
    expectedVersion: input.version,
    note: input.reasons,
    now,
    locale: actor.locale,
    set: { eligibility_done_at: now, ...(action === "reject_eligibility" ? { decided_at: now } : {}) },
  });
  if (action === "pass") {
    // Passing sends the application to the call's reviewers.
    const pool = await data.selectFrom("call_reviewers").select("user_id").where("call_id", "=", call.id).execute();
    statements.push(...assignReviewers(data, { subjectKind: SUBJECT_KIND, subjectId: app.id, rubricId: call.rubric_id, reviewerIds: pool.map((p) => p.user_id), assignedBy: actor.id, now }));
  }
  if (action === "reject_eligibility") statements.push(recordDecision(data, { subjectKind: SUBJECT_KIND, subjectId: app.id, outcome: "rejected", reasons: input.reasons, decidedBy: actor.id, now }));
  if (action !== "pass")
    statements.push(
      notify(data, action === "return" ? applicationReturned : applicationRejected, { to: app.organization_id, params: { call: call.title, reasons: input.reasons, applicationId: app.id }, target: { type: "application", id: app.id } }),
    );
  await data.write(statements, { action: `incubation.eligibility_${input.outcome}`, targetType: "application", targetId: app.id, after: { reasons: input.reasons } }, { stale: changedMeanwhile });
  return findApplication(data, app.id);
}

export async function assignToApplication(data: DistrictData, actor: IncubationActor, applicationId: string, reviewerIds: string[], now: string) {
  const { app, call } = await findManagedApplication(data, actor, applicationId);
  if (app.status !== "in_review") throw new AppError({ status: 409, code: "illegal_transition", message: "inc.illegal", params: { status: t(actor.locale, `inc.status.${app.status}`), allowed: "—" } });
  await ensureReviewers(data, actor, reviewerIds);
  await data.write(assignReviewers(data, { subjectKind: SUBJECT_KIND, subjectId: app.id, rubricId: call.rubric_id, reviewerIds, assignedBy: actor.id, now: now }), {
    action: "review.assigned",
    targetType: "application",
    targetId: app.id,
    after: { reviewers: reviewerIds },
  });
}

async function ensureReviewers(data: DistrictData, actor: IncubationActor, ids: string[]) {
  const found = await data.selectFrom("role_grants").select("user_id").where("role", "in", ["reviewer"]).where("user_id", "in", ids).execute();
  const known = new Set(found.map((f) => f.user_id));
  const bad = ids.findIndex((id) => !known.has(id));
  if (bad >= 0) throw validationFailed([{ field: `reviewerIds.${bad}`, code: "not_a_reviewer", message: t(actor.locale, "field.invalid_choice") }]);
}

/**
 * A call's applications ranked by aggregated score. The call with its park's name and area
 * and its rubric's lock, and the applications each with its review figures, come in one D1
 * batch of two statements. The figures are the review engine's own row per application
 * (`review_figures`, kept by triggers as scores are handed in), so a view of the queue reads
 * a row per application, not per score, and sums nothing.
 * The applications come in pinyin order (the organizations' stored sort key), so the
 * Worker's stable sort by score leaves equal scores in that order without collating names.
 * The queue page asks for the call's notices and their objections in the same batch. The
 * statements are built and compiled once per isolate (src/data/fixed-statements.ts).
 */
const rankingReads = districtStatements("incubation.ranking", (data, p: { callId: string }) => [
  data
    .selectFrom("calls")
    .innerJoin("parks", (j) => j.onRef("parks.district_id", "=", "calls.district_id").onRef("parks.id", "=", "calls.park_id"))
    .leftJoin("rubrics", (j) => j.onRef("rubrics.district_id", "=", "calls.district_id").onRef("rubrics.id", "=", "calls.rubric_id"))
    .selectAll("calls")
    .select(["parks.name as park_name", "parks.area_code as park_area_code", "rubrics.locked_at as rubric_locked_at"])
    .where("calls.id", "=", p.callId),
  data
    .selectFrom("applications")
    .innerJoin("organizations", (j) => j.onRef("organizations.district_id", "=", "applications.district_id").onRef("organizations.id", "=", "applications.organization_id"))
    .leftJoin("review_figures", (j) => j.onRef("review_figures.district_id", "=", "applications.district_id").onRef("review_figures.subject_id", "=", "applications.id"))
    .select(["applications.id", "applications.status", "applications.version", "applications.submitted_at", "applications.eligibility_due_on", "organizations.name as organization", ...figureColumns])
    .where("applications.call_id", "=", p.callId)
    .where("applications.status", "!=", "draft")
    .orderBy("organizations.sort_key"),
]);

export async function ranking(data: DistrictData, actor: IncubationActor, callId: string, withNotices = false) {
  const [calls, apps, ...notices] = await data.read<Record<string, unknown>>([...rankingReads(data, { callId }), ...(withNotices ? callNoticeReads(data, { callId }) : [])]);
  const found = calls?.[0] as (Call & { park_name: string; park_area_code: string | null; rubric_locked_at: string | null }) | undefined;
  if (!found) throw notFound();
  const { park_name, park_area_code, rubric_locked_at, ...callRow } = found;
  const park = { id: callRow.park_id, name: park_name, area_code: park_area_code };
  if (!managesPark(actor, park)) throw notFound();
  const call = { ...callRow, park };
  const ranked = (apps as (Pick<Application, "id" | "status" | "version" | "submitted_at" | "eligibility_due_on"> & { organization: string } & Parameters<typeof withFigures>[0])[]).map(withFigures);
  ranked.sort((x, y) => (y.aggregate.mean ?? -1) - (x.aggregate.mean ?? -1));
  return { call, rubricLockedAt: rubric_locked_at ?? null, rows: ranked, notices: withNotices ? ({ notices: notices[0] ?? [], objections: notices[1] ?? [] } as CallNotices) : null };
}

export async function decide(data: DistrictData, actor: IncubationActor, applicationId: string, input: { outcome: "admit" | "reject"; reasons: string; version: number }, now: string) {
  const { app, call } = await findManagedApplication(data, actor, applicationId);
  const action: Action = input.outcome === "admit" ? "propose" : "reject";
  // A decision weighs the panel's scores: before any is in there is nothing to weigh (an
  // ineligible application is turned down at the eligibility check instead). The check is
  // a guard in the decision's own batch, so it holds when the decision is written.
  const written = await data.writeIfCurrent(
    [
      data.guard(countedReviews(data, app.id)),
      ...transition(data, { application: app, action, expectedVersion: input.version, note: input.reasons, now, locale: actor.locale, set: input.outcome === "reject" ? { decided_at: now } : {} }),
      recordDecision(data, { subjectKind: SUBJECT_KIND, subjectId: app.id, outcome: input.outcome === "admit" ? "proposed_admission" : "rejected", reasons: input.reasons, decidedBy: actor.id, now }),
      notify(data, input.outcome === "admit" ? applicationProposed : applicationRejected, {
        to: app.organization_id,
        params: { call: call.title, reasons: input.reasons, applicationId: app.id },
        target: { type: "application", id: app.id },
      }),
    ],
    { action: `incubation.decided_${input.outcome}`, targetType: "application", targetId: app.id, after: { reasons: input.reasons } },
  );
  if (written) return findApplication(data, app.id);
  // Refused: one read tells which guard, only on this rare path.
  if (await countedReviews(data, app.id).executeTakeFirst()) throw changedMeanwhile();
  throw new AppError({ status: 409, code: "no_scores", message: "inc.noScores", fields: [{ field: "outcome", code: "no_scores", message: t(actor.locale, "inc.noScores") }] });
}

/** Puts every proposed admission of a call on public notice. */
export async function publishCallNotice(data: DistrictData, actor: IncubationActor, callId: string, input: { title?: string; body: string; startsAt?: string }, now: string): Promise<string> {
  const l = actor.locale;
  const { call, rows } = await ranking(data, actor, callId);
  const proposed = rows.filter((r) => r.status === "proposed");
  if (proposed.length === 0) throw new AppError({ status: 409, code: "nothing_to_publish", message: "inc.staff.noProposals" });
  const startsAt = input.startsAt && input.startsAt > now ? new Date(input.startsAt).toISOString() : now;
  const endsAt = endOfBeijingDay(addWorkingDays(startsAt, call.notice_working_days));
  const reviewers = await data
    .selectFrom("review_assignments")
    .innerJoin("users", (j) => j.onRef("users.district_id", "=", "review_assignments.district_id").onRef("users.id", "=", "review_assignments.reviewer_id"))
    .select("users.display_name")
    .distinct()
    .where(
      "review_assignments.subject_id",
      "in",
      proposed.map((p) => p.id),
    )
    .where("review_assignments.status", "=", "clear")
    .execute();
  const noticeId = newId();
  const statements = publishNotice(data, {
    noticeId,
    subjectKind: SUBJECT_KIND,
    batchId: call.id,
    title: input.title ?? `${call.park.name}${call.title}拟入驻名单公示`,
    body: input.body,
    reviewersText: reviewers.map((r) => r.display_name).join("、"),
    startsAt,
    endsAt,
    items: proposed.map((p) => ({ subjectId: p.id, label: p.organization, proposedOutcome: "admit", score: p.aggregate.mean, areaCode: call.park.area_code })),
    by: actor.id,
    now,
  });
  for (const p of proposed) statements.push(...transition(data, { application: p, action: "publish", now, locale: l, note: noticeId }));
  await data.write(statements, { action: "notice.published", targetType: "notice", targetId: noticeId, after: { call: call.id, items: proposed.length, endsAt } }, { stale: changedMeanwhile });
  return noticeId;
}
