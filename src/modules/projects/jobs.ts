import type { Job } from "../../jobs";
import { DAILY } from "../../jobs/crons";
import { beijingToday } from "../../lib/beijing-time";
import { closeEndedCalls } from "./domain/calls";
import { flagOverdueInstalments } from "./domain/contracts";
import { flagOverdueRectifications } from "./domain/evaluations";
import { remindDueEvaluations } from "./domain/reminders";

// Time-driven steps of the project chain, on the trigger's clock.

export const PROJECT_JOBS: Job[] = [
  { name: "projects.close_calls", cron: DAILY, run: ({ data, now }) => closeEndedCalls(data, beijingToday(Date.parse(now)), now) },
  { name: "projects.overdue_instalments", cron: DAILY, run: ({ data, now }) => flagOverdueInstalments(data, beijingToday(Date.parse(now))) },
  { name: "projects.evaluations_due", cron: DAILY, run: ({ data, now }) => remindDueEvaluations(data, beijingToday(Date.parse(now))) },
  { name: "projects.overdue_rectifications", cron: DAILY, run: ({ data, now }) => flagOverdueRectifications(data, beijingToday(Date.parse(now))) },
];
