import type { Job } from "../../jobs";
import { DAILY } from "../../jobs/crons";
import { flagOverdueActions } from "./meetings";
import { askForRatings } from "./need-projects";
import { flagOverdueNeeds } from "./needs";

// Time-driven steps of the module, on the trigger's clock.

export const LINKAGE_JOBS: Job[] = [
  { name: "linkage.overdue_needs", cron: DAILY, run: ({ data, now }) => flagOverdueNeeds(data, now) },
  { name: "linkage.overdue_actions", cron: DAILY, run: ({ data, now }) => flagOverdueActions(data, now) },
  { name: "linkage.ask_ratings", cron: DAILY, run: ({ data, env, now }) => askForRatings(data, env.PERSONAL_DATA_KEY, now) },
];
