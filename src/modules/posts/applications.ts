import { notify } from "../../core/module-contract";
import { applicationAccepted, applicationDeclined } from "./notifications";
import type * as z from "zod/mini";
import type { DistrictData } from "../../data/district-data";
import { notFound } from "../../http/errors";
import { newId } from "../../lib/ids";
import { beijingDate } from "../../lib/beijing-time";
import type { PostView } from "./posts";
import { meetsQualification } from "./certification";
import { levels, placementRules } from "./placement";
import { conflict } from "./rules";
import type { PostsActor } from "./scope";
import type { applicationInput, decisionInput } from "./schemas";
import type { WorkerView } from "./workers";
import { assignmentRules } from "./embedding";

// Online applications to open posts and the host's decision on them.

export async function applyToPost(data: DistrictData, post: PostView, worker: WorkerView, input: z.output<typeof applicationInput>, now: string): Promise<string> {
  // The closing date is the last day applications are taken, in Beijing.
  if (post.closesOn && post.closesOn < beijingDate(now)) throw conflict("posts.terms.closed", {}, { code: "applications_closed" });
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
