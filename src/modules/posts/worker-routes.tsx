import type { Context, Hono } from "hono";
import type { AppEnv } from "../../env";
import { AppError, notFound, validationFailed } from "../../http/errors";
import { routes } from "../../http/routes";
import { readForm, readQuery } from "../../http/validation";
import { t } from "../../i18n/messages";
import { nowIso } from "../../lib/time";
import { pageInfo } from "../../ui/layout";
import { withdrawApplication } from "./applications";
import { areaOptions, loadAreas } from "./areas";
import { addAssessment, endAssignment, getAssignment, rotateAssignment } from "./embedding";
import { getPost } from "./posts";
import { recordRegistration } from "./registrations";
import { may, me, param } from "./request";
import { assessmentInput, endAssignmentInput, linkAccountInput, registrationInput, revealInput, rewardInput, rotationInput, trainingInput, workerEditInput, workerInput, workersPageQuery } from "./schemas";
import { attempt, type FormState } from "./view-parts";
import { AssignmentPage, MyWorkerPage, WorkerFormPage, WorkerPage, WorkersListPage } from "./worker-views";
import { addReward, addTraining, createWorker, getOwnWorker, getWorker, linkAccount, revealField, updateWorker, type WorkerView } from "./workers";
import { applicationsOfWorker, assessmentsOf, workerRecord, listPosts, listWorkers } from "./listings";

// Pages about social workers: the registry kept by staff, assignments and their
// assessments, and a worker's own profile. Post pages are in routes.tsx.

async function workerPage(c: Context<AppEnv>, worker: WorkerView, extra: { state?: FormState; revealed?: { field: "id_number" | "phone"; value: string } } = {}, status: 200 | 409 | 422 = 200) {
  const [areas, record] = await Promise.all([loadAreas(c.var.data), workerRecord(c.var.data, worker.id)]);
  return c.html(<WorkerPage page={pageInfo(c)} saved={c.req.query("saved")} worker={worker} areas={areas} record={record} canReveal={may(c, "workers.reveal")} {...extra} />, status);
}

async function workerFormPage(c: Context<AppEnv>, props: { worker?: WorkerView; state?: FormState; self: boolean }, status: 200 | 409 | 422 = 200) {
  const l = c.var.locale;
  const areas = await loadAreas(c.var.data);
  const opts = areaOptions(areas, me(c), l, { anyArea: props.self });
  const base = c.var.base;
  const title = props.self ? (props.worker ? t(l, "posts.worker.edit") : t(l, "posts.me.create")) : props.worker ? t(l, "posts.worker.editTitle", { name: props.worker.name }) : t(l, "posts.workers.new");
  const action = props.self ? (props.worker ? `${base}/me/worker/edit` : `${base}/me/worker`) : props.worker ? `${base}/workers/${props.worker.id}/edit` : `${base}/workers`;
  const submit = props.worker ? t(l, "posts.worker.editSubmit") : props.self ? t(l, "posts.me.createSubmit") : t(l, "posts.worker.newSubmit");
  return c.html(
    <WorkerFormPage page={pageInfo(c)} title={title} intro={props.self && !props.worker ? t(l, "posts.me.createIntro") : undefined} action={action} submit={submit} areaOptions={opts} worker={props.worker} state={props.state} />,
    status,
  );
}

async function assignmentPage(c: Context<AppEnv>, assignmentId: string, state?: FormState, status: 200 | 409 | 422 = 200) {
  const assignment = await getAssignment(c.var.data, me(c), assignmentId);
  const [assessments, openPosts] = await Promise.all([assessmentsOf(c.var.data, { assignmentId }), listPosts(c.var.data, me(c), { status: "open" })]);
  return c.html(<AssignmentPage page={pageInfo(c)} saved={c.req.query("saved")} assignment={assignment} assessments={assessments} openPosts={openPosts} canOverride={me(c).mayOverride} state={state} />, status);
}

async function myPage(c: Context<AppEnv>, worker: WorkerView, state?: FormState, status: 200 | 409 | 422 = 200) {
  const [areas, record, applications] = await Promise.all([loadAreas(c.var.data), workerRecord(c.var.data, worker.id), applicationsOfWorker(c.var.data, worker.id)]);
  return c.html(<MyWorkerPage page={pageInfo(c)} saved={c.req.query("saved")} worker={worker} areas={areas} record={record} applications={applications} state={state} />, status);
}

