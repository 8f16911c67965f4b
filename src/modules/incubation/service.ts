import type { Context } from "hono";
import type { DistrictData } from "../../data/district-data";
import { isUniqueViolation } from "../../data/kysely";
import type { AppEnv } from "../../env";
import { AppError, notFound, validationFailed } from "../../http/errors";
import { t } from "../../i18n/messages";
import { newId } from "../../lib/ids";
import { nowIso } from "../../lib/time";
import { isValidUscc } from "../../lib/uscc";
import { addMonths, addWorkingDays, beijingDate, endOfBeijingDay, addDays } from "../../lib/beijing-time";
import * as z from "zod/mini";
import { toFieldErrors } from "../../http/validation";
import { loadRubric, createRubric, replaceRubricItems, type RubricItemInput } from "../../review/rubrics";
import { assignReviewers, checkScores, declare, findAssignment, moveAssignment, recordDecision, saveScores, type ScoreInput, aggregate } from "../../review/scoring";
import { fileObjection, handleObjection, publishNotice } from "../../review/notices";
import {
  activeCreditEntries,
  attachmentsOf,
  callPhase,
  findApplication,
  findManagedApplication,
  findManagedCall,
  findManagedPark,
  findOwnApplication,
  managesPark,
  materialsOf,
  memberOrganizations,
  type Application,
} from "./queries";
import { completeSchema, draftSchema, type ApplicationForm, type milestoneSchema, type parkSchema, type parkUpdateSchema, type serviceRecordSchema, type spaceSchema, type spaceUpdateSchema } from "./schemas";
import { transition, type Action } from "./state";
import { MAX_ATTACHMENT_BYTES, safeFilename, sniffType } from "../../http/attachments";

// What each step of the incubation flow does, once, for pages and API alike.

export const SUBJECT_KIND = "incubation_application";

function changedMeanwhile(): AppError {
  return new AppError(409, "conflict", "inc.changedMeanwhile");
}


// ------------------------------------------------------------------ parks and calls

export async function createPark(c: Context<AppEnv>, body: z.output<typeof parkSchema>): Promise<string> {
  const data = c.var.data;
  const l = c.var.locale;
  const expectedLength = body.level === "subdistrict" ? 9 : 12;
  if (body.level === "district" ? body.areaCode !== null : body.areaCode === null || body.areaCode.length !== expectedLength) {
    throw validationFailed([{ field: "areaCode", code: "invalid_format", message: t(l, "field.invalid_format") }]);
  }
  if (body.areaCode) {
    const area = await data.selectFrom("areas").select("code").where("code", "=", body.areaCode).executeTakeFirst();
    if (!area) throw validationFailed([{ field: "areaCode", code: "invalid_choice", message: t(l, "field.invalid_choice") }]);
  }
  if (!managesPark(c.var.user, { area_code: body.areaCode })) throw new AppError(403, "forbidden", "error.forbidden");
  const id = newId();
  const now = nowIso();
  await data.write(
    [
      data.insertInto("parks", {
        id,
        name: body.name,
        level: body.level,
        area_code: body.areaCode,
        operator_name: body.operatorName,
        address: body.address,
        description: body.description,
        services_json: JSON.stringify(body.services),
        physical: body.physical ? 1 : 0,
        virtual: body.virtual ? 1 : 0,
        version: 1,
        created_at: now,
        updated_at: now,
      }),
    ],
    { action: "incubation.park_created", targetType: "park", targetId: id, after: { name: body.name, level: body.level } },
  );
  return id;
}

/** Edits a park; returns its new version. */
export async function updatePark(c: Context<AppEnv>, parkId: string, body: z.output<typeof parkUpdateSchema>): Promise<number> {
  const park = await findManagedPark(c, parkId);
  const data = c.var.data;
  await data.write(
    [
      data.guard(data.selectFrom("parks").select("id").where("id", "=", park.id).where("version", "=", body.version)),
      data
        .updateTable("parks")
        .set({ name: body.name, operator_name: body.operatorName, address: body.address, description: body.description, services_json: JSON.stringify(body.services), physical: body.physical ? 1 : 0, virtual: body.virtual ? 1 : 0, version: body.version + 1, updated_at: nowIso() })
        .where("id", "=", park.id),
    ],
    { action: "incubation.park_changed", targetType: "park", targetId: park.id, before: { name: park.name, operator: park.operator_name, services: JSON.parse(park.services_json) as unknown }, after: { name: body.name, operator: body.operatorName, services: body.services } },
    { stale: changedMeanwhile },
  );
  return body.version + 1;
}

