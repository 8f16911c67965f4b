import type * as z from "zod/mini";
import type { DistrictData } from "../../data/district-data";
import { notFound } from "../../http/errors";
import { newId } from "../../lib/ids";
import { beijingToday } from "../../lib/beijing-time";
import { type PostView, postVisible } from "./posts";
import { placement, placementRules } from "./placement";
import { conflict, fieldProblem } from "./rules";
import type { assessmentInput, assignmentInput, endAssignmentInput, rotationInput } from "./schemas";
import type { PostsActor } from "./scope";
import type { EndReason, HostType, Qualification } from "./tables";
import { getWorker, workerVisible } from "./workers";

// Embedding (嵌入): assignments of workers to posts and rotation; annual assessments of
// assignments; a worker's career path. Applications are in applications.ts.

export interface AssignmentView {
  id: string;
  postId: string;
  postTitle: string;
  postStatus: string;
  hostName: string;
  hostType: HostType;
  workerId: string;
  workerName: string;
  startsOn: string;
  endsOn: string | null;
  endReason: EndReason | null;
  rotatedFrom: string | null;
  workerQualification: Qualification;
  /** The district admin's reason for placing the worker below the post's level. */
  qualificationOverride: string | null;
}

export function isActive(a: { endsOn: string | null }, today = beijingToday()): boolean {
  return a.endsOn === null || a.endsOn > today;
}

export function assignmentsQuery(data: DistrictData) {
  return data
    .selectFrom("post_assignments")
    .innerJoin("posts", (j) => j.onRef("posts.district_id", "=", "post_assignments.district_id").onRef("posts.id", "=", "post_assignments.post_id"))
    .innerJoin("post_hosts", (j) => j.onRef("post_hosts.district_id", "=", "posts.district_id").onRef("post_hosts.id", "=", "posts.host_id"))
    .innerJoin("social_workers", (j) => j.onRef("social_workers.district_id", "=", "post_assignments.district_id").onRef("social_workers.id", "=", "post_assignments.worker_id"))
    .select([
      "post_assignments.id",
      "post_assignments.post_id as postId",
      "posts.title as postTitle",
      "posts.status as postStatus",
      "post_hosts.name as hostName",
      "post_hosts.host_type as hostType",
      "post_assignments.worker_id as workerId",
      "social_workers.name as workerName",
      "post_assignments.starts_on as startsOn",
      "post_assignments.ends_on as endsOn",
      "post_assignments.end_reason as endReason",
      "post_assignments.rotated_from as rotatedFrom",
      "social_workers.qualification as workerQualification",
      "post_assignments.qualification_override as qualificationOverride",
    ]);
}

/** An assignment whose worker or post the staff member sees, or 404. */
export async function getAssignment(data: DistrictData, v: PostsActor, assignmentId: string): Promise<AssignmentView> {
  const row = await assignmentsQuery(data)
    .where("post_assignments.id", "=", assignmentId)
    .where((eb) => eb.or([workerVisible(v)(eb as never), postVisible(v)(eb as never)]))
    .executeTakeFirst();
  if (!row) throw notFound();
  return row as AssignmentView;
}

export const assignmentRules = (post: { headcount: number }) => ({
  "post_assignments.headcount_full": () => conflict("posts.error.headcountFull", { headcount: post.headcount }, { code: "headcount_full" }),
  "post_assignments.post_not_open": () => conflict("posts.error.postNotOpen", {}, { code: "post_not_open" }),
  "post_assignments.already_assigned": () => conflict("posts.error.alreadyAssigned", {}, { code: "already_assigned" }),
  "post_assignments.ended": () => conflict("posts.error.assignmentEnded"),
  "post_applications.already_decided": () => conflict("posts.error.alreadyDecided"),
  "unique:post_assignments": () => conflict("error.conflict"),
});

/**
 * Places a worker in a post. Whether a place is free, the worker qualified and under the
 * district's limit of concurrent posts is decided by the database within the insert
 * itself (triggers post_assignments_capacity, _qualification and _concurrent), so
 * concurrent assignments can never break them.
 */
export async function assignWorker(data: DistrictData, actor: PostsActor, post: PostView, input: z.output<typeof assignmentInput>, now: string): Promise<string> {
  const worker = await getWorker(data, actor, input.workerId).catch(() => {
    throw fieldProblem(actor.locale, 422, "workerId", "field.invalid_choice");
  });
  const placed = placement(data, actor, post, worker, input.overrideReason);
  const id = newId();
  await data.write(
    [
      data.insertInto("post_assignments", {
        id,
        post_id: post.id,
        worker_id: worker.id,
        starts_on: input.startsOn,
        ends_on: input.endsOn || null,
        end_reason: null,
        rotated_from: null,
        application_id: null,
        created_by: actor.id,
        created_at: now,
        updated_at: now,
        ...placed.columns,
      }),
    ],
    {
      action: placed.override ? "assignment.created_below_qualification" : "assignment.created",
      targetType: "post",
      targetId: post.id,
      after: { assignment: id, worker: worker.id, startsOn: input.startsOn, endsOn: input.endsOn || null, ...(placed.override ? { qualificationOverride: placed.override } : {}) },
      ...(placed.override ? { note: placed.override.reason } : {}),
    },
    { rules: { ...assignmentRules(post), ...placementRules(data, actor.locale, post, worker) } },
  );
  return id;
}

