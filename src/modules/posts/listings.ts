import type { DistrictData } from "../../data/district-data";
import { sameDistrict } from "../../data/joins";
import { beijingToday } from "../../lib/beijing-time";
import { areaCondition, type PostsActor, type Viewer } from "./scope";
import { changedFields, type FieldChange } from "./diff";
import { assignmentsQuery, type AssignmentView } from "./embedding";
import { type PostView, postsQuery, postVisible, type Snapshot, type SnapshotField, SNAPSHOT_FIELDS, toPostView } from "./posts";
import { type CertificateStatus, certificateStatus, registrationsOf } from "./registrations";
import type { ApplicationStatus, AssessmentGrade, EmbeddingMode, EndReason, HostType, PostKind, PostStatus, Qualification, RewardKind, TrainingForm } from "./tables";
import { type WorkerView, workersQuery, workerVisible } from "./workers";

// The lists the module's pages and API show as they are: posts, their revisions and
// hosts, workers, assignments, assessments and applications, and a worker's record.
// What changes them is in posts.ts, workers.ts, hosts.ts, embedding.ts, applications.ts.

// ----- Posts ----------------------------------------------------------------------

export async function listPosts(data: DistrictData, actor: PostsActor, filter: { status?: PostStatus }): Promise<PostView[]> {
  let q = postsQuery(data).where(postVisible(actor));
  if (filter.status) q = q.where("posts.status", "=", filter.status);
  const rows = await q.orderBy("posts.updated_at", "desc").limit(500).execute();
  return rows.map(toPostView);
}

export async function listOpenPosts(data: DistrictData, filter: { kind?: PostKind; mode?: EmbeddingMode }): Promise<PostView[]> {
  let q = postsQuery(data).where("posts.status", "=", "open");
  if (filter.kind) q = q.where("posts.kind", "=", filter.kind);
  if (filter.mode) q = q.where("posts.mode", "=", filter.mode);
  return (await q.orderBy("posts.updated_at", "desc").limit(500).execute()).map(toPostView);
}

export interface RevisionView {
  revision: number;
  editorName: string;
  editedAt: string;
  snapshot: Snapshot;
  changes: FieldChange<SnapshotField>[];
}

export async function postRevisions(data: DistrictData, postId: string): Promise<RevisionView[]> {
  const rows = await data.selectFrom("post_revisions").select(["revision", "editor_name", "edited_at", "snapshot_json"]).where("post_id", "=", postId).orderBy("revision").execute();
  let previous: Snapshot | null = null;
  const out: RevisionView[] = [];
  for (const r of rows) {
    const snapshot = JSON.parse(r.snapshot_json) as Snapshot;
    out.push({ revision: r.revision, editorName: r.editor_name, editedAt: r.edited_at, snapshot, changes: changedFields(SNAPSHOT_FIELDS, previous, snapshot) });
    previous = snapshot;
  }
  return out;
}

// ----- Workers and hosts -----------------------------------------------------------

export async function listWorkers(data: DistrictData, actor: PostsActor, filter: { q?: string }): Promise<WorkerView[]> {
  let q = workersQuery(data).where(workerVisible(actor));
  const term = filter.q?.trim();
  if (term) {
    // instr() rather than LIKE: no wildcards to escape and no pattern-length limit.
    q = q.where((eb) => eb.or([eb(eb.fn("instr", ["social_workers.name", eb.val(term)]), ">", 0), eb("social_workers.certificate_no", "=", term.toUpperCase())]));
  }
  return (await q.orderBy("social_workers.name").limit(500).execute()) as WorkerView[];
}

export interface HostListRow {
  id: string;
  name: string;
  type: HostType;
  areaCode: string | null;
  posts: number;
}

export async function listHosts(data: DistrictData, v: Viewer): Promise<HostListRow[]> {
  const rows = await data
    .selectFrom("post_hosts")
    .select((eb) => [
      "post_hosts.id",
      "post_hosts.name",
      "post_hosts.host_type as type",
      "post_hosts.area_code as areaCode",
      eb
        .selectFrom("posts")
        .select((e) => e.fn.countAll<number>().as("n"))
        .whereRef("posts.district_id", "=", "post_hosts.district_id")
        .whereRef("posts.host_id", "=", "post_hosts.id")
        .as("posts"),
    ])
    .where(areaCondition("post_hosts.area_code", v))
    .orderBy("post_hosts.host_type")
    .orderBy("post_hosts.area_code")
    .orderBy("post_hosts.name")
    .execute();
  return rows.map((r) => ({ ...r, posts: Number(r.posts ?? 0) })) as HostListRow[];
}

// ----- Assignments, assessments and a worker's record -------------------------------

export async function assignmentsOfPost(data: DistrictData, postId: string): Promise<AssignmentView[]> {
  return (await assignmentsQuery(data).where("post_assignments.post_id", "=", postId).orderBy("post_assignments.starts_on", "desc").execute()) as AssignmentView[];
}

export async function assignmentsOfWorker(data: DistrictData, workerId: string): Promise<AssignmentView[]> {
  return (await assignmentsQuery(data).where("post_assignments.worker_id", "=", workerId).orderBy("post_assignments.starts_on", "desc").execute()) as AssignmentView[];
}

export interface AssessmentView {
  id: string;
  assignmentId: string;
  year: number;
  score: number;
  grade: AssessmentGrade;
  assessorName: string;
  comments: string;
}

