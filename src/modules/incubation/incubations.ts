import type { Context } from "hono";
import type { DistrictData } from "../../data/district-data";
import type { AppEnv } from "../../env";
import { AppError, validationFailed } from "../../http/errors";
import { t } from "../../i18n/messages";
import { newId } from "../../lib/ids";
import { nowIso } from "../../lib/time";
import { addMonths, beijingDate, addDays } from "../../lib/beijing-time";
import type * as z from "zod/mini";
import { findManagedPark, type Application } from "./queries";
import type { milestoneSchema, serviceRecordSchema } from "./schemas";
import { changedMeanwhile } from "./service";

// The incubation record of an admitted organization: its space, the services it
// received, milestones, renewals and the exit assessment.

// ------------------------------------------------------------------ incubation records

export async function findManagedIncubation(c: Context<AppEnv>, incubationId: string) {
  const inc = await c.var.data.selectFrom("incubations").selectAll().where("id", "=", incubationId).executeTakeFirst();
  if (!inc) throw new AppError({ status: 404, code: "not_found", message: "error.not_found" });
  const park = await findManagedPark(c, inc.park_id);
  return { inc, park };
}

export async function allocateSpace(c: Context<AppEnv>, incubationId: string, spaceId: string | null, version: number) {
  const data = c.var.data;
  const { inc } = await findManagedIncubation(c, incubationId);
  const statements = [data.guard(data.selectFrom("incubations").select("id").where("id", "=", inc.id).where("version", "=", version).where("status", "=", "active"))];
  if (spaceId) {
    const space = await data.selectFrom("park_spaces").select(["id", "park_id", "status"]).where("id", "=", spaceId).executeTakeFirst();
    if (!space || space.park_id !== inc.park_id || space.status !== "available") throw validationFailed([{ field: "spaceId", code: "unavailable", message: t(c.var.locale, "inc.spaceTaken") }]);
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

export async function assessExit(c: Context<AppEnv>, incubationId: string, input: { outcome: "graduated" | "extended" | "eliminated"; score: number; reasons: string; version: number }) {
  const data = c.var.data;
  const settings = c.var.district.settings;
  const { inc } = await findManagedIncubation(c, incubationId);
  if (inc.status !== "active") throw new AppError({ status: 409, code: "not_active", message: "inc.illegal", params: { status: t(c.var.locale, `inc.incubation.status.${inc.status}`), allowed: "—" } });
  if (input.outcome === "extended" && inc.renewals_used >= settings.incubationRenewals) {
    throw validationFailed([{ field: "outcome", code: "no_renewals_left", message: t(c.var.locale, "inc.incubation.noRenewals", { max: settings.incubationRenewals }) }]);
  }
  const now = nowIso();
  const today = beijingDate(now);
  const statements = [
    data.guard(data.selectFrom("incubations").select("id").where("id", "=", inc.id).where("version", "=", input.version).where("status", "=", "active")),
    data.insertInto("exit_assessments", { id: newId(), incubation_id: inc.id, outcome: input.outcome, score: input.score, reasons: input.reasons, assessed_by: c.var.user!.id, assessed_at: now }),
  ];
  if (input.outcome === "extended") {
    statements.push(
      data
        .updateTable("incubations")
        .set({ renewals_used: inc.renewals_used + 1, planned_end_on: addMonths(inc.planned_end_on, settings.incubationMonths), version: input.version + 1 })
        .where("id", "=", inc.id),
    );
  } else {
    statements.push(
      data
        .updateTable("incubations")
        .set({ status: input.outcome, ended_on: today, handback_due_on: inc.space_id ? addDays(today, settings.spaceHandbackDays) : null, version: input.version + 1 })
        .where("id", "=", inc.id),
    );
  }
  await data.write(statements, { action: `incubation.exit_${input.outcome}`, targetType: "incubation", targetId: inc.id, after: { score: input.score, reasons: input.reasons } }, { stale: changedMeanwhile });
}

export async function recordService(c: Context<AppEnv>, incubationId: string, body: z.output<typeof serviceRecordSchema>): Promise<string> {
  const { inc } = await findManagedIncubation(c, incubationId);
  const data = c.var.data;
  const id = newId();
  await data.write([data.insertInto("incubation_services", { id, incubation_id: inc.id, service: body.service, on_date: body.onDate, description: body.description, provider: body.provider, recorded_by: c.var.user!.id })], {
    action: "incubation.service_recorded",
    targetType: "incubation",
    targetId: inc.id,
    after: { service: body.service, onDate: body.onDate },
  });
  return id;
}

export async function recordMilestone(c: Context<AppEnv>, incubationId: string, body: z.output<typeof milestoneSchema>): Promise<string> {
  const { inc } = await findManagedIncubation(c, incubationId);
  const data = c.var.data;
  const id = newId();
  await data.write([data.insertInto("incubation_milestones", { id, incubation_id: inc.id, milestone: body.milestone, on_date: body.onDate, note: body.note, recorded_by: c.var.user!.id })], {
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
