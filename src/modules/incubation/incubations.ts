import type { IncubationActor } from "./actor";
import type { Compilable } from "kysely";
import type { DistrictData } from "../../data/district-data";
import { notFound, validationFailed } from "../../http/errors";
import { t } from "../../i18n/messages";
import { newId } from "../../lib/ids";
import { addMonths, beijingDate } from "../../lib/beijing-time";
import type * as z from "zod/mini";
import { findManagedPark, type Application } from "./queries";
import type { milestoneSchema, serviceRecordSchema } from "./schemas";
import { changedMeanwhile } from "./service";

// The incubation record of an admitted organization: its space, the services it
// received, milestones, renewals and the exit assessment.

// ------------------------------------------------------------------ incubation records

export async function findManagedIncubation(data: DistrictData, actor: IncubationActor, incubationId: string) {
  const inc = await data.selectFrom("incubations").selectAll().where("id", "=", incubationId).executeTakeFirst();
  if (!inc) throw notFound();
  const park = await findManagedPark(data, actor, inc.park_id);
  return { inc, park };
}

export async function allocateSpace(data: DistrictData, actor: IncubationActor, incubationId: string, spaceId: string | null, version: number) {
  const { inc } = await findManagedIncubation(data, actor, incubationId);
  const statements = [data.guard(data.selectFrom("incubations").select("id").where("id", "=", inc.id).where("version", "=", version).where("status", "=", "active"))];
  if (spaceId) {
    const space = await data.selectFrom("park_spaces").select(["id", "park_id", "status"]).where("id", "=", spaceId).executeTakeFirst();
    if (!space || space.park_id !== inc.park_id || space.status !== "available") throw validationFailed([{ field: "spaceId", code: "unavailable", message: t(actor.locale, "inc.spaceTaken") }]);
    statements.push(data.guard(data.selectFrom("park_spaces").select("id").where("id", "=", spaceId).where("status", "=", "available")));
    statements.push(data.updateTable("park_spaces").set({ status: "occupied" }).where("id", "=", spaceId));
  }
  if (inc.space_id) statements.push(data.updateTable("park_spaces").set({ status: "available" }).where("id", "=", inc.space_id));
  statements.push(
    data
      .updateTable("incubations")
      .set({ space_id: spaceId, virtual: spaceId ? 0 : 1, version: version + 1 })
      .where("id", "=", inc.id),
  );
  await data.write(statements, { action: "incubation.space_allocated", targetType: "incubation", targetId: inc.id, before: { space: inc.space_id }, after: { space: spaceId } }, { stale: changedMeanwhile });
}

export async function recordService(data: DistrictData, actor: IncubationActor, incubationId: string, body: z.output<typeof serviceRecordSchema>): Promise<string> {
  const { inc } = await findManagedIncubation(data, actor, incubationId);
  const id = newId();
  await data.write([data.insertInto("incubation_services", { id, incubation_id: inc.id, service: body.service, on_date: body.onDate, description: body.description, provider: body.provider, recorded_by: actor.id })], {
    action: "incubation.service_recorded",
    targetType: "incubation",
    targetId: inc.id,
    after: { service: body.service, onDate: body.onDate },
  });
  return id;
}

export async function recordMilestone(data: DistrictData, actor: IncubationActor, incubationId: string, body: z.output<typeof milestoneSchema>): Promise<string> {
  const { inc } = await findManagedIncubation(data, actor, incubationId);
  const id = newId();
  const statements: Compilable[] = [data.insertInto("incubation_milestones", { id, incubation_id: inc.id, milestone: body.milestone, on_date: body.onDate, note: body.note, recorded_by: actor.id })];
  // Registered: the founding team's deadline no longer applies, overdue or not.
  if (body.milestone === "registered") statements.push(data.updateTable("incubations").set({ registration_overdue_on: null }).where("id", "=", inc.id));
  await data.write(statements, {
    action: "incubation.milestone_recorded",
    targetType: "incubation",
    targetId: inc.id,
    after: { milestone: body.milestone, onDate: body.onDate },
  });
  return id;
}

/** What admission creates: the incubation record, with its period from the settings. */
export async function incubationForAdmission(data: DistrictData, application: Application, now: string) {
  const settings = data.district.settings;
  const call = await data.selectFrom("calls").select(["park_id"]).where("id", "=", application.call_id).executeTakeFirstOrThrow();
  const org = await data.selectFrom("organizations").select(["kind"]).where("id", "=", application.organization_id).executeTakeFirstOrThrow();
  const start = beijingDate(now);
  return data
    .insertInto("incubations", {
      id: newId(),
      application_id: application.id,
      park_id: call.park_id,
      organization_id: application.organization_id,
      space_id: null,
      virtual: 0,
      started_on: start,
      planned_end_on: addMonths(start, settings.incubationMonths),
      renewals_used: 0,
      registration_due_on: org.kind === "founding_team" ? addMonths(start, settings.foundingTeamRegistrationMonths) : null,
      status: "active",
      ended_on: null,
      handback_due_on: null,
      version: 1,
    })
    .onConflict((oc) => oc.doNothing());
}
