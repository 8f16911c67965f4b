import { pageInfo } from "../../ui/layout";
import type { Context, Hono } from "hono";
import { PERMISSIONS, type Permission } from "../../auth/permissions";
import type { AppEnv } from "../../env";
import { AppError, notFound } from "../../http/errors";
import { routes } from "../../http/routes";
import { readForm, readQuery } from "../../http/validation";
import { t } from "../../i18n/messages";
import { CSV_CONTENT_TYPE } from "../../lib/csv";
import { areaOptions, loadAreas } from "./areas";
import { registerPostsApi } from "./api";
import { addAssessment, assessmentsOf, assignmentsOfPost, assignWorker, endAssignment, getAssignment, rotateAssignment, workerRecord } from "./embedding";
import { districtFigures, figuresCsv } from "./figures";
import { FiguresPage } from "./figures-views";
import { createPost, getOpenPost, getPost, hostChoices, listOpenPosts, listPosts, postRevisions, revisePost, transitionPost, type PostView } from "./posts";
import {
  applicationInput,
  assessmentInput,
  assignmentInput,
  decisionInput,
  endAssignmentInput,
  hostInput,
  linkAccountInput,
  openPostsPageQuery,
  postEditInput,
  postInput,
  postsPageQuery,
  registrationInput,
  revealInput,
  rewardInput,
  rotationInput,
  trainingInput,
  transitionInput,
  workerEditInput,
  workerInput,
  workersPageQuery,
} from "./schemas";
import { isStaff, viewerOf } from "./scope";
import { attempt, type FormState } from "./view-parts";
import { PostFormPage, PostPage, PostsListPage } from "./views";
import { AssignmentPage, MyWorkerPage, WorkerFormPage, WorkerPage, WorkersListPage } from "./worker-views";
import { addReward, addTraining, createWorker, getOwnWorker, getWorker, linkAccount, listWorkers, revealField, updateWorker, type WorkerView } from "./workers";
import { applicationsOfWorker, applyToPost, decideApplication, withdrawApplication, applicationsOfPost } from "./applications";
import { createHost, listHosts, organizationsInScope } from "./hosts";
import { HistoryPage } from "./history-views";
import { recordRegistration } from "./registrations";
import { HostsPage } from "./host-views";
import { OpenPostPage, OpenPostsPage, type ApplyState } from "./open-post-views";

// Pages of the social-work post module. The JSON API is in api.ts; both call the same
// service functions (posts.ts, workers.ts, embedding.ts, figures.ts).

export function may(c: Context<AppEnv>, permission: Permission): boolean {
  const roles: readonly string[] = PERMISSIONS[permission];
  return !!c.var.user?.grants.some((g) => roles.includes(g.role));
}

const param = (c: Context<AppEnv>, name: string) => c.req.param(name) ?? "";

async function postPage(c: Context<AppEnv>, post: PostView, state?: FormState, status: 200 | 409 | 422 = 200) {
  const data = c.var.data;
  const staff = isStaff(viewerOf(c.var.user!)) && may(c, "workers.manage");
  const [areas, assignments, applications, workers] = await Promise.all([loadAreas(data), assignmentsOfPost(data, post.id), applicationsOfPost(data, post.id), staff ? listWorkers(c, {}) : Promise.resolve(null)]);
  return c.html(<PostPage page={pageInfo(c)} saved={c.req.query("saved")} post={post} areas={areas} assignments={assignments} applications={applications} workers={workers} canOverride={may(c, "district.manage")} state={state} />, status);
}

async function postFormPage(c: Context<AppEnv>, props: { post?: PostView; state?: FormState; notice?: string }, status: 200 | 409 | 422 = 200) {
  const [hosts, areas] = await Promise.all([hostChoices(c), loadAreas(c.var.data)]);
  const v = viewerOf(c.var.user!);
  // Organization users may place their posts anywhere in the district (within their host's area).
  const opts = areaOptions(areas, v, c.var.locale, { anyArea: !isStaff(v) });
  return c.html(<PostFormPage page={pageInfo(c)} hosts={hosts} areaOptions={opts} {...props} />, status);
}

