import type { Job } from "../../jobs";
import { EVERY_FIVE_MINUTES } from "../../jobs/crons";
import { registerNoticeHandler } from "../../review/notices";
import { recordDecision } from "../../review/scoring";
import { findApplication } from "./queries";
import { incubationForAdmission, SUBJECT_KIND } from "./service";
import { transition } from "./state";

/** A call closes by itself at its end time (idempotent: only published calls past their end). */
export const closeCallsJob: Job = {
  name: "incubation.close_calls",
  cron: EVERY_FIVE_MINUTES,
  async run({ data, now }) {
    const [closed] = await data.writeUnaudited([
      data.updateTable("calls").set({ status: "closed" }).where("status", "=", "published").where("closes_at", "<=", now).returning("id"),
    ]);
    return closed?.length ?? 0;
  },
};

// After the public notice: admission becomes final (with its incubation record), or an
// upheld objection sends the application back to review for a new decision.
registerNoticeHandler(SUBJECT_KIND, {
  async finalize(data, subjectId, now) {
    const app = await findApplication(data, subjectId);
    return [
      ...transition(data, { application: app, action: "finalize", now, locale: "zh-CN", set: { decided_at: now } }),
      recordDecision(data, { subjectKind: SUBJECT_KIND, subjectId, outcome: "admitted", reasons: "公示期满无异议 / notice period ended without upheld objection", decidedBy: "system", now }),
      await incubationForAdmission(data, app, now),
    ];
  },
  async overturn(data, subjectId, now) {
    const app = await findApplication(data, subjectId);
    return transition(data, { application: app, action: "overturn", now, locale: "zh-CN", note: "公示异议成立 / objection upheld" });
  },
});
