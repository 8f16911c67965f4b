// Whether the platform split into Workers (npm run build:workers) answers as the one Worker
// does: both are built and served in turn under Miniflare on the same seeded demo, and the
// same pages are read from each, by a visitor and by every demo person of the main demo
// district, following the links of each page from the district's home. Every page must
// give the same status and the same text (once the tokens made per request are blanked).
//
//   node scripts/run.mjs scripts/workers/compare.ts [--pages 40] [--report file.json]
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { DEMO_DISTRICTS, demoEmail } from "../../src/seed/demo";
import { signIn } from "../bench/routes";
import { buildSplitWorkers, buildWorker, serveSplit, serveWorker } from "../bench/server";
import { seedDemo } from "../lib/seed";
import { applyTenants } from "../lib/tenants";
import { localSecrets, migrate } from "../lib/wrangler";

const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
/** Pages read per person, breadth first from the home page. */
const PAGES_EACH = Number(option("--pages") ?? 40);
const DISTRICT = DEMO_DISTRICTS.find((d) => !d.onboarding)!;
const base = `/d/${DISTRICT.code}`;

interface Answer {
  status: number;
  body: string;
}

/** What differs between two renderings of the same page by design: tokens, nonces, request ids. */
function normalized(body: string): string {
  return (
    body
      .replace(/(name="(?:_csrf|_once|_token)"\s+value=")[^"]*/g, "$1")
      .replace(/(name="csrf-token"\s+content=")[^"]*/g, "$1")
      .replace(/nonce="[^"]*"/g, 'nonce=""')
      .replace(/"(requestId|csrfToken)":"[^"]*"/g, '"$1":""')
      // Times of what happened during the reading itself (sign-ins in the audit log).
      .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, "<time>")
      .replace(/\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)?/g, "<time>")
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<uuid>")
  );
}

/** Links to follow: the district's own pages, read with GET, leaving out what signs out or switches language. */
function linksOf(body: string): string[] {
  const found: string[] = [];
  for (const m of body.matchAll(/href="([^"#]+)"/g)) {
    const href = m[1]!.replaceAll("&amp;", "&");
    if (!href.startsWith(`${base}/`) && href !== base) continue;
    if (/\/(logout|login)\b|[?&]lang=/.test(href)) continue;
    found.push(href);
  }
  return found;
}

type Person = { label: string; email: string | null };

/** Read by everyone besides the pages linked: what the front gathers from the page Workers, open data and API lists. */
const ALSO = ["/api/v1/openapi.json", `${base}/open-data`, `${base}/open-data/v1/projects.json`, `${base}/open-data/v1/community-needs.csv`, `${base}/api/v1/organizations`, `${base}/api/v1/projects/calls`, `${base}/api/v1/auth/me`];

/** The district's own hostname (tenants/), where paths carry no /d/{code}: the front passes them on as they are. */
const HOSTNAME = "kundulun.localhost";
const ON_HOSTNAME = ["/", "/organizations", "/projects", "/needs/status", "/open-data", "/notices", "/login", "/api/v1/organizations"];

/** GET with the Host header of the district's hostname (fetch may not set Host), on the server at `origin`. */
function getOnHostname(origin: URL, pathname: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: origin.hostname, port: origin.port, path: pathname, headers: { host: `${HOSTNAME}:${origin.port}` } }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      // Absolute links name the hostname with the port each server happened to get.
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: normalized(body.replaceAll(`:${origin.port}`, ":<port>")) }));
    });
    req.on("error", reject);
  });
}

async function readOnHostname(origin: URL): Promise<Map<string, Answer>> {
  const read = new Map<string, Answer>();
  for (const pathname of ON_HOSTNAME) read.set(`//${HOSTNAME}${pathname}`, await getOnHostname(origin, pathname));
  return read;
}

/** Reads pages breadth first from the home page; returns every page read, in order, with its answer. */
async function crawl(origin: URL, person: Person, fixed?: readonly string[]): Promise<Map<string, Answer>> {
  const cookie = person.email ? (await signIn(origin, DISTRICT.code, person.email)).cookie : "";
  const seen = new Map<string, Answer>();
  const queue = fixed ? [...fixed] : [`${base}/`, ...ALSO];
  while (queue.length && seen.size < (fixed ? fixed.length : PAGES_EACH)) {
    const href = queue.shift()!;
    if (seen.has(href)) continue;
    const res = await fetch(new URL(href, origin), { redirect: "manual", headers: cookie ? { cookie } : {} });
    const body = await res.text();
    seen.set(href, { status: res.status, body: normalized(body) });
    if (!fixed && /text\/html/.test(res.headers.get("content-type") ?? "")) for (const link of linksOf(body)) if (!seen.has(link)) queue.push(link);
  }
  return seen;
}