export async function assessmentsOf(data: DistrictData, filter: { assignmentId?: string; workerId?: string }): Promise<(AssessmentView & { postTitle: string })[]> {
  let q = data
    .selectFrom("worker_assessments")
    .innerJoin("post_assignments", sameDistrict("post_assignments", "worker_assessments.assignment_id"))
    .innerJoin("posts", sameDistrict("posts", "post_assignments.post_id"))
    .select([
      "worker_assessments.id",
      "worker_assessments.assignment_id as assignmentId",
      "worker_assessments.year",
      "worker_assessments.score",
      "worker_assessments.grade",
      "worker_assessments.assessor_name as assessorName",
      "worker_assessments.comments",
      "posts.title as postTitle",
    ]);
  if (filter.assignmentId) q = q.where("worker_assessments.assignment_id", "=", filter.assignmentId);
  if (filter.workerId) q = q.where("post_assignments.worker_id", "=", filter.workerId);
  return (await q.orderBy("worker_assessments.year", "desc").execute()) as (AssessmentView & { postTitle: string })[];
}

export interface TrainingView {
  id: string;
  form: TrainingForm;
  title: string;
  hours: number;
  provider: string;
  heldOn: string;
}

export interface RewardView {
  id: string;
  kind: RewardKind;
  title: string;
  awardedOn: string;
  awardingBody: string;
  amountYuan: number | null;
}

export type CareerEvent =
  | { date: string; type: "qualification"; level: Qualification; certificate: string | null }
  | { date: string; type: "start"; rotation: boolean; post: string; host: string }
  | { date: string; type: "end"; post: string; reason: EndReason | null }
  | { date: string; type: "assessment"; year: number; grade: AssessmentGrade; score: number }
  | { date: string; type: "reward"; kind: RewardKind; title: string; body: string };

export interface WorkerRecord {
  /** Certificate registration and continuing education (registrations.ts). */
  certificate: CertificateStatus;
  trainings: TrainingView[];
  assignments: AssignmentView[];
  assessments: (AssessmentView & { postTitle: string })[];
  rewards: RewardView[];
  career: CareerEvent[];
}

/** Everything kept about a worker's development, with the career path in date order. */
export async function workerRecord(data: DistrictData, workerId: string): Promise<WorkerRecord> {
  const [trainingRows, rewardRows, qualificationRows] = await data.read<Record<string, unknown>>([
    data.selectFrom("worker_trainings").select(["id", "form", "title", "hours", "provider", "held_on as heldOn"]).where("worker_id", "=", workerId).orderBy("held_on", "desc"),
    data.selectFrom("worker_rewards").select(["id", "kind", "title", "awarded_on as awardedOn", "awarding_body as awardingBody", "amount_yuan as amountYuan"]).where("worker_id", "=", workerId).orderBy("awarded_on", "desc"),
    data.selectFrom("worker_qualifications").select(["qualification", "certificate_no", "recorded_on"]).where("worker_id", "=", workerId).orderBy("recorded_on"),
  ]);
  const [assignments, assessments, registrations, worker] = await Promise.all([
    assignmentsOfWorker(data, workerId),
    assessmentsOf(data, { workerId }),
    registrationsOf(data, workerId),
    data.selectFrom("social_workers").select("qualification").where("id", "=", workerId).executeTakeFirstOrThrow(),
  ]);
  const trainings = (trainingRows ?? []) as unknown as TrainingView[];
  const rewards = (rewardRows ?? []) as unknown as RewardView[];
  const today = beijingToday();
  const career: CareerEvent[] = [];
  for (const q of qualificationRows ?? []) {
    career.push({ date: String(q.recorded_on), type: "qualification", level: q.qualification as Qualification, certificate: (q.certificate_no as string | null) ?? null });
  }
  for (const a of assignments) {
    career.push({ date: a.startsOn, type: "start", rotation: a.rotatedFrom !== null, post: a.postTitle, host: a.hostName });
    // A rotation's end is told by the start of the next post.
    if (a.endsOn && a.endsOn <= today && a.endReason !== "rotation") career.push({ date: a.endsOn, type: "end", post: a.postTitle, reason: a.endReason });
  }
  for (const s of assessments) career.push({ date: `${s.year}-12-31`, type: "assessment", year: s.year, grade: s.grade, score: s.score });
  for (const r of rewards) career.push({ date: r.awardedOn, type: "reward", kind: r.kind, title: r.title, body: r.awardingBody });
  career.sort((x, y) => x.date.localeCompare(y.date));
  return { certificate: certificateStatus(worker, registrations, trainings, today), trainings, assignments, assessments, rewards, career };
}

// ----- Applications ----------------------------------------------------------------

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
    .innerJoin("posts", sameDistrict("posts", "post_applications.post_id"))
    .innerJoin("post_hosts", sameDistrict("post_hosts", "posts.host_id"))
    .innerJoin("social_workers", sameDistrict("social_workers", "post_applications.worker_id"))
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

/** Whether the worker's application to the post still awaits the host's decision. */
export async function hasPendingApplication(data: DistrictData, postId: string, workerId: string): Promise<boolean> {
  const row = await data.selectFrom("post_applications").select("id").where("post_id", "=", postId).where("worker_id", "=", workerId).where("status", "=", "submitted").executeTakeFirst();
  return row !== undefined;
}
