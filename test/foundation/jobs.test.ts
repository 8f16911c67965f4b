import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import { runJobs } from "../../src/jobs";
import { EVERY_FIVE_MINUTES } from "../../src/jobs/crons";
import { Browser, countRows, createUser, testEnv } from "../helpers";
import { districtWith } from "../fixtures/district";

// Scheduled jobs run per district from the trigger's time, and running them twice for
// the same time changes nothing more.

const D = "180102";
await districtWith(D, { shard: "DISTRICTS_1" });
await districtWith("180103", { shard: "DISTRICTS_0", status: "suspended" });

async function runScheduled(at: number, cron = EVERY_FIVE_MINUTES) {
  const controller = createScheduledController({ scheduledTime: at, cron });
  const ctx = createExecutionContext();
  await worker.scheduled(controller, testEnv, ctx);
  await waitOnExecutionContext(ctx);
}

describe("scheduled jobs", () => {
  it("removes idle and expired sessions and old login failures at the trigger's time, idempotently", async () => {
    const user = await createUser(D, "DISTRICTS_1", [{ role: "reviewer" }]);
    const b = new Browser();
    await b.signIn(D, user.email);
    await new Browser().fetch(`/d/${D}/api/v1/auth/sign-in`, { method: "POST", json: { email: "nobody@example.cn", password: "wrong-pass-1" } });
    const sessions = () => countRows(testEnv.DISTRICTS_1, "sessions", "district_id = ?", D);
    const failures = () => countRows(testEnv.DISTRICTS_1, "login_failures", "district_id = ?", D);
    expect(await sessions()).toBe(1);
    expect(await failures()).toBe(1);

    // Ten minutes on: the session is still live, the failure still counts.
    await runScheduled(Date.now() + 10 * 60_000);
    expect(await sessions()).toBe(1);
    expect(await failures()).toBe(1);

    // Forty minutes on: idle past 30 minutes, failure past the 15-minute window.
    const later = Date.now() + 40 * 60_000;
    await runScheduled(later);
    expect(await sessions()).toBe(0);
    expect(await failures()).toBe(0);
    const again = await runJobs(testEnv, EVERY_FIVE_MINUTES, later);
    expect(again.filter((r) => r.district === D && r.job === "sessions.cleanup")).toEqual([{ job: "sessions.cleanup", district: D, changed: 0 }]);
  });

  it("skips suspended districts and runs nothing for an unknown trigger", async () => {
    const runs = await runJobs(testEnv, EVERY_FIVE_MINUTES, Date.now());
    expect(runs.some((r) => r.district === "180103")).toBe(false);
    expect(await runJobs(testEnv, "1 2 3 4 5", Date.now())).toEqual([]);
  });
});
