import { IDLE_MINUTES } from "./sessions";
import { LOCKOUT_WINDOW_MINUTES } from "./accounts";
import { SUBMISSION_KEEP_MINUTES } from "../http/submissions";
import { addMinutes } from "../lib/time";
import { EVERY_FIVE_MINUTES } from "../jobs/crons";
import type { Job } from "../jobs";

/** Removes sessions past their absolute or idle limit, login failures past the lockout window and remembered submissions after a day. */
export const sessionCleanup: Job = {
  name: "sessions.cleanup",
  cron: EVERY_FIVE_MINUTES,
  async run({ data, now }) {
    const [sessions, failures, submissions] = await data.writeUnaudited([
      data
        .deleteFrom("sessions")
        .where((eb) => eb.or([eb("expires_at", "<=", now), eb("last_seen_at", "<", addMinutes(now, -IDLE_MINUTES))]))
        .returning("id_hash"),
      data.deleteFrom("login_failures").where("failed_at", "<", addMinutes(now, -LOCKOUT_WINDOW_MINUTES)).returning("email"),
      data.deleteFrom("submissions").where("created_at", "<", addMinutes(now, -SUBMISSION_KEEP_MINUTES)).returning("key_hash"),
    ]);
    return (sessions?.length ?? 0) + (failures?.length ?? 0) + (submissions?.length ?? 0);
  },
};