export async function addSpace(c: Context<AppEnv>, parkId: string, body: z.output<typeof spaceSchema>): Promise<string> {
  const park = await findManagedPark(c, parkId);
  const data = c.var.data;
  const id = newId();
  await data.write([data.insertInto("park_spaces", { id, park_id: park.id, kind: body.kind, label: body.label, capacity: body.capacity, status: "available", created_at: nowIso() })], {
    action: "incubation.space_added",
    targetType: "park",
    targetId: park.id,
    after: { label: body.label, kind: body.kind, capacity: body.capacity },
  });
  return id;
}

/** Changes a space's status or capacity; returns its park's id. */
export async function changeSpace(c: Context<AppEnv>, spaceId: string, body: z.output<typeof spaceUpdateSchema>): Promise<string> {
  const data = c.var.data;
  const space = await data.selectFrom("park_spaces").selectAll().where("id", "=", spaceId).executeTakeFirst();
  if (!space) throw new AppError(404, "not_found", "error.not_found");
  await findManagedPark(c, space.park_id);
  await data.write([data.updateTable("park_spaces").set({ status: body.status, capacity: body.capacity ?? space.capacity }).where("id", "=", space.id)], {
    action: "incubation.space_changed",
    targetType: "space",
    targetId: space.id,
    before: { status: space.status, capacity: space.capacity },
    after: { status: body.status, capacity: body.capacity ?? space.capacity },
  });
  return space.park_id;
}

export async function createCall(
  c: Context<AppEnv>,
  input: { parkId: string; title: string; opensAt: string; closesAt: string; places: number; eligibilityText: string; materials: { key: string; label: string; required: boolean }[]; rubric: RubricItemInput[]; reviewerIds: string[]; noticeWorkingDays?: number },
): Promise<string> {
  const data = c.var.data;
  await findManagedPark(c, input.parkId);
  const reviewers = input.reviewerIds.length
    ? await data.selectFrom("role_grants").select("user_id").where("role", "=", "reviewer").where("user_id", "in", input.reviewerIds).execute()
    : [];
  const known = new Set(reviewers.map((r) => r.user_id));
  const unknown = input.reviewerIds.findIndex((id) => !known.has(id));
  if (unknown >= 0) throw validationFailed([{ field: `reviewerIds.${unknown}`, code: "not_a_reviewer", message: t(c.var.locale, "field.invalid_choice") }]);
  const callId = newId();
  const rubricId = newId();
  const now = nowIso();
  await data.write(
    [
      ...createRubric(data, rubricId, input.title, input.rubric, now),
      data.insertInto("calls", {
        id: callId,
        park_id: input.parkId,
        title: input.title,
        opens_at: new Date(input.opensAt).toISOString(),
        closes_at: new Date(input.closesAt).toISOString(),
        places: input.places,
        eligibility_text: input.eligibilityText,
        materials_json: JSON.stringify(input.materials),
        rubric_id: rubricId,
        notice_working_days: input.noticeWorkingDays ?? c.var.district.settings.publicNoticeWorkingDays,
        status: "published",
        created_by: c.var.user!.id,
        created_at: now,
      }),
      ...[...known].map((userId) => data.insertInto("call_reviewers", { call_id: callId, user_id: userId })),
    ],
    { action: "incubation.call_opened", targetType: "call", targetId: callId, after: { title: input.title, opensAt: input.opensAt, closesAt: input.closesAt, places: input.places } },
  );
  return callId;
}

export async function updateRubric(c: Context<AppEnv>, callId: string, items: RubricItemInput[]): Promise<void> {
  const call = await findManagedCall(c, callId);
  const rubric = await loadRubric(c.var.data, call.rubric_id);
  if (rubric?.lockedAt) throw new AppError(409, "rubric_locked", "inc.review.rubricLocked");
  await c.var.data.write(replaceRubricItems(c.var.data, call.rubric_id, items), { action: "incubation.rubric_changed", targetType: "call", targetId: callId, after: { items: items.map((i) => i.title) } }, { stale: () => new AppError(409, "rubric_locked", "inc.review.rubricLocked") });
}

// ------------------------------------------------------------------ applicant

