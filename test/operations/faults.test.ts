import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import worker from "../../src/index";
import { DAILY, EVERY_FIVE_MINUTES } from "../../src/jobs/crons";
import { recentRuns } from "../../src/operations/job-log";
import type { Env } from "../../src/env";
import { Browser, countRows, testEnv } from "../helpers";
import { districtWith } from "../fixtures/district";
import { completeDraft, PDF, world, type World } from "../incubation/fixtures";
import { chainOk, faults, faultyEnv, sendFaulty } from "./faults";

// Failures injected where they happen in production: a D1 batch failing after the
// file reached R2, R2 itself failing, a shard failing during the scheduled jobs.
// Nothing is lost or half-done, and every audit chain still verifies.

afterEach(() => faults.reset());

const D = "320101"; // incubation district, DISTRICTS_0
const A = "320102"; // scheduled jobs, DISTRICTS_0
const B = "320103"; // scheduled jobs, DISTRICTS_1 (the shard that fails)

const w: World = await world(D);
w.applicant = Object.assign(new Browser(sendFaulty), { cookies: w.applicant.cookies });
await districtWith(A, { shard: "DISTRICTS_0" });
await districtWith(B, { shard: "DISTRICTS_1" });

const start = await w.applicant.api(`/d/${D}/api/v1/incubation/calls/${w.callId}/applications`, { method: "POST", json: {} });
const applicationId = ((await start.json()) as { id: string }).id;
await w.applicant.api(`/d/${D}/api/v1/incubation/applications/${applicationId}/draft`, { method: "PUT", json: completeDraft });

function upload(name = "plan.pdf") {
  const form = new FormData();
  form.set("materialKey", "plan");
  form.set("file", new File([PDF], name, { type: "application/pdf" }));
  form.set("_csrf", w.applicant.csrf);
  return w.applicant.fetch(`/d/${D}/incubation/applications/${applicationId}/attachments`, { method: "POST", body: form, headers: { accept: "application/json" } });
}

const files = async (prefix: string) => (await testEnv.FILES.list({ prefix })).objects.map((o) => o.key);
const attachments = () => countRows(testEnv.DISTRICTS_0, "application_attachments", "district_id = ?", D);
const events = (code: string, db = testEnv.DISTRICTS_0) => countRows(db, "audit_events", "district_id = ?", code);

async function scheduled(env: Env, cron: string, at: number) {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ scheduledTime: at, cron }), env, ctx);
  await waitOnExecutionContext(ctx);
}

describe("a D1 batch failing after the file reached R2", () => {
  it("removes the stored file again: no record, no audit event, no orphan, the draft as it was", async () => {
    const before = { events: await events(D), files: await files(`${D}/`) };
    faults.batchSql = /insert into "application_attachments"/;
    const response = await upload();
    expect(response.status).toBeGreaterThanOrEqual(500);
    expect(await attachments()).toBe(0);
    expect(await events(D)).toBe(before.events);
    expect(await files(`${D}/`)).toEqual(before.files);
    const draft = (await (await w.applicant.api(`/d/${D}/api/v1/incubation/applications/${applicationId}`)).json()) as { form: { plan: string }; attachments: unknown[] };
    expect(draft.form.plan).toBe(completeDraft.plan);
    expect(draft.attachments).toEqual([]);
  });

  it("leaves an orphan when R2's delete fails too; the daily sweep removes it after a day and counts it", async () => {
    faults.batchSql = /insert into "application_attachments"/;
    faults.r2Delete = true;
    expect((await upload("lost.pdf")).status).toBeGreaterThanOrEqual(500);
    faults.reset();
    const orphans = await files(`${D}/applications/${applicationId}/`);
    expect(orphans).toHaveLength(1);
    // A file that is recorded stays, however old.
    expect((await upload("kept.pdf")).status).toBe(201);
    const all = await files(`${D}/applications/${applicationId}/`);
    const kept = all.find((k) => !orphans.includes(k))!;
    expect(await attachments()).toBe(1);

    // Within a day the orphan may still be an upload waiting for its record: kept.
    await scheduled(testEnv, DAILY, Date.now() + 3600_000);
    expect(await files(`${D}/applications/${applicationId}/`)).toHaveLength(2);
    await scheduled(testEnv, DAILY, Date.now() + 25 * 3600_000);
    expect(await files(`${D}/applications/${applicationId}/`)).toEqual([kept]);
    const [run] = await recentRuns(testEnv, 1);
    expect(run!.outcomes.find((o) => o.job === "files.orphans" && o.district === D)).toEqual({ job: "files.orphans", district: D, changed: 1 });
    // The recorded attachment still downloads.
    const listed = (await (await w.applicant.api(`/d/${D}/api/v1/incubation/applications/${applicationId}`)).json()) as { attachments: { id: string }[] };
    expect((await w.applicant.fetch(`/d/${D}/incubation/attachments/${listed.attachments[0]!.id}`)).status).toBe(200);
  });
});

