import { receiptJson, receiptOutput } from "../../receipts";
import { APPLICATION_RECEIPT } from "./receipt-kind";
import { nowIso } from "../../lib/time";
import { me } from "./request";
import type { Context, Hono } from "hono";
import * as z from "zod/mini";
import type { AppEnv } from "../../env";
import { apiRoute } from "../../http/routes";
import { aggregate, loadRubric } from "../../review";
import { dashboard } from "./dashboard";
import { applicationRows, assignmentsOf, parksForApi } from "./listings";
import { applicationHistory, attachmentsOf, findManagedApplication, findOwnApplication, memberOrganizations, type Application } from "./queries";
import {
  allocateSchema,
  assignSchema,
  callSchema,
  decisionSchema,
  draftSchema,
  eligibilitySchema,
  exitPanelSchema,
  exitSchema,
  registrationDecisionSchema,
  milestoneSchema,
  noticeSchema,
  parkSchema,
  parkUpdateSchema,
  spaceUpdateSchema,
  rubricUpdateSchema,
  serviceRecordSchema,
  spaceSchema,
  submitSchema,
  versionOnlySchema,
} from "./schemas";
import * as service from "./service";
import * as parks from "./parks";
import * as incubations from "./incubations";
import { assessExit, openExitReview } from "./exit-review";
import { decideRegistration } from "./period";
import { allowedActions } from "./state";

// The incubation module's JSON API (/api/v1/incubation/…). Pages call the same service
// functions; the reviewer and notice API belongs to the review engine (src/review/).

const ok = z.object({ id: z.string() });
const submittedOutput = z.object({ id: z.string(), status: z.string(), version: z.number(), eligibilityDueOn: z.nullable(z.string()), receipt: receiptOutput });
const myApplicationsOutput = z.array(
  z.object({ id: z.string(), call_id: z.string(), status: z.string(), version: z.number(), submitted_at: z.nullable(z.string()), eligibility_due_on: z.nullable(z.string()), updated_at: z.string(), receiptNo: z.nullable(z.string()) }),
);
const applicationOutput = z.looseObject({ id: z.string(), status: z.string(), version: z.number(), receipt: receiptOutput });