/** Starts (or returns the existing) application of the user's organization to a call. */
export async function startApplication(c: Context<AppEnv>, callId: string): Promise<string> {
  const data = c.var.data;
  const orgId = memberOrganizations(c.var.user)[0];
  if (!orgId) throw new AppError(403, "forbidden", "error.forbidden");
  const call = await data.selectFrom("calls").selectAll().where("id", "=", callId).executeTakeFirst();
  if (!call) throw new AppError(404, "not_found", "error.not_found");
  if (callPhase(call, nowIso()) !== "open") throw new AppError(409, "call_not_open", "inc.call.notOpen");
  await refuseIfListed(c, orgId);
  const existing = await data.selectFrom("applications").select("id").where("call_id", "=", callId).where("organization_id", "=", orgId).executeTakeFirst();
  if (existing) return existing.id;
  const id = newId();
  const now = nowIso();
  const empty: ApplicationForm = z.parse(draftSchema, {});
  try {
    await data.write(
      [
        data.insertInto("applications", {
          id,
          call_id: callId,
          organization_id: orgId,
          applicant_id: c.var.user!.id,
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
        data.insertInto("application_events", { id: newId(), application_id: id, at: now, from_status: null, to_status: "draft", actor_id: c.var.user!.id, actor_role: "org_member", note: "" }),
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

async function refuseIfListed(c: Context<AppEnv>, organizationId: string): Promise<void> {
  const entries = await activeCreditEntries(c.var.data, organizationId);
  const entry = entries.find((e) => e.list === "serious") ?? entries[0];
  if (entry) {
    const l = c.var.locale;
    throw new AppError(409, "credit_listed", "inc.creditListed", { list: t(l, `inc.list.${entry.list}`), reason: entry.reason }, [], { list: entry.list });
  }
}

/** Saves the applicant's draft (auto-save and the "save draft" button). */
/**
 * Auto-save: one D1 round trip on the way that matters (the applicant typing). The guard
 * checks ownership and state inside the batch; only when it fails is the application
 * read, to say why (not theirs: 404; no longer editable: 409).
 */
export async function saveDraft(c: Context<AppEnv>, applicationId: string, form: ApplicationForm): Promise<Pick<Application, "id" | "status" | "version" | "updated_at">> {
  const data = c.var.data;
  const organizations = memberOrganizations(c.var.user);
  if (organizations.length === 0) throw notFound();
  const written = await data.writeIfCurrent<Pick<Application, "id" | "status" | "version" | "updated_at">>(
    [
      data.guard(data.selectFrom("applications").select("id").where("id", "=", applicationId).where("organization_id", "in", organizations).where("status", "in", ["draft", "returned"])),
      data.updateTable("applications").set({ form_json: JSON.stringify(form), updated_at: nowIso() }).where("id", "=", applicationId).returning(["id", "status", "version", "updated_at"]),
    ],
    { action: "incubation.draft_saved", targetType: "application", targetId: applicationId },
  );
  if (written) return written[1]![0]!;
  const app = await findOwnApplication(c, applicationId);
  if (app.status !== "draft" && app.status !== "returned") throw new AppError(409, "not_editable", "inc.illegal", { status: t(c.var.locale, `inc.status.${app.status}`), allowed: "—" });
  throw changedMeanwhile();
}

export async function submitApplication(c: Context<AppEnv>, applicationId: string, expectedVersion: number): Promise<Application> {
  const data = c.var.data;
  const l = c.var.locale;
  const app = await findOwnApplication(c, applicationId);
  const call = await data.selectFrom("calls").selectAll().where("id", "=", app.call_id).executeTakeFirstOrThrow();
  const now = nowIso();
  if (app.status === "draft" || app.status === "returned") {
    if (callPhase(call, now) !== "open" && app.status === "draft") throw new AppError(409, "call_not_open", "inc.call.notOpen");
    await refuseIfListed(c, app.organization_id);
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
  const due = addWorkingDays(now, c.var.district.settings.eligibilityCheckWorkingDays);
  await data.write(
    transition(data, {
      application: app,
      action: "submit",
      expectedVersion,
      now,
      locale: l,
      set: { submitted_at: app.submitted_at ?? now, eligibility_due_on: due },
    }),
    { action: "incubation.application_submitted", targetType: "application", targetId: app.id, after: { eligibilityDueOn: due } },
    { stale: changedMeanwhile },
  );
  return findApplication(data, app.id);
}

export async function withdrawApplication(c: Context<AppEnv>, applicationId: string, expectedVersion: number): Promise<Application> {
  const data = c.var.data;
  const app = await findOwnApplication(c, applicationId);
  await data.write(transition(data, { application: app, action: "withdraw", expectedVersion, now: nowIso(), locale: c.var.locale }), {
    action: "incubation.application_withdrawn",
    targetType: "application",
    targetId: app.id,
  }, { stale: changedMeanwhile });
  return findApplication(data, app.id);
}

export interface UploadedFile {
  name: string;
  bytes: ArrayBuffer;
}

/**
 * Stores an attachment in R2 and records it. The draft itself is never touched, so a
 * failed upload leaves it as it was; a failed record removes the stored object.
 */
export async function addAttachment(c: Context<AppEnv>, applicationId: string, materialKey: string, file: UploadedFile) {
  const data = c.var.data;
  const l = c.var.locale;
  const app = await findOwnApplication(c, applicationId);
  if (app.status !== "draft" && app.status !== "returned") throw new AppError(409, "not_editable", "inc.illegal", { status: t(l, `inc.status.${app.status}`), allowed: "—" });
  const call = await data.selectFrom("calls").select("materials_json").where("id", "=", app.call_id).executeTakeFirstOrThrow();
  if (!materialsOf(call).some((m) => m.key === materialKey)) throw validationFailed([{ field: "materialKey", code: "unknown_material", message: t(l, "inc.file.unknownMaterial") }]);
  if (file.bytes.byteLength === 0) throw validationFailed([{ field: "file", code: "required", message: t(l, "inc.file.empty") }]);
  if (file.bytes.byteLength > MAX_ATTACHMENT_BYTES) throw validationFailed([{ field: "file", code: "too_large", message: t(l, "inc.file.tooLarge") }]);
  const type = sniffType(new Uint8Array(file.bytes.slice(0, 16)));
  if (!type) throw validationFailed([{ field: "file", code: "bad_type", message: t(l, "inc.file.badType") }]);
  const id = newId();
  const key = `${data.districtId}/applications/${app.id}/${id}`;
  const filename = safeFilename(file.name);
  await c.env.FILES.put(key, file.bytes, { httpMetadata: { contentType: type }, customMetadata: { district: data.districtId, application: app.id, filename } });
  try {
    await data.write(
      [
        data.guard(data.selectFrom("applications").select("id").where("id", "=", app.id).where("status", "in", ["draft", "returned"])),
        data.insertInto("application_attachments", {
          id,
          application_id: app.id,
          material_key: materialKey,
          filename,
          content_type: type,
          size: file.bytes.byteLength,
          r2_key: key,
          uploaded_by: c.var.user!.id,
          uploaded_at: nowIso(),
        }),
      ],
      { action: "incubation.attachment_added", targetType: "application", targetId: app.id, after: { material: materialKey, filename, size: file.bytes.byteLength } },
      { stale: changedMeanwhile },
    );
  } catch (error) {
    await c.env.FILES.delete(key);
    throw error;
  }
  return { id, filename, contentType: type, size: file.bytes.byteLength, materialKey };
}

// ------------------------------------------------------------------ staff

export async function checkEligibility(c: Context<AppEnv>, applicationId: string, input: { outcome: "pass" | "return" | "reject"; reasons: string; version: number }) {
  const data = c.var.data;
  const { app, call } = await findManagedApplication(c, applicationId);
  const action: Action = input.outcome === "pass" ? "pass" : input.outcome === "return" ? "return" : "reject_eligibility";
  const now = nowIso();
  const statements = transition(data, { application: app, action, expectedVersion: input.version, note: input.reasons, now, locale: c.var.locale, set: { eligibility_done_at: now, ...(action === "reject_eligibility" ? { decided_at: now } : {}) } });
  if (action === "pass") {
    // Passing sends the application to the call's reviewers.
    const pool = await data.selectFrom("call_reviewers").select("user_id").where("call_id", "=", call.id).execute();
    statements.push(...assignReviewers(data, { subjectKind: SUBJECT_KIND, subjectId: app.id, rubricId: call.rubric_id, reviewerIds: pool.map((p) => p.user_id), assignedBy: c.var.user!.id, now }));
  }
  if (action === "reject_eligibility") statements.push(recordDecision(data, { subjectKind: SUBJECT_KIND, subjectId: app.id, outcome: "rejected", reasons: input.reasons, decidedBy: c.var.user!.id, now }));
  await data.write(statements, { action: `incubation.eligibility_${input.outcome}`, targetType: "application", targetId: app.id, after: { reasons: input.reasons } }, { stale: changedMeanwhile });
  return findApplication(data, app.id);
}

export async function assignToApplication(c: Context<AppEnv>, applicationId: string, reviewerIds: string[]) {
  const data = c.var.data;
  const { app, call } = await findManagedApplication(c, applicationId);
  if (app.status !== "in_review") throw new AppError(409, "illegal_transition", "inc.illegal", { status: t(c.var.locale, `inc.status.${app.status}`), allowed: "—" });
  await ensureReviewers(c, reviewerIds);
  await data.write(assignReviewers(data, { subjectKind: SUBJECT_KIND, subjectId: app.id, rubricId: call.rubric_id, reviewerIds, assignedBy: c.var.user!.id, now: nowIso() }), {
    action: "review.assigned",
    targetType: "application",
    targetId: app.id,
    after: { reviewers: reviewerIds },
  });
}

async function ensureReviewers(c: Context<AppEnv>, ids: string[]) {
  const found = await c.var.data.selectFrom("role_grants").select("user_id").where("role", "in", ["reviewer"]).where("user_id", "in", ids).execute();
  const known = new Set(found.map((f) => f.user_id));
  const bad = ids.findIndex((id) => !known.has(id));
  if (bad >= 0) throw validationFailed([{ field: `reviewerIds.${bad}`, code: "not_a_reviewer", message: t(c.var.locale, "field.invalid_choice") }]);
}

export async function moveReviewer(c: Context<AppEnv>, assignmentId: string, toReviewerId: string) {
  const data = c.var.data;
  const a = await findAssignment(data, assignmentId);
  if (!a || a.subject_kind !== SUBJECT_KIND) throw new AppError(404, "not_found", "error.not_found");
  await findManagedApplication(c, a.subject_id);
  await ensureReviewers(c, [toReviewerId]);
  await data.write(moveAssignment(data, a, toReviewerId, c.var.user!.id, nowIso()), { action: "review.moved", targetType: "assignment", targetId: a.id, after: { to: toReviewerId } }, { stale: changedMeanwhile });
}

export async function ranking(c: Context<AppEnv>, callId: string) {
  const data = c.var.data;
  const call = await findManagedCall(c, callId);
  const [rubric, apps] = await Promise.all([
    loadRubric(data, call.rubric_id).then((r) => r!),
    data
      .selectFrom("applications")
      .innerJoin("organizations", (j) => j.onRef("organizations.district_id", "=", "applications.district_id").onRef("organizations.id", "=", "applications.organization_id"))
      .select(["applications.id", "applications.status", "applications.version", "applications.submitted_at", "applications.eligibility_due_on", "organizations.name as organization"])
      .where("applications.call_id", "=", callId)
      .where("applications.status", "!=", "draft")
      .execute(),
  ]);
  const aggregates = await aggregate(data, rubric, apps.map((a) => a.id));
  const rows = apps.map((a) => ({ ...a, aggregate: aggregates.get(a.id)! }));
  rows.sort((x, y) => (y.aggregate.mean ?? -1) - (x.aggregate.mean ?? -1) || x.organization.localeCompare(y.organization, "zh-CN"));
  return { call, rubric, rows };
}

export async function decide(c: Context<AppEnv>, applicationId: string, input: { outcome: "admit" | "reject"; reasons: string; version: number }) {
  const data = c.var.data;
  const { app } = await findManagedApplication(c, applicationId);
  const now = nowIso();
  const action: Action = input.outcome === "admit" ? "propose" : "reject";
  await data.write(
    [
      ...transition(data, { application: app, action, expectedVersion: input.version, note: input.reasons, now, locale: c.var.locale, set: input.outcome === "reject" ? { decided_at: now } : {} }),
      recordDecision(data, { subjectKind: SUBJECT_KIND, subjectId: app.id, outcome: input.outcome === "admit" ? "proposed_admission" : "rejected", reasons: input.reasons, decidedBy: c.var.user!.id, now }),
    ],
    { action: `incubation.decided_${input.outcome}`, targetType: "application", targetId: app.id, after: { reasons: input.reasons } },
    { stale: changedMeanwhile },
  );
  return findApplication(data, app.id);
}

/** Puts every proposed admission of a call on public notice. */
export async function publishCallNotice(c: Context<AppEnv>, callId: string, input: { title?: string; body: string; startsAt?: string }): Promise<string> {
  const data = c.var.data;
  const l = c.var.locale;
  const { call, rows } = await ranking(c, callId);
  const proposed = rows.filter((r) => r.status === "proposed");
  if (proposed.length === 0) throw new AppError(409, "nothing_to_publish", "inc.staff.noProposals");
  const now = nowIso();
  const startsAt = input.startsAt && input.startsAt > now ? new Date(input.startsAt).toISOString() : now;
  const endsAt = endOfBeijingDay(addWorkingDays(startsAt, call.notice_working_days));
  const reviewers = await data
    .selectFrom("review_assignments")
    .innerJoin("users", (j) => j.onRef("users.district_id", "=", "review_assignments.district_id").onRef("users.id", "=", "review_assignments.reviewer_id"))
    .select("users.display_name")
    .distinct()
    .where("review_assignments.subject_id", "in", proposed.map((p) => p.id))
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
    items: proposed.map((p) => ({ subjectId: p.id, label: p.organization, proposedOutcome: "admit", score: p.aggregate.mean })),
    by: c.var.user!.id,
    now,
  });
  for (const p of proposed) statements.push(...transition(data, { application: p, action: "publish", now, locale: l, note: noticeId }));
  await data.write(statements, { action: "notice.published", targetType: "notice", targetId: noticeId, after: { call: call.id, items: proposed.length, endsAt } }, { stale: changedMeanwhile });
  return noticeId;
}

export async function objectToNotice(c: Context<AppEnv>, noticeId: string, input: { subjectId: string; name: string; contact: string; content: string }) {
  const data = c.var.data;
  const notice = await data.selectFrom("public_notices").selectAll().where("id", "=", noticeId).executeTakeFirst();
  if (!notice) throw new AppError(404, "not_found", "error.not_found");
  const now = nowIso();
  if (notice.status === "closed" || now >= notice.ends_at || now < notice.starts_at) {
    throw new AppError(409, "notice_closed", "inc.notice.closedForObjections", { date: beijingDate(notice.ends_at) }, [], { endsAt: notice.ends_at });
  }
  if (input.subjectId) {
    const item = await data.selectFrom("notice_items").select("subject_id").where("notice_id", "=", noticeId).where("subject_id", "=", input.subjectId).executeTakeFirst();
    if (!item) throw validationFailed([{ field: "subjectId", code: "invalid_choice", message: t(c.var.locale, "field.invalid_choice") }]);
  }
  const { id, statements } = await fileObjection(data, { noticeId, subjectId: input.subjectId || null, name: input.name, contact: input.contact, content: input.content, now, personalDataKey: c.env.PERSONAL_DATA_KEY });
  await data.write(
    statements,
    { action: "notice.objection_filed", targetType: "notice", targetId: noticeId, after: { objection: id, subject: input.subjectId || null } },
    { stale: () => new AppError(409, "notice_closed", "inc.notice.closedForObjections", { date: beijingDate(notice.ends_at) }) },
  );
  return id;
}

export async function handleNoticeObjection(c: Context<AppEnv>, objectionId: string, input: { upheld: boolean; note: string }) {
  const data = c.var.data;
  const objection = await data.selectFrom("notice_objections").select(["id", "notice_id"]).where("id", "=", objectionId).executeTakeFirst();
  if (!objection) throw new AppError(404, "not_found", "error.not_found");
  const notice = await data.selectFrom("public_notices").select(["batch_id", "subject_kind"]).where("id", "=", objection.notice_id).executeTakeFirstOrThrow();
  if (notice.subject_kind !== SUBJECT_KIND) throw new AppError(404, "not_found", "error.not_found");
  await findManagedCall(c, notice.batch_id);
  await data.write(handleObjection(data, { objectionId, upheld: input.upheld, note: input.note, by: c.var.user!.id, now: nowIso() }), {
    action: input.upheld ? "notice.objection_upheld" : "notice.objection_dismissed",
    targetType: "objection",
    targetId: objectionId,
    after: { note: input.note },
  }, { stale: changedMeanwhile });
}

// ------------------------------------------------------------------ reviewers

export async function reviewerAssignment(c: Context<AppEnv>, assignmentId: string) {
  const a = await findAssignment(c.var.data, assignmentId);
  // Someone else's assignment does not exist for this reviewer.
  if (!a || a.reviewer_id !== c.var.user!.id) throw new AppError(404, "not_found", "error.not_found");
  return a;
}

export async function declareConflict(c: Context<AppEnv>, assignmentId: string, conflicted: boolean, reason: string) {
  const a = await reviewerAssignment(c, assignmentId);
  if (a.status !== "awaiting_declaration") throw new AppError(409, "already_declared", "inc.review.cannotScore");
  await c.var.data.write(declare(c.var.data, a, conflicted, reason || null, nowIso()), {
    action: conflicted ? "review.conflict_declared" : "review.no_conflict_declared",
    targetType: "assignment",
    targetId: a.id,
    after: conflicted ? { reason } : {},
  }, { stale: changedMeanwhile });
}

export async function scoreAssignment(c: Context<AppEnv>, assignmentId: string, scores: ScoreInput[], submit: boolean) {
  const data = c.var.data;
  const l = c.var.locale;
  const a = await reviewerAssignment(c, assignmentId);
  if (a.status !== "clear" || a.submitted_at) throw new AppError(409, "cannot_score", "inc.review.cannotScore");
  const rubric = (await loadRubric(data, a.rubric_id))!;
  const existing = await data.selectFrom("review_scores").select("item_id").where("assignment_id", "=", a.id).execute();
  const all = [...scores, ...existing.filter((e) => !scores.some((s) => s.itemId === e.item_id)).map((e) => ({ itemId: e.item_id, score: 0, comment: "" }))];
  const errors = checkScores(rubric, submit ? all : scores, submit, {
    range: (max) => t(l, "inc.review.outOfRange", { max }),
    unknown: t(l, "inc.review.unknownItem"),
    missing: t(l, "inc.review.missing"),
  }).filter((e) => !e.field.startsWith("scores.") || Number(e.field.split(".")[1]) < scores.length);
  if (errors.length) throw validationFailed(errors);
  await data.write(saveScores(data, a, scores, submit, nowIso()), { action: submit ? "review.scores_submitted" : "review.scores_saved", targetType: "assignment", targetId: a.id, after: { items: scores.length } }, { stale: changedMeanwhile });
}

// ------------------------------------------------------------------ incubation records

export async function findManagedIncubation(c: Context<AppEnv>, incubationId: string) {
  const inc = await c.var.data.selectFrom("incubations").selectAll().where("id", "=", incubationId).executeTakeFirst();
  if (!inc) throw new AppError(404, "not_found", "error.not_found");
  const park = await findManagedPark(c, inc.park_id);
  return { inc, park };
}

export async function allocateSpace(c: Context<AppEnv>, incubationId: string, spaceId: string | null, version: number) {
  const data = c.var.data;
  const { inc } = await findManagedIncubation(c, incubationId);
  const statements = [
    data.guard(data.selectFrom("incubations").select("id").where("id", "=", inc.id).where("version", "=", version).where("status", "=", "active")),
  ];
  if (spaceId) {
    const space = await data.selectFrom("park_spaces").select(["id", "park_id", "status"]).where("id", "=", spaceId).executeTakeFirst();
    if (!space || space.park_id !== inc.park_id || space.status !== "available") throw validationFailed([{ field: "spaceId", code: "unavailable", message: t(c.var.locale, "inc.spaceTaken") }]);
    statements.push(data.guard(data.selectFrom("park_spaces").select("id").where("id", "=", spaceId).where("status", "=", "available")));
    statements.push(data.updateTable("park_spaces").set({ status: "occupied" }).where("id", "=", spaceId));
  }
  if (inc.space_id) statements.push(data.updateTable("park_spaces").set({ status: "available" }).where("id", "=", inc.space_id));
  statements.push(data.updateTable("incubations").set({ space_id: spaceId, virtual: spaceId ? 0 : 1, version: version + 1 }).where("id", "=", inc.id));
  await data.write(statements, { action: "incubation.space_allocated", targetType: "incubation", targetId: inc.id, before: { space: inc.space_id }, after: { space: spaceId } }, { stale: changedMeanwhile });
}

export async function assessExit(c: Context<AppEnv>, incubationId: string, input: { outcome: "graduated" | "extended" | "eliminated"; score: number; reasons: string; version: number }) {
  const data = c.var.data;
  const settings = c.var.district.settings;
  const { inc } = await findManagedIncubation(c, incubationId);
  if (inc.status !== "active") throw new AppError(409, "not_active", "inc.illegal", { status: t(c.var.locale, `inc.incubation.status.${inc.status}`), allowed: "—" });
  if (input.outcome === "extended" && inc.renewals_used >= settings.incubationRenewals) {
    throw validationFailed([{ field: "outcome", code: "no_renewals_left", message: t(c.var.locale, "inc.incubation.noRenewals", { max: settings.incubationRenewals }) }]);
  }
  const now = nowIso();
  const today = beijingDate(now);
  const statements = [
    data.guard(data.selectFrom("incubations").select("id").where("id", "=", inc.id).where("version", "=", input.version).where("status", "=", "active")),
    data.insertInto("exit_assessments", { id: newId(), incubation_id: inc.id, outcome: input.outcome, score: input.score, reasons: input.reasons, assessed_by: c.var.user!.id, assessed_at: now }),
  ];
  if (input.outcome === "extended") {
    statements.push(
      data
        .updateTable("incubations")
        .set({ renewals_used: inc.renewals_used + 1, planned_end_on: addMonths(inc.planned_end_on, settings.incubationMonths), version: input.version + 1 })
        .where("id", "=", inc.id),
    );
  } else {
    statements.push(
      data
        .updateTable("incubations")
        .set({ status: input.outcome, ended_on: today, handback_due_on: inc.space_id ? addDays(today, settings.spaceHandbackDays) : null, version: input.version + 1 })
        .where("id", "=", inc.id),
    );
  }
  await data.write(statements, { action: `incubation.exit_${input.outcome}`, targetType: "incubation", targetId: inc.id, after: { score: input.score, reasons: input.reasons } }, { stale: changedMeanwhile });
}

export async function recordService(c: Context<AppEnv>, incubationId: string, body: z.output<typeof serviceRecordSchema>): Promise<string> {
  const { inc } = await findManagedIncubation(c, incubationId);
  const data = c.var.data;
  const id = newId();
  await data.write([data.insertInto("incubation_services", { id, incubation_id: inc.id, service: body.service, on_date: body.onDate, description: body.description, provider: body.provider, recorded_by: c.var.user!.id })], {
    action: "incubation.service_recorded",
    targetType: "incubation",
    targetId: inc.id,
    after: { service: body.service, onDate: body.onDate },
  });
  return id;
}

export async function recordMilestone(c: Context<AppEnv>, incubationId: string, body: z.output<typeof milestoneSchema>): Promise<string> {
  const { inc } = await findManagedIncubation(c, incubationId);
  const data = c.var.data;
  const id = newId();
  await data.write([data.insertInto("incubation_milestones", { id, incubation_id: inc.id, milestone: body.milestone, on_date: body.onDate, note: body.note, recorded_by: c.var.user!.id })], {
    action: "incubation.milestone_recorded",
    targetType: "incubation",
    targetId: inc.id,
    after: { milestone: body.milestone, onDate: body.onDate },
  });
  return id;
}

/** What admission creates: the incubation record, with its period from the settings. */
export async function incubationForAdmission(data: DistrictData, application: Application, now: string) {
  const settings = data.district.settings;
  const call = await data.selectFrom("calls").select(["park_id"]).where("id", "=", application.call_id).executeTakeFirstOrThrow();
  const org = await data.selectFrom("organizations").select(["kind"]).where("id", "=", application.organization_id).executeTakeFirstOrThrow();
  const start = beijingDate(now);
  return data
    .insertInto("incubations", {
      id: newId(),
      application_id: application.id,
      park_id: call.park_id,
      organization_id: application.organization_id,
      space_id: null,
      virtual: 0,
      started_on: start,
      planned_end_on: addMonths(start, settings.incubationMonths),
      renewals_used: 0,
      registration_due_on: org.kind === "founding_team" ? addMonths(start, settings.foundingTeamRegistrationMonths) : null,
      status: "active",
      ended_on: null,
      handback_due_on: null,
      version: 1,
    })
    .onConflict((oc) => oc.doNothing());
}
