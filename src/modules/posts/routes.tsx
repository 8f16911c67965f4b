import type { Context, Hono } from "hono";
import type { AppEnv } from "../../env";
import { routes } from "../../http/routes";
import { readForm, readQuery } from "../../http/validation";
import { t } from "../../i18n/messages";
import { CSV_CONTENT_TYPE } from "../../lib/csv";
import { nowIso } from "../../lib/time";
import { pageInfo } from "../../ui/layout";
import { registerPostsApi } from "./api";
import { applyToPost, decideApplication } from "./applications";
import { areaOptions, loadAreas } from "./areas";
import { assignWorker } from "./embedding";
import { districtFigures, figuresCsv } from "./figures";
import { FiguresPage } from "./figures-views";
import { HistoryPage } from "./history-views";
import { HostsPage } from "./host-views";
import { createHost, organizationsInScope } from "./hosts";
import { OpenPostPage, OpenPostsPage, type ApplyState } from "./open-post-views";
import { createPost, getOpenPost, getPost, hostChoices, revisePost, transitionPost, type PostView } from "./posts";
import { may, me, param } from "./request";
import { applicationInput, assignmentInput, decisionInput, hostInput, openPostsPageQuery, postEditInput, postInput, postsPageQuery, transitionInput } from "./schemas";
import { isStaff } from "./scope";
import { attempt, type FormState } from "./view-parts";
import { PostFormPage, PostPage, PostsListPage } from "./views";
import { registerWorkerRoutes } from "./worker-routes";
import { getOwnWorker } from "./workers";
import { applicationsOfPost, hasPendingApplication, assignmentsOfPost, listHosts, listOpenPosts, listPosts, postRevisions, listWorkers } from "./listings";

// Pages of the social-work post module: posts, their hosts and figures, and the open
// posts everyone sees. Worker pages are in worker-routes.tsx, the JSON API in api.ts;
// all of them call the same domain functions with the actor of the request.

async function postPage(c: Context<AppEnv>, post: PostView, state?: FormState, status: 200 | 409 | 422 = 200) {
  const data = c.var.data;
  const staff = isStaff(me(c)) && may(c, "workers.manage");
  const [areas, assignments, applications, workers] = await Promise.all([loadAreas(data), assignmentsOfPost(data, post.id), applicationsOfPost(data, post.id), staff ? listWorkers(c.var.data, me(c), {}) : Promise.resolve(null)]);
  return c.html(<PostPage page={pageInfo(c)} saved={c.req.query("saved")} post={post} areas={areas} assignments={assignments} applications={applications} workers={workers} canOverride={me(c).mayOverride} state={state} />, status);
}

async function postFormPage(c: Context<AppEnv>, props: { post?: PostView; state?: FormState; notice?: string }, status: 200 | 409 | 422 = 200) {
  const [hosts, areas] = await Promise.all([hostChoices(c.var.data, me(c)), loadAreas(c.var.data)]);
  const v = me(c);
  // Organization users may place their posts anywhere in the district (within their host's area).
  const opts = areaOptions(areas, v, c.var.locale, { anyArea: !isStaff(v) });
  return c.html(<PostFormPage page={pageInfo(c)} hosts={hosts} areaOptions={opts} {...props} />, status);
}

async function applyStateFor(c: Context<AppEnv>, post: PostView): Promise<ApplyState> {
  const user = c.var.user;
  if (!user) return "anonymous";
  if (!may(c, "workers.self")) return "other_role";
  const worker = await getOwnWorker(c.var.data, me(c));
  if (!worker) return "no_profile";
  return (await hasPendingApplication(c.var.data, post.id, worker.id)) ? "pending" : "can_apply";
}

