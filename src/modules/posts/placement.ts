import type { DistrictData } from "../../data/district-data";
import type { AppError } from "../../http/errors";
import { type Locale, t } from "../../i18n/messages";
import { meetsQualification } from "./certification";
import { conflict, fieldProblem } from "./rules";
import type { PostsActor } from "./scope";
import type { Qualification } from "./tables";

// What every placement of a worker in a post (assignment, rotation, accepted application)
// must respect besides the headcount: the post's required qualification, which only the
// district admin may set aside with a reason, and the district's limit of concurrent
// posts (setting maxConcurrentPosts). Both are decided again inside the write by the
// triggers of migrations/district/0013_post_rules.sql.

/** Columns of the new post_assignments row that carry the rules into the write. */
export interface PlacementColumns {
  qualification_override: string | null;
  override_by: string | null;
  max_concurrent: number;
}

export interface Placement {
  columns: PlacementColumns;
  /** For the audit event: the exception made, if any. */
  override: { required: Qualification; held: Qualification; reason: string } | null;
}

const MIN_REASON = 5;

/** The post's required level and the worker's, in the reader's language. */
export function levels(l: Locale, required: Qualification, held: Qualification) {
  return { required: t(l, `posts.qualification.${required}`), held: t(l, `posts.qualification.${held}`) };
}

/**
 * The placement's columns, or the error beside the form field: a worker below the post's
 * level is refused unless a district admin gives a reason. A reason given when none is
 * needed is not recorded (there is no exception to record).
 */
export function placement(data: DistrictData, actor: PostsActor, post: { qualification: Qualification; status: string }, worker: { qualification: Qualification }, reason: string, field = "workerId"): Placement {
  const l = actor.locale;
  const limit = data.district.settings.maxConcurrentPosts;
  // A post that is not open is refused by the write itself, with that reason.
  if (post.status !== "open" || meetsQualification(worker.qualification, post.qualification)) return { columns: { qualification_override: null, override_by: null, max_concurrent: limit }, override: null };
  const admin = actor.mayOverride;
  const text = reason.trim();
  if (text === "") throw fieldProblem(l, 422, field, admin ? "posts.error.underqualifiedAdmin" : "posts.error.underqualified", levels(l, post.qualification, worker.qualification));
  if (!admin) throw fieldProblem(l, 422, "overrideReason", "posts.error.overrideAdminOnly");
  if ([...text].length < MIN_REASON) throw fieldProblem(l, 422, "overrideReason", "posts.error.overrideReasonShort");
  return {
    columns: { qualification_override: text, override_by: actor.id, max_concurrent: limit },
    override: { required: post.qualification, held: worker.qualification, reason: text },
  };
}

/**
 * The answers to the triggers' refusals when the state changed between reading and
 * writing (the worker's level lowered, another placement made meanwhile).
 */
export function placementRules(data: DistrictData, l: Locale, post: { qualification: Qualification }, worker: { qualification: Qualification }, field: string | null = "workerId"): Record<string, () => AppError> {
  const problem = (key: "posts.error.underqualified" | "posts.error.postLimit", params: Record<string, string | number>) => (field ? fieldProblem(l, 409, field, key, params) : conflict(key, params));
  return {
    "post_assignments.underqualified": () => problem("posts.error.underqualified", levels(l, post.qualification, worker.qualification)),
    "post_assignments.post_limit": () => problem("posts.error.postLimit", { limit: data.district.settings.maxConcurrentPosts }),
  };
}
