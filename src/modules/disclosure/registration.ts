import { sql, type Compilable } from "kysely";
import * as z from "zod/mini";
import type { DistrictData } from "../../data/district-data";
import { AppError, notFound, validationFailed, type FieldError } from "../../http/errors";
import { isoDate, paragraph } from "../../http/fields";
import { t, type Locale } from "../../i18n/messages";
import { beijingDate } from "../../lib/beijing-time";
import type { DisclosureActor } from "./actor";
import { BLOCKING, eventInsert, listStatusUpdate } from "./credit";

// Registration status (登记状态) under 民政部令第60号《社会组织信用信息管理办法》: an
// organization whose registration was revoked (撤销) or whose certificate was revoked
// (吊销) and which is on a credit list leaves it only when its deregistration (注销) is
// complete; the registration authority then removes it (docs/domain.md, "Credit lists").

export const REGISTRATION_STATUSES = ["active", "deregistered", "revoked", "license_revoked"] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

export const registrationSchema = z.strictObject({ status: z.enum(REGISTRATION_STATUSES), on: isoDate(), reason: z._default(paragraph(0, 500), "") });

/** Records the registration status; 注销 after 撤销 or 吊销 ends the organization's active credit-list entries in the same batch. */
export async function setRegistrationStatus(data: DistrictData, actor: DisclosureActor, input: RegistrationInput & { orgId: string }, now: string): Promise<void> {
  const { orgId } = input;
  const locale = actor.locale;
  // Only the registration authority's staff record these; credit events name them as its admin.
  const user = { id: actor.id, role: "district_admin" };
  const org = await data.selectFrom("organizations").select(["id", "registration_status", "registered_on"]).where("id", "=", orgId).executeTakeFirst();
  if (!org) throw notFound();
  const errors: FieldError[] = [];
  if (input.on > beijingDate(now)) errors.push({ field: "on", code: "date_future", message: t(locale, "disclosure.registration.future") });
  if (input.status !== "active" && input.reason.trim() === "") errors.push({ field: "reason", code: "required", message: t(locale, "disclosure.registration.reasonRequired") });
  if (errors.length) throw validationFailed(errors);
  const statements: Compilable[] = [
    data.guard(data.selectFrom("organizations").select("id").where("id", "=", orgId).where("registration_status", "=", org.registration_status)),
    data.updateTable("organizations").set({ registration_status: input.status, registration_status_on: input.on, registration_status_reason: input.reason, updated_at: now }).where("id", "=", orgId),
  ];
  let ended = 0;
  if (input.status === "deregistered" && (BLOCKING as readonly string[]).includes(org.registration_status)) {
    const active = await data.selectFrom("credit_list_entries").select(["id", "version"]).where("organization_id", "=", orgId).where("exited_on", "is", null).execute();
    const note = t("zh-CN", "disclosure.registration.exitNote");
    for (const e of active) {
      statements.push(
        data.updateTable("credit_list_entries").set({ exited_on: input.on, exit_note: note, exited_by: user.id, version: sql`version + 1` }).where("id", "=", e.id).where("exited_on", "is", null),
        eventInsert(data, { entryId: e.id, organizationId: orgId, kind: "exited", onDate: input.on, note, detail: { reason: "deregistered" }, actor: user, now }),
      );
    }
    ended = active.length;
    statements.push(listStatusUpdate(data, orgId, now));
  }
  await data.write(
    statements,
    { action: "organization.registration_status", targetType: "organization", targetId: orgId, before: { status: org.registration_status }, after: { status: input.status, on: input.on, reason: input.reason, entriesEnded: ended } },
    { stale: () => new AppError({ status: 409, code: "conflict", message: "error.conflict", extra: { allowed: [] } }) },
  );
}

export type RegistrationInput = z.output<typeof registrationSchema>;

/** The organization as its registration page shows it. */
export async function registrationOf(data: DistrictData, orgId: string) {
  const org = await data.selectFrom("organizations").select(["id", "name", "registration_status", "registration_status_on", "registration_status_reason"]).where("id", "=", orgId).executeTakeFirst();
  if (!org) throw notFound();
  return org;
}

/** The label a person reads: 存续 / 已注销 / 已撤销登记 / 已吊销登记证书. */
export function registrationLabel(l: Locale, status: string): string {
  return t(l, `disclosure.registration.status.${(REGISTRATION_STATUSES as readonly string[]).includes(status) ? status : "active"}` as "disclosure.registration.status.active");
}
