import type { Context, Hono } from "hono";
import { Table } from "../../ui/table";
import type { AppEnv } from "../../env";
import { cachedHtml } from "../../http/cache";
import { notFound } from "../../http/errors";
import { routes } from "../../http/routes";
import { readQuery } from "../../http/validation";
import { groundLabel } from "./credit-ground-label";
import { t, type MessageKey } from "../../i18n/messages";
import { nowIso } from "../../lib/time";
import { addDays, beijingDate } from "../../lib/beijing-time";
import { SelectField, TextField } from "../../ui/form";
import { Pager, queryString } from "../../ui/pager";
import { Layout, pageInfo, type PageInfo } from "../../ui/layout";
import { ORG_TYPES, SERVICE_FIELDS, directoryQuerySchema, listPageQuerySchema, type DirectoryQuery } from "./schemas";
import { COUNT_LIMIT, directoryPage, PAGE_SIZE, type DirectoryResult } from "./directory";
import { creditList, disclosurePage, homeFigures, organizationPage, publicAttachment, type AreaMap } from "./queries";
import { GRADES } from "./tables";
import { readFile } from "../../operations/files";
import { areaLabel, DateText, FilingBadge, GradeBadge, ListBadge, orgTypeLabel } from "./views";
import { DisclosurePublicPage } from "./public-disclosure";
import { ORG_PAGE_PROJECTS, OrganizationPublicPage } from "./public-organization";
import { fundedCount, publicProjects } from "../projects";

// The public disclosure portal: no sign-in, cacheable (ETag), shareable (canonical and
// Open Graph tags), in both languages and in elder mode. Nothing personal is ever
// selected for these pages (see queries.ts).

export function today(): string {
  return beijingDate(nowIso());
}

function districtName(page: PageInfo): string {
  return page.districtName ?? "";
}

// ---------------------------------------------------------------- directory

function DirectoryPage(props: { c: Context<AppEnv>; q: DirectoryQuery; found: DirectoryResult; areas: AreaMap }) {
  const page = pageInfo(props.c);
  const l = page.locale;
  const { q } = props;
  const settings = props.c.var.district.settings;
  const day = today();
  const { rows, total, more } = props.found;
  // Past the counted matches the last page is unknown: offer the next one while pages are full.
  const pages = more ? null : Math.max(1, Math.ceil(total / PAGE_SIZE));
  const hasNext = pages === null ? rows.length === PAGE_SIZE : q.page < pages;
  const filters = { q: q.q, type: q.type, field: q.field, area: q.area, grade: q.grade, list: q.list, filing: q.filing };
  const any = { value: "", label: t(l, "disclosure.directory.any") };
  const subdistricts = [...props.areas.entries()].filter(([, a]) => a.level === "subdistrict");
  const title = t(l, "disclosure.directory.title");
  return (
    <Layout page={page} title={title} description={t(l, "disclosure.directory.description", { district: districtName(page) })} meta={{ canonical: `${page.base}/organizations${queryString({ ...filters, page: q.page })}` }}>
      <h1>{title}</h1>
      <p class="lead">{t(l, "disclosure.directory.description", { district: districtName(page) })}</p>
      <form class="search" method="get" action={`${page.base}/organizations`} role="search">
        <TextField name="q" type="search" label={t(l, "disclosure.directory.q")} hint={t(l, "disclosure.directory.qHint")} value={q.q} maxLength={50} />
        <details class="filters" open={!!(q.type || q.field || q.area || q.grade || q.list || q.filing)}>
          <summary>{t(l, "disclosure.directory.filters")}</summary>
          <div>
            <SelectField name="type" label={t(l, "disclosure.org.type")} value={q.type} options={[any, ...ORG_TYPES.map((o) => ({ value: o.value, label: t(l, o.key) }))]} />
            <SelectField name="field" label={t(l, "disclosure.org.serviceFields")} value={q.field} options={[any, ...SERVICE_FIELDS.map((f) => ({ value: f, label: t(l, `disclosure.field.${f}`) }))]} />
            <SelectField name="area" label={t(l, "disclosure.org.area")} value={q.area} options={[any, ...subdistricts.map(([code, a]) => ({ value: code, label: l === "en" && a.name_en ? a.name_en : a.name_zh }))]} />
            <SelectField
              name="grade"
              label={t(l, "disclosure.org.grade")}
              value={q.grade}
              options={[any, ...GRADES.map((g) => ({ value: g, label: g })), { value: "expired", label: t(l, "disclosure.directory.gradeExpired") }, { value: "none", label: t(l, "disclosure.directory.gradeNone") }]}
            />
            <SelectField
              name="list"
              label={t(l, "disclosure.org.listStatus")}
              value={q.list}
              options={[any, { value: "none", label: t(l, "disclosure.directory.listNone") }, { value: "abnormal", label: t(l, "disclosure.list.abnormal") }, { value: "serious", label: t(l, "disclosure.list.serious") }]}
            />
            <SelectField
              name="filing"
              label={t(l, "disclosure.org.filing")}
              value={q.filing}
              options={[any, ...(["on_time", "late", "overdue", "not_due"] as const).map((s) => ({ value: s, label: t(l, `disclosure.filing.short.${s}`) }))]}
            />
          </div>
        </details>
        <div class="actions">
          <button type="submit">{t(l, "disclosure.directory.search")}</button> <a href={`${page.base}/organizations`}>{t(l, "disclosure.directory.reset")}</a>
        </div>
      </form>
      <h2 id="results">{more ? t(l, "disclosure.directory.resultsMore", { count: COUNT_LIMIT }) : t(l, "disclosure.directory.results", { count: total })}</h2>
      {rows.length === 0 ? <p>{t(l, "disclosure.directory.none")}</p> : null}
      <ul class="results" aria-labelledby="results">
        {rows.map((o) => (
          <li class="result">
            <h3>
              <a href={`${page.base}/organizations/${o.id}`}>{o.name}</a>
            </h3>
            <div class="meta">
              <span>{o.uscc ?? t(l, "disclosure.org.kind.founding_team")}</span> · <span>{orgTypeLabel(l, o.org_type)}</span> · <span>{areaLabel(props.areas, o.area_code, l)}</span>
            </div>
            <div class="badges">
              <GradeBadge l={l} org={o} short /> <ListBadge l={l} status={o.list_status} /> <FilingBadge l={l} org={o} today={day} due={settings} short />
            </div>
          </li>
        ))}
      </ul>
      <Pager l={l} page={q.page} pages={pages} hasNext={hasNext} href={(n) => `${page.base}/organizations${queryString({ ...filters, page: n })}`} />
    </Layout>
  );
}

