import { DEMO_PASSWORD } from "../../src/seed/demo";
import type { TenantFile } from "../../src/tenants/tenant-file";
import type { Client, Exchange } from "./clients";
import { GROWTH, growthTenant, MAIN } from "./districts";
import { CONNECTIONS, type RequestVariant } from "./load";
import { directorySearch } from "./scale";
import { BENCH_APPLICANTS, benchApplicantEmail, benchCallId, benchDraftId, REVIEW_CALL } from "./scale-rows";
import { BARE_PREFIX } from "./server";
import { bidDraftClients, needsFormClients, type SignedIn } from "./sessions";

// What the benchmark measures: the project's routes, the floor's routes and the growth
// runs. A route is either a fixed set of requests wrk replays, or clients (clients.ts)
// that build each request from the answer to the one before.

export interface Entry {
  key: string;
  label: string;
  base: URL;
  variants: RequestVariant[];
  clients?: () => Promise<Client[]>;
}

/** Signs in through the login form, as a browser would: returns the cookies and the CSRF token. */
export async function signIn(base: URL, district: string, email: string): Promise<SignedIn> {
  const form = await fetch(new URL(`/d/${district}/login`, base));
  const csrf = /csrf=([^;]+)/.exec(form.headers.get("set-cookie") ?? "")?.[1];
  if (!csrf) throw new Error("the login page set no csrf cookie");
  const res = await fetch(new URL(`/d/${district}/login`, base), {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: `csrf=${csrf}` },
    body: new URLSearchParams({ email, password: DEMO_PASSWORD, _csrf: csrf }),
  });
  const sid = /sid=([^;]+)/.exec(res.headers.get("set-cookie") ?? "")?.[1];
  if (res.status !== 303 || !sid) throw new Error(`sign-in of ${email} failed with ${res.status}`);
  return { cookie: `csrf=${csrf}; sid=${sid}`, csrf };
}

/** A route that cannot answer once within this is not measured (and counts as failed), so it cannot hold up the run. */
const FIRST_ANSWER_MS = 60_000;

/** Every measured request must succeed once before it is timed. */
export async function expectOk(entry: Entry) {
  const signal = AbortSignal.timeout(FIRST_ANSWER_MS);
  if (entry.clients) {
    const client = (await entry.clients())[0]!;
    const v = client.next(null);
    const res = await fetch(new URL(v.path, entry.base), { method: v.method, headers: v.headers, body: v.body, redirect: "manual", signal });
    const answer: Exchange = { status: res.status, headers: { location: res.headers.get("location") ?? undefined }, body: await res.text() };
    if (!client.ok(answer)) throw new Error(`${entry.key}: ${v.method} ${v.path} answered ${res.status} before the run:\n${answer.body.slice(0, 500)}`);
    return;
  }
  const v = entry.variants[0]!;
  const res = await fetch(new URL(v.path, entry.base), { method: v.method, headers: v.headers, body: v.body, signal });
  const text = await res.text();
  if (!res.ok) throw new Error(`${entry.key}: ${v.method} ${v.path} answered ${res.status} before the run:\n${text.slice(0, 500)}`);
}

const get = (p: string, headers?: Record<string, string>): RequestVariant[] => [{ method: "GET", path: p, headers }];

const INCUBATION_DRAFT = JSON.stringify({
  orgIntro: "扎根社区，长期开展为老、助残和青少年服务，骨干成员均有三年以上志愿服务经历。",
  plan: "孵化期内完善内部治理和财务制度，开展两个社区服务项目，培养五名专职骨干。",
  needs: ["venue", "capacity_building"],
  teamSize: 8,
  founders: [],
  foundersSigned: false,
});

/** The demo district's 公益创投 call open for bids (src/modules/projects/seed.ts). */
const OPEN_BID_CALL = `demo-${MAIN}-call-venture`;

/** An organization whose page shows every section: verified, graded, reported, on a credit list. */
export async function listedOrganization(shard: D1Database): Promise<string> {
  const row = await shard
    .prepare("SELECT id FROM organizations WHERE district_id = ? AND verification = 'verified' AND list_status = 'abnormal' AND grade_status <> 'none' AND last_report_year IS NOT NULL AND id LIKE 'bench-%' LIMIT 1")
    .bind(MAIN)
    .first<{ id: string }>();
  return row!.id;
}

