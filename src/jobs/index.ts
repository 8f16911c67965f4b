import type { Env } from "../env";
import { refreshHolidayCalendars } from "../platform/holiday-calendars";
import { DistrictData } from "../data/district-data";
import { listDistricts, shardDatabase } from "../district-lookup/district-registry";
import { moduleEnabled, setUpModules } from "../core/module-contract";
import { MODULES } from "../modules";
import { nowIso } from "../lib/time";
import { dispatchPlatformOutbox } from "../notifications/publish";
import { EVERY_FIVE_MINUTES } from "./crons";
import { pendingRetries, recordRun, type JobOutcome } from "../operations/job-log";

// Time-driven work. Each cron trigger in wrangler.toml runs the jobs registered for it,
// once per district that is not suspended. Jobs take their clock from the trigger's
// scheduled time (never from Date.now()), so a test can run them at any moment, and
// every job is idempotent: running it twice for the same time changes nothing more.

export interface JobContext {
  env: Env;
  data: DistrictData;
  now: string;
}

export interface Job {
  name: string;
  cron: string;
  run(ctx: JobContext): Promise<number>; // how many records it changed
}

/** Every module's jobs, in the order of the module list. */
export function allJobs(): { job: Job; module: (typeof MODULES)[number] }[] {
  return MODULES.flatMap((module) => (module.jobs ?? []).map((job) => ({ job, module })));
}

export type JobRun = JobOutcome;

export async function runJobs(env: Env, cron: string, scheduledTime: number): Promise<JobRun[]> {
  setUpModules(MODULES);
  const now = new Date(scheduledTime).toISOString();
  const startedAt = nowIso();
  const every = allJobs();
  const jobs = every.filter((j) => j.job.cron === cron);
  // A job that failed for a district at an earlier trigger runs again at this one,
  // whatever its own cron: jobs are idempotent and take the clock from the trigger.
  const retries = await pendingRetries(env).catch((error) => {
    console.error("reading job retries failed:", error);
    return new Map<string, Set<string>>();
  });
  const runs: JobRun[] = [];
  // Messages to operators belong to no district: their retries are handed over once per run.
  if (cron === EVERY_FIVE_MINUTES) await dispatchPlatformOutbox(env, now).catch((error) => console.error("dispatching messages to operators failed:", error));
  if (jobs.length === 0 && retries.size === 0) return runs;
  // Deadlines set by jobs follow the holiday calendar operators entered.
  await refreshHolidayCalendars(env, true);
  for (const district of await listDistricts(env)) {
    if (district.status === "suspended") continue;
    const retry = retries.get(district.code);
    const due = [...jobs, ...every.filter((j) => j.job.cron !== cron && retry?.has(j.job.name))];
    if (due.length === 0) continue;
    const data = new DistrictData(district, shardDatabase(env, district.shard), { id: null, role: "system", requestId: `cron:${cron}@${now}` });
    for (const { job, module } of due) {
      // A module the district has switched off does no work there.
      if (!moduleEnabled(module, district.modules)) continue;
      const again = retry?.has(job.name) ? { retry: true } : {};
      // A district whose data is moving between shards is not written; its jobs wait
      // for the next trigger, like a failure.
      if (district.writeLock) {
        runs.push({ job: job.name, district: district.code, changed: 0, error: `deferred: district ${district.writeLock}`, ...again });
        continue;
      }
      // One district's failure must not stop the others; it is recorded and retried
      // at the next trigger.
      try {
        runs.push({ job: job.name, district: district.code, changed: await job.run({ env, data, now }), ...again });
      } catch (error) {
        runs.push({ job: job.name, district: district.code, changed: 0, error: String(error), ...again });
        console.error(`job ${job.name} failed for district ${district.code}:`, error);
      }
    }
  }
  try {
    await recordRun(env, { cron, scheduledAt: now, startedAt, outcomes: runs });
  } catch (error) {
    console.error("recording the scheduled run failed:", error);
  }
  return runs;
}
