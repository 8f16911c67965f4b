import type { IncubationActor } from "./actor";
import type { DistrictData } from "../../data/district-data";
import { AppError, forbidden, notFound, validationFailed } from "../../http/errors";
import { t } from "../../i18n/messages";
import { newId } from "../../lib/ids";
import type * as z from "zod/mini";
import { createRubric, loadRubric, replaceRubricItems, type RubricItemInput } from "../../review";
import { findManagedCall, findManagedPark, managesPark } from "./queries";
import type { parkSchema, parkUpdateSchema, spaceSchema, spaceUpdateSchema } from "./schemas";
import { changedMeanwhile } from "./service";

// Parks with their spaces, and calls with their window, materials, rubric and reviewers.

// ------------------------------------------------------------------ parks and calls

/** What staff write of a park, on creation and on every edit. */
function parkColumns(body: Omit<z.output<typeof parkUpdateSchema>, "version">) {
  return {
    name: body.name,
    operator_name: body.operatorName,
    address: body.address,
    description: body.description,
    services_json: JSON.stringify(body.services),
    physical: body.physical ? 1 : 0,
    virtual: body.virtual ? 1 : 0,
  };
}

export async function createPark(data: DistrictData, actor: IncubationActor, body: z.output<typeof parkSchema>, now: string): Promise<string> {
  const l = actor.locale;
  const expectedLength = body.level === "subdistrict" ? 9 : 12;
  if (body.level === "district" ? body.areaCode !== null : body.areaCode === null || body.areaCode.length !== expectedLength) {
    throw validationFailed([{ field: "areaCode", code: "invalid_format", message: t(l, "field.invalid_format") }]);
  }
  if (body.areaCode) {
    const area = await data.selectFrom("areas").select("code").where("code", "=", body.areaCode).executeTakeFirst();
    if (!area) throw validationFailed([{ field: "areaCode", code: "invalid_choice", message: t(l, "field.invalid_choice") }]);
  }
  if (!managesPark(actor, { area_code: body.areaCode })) throw forbidden();
  const id = newId();
  await data.write(
    [
      data.insertInto("parks", {
        id,
        level: body.level,
        area_code: body.areaCode,
        ...parkColumns(body),
        version: 1,
        created_at: now,
        updated_at: now,
      }),
    ],
    { action: "incubation.park_created", targetType: "park", targetId: id, after: { name: body.name, level: body.level } },
  );
  return id;
}

/** Edits a park; returns its new version. */
export async function updatePark(data: DistrictData, actor: IncubationActor, parkId: string, body: z.output<typeof parkUpdateSchema>, now: string): Promise<number> {
  const park = await findManagedPark(data, actor, parkId);
  await data.write(
    [
      data.guard(data.selectFrom("parks").select("id").where("id", "=", park.id).where("version", "=", body.version)),
      data
        .updateTable("parks")
        .set({
          ...parkColumns(body),
          version: body.version + 1,
          updated_at: now,
        })
        .where("id", "=", park.id),
    ],
    {
      action: "incubation.park_changed",
      targetType: "park",
      targetId: park.id,
      before: { name: park.name, operator: park.operator_name, services: JSON.parse(park.services_json) as unknown },
      after: { name: body.name, operator: body.operatorName, services: body.services },
    },
    { stale: changedMeanwhile },
  );
  return body.version + 1;
}

export async function addSpace(data: DistrictData, actor: IncubationActor, parkId: string, body: z.output<typeof spaceSchema>, now: string): Promise<string> {
  const park = await findManagedPark(data, actor, parkId);
  const id = newId();
  await data.write([data.insertInto("park_spaces", { id, park_id: park.id, kind: body.kind, label: body.label, capacity: body.capacity, status: "available", created_at: now })], {
    action: "incubation.space_added",
    targetType: "park",
    targetId: park.id,
    after: { label: body.label, kind: body.kind, capacity: body.capacity },
  });
  return id;
}