// ---------------------------------------------------------------- credit lists

function CreditListsPage(props: { c: Context<AppEnv>; list: "abnormal" | "serious"; q: string; d: Awaited<ReturnType<typeof creditList>> }) {
  const page = pageInfo(props.c);
  const l = page.locale;
  const title = t(l, `disclosure.list.${props.list}`);
  const other = props.list === "abnormal" ? "serious" : "abnormal";
  const head = ["disclosure.org.name", "disclosure.list.reason", "disclosure.list.legalBasis", "disclosure.list.decidingBody", "disclosure.list.decidedOn"] as const;
  const ListTable = (p: { rows: typeof props.d.active; left?: boolean; caption: string }) => (
    <Table caption={p.caption} head={[...head, ...(p.left ? (["disclosure.list.exitedOn"] as const) : [])].map((k) => t(l, k))}>
      {p.rows.map((r) => (
        <tr>
          <td>
            <a href={`${page.base}/organizations/${r.organization_id}`}>{r.name}</a>
            <br />
            <small>{r.uscc ?? ""}</small>
          </td>
          <td>
            {groundLabel(l, props.list, r.reason_code)}
            <br />
            <small>{r.reason}</small>
          </td>
          <td>{r.legal_basis}</td>
          <td>{r.deciding_body}</td>
          <td>
            <DateText iso={r.decided_on} />
          </td>
          {p.left ? (
            <td>
              <DateText iso={r.exited_on} /> <small>{r.exit_reason ? t(l, `disclosure.list.exit.${r.exit_reason}` as MessageKey) : ""}</small>
            </td>
          ) : null}
        </tr>
      ))}
    </Table>
  );
  return (
    <Layout page={page} title={title} description={t(l, "disclosure.list.intro")} meta={{ canonical: `${page.base}/credit-lists/${props.list}${queryString({ page: props.d.page })}` }}>
      <p class="crumbs">
        <a href={`${page.base}/credit-lists`}>{t(l, "disclosure.list.title")}</a> · <a href={`${page.base}/credit-lists/${other}`}>{t(l, `disclosure.list.${other}`)}</a>
      </p>
      <h1>{title}</h1>
      <p class="lead">{t(l, "disclosure.list.intro")}</p>
      <form class="search" method="get" action={`${page.base}/credit-lists/${props.list}`} role="search">
        <TextField name="q" type="search" label={t(l, "disclosure.list.q")} value={props.q} maxLength={50} />
        <div class="actions">
          <button type="submit">{t(l, "disclosure.directory.search")}</button>
        </div>
      </form>
      <h2>
        {t(l, "disclosure.list.active")} · {props.q ? t(l, "disclosure.list.found", { q: props.q, count: props.d.activeTotal }) : t(l, "disclosure.list.count", { count: props.d.activeTotal })}
      </h2>
      {props.d.active.length === 0 ? <p>{t(l, "disclosure.list.empty")}</p> : <ListTable rows={props.d.active} caption={title} />}
      <Pager l={l} page={props.d.page} pages={props.d.pages} href={(n) => `${page.base}/credit-lists/${props.list}${queryString({ q: props.q, page: n })}`} />
      {props.d.left.length ? (
        <>
          <h2>{t(l, "disclosure.list.recentExits")}</h2>
          <ListTable rows={props.d.left} left caption={t(l, "disclosure.list.recentExits")} />
        </>
      ) : null}
    </Layout>
  );
}

