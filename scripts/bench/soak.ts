import type { Miniflare } from "miniflare";
import { verifyChain, type ChainReport } from "../../src/audit/chain";
import { DEMO_PASSWORD } from "../../src/seed/demo";

// npm run bench -- --soak N: a mixed workload on the two demo districts, which live on
// two shards, from 50 concurrent connections for N minutes; then the checks: no 5xx,
// no acknowledged write missing (each connection saves its own draft, so its last
// acknowledged save must be what is stored, and every acknowledged save has its audit
// event), every audit chain intact.

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
  session: Session;
  applicationId: string;
  acknowledged: number;
  lastPlan: string | null;
}

export interface SoakResult {
  minutes: number;
  connections: number;
  requests: number;
  byKind: Record<string, { requests: number; failures: number }>;
  status5xx: number;
  other4xx: string[];
  acknowledgedWrites: number;
  lostWrites: string[];
  chains: ChainReport[];
}

/** Signs up one applicant organization per connection and starts its draft. */
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
  if (signUp.status !== 201) throw new Error(`sign-up in ${code} answered ${signUp.status}: ${await signUp.text()}`);
  const { session } = await signIn(base, code, email, password);
  const start = await fetch(new URL(`/d/${code}/api/v1/incubation/calls/demo-${code}-inc-call-open/applications`, base), {
    method: "POST",
    headers: { "content-type": "application/json", cookie: session.cookie, "x-csrf-token": session.csrf },
    body: "{}",
  });
  if (start.status !== 201) throw new Error(`starting an application in ${code} answered ${start.status}: ${await start.text()}`);
  const { id } = (await start.json()) as { id: string };
  return { code, session, applicationId: id, acknowledged: 0, lastPlan: null };
}

export async function runSoak(base: URL, mf: Miniflare, minutes: number): Promise<SoakResult> {
  const writers: Writer[] = [];
  for (let i = 0; i < SOAK_CONNECTIONS; i++) writers.push(await prepareWriter(base, DISTRICTS[i % 2]!.code, i));
  const byKind: SoakResult["byKind"] = {};
  let status5xx = 0;
  const other4xx: string[] = [];
  const note = (kind: string, ok: boolean) => {
    byKind[kind] ??= { requests: 0, failures: 0 };
    const k = byKind[kind];
    k.requests++;
    if (!ok) k.failures++;
  };
  const check = async (kind: string, res: Response, expected: number[]) => {
    await res.arrayBuffer();
    if (res.status >= 500) status5xx++;
    else if (!expected.includes(res.status) && other4xx.length < 20) other4xx.push(`${kind}: ${res.status}`);
    note(kind, expected.includes(res.status));
    return expected.includes(res.status);
  };

  const until = Date.now() + minutes * 60_000;
  let counter = 0;
  const loop = async (w: Writer) => {
    const d = `/d/${w.code}`;
    const staff = DISTRICTS.find((x) => x.code === w.code)!.staff;
    while (Date.now() < until) {
      const roll = Math.random();
      try {
        if (roll < 0.45) {
          const paths = [`${d}/`, `${d}/organizations`, `${d}/organizations?q=${encodeURIComponent("社区")}`, `${d}/notices`, `${d}/credit-lists`, `${d}/open-posts`];
          await check("public read", await fetch(new URL(paths[Math.floor(Math.random() * paths.length)]!, base)), [200]);
        } else if (roll < 0.55) {
          const { status } = await signIn(base, w.code, staff, DEMO_PASSWORD);
          note("staff sign-in", status === 303);
          if (status >= 500) status5xx++;
        } else if (roll < 0.65) {
          const res = await fetch(new URL(`${d}/api/v1/incubation/applications/${w.applicationId}`, base), { headers: { cookie: w.session.cookie } });
          await check("own application read", res, [200]);
        } else {
          const plan = `耐久测试第 ${++counter} 次保存：孵化期内完善内部治理，开展社区服务项目。`;
          const res = await fetch(new URL(`${d}/api/v1/incubation/applications/${w.applicationId}/draft`, base), {
            method: "PUT",
            headers: { "content-type": "application/json", cookie: w.session.cookie, "x-csrf-token": w.session.csrf },
            body: JSON.stringify({ plan }),
          });
          if (await check("draft save", res, [200])) {
            w.acknowledged++;
            w.lastPlan = plan;
          }
        }
      } catch (error) {
        note("connection error", false);
        if (other4xx.length < 20) other4xx.push(`connection: ${(error as Error).message}`);
      }
    }
  };
  await Promise.all(writers.map(loop));

  // Every acknowledged save is stored: the last one is the draft, each has its audit event.
  const lostWrites: string[] = [];
  for (const w of writers) {
    const res = await fetch(new URL(`/d/${w.code}/api/v1/incubation/applications/${w.applicationId}`, base), { headers: { cookie: w.session.cookie } });
    const body = (await res.json()) as { form?: { plan?: string } };
    if (w.lastPlan !== null && body.form?.plan !== w.lastPlan) lostWrites.push(`${w.code} ${w.applicationId}: last acknowledged save not stored`);
    const shard = await mf.getD1Database(DISTRICTS.find((x) => x.code === w.code)!.shard);
    const events = await shard.prepare("SELECT count(*) AS n FROM audit_events WHERE district_id = ? AND action = 'incubation.draft_saved' AND target_id = ?").bind(w.code, w.applicationId).first<{ n: number }>();
    if ((events?.n ?? 0) < w.acknowledged) lostWrites.push(`${w.code} ${w.applicationId}: ${w.acknowledged} saves acknowledged, ${events?.n ?? 0} audited`);
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
  return { minutes, connections: SOAK_CONNECTIONS, requests, byKind, status5xx, other4xx, acknowledgedWrites: writers.reduce((n, w) => n + w.acknowledged, 0), lostWrites, chains };
}
