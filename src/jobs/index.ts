import type { Env } from "../env";
import { DistrictData } from "../data/district-data";
import { listDistricts, shardDatabase } from "../tenancy/district-registry";
import { moduleEnabled } from "../core/module-contract";
import { MODULES } from "../modules";

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

export interface JobRun {
  job: string;
  district: string;
  changed: number;
  error?: string;
}

export async function runJobs(env: Env, cron: string, scheduledTime: number): Promise<JobRun[]> {
  const now = new Date(scheduledTime).toISOString();
  const jobs = allJobs().filter((j) => j.job.cron === cron);
  const runs: JobRun[] = [];
  if (jobs.length === 0) return runs;
  for (const district of await listDistricts(env)) {
    if (district.status === "suspended") continue;
    const data = new DistrictData(district, shardDatabase(env, district.shard), { id: null, role: "system", requestId: `cron:${cron}@${now}` });
    for (const { job, module } of jobs) {
      // A module the district has switched off does no work there.
      if (!moduleEnabled(module, district.modules)) continue;
      // One district's failure must not stop the others; it is reported and retried
      // at the next trigger.
      try {
        runs.push({ job: job.name, district: district.code, changed: await job.run({ env, data, now }) });
      } catch (error) {
        runs.push({ job: job.name, district: district.code, changed: 0, error: String(error) });
        console.error(`job ${job.name} failed for district ${district.code}:`, error);
      }
    }
  }
  return runs;
}
