import type { Context, Hono } from "hono";
import * as z from "zod/mini";
import type { AppEnv } from "../../env";
import { apiRoute } from "../../http/routes";
import { nowIso } from "../../lib/time";
import { actorOf, type ProjectActor } from "./actor";
import { changeById, changesOf, decideChange, requestChange } from "./domain/changes";
import { getContract } from "./domain/contracts";
import { CHANGE_KINDS, changeDecisionInput, changeInput } from "./schemas";

// The JSON API of contract changes (/api/v1/projects/…).

const param = (c: Context<AppEnv>, name: string) => c.req.param(name) ?? "";
const actor = (c: Context<AppEnv>): ProjectActor => actorOf(c.var.user!, c.var.locale);

const changeSchema = z.object({
  id: z.string(),
  kind: z.enum(CHANGE_KINDS),
  fromLine: z.nullable(z.number()),
  toLine: z.nullable(z.number()),
  amountYuan: z.nullable(z.number()),
  workerId: z.nullable(z.string()),
  endsOn: z.nullable(z.string()),
  reason: z.string(),
  status: z.enum(["requested", "approved", "refused"]),
  decisionReasons: z.string(),
  revision: z.nullable(z.number()),
  before: z.nullable(z.record(z.string(), z.unknown())),
  after: z.nullable(z.record(z.string(), z.unknown())),
  createdAt: z.string(),
  decidedAt: z.nullable(z.string()),
  version: z.number(),
});

export function registerProjectsChangeApi(app: Hono<AppEnv>): void {
  const tag = "projects";
  apiRoute(
    app,
    { method: "GET", path: "/projects/contracts/:contractId/changes", access: "signed_in", tag, summary: "A contract's changes, newest first, each applied one with its revision, before and after", response: z.array(changeSchema) },
    async (c) => {
      const contract = await getContract(c.var.data, actor(c), param(c, "contractId"));
      return c.json(await changesOf(c.var.data, contract.id));
    },
  );
  apiRoute(
    app,
    {
      method: "POST",
      path: "/projects/contracts/:contractId/changes",
      access: "projects.bid",
      tag,
      summary: "The implementer requests a change (budget move, project lead, term); a budget move within the free share applies at once",
      body: changeInput,
      response: changeSchema,
      responseStatus: 201,
    },
    async (c, { body }) => {
      const id = await requestChange(c.var.data, actor(c), param(c, "contractId"), body, nowIso());
      return c.json(await changeById(c.var.data, actor(c), id), 201);
    },
  );
  apiRoute(
    app,
    {
      method: "POST",
      path: "/projects/changes/:changeId/decide",
      access: "projects.manage",
      tag,
      summary: "The buyer approves (applied as the contract's next revision) or refuses with reasons; of two decisions at once one wins",
      body: changeDecisionInput,
      response: changeSchema,
    },
    async (c, { body }) => {
      await decideChange(c.var.data, actor(c), param(c, "changeId"), body, nowIso());
      return c.json(await changeById(c.var.data, actor(c), param(c, "changeId")));
    },
  );
}
