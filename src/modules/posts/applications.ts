import { notify } from "../../core/module-contract";
import { applicationAccepted, applicationDeclined } from "./notifications";
import type * as z from "zod/mini";
import type { DistrictData } from "../../data/district-data";
import { notFound } from "../../http/errors";
import { newId } from "../../lib/ids";
import type { PostView } from "./posts";
import { meetsQualification } from "./certification";
import { levels, placementRules } from "./placement";
import { conflict } from "./rules";
import type { PostsActor } from "./scope";
import type { applicationInput, decisionInput } from "./schemas";
import type { ApplicationStatus, Qualification } from "./tables";
import type { WorkerView } from "./workers";
import { assignmentRules } from "./embedding";

// Online applications to open posts and the host's decision on them.

export interface ApplicationView {
  id: string;
  postId: string;
  postTitle: string;
  hostName: string;
  workerId: string;
  workerName: string;
  workerQualification: Qualification;
  motivation: string;
  status: ApplicationStatus;
  decisionNote: string;
  decidedAt: string | null;
  createdAt: string;
}

function applicationsQuery(data: DistrictData) {
  return data
    .selectFrom("post_applications")
    .innerJoin("posts", (j) => j.onRef("posts.district_id", "=", "post_applications.district_id").onRef("posts.id", "=", "post_applications.post_id"))
    .innerJoin("post_hosts", (j) => j.onRef("post_hosts.district_id", "=", "posts.district_id").onRef("post_hosts.id", "=", "posts.host_id"))
    .innerJoin("social_workers", (j) => j.onRef("social_workers.district_id", "=", "post_applications.district_id").onRef("social_workers.id", "=", "post_applications.worker_id"))
    .select([
      "post_applications.id",
      "post_applications.post_id as postId",
      "posts.title as postTitle",
      "post_hosts.name as hostName",
      "post_applications.worker_id as workerId",
      "social_workers.name as workerName",
      "social_workers.qualification as workerQualification",
      "post_applications.motivation",
      "post_applications.status",
      "post_applications.decision_note as decisionNote",
      "post_applications.decided_at as decidedAt",
      "post_applications.created_at as createdAt",
    ]);
}

export async function applicationsOfPost(data: DistrictData, postId: string): Promise<ApplicationView[]> {
  return (await applicationsQuery(data).where("post_applications.post_id", "=", postId).orderBy("post_applications.created_at", "desc").execute()) as ApplicationView[];
}

export async function applicationsOfWorker(data: DistrictData, workerId: string): Promise<ApplicationView[]> {
  return (await applicationsQuery(data).where("post_applications.worker_id", "=", workerId).orderBy("post_applications.created_at", "desc").execute()) as ApplicationView[];
}

export async function applyToPost(data: DistrictData, post: PostView, worker: WorkerView, input: z.output<typeof applicationInput>, now: string): Promise<string> {
  const id = newId();
  await data.write(
    [
      data.insertInto("post_applications", {
        id,
        post_id: post.id,
        worker_id: worker.id,
        motivation: input.motivation,
        status: "submitted",
        decided_by: null,
        decided_at: null,
        decision_note: "",
        assignment_id: null,
        created_at: now,
        updated_at: now,
      }),
    ],
    { action: "application.submitted", targetType: "post", targetId: post.id, after: { application: id, worker: worker.id } },
    {
      rules: {
        "post_applications.post_not_open": () => conflict("posts.error.postNotOpen"),
        "unique:post_applications": () => conflict("posts.error.alreadyApplied", {}, { code: "already_applied" }),
      },
    },
  );
  return id;
}

/** The host's decision. Accepting places the worker in the post, within the headcount. */
export async function decideApplication(data: DistrictData, actor: PostsActor, post: PostView, applicationId: string, input: z.output<typeof decisionInput>, now: string): Promise<void> {
  const application = await data.selectFrom("post_applications").select(["id", "status", "worker_id"]).where("id", "=", applicationId).where("post_id", "=", post.id).executeTakeFirst();
  if (!application) throw notFound();
  if (application.status !== "submitted") throw conflict("posts.error.alreadyDecided");
  const accept = input.decision === "accept";
  const worker = await data.selectFrom("social_workers").select(["qualification", "user_id"]).where("id", "=", application.worker_id).executeTakeFirstOrThrow();
  // A host cannot make the exception to the required qualification; the district admin
  // can, by assigning the worker from the post's page with a reason.
  if (accept && !meetsQualification(worker.qualification, post.qualification)) {
    throw conflict("posts.error.underqualifiedApplication", levels(actor.locale, post.qualification, worker.qualification), { code: "underqualified" });
  }
  const limit = data.district.settings.maxConcurrentPosts;
  const assignmentId = accept ? newId() : null;
  await data.write(
    [
      data
        .updateTable("post_applications")
        .set({ status: accept ? "accepted" : "declined", decided_by: actor.id, decided_at: now, decision_note: input.note, assignment_id: assignmentId, updated_at: now })
        .where("id", "=", application.id),
      ...(accept
        ? [
            data.insertInto("post_assignments", {
              id: assignmentId!,
              post_id: post.id,
              worker_id: application.worker_id,
              starts_on: input.startsOn,
              ends_on: null,
              end_reason: null,
              rotated_from: null,
              application_id: application.id,
              created_by: actor.id,
              created_at: now,
              updated_at: now,
              max_concurrent: limit,
            }),
          ]
        : []),
      // A worker without an account hears of it from the host, as before.
      ...(worker.user_id ? [notify(data, accept ? applicationAccepted : applicationDeclined, { to: worker.user_id, params: { post: post.title, note: input.note ?? "" }, target: { type: "post_application", id: application.id } })] : []),
    ],
    { action: accept ? "application.accepted" : "application.declined", targetType: "post", targetId: post.id, after: { application: application.id, worker: application.worker_id, assignment: assignmentId } },
    { rules: { ...assignmentRules(post), ...placementRules(data, actor.locale, post, worker, null) } },
  );
}

export async function withdrawApplication(data: DistrictData, worker: WorkerView, applicationId: string, now: string): Promise<void> {
  const application = await data.selectFrom("post_applications").select(["id", "status", "post_id"]).where("id", "=", applicationId).where("worker_id", "=", worker.id).executeTakeFirst();
  if (!application) throw notFound();
  if (application.status !== "submitted") throw conflict("posts.error.alreadyDecided");
  await data.write(
    [data.updateTable("post_applications").set({ status: "withdrawn", updated_at: now }).where("id", "=", application.id)],
    {
      action: "application.withdrawn",
      targetType: "post",
      targetId: application.post_id,
      after: { application: application.id },
    },
    { rules: { "post_applications.already_decided": () => conflict("posts.error.alreadyDecided") } },
  );
}

/** Whether the worker's application to the post still awaits the host's decision. */
export async function hasPendingApplication(data: DistrictData, postId: string, workerId: string): Promise<boolean> {
  const row = await data.selectFrom("post_applications").select("id").where("post_id", "=", postId).where("worker_id", "=", workerId).where("status", "=", "submitted").executeTakeFirst();
  return row !== undefined;
}