function CreditListsIndex(props: { c: Context<AppEnv>; counts: { abnormal: number; serious: number } }) {
  const page = pageInfo(props.c);
  const l = page.locale;
  return (
    <Layout page={page} title={t(l, "disclosure.list.title")} description={t(l, "disclosure.list.intro")} meta={{ canonical: `${page.base}/credit-lists` }}>
      <h1>{t(l, "disclosure.list.title")}</h1>
      <p class="lead">{t(l, "disclosure.list.intro")}</p>
      <ul class="cards">
        {(["abnormal", "serious"] as const).map((list) => (
          <li class="card">
            <span class="figure">{props.counts[list]}</span>
            <a href={`${page.base}/credit-lists/${list}`}>{t(l, `disclosure.list.${list}`)}</a>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

// ---------------------------------------------------------------- routes

export function registerPublicRoutes(app: Hono<AppEnv>): void {
  const r = routes(app, "district");

  r.get("/organizations", "public", async (c) => {
    const q = readQuery(c, directoryQuerySchema);
    const found = await directoryPage(c.var.data, q);
    return cachedHtml(c, <DirectoryPage c={c} q={q} found={found} areas={found.areas} />);
  });

  r.get("/organizations/:orgId", "public", async (c) => {
    const orgId = c.req.param("orgId") ?? "";
    const [d, projects] = await Promise.all([
      organizationPage(c.var.data, orgId),
      c.var.district.modules.includes("projects") ? Promise.all([publicProjects(c.var.data, { offset: 0, limit: ORG_PAGE_PROJECTS }, orgId), fundedCount(c.var.data, orgId)]) : null,
    ]);
    return cachedHtml(c, <OrganizationPublicPage c={c} d={d} areas={d.areas} projects={projects} />);
  });

  r.get("/disclosures/:disclosureId", "public", async (c) => {
    const d = await disclosurePage(c.var.data, c.req.param("disclosureId") ?? "");
    if (d.disclosure.verification !== "verified") throw notFound();
    return cachedHtml(c, <DisclosurePublicPage c={c} d={d} />);
  });

  r.get("/disclosures/:disclosureId/attachments/:attachmentId", "public", async (c) => {
    const row = await publicAttachment(c.var.data, { disclosureId: c.req.param("disclosureId") ?? "", attachmentId: c.req.param("attachmentId") ?? "" });
    const object = await readFile(c.env, row.r2_key);
    if (!object) throw notFound();
    // Served as a download with its sniffed type; never rendered in our origin's context.
    return new Response(object.body, {
      headers: {
        "content-type": row.content_type,
        "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(row.filename)}`,
        "x-content-type-options": "nosniff",
        "cache-control": "public, max-age=3600",
        etag: object.httpEtag,
      },
    });
  });

  r.get("/credit-lists", "public", async (c) => {
    const f = await homeFigures(c.var.data);
    return cachedHtml(c, <CreditListsIndex c={c} counts={f} />);
  });

  r.get("/credit-lists/:list", "public", async (c) => {
    const list = c.req.param("list");
    if (list !== "abnormal" && list !== "serious") throw notFound();
    const { page, q } = readQuery(c, listPageQuerySchema);
    const d = await creditList(c.var.data, list, addDays(today(), -365), page, q);
    return cachedHtml(c, <CreditListsPage c={c} list={list} q={q} d={d} />);
  });
}