/** The park of a space the staff member manages (404 otherwise). */
export async function parkOfSpace(data: DistrictData, actor: IncubationActor, spaceId: string): Promise<string> {
  const space = await data.selectFrom("park_spaces").select("park_id").where("id", "=", spaceId).executeTakeFirst();
  if (!space) throw notFound();
  return (await findManagedPark(data, actor, space.park_id)).id;
}

/** Changes a space's status or capacity; returns its park's id. */
export async function changeSpace(data: DistrictData, actor: IncubationActor, spaceId: string, body: z.output<typeof spaceUpdateSchema>): Promise<string> {
  const space = await data.selectFrom("park_spaces").selectAll().where("id", "=", spaceId).executeTakeFirst();
  if (!space) throw notFound();
  await findManagedPark(data, actor, space.park_id);
  await data.write(
    [
      data
        .updateTable("park_spaces")
        .set({ status: body.status, capacity: body.capacity ?? space.capacity })
        .where("id", "=", space.id),
    ],
    {
      action: "incubation.space_changed",
      targetType: "space",
      targetId: space.id,
      before: { status: space.status, capacity: space.capacity },
      after: { status: body.status, capacity: body.capacity ?? space.capacity },
    },
  );
  return space.park_id;
}

export async function createCall(
  data: DistrictData,
  actor: IncubationActor,
  input: {
    parkId: string;
    title: string;
    opensAt: string;
    closesAt: string;
    places: number;
    eligibilityText: string;
    materials: { key: string; label: string; required: boolean }[];
    rubric: RubricItemInput[];
    reviewerIds: string[];
    noticeWorkingDays?: number;
  },
  now: string,
): Promise<string> {
  await findManagedPark(data, actor, input.parkId);
  const reviewers = input.reviewerIds.length ? await data.selectFrom("role_grants").select("user_id").where("role", "=", "reviewer").where("user_id", "in", input.reviewerIds).execute() : [];
  const known = new Set(reviewers.map((r) => r.user_id));
  const unknown = input.reviewerIds.findIndex((id) => !known.has(id));
  if (unknown >= 0) throw validationFailed([{ field: `reviewerIds.${unknown}`, code: "not_a_reviewer", message: t(actor.locale, "field.invalid_choice") }]);
  const callId = newId();
  const rubricId = newId();
  await data.write(
    [
      ...createRubric(data, rubricId, input.title, input.rubric, now),
      data.insertInto("calls", {
        id: callId,
        park_id: input.parkId,
        title: input.title,
        opens_at: new Date(input.opensAt).toISOString(),
        closes_at: new Date(input.closesAt).toISOString(),
        places: input.places,
        eligibility_text: input.eligibilityText,
        materials_json: JSON.stringify(input.materials),
        rubric_id: rubricId,
        notice_working_days: input.noticeWorkingDays ?? data.district.settings.publicNoticeWorkingDays,
        status: "published",
        created_by: actor.id,
        created_at: now,
      }),
      ...[...known].map((userId) => data.insertInto("call_reviewers", { call_id: callId, user_id: userId })),
    ],
    { action: "incubation.call_opened", targetType: "call", targetId: callId, after: { title: input.title, opensAt: input.opensAt, closesAt: input.closesAt, places: input.places } },
  );
  return callId;
}

export async function updateRubric(data: DistrictData, actor: IncubationActor, callId: string, items: RubricItemInput[]): Promise<void> {
  const call = await findManagedCall(data, actor, callId);
  const rubric = await loadRubric(data, call.rubric_id);
  if (rubric?.lockedAt) throw new AppError({ status: 409, code: "rubric_locked", message: "inc.review.rubricLocked" });
  await data.write(
    replaceRubricItems(data, call.rubric_id, items),
    { action: "incubation.rubric_changed", targetType: "call", targetId: callId, after: { items: items.map((i) => i.title) } },
    { stale: () => new AppError({ status: 409, code: "rubric_locked", message: "inc.review.rubricLocked" }) },
  );
}
