import { sql } from "kysely";
import { platformData } from "../data/platform-data";
import type { Env } from "../env";
import { newId } from "../lib/ids";
import { nowIso } from "../lib/time";

// The record of scheduled runs in PLATFORM: every run with each job's outcome per
// district (job_runs), and the jobs that failed for a district, which every following
// trigger runs again until they succeed (job_retries). A daily job that failed at
// 01:00 is thus retried five minutes later rather than the next night.

export interface JobOutcome {
  job: string;
  district: string;
  changed: number;
  error?: string;
  /** Run because it failed (or was deferred) at an earlier trigger. */
  retry?: boolean;
}

const db = (env: Env) => platformData(env);

/** District code → names of the jobs waiting for a retry there. */
export async function pendingRetries(env: Env): Promise<Map<string, Set<string>>> {
  const rows = await db(env).selectFrom("job_retries").select(["job", "district_code"]).execute();
  const byDistrict = new Map<string, Set<string>>();
  for (const row of rows) byDistrict.set(row.district_code, (byDistrict.get(row.district_code) ?? new Set()).add(row.job));
  return byDistrict;
}

/**
 * Stores the run and its outcomes, and in the same batch updates the retries: a
 * failure adds or counts one, a success clears it, and retries of districts that no
 * longer exist go.
 */
export async function recordRun(env: Env, run: { cron: string; scheduledAt: string; startedAt: string; outcomes: JobOutcome[] }): Promise<string> {
  const platform = db(env);
  const id = newId();
  const now = nowIso();
  const failures = run.outcomes.filter((o) => o.error !== undefined);
  const successes = run.outcomes.filter((o) => o.error === undefined);
  await platform.writeUnaudited([
    platform.insertInto("job_runs").values({
      id,
      cron: run.cron,
      scheduled_at: run.scheduledAt,
      started_at: run.startedAt,
      finished_at: now,
      districts: new Set(run.outcomes.map((o) => o.district)).size,
      failures: failures.length,
      outcomes_json: JSON.stringify(run.outcomes),
    }),
    ...failures.map((f) =>
      platform
        .insertInto("job_retries")
        .values({ job: f.job, district_code: f.district, first_failed_at: now, attempts: 1, last_error: f.error!.slice(0, 500) })
        .onConflict((oc) => oc.columns(["job", "district_code"]).doUpdateSet((eb) => ({ attempts: eb("job_retries.attempts", "+", 1), last_error: eb.ref("excluded.last_error") }))),
    ),
    ...successes.map((s) => platform.deleteFrom("job_retries").where("job", "=", s.job).where("district_code", "=", s.district)),
    platform.deleteFrom("job_retries").where("district_code", "not in", sql<string>`(SELECT code FROM districts)`),
  ]);
  return id;
}

/** The latest runs, newest first (the operator console and the tests read them). */
export async function recentRuns(env: Env, limit = 20) {
  const rows = await db(env).selectFrom("job_runs").selectAll().orderBy("started_at", "desc").orderBy("id", "desc").limit(limit).execute();
  return rows.map((r) => ({ ...r, outcomes: JSON.parse(r.outcomes_json) as JobOutcome[] }));
}
