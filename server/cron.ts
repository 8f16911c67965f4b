// Calls the Worker's scheduled() for each cron in wrangler.toml when it is due, with the
// minute it was due as the trigger time (as Cloudflare does; crons are in UTC).

type Field = (value: number) => boolean;

function field(spec: string, min: number, max: number): Field {
  const allowed = new Set<number>();
  for (const part of spec.split(",")) {
    const [range, stepText] = part.split("/");
    const step = stepText ? Number(stepText) : 1;
    let from = min;
    let to = max;
    if (range !== "*") {
      const [a, b] = range!.split("-");
      from = Number(a);
      to = b === undefined ? (stepText ? max : from) : Number(b);
    }
    if (![from, to, step].every(Number.isInteger) || from < min || to > max || step < 1) throw new Error(`cron: cannot read "${spec}"`);
    for (let v = from; v <= to; v += step) allowed.add(v);
  }
  return (value) => allowed.has(value);
}

/** Whether a five-field cron expression is due at `time` (UTC, to the minute). */
export function cronMatches(expression: string, time: Date): boolean {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5) throw new Error(`cron: "${expression}" needs five fields`);
  const [minute, hour, day, month, weekday] = parts as [string, string, string, string, string];
  const dayOk = field(day, 1, 31)(time.getUTCDate());
  const weekdayOk = field(weekday.replace(/\b7\b/, "0"), 0, 6)(time.getUTCDay());
  // As in cron: when both day fields are restricted, either may match.
  const days = day !== "*" && weekday !== "*" ? dayOk || weekdayOk : dayOk && weekdayOk;
  return field(minute, 0, 59)(time.getUTCMinutes()) && field(hour, 0, 23)(time.getUTCHours()) && field(month, 1, 12)(time.getUTCMonth() + 1) && days;
}

export interface CronRunner {
  stop(): void;
}

/**
 * Ticks at every minute boundary. A minute missed while the process was busy (or the
 * clock jumped) is run late rather than skipped, up to an hour back: the jobs are
 * idempotent and take their clock from the trigger time.
 */
export function startCron(crons: readonly string[], run: (cron: string, scheduledTime: number) => Promise<void>, now: () => number = Date.now): CronRunner {
  for (const c of crons) cronMatches(c, new Date(0));
  let last = Math.floor(now() / 60_000) * 60_000;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const tick = async () => {
    const current = Math.floor(now() / 60_000) * 60_000;
    for (let t = Math.max(last + 60_000, current - 3_600_000); t <= current; t += 60_000) {
      for (const cron of crons) {
        if (!cronMatches(cron, new Date(t))) continue;
        try {
          await run(cron, t);
        } catch (error) {
          console.error(`cron ${cron} at ${new Date(t).toISOString()} failed:`, error);
        }
      }
    }
    last = Math.max(last, current);
    schedule();
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(tick, 60_000 - (now() % 60_000) + 50);
  };
  schedule();
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