export function registerWorkerRoutes(app: Hono<AppEnv>): void {
  const r = routes(app, "district");

  // ----- Social workers -----
  r.get("/workers", "workers.read", async (c) => {
    const query = readQuery(c, workersPageQuery);
    const [workers, areas] = await Promise.all([listWorkers(c.var.data, me(c), query), loadAreas(c.var.data)]);
    return c.html(<WorkersListPage page={pageInfo(c)} workers={workers} areas={areas} q={query.q ?? ""} canCreate={may(c, "workers.manage")} />);
  });

  r.get("/workers/new", "workers.manage", (c) => workerFormPage(c, { self: false }));

  r.post("/workers", "workers.manage", async (c) => {
    const form = await readForm(c, workerInput);
    if (!form.ok) return workerFormPage(c, { self: false, state: { form: "worker", values: form.values, errors: form.errors } }, 422);
    const result = await attempt(c.var.locale, "worker", form.values, () => createWorker(c.var.data, c.env, me(c), form.data, false, nowIso()));
    if (!result.ok) return workerFormPage(c, { self: false, state: result.state }, result.status);
    return c.redirect(`${c.var.base}/workers/${result.value}?saved=created`, 303);
  });

  r.get("/workers/:workerId", "workers.read", async (c) => workerPage(c, await getWorker(c.var.data, me(c), param(c, "workerId"))));

  r.get("/workers/:workerId/edit", "workers.manage", async (c) => workerFormPage(c, { self: false, worker: await getWorker(c.var.data, me(c), param(c, "workerId")) }));

  r.post("/workers/:workerId/edit", "workers.manage", async (c) => {
    const worker = await getWorker(c.var.data, me(c), param(c, "workerId"));
    const form = await readForm(c, workerEditInput);
    if (!form.ok) return workerFormPage(c, { self: false, worker, state: { form: "worker", values: form.values, errors: form.errors } }, 422);
    const result = await attempt(c.var.locale, "worker", form.values, () => updateWorker(c.var.data, c.env, me(c), worker, form.data, false, nowIso()));
    if (!result.ok) return workerFormPage(c, { self: false, worker, state: result.state }, result.status);
    return c.redirect(`${c.var.base}/workers/${worker.id}?saved=updated`, 303);
  });

  r.post("/workers/:workerId/reveal", "workers.reveal", async (c) => {
    const worker = await getWorker(c.var.data, me(c), param(c, "workerId"));
    const form = await readForm(c, revealInput);
    if (!form.ok) throw validationFailed(form.errors);
    const value = await revealField(c.var.data, c.env, worker, form.data.field);
    // A full number must not linger in any cache.
    c.header("cache-control", "no-store");
    return workerPage(c, worker, { revealed: { field: form.data.field, value } });
  });

  r.post("/workers/:workerId/account", "workers.manage", async (c) => {
    const worker = await getWorker(c.var.data, me(c), param(c, "workerId"));
    const form = await readForm(c, linkAccountInput);
    if (!form.ok) return workerPage(c, worker, { state: { form: "link", values: form.values, errors: form.errors } }, 422);
    const result = await attempt(c.var.locale, "link", form.values, () => linkAccount(c.var.data, me(c), worker, form.data.email, nowIso()));
    if (!result.ok) return workerPage(c, worker, { state: result.state }, result.status);
    return c.redirect(`${c.var.base}/workers/${worker.id}?saved=linked`, 303);
  });

  r.post("/workers/:workerId/trainings", "workers.manage", async (c) => {
    const worker = await getWorker(c.var.data, me(c), param(c, "workerId"));
    const form = await readForm(c, trainingInput);
    if (!form.ok) return workerPage(c, worker, { state: { form: "training", values: form.values, errors: form.errors } }, 422);
    await addTraining(c.var.data, me(c), worker, form.data, nowIso());
    return c.redirect(`${c.var.base}/workers/${worker.id}?saved=training`, 303);
  });

  r.post("/workers/:workerId/registrations", "workers.manage", async (c) => {
    const worker = await getWorker(c.var.data, me(c), param(c, "workerId"));
    const form = await readForm(c, registrationInput);
    if (!form.ok) return workerPage(c, worker, { state: { form: "registration", values: form.values, errors: form.errors } }, 422);
    const result = await attempt(c.var.locale, "registration", form.values, () => recordRegistration(c.var.data, me(c), worker, form.data, nowIso()));
    if (!result.ok) return workerPage(c, worker, { state: result.state }, result.status);
    return c.redirect(`${c.var.base}/workers/${worker.id}?saved=registration`, 303);
  });

  r.post("/workers/:workerId/rewards", "workers.manage", async (c) => {
    const worker = await getWorker(c.var.data, me(c), param(c, "workerId"));
    const form = await readForm(c, rewardInput);
    if (!form.ok) return workerPage(c, worker, { state: { form: "reward", values: form.values, errors: form.errors } }, 422);
    await addReward(c.var.data, me(c), worker, form.data, nowIso());
    return c.redirect(`${c.var.base}/workers/${worker.id}?saved=reward`, 303);
  });

  // ----- Assignments -----
  r.get("/assignments/:assignmentId", "workers.read", async (c) => assignmentPage(c, param(c, "assignmentId")));

  r.post("/assignments/:assignmentId/end", "workers.manage", async (c) => {
    const a = await getAssignment(c.var.data, me(c), param(c, "assignmentId"));
    const form = await readForm(c, endAssignmentInput);
    if (!form.ok) return assignmentPage(c, a.id, { form: "end", values: form.values, errors: form.errors }, 422);
    const result = await attempt(c.var.locale, "end", form.values, () => endAssignment(c.var.data, me(c), a, form.data, nowIso()));
    if (!result.ok) return assignmentPage(c, a.id, result.state, result.status);
    return c.redirect(`${c.var.base}/assignments/${a.id}?saved=ended`, 303);
  });

  r.post("/assignments/:assignmentId/rotation", "workers.manage", async (c) => {
    const a = await getAssignment(c.var.data, me(c), param(c, "assignmentId"));
    const form = await readForm(c, rotationInput);
    if (!form.ok) return assignmentPage(c, a.id, { form: "rotate", values: form.values, errors: form.errors }, 422);
    const result = await attempt(c.var.locale, "rotate", form.values, async () => {
      const target = await getPost(c.var.data, me(c), form.data.postId).catch(() => {
        throw new AppError({ status: 422, code: "validation", message: "error.validation", fields: [{ field: "postId", code: "invalid_choice", message: t(c.var.locale, "field.invalid_choice") }] });
      });
      return rotateAssignment(c.var.data, me(c), a, target, form.data, nowIso());
    });
    if (!result.ok) return assignmentPage(c, a.id, result.state, result.status);
    return c.redirect(`${c.var.base}/assignments/${result.value}?saved=rotated`, 303);
  });

  r.post("/assignments/:assignmentId/assessments", "workers.manage", async (c) => {
    const a = await getAssignment(c.var.data, me(c), param(c, "assignmentId"));
    const form = await readForm(c, assessmentInput);
    if (!form.ok) return assignmentPage(c, a.id, { form: "assess", values: form.values, errors: form.errors }, 422);
    const result = await attempt(c.var.locale, "assess", form.values, () => addAssessment(c.var.data, me(c), a, form.data, nowIso()));
    if (!result.ok) return assignmentPage(c, a.id, result.state, result.status);
    return c.redirect(`${c.var.base}/assignments/${a.id}?saved=assessed`, 303);
  });

  // ----- A social worker's own profile -----
  r.get("/me/worker", "workers.self", async (c) => {
    const worker = await getOwnWorker(c.var.data, me(c));
    return worker ? myPage(c, worker) : workerFormPage(c, { self: true });
  });

  r.post("/me/worker", "workers.self", async (c) => {
    if (await getOwnWorker(c.var.data, me(c))) throw new AppError({ status: 409, code: "conflict", message: "posts.error.profileExists" });
    const form = await readForm(c, workerInput);
    if (!form.ok) return workerFormPage(c, { self: true, state: { form: "worker", values: form.values, errors: form.errors } }, 422);
    const result = await attempt(c.var.locale, "worker", form.values, () => createWorker(c.var.data, c.env, me(c), form.data, true, nowIso()));
    if (!result.ok) return workerFormPage(c, { self: true, state: result.state }, result.status);
    return c.redirect(`${c.var.base}/me/worker?saved=created`, 303);
  });

  r.get("/me/worker/edit", "workers.self", async (c) => {
    const worker = await getOwnWorker(c.var.data, me(c));
    if (!worker) return c.redirect(`${c.var.base}/me/worker`, 303);
    return workerFormPage(c, { self: true, worker });
  });

  r.post("/me/worker/edit", "workers.self", async (c) => {
    const worker = await getOwnWorker(c.var.data, me(c));
    if (!worker) throw notFound();
    const form = await readForm(c, workerEditInput);
    if (!form.ok) return workerFormPage(c, { self: true, worker, state: { form: "worker", values: form.values, errors: form.errors } }, 422);
    const result = await attempt(c.var.locale, "worker", form.values, () => updateWorker(c.var.data, c.env, me(c), worker, form.data, true, nowIso()));
    if (!result.ok) return workerFormPage(c, { self: true, worker, state: result.state }, result.status);
    return c.redirect(`${c.var.base}/me/worker?saved=updated`, 303);
  });

  r.post("/me/worker/trainings", "workers.self", async (c) => {
    const worker = await getOwnWorker(c.var.data, me(c));
    if (!worker) throw notFound();
    const form = await readForm(c, trainingInput);
    if (!form.ok) return myPage(c, worker, { form: "training", values: form.values, errors: form.errors }, 422);
    await addTraining(c.var.data, me(c), worker, form.data, nowIso());
    return c.redirect(`${c.var.base}/me/worker?saved=training`, 303);
  });

  r.post("/me/worker/applications/:applicationId/withdraw", "workers.self", async (c) => {
    const worker = await getOwnWorker(c.var.data, me(c));
    if (!worker) throw notFound();
    const result = await attempt(c.var.locale, "withdraw", {}, () => withdrawApplication(c.var.data, worker, param(c, "applicationId"), nowIso()));
    if (!result.ok) return myPage(c, worker, result.state, result.status);
    return c.redirect(`${c.var.base}/me/worker?saved=withdrawn`, 303);
  });
}
