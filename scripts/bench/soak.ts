import type { Miniflare } from "miniflare";
import { verifyChain, type ChainReport } from "../../src/audit/chain";
import { DEMO_PASSWORD } from "../../src/seed/demo";

// npm run bench -- --soak N: a mixed workload on the two demo districts, which live on
// two shards, from 50 concurrent connections for N minutes: public pages,
// sign-ins, applicants reading, auto-saving and submitting their own applications, and
// the staff's eligibility check returning each submission for another round. Then the
// checks: no 5xx, no acknowledged write missing (each connection works on its own
// application, so its last acknowledged save and step must be what is stored, and
// every acknowledged write has its audit event), every audit chain intact.

export const SOAK_CONNECTIONS = 50;
const DISTRICTS = [
  { code: "150203", shard: "DISTRICTS_0", staff: "admin@kdl.example.cn" },
  { code: "150204", shard: "DISTRICTS_1", staff: "admin@qs.example.cn" },
];

interface Session {
  cookie: string;
  csrf: string;
}

function cookiesOf(res: Response, into: Map<string, string>) {
  for (const line of (res.headers as unknown as { getSetCookie(): string[] }).getSetCookie()) {
    const [pair] = line.split(";");
    const [name, ...rest] = pair!.split("=");
    into.set(name!.trim(), rest.join("="));
  }
}

async function signIn(base: URL, code: string, email: string, password: string): Promise<{ status: number; session: Session }> {
  const jar = new Map<string, string>();
  cookiesOf(await fetch(new URL(`/d/${code}/login`, base)), jar);
  const csrf = jar.get("csrf") ?? "";
  const res = await fetch(new URL(`/d/${code}/login`, base), {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: `csrf=${csrf}` },
    body: new URLSearchParams({ email, password, _csrf: csrf }),
  });
  await res.arrayBuffer();
  cookiesOf(res, jar);
  return { status: res.status, session: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; "), csrf: jar.get("csrf") ?? csrf } };
}

interface Writer {
  code: string;
  email: string;
  password: string;
  session: Session;
  applicationId: string;
  /** The application's version as last acknowledged, for the next submission or decision. */
  version: number;
  /** Submitted and waiting for the staff's eligibility check (no draft saves meanwhile). */
  submitted: boolean;
  /** Acknowledged writes of each audited action. */
  acknowledged: Record<AuditedAction, number>;
  lastPlan: string | null;
}

/** Each acknowledged write of the soak and the audit event that must stand for it. */
const AUDITED = { "draft save": "incubation.draft_saved", submission: "incubation.application_submitted", "staff decision": "incubation.eligibility_return" } as const;
type AuditedAction = keyof typeof AUDITED;

/** A draft complete enough to submit: the founders have signed, the plan is uploaded. */
const completeDraft = (plan: string) => ({
  orgIntro: "耐久测试团队长期在社区开展为老服务与邻里互助活动，已服务居民三百余人次。",
  plan,
  needs: ["venue", "capacity_building"],
  teamSize: 6,
  founders: [
    { name: "刘洋", role: "负责人" },
    { name: "陈静", role: "财务" },
  ],
  foundersSigned: true,
});
const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

export interface SoakResult {
  minutes: number;
  connections: number;
  requests: number;
  byKind: Record<string, { requests: number; failures: number; p50Ms: number; p99Ms: number }>;
  /** Over every request, in milliseconds (a sign-in counts its form and its POST as one). */
  p50Ms: number;
  p99Ms: number;
  status5xx: number;
  other4xx: string[];
  acknowledgedWrites: number;
  acknowledgedByKind: Record<AuditedAction, number>;
  lostWrites: string[];
  chains: ChainReport[];
}

/** Signs up one applicant organization per connection, starts its application and uploads its plan. */
async function prepareWriter(base: URL, code: string, n: number): Promise<Writer> {
  const email = `soak-${n}-${Date.now().toString(36)}@soak.example.cn`;
  const password = "soak-pass-2026";
  const jar = new Map<string, string>();
  const signUp = await fetch(new URL(`/d/${code}/api/v1/auth/sign-up`, base), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ organizationName: `耐久测试社会组织${n}`, kind: "founding_team", displayName: `测试${n}`, email, password }),
  });
  cookiesOf(signUp, jar);
  if (signUp.status !== 202) throw new Error(`sign-up in ${code} answered ${signUp.status}: ${await signUp.text()}`);
  const { session } = await signIn(base, code, email, password);
  const start = await fetch(new URL(`/d/${code}/api/v1/incubation/calls/demo-${code}-inc-call-open/applications`, base), {
    method: "POST",
    headers: { "content-type": "application/json", cookie: session.cookie, "x-csrf-token": session.csrf },
    body: "{}",
  });
  if (start.status !== 201) throw new Error(`starting an application in ${code} answered ${start.status}: ${await start.text()}`);
  const { id } = (await start.json()) as { id: string };
  const form = new FormData();
  form.set("materialKey", "plan");
  form.set("file", new File([PDF], "plan.pdf", { type: "application/pdf" }));
  form.set("_csrf", session.csrf);
  const upload = await fetch(new URL(`/d/${code}/incubation/applications/${id}/attachments`, base), { method: "POST", body: form, headers: { accept: "application/json", cookie: session.cookie } });
  if (upload.status !== 201) throw new Error(`uploading the plan in ${code} answered ${upload.status}: ${await upload.text()}`);
  return { code, email, password, session, applicationId: id, version: 1, submitted: false, acknowledged: { "draft save": 0, submission: 0, "staff decision": 0 }, lastPlan: null };
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!);
}

