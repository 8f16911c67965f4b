import type { Context } from "hono";
import { sql, type CompiledQuery } from "kysely";
import * as z from "zod/mini";
import { DistrictData } from "../data/district-data";
import { isNotNullViolation } from "../data/db-errors";
import { isUniqueViolation } from "../data/kysely";
import { platformData } from "../data/platform-data";
import type { AppEnv, Env } from "../env";
import { AppError, notFound, type FieldError } from "../http/errors";
import { routes } from "../http/routes";
import { readForm } from "../http/validation";
import { t } from "../i18n/messages";
import { nowIso } from "../lib/time";
import { countDistrictRows, deleteDistrictRows } from "../modules/onboarding/district-tables";
import { tenantFileOf } from "../modules/onboarding/export";
import { INVITATION_DAYS, invitationState, issueInvitation } from "../modules/onboarding/invitations";
import { createDistrictSchema, deleteSchema, HOSTNAME, operatorInviteSchema, reasonSchema } from "../modules/onboarding/schemas";
import { IssuedLinkNotice, type IssuedLink } from "../modules/onboarding/views";
import { tenantStatements } from "../tenants/apply";
import { tenantFileSchema } from "../tenants/tenant-file";
import { clearRegistryCache, findDistrict, listDistricts, shardDatabase, shardNames, type District } from "../tenancy/registry";
import { ErrorSummary, SelectField, TextArea, TextField } from "../ui/form";
import { CsrfField, districtDisplayName, Layout, pageInfo } from "../ui/layout";
import { operatorAudit } from "./operators";
import { publicOrigin } from "../http/origin";
import { beijingToday } from "../lib/beijing-time";
import { missingCalendarYears } from "./calendar";
import { beijingDateTime } from "../lib/beijing-time";

// The operator console's district pages: the list with figures, creating a district,
// suspending and reactivating it, the first admin's invitation, the tenants/ file, and
// deleting a district. The operator sees figures and registry records, never a
// district's personal data: no names of people, no records, only counts and times.

export interface DistrictFigures {
  organizations: number;
  users: number;
  lastActivity: string | null;
}

/**
 * Organizations, users and the latest audit event of each district, read from each
 * district's shard through the registry: one batch per shard, each statement covering
 * up to 90 districts through indexed subqueries (no scan of a whole shard).
 */
export async function districtFigures(env: Env, districts: District[]): Promise<Map<string, DistrictFigures>> {
  const figures = new Map<string, DistrictFigures>();
  const byShard = new Map<string, string[]>();
  for (const d of districts) byShard.set(d.shard, [...(byShard.get(d.shard) ?? []), d.code]);
  await Promise.all(
    [...byShard].map(async ([shard, codes]) => {
      try {
        const db = shardDatabase(env, shard);
        const statements: D1PreparedStatement[] = [];
        for (let i = 0; i < codes.length; i += 90) {
          const chunk = codes.slice(i, i + 90);
          statements.push(
            db
              .prepare(
                `WITH ds(code) AS (VALUES ${chunk.map(() => "(?)").join(", ")})
                 SELECT code,
                   (SELECT count(*) FROM organizations o WHERE o.district_id = ds.code) AS organizations,
                   (SELECT count(*) FROM users u WHERE u.district_id = ds.code) AS users,
                   (SELECT e.at FROM audit_events e WHERE e.district_id = ds.code ORDER BY e.seq DESC LIMIT 1) AS last_at
                 FROM ds`,
              )
              .bind(...chunk),
          );
        }
        for (const result of await db.batch<{ code: string; organizations: number; users: number; last_at: string | null }>(statements)) {
          for (const row of result.results) figures.set(row.code, { organizations: row.organizations, users: row.users, lastActivity: row.last_at });
        }
      } catch (error) {
        // One unreachable shard must not take the console down; its districts show no figures.
        console.error(`figures of shard ${shard} failed:`, error);
      }
    }),
  );
  return figures;
}

export async function hostnamesByDistrict(env: Env): Promise<Map<string, string[]>> {
  const rows = await platformData(env).selectFrom("district_hostnames").selectAll().orderBy("hostname").execute();
  const hostnames = new Map<string, string[]>();
  for (const row of rows) hostnames.set(row.district_code, [...(hostnames.get(row.district_code) ?? []), row.hostname]);
  return hostnames;
}