const people: Person[] = [{ label: "visitor", email: null }, ...DISTRICT.people.map((p) => ({ label: p.role, email: demoEmail(DISTRICT, p) }))];

const stateDir = mkdtempSync(path.join(os.tmpdir(), "sanshe-split-"));
process.env.SANSHE_PERSIST_DIR = stateDir;
try {
  const one = buildWorker(path.join(stateDir, "one"));
  const split = buildSplitWorkers(path.join(stateDir, "split"), { check: true });

  migrate("--local");
  await applyTenants("--local");
  await seedDemo("--local");
  const secrets = localSecrets();
  // Each is served from its own copy of the seeded state, so that what one writes (sessions,
  // the audit of each sign-in) is not there when the other is read.
  const stateOf = (name: string) => {
    const dir = path.join(stateDir, name);
    cpSync(path.join(stateDir, "v3"), path.join(dir, "v3"), { recursive: true });
    return dir;
  };
  const [oneState, splitState] = [stateOf("state-one"), stateOf("state-split")];

  // The one Worker first: it decides which pages are read; the split then reads the same.
  const expected = new Map<string, Map<string, Answer>>();
  {
    const { mf, url } = await serveWorker(one, oneState, secrets);
    for (const person of people) expected.set(person.label, await crawl(url, person));
    expected.set(`visitor on ${HOSTNAME}`, await readOnHostname(url));
    await mf.dispose();
  }
  const differences: { person: string; href: string; one: number; split: number; excerpt: string }[] = [];
  const servedBy = new Map<string, number>();
  {
    const { mf, url } = await serveSplit(split, splitState, secrets);
    for (const person of [...people, { label: `visitor on ${HOSTNAME}`, email: null }]) {
      const want = expected.get(person.label)!;
      const got = person.label.startsWith("visitor on") ? await readOnHostname(url) : await crawl(url, person, [...want.keys()]);
      for (const [href, answer] of want) {
        const other = got.get(href)!;
        const key = href.startsWith(`//${HOSTNAME}`) ? href.slice(HOSTNAME.length + 2) : href.slice(base.length);
        const binding = Object.entries(split.pageRoutes).find(([k]) => key === `/${k}` || key.startsWith(`/${k}/`) || key.startsWith(`/${k}?`))?.[1] ?? "front";
        servedBy.set(binding, (servedBy.get(binding) ?? 0) + 1);
        if (other.status === answer.status && other.body === answer.body) continue;
        let at = 0;
        while (at < answer.body.length && answer.body[at] === other.body[at]) at++;
        differences.push({ person: person.label, href, one: answer.status, split: other.status, excerpt: `${answer.body.slice(Math.max(0, at - 80), at + 120)}\n  ≠ ${other.body.slice(Math.max(0, at - 80), at + 120)}` });
      }
    }
    await mf.dispose();
  }
  const report = {
    workers: split.workers.map((w) => ({ name: w.workerName, gzippedBytes: w.gzippedBytes, pagesOf: w.pagesOf })),
    pagesRead: [...expected.values()].reduce((n, m) => n + m.size, 0),
    onHostname: [...expected.get(`visitor on ${HOSTNAME}`)!].map(([href, a]) => ({ href, status: a.status })),
    servedBy: Object.fromEntries(servedBy),
    differences,
  };
  const out = option("--report");
  if (out) writeFileSync(out, JSON.stringify(report, null, 2));
  console.log(`${report.pagesRead} pages read by ${people.length} people; by Worker: ${[...servedBy].map(([b, n]) => `${b} ${n}`).join(", ")}`);
  for (const d of differences.slice(0, 20)) console.log(`\n${d.person} ${d.href}: ${d.one} in one Worker, ${d.split} split\n  ${d.excerpt}`);
  console.log(differences.length ? `\n${differences.length} pages differ` : "\nevery page answers the same");
} finally {
  rmSync(stateDir, { recursive: true, force: true });
}