/** The project's routes on the main district, in the order they are measured. */
export async function projectRoutes(base: URL, tenant: TenantFile, listedOrg: string): Promise<Entry[]> {
  const admin = await signIn(base, MAIN, "admin@kdl.example.cn");
  const applicants: SignedIn[] = [];
  for (let i = 0; i < BENCH_APPLICANTS; i++) applicants.push(await signIn(base, MAIN, benchApplicantEmail(i, "kdl.example.cn")));
  const d = `/d/${MAIN}`;
  const routes: Omit<Entry, "base">[] = [
    { key: "constantJson", label: "Constant JSON (/healthz)", variants: get("/healthz") },
    { key: "oneRowRead", label: "One indexed D1 row (/api/v1/areas/:code)", variants: get(`${d}/api/v1/areas/${MAIN}001001`) },
    { key: "organizationPage", label: "Organization page (public)", variants: get(`${d}/organizations/${listedOrg}`) },
    { key: "directorySearch", label: "Directory: name prefix + 2 filters", variants: get(`${d}/organizations?${directorySearch(tenant)}`) },
    { key: "creditList", label: "Credit list page (abnormal)", variants: get(`${d}/credit-lists/abnormal`) },
    { key: "projectsPage", label: "Funded projects page (public)", variants: get(`${d}/projects`) },
    { key: "needsSummary", label: "Community needs summary (public)", variants: get(`${d}/n/001001/summary`) },
    { key: "linkageSummary", label: "Linkage public summary (every area, four quarters)", variants: get(`${d}/linkage-summary`) },
    { key: "reviewQueue", label: "Staff review queue (call ranking)", variants: get(`${d}/api/v1/incubation/calls/${benchCallId(MAIN, REVIEW_CALL)}/ranking`, { cookie: admin.cookie }) },
    {
      key: "draftSave",
      label: "Draft save (signed in, CSRF, audited)",
      variants: applicants.map((a, i) => ({
        method: "PUT" as const,
        path: `${d}/api/v1/incubation/applications/${benchDraftId(MAIN, i)}/draft`,
        headers: { cookie: a.cookie, "x-csrf-token": a.csrf, "content-type": "application/json" },
        body: INCUBATION_DRAFT,
      })),
    },
    { key: "bidDraftSave", label: "Bid draft save (version read, audited)", variants: [], clients: bidDraftClients(base, MAIN, OPEN_BID_CALL, applicants.slice(0, CONNECTIONS)) },
    { key: "needsForm", label: "Needs form POST (new token each, public)", variants: [], clients: needsFormClients(base, MAIN, "001001", CONNECTIONS) },
  ];
  return routes.map((r) => ({ ...r, base }));
}

/** The floor: on Node a bare Hono + better-sqlite3 server; on workerd bare-worker.ts, same Miniflare. */
export function bareRoutes(base: URL, bare: URL | null, tenant: TenantFile, listedOrg: string): Entry[] {
  const d = `/d/${MAIN}`;
  const b = `${BARE_PREFIX}${d}`;
  return bare
    ? [
        { key: "bareConstantJson", label: "Bare Hono + better-sqlite3: constant JSON", variants: get("/healthz"), base: bare },
        { key: "bareOneRowRead", label: "Bare Hono + better-sqlite3: one row", variants: get(`${d}/api/v1/areas/${MAIN}001001`), base: bare },
      ]
    : [
        { key: "bareConstantJson", label: "Floor: constant JSON", variants: get(`${BARE_PREFIX}/healthz`), base },
        { key: "bareOneRowRead", label: "Floor: one indexed row", variants: get(`${b}/areas/${MAIN}001001`), base },
        { key: "bareOrganizationPage", label: "Floor: HTML page of one organization", variants: get(`${b}/organizations/${listedOrg}`), base },
        { key: "barePrefixSearch", label: "Floor: 20-row name prefix search", variants: get(`${b}/organizations?q=${encodeURIComponent(tenant.name.zh)}`), base },
      ];
}

/** The same query in districts that differ only in size: 1,000, 10,000 and 100,000 rows. */
export function growthRoutes(base: URL, main: TenantFile) {
  return GROWTH.map((g) => {
    const tenant = g.name ? growthTenant(main, g.code, g.name) : main;
    const entry = (key: string, path: string): Entry => ({ key: `${key}-${g.organizations}`, label: key, base, variants: get(path) });
    return {
      rows: g.organizations,
      directory: entry("directory", `/d/${g.code}/organizations?${directorySearch(tenant)}`),
      needs: entry("needs", `/d/${g.code}/n/001001/summary`),
      // The demo district keeps its few demo projects (districts.ts): no point at 10,000.
      projects: g.name ? entry("projects", `/d/${g.code}/projects`) : null,
    };
  });
}
