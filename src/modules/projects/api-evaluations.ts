import type { Context, Hono } from "hono";
import * as z from "zod/mini";
import type { AppEnv } from "../../env";
import { apiRoute } from "../../http/routes";
import { nowIso } from "../../lib/time";
import { actorOf, type ProjectActor } from "./actor";
import { getContract } from "./domain/contracts";
import { decideEvaluation, evaluationsOf, managedEvaluation, openEvaluation, terminateContract } from "./domain/evaluations";
import { feedbackSummary } from "./domain/feedback";
import { EVALUATION_STAGES, EVALUATION_STATUSES, evaluationDecisionInput, evaluationOpenInput } from "./schemas";

// The JSON API of third-party evaluations (/api/v1/projects/…). Evaluators declare and
// score through the review engine's API (/api/v1/review/assignments/…).

const param = (c: Context<AppEnv>, name: string) => c.req.param(name) ?? "";
const actor = (c: Context<AppEnv>): ProjectActor => actorOf(c.var.user!, c.var.locale);

const evaluationSchema = z.object({
  id: z.string(),
  contractId: z.string(),
  stage: z.enum(EVALUATION_STAGES),
  round: z.number(),
  passMark: z.number(),
  status: z.enum(EVALUATION_STATUSES),
  score: z.nullable(z.number()),
  reasons: z.string(),
  rectificationDueOn: z.nullable(z.string()),
  creditProposal: z.enum(["", "rectification", "abnormal_list"]),
  overdue: z.number(),
  decidedAt: z.nullable(z.string()),
  version: z.number(),
});
const listSchema = z.object({
  evaluations: z.array(evaluationSchema),
  feedback: z.object({ count: z.number(), meanRating: z.nullable(z.number()), satisfactionPercent: z.nullable(z.number()) }),
});

async function listJson(c: Context<AppEnv>, contractId: string) {
  await getContract(c.var.data, actor(c), contractId);
  const [evaluations, feedback] = await Promise.all([evaluationsOf(c.var.data, contractId), feedbackSummary(c.var.data, contractId)]);
  return { evaluations: evaluations.map(({ rubricId: _r, ...e }) => e), feedback: { count: feedback.count, meanRating: feedback.meanRating, satisfactionPercent: feedback.satisfactionPercent } };
}

async function oneJson(c: Context<AppEnv>) {
  const { evaluation } = await managedEvaluation(c.var.data, actor(c), param(c, "evaluationId"));
  const { rubricId: _r, ...rest } = evaluation;
  return rest;
}

export function registerProjectsEvaluationApi(app: Hono<AppEnv>): void {
  const tag = "projects";
  apiRoute(app, { method: "GET", path: "/projects/contracts/:contractId/evaluations", access: "signed_in", tag, summary: "A contract's evaluations and its beneficiaries' satisfaction, for its parties", response: listSchema }, async (c) =>
    c.json(await listJson(c, param(c, "contractId"))),
  );
  apiRoute(
    app,
    {
      method: "POST",
      path: "/projects/contracts/:contractId/evaluations",
      access: "projects.manage",
      tag,
      summary: "Start the mid-term or final evaluation (or its re-evaluation after a fail) with the evaluators assigned",
      body: evaluationOpenInput,
      response: evaluationSchema,
      responseStatus: 201,
    },
    async (c, { body }) => {
      const id = await openEvaluation(c.var.data, actor(c), param(c, "contractId"), body, nowIso());
      const { evaluation } = await managedEvaluation(c.var.data, actor(c), id);
      const { rubricId: _r, ...rest } = evaluation;
      return c.json(rest, 201);
    },
  );
  apiRoute(
    app,
    {
      method: "POST",
      path: "/projects/evaluations/:evaluationId/decide",
      access: "projects.manage",
      tag,
      summary: "Record the result from the evaluators' scores: a pass makes the gated instalment due; a fail opens rectification",
      body: evaluationDecisionInput,
      response: evaluationSchema,
    },
    async (c, { body }) => {
      await decideEvaluation(c.var.data, actor(c), param(c, "evaluationId"), body, nowIso());
      return c.json(await oneJson(c));
    },
  );
  apiRoute(
    app,
    {
      method: "POST",
      path: "/projects/evaluations/:evaluationId/terminate",
      access: "projects.manage",
      tag,
      summary: "After a failed evaluation, terminate the contract; unpaid instalments are cancelled",
      body: evaluationDecisionInput,
      response: evaluationSchema,
    },
    async (c, { body }) => {
      await terminateContract(c.var.data, actor(c), param(c, "evaluationId"), body, nowIso());
      return c.json(await oneJson(c));
    },
  );
}
