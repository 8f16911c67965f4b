import type { ExpressionBuilder } from "kysely";
import type { DistrictData } from "../../data/district-data";
import type { DistrictDB } from "../../data/schema";
import type { Env } from "../../env";
import { notFound } from "../../http/errors";
import { newId } from "../../lib/ids";
import { lookupHash, mask, protect, reveal } from "../../lib/personal-data";
import { beijingToday } from "../../lib/beijing-time";
import { loadAreas } from "./areas";
import { conflict, fieldProblem } from "./rules";
import type { WorkerEditInput, WorkerInput, rewardInput, trainingInput } from "./schemas";
import { areaCondition, areaInScope, type PostsActor, type Viewer } from "./scope";
import type { Qualification } from "./tables";
import type * as z from "zod/mini";

// Social workers: profiles with protected ID numbers and phones, kept by staff in
// their scope or by the worker through their own account; training and rewards.

export interface WorkerView {
  id: string;
  name: string;
  areaCode: string | null;
  qualification: Qualification;
  certificateNo: string | null;
  idNumberMasked: string;
  phoneMasked: string;
  userId: string | null;
  userEmail: string | null;
  version: number;
  currentPost: string | null;
}

type WorkersEB = ExpressionBuilder<DistrictDB, "social_workers">;

/**
 * Staff see the workers based in their areas and those now working in a post there
 * (a community sees who works in it, wherever they are registered).
 */
export function workerVisible(v: Viewer) {
  const today = beijingToday();
  return (eb: WorkersEB) =>
    eb.or([
      areaCondition("social_workers.area_code", v),
      eb.exists(
        eb
          .selectFrom("post_assignments as a")
          .innerJoin("posts as p", (j) => j.onRef("p.district_id", "=", "a.district_id").onRef("p.id", "=", "a.post_id"))
          .select("a.id")
          .whereRef("a.district_id", "=", "social_workers.district_id")
          .whereRef("a.worker_id", "=", "social_workers.id")
          .where((e) => e.or([e("a.ends_on", "is", null), e("a.ends_on", ">", today)]))
          .where(areaCondition("p.area_code", v)),
      ),
    ]);
}

export function workersQuery(data: DistrictData) {
  const today = beijingToday();
  return data
    .selectFrom("social_workers")
    .leftJoin("users", (j) => j.onRef("users.district_id", "=", "social_workers.district_id").onRef("users.id", "=", "social_workers.user_id"))
    .select((eb) => [
      "social_workers.id",
      "social_workers.name",
      "social_workers.area_code as areaCode",
      "social_workers.qualification",
      "social_workers.certificate_no as certificateNo",
      "social_workers.id_number_masked as idNumberMasked",
      "social_workers.phone_masked as phoneMasked",
      "social_workers.user_id as userId",
      "users.email as userEmail",
      "social_workers.version",
      eb
        .selectFrom("post_assignments as a")
        .innerJoin("posts as p", (j) => j.onRef("p.district_id", "=", "a.district_id").onRef("p.id", "=", "a.post_id"))
        .select("p.title")
        .whereRef("a.district_id", "=", "social_workers.district_id")
        .whereRef("a.worker_id", "=", "social_workers.id")
        .where((e) => e.or([e("a.ends_on", "is", null), e("a.ends_on", ">", today)]))
        .orderBy("a.starts_on", "desc")
        .limit(1)
        .as("currentPost"),
    ]);
}

/** A worker the staff member may see, or 404. */
export async function getWorker(data: DistrictData, actor: PostsActor, workerId: string): Promise<WorkerView> {
  const row = await workersQuery(data).where("social_workers.id", "=", workerId).where(workerVisible(actor)).executeTakeFirst();
  if (!row) throw notFound();
  return row as WorkerView;
}

/** The profile the signed-in social worker keeps, if any. */
export async function getOwnWorker(data: DistrictData, actor: PostsActor): Promise<WorkerView | null> {
  const row = await workersQuery(data).where("social_workers.user_id", "=", actor.id).executeTakeFirst();
  return (row as WorkerView | undefined) ?? null;
}

