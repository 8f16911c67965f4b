import type { Context, Hono } from "hono";
import * as z from "zod/mini";
import type { AppEnv } from "../env";
import type { FieldError } from "../http/errors";
import { isoDate } from "../http/fields";
import { apiRoute, routes } from "../http/routes";
import { toFieldErrors, ownQuery, parsed } from "../http/validation";
import { isMessageKey, t, type Locale } from "../i18n/messages";
import { ErrorSummary, SelectField, TextField } from "../ui/form";
import { Layout, pageInfo } from "../ui/layout";
import { actionLabel } from "./action-label";
import { recordNames, summaryText, targetText } from "./readable";
import type { ChainReport } from "./chain";
import { actorNames, auditActions, recentEvents, resolveActor, verifyDistrictChain, type AuditEvent, type AuditFilter } from "./queries";
import { beijingDateTime, beijingDayStart } from "../lib/beijing-time";
import { CSV_CONTENT_TYPE, csvStream } from "../lib/csv";

const day = isoDate();

const listQuery = z
  .strictObject({
    action: z.optional(z.string().check(z.maxLength(80))),
    actor: z.optional(z.string().check(z.trim(), z.maxLength(254))),
    from: z.optional(day),
    to: z.optional(day),
    before: z.optional(z.coerce.number().check(z.int(), z.gte(1))),
    limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(500)), 100),
  })
  .check(z.refine((q) => !q.from || !q.to || q.from <= q.to, { message: "date_order", path: ["to"] }));

type ListQuery = z.output<typeof listQuery>;

async function toFilter(c: Context<AppEnv>, q: ListQuery): Promise<AuditFilter> {
  return {
    action: q.action,
    actorId: q.actor ? await resolveActor(c.var.data, q.actor) : undefined,
    // Dates are Beijing calendar days, both ends inclusive.
    fromIso: q.from ? beijingDayStart(q.from) : undefined,
    toIso: q.to ? beijingDayStart(q.to, 1) : undefined,
    beforeSeq: q.before,
    limit: q.limit,
  };
}

/** Query-string values with empty fields dropped: a submitted filter form sends every field. */
function filledQuery(c: Context<AppEnv>): Record<string, string> {
  return Object.fromEntries(Object.entries(ownQuery(c)).filter(([, v]) => v.trim() !== ""));
}

function roleLabel(l: Locale, role: string): string {
  for (const key of [`role.${role}`, `audit.actorRole.${role}`]) if (isMessageKey(key)) return t(l, key);
  return role;
}

function actorLabel(l: Locale, e: AuditEvent, names: Map<string, { name: string; email: string }>): string {
  const who = e.actor_id ? names.get(e.actor_id) : undefined;
  const role = roleLabel(l, e.actor_role);
  return who ? `${who.name} <${who.email}> · ${role}` : role;
}