async function workerPage(c: Context<AppEnv>, worker: WorkerView, extra: { state?: FormState; revealed?: { field: "id_number" | "phone"; value: string } } = {}, status: 200 | 409 | 422 = 200) {
  const [areas, record] = await Promise.all([loadAreas(c.var.data), workerRecord(c.var.data, worker.id)]);
  return c.html(<WorkerPage page={pageInfo(c)} saved={c.req.query("saved")} worker={worker} areas={areas} record={record} canReveal={may(c, "workers.reveal")} {...extra} />, status);
}

async function workerFormPage(c: Context<AppEnv>, props: { worker?: WorkerView; state?: FormState; self: boolean }, status: 200 | 409 | 422 = 200) {
  const l = c.var.locale;
  const areas = await loadAreas(c.var.data);
  const opts = areaOptions(areas, viewerOf(c.var.user!), l, { anyArea: props.self });
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
  const assignment = await getAssignment(c, assignmentId);
  const [assessments, openPosts] = await Promise.all([assessmentsOf(c.var.data, { assignmentId }), listPosts(c, { status: "open" })]);
  return c.html(<AssignmentPage page={pageInfo(c)} saved={c.req.query("saved")} assignment={assignment} assessments={assessments} openPosts={openPosts} canOverride={may(c, "district.manage")} state={state} />, status);
}

async function myPage(c: Context<AppEnv>, worker: WorkerView, state?: FormState, status: 200 | 409 | 422 = 200) {
  const [areas, record, applications] = await Promise.all([loadAreas(c.var.data), workerRecord(c.var.data, worker.id), applicationsOfWorker(c.var.data, worker.id)]);
  return c.html(<MyWorkerPage page={pageInfo(c)} saved={c.req.query("saved")} worker={worker} areas={areas} record={record} applications={applications} state={state} />, status);
}

async function applyStateFor(c: Context<AppEnv>, post: PostView): Promise<ApplyState> {
  const user = c.var.user;
  if (!user) return "anonymous";
  if (!may(c, "workers.self")) return "other_role";
  const worker = await getOwnWorker(c);
  if (!worker) return "no_profile";
  const pending = await c.var.data.selectFrom("post_applications").select("id").where("post_id", "=", post.id).where("worker_id", "=", worker.id).where("status", "=", "submitted").executeTakeFirst();
  return pending ? "pending" : "can_apply";
}