const workerUniques = (actor: PostsActor) => ({
  "unique:social_workers.certificate_no": () => fieldProblem(actor.locale, 409, "certificateNo", "posts.error.certificateTaken"),
  "unique:social_workers.id_number_hash": () => fieldProblem(actor.locale, 409, "idNumber", "posts.error.idNumberTaken"),
  "unique:social_workers.user_id": () => conflict("posts.error.profileExists"),
});

async function checkWorkerArea(data: DistrictData, actor: PostsActor, area: string | null, self: boolean) {
  if (area && !(await loadAreas(data)).has(area)) throw fieldProblem(actor.locale, 422, "areaCode", "posts.error.areaUnknown");
  if (!self && !areaInScope(actor, area)) throw fieldProblem(actor.locale, 422, "areaCode", "posts.error.areaNotAllowed");
}

async function protectedColumns(env: Env, kind: "id_number" | "phone", value: string) {
  const key = env.PERSONAL_DATA_KEY;
  return { stored: await protect(value, key), hash: await lookupHash(kind, value, key), masked: mask(kind, value) };
}

/** A new profile, kept by staff (`self` false) or by the signed-in worker for themselves. */
export async function createWorker(data: DistrictData, env: Env, actor: PostsActor, input: WorkerInput, self: boolean, now: string): Promise<string> {
  const area = input.areaCode || null;
  await checkWorkerArea(data, actor, area, self);
  const id = newId();
  const idNumber = await protectedColumns(env, "id_number", input.idNumber);
  const phone = await protectedColumns(env, "phone", input.phone);
  const certificate = input.certificateNo || null;
  await data.write(
    [
      data.insertInto("social_workers", {
        id,
        name: input.name,
        area_code: area,
        qualification: input.qualification,
        certificate_no: certificate,
        id_number_protected: idNumber.stored,
        id_number_hash: idNumber.hash,
        id_number_masked: idNumber.masked,
        phone_protected: phone.stored,
        phone_hash: phone.hash,
        phone_masked: phone.masked,
        user_id: self ? actor.id : null,
        version: 1,
        created_at: now,
        updated_at: now,
      }),
      ...(input.qualification !== "none" ? [qualificationInsert(data, actor, id, input, now)] : []),
    ],
    // Never the ID number or phone, not even masked: the audit log is read more widely.
    { action: "worker.created", targetType: "social_worker", targetId: id, after: { name: input.name, area, qualification: input.qualification, self } },
    { rules: workerUniques(actor) },
  );
  return id;
}

function qualificationInsert(data: DistrictData, actor: PostsActor, workerId: string, input: Pick<WorkerInput, "qualification" | "certificateNo" | "qualifiedOn">, now: string) {
  return data.insertInto("worker_qualifications", {
    id: newId(),
    worker_id: workerId,
    qualification: input.qualification,
    certificate_no: input.certificateNo || null,
    recorded_on: input.qualifiedOn || beijingToday(Date.parse(now)),
    recorded_by: actor.id,
    created_at: now,
  });
}

