import type { IncubationActor } from "./actor";
import type { Compilable } from "kysely";
import type * as z from "zod/mini";
import type { DistrictData } from "../../data/district-data";
import { AppError, validationFailed } from "../../http/errors";
import { t } from "../../i18n/messages";
import type { Job } from "../../jobs";
import { DAILY } from "../../jobs/crons";
import { addDays, beijingDate } from "../../lib/beijing-time";
import { findManagedIncubation } from "./incubations";
import type { registrationDecisionSchema } from "./schemas";
import { changedMeanwhile } from "./service";

// What time does to an incubation once admitted (docs/domain.md, incubation parks):
// the period ends and an exit assessment falls due; a founding team's registration
// deadline passes; a space handed back after exit becomes free again. The daily job
// marks; staff decide.

/** The day after `planned_end_on` the period has ended; until an extension, the exit assessment is due. */
export function exitDueOn(plannedEndOn: string): string {
  return addDays(plannedEndOn, 1);
}

/** Statements that free the space of an incubation that has ended, once its handback date has come. */
export function freeSpace(data: DistrictData, inc: { id: string; space_id: string | null }, today: string): Compilable[] {
  if (!inc.space_id) return [];
  return [data.updateTable("park_spaces").set({ status: "available" }).where("id", "=", inc.space_id).where("status", "=", "occupied"), data.updateTable("incubations").set({ space_freed_on: today }).where("id", "=", inc.id)];
}

/** Marks incubations whose period ended without renewal as due for their exit assessment. */
async function markExitsDue(data: DistrictData, today: string): Promise<number> {
  const due = await data.selectFrom("incubations").select(["id", "planned_end_on"]).where("status", "=", "active").where("exit_due_on", "is", null).where("planned_end_on", "<", today).execute();
  let changed = 0;
  for (const inc of due) {
    const on = exitDueOn(inc.planned_end_on);
    const written = await data.writeIfCurrent(
      [
        data.guard(data.selectFrom("incubations").select("id").where("id", "=", inc.id).where("status", "=", "active").where("exit_due_on", "is", null).where("planned_end_on", "=", inc.planned_end_on)),
        data.updateTable("incubations").set({ exit_due_on: on }).where("id", "=", inc.id),
      ],
      { action: "incubation.exit_due", targetType: "incubation", targetId: inc.id, after: { periodEnded: inc.planned_end_on, exitDueOn: on } },
    );
    if (written) changed += 1;
  }
  return changed;
}

/** Marks founding teams still unregistered after their deadline; staff then extend it or end the incubation. */
async function markRegistrationsOverdue(data: DistrictData, today: string): Promise<number> {
  const overdue = await data
    .selectFrom("incubations")
    .select(["id", "registration_due_on"])
    .where("status", "=", "active")
    .where("registration_overdue_on", "is", null)
    .where("registration_due_on", "<", today)
    .where((eb) => eb.not(eb.exists(eb.selectFrom("incubation_milestones as m").select("m.id").whereRef("m.incubation_id", "=", "incubations.id").where("m.milestone", "=", "registered"))))
    .execute();
  let changed = 0;
  for (const inc of overdue) {
    const due = inc.registration_due_on!;
    const written = await data.writeIfCurrent(
      [
        data.guard(data.selectFrom("incubations").select("id").where("id", "=", inc.id).where("status", "=", "active").where("registration_overdue_on", "is", null).where("registration_due_on", "=", due)),
        data
          .updateTable("incubations")
          .set({ registration_overdue_on: addDays(due, 1) })
          .where("id", "=", inc.id),
      ],
      { action: "incubation.registration_overdue", targetType: "incubation", targetId: inc.id, after: { registrationDueOn: due } },
    );
    if (written) changed += 1;
  }
  return changed;
}

/** Frees the spaces of ended incubations whose handback date has come. */
async function freeHandedBackSpaces(data: DistrictData, today: string): Promise<number> {
  const ended = await data
    .selectFrom("incubations")
    .select(["id", "space_id", "handback_due_on"])
    .where("status", "in", ["graduated", "eliminated"])
    .where("space_id", "is not", null)
    .where("space_freed_on", "is", null)
    .where("handback_due_on", "<=", today)
    .execute();
  let changed = 0;
  for (const inc of ended) {
    const written = await data.writeIfCurrent([data.guard(data.selectFrom("incubations").select("id").where("id", "=", inc.id).where("space_freed_on", "is", null)), ...freeSpace(data, inc, today)], {
      action: "incubation.space_freed",
      targetType: "incubation",
      targetId: inc.id,
      after: { space: inc.space_id, handbackDueOn: inc.handback_due_on },
    });
    if (written) changed += 1;
  }
  return changed;
}

export const incubationPeriodJob: Job = {
  name: "incubation.period",
  cron: DAILY,
  async run({ data, now }) {
    const today = beijingDate(now);
    return (await markExitsDue(data, today)) + (await markRegistrationsOverdue(data, today)) + (await freeHandedBackSpaces(data, today));
  },
};

/**
 * Staff decide on an overdue registration: a new deadline (after today), or the end of
 * the incubation (eliminated, with the reason; the space is handed back as on exit).
 */
export async function decideRegistration(data: DistrictData, actor: IncubationActor, incubationId: string, input: z.output<typeof registrationDecisionSchema>, now: string): Promise<void> {
  const l = actor.locale;
  const { inc } = await findManagedIncubation(data, actor, incubationId);
  if (inc.status !== "active" || !inc.registration_overdue_on) throw new AppError({ status: 409, code: "conflict", message: "inc.registration.notOverdue" });
  const today = beijingDate(now);
  const guard = data.guard(data.selectFrom("incubations").select("id").where("id", "=", inc.id).where("version", "=", input.version).where("status", "=", "active").where("registration_overdue_on", "is not", null));
  if (input.decision === "extend") {
    if (!input.dueOn || input.dueOn <= today) throw validationFailed([{ field: "dueOn", code: "not_after_today", message: t(l, "inc.registration.dueAfterToday", { today }) }]);
    await data.write(
      [
        guard,
        data
          .updateTable("incubations")
          .set({ registration_due_on: input.dueOn, registration_overdue_on: null, version: input.version + 1 })
          .where("id", "=", inc.id),
      ],
      { action: "incubation.registration_extended", targetType: "incubation", targetId: inc.id, before: { registrationDueOn: inc.registration_due_on }, after: { registrationDueOn: input.dueOn, reasons: input.reasons } },
      { stale: changedMeanwhile },
    );
    return;
  }
  const handback = inc.space_id ? addDays(today, data.district.settings.spaceHandbackDays) : null;
  await data.write(
    [
      guard,
      data
        .updateTable("incubations")
        .set({ status: "eliminated", ended_on: today, handback_due_on: handback, end_reason: input.reasons, version: input.version + 1 })
        .where("id", "=", inc.id),
      data.updateTable("exit_reviews").set({ status: "decided", decided_at: now }).where("incubation_id", "=", inc.id).where("status", "=", "in_review"),
      ...(handback && handback <= today ? freeSpace(data, inc, today) : []),
    ],
    { action: "incubation.ended_unregistered", targetType: "incubation", targetId: inc.id, after: { reasons: input.reasons } },
    { stale: changedMeanwhile },
  );
}
