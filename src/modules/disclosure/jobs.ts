import { sql } from "kysely";
import { DAILY, EVERY_FIVE_MINUTES } from "../../jobs/crons";
import type { Job } from "../../jobs";
import { beijingDate } from "../../lib/beijing-time";
import { runCreditClock } from "./credit";
import { expireGrades } from "./evaluations";
import { sendReminders } from "./reminders";
import { filingStatusSql } from "./rules";

// The module's time-driven work. Each job reads its clock from the trigger (never from
// Date.now()) and changes only what is still in the state it moves from, so running it
// twice for one time changes nothing more.

/** Grades past their validity become expired. */
export const gradeExpiryJob: Job = {
  name: "grades.expire",
  cron: DAILY,
  run: ({ data, now }) => expireGrades(data, now),
};

/** Credit-list exits and abnormal → serious transfers by the configured periods. */
export const creditClockJob: Job = {
  name: "credit_lists.clock",
  cron: DAILY,
  run: ({ data, now }) => runCreditClock(data, now, data.district.settings),
};

/**
 * Keeps the indexed filing_status column in step with the date (a report becomes
 * overdue when its due date passes). One statement per district, touching only rows
 * whose status changes; every five minutes so the directory agrees with the pages.
 */
export const filingStatusJob: Job = {
  name: "filing.refresh",
  cron: EVERY_FIVE_MINUTES,
  async run({ data, now }) {
    const status = filingStatusSql(beijingDate(now), data.district.settings);
    const [rows] = await data.writeUnaudited([data.updateTable("organizations").set({ filing_status: status }).where(sql`filing_status`, "<>", status).returning("id")]);
    return rows?.length ?? 0;
  },
};

/** Annual-report and grade-expiry reminders to the organizations concerned. */
export const remindersJob: Job = {
  name: "disclosure.reminders",
  cron: DAILY,
  run: ({ data, now }) => sendReminders(data, now),
};

export const DISCLOSURE_JOBS: Job[] = [gradeExpiryJob, creditClockJob, filingStatusJob, remindersJob];
