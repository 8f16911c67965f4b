import type { Context, Hono } from "hono";
import type { AppEnv } from "../../env";
import { routes } from "../../http/routes";
import { nowIso } from "../../lib/time";
import { decideChange, requestChange } from "./domain/changes";
import { getContract } from "./domain/contracts";
import { parseForm } from "./forms";
import { attempt, invalid } from "../../ui/form-state";
import { actor, contractPage, go, param, rawForm } from "./pages";
import { changeDecisionInput, changeInput } from "./schemas";

// Contract changes from the contract page: the implementer's request, the buyer's decision.

const back = (c: Context<AppEnv>) => go(c, `/projects/contracts/${param(c, "contractId")}`, "change");
const pick = (values: Record<string, string>, keys: string[]) => Object.fromEntries(keys.map((k) => [k, values[k] ?? ""]).filter(([, v]) => v !== ""));

export function registerProjectsChangePages(app: Hono<AppEnv>): void {
  const r = routes(app, "district");
  r.post("/projects/contracts/:contractId/changes", "projects.bid", async (c) => {
    const values = await rawForm(c);
    const a = actor(c);
    await getContract(c.var.data, a, param(c, "contractId"));
    const parsed = parseForm(c.var.locale, changeInput, { ...pick(values, ["fromLine", "toLine", "amountYuan", "workerId", "endsOn"]), kind: values.kind ?? "", reason: values.reason ?? "" });
    const done = parsed.ok ? await attempt(c.var.locale, "change", values, () => requestChange(c.var.data, a, param(c, "contractId"), parsed.data, nowIso())) : invalid("change", values, parsed.errors);
    return done.ok ? back(c) : contractPage(c, done.state, done.status);
  });
  r.post("/projects/contracts/:contractId/changes/:changeId/decide", "projects.manage", async (c) => {
    const values = await rawForm(c);
    const a = actor(c);
    await getContract(c.var.data, a, param(c, "contractId"));
    const form = `change-${param(c, "changeId")}`;
    const parsed = parseForm(c.var.locale, changeDecisionInput, { approve: values.approve ?? "", reasons: values.reasons ?? "", version: values.version ?? "" });
    const done = parsed.ok ? await attempt(c.var.locale, form, values, () => decideChange(c.var.data, a, param(c, "changeId"), parsed.data, nowIso(), param(c, "contractId"))) : invalid(form, values, parsed.errors);
    return done.ok ? back(c) : contractPage(c, done.state, done.status);
  });
}