/** The shard holding the fewest districts (ties: the first in SHARDS). */
export function leastLoadedShard(env: Env, districts: District[]): string {
  const shards = shardNames(env);
  const load = (s: string) => districts.filter((d) => d.shard === s).length;
  return shards.reduce((best, s) => (load(s) < load(best) ? s : best), shards[0]!);
}

export function maskEmail(email: string): string {
  const [local = "", domain = ""] = email.split("@");
  return `${local.slice(0, 1)}***@${domain}`;
}

const statusBadge = (status: District["status"]) => (status === "active" ? "ok" : status === "suspended" ? "bad" : "warn");

// ---------------------------------------------------------------------------------

export function ConsoleList(props: { c: Context<AppEnv>; districts: District[]; hostnames: Map<string, string[]>; figures: Map<string, DistrictFigures>; status?: string }) {
  const page = pageInfo(props.c);
  const l = page.locale;
  const operator = props.c.get("operator")!;
  return (
    <Layout page={page} title={t(l, "platform.console")}>
      <h1>{t(l, "platform.console")}</h1>
      <div class="operator-bar">
        <span>{operator.displayName}</span>
        <form method="post" action="/platform/logout">
          <CsrfField token={page.csrfToken} />
          <button type="submit" class="linkbutton">
            {t(l, "layout.signOut")}
          </button>
        </form>
      </div>
      {props.status ? (
        <p class="notice ok" role="status">
          {props.status}
        </p>
      ) : null}
      {missingCalendarYears(beijingToday()).map((year) => (
        <p class="notice warn" role="status">
          {t(l, "platform.calendar.missing", { year })} <a href="/platform/calendar">{t(l, "platform.calendar.link")}</a>
        </p>
      ))}
      <p>
        <a href="/platform/calendar">{t(l, "platform.calendar.link")}</a>
      </p>
      <h2>{t(l, "onboarding.console.districts")}</h2>
      <p>
        <a class="button" href="/platform/districts/new">
          {t(l, "onboarding.console.new")}
        </a>
      </p>
      <p>{t(l, "onboarding.console.noPersonalData")}</p>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t(l, "areas.code")}</th>
              <th scope="col">{t(l, "areas.name")}</th>
              <th scope="col">{t(l, "staff.status")}</th>
              <th scope="col">{t(l, "platform.shard")}</th>
              <th scope="col">{t(l, "platform.hostnames")}</th>
              <th scope="col">{t(l, "onboarding.console.organizations")}</th>
              <th scope="col">{t(l, "onboarding.console.users")}</th>
              <th scope="col">{t(l, "onboarding.console.lastActivity")}</th>
            </tr>
          </thead>
          <tbody>
            {props.districts.map((d) => {
              const f = props.figures.get(d.code);
              return (
                <tr>
                  <th scope="row">{d.code}</th>
                  <td>
                    <a href={`/platform/districts/${d.code}`}>{districtDisplayName(d, l)}</a>
                  </td>
                  <td>
                    <span class={`badge ${statusBadge(d.status)}`}>{t(l, `platform.status.${d.status}`)}</span>
                    {d.statusReason ? <div>{d.statusReason}</div> : null}
                  </td>
                  <td>{d.shard}</td>
                  <td>{(props.hostnames.get(d.code) ?? []).join(", ")}</td>
                  <td>{f ? f.organizations : "?"}</td>
                  <td>{f ? f.users : "?"}</td>
                  <td>{f?.lastActivity ? <time datetime={f.lastActivity}>{beijingDateTime(f.lastActivity)}</time> : t(l, "onboarding.console.never")}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}

function CreatePage(props: { c: Context<AppEnv>; districts: District[]; values?: Record<string, string>; errors?: FieldError[] }) {
  const page = pageInfo(props.c);
  const l = page.locale;
  const v = props.values ?? {};
  const e = props.errors;
  const shards = shardNames(props.c.env);
  return (
    <Layout page={page} title={t(l, "onboarding.console.create.title")}>
      <p>
        <a href="/platform">{t(l, "platform.console")}</a>
      </p>
      <h1>{t(l, "onboarding.console.create.title")}</h1>
      <ErrorSummary locale={l} errors={e ?? []} />
      <form class="stack" method="post" action="/platform/districts" novalidate>
        <CsrfField token={page.csrfToken} />
        <TextField name="code" label={t(l, "onboarding.console.create.code")} hint={t(l, "onboarding.console.create.codeHint")} value={v.code} errors={e} required maxLength={6} inputMode="numeric" />
        <TextField name="nameZh" label={t(l, "onboarding.profile.nameZh")} value={v.nameZh} errors={e} required maxLength={60} />
        <TextField name="nameEn" label={t(l, "onboarding.profile.nameEn")} value={v.nameEn} errors={e} required maxLength={120} />
        <TextField name="parentNameZh" label={t(l, "onboarding.profile.parentNameZh")} value={v.parentNameZh} errors={e} maxLength={60} />
        <TextField name="parentNameEn" label={t(l, "onboarding.profile.parentNameEn")} value={v.parentNameEn} errors={e} maxLength={120} />
        <TextArea name="hostnames" label={t(l, "onboarding.console.create.hostnames")} hint={t(l, "onboarding.console.create.hostnamesHint")} value={v.hostnames} errors={e} rows={3} maxLength={2000} />
        <SelectField
          name="shard"
          label={t(l, "onboarding.console.create.shard")}
          options={[
            { value: "auto", label: t(l, "onboarding.console.create.shardAuto", { shard: leastLoadedShard(props.c.env, props.districts) }) },
            ...shards.map((s) => ({ value: s, label: t(l, "onboarding.console.create.shardOption", { shard: s, count: props.districts.filter((d) => d.shard === s).length }) })),
          ]}
          value={v.shard ?? "auto"}
          errors={e}
        />
        <button type="submit">{t(l, "onboarding.console.create.submit")}</button>
      </form>
    </Layout>
  );
}

interface DetailData {
  district: District;
  hostnames: string[];
  figures: DistrictFigures | undefined;
  invitations: { id: string; email: string; status: "pending" | "accepted" | "revoked"; expires_at: string; created_at: string }[];
  history: { at: string; action: string; summary_json: string }[];
}

async function detailData(c: Context<AppEnv>, code: string): Promise<DetailData> {
  const district = await findDistrict(c.env, code, { fresh: true });
  if (!district) throw notFound();
  const platform = platformData(c.env);
  const shard = shardDatabase(c.env, district.shard);
  const [hostnames, figures, invitations, history] = await Promise.all([
    platform.selectFrom("district_hostnames").select("hostname").where("district_code", "=", code).orderBy("hostname").execute(),
    districtFigures(c.env, [district]),
    shard.prepare("SELECT id, email, status, expires_at, created_at FROM invitations WHERE district_id = ? AND invited_by_operator IS NOT NULL ORDER BY created_at DESC LIMIT 20").bind(code).all<DetailData["invitations"][number]>(),
    platform.selectFrom("platform_audit_events").select(["at", "action", "summary_json"]).where("target_type", "=", "district").where("target_id", "=", code).orderBy("seq", "desc").limit(30).execute(),
  ]);
  return { district, hostnames: hostnames.map((h) => h.hostname), figures: figures.get(code), invitations: invitations.results, history };
}

type Section = "invite" | "status" | "delete";

function DetailPage(props: { c: Context<AppEnv>; data: DetailData; issued?: IssuedLink; status?: string; section?: Section; values?: Record<string, string>; errors?: FieldError[]; message?: string }) {
  const page = pageInfo(props.c);
  const l = page.locale;
  const { district: d, figures: f } = props.data;
  const errorsFor = (s: Section) => (props.section === s ? props.errors : undefined);
  const suspended = d.status === "suspended";
  return (
    <Layout page={page} title={districtDisplayName(d, l)}>
      <p>
        <a href="/platform">{t(l, "platform.console")}</a>
      </p>
      <h1>
        {districtDisplayName(d, l)} <small>{d.code}</small>
      </h1>
      {props.status ? (
        <p class="notice ok" role="status">
          {props.status}
        </p>
      ) : null}
      <ErrorSummary locale={l} errors={props.errors ?? []} message={props.message} />
      <h2>{t(l, "onboarding.console.detail.summary")}</h2>
      <dl class="summary">
        <dt>{t(l, "staff.status")}</dt>
        <dd>
          <span class={`badge ${statusBadge(d.status)}`}>{t(l, `platform.status.${d.status}`)}</span> {d.statusReason ?? ""}
        </dd>
        <dt>{t(l, "platform.shard")}</dt>
        <dd>
          {d.shard} · <a href={`/platform/districts/${d.code}/move`}>{t(l, "ops.move.title")}</a>
        </dd>
        <dt>{t(l, "platform.hostnames")}</dt>
        <dd>{props.data.hostnames.join(", ") || "-"}</dd>
        <dt>{t(l, "onboarding.console.organizations")}</dt>
        <dd>{f?.organizations ?? "?"}</dd>
        <dt>{t(l, "onboarding.console.users")}</dt>
        <dd>{f?.users ?? "?"}</dd>
        <dt>{t(l, "onboarding.console.lastActivity")}</dt>
        <dd>{f?.lastActivity ? beijingDateTime(f.lastActivity) : t(l, "onboarding.console.never")}</dd>
      </dl>

      <section aria-labelledby="invite">
        <h2 id="invite">{t(l, "onboarding.console.detail.invite")}</h2>
        {props.issued ? <IssuedLinkNotice locale={l} issued={props.issued} /> : null}
        <p>{t(l, "onboarding.console.detail.inviteIntro", { days: INVITATION_DAYS })}</p>
        {!suspended ? (
          <form class="stack" method="post" action={`/platform/districts/${d.code}/invitations`} novalidate>
            <CsrfField token={page.csrfToken} />
            <TextField name="email" type="email" label={t(l, "onboarding.console.detail.inviteEmail")} value={props.section === "invite" ? props.values?.email : undefined} errors={errorsFor("invite")} required maxLength={254} />
            <button type="submit">{t(l, "onboarding.staff.inviteSubmit")}</button>
          </form>
        ) : null}
        {props.data.invitations.length ? (
          <>
            <h3>{t(l, "onboarding.console.detail.invitations")}</h3>
            <div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t(l, "staff.email")}</th>
                    <th scope="col">{t(l, "staff.status")}</th>
                    <th scope="col">{t(l, "onboarding.staff.expires")}</th>
                  </tr>
                </thead>
                <tbody>
                  {props.data.invitations.map((inv) => (
                    <tr>
                      <td>{maskEmail(inv.email)}</td>
                      <td>{t(l, `onboarding.staff.state.${invitationState(inv)}`)}</td>
                      <td>{beijingDateTime(inv.expires_at)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        ) : null}
      </section>

      <section aria-labelledby="status">
        <h2 id="status">{t(l, "onboarding.console.detail.status")}</h2>
        <form class="stack" method="post" action={`/platform/districts/${d.code}/${suspended ? "reactivate" : "suspend"}`} novalidate>
          <CsrfField token={page.csrfToken} />
          <TextField
            name="reason"
            label={t(l, "onboarding.console.detail.reason")}
            hint={t(l, "onboarding.console.detail.reasonHint")}
            value={props.section === "status" ? props.values?.reason : undefined}
            errors={errorsFor("status")}
            required
            maxLength={200}
          />
          <button type="submit">{t(l, suspended ? "onboarding.console.detail.reactivate" : "onboarding.console.detail.suspend")}</button>
        </form>
      </section>

      <section aria-labelledby="tenant-file">
        <h2 id="tenant-file">{t(l, "onboarding.console.detail.tenantFile")}</h2>
        <p>{t(l, "onboarding.console.detail.tenantFileIntro")}</p>
        <p>
          <a href={`/platform/districts/${d.code}/tenant.json`} download>
            {t(l, "onboarding.console.detail.download", { file: tenantFileName(d) })}
          </a>
        </p>
      </section>

      <section aria-labelledby="history">
        <h2 id="history">{t(l, "onboarding.console.detail.history")}</h2>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t(l, "audit.at")}</th>
                <th scope="col">{t(l, "audit.action")}</th>
                <th scope="col">{t(l, "onboarding.console.detail.reason")}</th>
              </tr>
            </thead>
            <tbody>
              {props.data.history.map((h) => (
                <tr>
                  <td>{beijingDateTime(h.at)}</td>
                  <td>{h.action}</td>
                  <td>{String((JSON.parse(h.summary_json) as { note?: string }).note ?? "")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="delete">
        <h2 id="delete">{t(l, "onboarding.console.detail.delete")}</h2>
        <p>{t(l, "onboarding.console.detail.deleteIntro")}</p>
        {d.status === "active" ? (
          <p>{t(l, "onboarding.console.detail.deleteOnlySuspended")}</p>
        ) : (
          <form class="stack" method="post" action={`/platform/districts/${d.code}/delete`} novalidate>
            <CsrfField token={page.csrfToken} />
            <TextField name="confirm" label={t(l, "onboarding.console.detail.confirm", { code: d.code })} errors={errorsFor("delete")} required maxLength={20} autocomplete="off" />
            <button type="submit">{t(l, "onboarding.console.detail.deleteSubmit")}</button>
          </form>
        )}
      </section>
    </Layout>
  );
}

function DeletedPage(props: { c: Context<AppEnv>; district: District; before: Record<string, number>; after: Record<string, number>; done: boolean }) {
  const page = pageInfo(props.c);
  const l = page.locale;
  const d = props.district;
  return (
    <Layout page={page} title={t(l, "onboarding.console.deleted.title")}>
      <p>
        <a href="/platform">{t(l, "platform.console")}</a>
      </p>
      <h1>{t(l, "onboarding.console.deleted.title")}</h1>
      <p class={`notice ${props.done ? "ok" : ""}`} role="status">
        {props.done ? t(l, "onboarding.console.deleted.body", { district: districtDisplayName(d, l), code: d.code, shard: d.shard }) : t(l, "onboarding.console.deleted.partial")}
      </p>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t(l, "onboarding.export.table")}</th>
              <th scope="col">{t(l, "onboarding.console.deleted.before")}</th>
              <th scope="col">{t(l, "onboarding.console.deleted.after")}</th>
            </tr>
          </thead>
          <tbody>
            {Object.keys(props.before).map((table) => (
              <tr>
                <th scope="row">{table}</th>
                <td>{props.before[table]}</td>
                <td>{props.after[table] ?? 0}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {props.done ? null : (
        <form method="post" action={`/platform/districts/${d.code}/delete`}>
          <CsrfField token={page.csrfToken} />
          <input type="hidden" name="confirm" value={d.code} />
          <button type="submit">{t(l, "onboarding.console.detail.deleteSubmit")}</button>
        </form>
      )}
    </Layout>
  );
}

export function tenantFileName(d: District): string {
  const short = d.nameEn
    .toLowerCase()
    .replace(/\b(district|county|banner|city)\b/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
  return `${d.code}${short ? `-${short}` : ""}.json`;
}

const compilable = (q: CompiledQuery) => ({ compile: () => q });

// ---------------------------------------------------------------------------------

export function registerDistrictConsoleRoutes(r: ReturnType<typeof routes>): void {
  const op = (c: Context<AppEnv>) => c.get("operator")!;

  async function districtOr404(c: Context<AppEnv>): Promise<District> {
    const district = await findDistrict(c.env, c.req.param("code") ?? "", { fresh: true });
    if (!district) throw notFound();
    return district;
  }

  const detail = async (c: Context<AppEnv>, code: string, extra: Omit<Parameters<typeof DetailPage>[0], "c" | "data"> = {}, status: 200 | 409 | 422 = 200) => c.html(<DetailPage c={c} data={await detailData(c, code)} {...extra} />, status);

  r.get("/districts/new", "operator", async (c) => c.html(<CreatePage c={c} districts={await listDistricts(c.env)} />));

  r.post("/districts", "operator", async (c) => {
    const districts = await listDistricts(c.env);
    const form = await readForm(c, createDistrictSchema);
    if (!form.ok) return c.html(<CreatePage c={c} districts={districts} values={form.values} errors={form.errors} />, 422);
    const l = c.var.locale;
    const input = form.data;
    const hostnames = [
      ...new Set(
        input.hostnames
          .split(/[\s,，]+/)
          .map((h) => h.trim().toLowerCase())
          .filter(Boolean),
      ),
    ];
    const errors: FieldError[] = [];
    const badHost = hostnames.find((h) => !HOSTNAME.test(h));
    if (badHost) errors.push({ field: "hostnames", code: "hostname_invalid", message: `${t(l, "field.hostname_invalid")} ${badHost}` });
    const shard = input.shard === "auto" ? leastLoadedShard(c.env, districts) : input.shard;
    if (!shardNames(c.env).includes(shard)) errors.push({ field: "shard", code: "shard_unknown", message: t(l, "field.shard_unknown") });
    if (districts.some((d) => d.code === input.code)) errors.push({ field: "code", code: "code_taken", message: t(l, "field.code_taken") });
    if (!badHost && hostnames.length) {
      const taken = await platformData(c.env).selectFrom("district_hostnames").select("hostname").where("hostname", "in", hostnames.slice(0, 90)).execute();
      if (taken.length) errors.push({ field: "hostnames", code: "hostname_taken", message: `${t(l, "field.hostname_taken")} ${taken.map((h) => h.hostname).join(", ")}` });
    }
    if (errors.length) return c.html(<CreatePage c={c} districts={districts} values={form.values} errors={errors} />, 422);

    // The same records tenants/ files produce (src/tenants/apply.ts), created-only.
    const tenant = z.parse(tenantFileSchema, {
      code: input.code,
      name: { zh: input.nameZh, en: input.nameEn },
      parentName: { zh: input.parentNameZh, en: input.parentNameEn },
      status: "onboarding",
      shard,
      hostnames,
    });
    const statements = tenantStatements(tenant, nowIso(), { createOnly: true });
    try {
      await operatorAudit(c, op(c).id, statements.platform.map(compilable), {
        action: "district.created",
        targetType: "district",
        targetId: tenant.code,
        after: { name: tenant.name, parentName: tenant.parentName, shard, hostnames, shardChosen: input.shard === "auto" ? "automatic" : "by hand" },
      });
    } catch (error) {
      // Someone created the same code or hostname a moment ago.
      if (isUniqueViolation(error, "districts")) return c.html(<CreatePage c={c} districts={districts} values={form.values} errors={[{ field: "code", code: "code_taken", message: t(l, "field.code_taken") }]} />, 409);
      if (isUniqueViolation(error, "district_hostnames")) return c.html(<CreatePage c={c} districts={districts} values={form.values} errors={[{ field: "hostnames", code: "hostname_taken", message: t(l, "field.hostname_taken") }]} />, 409);
      throw error;
    }
    clearRegistryCache();
    return c.redirect(`/platform/districts/${tenant.code}?created=1`, 303);
  });

  r.get("/districts/:code", "operator", async (c) => {
    const district = await districtOr404(c);
    const created = c.req.query("created") ? t(c.var.locale, "onboarding.console.create.created", { district: districtDisplayName(district, c.var.locale), code: district.code }) : undefined;
    return detail(c, district.code, { status: created });
  });

  r.post("/districts/:code/invitations", "operator", async (c) => {
    const district = await districtOr404(c);
    const form = await readForm(c, operatorInviteSchema);
    if (!form.ok) return detail(c, district.code, { section: "invite", values: form.values, errors: form.errors }, 422);
    if (district.status === "suspended") throw new AppError({ status: 409, code: "illegal_transition", message: "onboarding.illegalTransition", extra: { status: district.status, allowed: ["reactivate"] } });
    const data = new DistrictData(district, shardDatabase(c.env, district.shard), { id: op(c).id, role: "platform_operator", requestId: c.var.requestId });
    const result = await issueInvitation(c, data, { email: form.data.email, role: "district_admin", scopeArea: "", invitedBy: { operatorId: op(c).id } });
    if (!result.ok) {
      const key = result.reason === "email_other_district" ? "onboarding.staff.emailOtherDistrict" : result.reason === "email_has_account" ? "onboarding.staff.emailHasAccount" : "onboarding.staff.alreadyPending";
      return detail(c, district.code, { section: "invite", values: form.values, errors: [{ field: "email", code: result.reason, message: t(c.var.locale, key) }] }, 409);
    }
    await operatorAudit(c, op(c).id, [], { action: "district.admin_invited", targetType: "district", targetId: district.code, after: { invitation: result.id, email: maskEmail(form.data.email), expiresAt: result.expiresAt } });
    const link = `${publicOrigin(c)}/d/${district.code}/invite/${result.token}`;
    return detail(c, district.code, { issued: { email: form.data.email, link, expiresAt: result.expiresAt } });
  });

  async function changeStatus(c: Context<AppEnv>, to: "suspended" | "reactivated") {
    const district = await districtOr404(c);
    const form = await readForm(c, reasonSchema);
    if (!form.ok) return detail(c, district.code, { section: "status", values: form.values, errors: form.errors }, 422);
    const allowedFrom = to === "suspended" ? ["active", "onboarding"] : ["suspended"];
    if (!allowedFrom.includes(district.status))
      throw new AppError({ status: 409, code: "illegal_transition", message: "onboarding.illegalTransition", extra: { status: district.status, allowed: [district.status === "suspended" ? "reactivate" : "suspend"] } });
    const platform = platformData(c.env);
    const next = to === "suspended" ? "suspended" : (district.suspendedFrom ?? "active");
    // The change and its audit event are one batch. If the row changed since it was
    // read, the new version is NULL and the NOT NULL column aborts the whole batch, so
    // no audit event describes a change that did not happen.
    const update = platform
      .updateTable("districts")
      .set({
        status: next,
        status_reason: to === "suspended" ? form.data.reason : null,
        suspended_from: to === "suspended" ? (district.status as "active" | "onboarding") : null,
        updated_at: nowIso(),
        version: sql<number>`CASE WHEN version = ${district.version} THEN version + 1 END`,
      })
      .where("code", "=", district.code);
    try {
      await operatorAudit(c, op(c).id, [update], {
        action: to === "suspended" ? "district.suspended" : "district.reactivated",
        targetType: "district",
        targetId: district.code,
        before: { status: district.status },
        after: { status: next },
        note: form.data.reason,
      });
    } catch (error) {
      if (isNotNullViolation(error, "districts.version")) throw new AppError({ status: 409, code: "conflict", message: "error.conflict" });
      throw error;
    } finally {
      clearRegistryCache();
    }
    const name = districtDisplayName(district, c.var.locale);
    return detail(c, district.code, { status: t(c.var.locale, to === "suspended" ? "onboarding.console.detail.suspended" : "onboarding.console.detail.reactivated", { district: name }) });
  }

  r.post("/districts/:code/suspend", "operator", (c) => changeStatus(c, "suspended"));
  r.post("/districts/:code/reactivate", "operator", (c) => changeStatus(c, "reactivated"));

  r.get("/districts/:code/tenant.json", "operator", async (c) => {
    const district = await districtOr404(c);
    const file = await tenantFileOf(c.env, district, shardDatabase(c.env, district.shard));
    c.header("content-disposition", `attachment; filename="${tenantFileName(district)}"`);
    c.header("cache-control", "no-store");
    return c.body(`${JSON.stringify(file, null, 2)}\n`, 200, { "content-type": "application/json; charset=utf-8" });
  });

  r.post("/districts/:code/delete", "operator", async (c) => {
    const district = await districtOr404(c);
    const form = await readForm(c, deleteSchema);
    if (!form.ok || form.data.confirm !== district.code) {
      return detail(c, district.code, { section: "delete", errors: [{ field: "confirm", code: "confirm_mismatch", message: t(c.var.locale, "field.confirm_mismatch") }] }, 422);
    }
    if (district.status === "active") throw new AppError({ status: 409, code: "illegal_transition", message: "onboarding.illegalTransition", extra: { status: district.status, allowed: ["suspend"] } });
    const platform = platformData(c.env);
    const shard = shardDatabase(c.env, district.shard);
    const before = await countDistrictRows(shard, district.code);
    // Nobody uses the district while it is being deleted.
    await operatorAudit(
      c,
      op(c).id,
      [
        platform
          .updateTable("districts")
          .set((eb) => ({ status: "suspended", status_reason: "offboarding", suspended_from: null, updated_at: nowIso(), version: eb("version", "+", 1) }))
          .where("code", "=", district.code),
      ],
      { action: "district.deletion_started", targetType: "district", targetId: district.code, before: { status: district.status }, after: { rows: before } },
    );
    clearRegistryCache();
    const progress = await deleteDistrictRows(shard, district.code, op(c).id);
    const after = await countDistrictRows(shard, district.code);
    if (!progress.done) return c.html(<DeletedPage c={c} district={district} before={before} after={after} done={false} />, 202);
    await deleteDistrictFiles(c.env, district.code);
    await operatorAudit(
      c,
      op(c).id,
      [
        platform.deleteFrom("account_directory").where("district_code", "=", district.code),
        platform.deleteFrom("district_hostnames").where("district_code", "=", district.code),
        platform.deleteFrom("districts").where("code", "=", district.code),
      ],
      { action: "district.deleted", targetType: "district", targetId: district.code, after: { shard: district.shard, rowsDeleted: before } },
    );
    clearRegistryCache();
    return c.html(<DeletedPage c={c} district={district} before={before} after={after} done />);
  });
}

/** Files of the district in R2: modules keep them under "<district code>/". */
async function deleteDistrictFiles(env: Env, code: string): Promise<void> {
  if (!env.FILES) return;
  let cursor: string | undefined;
  do {
    const listed = await env.FILES.list({ prefix: `${code}/`, cursor, limit: 1000 });
    if (listed.objects.length) await env.FILES.delete(listed.objects.map((o) => o.key));
    cursor = listed.truncated ? listed.cursor : undefined;
  } while (cursor);
}