export function registerPostsRoutes(app: Hono<AppEnv>): void {
  const r = routes(app, "district");

  // ----- Posts (static paths before /posts/:postId) -----
  r.get("/posts", "posts.manage", async (c) => {
    const query = readQuery(c, postsPageQuery);
    const [posts, areas] = await Promise.all([listPosts(c, query), loadAreas(c.var.data)]);
    return c.html(<PostsListPage page={pageInfo(c)} posts={posts} areas={areas} status={query.status} canHosts={may(c, "posts.hosts")} canFigures={may(c, "posts.figures")} />);
  });

  r.get("/posts/new", "posts.manage", (c) => postFormPage(c, {}));

  r.post("/posts", "posts.manage", async (c) => {
    const form = await readForm(c, postInput);
    if (!form.ok) return postFormPage(c, { state: { form: "post", values: form.values, errors: form.errors } }, 422);
    const result = await attempt(c.var.locale, "post", form.values, () => createPost(c, form.data));
    if (!result.ok) return postFormPage(c, { state: result.state }, result.status);
    return c.redirect(`${c.var.base}/posts/${result.value}?saved=created`, 303);
  });

  r.get("/posts/hosts", "posts.hosts", async (c) => hostsPage(c));
  r.post("/posts/hosts", "posts.hosts", async (c) => {
    const form = await readForm(c, hostInput);
    if (!form.ok) return hostsPage(c, { form: "host", values: form.values, errors: form.errors }, 422);
    const result = await attempt(c.var.locale, "host", form.values, () => createHost(c, form.data));
    if (!result.ok) return hostsPage(c, result.state, result.status);
    return c.redirect(`${c.var.base}/posts/hosts?saved=host`, 303);
  });

  r.get("/posts/figures", "posts.figures", async (c) => c.html(<FiguresPage page={pageInfo(c)} figures={await districtFigures(c.var.data, c.var.locale)} />));

  r.get("/posts/figures.csv", "posts.figures", async (c) => {
    const csv = figuresCsv(await districtFigures(c.var.data, c.var.locale), c.var.locale);
    return c.body(csv, 200, {
      "content-type": CSV_CONTENT_TYPE,
      "content-disposition": `attachment; filename="posts-figures-${c.var.district.code}.csv"`,
      "cache-control": "no-store",
    });
  });

  r.get("/posts/:postId", "posts.manage", async (c) => postPage(c, await getPost(c, param(c, "postId"))));

  r.get("/posts/:postId/edit", "posts.manage", async (c) => postFormPage(c, { post: await getPost(c, param(c, "postId")) }));

  r.post("/posts/:postId/edit", "posts.manage", async (c) => {
    const post = await getPost(c, param(c, "postId"));
    const form = await readForm(c, postEditInput);
    if (!form.ok) return postFormPage(c, { post, state: { form: "post", values: form.values, errors: form.errors } }, 422);
    const result = await attempt(c.var.locale, "post", form.values, () => revisePost(c, post, form.data));
    if (!result.ok) {
      // A lost race: show the form again on the current version so nothing typed is lost.
      const fresh = await getPost(c, post.id);
      return postFormPage(c, { post: fresh, state: { ...result.state, values: { ...result.state.values, version: String(fresh.version) } } }, result.status);
    }
    if (!result.value) return postFormPage(c, { post, notice: t(c.var.locale, "posts.edit.noChange") });
    return c.redirect(`${c.var.base}/posts/${post.id}?saved=revised`, 303);
  });

  r.post("/posts/:postId/status", "posts.manage", async (c) => {
    const post = await getPost(c, param(c, "postId"));
    const form = await readForm(c, transitionInput);
    if (!form.ok) return postPage(c, post, { form: "status", values: form.values, errors: form.errors }, 422);
    const result = await attempt(c.var.locale, "status", form.values, () => transitionPost(c, post, form.data.to, form.data.version));
    if (!result.ok) return postPage(c, await getPost(c, post.id), result.state, result.status);
    return c.redirect(`${c.var.base}/posts/${post.id}?saved=status`, 303);
  });

  r.get("/posts/:postId/history", "posts.manage", async (c) => {
    const post = await getPost(c, param(c, "postId"));
    const [revisions, areas] = await Promise.all([postRevisions(c.var.data, post.id), loadAreas(c.var.data)]);
    return c.html(<HistoryPage page={pageInfo(c)} post={post} revisions={revisions} areas={areas} />);
  });

  r.post("/posts/:postId/assignments", "workers.manage", async (c) => {
    const post = await getPost(c, param(c, "postId"));
    const form = await readForm(c, assignmentInput);
    if (!form.ok) return postPage(c, post, { form: "assign", values: form.values, errors: form.errors }, 422);
    const result = await attempt(c.var.locale, "assign", form.values, () => assignWorker(c, post, form.data));
    if (!result.ok) return postPage(c, await getPost(c, post.id), result.state, result.status);
    return c.redirect(`${c.var.base}/posts/${post.id}?saved=assigned`, 303);
  });

  r.post("/posts/:postId/applications/:applicationId/decision", "posts.manage", async (c) => {
    const post = await getPost(c, param(c, "postId"));
    const applicationId = param(c, "applicationId");
    const formName = `decide-${applicationId}`;
    const form = await readForm(c, decisionInput);
    if (!form.ok) return postPage(c, post, { form: formName, values: form.values, errors: form.errors }, 422);
    const result = await attempt(c.var.locale, formName, form.values, () => decideApplication(c, post, applicationId, form.data));
    if (!result.ok) return postPage(c, await getPost(c, post.id), result.state, result.status);
    return c.redirect(`${c.var.base}/posts/${post.id}?saved=decided`, 303);
  });

  // ----- Open posts, for everyone -----
  r.get("/open-posts", "public", async (c) => {
    const filter = readQuery(c, openPostsPageQuery);
    const [posts, areas] = await Promise.all([listOpenPosts(c.var.data, filter), loadAreas(c.var.data)]);
    return c.html(<OpenPostsPage page={pageInfo(c)} posts={posts} areas={areas} filter={filter} />);
  });

  r.get("/open-posts/:postId", "public", async (c) => {
    const post = await getOpenPost(c.var.data, param(c, "postId"));
    const [areas, apply] = await Promise.all([loadAreas(c.var.data), applyStateFor(c, post)]);
    return c.html(<OpenPostPage page={pageInfo(c)} post={post} areas={areas} apply={apply} applied={c.req.query("applied") === "1"} />);
  });

  r.post("/open-posts/:postId/apply", "workers.self", async (c) => {
    const post = await getOpenPost(c.var.data, param(c, "postId"));
    const areas = await loadAreas(c.var.data);
    const worker = await getOwnWorker(c);
    if (!worker) return c.html(<OpenPostPage page={pageInfo(c)} post={post} areas={areas} apply="no_profile" />, 409);
    const form = await readForm(c, applicationInput);
    if (!form.ok) return c.html(<OpenPostPage page={pageInfo(c)} post={post} areas={areas} apply="can_apply" state={{ form: "apply", values: form.values, errors: form.errors }} />, 422);
    const result = await attempt(c.var.locale, "apply", form.values, () => applyToPost(c, post, worker, form.data));
    if (!result.ok) return c.html(<OpenPostPage page={pageInfo(c)} post={post} areas={areas} apply="can_apply" state={result.state} />, result.status);
    return c.redirect(`${c.var.base}/open-posts/${post.id}?applied=1`, 303);
  });

  // ----- Social workers -----
  r.get("/workers", "workers.read", async (c) => {
    const query = readQuery(c, workersPageQuery);
    const [workers, areas] = await Promise.all([listWorkers(c, query), loadAreas(c.var.data)]);
    return c.html(<WorkersListPage page={pageInfo(c)} workers={workers} areas={areas} q={query.q ?? ""} canCreate={may(c, "workers.manage")} />);
  });

  r.get("/workers/new", "workers.manage", (c) => workerFormPage(c, { self: false }));

  r.post("/workers", "workers.manage", async (c) => {
    const form = await readForm(c, workerInput);
    if (!form.ok) return workerFormPage(c, { self: false, state: { form: "worker", values: form.values, errors: form.errors } }, 422);
    const result = await attempt(c.var.locale, "worker", form.values, () => createWorker(c, form.data, { self: false }));
    if (!result.ok) return workerFormPage(c, { self: false, state: result.state }, result.status);
    return c.redirect(`${c.var.base}/workers/${result.value}?saved=created`, 303);
  });

  r.get("/workers/:workerId", "workers.read", async (c) => workerPage(c, await getWorker(c, param(c, "workerId"))));

  r.get("/workers/:workerId/edit", "workers.manage", async (c) => workerFormPage(c, { self: false, worker: await getWorker(c, param(c, "workerId")) }));

  r.post("/workers/:workerId/edit", "workers.manage", async (c) => {
    const worker = await getWorker(c, param(c, "workerId"));
    const form = await readForm(c, workerEditInput);
    if (!form.ok) return workerFormPage(c, { self: false, worker, state: { form: "worker", values: form.values, errors: form.errors } }, 422);
    const result = await attempt(c.var.locale, "worker", form.values, () => updateWorker(c, worker, form.data, { self: false }));
    if (!result.ok) return workerFormPage(c, { self: false, worker, state: result.state }, result.status);
    return c.redirect(`${c.var.base}/workers/${worker.id}?saved=updated`, 303);
  });

  r.post("/workers/:workerId/reveal", "workers.reveal", async (c) => {
    const worker = await getWorker(c, param(c, "workerId"));
    const form = await readForm(c, revealInput);
    if (!form.ok) throw new AppError({ status: 422, code: "validation", message: "error.validation", fields: form.errors });
    const value = await revealField(c, worker, form.data.field);
    // A full number must not linger in any cache.
    c.header("cache-control", "no-store");
    return workerPage(c, worker, { revealed: { field: form.data.field, value } });
  });

  r.post("/workers/:workerId/account", "workers.manage", async (c) => {
    const worker = await getWorker(c, param(c, "workerId"));
    const form = await readForm(c, linkAccountInput);
    if (!form.ok) return workerPage(c, worker, { state: { form: "link", values: form.values, errors: form.errors } }, 422);
    const result = await attempt(c.var.locale, "link", form.values, () => linkAccount(c, worker, form.data.email));
    if (!result.ok) return workerPage(c, worker, { state: result.state }, result.status);
    return c.redirect(`${c.var.base}/workers/${worker.id}?saved=linked`, 303);
  });

  r.post("/workers/:workerId/trainings", "workers.manage", async (c) => {
    const worker = await getWorker(c, param(c, "workerId"));
    const form = await readForm(c, trainingInput);
    if (!form.ok) return workerPage(c, worker, { state: { form: "training", values: form.values, errors: form.errors } }, 422);
    await addTraining(c, worker, form.data);
    return c.redirect(`${c.var.base}/workers/${worker.id}?saved=training`, 303);
  });

  r.post("/workers/:workerId/registrations", "workers.manage", async (c) => {
    const worker = await getWorker(c, param(c, "workerId"));
    const form = await readForm(c, registrationInput);
    if (!form.ok) return workerPage(c, worker, { state: { form: "registration", values: form.values, errors: form.errors } }, 422);
    const result = await attempt(c.var.locale, "registration", form.values, () => recordRegistration(c, worker, form.data));
    if (!result.ok) return workerPage(c, worker, { state: result.state }, result.status);
    return c.redirect(`${c.var.base}/workers/${worker.id}?saved=registration`, 303);
  });

  r.post("/workers/:workerId/rewards", "workers.manage", async (c) => {
    const worker = await getWorker(c, param(c, "workerId"));
    const form = await readForm(c, rewardInput);
    if (!form.ok) return workerPage(c, worker, { state: { form: "reward", values: form.values, errors: form.errors } }, 422);
    await addReward(c, worker, form.data);
    return c.redirect(`${c.var.base}/workers/${worker.id}?saved=reward`, 303);
  });

  // ----- Assignments -----
  r.get("/assignments/:assignmentId", "workers.read", async (c) => assignmentPage(c, param(c, "assignmentId")));

  r.post("/assignments/:assignmentId/end", "workers.manage", async (c) => {
    const a = await getAssignment(c, param(c, "assignmentId"));
    const form = await readForm(c, endAssignmentInput);
    if (!form.ok) return assignmentPage(c, a.id, { form: "end", values: form.values, errors: form.errors }, 422);
    const result = await attempt(c.var.locale, "end", form.values, () => endAssignment(c, a, form.data));
    if (!result.ok) return assignmentPage(c, a.id, result.state, result.status);
    return c.redirect(`${c.var.base}/assignments/${a.id}?saved=ended`, 303);
  });

  r.post("/assignments/:assignmentId/rotation", "workers.manage", async (c) => {
    const a = await getAssignment(c, param(c, "assignmentId"));
    const form = await readForm(c, rotationInput);
    if (!form.ok) return assignmentPage(c, a.id, { form: "rotate", values: form.values, errors: form.errors }, 422);
    const result = await attempt(c.var.locale, "rotate", form.values, async () => {
      const target = await getPost(c, form.data.postId).catch(() => {
        throw new AppError({ status: 422, code: "validation", message: "error.validation", fields: [{ field: "postId", code: "invalid_choice", message: t(c.var.locale, "field.invalid_choice") }] });
      });
      return rotateAssignment(c, a, target, form.data);
    });
    if (!result.ok) return assignmentPage(c, a.id, result.state, result.status);
    return c.redirect(`${c.var.base}/assignments/${result.value}?saved=rotated`, 303);
  });

  r.post("/assignments/:assignmentId/assessments", "workers.manage", async (c) => {
    const a = await getAssignment(c, param(c, "assignmentId"));
    const form = await readForm(c, assessmentInput);
    if (!form.ok) return assignmentPage(c, a.id, { form: "assess", values: form.values, errors: form.errors }, 422);
    const result = await attempt(c.var.locale, "assess", form.values, () => addAssessment(c, a, form.data));
    if (!result.ok) return assignmentPage(c, a.id, result.state, result.status);
    return c.redirect(`${c.var.base}/assignments/${a.id}?saved=assessed`, 303);
  });

  // ----- A social worker's own profile -----
  r.get("/me/worker", "workers.self", async (c) => {
    const worker = await getOwnWorker(c);
    return worker ? myPage(c, worker) : workerFormPage(c, { self: true });
  });

  r.post("/me/worker", "workers.self", async (c) => {
    if (await getOwnWorker(c)) throw new AppError({ status: 409, code: "conflict", message: "posts.error.profileExists" });
    const form = await readForm(c, workerInput);
    if (!form.ok) return workerFormPage(c, { self: true, state: { form: "worker", values: form.values, errors: form.errors } }, 422);
    const result = await attempt(c.var.locale, "worker", form.values, () => createWorker(c, form.data, { self: true }));
    if (!result.ok) return workerFormPage(c, { self: true, state: result.state }, result.status);
    return c.redirect(`${c.var.base}/me/worker?saved=created`, 303);
  });

  r.get("/me/worker/edit", "workers.self", async (c) => {
    const worker = await getOwnWorker(c);
    if (!worker) return c.redirect(`${c.var.base}/me/worker`, 303);
    return workerFormPage(c, { self: true, worker });
  });

  r.post("/me/worker/edit", "workers.self", async (c) => {
    const worker = await getOwnWorker(c);
    if (!worker) throw notFound();
    const form = await readForm(c, workerEditInput);
    if (!form.ok) return workerFormPage(c, { self: true, worker, state: { form: "worker", values: form.values, errors: form.errors } }, 422);
    const result = await attempt(c.var.locale, "worker", form.values, () => updateWorker(c, worker, form.data, { self: true }));
    if (!result.ok) return workerFormPage(c, { self: true, worker, state: result.state }, result.status);
    return c.redirect(`${c.var.base}/me/worker?saved=updated`, 303);
  });

  r.post("/me/worker/trainings", "workers.self", async (c) => {
    const worker = await getOwnWorker(c);
    if (!worker) throw notFound();
    const form = await readForm(c, trainingInput);
    if (!form.ok) return myPage(c, worker, { form: "training", values: form.values, errors: form.errors }, 422);
    await addTraining(c, worker, form.data);
    return c.redirect(`${c.var.base}/me/worker?saved=training`, 303);
  });

  r.post("/me/worker/applications/:applicationId/withdraw", "workers.self", async (c) => {
    const worker = await getOwnWorker(c);
    if (!worker) throw notFound();
    const result = await attempt(c.var.locale, "withdraw", {}, () => withdrawApplication(c, worker, param(c, "applicationId")));
    if (!result.ok) return myPage(c, worker, result.state, result.status);
    return c.redirect(`${c.var.base}/me/worker?saved=withdrawn`, 303);
  });

  registerPostsApi(app);
}

async function hostsPage(c: Context<AppEnv>, state?: FormState, status: 200 | 409 | 422 = 200) {
  const [hosts, areas, organizations] = await Promise.all([listHosts(c), loadAreas(c.var.data), organizationsInScope(c)]);
  const opts = areaOptions(areas, viewerOf(c.var.user!), c.var.locale);
  return c.html(<HostsPage page={pageInfo(c)} saved={c.req.query("saved")} hosts={hosts} areas={areas} areaOptions={opts} organizations={organizations} state={state} />, status);
}
