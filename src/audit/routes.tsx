import type { Context, Hono } from "hono";
import * as z from "zod/mini";
import type { AppEnv } from "../env";
import { apiRoute, routes } from "../http/routes";
import { readQuery } from "../http/validation";
import { t } from "../i18n/messages";
import { Layout, pageInfo } from "../ui/layout";
import type { ChainReport } from "./chain";
import { recentEvents, verifyDistrictChain } from "./queries";

const listQuery = z.strictObject({
  action: z.optional(z.string().check(z.maxLength(80))),
  actor: z.optional(z.string().check(z.maxLength(40))),
  before: z.optional(z.coerce.number().check(z.int(), z.gte(1))),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(500)), 100),
});

type Events = Awaited<ReturnType<typeof recentEvents>>;

function AuditPage(props: { c: Context<AppEnv>; events: Events; report: ChainReport }) {
  const page = pageInfo(props.c);
  const l = page.locale;
  const { report } = props;
  return (
    <Layout page={page} title={t(l, "audit.title")}>
      <h1>{t(l, "audit.title")}</h1>
      <p class={`notice ${report.ok ? "ok" : "error"}`} role="status">
        {report.ok
          ? t(l, "audit.chainOk", { count: report.events })
          : t(l, "audit.chainBroken", { seq: report.firstBreak!.seq, problem: report.firstBreak!.problem })}
      </p>
      {props.events.length === 0 ? <p>{t(l, "audit.empty")}</p> : null}
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t(l, "audit.at")}</th>
              <th scope="col">{t(l, "audit.actor")}</th>
              <th scope="col">{t(l, "audit.action")}</th>
              <th scope="col">{t(l, "audit.target")}</th>
            </tr>
          </thead>
          <tbody>
            {props.events.map((e) => (
              <tr>
                <td>{e.seq}</td>
                <td>
                  <time datetime={e.at}>{e.at.replace("T", " ").slice(0, 19)}</time>
                </td>
                <td>
                  {e.actor_id ?? "-"} ({e.actor_role})
                </td>
                <td>{e.action}</td>
                <td>
                  {e.target_type} {e.target_id ?? ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}

const eventSchema = z.object({
  seq: z.number(),
  id: z.string(),
  at: z.string(),
  actor_id: z.nullable(z.string()),
  actor_role: z.string(),
  action: z.string(),
  target_type: z.string(),
  target_id: z.nullable(z.string()),
  summary: z.unknown(),
  request_id: z.nullable(z.string()),
});
const reportSchema = z.object({
  chain: z.string(),
  events: z.number(),
  ok: z.boolean(),
  firstBreak: z.nullable(z.object({ seq: z.number(), problem: z.string() })),
});

export function registerAuditRoutes(app: Hono<AppEnv>): void {
  const r = routes(app, "district");
  r.get("/audit", "audit.read", async (c) => {
    const q = readQuery(c, listQuery);
    const [events, report] = await Promise.all([
      recentEvents(c.var.data, { action: q.action, actorId: q.actor, beforeSeq: q.before, limit: q.limit }),
      verifyDistrictChain(c.var.data),
    ]);
    return c.html(<AuditPage c={c} events={events} report={report} />);
  });

  apiRoute(app, { method: "GET", path: "/audit-events", access: "audit.read", tag: "audit", summary: "Audit events, newest first", query: listQuery, response: z.array(eventSchema) }, async (c, { query }) =>
    c.json(await recentEvents(c.var.data, { action: query.action, actorId: query.actor, beforeSeq: query.before, limit: query.limit })),
  );

  apiRoute(app, { method: "GET", path: "/audit-events/verify", access: "audit.read", tag: "audit", summary: "Recompute the district's hash chain", response: reportSchema }, async (c) =>
    c.json(await verifyDistrictChain(c.var.data)),
  );
}
