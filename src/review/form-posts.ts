import type { Context } from "hono";
import type { AppEnv } from "../env";
import { parsed } from "../http/validation";
import { scoresFromForm } from "../ui/score-form";
import { kindEnv, type SubjectKind } from "./kinds";
import { declareOn, readDeclaration, scoreOn } from "./reviewer";
import { scoresSchema } from "./schemas";
import type { AssignmentRow } from "./scoring";

// The posts of the reviewer's two browser forms, for a kind whose forms carry the usual
// fields (conflicted=yes|no with a reason; score_<item>, comment_<item>, submit=yes):
// one handler for every such kind instead of a copy in each module.

const back = (c: Context<AppEnv>, a: AssignmentRow) => c.redirect(`${c.var.base}/review/${a.id}`, 303);

/** POST /review/:id/declaration. */
export async function declareFromForm(c: Context<AppEnv>, a: AssignmentRow, kind: SubjectKind): Promise<Response> {
  const body = await c.req.parseBody();
  const env = kindEnv(c);
  await declareOn(c.var.data, kind, a, readDeclaration(kind, { conflicted: body.conflicted === "yes", reason: typeof body.reason === "string" ? body.reason : "" }, env), env);
  return back(c, a);
}

/** POST /review/:id/scores; submit=yes hands them in. */
export async function scoreFromForm(c: Context<AppEnv>, a: AssignmentRow, kind: SubjectKind): Promise<Response> {
  const body = await c.req.parseBody();
  const input = parsed(scoresSchema, { scores: scoresFromForm(body), submit: body.submit === "yes" }, c.var.locale);
  await scoreOn(c.var.data, kind, a, input.scores, input.submit, kindEnv(c));
  return back(c, a);
}
