import type { Hono } from "hono";
import type { AppEnv } from "../env";
import { routes } from "../http/routes";
import { t } from "../i18n/messages";
import { Layout, pageInfo } from "../ui/layout";
import { kindEnv, reviewerAssignment, reviewerTasks } from "./kinds";

// One inbox for every reviewer, whatever the subject kind: incubation applications,
// evaluations, and any kind a module registers later. Each assignment's page belongs to
// its kind (SubjectKind.pages), under the same /review/:id.

export function registerReviewerPages(app: Hono<AppEnv>): void {
  const r = routes(app, "district");

  r.get("/review", "review.score", async (c) => {
    const page = pageInfo(c);
    const l = page.locale;
    const data = c.var.data;
    const env = kindEnv(c);
    const tasks = await Promise.all((await reviewerTasks(data, c.var.user!.id)).map(async ({ a, kind }) => ({ a, kind, summary: await kind.render(data, a, env) })));
    return c.html(
      <Layout page={page} title={t(l, "review.inbox")}>
        <h1>{t(l, "review.inbox")}</h1>
        {tasks.length ? null : <p>{t(l, "review.inbox.none")}</p>}
        <ul class="results">
          {tasks.map(({ a, kind, summary }) => (
            <li class="result">
              <h2 class="h3">
                <a href={`${page.base}/review/${a.id}`}>{summary.title}</a>
              </h2>
              <div class="meta">
                {kind.label[l]} · {summary.context} · {a.submitted_at ? t(l, "review.status.submitted") : t(l, `review.status.${a.status}`)}
              </div>
            </li>
          ))}
        </ul>
      </Layout>,
    );
  });

  r.get("/review/:assignmentId", "review.score", async (c) => {
    const { a, kind } = await reviewerAssignment(c, c.req.param("assignmentId") ?? "");
    return kind.pages.show(c, a);
  });

  r.post("/review/:assignmentId/declaration", "review.score", async (c) => {
    const { a, kind } = await reviewerAssignment(c, c.req.param("assignmentId") ?? "");
    return kind.pages.declare(c, a);
  });

  r.post("/review/:assignmentId/scores", "review.score", async (c) => {
    const { a, kind } = await reviewerAssignment(c, c.req.param("assignmentId") ?? "");
    return kind.pages.score(c, a);
  });

  // The evaluation tasks had their own list before there was one inbox: old links and
  // bookmarks land on the same assignment (308 keeps a form's POST a POST).
  r.get("/evaluation-tasks", "review.score", (c) => c.redirect(`${c.var.base}/review`, 301));
  r.get("/evaluation-tasks/:assignmentId", "review.score", (c) => c.redirect(`${c.var.base}/review/${c.req.param("assignmentId")}`, 301));
  r.post("/evaluation-tasks/:assignmentId/declare", "review.score", (c) => c.redirect(`${c.var.base}/review/${c.req.param("assignmentId")}/declaration`, 308));
  r.post("/evaluation-tasks/:assignmentId/scores", "review.score", (c) => c.redirect(`${c.var.base}/review/${c.req.param("assignmentId")}/scores`, 308));
}
