import { sql } from "kysely";
import type { DistrictData } from "../../data/district-data";
import type { Env } from "../../env";
import { MAX_ATTACHMENT_BYTES, safeFilename, sniffType } from "../../http/attachments";
import { AppError, notFound, validationFailed } from "../../http/errors";
import { t } from "../../i18n/messages";
import { newId } from "../../lib/ids";
import { discardFile, storeFile } from "../../operations/files";
import type { IncubationActor } from "./actor";
import { findOwnApplication, materialsOf, type Application } from "./queries";

// An application's files while the applicant may still change them. A file that went in
// with a submission is part of what staff and reviewers judged, so it is kept for good:
// only files added since the last submission can be removed or replaced. The row goes
// first, in a batch that checks both conditions again, and the stored object only
// after that batch: a record never points at a missing file, and a submission racing
// the removal refuses the removal instead of losing the file.

const EDITABLE = ["draft", "returned"] as const;

export interface UploadedFile {
  name: string;
  bytes: ArrayBuffer;
}

const changedMeanwhile = () => new AppError({ status: 409, code: "conflict", message: "inc.changedMeanwhile" });

function editableOrRefuse(actor: IncubationActor, app: Application): void {
  if (!(EDITABLE as readonly string[]).includes(app.status)) throw new AppError({ status: 409, code: "not_editable", message: "inc.illegal", params: { status: t(actor.locale, `inc.status.${app.status}`), allowed: "—" } });
}

/** The application, guarded: still editable, and not submitted since `uploadedAt`. */
function stillRemovable(data: DistrictData, applicationId: string, uploadedAt: string) {
  return data.guard(
    data
      .selectFrom("applications")
      .select("id")
      .where("id", "=", applicationId)
      .where("status", "in", [...EDITABLE])
      .where(sql<boolean>`not exists (select 1 from application_events e where e.district_id = applications.district_id and e.application_id = applications.id and e.to_status = 'submitted' and e.at >= ${uploadedAt})`),
  );
}

/** One of the applicant's own files that may still be removed; 404 for anyone else's, 409 once submitted. */
async function removableAttachment(data: DistrictData, actor: IncubationActor, applicationId: string, attachmentId: string) {
  const app = await findOwnApplication(data, actor, applicationId);
  const att = await data.selectFrom("application_attachments").select(["id", "material_key", "filename", "r2_key", "uploaded_at"]).where("id", "=", attachmentId).where("application_id", "=", app.id).executeTakeFirst();
  if (!att) throw notFound();
  editableOrRefuse(actor, app);
  const submitted = await data.selectFrom("application_events").select("id").where("application_id", "=", app.id).where("to_status", "=", "submitted").where("at", ">=", att.uploaded_at).executeTakeFirst();
  if (submitted) throw new AppError({ status: 409, code: "not_editable", message: "inc.file.submitted" });
  return { app, att };
}

/**
 * Stores an attachment in R2 and records it; with `replaces`, the new file takes that
 * file's place (and material) in the same batch. The draft itself is never touched, so
 * a failed upload leaves it as it was; a failed record removes the stored object.
 */
export async function addAttachment(data: DistrictData, env: Env, actor: IncubationActor, applicationId: string, materialKey: string, file: UploadedFile, now: string, replaces?: string) {
  const l = actor.locale;
  const old = replaces ? (await removableAttachment(data, actor, applicationId, replaces)).att : null;
  const app = await findOwnApplication(data, actor, applicationId);
  editableOrRefuse(actor, app);
  const material = old?.material_key ?? materialKey;
  const call = await data.selectFrom("calls").select("materials_json").where("id", "=", app.call_id).executeTakeFirstOrThrow();
  if (!materialsOf(call).some((m) => m.key === material)) throw validationFailed([{ field: "materialKey", code: "unknown_material", message: t(l, "inc.file.unknownMaterial") }]);
  if (file.bytes.byteLength === 0) throw validationFailed([{ field: "file", code: "required", message: t(l, "inc.file.empty") }]);
  if (file.bytes.byteLength > MAX_ATTACHMENT_BYTES) throw validationFailed([{ field: "file", code: "too_large", message: t(l, "inc.file.tooLarge") }]);
  const type = sniffType(new Uint8Array(file.bytes.slice(0, 16)));
  if (!type) throw validationFailed([{ field: "file", code: "bad_type", message: t(l, "inc.file.badType") }]);
  const id = newId();
  const key = `${data.districtId}/applications/${app.id}/${id}`;
  const filename = safeFilename(file.name);
  const size = file.bytes.byteLength;
  await storeFile(env, key, file.bytes, { httpMetadata: { contentType: type }, customMetadata: { district: data.districtId, application: app.id, filename } });
  try {
    await data.write(
      [
        old
          ? stillRemovable(data, app.id, old.uploaded_at)
          : data.guard(
              data
                .selectFrom("applications")
                .select("id")
                .where("id", "=", app.id)
                .where("status", "in", [...EDITABLE]),
            ),
        data.insertInto("application_attachments", { id, application_id: app.id, material_key: material, filename, content_type: type, size, r2_key: key, uploaded_by: actor.id, uploaded_at: now }),
        ...(old ? [data.deleteFrom("application_attachments").where("id", "=", old.id).where("application_id", "=", app.id)] : []),
      ],
      old
        ? { action: "incubation.attachment_replaced", targetType: "application", targetId: app.id, before: { filename: old.filename }, after: { material, filename, size } }
        : { action: "incubation.attachment_added", targetType: "application", targetId: app.id, after: { material, filename, size } },
      { stale: changedMeanwhile },
    );
  } catch (error) {
    await discardFile(env, key);
    throw error;
  }
  if (old) await discardFile(env, old.r2_key);
  return { id, filename, contentType: type, size, materialKey: material };
}

/** Removes a file added since the last submission: its record, then its stored object. */
export async function removeAttachment(data: DistrictData, env: Env, actor: IncubationActor, applicationId: string, attachmentId: string): Promise<void> {
  const { app, att } = await removableAttachment(data, actor, applicationId, attachmentId);
  await data.write(
    [stillRemovable(data, app.id, att.uploaded_at), data.deleteFrom("application_attachments").where("id", "=", att.id).where("application_id", "=", app.id)],
    { action: "incubation.attachment_removed", targetType: "application", targetId: app.id, before: { material: att.material_key, filename: att.filename } },
    { stale: changedMeanwhile },
  );
  await discardFile(env, att.r2_key);
}

/** Which of an application's files were part of a submission (and so stay). */
export async function submittedAttachmentIds(data: DistrictData, applicationId: string): Promise<Set<string>> {
  const last = await data.selectFrom("application_events").select(sql<string>`max(at)`.as("at")).where("application_id", "=", applicationId).where("to_status", "=", "submitted").executeTakeFirst();
  if (!last?.at) return new Set();
  const rows = await data.selectFrom("application_attachments").select("id").where("application_id", "=", applicationId).where("uploaded_at", "<=", last.at).execute();
  return new Set(rows.map((r) => r.id));
}
