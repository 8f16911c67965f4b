import { PERMISSIONS } from "../auth/permissions";
import type { NotificationKind } from "../core/module-contract";
import type { DistrictData } from "../data/district-data";
import { randomToken } from "../lib/crypto";
import { mask, protect, reveal } from "../lib/personal-data";
import { notificationKinds } from "./kinds";
import { CHANNELS } from "./settings";

// A person's choice of channels per kind of notification, their contacts, and the
// e-mail unsubscribe link's effect: the reads and writes behind the preferences pages.

export const STAFF_ROLES = ["district_admin", "subdistrict_staff", "community_staff"];

/** The kinds a person with these roles can receive and choose channels for (urgent ones always go). */
export function kindsFor(roles: readonly string[]): NotificationKind[] {
  return [...notificationKinds().values()].filter((k) => {
    if (k.urgency === "urgent") return false;
    if (k.recipients.type === "person") return true;
    if (k.recipients.type === "organization") return roles.includes("org_member");
    if (k.recipients.type === "address") return false;
    const reached = [k.recipients.permission, ...(k.recipients.alsoReaches?.() ?? [])];
    return reached.some((p) => roles.some((r) => (PERMISSIONS[p] as readonly string[]).includes(r)));
  });
}

export async function loadPreferences(data: DistrictData, userId: string, personalKey: string | undefined) {
  const [contacts, prefs] = await data.read<{ phone_protected?: string | null; wechat_openid?: string | null; digest?: number; kind?: string; channels?: string }>([
    data.selectFrom("notification_contacts").select(["phone_protected", "wechat_openid", "digest"]).where("user_id", "=", userId),
    data.selectFrom("notification_preferences").select(["kind", "channels"]).where("user_id", "=", userId),
  ]);
  const contact = contacts![0];
  return {
    phoneMasked: contact?.phone_protected ? mask("phone", await reveal(contact.phone_protected, personalKey)) : null,
    openid: contact?.wechat_openid ?? "",
    digest: contact?.digest === 1,
    chosen: new Map(prefs!.map((p) => [p.kind!, p.channels!.split(",").filter(Boolean)])),
  };
}

export interface PreferencesInput {
  phone?: string;
  removePhone: boolean;
  openid: string;
  digest: boolean;
  /** The channels ticked for each kind, by kind name. */
  channelsOf: (kind: string) => readonly string[];
}

/** Saves a person's contacts and their channels for every kind they can receive. */
export async function savePreferences(data: DistrictData, user: { id: string; roles: readonly string[] }, input: PreferencesInput, personalKey: string | undefined, now: string): Promise<void> {
  const existing = await data.selectFrom("notification_contacts").select(["phone_protected", "unsubscribe_key"]).where("user_id", "=", user.id).executeTakeFirst();
  const phone = input.phone ? await protect(input.phone, personalKey) : input.removePhone ? null : (existing?.phone_protected ?? null);
  const digest = input.digest && user.roles.some((r) => STAFF_ROLES.includes(r)) ? 1 : 0;
  const contact = { phone_protected: phone, wechat_openid: input.openid || null, digest, updated_at: now };
  await data.write(
    [
      data.insertInto("notification_contacts", { user_id: user.id, unsubscribe_key: existing?.unsubscribe_key ?? randomToken(24), ...contact }).onConflict((oc) => oc.columns(["district_id", "user_id"]).doUpdateSet(contact)),
      data.deleteFrom("notification_preferences").where("user_id", "=", user.id),
      ...kindsFor(user.roles).map((k) =>
        data.insertInto("notification_preferences", {
          user_id: user.id,
          kind: k.name,
          channels: input
            .channelsOf(k.name)
            .filter((ch) => (CHANNELS as readonly string[]).includes(ch))
            .join(","),
          updated_at: now,
        }),
      ),
    ],
    // No phone number in the audit log: only that it changed.
    { action: "notifications.preferences_saved", targetType: "user", targetId: user.id, after: { phoneChanged: phone !== (existing?.phone_protected ?? null), wechat: Boolean(contact.wechat_openid), digest } },
  );
}

/** The person an e-mail's unsubscribe key belongs to. */
export async function unsubscribeKeyOwner(data: DistrictData, key: string): Promise<string | undefined> {
  const found = await data.selectFrom("notification_contacts").select("user_id").where("unsubscribe_key", "=", key).executeTakeFirst();
  return found?.user_id;
}

/** No more e-mail for any kind the person can receive; the other channels stay as chosen. */
export async function unsubscribeFromEmail(data: DistrictData, userId: string, now: string): Promise<void> {
  const [grants, prefs] = await data.read<{ role?: string; kind?: string; channels?: string }>([
    data.selectFrom("role_grants").select("role").where("user_id", "=", userId),
    data.selectFrom("notification_preferences").select(["kind", "channels"]).where("user_id", "=", userId),
  ]);
  const chosen = new Map(prefs!.map((p) => [p.kind!, p.channels!.split(",")]));
  const rows = kindsFor(grants!.map((g) => g.role!)).map((k) => ({ user_id: userId, kind: k.name, channels: (chosen.get(k.name) ?? [...CHANNELS]).filter((ch) => ch !== "email").join(","), updated_at: now }));
  await data.as({ id: userId, role: "user", requestId: data.actor.requestId }).write([data.deleteFrom("notification_preferences").where("user_id", "=", userId), ...rows.map((row) => data.insertInto("notification_preferences", row))], {
    action: "notifications.unsubscribed",
    targetType: "user",
    targetId: userId,
  });
}
