import type { Context, Hono } from "hono";
import * as z from "zod/mini";
import type { AppEnv } from "../../env";
import { AppError, notFound } from "../../http/errors";
import { apiRoute } from "../../http/routes";
import { nowIso } from "../../lib/time";
import { areaLabel, loadAreas } from "./areas";
import { addAssessment, assignWorker, endAssignment, getAssignment, rotateAssignment } from "./embedding";
import { districtFigures } from "./figures";
import { createPost, getOpenPost, getPost, hostChoices, revisePost, transitionPost, type PostView } from "./posts";
import {
  APPLICATION_STATUSES,
  applicationInput,
  assessmentInput,
  assignmentInput,
  decisionInput,
  EMBEDDING_MODES,
  endAssignmentInput,
  FUNDINGS,
  HOST_TYPES,
  hostInput,
  listPostsQuery,
  listWorkersQuery,
  openPostsQuery,
  POST_KINDS,
  POST_STATUSES,
  postEditInput,
  postInput,
  QUALIFICATIONS,
  registrationInput,
  revealInput,
  rewardInput,
  rotationInput,
  trainingInput,
  transitionInput,
  workerInput,
  workerEditInput,
} from "./schemas";
import { addReward, addTraining, createWorker, getOwnWorker, getWorker, revealField, updateWorker } from "./workers";
import { applyToPost, decideApplication } from "./applications";
import { createHost } from "./hosts";
import { recordRegistration } from "./registrations";
import { me, param } from "./request";
import { workerRecord, listOpenPosts, listPosts, postRevisions, listWorkers, applicationsOfPost } from "./listings";
import { payLabel } from "./pay";

// The module's JSON API (/api/v1/…), described in OpenAPI from these schemas.

const postSchema = z.object({
  id: z.string(),
  hostId: z.string(),
  hostName: z.string(),
  hostType: z.enum(HOST_TYPES),
  hostArea: z.nullable(z.string()),
  hostOrganizationId: z.nullable(z.string()),
  areaCode: z.nullable(z.string()),
  title: z.string(),
  kind: z.enum(POST_KINDS),
  mode: z.enum(EMBEDDING_MODES),
  funding: z.enum(FUNDINGS),
  workContent: z.string(),
  responsibilities: z.string(),
  workSteps: z.string(),
  qualification: z.enum(QUALIFICATIONS),
  headcount: z.number(),
  payMin: z.nullable(z.number()),
  payMax: z.nullable(z.number()),
  workingHours: z.string(),
  contactPhone: z.string(),
  closesOn: z.nullable(z.string()),
  status: z.enum(POST_STATUSES),
  version: z.number(),
  updatedAt: z.string(),
  active: z.number(),
});

/** What the public sees of an open post: the post and its host, nobody's personal data. */
const publicPostSchema = z.object({
  id: z.string(),
  title: z.string(),
  hostName: z.string(),
  hostType: z.enum(HOST_TYPES),
  areaCode: z.nullable(z.string()),
  areaName: z.string(),
  kind: z.enum(POST_KINDS),
  mode: z.enum(EMBEDDING_MODES),
  funding: z.enum(FUNDINGS),
  workContent: z.string(),
  responsibilities: z.string(),
  workSteps: z.string(),
  qualification: z.enum(QUALIFICATIONS),
  headcount: z.number(),
  vacancies: z.number(),
  payMin: z.nullable(z.number()),
  payMax: z.nullable(z.number()),
  payText: z.string(),
  workingHours: z.string(),
  contactPhone: z.string(),
  closesOn: z.nullable(z.string()),
});

const revisionSchema = z.object({
  revision: z.number(),
  editorName: z.string(),
  editedAt: z.string(),
  snapshot: z.record(z.string(), z.string()),
  changes: z.array(
    z.object({
      field: z.string(),
      before: z.nullable(z.string()),
      after: z.string(),
      lines: z.optional(z.array(z.object({ op: z.enum(["same", "added", "removed"]), text: z.string() }))),
    }),
  ),
});