function AuditPage(props: {
  c: Context<AppEnv>;
  events: AuditEvent[];
  names: Map<string, { name: string; email: string }>;
  records: Map<string, string>;
  report: ChainReport;
  actions: string[];
  values: Record<string, string>;
  errors?: FieldError[];
  limit: number;
}) {
  const page = pageInfo(props.c);
  const l = page.locale;
  const { report, values } = props;
  const filters = new URLSearchParams(Object.entries(values).filter(([k]) => k !== "before" && k !== "limit"));
  const older = props.events.length === props.limit ? new URLSearchParams([...filters, ["before", String(props.events.at(-1)!.seq)]]) : null;
  return (
    <Layout page={page} title={t(l, "audit.title")}>
      <h1>{t(l, "audit.title")}</h1>
      <p class={`notice ${report.ok ? "ok" : "error"}`} role="status">
        {report.ok ? t(l, "audit.chainOk", { count: report.events }) : t(l, "audit.chainBroken", { seq: report.firstBreak!.seq, problem: report.firstBreak!.problem })}
      </p>
      <ErrorSummary locale={l} errors={props.errors ?? []} />
      <form class="filters" method="get" action={`${page.base}/audit`} aria-label={t(l, "onboarding.audit.filter")}>
        <TextField name="actor" label={t(l, "onboarding.audit.user")} value={values.actor} errors={props.errors} maxLength={254} />
        <SelectField
          name="action"
          label={t(l, "onboarding.audit.action")}
          options={[{ value: "", label: t(l, "onboarding.audit.anyAction") }, ...props.actions.map((a) => ({ value: a, label: actionLabel(l, a) }))]}
          value={values.action ?? ""}
          errors={props.errors}
        />
        <TextField name="from" type="date" label={t(l, "onboarding.audit.from")} value={values.from} errors={props.errors} maxLength={10} />
        <TextField name="to" type="date" label={t(l, "onboarding.audit.to")} value={values.to} errors={props.errors} maxLength={10} />
        <div class="field">
          <button type="submit">{t(l, "onboarding.audit.apply")}</button>
        </div>
      </form>
      <p class="hint">{t(l, "onboarding.audit.dateHint")}</p>
      <p>
        <a href={`${page.base}/audit/export.csv${filters.size ? `?${filters}` : ""}`}>{t(l, "onboarding.audit.csv")}</a>
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
              <th scope="col">{t(l, "onboarding.audit.summary")}</th>
            </tr>
          </thead>
          <tbody>
            {props.events.map((e) => (
              <tr>
                <td>{e.seq}</td>
                <td>
                  <time datetime={e.at}>{beijingDateTime(e.at, "second")}</time>
                </td>
                <td>{actorLabel(l, e, props.names)}</td>
                <td>{actionLabel(l, e.action)}</td>
                <td>{targetText(l, e, props.records)}</td>
                <td>{summaryText(l, e, props.records)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {older ? (
        <p>
          <a href={`${page.base}/audit?${older}`}>{t(l, "onboarding.audit.older")}</a>
        </p>
      ) : null}
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
    const values = filledQuery(c);
    const parsed = z.safeParse(listQuery, values);
    const [report, actions] = await Promise.all([verifyDistrictChain(c.var.data), auditActions(c.var.data)]);
    if (!parsed.success) {
      const errors = toFieldErrors(parsed.error, c.var.locale, values);
      return c.html(<AuditPage c={c} events={[]} names={new Map()} records={new Map()} report={report} actions={actions} values={values} errors={errors} limit={100} />, 422);
    }
    const events = await recentEvents(c.var.data, await toFilter(c, parsed.data));
    const [names, records] = await Promise.all([
      actorNames(
        c.var.data,
        events.map((e) => e.actor_id),
      ),
      recordNames(c.var.data, c.var.locale, events),
    ]);
    return c.html(<AuditPage c={c} events={events} names={names} records={records} report={report} actions={actions} values={values} limit={parsed.data.limit} />);
  });

  // The whole filtered log as CSV (UTF-8 with a byte-order mark, so that Excel on
  // Chinese Windows opens it correctly), streamed page by page, newest first.
  r.get("/audit/export.csv", "audit.read", async (c) => {
    const values = filledQuery(c);
    const q = parsed(listQuery, values, c.var.locale);
    const filter = await toFilter(c, { ...q, limit: 1000 });
    const data = c.var.data;
    const l = c.var.locale;
    await data.write([], { action: "audit.exported", targetType: "audit_log", after: { action: q.action ?? null, actor: q.actor ?? null, from: q.from ?? null, to: q.to ?? null } });
    // One language throughout, codes and ids beside their labels for whoever matches rows up.
    const header = (["audit.seq", "audit.at", "audit.actor", "audit.actorId", "audit.role", "audit.action", "audit.actionCode", "audit.target", "audit.targetId", "onboarding.audit.summary", "audit.requestId"] as const).map((k) => t(l, k));
    async function* chunks() {
      yield [header];
      let before = q.before;
      for (;;) {
        const events = await recentEvents(data, { ...filter, beforeSeq: before });
        const [names, records] = await Promise.all([
          actorNames(
            data,
            events.map((e) => e.actor_id),
          ),
          recordNames(data, l, events),
        ]);
        yield events.map((e) => {
          const who = e.actor_id ? names.get(e.actor_id) : undefined;
          return [
            e.seq,
            beijingDateTime(e.at, "second"),
            who ? `${who.name} <${who.email}>` : "",
            e.actor_id,
            roleLabel(l, e.actor_role),
            actionLabel(l, e.action),
            e.action,
            targetText(l, e, records),
            e.target_id,
            summaryText(l, e, records),
            e.request_id,
          ];
        });
        if (events.length < filter.limit) return;
        before = events.at(-1)!.seq;
      }
    }
    const stream = csvStream(chunks());
    return new Response(stream, {
      headers: {
        "content-type": CSV_CONTENT_TYPE,
        "content-disposition": `attachment; filename="audit-${data.districtId}.csv"`,
        "cache-control": "no-store",
      },
    });
  });

  apiRoute(
    app,
    { method: "GET", path: "/audit-events", access: "audit.read", tag: "audit", summary: "Audit events, newest first; filter by action, actor (id or email) and Beijing dates", query: listQuery, response: z.array(eventSchema) },
    async (c, { query }) => c.json(await recentEvents(c.var.data, await toFilter(c, query))),
  );

  apiRoute(app, { method: "GET", path: "/audit-events/verify", access: "audit.read", tag: "audit", summary: "Recompute the district's hash chain", response: reportSchema }, async (c) => c.json(await verifyDistrictChain(c.var.data)));
}