describe("R2 failing", () => {
  it("answers 503 saying nothing was saved, in both languages, and records nothing", async () => {
    const before = { events: await events(D), rows: await attachments(), files: await files(`${D}/`) };
    faults.r2Put = true;
    const response = await upload("during-outage.pdf");
    expect(response.status).toBe(503);
    const problem = (await response.json()) as { code: string; title: string };
    expect(problem.code).toBe("storage_unavailable");
    expect(problem.title).toContain("文件未保存");
    const english = await w.applicant.fetch(`/d/${D}/incubation/applications/${applicationId}/attachments?lang=en`, {
      method: "POST",
      body: (() => {
        const form = new FormData();
        form.set("materialKey", "plan");
        form.set("file", new File([PDF], "x.pdf"));
        form.set("_csrf", w.applicant.csrf);
        return form;
      })(),
      headers: { accept: "application/json" },
    });
    await w.applicant.fetch(`/d/${D}/?lang=zh-CN`);
    expect(((await english.json()) as { title: string }).title).toContain("nothing was recorded");
    expect(await attachments()).toBe(before.rows);
    expect(await events(D)).toBe(before.events);
    expect(await files(`${D}/`)).toEqual(before.files);
  });

  it("answers a download with 503 and a page saying to try again, not a 500", async () => {
    const listed = (await (await w.applicant.api(`/d/${D}/api/v1/incubation/applications/${applicationId}`)).json()) as { attachments: { id: string }[] };
    faults.r2Get = true;
    const response = await w.applicant.fetch(`/d/${D}/incubation/attachments/${listed.attachments[0]!.id}`);
    expect(response.status).toBe(503);
    expect(await response.text()).toContain("文件存储暂时不可用");
    faults.reset();
    expect((await w.applicant.fetch(`/d/${D}/incubation/attachments/${listed.attachments[0]!.id}`)).status).toBe(200);
  });
});

describe("a scheduled job failing for one district", () => {
  it("runs the other districts, logs each outcome, and retries the failed district at the next trigger", async () => {
    // An expired session in each district: the five-minute cleanup removes it.
    const past = new Date(Date.now() - 86_400_000).toISOString();
    for (const [code, db] of [
      [A, testEnv.DISTRICTS_0],
      [B, testEnv.DISTRICTS_1],
    ] as const) {
      await db
        .prepare("INSERT INTO users (district_id, id, email, display_name, password_hash, status, password_changed_at, created_at, updated_at) VALUES (?, 'u1', ?, '用户', 'x', 'active', ?, ?, ?)")
        .bind(code, `u1@${code}.cn`, past, past, past)
        .run();
      await db.prepare("INSERT INTO sessions (district_id, id_hash, user_id, created_at, last_seen_at, expires_at) VALUES (?, 'h1', 'u1', ?, ?, ?)").bind(code, past, past, past).run();
    }
    const sessions = (code: string, db: D1Database) => countRows(db, "sessions", "district_id = ?", code);

    faults.downShards.add("DISTRICTS_1");
    const now = Date.now();
    await scheduled(faultyEnv, EVERY_FIVE_MINUTES, now);
    expect(await sessions(A, testEnv.DISTRICTS_0)).toBe(0);
    expect(await sessions(B, testEnv.DISTRICTS_1)).toBe(1);
    let [run] = await recentRuns(testEnv, 1);
    expect(run!.cron).toBe(EVERY_FIVE_MINUTES);
    expect(run!.failures).toBeGreaterThan(0);
    // Every job that reached B's shard failed with the fault (a job with nothing to do at
    // this hour, such as the daily digest outside its hour, never reaches it).
    expect(run!.outcomes.find((o) => o.district === B && o.job === "sessions.cleanup")!.error).toContain("injected fault");
    expect(run!.outcomes.filter((o) => o.district === B && o.error !== undefined).every((o) => o.error!.includes("injected fault"))).toBe(true);
    expect(run!.outcomes.filter((o) => o.district === A).every((o) => o.error === undefined)).toBe(true);
    expect(run!.outcomes.find((o) => o.district === A && o.job === "sessions.cleanup")!.changed).toBe(1);

    // The daily run fails for B as well; its daily jobs wait for the next trigger.
    await scheduled(faultyEnv, DAILY, now + 60_000);
    const retries = await testEnv.PLATFORM.prepare("SELECT job, attempts FROM job_retries WHERE district_code = ? ORDER BY job").bind(B).all<{ job: string; attempts: number }>();
    expect(retries.results.map((r) => r.job)).toEqual(expect.arrayContaining(["files.orphans", "grades.expire", "sessions.cleanup"]));

    // The shard is back: the next five-minute trigger runs B's failed jobs, daily ones included.
    faults.reset();
    await scheduled(faultyEnv, EVERY_FIVE_MINUTES, now + 5 * 60_000);
    expect(await sessions(B, testEnv.DISTRICTS_1)).toBe(0);
    [run] = await recentRuns(testEnv, 1);
    expect(run!.failures).toBe(0);
    const retried = run!.outcomes.filter((o) => o.district === B && o.retry);
    expect(retried.map((o) => o.job)).toEqual(expect.arrayContaining(["files.orphans", "grades.expire", "credit_lists.clock"]));
    expect(run!.outcomes.filter((o) => o.district === A && o.retry)).toEqual([]);
    expect((await testEnv.PLATFORM.prepare("SELECT count(*) AS n FROM job_retries").first<{ n: number }>())!.n).toBe(0);
  });
});

describe("after all of these", () => {
  it("every audit chain verifies", async () => {
    for (const code of [D, A, B]) expect(await chainOk(code)).toMatchObject({ ok: true });
    expect((await chainOk(D)).events).toBeGreaterThan(5);
  });
});