const workerSchema = z.object({
  id: z.string(),
  name: z.string(),
  areaCode: z.nullable(z.string()),
  qualification: z.enum(QUALIFICATIONS),
  certificateNo: z.nullable(z.string()),
  idNumberMasked: z.string(),
  phoneMasked: z.string(),
  userId: z.nullable(z.string()),
  userEmail: z.nullable(z.string()),
  version: z.number(),
  currentPost: z.nullable(z.string()),
});

const educationSchema = z.object({ required: z.number(), hours: z.number(), state: z.enum(["met", "in_progress", "due", "overdue"]) });
const registrationSchema = z.object({
  id: z.string(),
  kind: z.enum(["first", "renewal"]),
  registeredOn: z.string(),
  startsOn: z.string(),
  validUntil: z.string(),
  renewFrom: z.string(),
  /** The renewal deadline: validUntil, moved past rest days (民法典 第二百零三条). */
  renewBy: z.string(),
  education: educationSchema,
});
/** Certificate registration (3 years, renewal in the last 3 months) and continuing education per period. */
const certificateSchema = z.object({
  qualified: z.boolean(),
  state: z.nullable(z.enum(["current", "due", "overdue", "unregistered"])),
  current: z.nullable(registrationSchema),
  registrations: z.array(registrationSchema),
});

const workerDetailSchema = z.object({
  ...workerSchema.shape,
  trainings: z.array(z.object({ id: z.string(), form: z.string(), title: z.string(), hours: z.number(), provider: z.string(), heldOn: z.string() })),
  assignments: z.array(z.object({ id: z.string(), postId: z.string(), postTitle: z.string(), startsOn: z.string(), endsOn: z.nullable(z.string()), endReason: z.nullable(z.string()), qualificationOverride: z.nullable(z.string()) })),
  assessments: z.array(z.object({ id: z.string(), assignmentId: z.string(), year: z.number(), score: z.number(), grade: z.string(), assessorName: z.string(), comments: z.string() })),
  rewards: z.array(z.object({ id: z.string(), kind: z.string(), title: z.string(), awardedOn: z.string(), awardingBody: z.string(), amountYuan: z.nullable(z.number()) })),
  career: z.array(z.object({ date: z.string(), type: z.string() })),
  certificate: certificateSchema,
});

const applicationSchema = z.object({
  id: z.string(),
  postId: z.string(),
  workerId: z.string(),
  workerName: z.string(),
  workerQualification: z.enum(QUALIFICATIONS),
  motivation: z.string(),
  status: z.enum(APPLICATION_STATUSES),
  decisionNote: z.string(),
  createdAt: z.string(),
});

const groupSchema = z.object({ key: z.string(), label: z.string(), developed: z.number(), filled: z.number(), headcount: z.number(), inPost: z.number() });
const figuresSchema = z.object({
  byKind: z.array(groupSchema),
  byMode: z.array(groupSchema),
  byHostType: z.array(groupSchema),
  bySubdistrict: z.array(groupSchema),
  workers: z.object({ total: z.number(), certified: z.number(), byLevel: z.array(z.object({ level: z.string(), label: z.string(), n: z.number() })) }),
  training: z.array(z.object({ year: z.string(), totalHours: z.number(), trained: z.number(), perWorker: z.number() })),
  stations: z.array(z.object({ code: z.string(), name: z.string(), stations: z.array(z.string()) })),
});

const created = z.object({ id: z.string() });
const hostSchema = z.object({ id: z.string(), name: z.string(), type: z.enum(HOST_TYPES), areaCode: z.nullable(z.string()), organizationId: z.nullable(z.string()) });