export async function endAssignment(data: DistrictData, actor: PostsActor, a: AssignmentView, input: z.output<typeof endAssignmentInput>, now: string): Promise<void> {
  if (!isActive(a, beijingToday(Date.parse(now)))) throw conflict("posts.error.assignmentEnded");
  if (input.endsOn < a.startsOn) throw fieldProblem(actor.locale, 422, "endsOn", "posts.error.endBeforeStart", { date: a.startsOn });
  await data.write(
    [data.updateTable("post_assignments").set({ ends_on: input.endsOn, end_reason: input.reason, updated_at: now }).where("id", "=", a.id)],
    {
      action: "assignment.ended",
      targetType: "post",
      targetId: a.postId,
      after: { assignment: a.id, worker: a.workerId, endsOn: input.endsOn, reason: input.reason },
    },
    { rules: assignmentRules({ headcount: 0 }) },
  );
}

/** 轮岗: the current assignment ends on the rotation date and a new one starts that day. */
export async function rotateAssignment(data: DistrictData, actor: PostsActor, a: AssignmentView, target: PostView, input: z.output<typeof rotationInput>, now: string): Promise<string> {
  const l = actor.locale;
  if (!isActive(a, beijingToday(Date.parse(now)))) throw conflict("posts.error.assignmentEnded");
  if (target.id === a.postId) throw fieldProblem(l, 422, "postId", "posts.error.rotationSamePost");
  if (input.startsOn < a.startsOn) throw fieldProblem(l, 422, "startsOn", "posts.error.startBeforeAssignment", { date: a.startsOn });
  const worker = { qualification: a.workerQualification };
  const placed = placement(data, actor, target, worker, input.overrideReason, "postId");
  const id = newId();
  await data.write(
    [
      // The old post ends first, so that it does not count against the limit of
      // concurrent posts when the new one is inserted.
      data.updateTable("post_assignments").set({ ends_on: input.startsOn, end_reason: "rotation", updated_at: now }).where("id", "=", a.id),
      data.insertInto("post_assignments", {
        id,
        post_id: target.id,
        worker_id: a.workerId,
        starts_on: input.startsOn,
        ends_on: input.endsOn || null,
        end_reason: null,
        rotated_from: a.id,
        application_id: null,
        created_by: actor.id,
        created_at: now,
        updated_at: now,
        ...placed.columns,
      }),
    ],
    {
      action: placed.override ? "assignment.rotated_below_qualification" : "assignment.rotated",
      targetType: "social_worker",
      targetId: a.workerId,
      before: { assignment: a.id, post: a.postId },
      after: { assignment: id, post: target.id, startsOn: input.startsOn, ...(placed.override ? { qualificationOverride: placed.override } : {}) },
      ...(placed.override ? { note: placed.override.reason } : {}),
    },
    { rules: { ...assignmentRules(target), ...placementRules(data, l, target, worker, "postId") } },
  );
  return id;
}

// ----- Assessments and the career path ----------------------------------------------

export async function addAssessment(data: DistrictData, actor: PostsActor, a: AssignmentView, input: z.output<typeof assessmentInput>, now: string): Promise<void> {
  const first = Number(a.startsOn.slice(0, 4));
  const last = Number((a.endsOn ?? beijingToday(Date.parse(now))).slice(0, 4));
  if (input.year < first || input.year > last) throw fieldProblem(actor.locale, 422, "year", "posts.error.yearOutside");
  const id = newId();
  await data.write(
    [
      data.insertInto("worker_assessments", {
        id,
        assignment_id: a.id,
        year: input.year,
        score: input.score,
        grade: input.grade,
        assessor_name: input.assessorName,
        assessor_id: actor.id,
        comments: input.comments,
        created_at: now,
      }),
    ],
    { action: "assessment.recorded", targetType: "social_worker", targetId: a.workerId, after: { assignment: a.id, year: input.year, score: input.score, grade: input.grade } },
    { rules: { "unique:worker_assessments": () => fieldProblem(actor.locale, 409, "year", "posts.error.assessmentExists", { year: input.year }) } },
  );
}
