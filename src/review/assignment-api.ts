import type { Hono } from "hono";
import type { AppEnv } from "../env";
import { AppError } from "../http/errors";
import { apiRoute } from "../http/routes";
import { kindEnv, reviewerAssignment, reviewerTasks } from "./kinds";
import { declareOn, moveTo, readDeclaration, scoreOn } from "./reviewer";
import { loadRubric } from "./rubrics";
import { scoresOfAssignment } from "./scoring";
import { declarationBodySchema, moveSchema, scoresSchema } from "./schemas";

// The reviewer's JSON API (/api/v1/review/…), one for every subject kind: each endpoint
// resolves the assignment's kind first and applies that kind's rules.

export function registerAssignmentApi(app: Hono<AppEnv>): void {
  apiRoute(app, { method: "GET", path: "/review/assignments", access: "review.score", tag: "review", summary: "The reviewer's own assignments, of every subject kind" }, async (c) => {
    const l = c.var.locale;
    const tasks = await reviewerTasks(c.var.data, c.var.user!.id);
    return c.json(
      tasks.map(({ a: { id, subject_kind, subject_id, scorer_role, status, declared_at, submitted_at, assigned_at }, kind }) => ({
        id,
        subject_kind,
        subject_id,
        scorer_role,
        status,
        declared_at,
        submitted_at,
        assigned_at,
        kind: { id: kind.kind, label: kind.label[l] },
      })),
    );
  });

  apiRoute(
    app,
    {
      method: "POST",
      path: "/review/assignments/:id/declaration",
      access: "review.score",
      tag: "review",
      summary: "Declare a conflict of interest (or none) before seeing the subject; the body is the subject kind's declaration",
      body: declarationBodySchema,
      responseStatus: 204,
    },
    async (c, { body }) => {
      const { a, kind } = await reviewerAssignment(c, c.req.param("id") ?? "");
      const env = kindEnv(c);
      await declareOn(c.var.data, kind, a, readDeclaration(kind, body, env), env);
      return c.body(null, 204);
    },
  );

  apiRoute(app, { method: "GET", path: "/review/assignments/:id", access: "review.score", tag: "review", summary: "The subject to score (only after declaring no conflict)" }, async (c) => {
    const { a, kind } = await reviewerAssignment(c, c.req.param("id") ?? "");
    if (a.status !== "clear") throw new AppError({ status: 409, code: "declare_first", message: "review.cannotScore", extra: { status: a.status } });
    const data = c.var.data;
    const [summary, rubric, scores] = await Promise.all([kind.render(data, a, kindEnv(c)), loadRubric(data, a.rubric_id), scoresOfAssignment(data, a.id)]);
    return c.json({ assignment: a, subject: { kind: kind.kind, label: kind.label[c.var.locale], title: summary.title, context: summary.context, ...summary.content }, ...summary.content, rubric, scores });
  });

  apiRoute(app, { method: "PUT", path: "/review/assignments/:id/scores", access: "review.score", tag: "review", summary: "Save scores and comments; submit hands them in", body: scoresSchema, responseStatus: 204 }, async (c, { body }) => {
    const { a, kind } = await reviewerAssignment(c, c.req.param("id") ?? "");
    await scoreOn(c.var.data, kind, a, body.scores, body.submit, kindEnv(c));
    return c.body(null, 204);
  });

  apiRoute(
    app,
    { method: "POST", path: "/review/assignments/:id/move", access: "signed_in", tag: "review", summary: "Move a conflicted or undeclared assignment to another reviewer (staff managing the subject)", body: moveSchema, responseStatus: 204 },
    async (c, { body }) => {
      await moveTo(c, c.req.param("id") ?? "", body.reviewerId);
      return c.body(null, 204);
    },
  );
}