async function publicPosts(c: Context<AppEnv>, posts: PostView[]) {
  const areas = await loadAreas(c.var.data);
  return posts.map((p) => ({
    id: p.id,
    title: p.title,
    hostName: p.hostName,
    hostType: p.hostType,
    areaCode: p.areaCode,
    areaName: areaLabel(areas, p.areaCode, c.var.locale),
    kind: p.kind,
    mode: p.mode,
    funding: p.funding,
    workContent: p.workContent,
    responsibilities: p.responsibilities,
    workSteps: p.workSteps,
    qualification: p.qualification,
    headcount: p.headcount,
    vacancies: Math.max(0, p.headcount - p.active),
    payMin: p.payMin,
    payMax: p.payMax,
    payText: payLabel(c.var.locale, p.payMin, p.payMax),
    workingHours: p.workingHours,
    contactPhone: p.contactPhone,
    closesOn: p.closesOn,
  }));
}

export function registerPostsApi(app: Hono<AppEnv>): void {
  const tag = "posts";

  apiRoute(app, { method: "GET", path: "/posts", access: "posts.manage", tag, summary: "Posts the viewer manages (their areas, or their organization's)", query: listPostsQuery, response: z.array(postSchema) }, async (c, { query }) =>
    c.json(await listPosts(c.var.data, me(c), query)),
  );

  apiRoute(app, { method: "POST", path: "/posts", access: "posts.manage", tag, summary: "Create a post (as a draft, revision 1)", body: postInput, response: postSchema, responseStatus: 201 }, async (c, { body }) => {
    const id = await createPost(c.var.data, me(c), body, nowIso());
    return c.json(await getPost(c.var.data, me(c), id), 201);
  });

  apiRoute(app, { method: "GET", path: "/posts/:postId", access: "posts.manage", tag, summary: "One post (404 outside the viewer's reach)", response: postSchema }, async (c) => c.json(await getPost(c.var.data, me(c), param(c, "postId"))));

  apiRoute(
    app,
    { method: "PUT", path: "/posts/:postId", access: "posts.manage", tag, summary: "Revise a post: a new revision; `version` must be the one read (409 otherwise)", body: postEditInput, response: postSchema },
    async (c, { body }) => {
      const post = await getPost(c.var.data, me(c), param(c, "postId"));
      await revisePost(c.var.data, me(c), post, body, nowIso());
      return c.json(await getPost(c.var.data, me(c), post.id));
    },
  );

  apiRoute(
    app,
    { method: "POST", path: "/posts/:postId/status", access: "posts.manage", tag, summary: "Move a post draft → open → filled → closed; an illegal move is 409 naming the allowed ones", body: transitionInput, response: postSchema },
    async (c, { body }) => {
      const post = await getPost(c.var.data, me(c), param(c, "postId"));
      await transitionPost(c.var.data, me(c), post, body.to, body.version, nowIso());
      return c.json(await getPost(c.var.data, me(c), post.id));
    },
  );

  apiRoute(app, { method: "GET", path: "/posts/:postId/revisions", access: "posts.manage", tag, summary: "Every revision with its changes from the one before", response: z.array(revisionSchema) }, async (c) => {
    const post = await getPost(c.var.data, me(c), param(c, "postId"));
    return c.json(await postRevisions(c.var.data, post.id));
  });

  apiRoute(
    app,
    { method: "POST", path: "/posts/:postId/assignments", access: "workers.manage", tag, summary: "Assign a worker; 409 when every place is taken", body: assignmentInput, response: created, responseStatus: 201 },
    async (c, { body }) => {
      const post = await getPost(c.var.data, me(c), param(c, "postId"));
      return c.json({ id: await assignWorker(c.var.data, me(c), post, body, nowIso()) }, 201);
    },
  );

  apiRoute(app, { method: "GET", path: "/posts/:postId/applications", access: "posts.manage", tag, summary: "Applications to a post", response: z.array(applicationSchema) }, async (c) => {
    const post = await getPost(c.var.data, me(c), param(c, "postId"));
    return c.json(await applicationsOfPost(c.var.data, post.id));
  });

  apiRoute(
    app,
    { method: "POST", path: "/posts/:postId/applications/:applicationId/decision", access: "posts.manage", tag, summary: "The host accepts (and assigns) or declines an application", body: decisionInput, responseStatus: 204 },
    async (c, { body }) => {
      const post = await getPost(c.var.data, me(c), param(c, "postId"));
      await decideApplication(c.var.data, me(c), post, param(c, "applicationId"), body, nowIso());
      return c.body(null, 204);
    },
  );

  apiRoute(app, { method: "GET", path: "/post-hosts", access: "posts.manage", tag, summary: "Hosts the viewer may create posts at", response: z.array(hostSchema) }, async (c) =>
    c.json((await hostChoices(c.var.data, me(c))).map(({ missing: _missing, ...h }) => h)),
  );

  apiRoute(app, { method: "POST", path: "/post-hosts", access: "posts.hosts", tag, summary: "Register a host (department, community, station, organization)", body: hostInput, response: created, responseStatus: 201 }, async (c, { body }) =>
    c.json({ id: await createHost(c.var.data, me(c), body, nowIso()) }, 201),
  );

  apiRoute(app, { method: "GET", path: "/post-figures", access: "posts.figures", tag, summary: "District figures of posts, workers, training and stations", response: figuresSchema }, async (c) =>
    c.json(await districtFigures(c.var.data, c.var.locale, me(c).areas)),
  );

  // ----- Public -----
  apiRoute(app, { method: "GET", path: "/open-posts", access: "public", tag, summary: "Open posts, for everyone (no personal data)", query: openPostsQuery, response: z.array(publicPostSchema) }, async (c, { query }) =>
    c.json(await publicPosts(c, await listOpenPosts(c.var.data, query))),
  );

  apiRoute(app, { method: "GET", path: "/open-posts/:postId", access: "public", tag, summary: "One open post", response: publicPostSchema }, async (c) => {
    const [post] = await publicPosts(c, [await getOpenPost(c.var.data, param(c, "postId"))]);
    return c.json(post);
  });

  apiRoute(
    app,
    { method: "POST", path: "/open-posts/:postId/applications", access: "workers.self", tag, summary: "A social worker applies to an open post", body: applicationInput, response: created, responseStatus: 201 },
    async (c, { body }) => {
      const post = await getOpenPost(c.var.data, param(c, "postId"));
      const worker = await getOwnWorker(c.var.data, me(c));
      if (!worker) throw new AppError({ status: 409, code: "no_profile", message: "posts.error.noProfile" });
      return c.json({ id: await applyToPost(c.var.data, post, worker, body, nowIso()) }, 201);
    },
  );

  // ----- Workers -----
  apiRoute(
    app,
    { method: "GET", path: "/workers", access: "workers.read", tag, summary: "Social workers in the viewer's scope, ID numbers and phones masked", query: listWorkersQuery, response: z.array(workerSchema) },
    async (c, { query }) => c.json(await listWorkers(c.var.data, me(c), query)),
  );

  apiRoute(app, { method: "POST", path: "/workers", access: "workers.manage", tag, summary: "Register a social worker", body: workerInput, response: workerSchema, responseStatus: 201 }, async (c, { body }) => {
    const id = await createWorker(c.var.data, c.env, me(c), body, false, nowIso());
    return c.json(await getWorker(c.var.data, me(c), id), 201);
  });

  apiRoute(app, { method: "GET", path: "/workers/:workerId", access: "workers.read", tag, summary: "A worker with training, assignments, assessments, rewards and career path", response: workerDetailSchema }, async (c) => {
    const worker = await getWorker(c.var.data, me(c), param(c, "workerId"));
    return c.json({ ...worker, ...(await workerRecord(c.var.data, worker.id)) });
  });

  apiRoute(
    app,
    { method: "PUT", path: "/workers/:workerId", access: "workers.manage", tag, summary: "Update a profile (empty ID number / phone keep the stored ones)", body: workerEditInput, response: workerSchema },
    async (c, { body }) => {
      const worker = await getWorker(c.var.data, me(c), param(c, "workerId"));
      await updateWorker(c.var.data, c.env, me(c), worker, body, false, nowIso());
      return c.json(await getWorker(c.var.data, me(c), worker.id));
    },
  );

  apiRoute(
    app,
    { method: "POST", path: "/workers/:workerId/reveal", access: "workers.reveal", tag, summary: "The full ID number or phone; every call is audited", body: revealInput, response: z.object({ field: z.string(), value: z.string() }) },
    async (c, { body }) => {
      const worker = await getWorker(c.var.data, me(c), param(c, "workerId"));
      const value = await revealField(c.var.data, c.env, worker, body.field);
      c.header("cache-control", "no-store");
      return c.json({ field: body.field, value });
    },
  );

  apiRoute(app, { method: "POST", path: "/workers/:workerId/trainings", access: "workers.manage", tag, summary: "Add a training record", body: trainingInput, responseStatus: 204 }, async (c, { body }) => {
    await addTraining(c.var.data, me(c), await getWorker(c.var.data, me(c), param(c, "workerId")), body, nowIso());
    return c.body(null, 204);
  });

  apiRoute(
    app,
    { method: "POST", path: "/workers/:workerId/registrations", access: "workers.manage", tag, summary: "Record a certificate registration (登记 or 再登记, valid 3 years)", body: registrationInput, response: created, responseStatus: 201 },
    async (c, { body }) => c.json({ id: await recordRegistration(c.var.data, me(c), await getWorker(c.var.data, me(c), param(c, "workerId")), body, nowIso()) }, 201),
  );

  apiRoute(app, { method: "POST", path: "/workers/:workerId/rewards", access: "workers.manage", tag, summary: "Record a reward (material, honour, promotion)", body: rewardInput, responseStatus: 204 }, async (c, { body }) => {
    await addReward(c.var.data, me(c), await getWorker(c.var.data, me(c), param(c, "workerId")), body, nowIso());
    return c.body(null, 204);
  });

  apiRoute(app, { method: "POST", path: "/assignments/:assignmentId/end", access: "workers.manage", tag, summary: "End an assignment", body: endAssignmentInput, responseStatus: 204 }, async (c, { body }) => {
    await endAssignment(c.var.data, me(c), await getAssignment(c.var.data, me(c), param(c, "assignmentId")), body, nowIso());
    return c.body(null, 204);
  });

  apiRoute(
    app,
    { method: "POST", path: "/assignments/:assignmentId/rotation", access: "workers.manage", tag, summary: "Rotate (轮岗) to another post; the old assignment is kept, ended", body: rotationInput, response: created, responseStatus: 201 },
    async (c, { body }) => {
      const a = await getAssignment(c.var.data, me(c), param(c, "assignmentId"));
      const target = await getPost(c.var.data, me(c), body.postId);
      return c.json({ id: await rotateAssignment(c.var.data, me(c), a, target, body, nowIso()) }, 201);
    },
  );

  apiRoute(app, { method: "POST", path: "/assignments/:assignmentId/assessments", access: "workers.manage", tag, summary: "Record an annual performance assessment", body: assessmentInput, responseStatus: 204 }, async (c, { body }) => {
    await addAssessment(c.var.data, me(c), await getAssignment(c.var.data, me(c), param(c, "assignmentId")), body, nowIso());
    return c.body(null, 204);
  });

  apiRoute(app, { method: "GET", path: "/me/worker", access: "workers.self", tag, summary: "The signed-in social worker's own profile", response: workerDetailSchema }, async (c) => {
    const worker = await getOwnWorker(c.var.data, me(c));
    if (!worker) throw notFound();
    return c.json({ ...worker, ...(await workerRecord(c.var.data, worker.id)) });
  });

  apiRoute(app, { method: "POST", path: "/me/worker", access: "workers.self", tag, summary: "A social worker sets up their own profile", body: workerInput, response: created, responseStatus: 201 }, async (c, { body }) => {
    if (await getOwnWorker(c.var.data, me(c))) throw new AppError({ status: 409, code: "conflict", message: "posts.error.profileExists" });
    return c.json({ id: await createWorker(c.var.data, c.env, me(c), body, true, nowIso()) }, 201);
  });
}