export async function runSoak(base: URL, mf: Miniflare, minutes: number): Promise<SoakResult> {
  const writers: Writer[] = [];
  for (let i = 0; i < SOAK_CONNECTIONS; i++) writers.push(await prepareWriter(base, DISTRICTS[i % 2]!.code, i));
  // The staff who check submissions: one signed-in session per district.
  const staffSessions = new Map<string, Session>();
  for (const d of DISTRICTS) {
    const { status, session } = await signIn(base, d.code, d.staff, DEMO_PASSWORD);
    if (status !== 303) throw new Error(`staff sign-in in ${d.code} answered ${status}`);
    staffSessions.set(d.code, session);
  }
  const byKind: SoakResult["byKind"] = {};
  const latencies = new Map<string, number[]>();
  let status5xx = 0;
  const other4xx: string[] = [];
  const note = (kind: string, ok: boolean, startedAt: number) => {
    byKind[kind] ??= { requests: 0, failures: 0, p50Ms: 0, p99Ms: 0 };
    const k = byKind[kind];
    k.requests++;
    if (!ok) k.failures++;
    if (!latencies.has(kind)) latencies.set(kind, []);
    latencies.get(kind)!.push(performance.now() - startedAt);
  };
  const check = async (kind: string, res: Response, expected: number[], startedAt: number) => {
    await res.arrayBuffer();
    if (res.status >= 500) status5xx++;
    else if (!expected.includes(res.status) && other4xx.length < 20) other4xx.push(`${kind}: ${res.status}`);
    note(kind, expected.includes(res.status), startedAt);
    return expected.includes(res.status);
  };

  /** A write answered 200: counted, and its version kept for the writer's next step. */
  const acknowledged = async (w: Writer, kind: AuditedAction, res: Response, startedAt: number) => {
    const body = res.status === 200 ? ((await res.clone().json()) as { version: number }) : null;
    if (!(await check(kind, res, [200], startedAt)) || !body) return false;
    w.acknowledged[kind]++;
    w.version = body.version;
    return true;
  };

  const until = Date.now() + minutes * 60_000;
  let counter = 0;
  const loop = async (w: Writer) => {
    const d = `/d/${w.code}`;
    while (Date.now() < until) {
      const roll = Math.random();
      const t0 = performance.now();
      try {
        if (roll < 0.45) {
          const paths = [`${d}/`, `${d}/organizations`, `${d}/organizations?q=${encodeURIComponent("社区")}`, `${d}/notices`, `${d}/credit-lists`, `${d}/open-posts`];
          await check("public read", await fetch(new URL(paths[Math.floor(Math.random() * paths.length)]!, base)), [200], t0);
        } else if (roll < 0.55) {
          // Each connection signs in as its own applicant: five sign-ins to one address in
          // flight at once are refused by the lockout, as they should be.
          const { status } = await signIn(base, w.code, w.email, w.password);
          note("sign-in", status === 303, t0);
          if (status >= 500) status5xx++;
          else if (status !== 303 && other4xx.length < 20) other4xx.push(`sign-in: ${status}`);
        } else if (roll < 0.65) {
          const res = await fetch(new URL(`${d}/api/v1/incubation/applications/${w.applicationId}`, base), { headers: { cookie: w.session.cookie } });
          await check("own application read", res, [200], t0);
        } else if (w.submitted) {
          // The staff check the submission and return it for another round of edits.
          const staffSession = staffSessions.get(w.code)!;
          const res = await fetch(new URL(`${d}/api/v1/incubation/applications/${w.applicationId}/eligibility`, base), {
            method: "POST",
            headers: { "content-type": "application/json", cookie: staffSession.cookie, "x-csrf-token": staffSession.csrf },
            body: JSON.stringify({ outcome: "return", reasons: "请补充孵化期内的服务对象和预期成效。", version: w.version }),
          });
          if (await acknowledged(w, "staff decision", res, t0)) w.submitted = false;
        } else if (w.lastPlan !== null && Math.random() < 0.25) {
          const res = await fetch(new URL(`${d}/api/v1/incubation/applications/${w.applicationId}/submit`, base), {
            method: "POST",
            headers: { "content-type": "application/json", cookie: w.session.cookie, "x-csrf-token": w.session.csrf },
            body: JSON.stringify({ version: w.version, confirm: true }),
          });
          if (await acknowledged(w, "submission", res, t0)) w.submitted = true;
        } else {
          const plan = `耐久测试第 ${++counter} 次保存：孵化期内完善内部治理，开展社区服务项目。`;
          const res = await fetch(new URL(`${d}/api/v1/incubation/applications/${w.applicationId}/draft`, base), {
            method: "PUT",
            headers: { "content-type": "application/json", cookie: w.session.cookie, "x-csrf-token": w.session.csrf },
            body: JSON.stringify(completeDraft(plan)),
          });
          if (await acknowledged(w, "draft save", res, t0)) w.lastPlan = plan;
        }
      } catch (error) {
        note("connection error", false, t0);
        if (other4xx.length < 20) other4xx.push(`connection: ${(error as Error).message}`);
      }
    }
  };
  await Promise.all(writers.map(loop));

  // Every acknowledged write is stored: the last save is the draft, the application is in
  // the state the last acknowledged step left it in, and each write has its audit event.
  const lostWrites: string[] = [];
  for (const w of writers) {
    const res = await fetch(new URL(`/d/${w.code}/api/v1/incubation/applications/${w.applicationId}`, base), { headers: { cookie: w.session.cookie } });
    const body = (await res.json()) as { status?: string; version?: number; form?: { plan?: string } };
    const where = `${w.code} ${w.applicationId}`;
    if (w.lastPlan !== null && body.form?.plan !== w.lastPlan) lostWrites.push(`${where}: last acknowledged save not stored`);
    if ((body.status === "submitted") !== w.submitted || body.version !== w.version) lostWrites.push(`${where}: ${body.status} at version ${body.version}, expected ${w.submitted ? "submitted" : "editable"} at ${w.version}`);
    const shard = await mf.getD1Database(DISTRICTS.find((x) => x.code === w.code)!.shard);
    for (const [kind, action] of Object.entries(AUDITED) as [AuditedAction, string][]) {
      const events = await shard.prepare("SELECT count(*) AS n FROM audit_events WHERE district_id = ? AND action = ? AND target_id = ?").bind(w.code, action, w.applicationId).first<{ n: number }>();
      if ((events?.n ?? 0) < w.acknowledged[kind]) lostWrites.push(`${where}: ${w.acknowledged[kind]} × ${kind} acknowledged, ${events?.n ?? 0} audited`);
    }
  }
  const chains: ChainReport[] = [];
  const columns = "seq, id, at, actor_id, actor_role, action, target_type, target_id, summary_json, request_id, prev_hash, hash";
  for (const d of DISTRICTS) {
    const shard = await mf.getD1Database(d.shard);
    const { results } = await shard.prepare(`SELECT ${columns} FROM audit_events WHERE district_id = ? ORDER BY seq`).bind(d.code).all<Parameters<typeof verifyChain>[1][number]>();
    chains.push(await verifyChain(d.code, results));
  }
  const platform = await mf.getD1Database("PLATFORM");
  chains.push(await verifyChain("platform", (await platform.prepare(`SELECT ${columns} FROM platform_audit_events ORDER BY seq`).all<Parameters<typeof verifyChain>[1][number]>()).results));
  const requests = Object.values(byKind).reduce((n, k) => n + k.requests, 0);
  const acknowledgedByKind = { "draft save": 0, submission: 0, "staff decision": 0 };
  for (const w of writers) for (const kind of Object.keys(AUDITED) as AuditedAction[]) acknowledgedByKind[kind] += w.acknowledged[kind];
  const acknowledgedWrites = Object.values(acknowledgedByKind).reduce((n, k) => n + k, 0);
  for (const [kind, times] of latencies) {
    times.sort((a, b) => a - b);
    byKind[kind]!.p50Ms = percentile(times, 50);
    byKind[kind]!.p99Ms = percentile(times, 99);
  }
  const all = [...latencies.values()].flat().sort((a, b) => a - b);
  return { minutes, connections: SOAK_CONNECTIONS, requests, byKind, p50Ms: percentile(all, 50), p99Ms: percentile(all, 99), status5xx, other4xx, acknowledgedWrites, acknowledgedByKind, lostWrites, chains };
}