export async function updateWorker(data: DistrictData, env: Env, actor: PostsActor, worker: WorkerView, input: WorkerEditInput, self: boolean, now: string): Promise<void> {
  if (input.version !== worker.version) throw conflict("error.conflict", {}, { currentVersion: worker.version });
  const area = input.areaCode || null;
  await checkWorkerArea(data, actor, area, self);
  const certificate = input.certificateNo || null;
  const changed: string[] = [];
  const set: Record<string, unknown> = { name: input.name, area_code: area, qualification: input.qualification, certificate_no: certificate, version: worker.version + 1, updated_at: now };
  if (input.name !== worker.name) changed.push("name");
  if (area !== worker.areaCode) changed.push("area");
  const qualificationChanged = input.qualification !== worker.qualification || certificate !== worker.certificateNo;
  if (qualificationChanged) changed.push("qualification");
  if (input.idNumber) {
    const p = await protectedColumns(env, "id_number", input.idNumber);
    Object.assign(set, { id_number_protected: p.stored, id_number_hash: p.hash, id_number_masked: p.masked });
    changed.push("id_number");
  }
  if (input.phone) {
    const p = await protectedColumns(env, "phone", input.phone);
    Object.assign(set, { phone_protected: p.stored, phone_hash: p.hash, phone_masked: p.masked });
    changed.push("phone");
  }
  await data.write(
    [data.updateTable("social_workers").set(set).where("id", "=", worker.id), ...(qualificationChanged && input.qualification !== "none" ? [qualificationInsert(data, actor, worker.id, input, now)] : [])],
    { action: "worker.updated", targetType: "social_worker", targetId: worker.id, after: { changed, self } },
    { rules: workerUniques(actor) },
  );
}

/** The full ID number or phone, for someone allowed to see it; the look is audited first. */
export async function revealField(data: DistrictData, env: Env, worker: WorkerView, field: "id_number" | "phone"): Promise<string> {
  const row = await data.selectFrom("social_workers").select(["id_number_protected", "phone_protected"]).where("id", "=", worker.id).executeTakeFirstOrThrow();
  const value = await reveal(field === "id_number" ? row.id_number_protected : row.phone_protected, env.PERSONAL_DATA_KEY);
  await data.write([], { action: `worker.${field}_revealed`, targetType: "social_worker", targetId: worker.id, after: { field } });
  return value;
}

export async function linkAccount(data: DistrictData, actor: PostsActor, worker: WorkerView, email: string, now: string): Promise<void> {
  const account = await data
    .selectFrom("users")
    .innerJoin("role_grants", (j) => j.onRef("role_grants.district_id", "=", "users.district_id").onRef("role_grants.user_id", "=", "users.id"))
    .select("users.id")
    .where("users.email", "=", email)
    .where("role_grants.role", "=", "social_worker")
    .executeTakeFirst();
  if (!account) throw fieldProblem(actor.locale, 422, "email", "posts.error.accountNotFound");
  await data.write(
    [
      data
        .updateTable("social_workers")
        .set({ user_id: account.id, version: worker.version + 1, updated_at: now })
        .where("id", "=", worker.id),
    ],
    {
      action: "worker.account_linked",
      targetType: "social_worker",
      targetId: worker.id,
      after: { user: account.id },
    },
    { rules: { "unique:social_workers.user_id": () => fieldProblem(actor.locale, 409, "email", "posts.error.accountTaken") } },
  );
}

export async function addTraining(data: DistrictData, actor: PostsActor, worker: WorkerView, input: z.output<typeof trainingInput>, now: string): Promise<void> {
  const id = newId();
  await data.write(
    [
      data.insertInto("worker_trainings", {
        id,
        worker_id: worker.id,
        form: input.form,
        title: input.title,
        hours: input.hours,
        provider: input.provider,
        held_on: input.heldOn,
        created_by: actor.id,
        created_at: now,
      }),
    ],
    { action: "worker.training_added", targetType: "social_worker", targetId: worker.id, after: { training: id, form: input.form, hours: input.hours, heldOn: input.heldOn } },
  );
}

export async function addReward(data: DistrictData, actor: PostsActor, worker: WorkerView, input: z.output<typeof rewardInput>, now: string): Promise<void> {
  const id = newId();
  await data.write(
    [
      data.insertInto("worker_rewards", {
        id,
        worker_id: worker.id,
        kind: input.kind,
        title: input.title,
        awarded_on: input.awardedOn,
        awarding_body: input.awardingBody,
        amount_yuan: input.amountYuan,
        created_by: actor.id,
        created_at: now,
      }),
    ],
    { action: "worker.reward_added", targetType: "social_worker", targetId: worker.id, after: { reward: id, kind: input.kind, title: input.title } },
  );
}