export function registerIncubationApi(app: Hono<AppEnv>): void {
  /** A staff action on one record (`:id`) in a park the staff member manages: 201 with the id of what it creates, else 204. */
  function manage<B extends z.ZodMiniType>(method: "POST" | "PUT" | "PATCH", path: string, summary: string, body: B, run: (c: Context<AppEnv>, id: string, input: z.output<B>) => Promise<unknown>, creates = false): void {
    const answer = creates ? { response: ok, responseStatus: 201 } : { responseStatus: 204 };
    apiRoute(app, { method, path, access: "incubation.manage", tag: "incubation", summary, body, ...answer }, async (c, input) => {
      const id = await run(c, c.req.param("id") ?? "", input.body as z.output<B>);
      return creates ? c.json({ id }, 201) : c.body(null, 204);
    });
  }

  /** A step in an application's flow: answers with where the application stands now. */
  function step<B extends z.ZodMiniType>(path: string, access: "incubation.apply" | "incubation.manage", summary: string, body: B, run: (c: Context<AppEnv>, id: string, input: z.output<B>) => Promise<Application>): void {
    apiRoute(app, { method: "POST", path, access, tag: "incubation", summary, body }, async (c, input) => {
      const application = await run(c, c.req.param("id") ?? "", input.body as z.output<B>);
      return c.json({ id: application.id, status: application.status, version: application.version });
    });
  }
  // ----------------------------------------------------------------- parks
  apiRoute(app, { method: "GET", path: "/incubation/parks", access: "public", tag: "incubation", summary: "Parks of the district with their services" }, async (c) => {
    const parks = await parksForApi(c.var.data);
    return c.json(parks.map(({ services_json, ...p }) => ({ ...p, services: JSON.parse(services_json) as string[], physical: !!p.physical, virtual: !!p.virtual })));
  });

  apiRoute(
    app,
    { method: "POST", path: "/incubation/parks", access: "incubation.manage", tag: "incubation", summary: "Create a park (at or below the staff member's level)", body: parkSchema, response: ok, responseStatus: 201 },
    async (c, { body }) => c.json({ id: await parks.createPark(c.var.data, me(c), body, nowIso()) }, 201),
  );

  apiRoute(app, { method: "PUT", path: "/incubation/parks/:id", access: "incubation.manage", tag: "incubation", summary: "Edit a park (optimistic version check)", body: parkUpdateSchema }, async (c, { body }) =>
    c.json({ id: c.req.param("id"), version: await parks.updatePark(c.var.data, me(c), c.req.param("id") ?? "", body, nowIso()) }),
  );

  manage("PATCH", "/incubation/spaces/:id", "Change a space's status or capacity", spaceUpdateSchema, (c, id, body) => parks.changeSpace(c.var.data, me(c), id, body));

  manage("POST", "/incubation/parks/:id/spaces", "Add a space to a park", spaceSchema, (c, id, body) => parks.addSpace(c.var.data, me(c), id, body, nowIso()), true);

  // ----------------------------------------------------------------- calls
  apiRoute(
    app,
    { method: "POST", path: "/incubation/calls", access: "incubation.manage", tag: "incubation", summary: "Open a call with its window, places, materials, rubric and reviewers", body: callSchema, response: ok, responseStatus: 201 },
    async (c, { body }) => c.json({ id: await parks.createCall(c.var.data, me(c), body, nowIso()) }, 201),
  );

  manage("PUT", "/incubation/calls/:id/rubric", "Replace the rubric (409 once scoring has started)", rubricUpdateSchema, (c, id, body) => parks.updateRubric(c.var.data, me(c), id, body.rubric));

  apiRoute(app, { method: "GET", path: "/incubation/calls/:id/ranking", access: "incubation.manage", tag: "incubation", summary: "Applications of a call ranked by aggregated score, with spread" }, async (c) => {
    const { rows } = await service.ranking(c.var.data, me(c), c.req.param("id") ?? "");
    return c.json(
      // The figures keep their names (spread, min, max, counted, conflicted, pending); the mean is the score.
      rows.map(({ aggregate: { mean, ...figures }, submitted_at, eligibility_due_on, ...r }) => ({ ...r, submittedAt: submitted_at, eligibilityDueOn: eligibility_due_on, score: mean, ...figures, allowed: allowedActions(r.status) })),
    );
  });

  manage("POST", "/incubation/calls/:id/notice", "Publish the public notice of the call's proposed admissions", noticeSchema, (c, id, body) => service.publishCallNotice(c.var.data, me(c), id, body, nowIso()), true);

  // ----------------------------------------------------------------- applicant
  apiRoute(
    app,
    { method: "POST", path: "/incubation/calls/:id/applications", access: "incubation.apply", tag: "incubation", summary: "Start the organization's application to a call (idempotent)", response: ok, responseStatus: 201 },
    async (c) => c.json({ id: await service.startApplication(c.var.data, me(c), c.req.param("id") ?? "", nowIso()) }, 201),
  );

  apiRoute(
    app,
    {
      method: "GET",
      path: "/incubation/my-applications",
      access: "incubation.apply",
      tag: "incubation",
      summary: "The organization's applications with their status and, once submitted, their receipt number",
      response: myApplicationsOutput,
    },
    async (c) => {
      return c.json(await applicationRows(c.var.data, memberOrganizations(c.var.user)));
    },
  );

  apiRoute(
    app,
    { method: "GET", path: "/incubation/applications/:id", access: "signed_in", tag: "incubation", summary: "An application with its history, attachments and receipt (applicant or managing staff)", response: applicationOutput },
    async (c) => {
      const id = c.req.param("id") ?? "";
      const application = memberOrganizations(c.var.user).length ? await findOwnApplication(c.var.data, me(c), id) : (await findManagedApplication(c.var.data, me(c), id)).app;
      const [history, attachments, receipt] = await Promise.all([applicationHistory(c.var.data, id), attachmentsOf(c.var.data, id), receiptJson(c.var.data, APPLICATION_RECEIPT, id)]);
      return c.json({ ...application, form: JSON.parse(application.form_json) as unknown, form_json: undefined, allowed: allowedActions(application.status), history, attachments, receipt });
    },
  );

  apiRoute(app, { method: "PUT", path: "/incubation/applications/:id/draft", access: "incubation.apply", tag: "incubation", summary: "Save the draft (auto-save)", body: draftSchema }, async (c, { body }) => {
    const saved = await service.saveDraft(c.var.data, me(c), c.req.param("id") ?? "", body, nowIso());
    return c.json({ id: saved.id, status: saved.status, version: saved.version, updatedAt: saved.updated_at });
  });

  apiRoute(
    app,
    {
      method: "POST",
      path: "/incubation/applications/:id/submit",
      access: "incubation.apply",
      tag: "incubation",
      summary: "Submit (or resubmit after return), with confirmation; answers with the receipt",
      body: submitSchema,
      response: submittedOutput,
    },
    async (c, { body }) => {
      const app = await service.submitApplication(c.var.data, me(c), c.req.param("id") ?? "", body.version, nowIso());
      return c.json({ id: app.id, status: app.status, version: app.version, eligibilityDueOn: app.eligibility_due_on, receipt: await receiptJson(c.var.data, APPLICATION_RECEIPT, app.id) });
    },
  );

  step("/incubation/applications/:id/withdraw", "incubation.apply", "Withdraw before a decision", versionOnlySchema, (c, id, body) => service.withdrawApplication(c.var.data, me(c), id, body.version, nowIso()));

  // ----------------------------------------------------------------- staff review
  step("/incubation/applications/:id/eligibility", "incubation.manage", "Eligibility check: pass, return with comments, or reject with reasons", eligibilitySchema, (c, id, body) =>
    service.checkEligibility(c.var.data, me(c), id, body, nowIso()),
  );

  manage("POST", "/incubation/applications/:id/assignments", "Assign further reviewers", assignSchema, (c, id, body) => service.assignToApplication(c.var.data, me(c), id, body.reviewerIds, nowIso()));

  apiRoute(app, { method: "GET", path: "/incubation/applications/:id/review", access: "incubation.manage", tag: "incubation", summary: "Assignments, declarations and aggregated scores of an application" }, async (c) => {
    const { app, call } = await findManagedApplication(c.var.data, me(c), c.req.param("id") ?? "");
    const rubric = (await loadRubric(c.var.data, call.rubric_id))!;
    const assignments = await assignmentsOf(c.var.data, app.id);
    const agg = (await aggregate(c.var.data, rubric, [app.id])).get(app.id)!;
    return c.json({ rubric, assignments, aggregate: agg });
  });

  step("/incubation/applications/:id/decision", "incubation.manage", "Decide: propose admission (goes to public notice) or reject, with reasons", decisionSchema, (c, id, body) => service.decide(c.var.data, me(c), id, body, nowIso()));

  // ----------------------------------------------------------------- incubation records
  manage("POST", "/incubation/incubations/:id/space", "Allocate a space (or null for virtual incubation)", allocateSchema, (c, id, body) => incubations.allocateSpace(c.var.data, me(c), id, body.spaceId, body.version));

  manage("POST", "/incubation/incubations/:id/services", "Record a service the organization received", serviceRecordSchema, (c, id, body) => incubations.recordService(c.var.data, me(c), id, body), true);

  manage("POST", "/incubation/incubations/:id/milestones", "Record a milestone (registered, first project, first grant)", milestoneSchema, (c, id, body) => incubations.recordMilestone(c.var.data, me(c), id, body), true);

  manage("POST", "/incubation/incubations/:id/exit", "Exit assessment outcome once the panel has scored: graduated, extended (within the allowed renewals) or eliminated", exitSchema, (c, id, body) =>
    assessExit(c.var.data, me(c), id, body, nowIso()),
  );

  manage(
    "POST",
    "/incubation/incubations/:id/exit-panel",
    "Set up the exit assessment panel (at least three reviewers), who score through the review inbox",
    exitPanelSchema,
    (c, id, body) => openExitReview(c.var.data, me(c), id, body, nowIso()),
    true,
  );

  manage("POST", "/incubation/incubations/:id/registration", "Decide on a founding team's overdue registration: a new deadline, or end the incubation", registrationDecisionSchema, (c, id, body) =>
    decideRegistration(c.var.data, me(c), id, body, nowIso()),
  );

  apiRoute(
    app,
    { method: "GET", path: "/incubation/dashboard", access: "incubation.view", tag: "incubation", summary: "Figures per park and for the district", query: z.strictObject({ park: z.optional(z.string().check(z.maxLength(64))) }) },
    async (c, { query }) => c.json(await dashboard(c.var.data, me(c), query.park)),
  );
}
