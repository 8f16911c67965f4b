import type { Job } from "../../jobs";
import { EVERY_FIVE_MINUTES } from "../../jobs/crons";
import "./review-kind"; // the notice job settles applications through their subject kind

/** A call closes by itself at its end time (idempotent: only published calls past their end). */
export const closeCallsJob: Job = {
  name: "incubation.close_calls",
  cron: EVERY_FIVE_MINUTES,
  async run({ data, now }) {
    const [closed] = await data.writeUnaudited([data.updateTable("calls").set({ status: "closed" }).where("status", "=", "published").where("closes_at", "<=", now).returning("id")]);
    return closed?.length ?? 0;
  },
};
