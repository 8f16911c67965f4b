import type { Context, Hono } from "hono";
import type { AppEnv } from "../../env";
import { notFound } from "../../http/errors";
import { routes } from "../../http/routes";
import { checkedValues } from "../../ui/form";
import { nowIso } from "../../lib/time";
import { getContract } from "./domain/contracts";
import { decideEvaluation, managedEvaluation, openEvaluation, terminateContract } from "./domain/evaluations";
import { parseForm } from "./forms";
import { attempt, invalid } from "../../ui/form-state";
import { actor, contractPage, go, param, rawForm } from "./pages";
import { evaluationDecisionInput, evaluationOpenInput } from "./schemas";

// The buyer's side of third-party evaluations on the contract page: start a stage's
// evaluation (or its re-evaluation) with the evaluators chosen, record the result once
// every score is in, or terminate after a fail. Refusals come back beside the forms.

const back = (c: Context<AppEnv>) => go(c, `/projects/contracts/${param(c, "contractId")}`, "evaluation");

export function registerProjectsEvaluationPages(app: Hono<AppEnv>): void {
  const r = routes(app, "district");
  r.post("/projects/contracts/:contractId/evaluations", "projects.manage", async (c) => {
    const values = await rawForm(c);
    const a = actor(c);
    await getContract(c.var.data, a, param(c, "contractId"));
    const parsed = parseForm(c.var.locale, evaluationOpenInput, { stage: values.stage ?? "", evaluatorIds: checkedValues(values, "evaluatorIds") });
    const errors = parsed.ok ? [] : parsed.errors.map((e) => ({ ...e, field: e.field.startsWith("evaluatorIds") ? "evaluatorIds" : e.field }));
    const done = parsed.ok ? await attempt(c.var.locale, "evaluation", values, () => openEvaluation(c.var.data, a, param(c, "contractId"), parsed.data, nowIso())) : invalid("evaluation", values, errors);
    return done.ok ? back(c) : contractPage(c, done.state, done.status);
  });
  for (const [verb, run] of [
    ["decide", decideEvaluation],
    ["terminate", terminateContract],
  ] as const) {
    r.post(`/projects/contracts/:contractId/evaluations/:evaluationId/${verb}`, "projects.manage", async (c) => {
      const values = await rawForm(c);
      const a = actor(c);
      const { evaluation } = await managedEvaluation(c.var.data, a, param(c, "evaluationId"));
      if (evaluation.contractId !== param(c, "contractId")) throw notFound();
      const form = `${verb}-${evaluation.id}`;
      const parsed = parseForm(c.var.locale, evaluationDecisionInput, { reasons: values.reasons ?? "", version: values.version ?? "" });
      const done = parsed.ok
        ? await attempt(c.var.locale, form, values, async () => {
            await run(c.var.data, a, evaluation.id, parsed.data, nowIso());
          })
        : invalid(form, values, parsed.errors);
      return done.ok ? back(c) : contractPage(c, done.state, done.status);
    });
  }
}