export function registerPostsRoutes(app: Hono<AppEnv>): void {
  const r = routes(app, "district");

  // ----- Posts (static paths before /posts/:postId) -----
  r.get("/posts", "posts.manage", async (c) => {
    const query = readQuery(c, postsPageQuery);
    const [posts, areas] = await Promise.all([listPosts(c.var.data, me(c), query), loadAreas(c.var.data)]);
    return c.html(<PostsListPage page={pageInfo(c)} posts={posts} areas={areas} status={query.status} canHosts={may(c, "posts.hosts")} canFigures={may(c, "posts.figures")} />);
  });

  r.get("/posts/new", "posts.manage", (c) => postFormPage(c, {}));

  r.post("/posts", "posts.manage", async (c) => {
    const form = await readForm(c, postInput);
    if (!form.ok) return postFormPage(c, { state: { form: "post", values: form.values, errors: form.errors } }, 422);
    const result = await attempt(c.var.locale, "post", form.values, () => createPost(c.var.data, me(c), form.data, nowIso()));
    if (!result.ok) return postFormPage(c, { state: result.state }, result.status);
    return c.redirect(`${c.var.base}/posts/${result.value}?saved=created`, 303);
  });

  r.get("/posts/hosts", "posts.hosts", async (c) => hostsPage(c));
  r.post("/posts/hosts", "posts.hosts", async (c) => {
    const form = await readForm(c, hostInput);
    if (!form.ok) return hostsPage(c, { form: "host", values: form.values, errors: form.errors }, 422);
    const result = await attempt(c.var.locale, "host", form.values, () => createHost(c.var.data, me(c), form.data, nowIso()));
    if (!result.ok) return hostsPage(c, result.state, result.status);
    return c.redirect(`${c.var.base}/posts/hosts?saved=host`, 303);
  });

  r.get("/posts/figures", "posts.figures", async (c) => c.html(<FiguresPage page={pageInfo(c)} figures={await districtFigures(c.var.data, c.var.locale, me(c).areas)} />));

  r.get("/posts/figures.csv", "posts.figures", async (c) => {
    const csv = figuresCsv(await districtFigures(c.var.data, c.var.locale, me(c).areas), c.var.locale);
    return c.body(csv, 200, {
      "content-type": CSV_CONTENT_TYPE,
      "content-disposition": `attachment; filename="posts-figures-${c.var.district.code}.csv"`,
      "cache-control": "no-store",
    });
  });

  r.get("/posts/:postId", "posts.manage", async (c) => postPage(c, await getPost(c.var.data, me(c), param(c, "postId"))));

  r.get("/posts/:postId/edit", "posts.manage", async (c) => postFormPage(c, { post: await getPost(c.var.data, me(c), param(c, "postId")) }));

  r.post("/posts/:postId/edit", "posts.manage", async (c) => {
    const post = await getPost(c.var.data, me(c), param(c, "postId"));
    const form = await readForm(c, postEditInput);
    if (!form.ok) return postFormPage(c, { post, state: { form: "post", values: form.values, errors: form.errors } }, 422);
    const result = await attempt(c.var.locale, "post", form.values, () => revisePost(c.var.data, me(c), post, form.data, nowIso()));
    if (!result.ok) {
      // A lost race: show the form again on the current version so nothing typed is lost.
      const fresh = await getPost(c.var.data, me(c), post.id);
      return postFormPage(c, { post: fresh, state: { ...result.state, values: { ...result.state.values, version: String(fresh.version) } } }, result.status);
    }
    if (!result.value) return postFormPage(c, { post, notice: t(c.var.locale, "posts.edit.noChange") });
    return c.redirect(`${c.var.base}/posts/${post.id}?saved=revised`, 303);
  });

  r.post("/posts/:postId/status", "posts.manage", async (c) => {
    const post = await getPost(c.var.data, me(c), param(c, "postId"));
    const form = await readForm(c, transitionInput);
    if (!form.ok) return postPage(c, post, { form: "status", values: form.values, errors: form.errors }, 422);
    const result = await attempt(c.var.locale, "status", form.values, () => transitionPost(c.var.data, me(c), post, form.data.to, form.data.version, nowIso()));
    if (!result.ok) return postPage(c, await getPost(c.var.data, me(c), post.id), result.state, result.status);
    return c.redirect(`${c.var.base}/posts/${post.id}?saved=status`, 303);
  });

  r.get("/posts/:postId/history", "posts.manage", async (c) => {
    const post = await getPost(c.var.data, me(c), param(c, "postId"));
    const [revisions, areas] = await Promise.all([postRevisions(c.var.data, post.id), loadAreas(c.var.data)]);
    return c.html(<HistoryPage page={pageInfo(c)} post={post} revisions={revisions} areas={areas} />);
  });

  r.post("/posts/:postId/assignments", "workers.manage", async (c) => {
    const post = await getPost(c.var.data, me(c), param(c, "postId"));
    const form = await readForm(c, assignmentInput);
    if (!form.ok) return postPage(c, post, { form: "assign", values: form.values, errors: form.errors }, 422);
    const result = await attempt(c.var.locale, "assign", form.values, () => assignWorker(c.var.data, me(c), post, form.data, nowIso()));
    if (!result.ok) return postPage(c, await getPost(c.var.data, me(c), post.id), result.state, result.status);
    return c.redirect(`${c.var.base}/posts/${post.id}?saved=assigned`, 303);
  });

  r.post("/posts/:postId/applications/:applicationId/decision", "posts.manage", async (c) => {
    const post = await getPost(c.var.data, me(c), param(c, "postId"));
    const applicationId = param(c, "applicationId");
    const formName = `decide-${applicationId}`;
    const form = await readForm(c, decisionInput);
    if (!form.ok) return postPage(c, post, { form: formName, values: form.values, errors: form.errors }, 422);
    const result = await attempt(c.var.locale, formName, form.values, () => decideApplication(c.var.data, me(c), post, applicationId, form.data, nowIso()));
    if (!result.ok) return postPage(c, await getPost(c.var.data, me(c), post.id), result.state, result.status);
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
    const worker = await getOwnWorker(c.var.data, me(c));
    if (!worker) return c.html(<OpenPostPage page={pageInfo(c)} post={post} areas={areas} apply="no_profile" />, 409);
    const form = await readForm(c, applicationInput);
    if (!form.ok) return c.html(<OpenPostPage page={pageInfo(c)} post={post} areas={areas} apply="can_apply" state={{ form: "apply", values: form.values, errors: form.errors }} />, 422);
    const result = await attempt(c.var.locale, "apply", form.values, () => applyToPost(c.var.data, post, worker, form.data, nowIso()));
    if (!result.ok) return c.html(<OpenPostPage page={pageInfo(c)} post={post} areas={areas} apply="can_apply" state={result.state} />, result.status);
    return c.redirect(`${c.var.base}/open-posts/${post.id}?applied=1`, 303);
  });

  registerWorkerRoutes(app);
  registerPostsApi(app);
}

async function hostsPage(c: Context<AppEnv>, state?: FormState, status: 200 | 409 | 422 = 200) {
  const [hosts, areas, organizations] = await Promise.all([listHosts(c.var.data, me(c)), loadAreas(c.var.data), organizationsInScope(c.var.data, me(c))]);
  const opts = areaOptions(areas, me(c), c.var.locale);
  return c.html(<HostsPage page={pageInfo(c)} saved={c.req.query("saved")} hosts={hosts} areas={areas} areaOptions={opts} organizations={organizations} state={state} />, status);
}
